package words

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/oncekey/oncekey/apiclient"
)

// otherHost is an API address set on this computer instead of OnceHub's.
const otherHost = "api.oncehub.test:8443"

// fakeKey returns a new random key, different on every run.
func fakeKey(t testing.TB) string {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "fk_" + hex.EncodeToString(b)
}

// outcomeJargon are words a non-developer should not have to read in a
// summary, a key's fate or a next step; they belong in Details.
var outcomeJargon = []string{"HTTP", "http", "status", "401", "403", "429", "500", "TLS", "x509", "tls:", "dial", "tcp", "EOF", "header", "Request-Id", "nil", "error:", "%!", "kind(", "reason("}

// settingNames are what a person must type to fix a setting, so they may
// appear in plain words although they look like jargon.
var settingNames = []string{"HTTPS_PROXY", "ONCEKEY_API_URL"}

// jargonIn returns the first of jargon in s, ignoring setting names, or "".
func jargonIn(s string, jargon []string) string {
	for _, name := range settingNames {
		s = strings.ReplaceAll(s, name, "")
	}
	for _, j := range jargon {
		if strings.Contains(s, j) {
			return j
		}
	}
	return ""
}

func TestOutcomeTexts(t *testing.T) {
	for _, sent := range []bool{false, true} {
		s := Outcome(apiclient.NewOutcome(apiclient.Works, "", sent))
		if s.Summary != "Works: OnceHub accepted this key." || s.NextStep != "" {
			t.Errorf("Works without an account: %+v", s)
		}
	}
	o := apiclient.NewOutcome(apiclient.Works, "", true)
	o.Account = "admin@example.com"
	if s := Outcome(o); s.Summary != "Works: this key is valid for account admin@example.com." {
		t.Errorf("Works summary = %q", s.Summary)
	}
	if s := Outcome(apiclient.NewOutcome(apiclient.NotRecognised, "", true)); !strings.Contains(s.Summary, "does not recognise") || !strings.Contains(s.NextStep, "Rotate") {
		t.Errorf("NotRecognised texts miss the point: %+v", s)
	}
	if s := Outcome(apiclient.NewOutcome(apiclient.NoAPIAccess, "", true)); !strings.Contains(s.Summary, "plan") || !strings.Contains(s.Summary, "Enterprise") {
		t.Errorf("NoAPIAccess texts miss the plan: %+v", s)
	}
	if s := Outcome(apiclient.NewOutcome(apiclient.ServerTrouble, "", true)); !strings.Contains(s.Summary, "problem on its side") {
		t.Errorf("ServerTrouble summary = %q", s.Summary)
	}
	s := Outcome(apiclient.NewOutcome(apiclient.Unreachable, "127.0.0.1:8443", true))
	if !strings.Contains(s.KeyFate, "127.0.0.1:8443") || strings.Contains(s.KeyFate, "api.oncehub.com") {
		t.Errorf("KeyFate for another host = %q", s.KeyFate)
	}

	// The key's fate for each way a key may have left this computer.
	fates := []struct {
		kind apiclient.Kind
		want string
	}{
		{apiclient.Works, "Your key was sent only to OnceHub (api.oncehub.com)."},
		{apiclient.Unreachable, "Your key may have reached OnceHub (api.oncehub.com), but no answer came back. It was not sent anywhere else."},
		{apiclient.Unexpected, "Your key was sent only to OnceHub (api.oncehub.com), and not on to anywhere else."},
		{apiclient.Cancelled, "Your key may have reached OnceHub (api.oncehub.com) before the test was cancelled. It was not sent anywhere else."},
	}
	for _, f := range fates {
		if got := Outcome(apiclient.NewOutcome(f.kind, "", true)).KeyFate; got != f.want {
			t.Errorf("%v, sent: KeyFate %q, want %q", f.kind, got, f.want)
		}
		if got := Outcome(apiclient.NewOutcome(f.kind, "", false)).KeyFate; got != "Your key was not sent." {
			t.Errorf("%v, not sent: KeyFate %q", f.kind, got)
		}
	}
	// A proxy names the API host in the fate, never the proxy.
	if got := Outcome(apiclient.NewOutcome(apiclient.Works, "api.oncehub.test", true)).KeyFate; got != "Your key was sent only to api.oncehub.test, the OnceHub address set on this computer." {
		t.Errorf("KeyFate through a proxy: %q", got)
	}
	// However the facts were put together, NotSecure and InvalidKey never say the key left.
	if s := Outcome(apiclient.Outcome{Kind: apiclient.NotSecure, KeySent: true}); s.KeyFate != "Your key was NOT sent." {
		t.Errorf("NotSecure KeyFate %q", s.KeyFate)
	}
	if s := Outcome(apiclient.Outcome{Kind: apiclient.InvalidKey, KeySent: true}); s.KeyFate != "Your key was not sent." {
		t.Errorf("InvalidKey KeyFate %q", s.KeyFate)
	}
	if s := Outcome(apiclient.Outcome{Kind: apiclient.Kind(42)}); s.Summary != "Something unexpected happened." || s.NextStep == "" {
		t.Errorf("an unknown kind: %+v", s)
	}
}

// reasonWords is, for every Reason, the kind that carries it, a phrase of
// the summary and the note in Details.
var reasonWords = []struct {
	reason  apiclient.Reason
	kind    apiclient.Kind
	summary string
	cause   string
}{
	{apiclient.ReasonTimeout, apiclient.Unreachable, "did not answer in time", "timed out"},
	{apiclient.ReasonHandshakeTimeout, apiclient.Unreachable, "did not answer in time", "timed out during the secure handshake"},
	{apiclient.ReasonHandshakeClosed, apiclient.Unreachable, "broke off", "connection closed during the secure handshake"},
	{apiclient.ReasonNoName, apiclient.Unreachable, "could not be found", "name lookup failed"},
	{apiclient.ReasonConnRefused, apiclient.Unreachable, "refused", "connection refused"},
	{apiclient.ReasonBroken, apiclient.Unreachable, "broke off", "connection closed before a full answer"},
	{apiclient.ReasonProxy, apiclient.Unreachable, "proxy", "proxy connection failed"},
	{apiclient.ReasonNetwork, apiclient.Unreachable, "Could not reach OnceHub.", "network error"},
	{apiclient.ReasonNoAnswer, apiclient.Unreachable, "Could not reach OnceHub.", ""},
	{apiclient.ReasonUnreadable, apiclient.Unexpected, "could not be read", "unreadable reply"},
	{apiclient.ReasonOddReply, apiclient.Unexpected, "did not expect", "unreadable reply"},
	{apiclient.ReasonOddStatus, apiclient.Unexpected, "did not expect", "unexpected status"},
	{apiclient.ReasonRedirect, apiclient.Unexpected, "never follows", "redirect not followed"},
	{apiclient.ReasonNotAPI, apiclient.Unexpected, "web filter", "refused by something other than OnceHub"},
	{apiclient.ReasonCertUntrusted, apiclient.NotSecure, "not secure", "certificate not trusted"},
	{apiclient.ReasonCertWrongName, apiclient.NotSecure, "not secure", "certificate is for another name"},
	{apiclient.ReasonCertExpired, apiclient.NotSecure, "not secure", "certificate expired or not yet valid"},
	{apiclient.ReasonCertInvalid, apiclient.NotSecure, "not secure", "certificate not valid"},
	{apiclient.ReasonNotTLS, apiclient.NotSecure, "not secure", "the server did not answer securely"},
	{apiclient.ReasonTLSAlert, apiclient.NotSecure, "not secure", "the server refused the secure connection"},
	{apiclient.ReasonTLS, apiclient.NotSecure, "not secure", "secure connection failed"},
	{apiclient.ReasonBadID, apiclient.Unexpected, "not one of OnceHub's webhook IDs", "not a webhook ID"},
}

func TestReasonWords(t *testing.T) {
	covered := map[apiclient.Reason]bool{}
	for _, rw := range reasonWords {
		covered[rw.reason] = true
		o := apiclient.NewOutcome(rw.kind, "", rw.kind != apiclient.NotSecure)
		o.Reason = rw.reason
		s := Outcome(o)
		if !strings.Contains(s.Summary, rw.summary) || s.NextStep == "" {
			t.Errorf("%v: %+v lacks %q", rw.reason, s, rw.summary)
		}
		if got := Details(o); got != rw.cause {
			t.Errorf("%v: Details %q, want %q", rw.reason, got, rw.cause)
		}
	}
	for r := apiclient.ReasonNone + 1; !strings.HasPrefix(r.String(), "reason("); r++ {
		if !covered[r] {
			t.Errorf("reason %v has no words in this test", r)
		}
	}

	o := apiclient.NewOutcome(apiclient.Unreachable, "", false)
	o.Reason = apiclient.ReasonProxy
	if s := Outcome(o); !strings.Contains(s.NextStep, "HTTPS_PROXY") {
		t.Errorf("the proxy's next step does not name the setting: %q", s.NextStep)
	}
	o = apiclient.NewOutcome(apiclient.NotSecure, "", false)
	o.Reason, o.TLSAlert = apiclient.ReasonTLSAlert, "protocol version not supported"
	if got := Details(o); got != "the server refused the secure connection: protocol version not supported" {
		t.Errorf("Details of a TLS alert: %q", got)
	}
	o = apiclient.NewOutcome(apiclient.Unreachable, "", true)
	o.Reason = apiclient.ReasonTimeout
	if s := Outcome(o); !strings.Contains(s.Summary, "did not answer in time") || !strings.Contains(s.KeyFate, "may have reached") {
		t.Errorf("a timeout after sending: %+v", s)
	}
}

func TestDetails(t *testing.T) {
	cases := []struct {
		o    apiclient.Outcome
		want string
	}{
		{apiclient.Outcome{}, ""},
		{apiclient.Outcome{Status: 401}, "HTTP status 401"},
		{apiclient.Outcome{RequestID: "req_123"}, "Request-Id req_123"},
		{apiclient.Outcome{Status: 401, RequestID: "req_123"}, "HTTP status 401 · Request-Id req_123"},
		{apiclient.Outcome{Reason: apiclient.ReasonTimeout}, "timed out"},
		{apiclient.Outcome{Status: 302, RequestID: "req_9", Reason: apiclient.ReasonRedirect}, "HTTP status 302 · Request-Id req_9 · redirect not followed"},
		{apiclient.Outcome{Reason: apiclient.Reason(99)}, ""},
	}
	for _, tc := range cases {
		if got := Details(tc.o); got != tc.want {
			t.Errorf("Details(%+v) = %q, want %q", tc.o, got, tc.want)
		}
	}
}

func TestRateLimitedWait(t *testing.T) {
	cases := map[time.Duration]string{
		time.Second:       "Try again in 1 second.",
		2 * time.Second:   "Try again in 2 seconds.",
		45 * time.Second:  "Try again in 45 seconds.",
		119 * time.Second: "Try again in 119 seconds.",
		150 * time.Second: "Try again in 3 minutes.",
		10 * time.Minute:  "Try again in 10 minutes.",
	}
	for d, want := range cases {
		o := apiclient.NewOutcome(apiclient.RateLimited, "", true)
		o.RetryAfter = d
		if got := Outcome(o).NextStep; got != want {
			t.Errorf("RetryAfter %v: %q, want %q", d, got, want)
		}
	}
	if got := Outcome(apiclient.NewOutcome(apiclient.RateLimited, "", true)).NextStep; got != "Try again in 60 seconds." {
		t.Errorf("the default wait: %q", got)
	}
}

func TestWait(t *testing.T) {
	cases := []struct {
		d    time.Duration
		want string
	}{
		{-time.Hour, "1 second"},
		{0, "1 second"},
		{50 * time.Millisecond, "1 second"},
		{time.Second, "1 second"},
		{1001 * time.Millisecond, "2 seconds"},
		{1500 * time.Millisecond, "2 seconds"},
		{4500 * time.Millisecond, "5 seconds"},
		{45 * time.Second, "45 seconds"},
		{90 * time.Second, "90 seconds"},
		{119 * time.Second, "119 seconds"},
		// Rounding up reaches two minutes, so minutes take over.
		{119500 * time.Millisecond, "2 minutes"},
		{2 * time.Minute, "2 minutes"},
		{121 * time.Second, "3 minutes"},
		{150 * time.Second, "3 minutes"},
		{10 * time.Minute, "10 minutes"},
	}
	for _, tc := range cases {
		if got := Wait(tc.d); got != tc.want {
			t.Errorf("Wait(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

func TestInputWords(t *testing.T) {
	key := fakeKey(t)
	cases := []struct {
		name, raw string
		says      string // a phrase the words must contain
	}{
		{"empty", "", "No key was entered"},
		{"only spaces", "   \t  ", "No key was entered"},
		{"only quotes", `""`, "nothing between the quote marks"},
		{"inner space", key[:10] + " " + key[10:], "space inside"},
		{"inner line break", key[:4] + "\n" + key[4:], "line break inside"},
		{"two lines", key + "\n" + fakeKey(t), "two keys"},
		{"NUL", key[:10] + "\x00" + key[10:], "not plain letters"},
		{"emoji", key + "🔑", "not plain letters"},
		{"zero-width space", key[:5] + "\u200b" + key[5:], "not plain letters"},
		{"seven characters", "abc1234", "it has 7 characters, and a key has at least 8"},
		{"one character", "k", "it has 1 character, and"},
		{"513 characters", strings.Repeat("k", apiclient.MaxKeyLen+1), "at most 512 characters"},
		{"mismatched quotes", `"` + key + `'`, "quote mark at one end"},
		{"lone quote", `"`, "quote mark at one end"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := apiclient.NormalizeKey(tc.raw)
			if err == nil {
				t.Fatalf("accepted")
			}
			msg := Input(err)
			if !strings.Contains(msg, tc.says) {
				t.Errorf("%q does not say %q", msg, tc.says)
			}
			if strings.Contains(msg, key) || strings.Contains(msg, key[:8]) || strings.Contains(msg, key[len(key)-8:]) {
				t.Errorf("the words repeat part of the text given")
			}
			if strings.Count(msg, ".") < 2 || !strings.HasSuffix(msg, ".") {
				t.Errorf("%q is not a sentence plus a next step", msg)
			}
			if strings.ContainsAny(msg, "\r\n\x00") || len(msg) > 300 {
				t.Errorf("not one short plain text: %q", msg)
			}
			// The window shows the same refusal as an outcome's summary and next step.
			c, cerr := apiclient.New(apiclient.Config{})
			if cerr != nil {
				t.Fatal(cerr)
			}
			s := Outcome(c.Test(t.Context(), tc.raw))
			if s.Summary+" "+s.NextStep != msg || s.KeyFate != "Your key was not sent." {
				t.Errorf("the outcome says %+v, the refusal %q", s, msg)
			}
		})
	}
	if got := Input(errors.New("other")); got != "This is not a usable key. Copy the key again and paste only the key." {
		t.Errorf("a foreign error: %q", got)
	}
}

func TestConfigWords(t *testing.T) {
	for _, v := range []string{"HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy"} {
		t.Setenv(v, "")
	}
	t.Setenv("ONCEKEY_API_URL", "http://127.0.0.1:8080/v2")
	_, err := apiclient.BaseURLFromEnv()
	if got := Config(err); !strings.HasPrefix(got, "ONCEKEY_API_URL must start with https://") {
		t.Errorf("http in the setting: %q", got)
	}
	t.Setenv("ONCEKEY_API_URL", "https://a:sesame@example.com")
	_, err = apiclient.BaseURLFromEnv()
	if got := Config(err); !strings.Contains(got, "user name or password") || strings.Contains(got, "sesame") {
		t.Errorf("a password in the setting: %q", got)
	}
	_, err = apiclient.New(apiclient.Config{BaseURL: "http://example.com/v2"})
	if got := Config(err); !strings.HasPrefix(got, "The OnceHub API address must start with https://") {
		t.Errorf("http given to New: %q", got)
	}
	t.Setenv("HTTPS_PROXY", "http://user:secret@:80")
	_, err = apiclient.New(apiclient.Config{})
	if got := Config(err); !strings.Contains(got, "HTTPS_PROXY") || strings.Contains(got, "secret") {
		t.Errorf("a bad proxy: %q", got)
	}
	if got := Config(errors.New("other")); got != "OnceKey's settings could not be used." {
		t.Errorf("a foreign error: %q", got)
	}
	if got := Config(&apiclient.ConfigError{Problem: 99}); got != "The OnceHub API address cannot be used." {
		t.Errorf("an unknown problem: %q", got)
	}
}

func TestKeyEnding(t *testing.T) {
	if got := KeyEnding(apiclient.Ending("abcd1234")); got != "the key ending in 1234" {
		t.Errorf("KeyEnding = %q", got)
	}
	if got := KeyEnding(apiclient.Ending("abc")); got != "the key" {
		t.Errorf("KeyEnding of a short text = %q", got)
	}
}

func TestSentence(t *testing.T) {
	if got := (Said{Summary: "A.", NextStep: "B."}).Sentence(); got != "A. B." {
		t.Errorf("Sentence = %q", got)
	}
	if got := (Said{Summary: "A."}).Sentence(); got != "A." {
		t.Errorf("Sentence without a next step = %q", got)
	}
}

// "Request-Id" is OnceHub's own name for it, which support asks for in
// every language.
var _ = allowSameAsEnglish("de", "outcome.details.requestID")
var _ = allowSameAsEnglish("fr", "outcome.details.requestID")
var _ = allowSameAsEnglish("es", "outcome.details.requestID")

// otherLanguages are the languages besides English, with the word each
// uses to stress that a key was NOT sent, and how each quotes the Rotate
// button.
var otherLanguages = map[string]struct{ not, rotate string }{
	"de": {"NICHT", "„Rotieren“"},
	"fr": {"PAS", "«\u00a0Renouveler\u00a0»"},
	"es": {"NO", "«Rotar»"},
}

// TestOutcomeInOtherLanguages: every outcome reads in each language, none
// as in English, and still says where the key went; its next steps name
// OnceKey's buttons as the window labels them.
func TestOutcomeInOtherLanguages(t *testing.T) {
	defer SetLanguage("en")
	all := everyOutcome()
	english := make([]Said, len(all))
	for i, o := range all {
		english[i] = Outcome(o)
	}
	for lang, want := range otherLanguages {
		SetLanguage(lang)
		for i, o := range all {
			name := lang + " " + o.Kind.String() + "/" + o.Reason.String() + "/" + o.Input.String() + " host=" + o.Host
			s := Outcome(o)
			for _, text := range []string{s.Summary, s.KeyFate, s.NextStep} {
				if strings.Contains(text, "{{") || strings.Contains(text, "<no value>") || strings.Contains(text, "outcome.") {
					t.Errorf("%s: %q", name, text)
				}
			}
			if s.Summary == english[i].Summary || s.KeyFate == english[i].KeyFate || (s.NextStep != "" && s.NextStep == english[i].NextStep) {
				t.Errorf("%s: reads as in English: %+v", name, s)
			}
			switch {
			case o.Kind == apiclient.NotSecure:
				if !strings.Contains(s.KeyFate, want.not) {
					t.Errorf("%s: %q does not stress that the key was not sent", name, s.KeyFate)
				}
			case !o.KeySent || o.Kind == apiclient.InvalidKey:
			case o.OnceHubHost():
				if !strings.Contains(s.KeyFate, "OnceHub (api.oncehub.com)") {
					t.Errorf("%s: %q does not say where the key went", name, s.KeyFate)
				}
			default:
				if !strings.Contains(s.KeyFate, o.Host) || strings.Contains(s.KeyFate, "api.oncehub.com") {
					t.Errorf("%s: %q does not name %s alone", name, s.KeyFate, o.Host)
				}
			}
			d := Details(o)
			if o.RequestID != "" && !strings.Contains(d, "Request-Id "+o.RequestID) {
				t.Errorf("%s: Details %q lack the Request-Id", name, d)
			}
			if o.Status != 0 && !strings.Contains(d, "HTTP") {
				t.Errorf("%s: Details %q lack the status", name, d)
			}
		}
		if next := Outcome(apiclient.NewOutcome(apiclient.NotRecognised, "", true)).NextStep; !strings.Contains(next, want.rotate) {
			t.Errorf("%s: %q does not name the Rotate button as %s", lang, next, want.rotate)
		}
	}
}

// TestOutcomeWordsInOtherLanguages: waits, counts and settings sit where
// each language puts them.
func TestOutcomeWordsInOtherLanguages(t *testing.T) {
	defer SetLanguage("en")
	wait := apiclient.NewOutcome(apiclient.RateLimited, "", true)
	wait.RetryAfter = 150 * time.Second
	for lang, want := range map[string][4]string{
		"de": {"Versuchen Sie es in 3 Minuten noch einmal.", "Er hat 1 Zeichen, ein Schlüssel hat aber mindestens 8.", "ONCEKEY_API_URL muss mit https:// beginnen", "der Schlüssel mit der Endung 1a2b"},
		"fr": {"Réessayez dans 3 minutes.", "elle a 1 caractère, alors qu’une clé en a au moins 8.", "ONCEKEY_API_URL doit commencer par https://", "la clé qui se termine par 1a2b"},
		"es": {"Vuelve a intentarlo dentro de 3 minutos.", "tiene 1 carácter, y una clave tiene al menos 8.", "ONCEKEY_API_URL debe empezar por https://", "la clave que termina en 1a2b"},
	} {
		SetLanguage(lang)
		if got := Outcome(wait).NextStep; got != want[0] {
			t.Errorf("%s: the wait: %q, want %q", lang, got, want[0])
		}
		if got := Input(&apiclient.InputError{Problem: apiclient.InputTooShort, Len: 1}); !strings.Contains(got, want[1]) {
			t.Errorf("%s: one character: %q lacks %q", lang, got, want[1])
		}
		if got := Config(&apiclient.ConfigError{Problem: apiclient.ConfigNotHTTPS, Setting: "ONCEKEY_API_URL"}); !strings.HasPrefix(got, want[2]) {
			t.Errorf("%s: the setting: %q, want it to start %q", lang, got, want[2])
		}
		if got := KeyEnding("1a2b"); got != want[3] {
			t.Errorf("%s: KeyEnding = %q, want %q", lang, got, want[3])
		}
	}
}

// TestFrenchPunctuation: French puts a non-breaking space before : ; ? !
// and inside « », so that a line never starts with one of them.
func TestFrenchPunctuation(t *testing.T) {
	byLang, areaOf := readCatalogs(t)
	for id, forms := range byLang["fr"] {
		if a := areaOf["fr"][id]; a != "outcome" && a != "keychain" && a != "history" {
			continue
		}
		for _, s := range forms {
			for _, bad := range []string{" :", " ;", " ?", " !", "« ", " »", "'"} {
				if strings.Contains(s, bad) {
					t.Errorf("%s: %q has %q", id, s, bad)
				}
			}
		}
	}
}
