package words

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
)

// plainJargon are words no sentence for people may contain: they come from
// libraries, Go's formatting, or protocols.
var plainJargon = []string{"dbus", "D-Bus", "org.freedesktop", "error:", "nil", "%!", "go-keyring", "HTTP", "kind("}

// replyStatus is a status OnceHub answers each kind with, for the kinds an
// answer gives.
var replyStatus = map[apiclient.Kind]int{
	apiclient.Works: 200, apiclient.NotRecognised: 401, apiclient.NoAPIAccess: 403,
	apiclient.RateLimited: 429, apiclient.ServerTrouble: 503, apiclient.Unexpected: 302,
}

// reasonsOf returns the reasons an outcome of kind k may carry, from
// reasonWords; ReasonNone for the kinds that have none.
func reasonsOf(k apiclient.Kind) []apiclient.Reason {
	var rs []apiclient.Reason
	for _, rw := range reasonWords {
		if rw.kind == k {
			rs = append(rs, rw.reason)
		}
	}
	if rs == nil {
		rs = []apiclient.Reason{apiclient.ReasonNone}
	}
	return rs
}

// everyOutcome builds an outcome of every kind, reason and input problem,
// with and without the key sent, on OnceHub's host and on another.
func everyOutcome() []apiclient.Outcome {
	var all []apiclient.Outcome
	for k := apiclient.Works; !strings.HasPrefix(k.String(), "kind("); k++ {
		for _, sent := range []bool{false, true} {
			for _, host := range []string{"", otherHost} {
				for _, r := range reasonsOf(k) {
					o := apiclient.NewOutcome(k, host, sent)
					o.Reason = r
					if r == apiclient.ReasonTLSAlert {
						o.TLSAlert = "protocol version not supported"
					}
					if st, ok := replyStatus[k]; ok && sent {
						o.Status, o.RequestID = st, "req_0123456789abcdef"
					}
					switch k {
					case apiclient.Works:
						all = append(all, o)
						o.Account = "admin@example.com"
					case apiclient.RateLimited:
						all = append(all, o)
						o.RetryAfter = 150 * time.Second
					case apiclient.InvalidKey:
						for p := apiclient.InputOK; !strings.HasPrefix(p.String(), "input("); p++ {
							o.Input, o.InputLen = p, 0
							if p == apiclient.InputTooShort {
								o.InputLen = 5
							}
							all = append(all, o)
						}
						continue
					}
					all = append(all, o)
				}
			}
		}
	}
	return all
}

// everyKeychainError builds a keychain error of every kind, for every
// operation, from the keychain and from the session-only store, and each
// kind's variants.
func everyKeychainError() []*keystore.Error {
	// Words must never come from the wrapped library error.
	lib := errors.New("org.freedesktop.DBus.Error.ServiceUnknown: nil %!v(go-keyring)")
	var all []*keystore.Error
	for k := keystore.NotFound; k.String() != "unknown"; k++ {
		for _, op := range []string{"read", "save", "remove", ""} {
			for _, session := range []bool{false, true} {
				e := &keystore.Error{Kind: k, Op: op, SessionOnly: session, Err: lib}
				switch k {
				case keystore.TimedOut:
					for _, d := range []time.Duration{0, 3 * time.Second, 2 * time.Minute} {
						e := *e
						e.Timeout = d
						all = append(all, &e)
					}
					continue
				case keystore.Mismatch:
					restore := *e
					restore.RestoreFailed = true
					all = append(all, &restore)
				case keystore.Invalid:
					for p := keystore.ProblemNone; p <= keystore.ProblemNoSecret; p++ {
						e := *e
						e.Problem = p
						all = append(all, &e)
					}
					continue
				}
				all = append(all, e)
			}
		}
	}
	return all
}

// One test renders every outcome kind and every keychain error kind through
// the words package, so that no kind, reason or problem can be added without
// a sentence for it.
func TestEveryKindHasPlainWords(t *testing.T) {
	t.Run("outcomes", func(t *testing.T) {
		n := 0
		for _, o := range everyOutcome() {
			n++
			name := o.Kind.String() + "/" + o.Reason.String() + "/" + o.Input.String() + " sent=" + strconv.FormatBool(o.KeySent) + " host=" + o.Host
			s := Outcome(o)
			if s.Summary == "" || s.KeyFate == "" {
				t.Errorf("%s: no summary or key's fate: %+v", name, s)
			}
			if (s.NextStep == "") != (o.Kind == apiclient.Works || o.Kind == apiclient.Gone) {
				t.Errorf("%s: next step %q", name, s.NextStep)
			}
			if s.Summary == "Something unexpected happened." {
				t.Errorf("%s: the fallback summary", name)
			}
			if o.Kind == apiclient.InvalidKey && o.Input != apiclient.InputOK && s.Summary == "This is not a usable key." {
				t.Errorf("%s: the input problem has no words of its own", name)
			}
			for _, text := range []string{s.Summary, s.KeyFate, s.NextStep} {
				if j := jargonIn(text, append(plainJargon, outcomeJargon...)); j != "" {
					t.Errorf("%s: %q has the jargon %q", name, text, j)
				}
			}
			checkWhereTheKeyWent(t, name, o, s)
			d := Details(o)
			if o.Status != 0 && !strings.Contains(d, "HTTP status "+strconv.Itoa(o.Status)) {
				t.Errorf("%s: Details %q lack the status", name, d)
			}
			if o.RequestID != "" && !strings.Contains(d, "Request-Id "+o.RequestID) {
				t.Errorf("%s: Details %q lack the Request-Id", name, d)
			}
			if o.Reason != apiclient.ReasonNone && o.Reason != apiclient.ReasonNoAnswer && d == "" {
				t.Errorf("%s: the reason has no note in Details", name)
			}
		}
		t.Logf("%d outcomes", n)
	})

	t.Run("input problems", func(t *testing.T) {
		for p := apiclient.InputEmpty; !strings.HasPrefix(p.String(), "input("); p++ {
			msg := Input(&apiclient.InputError{Problem: p, Len: 5})
			if msg == "" || strings.HasPrefix(msg, "This is not a usable key.") || !strings.HasSuffix(msg, ".") {
				t.Errorf("%v: %q", p, msg)
			}
			if j := jargonIn(msg, plainJargon); j != "" {
				t.Errorf("%v: %q has the jargon %q", p, msg, j)
			}
		}
	})

	t.Run("settings", func(t *testing.T) {
		// ConfigProblem has no String; an unknown problem's Error() ends
		// in ": ", which marks the end of the list.
		for p := apiclient.ConfigNotURL; !strings.HasSuffix((&apiclient.ConfigError{Problem: p}).Error(), ": "); p++ {
			for _, setting := range []string{"", "ONCEKEY_API_URL", "HTTPS_PROXY"} {
				msg := Config(&apiclient.ConfigError{Problem: p, Setting: setting})
				if msg == "" || strings.HasSuffix(msg, " cannot be used.") || !strings.HasSuffix(msg, ".") {
					t.Errorf("problem %d, setting %q: %q", int(p), setting, msg)
				}
				if setting != "" && !strings.Contains(msg, setting) {
					t.Errorf("problem %d: %q does not name %s", int(p), msg, setting)
				}
				if j := jargonIn(msg, plainJargon); j != "" {
					t.Errorf("problem %d: %q has the jargon %q", int(p), msg, j)
				}
			}
		}
	})

	t.Run("rotation", func(t *testing.T) {
		// What the check of an old key found, for every outcome the check
		// can have: OnceHub forgot it (401), still knows it (200, 403), or
		// the check said nothing (any other).
		for _, o := range everyOutcome() {
			name := o.Kind.String() + "/" + o.Reason.String()
			res := keys.RetireResult{Outcome: o}
			switch o.Kind {
			case apiclient.NotRecognised:
				res.Forgotten = true
			case apiclient.Works, apiclient.NoAPIAccess:
				res.StillWorks = true
			}
			for _, ending := range []string{"1a2b", ""} {
				r := OldKeyChecked(res, ending)
				if r.Headline == "" || !strings.HasSuffix(r.Headline, ".") {
					t.Errorf("%s: headline %q", name, r.Headline)
				}
				if ending != "" && !strings.Contains(r.Headline, "old key ending in "+ending) {
					t.Errorf("%s: %q does not name the old key's ending", name, r.Headline)
				}
				if !res.Forgotten && !res.StillWorks && (r.Reason == "" || !strings.Contains(r.Headline, "It is kept")) {
					t.Errorf("%s: a check that said nothing reads %+v", name, r)
				}
				if res.StillWorks && !strings.Contains(r.NextStep, "I deleted the old key") {
					t.Errorf("%s: a key OnceHub still knows is not followed by what to do: %+v", name, r)
				}
				for _, text := range []string{r.Headline, r.Reason, r.NextStep} {
					if j := jargonIn(text, plainJargon); j != "" {
						t.Errorf("%s: %q has the jargon %q", name, text, j)
					}
				}
			}
		}
		for _, err := range []error{
			&keys.RotationPendingError{Name: "default", Ending: "1a2b"}, &keys.RotationPendingError{Name: "default"},
			keys.ErrSameKey, &keys.ListUnusableError{Err: errors.New("disk full")},
		} {
			msg := RotationRefused(err)
			if msg == "" || !strings.HasSuffix(msg, ".") || strings.Contains(msg, "disk full") {
				t.Errorf("%v: %q", err, msg)
			}
			if j := jargonIn(msg, plainJargon); j != "" {
				t.Errorf("%v: %q has the jargon %q", err, msg, j)
			}
		}
		if msg := RotationRefused(errors.New("another")); msg != "" {
			t.Errorf("an error Rotate does not refuse with has words: %q", msg)
		}
		for _, keepOld := range []bool{false, true} {
			for _, refused := range []bool{false, true} {
				if intro := RotatePasteIntro("1a2b", keepOld, refused); !strings.Contains(intro, "old key ending in 1a2b") && !strings.Contains(intro, "accepts the old key ending in 1a2b") {
					t.Errorf("keepOld %v, refused %v: %q does not name the old key", keepOld, refused, intro)
				}
			}
		}
	})

	t.Run("keychain", func(t *testing.T) {
		for _, e := range everyKeychainError() {
			name := e.Error()
			for how, s := range map[string]Said{"window": Keychain(e), "scripts": KeychainForScripts(e)} {
				if s.Summary == "" || s.NextStep == "" {
					t.Errorf("%s (%s): missing summary or next step: %+v", name, how, s)
				}
				if s.Summary == "Something went wrong with your keychain." {
					t.Errorf("%s (%s): the fallback summary", name, how)
				}
				if e.Kind == keystore.Invalid && e.Problem != keystore.ProblemNone && s.Summary == "That name or key cannot be used." {
					t.Errorf("%s (%s): problem %d has no words of its own", name, how, int(e.Problem))
				}
				if j := jargonIn(s.Sentence(), plainJargon); j != "" {
					t.Errorf("%s (%s): %q has the jargon %q", name, how, s.Sentence(), j)
				}
				// A script cannot keep a key for this session only.
				if how == "scripts" && strings.Contains(s.Sentence(), "session only") {
					t.Errorf("%s: scripts are offered the session: %q", name, s.Sentence())
				}
			}
		}
	})
}

// checkWhereTheKeyWent fails unless the key's fate names the host a sent
// key went to, and says plainly that a key that was not sent was not.
func checkWhereTheKeyWent(t *testing.T, name string, o apiclient.Outcome, s Said) {
	t.Helper()
	switch {
	case o.Kind == apiclient.NotSecure:
		if !strings.Contains(s.KeyFate, "NOT sent") {
			t.Errorf("%s: %q does not say the key was NOT sent", name, s.KeyFate)
		}
	case !o.KeySent:
		if s.KeyFate != "Your key was not sent." {
			t.Errorf("%s: %q for a key that was not sent", name, s.KeyFate)
		}
	case o.OnceHubHost():
		if !strings.Contains(s.KeyFate, "OnceHub (api.oncehub.com)") {
			t.Errorf("%s: %q does not say where the key went", name, s.KeyFate)
		}
	default:
		if !strings.Contains(s.KeyFate, o.Host) || strings.Contains(s.KeyFate, "api.oncehub.com") {
			t.Errorf("%s: %q does not name %s alone", name, s.KeyFate, o.Host)
		}
	}
}
