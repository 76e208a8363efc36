package words

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/oncekey/oncekey/keystore"
)

func TestMissingWordsOnLinux(t *testing.T) {
	if !keystore.UsesSecretService {
		t.Skip("the Secret Service wording applies to Linux and the BSDs")
	}
	msg := Keychain(&keystore.Error{Kind: keystore.Missing, Op: "save"}).Sentence()
	for _, want := range []string{"No keychain is available", "never saves your key to a file", "this session only", "GNOME Keyring"} {
		if !strings.Contains(msg, want) {
			t.Errorf("Missing message %q lacks %q", msg, want)
		}
	}
}

func TestTimeoutMessageUsesTheConfiguredTime(t *testing.T) {
	for d, want := range map[time.Duration]string{
		50 * time.Millisecond:   "within 1 second.",
		5 * time.Second:         "within 5 seconds.",
		4500 * time.Millisecond: "within 5 seconds.",
		90 * time.Second:        "within 90 seconds.",
		2 * time.Minute:         "within 2 minutes.",
	} {
		e := &keystore.Error{Kind: keystore.TimedOut, Op: "read", Timeout: d, Err: context.DeadlineExceeded}
		if got := Keychain(e).Sentence(); !strings.Contains(got, want) {
			t.Errorf("%v: %q lacks %q", d, got, want)
		}
	}
	want := "Your keychain did not answer in time. It may be waiting for you to unlock it: look for a password prompt, then try again."
	if got := Keychain(&keystore.Error{Kind: keystore.TimedOut, Op: "read"}).Sentence(); got != want {
		t.Errorf("an unknown timeout: %q, want %q", got, want)
	}
}

// Every message a user can meet is plain words: no Go or D-Bus jargon.
func TestMessagesArePlainWords(t *testing.T) {
	lib := errors.New("org.freedesktop.DBus.Error.X: detail")
	var errs []*keystore.Error
	for k := keystore.NotFound; k <= keystore.TooBig; k++ {
		if k == keystore.TimedOut {
			continue
		}
		for _, op := range []string{"read", "save", "remove"} {
			errs = append(errs, &keystore.Error{Kind: k, Op: op, Err: lib})
		}
	}
	errs = append(errs,
		&keystore.Error{Kind: keystore.TimedOut, Op: "save", Timeout: 2 * time.Minute, Err: context.DeadlineExceeded},
		&keystore.Error{Kind: keystore.Mismatch, Op: "save"},
		&keystore.Error{Kind: keystore.Mismatch, Op: "save", RestoreFailed: true, Err: errors.New("x")},
		&keystore.Error{Kind: keystore.Canceled, Op: "read", Err: context.Canceled},
		&keystore.Error{Kind: keystore.NotFound, Op: "read", SessionOnly: true})
	for _, e := range errs {
		s := Keychain(e)
		msg := s.Sentence()
		if s.Summary == "" || s.NextStep == "" {
			t.Errorf("kind %v: missing summary or next step: %q", e.Kind, msg)
		}
		if j := jargonIn(msg, []string{"dbus", "D-Bus", "org.freedesktop", "error:", "nil", "%!", "go-keyring"}); j != "" {
			t.Errorf("kind %v: message %q contains %q", e.Kind, msg, j)
		}
	}
}

func TestKeychainTexts(t *testing.T) {
	for op, want := range map[string]string{"read": "would not read", "save": "would not save", "remove": "would not remove", "": "would not save"} {
		if got := Keychain(&keystore.Error{Kind: keystore.Refused, Op: op}).Summary; !strings.Contains(got, want) {
			t.Errorf("Refused %q: %q lacks %q", op, got, want)
		}
	}
	if got := Keychain(&keystore.Error{Kind: keystore.NotFound, SessionOnly: true}).Summary; got != "No key is kept under that name in this session." {
		t.Errorf("session-only NotFound: %q", got)
	}
	if got := Keychain(&keystore.Error{Kind: keystore.Mismatch, RestoreFailed: true}).Summary; !strings.Contains(got, "failed too") {
		t.Errorf("a failed restore: %q", got)
	}
	if got := Keychain(&keystore.Error{Kind: keystore.Invalid, Problem: keystore.ProblemNameTooLong}).Summary; got != "A key name can be at most 64 characters long." {
		t.Errorf("a long name: %q", got)
	}
	// The window finds the keychain's error inside a caller's wrapping.
	wrapped := fmt.Errorf("saving Production: %w", &keystore.Error{Kind: keystore.Locked, Op: "save"})
	if got := Keychain(wrapped).Summary; !strings.Contains(got, "locked") {
		t.Errorf("a wrapped Locked: %q", got)
	}
	for _, s := range []Said{Keychain(errors.New("other")), Keychain(nil), KeychainForScripts(errors.New("other"))} {
		if s.Summary != "Something went wrong with your keychain." || s.NextStep != "Try again." {
			t.Errorf("a foreign error: %+v", s)
		}
	}
	if got := Keychain(&keystore.Error{Kind: 99}); got.Summary != "Something went wrong with your keychain." {
		t.Errorf("an unknown kind: %+v", got)
	}
}

func TestKeychainForScripts(t *testing.T) {
	for _, e := range []*keystore.Error{
		{Kind: keystore.Missing, Op: "save"},
		{Kind: keystore.Refused, Op: "read"},
		{Kind: keystore.Mismatch, Op: "save"},
	} {
		window, scripts := Keychain(e), KeychainForScripts(e)
		if window.Summary != scripts.Summary || window.NextStep == scripts.NextStep {
			t.Errorf("%v: the scripts' words %+v should differ from the window's %+v in the next step only", e.Kind, scripts, window)
		}
	}
	// A failed restore needs the same step wherever it is read.
	e := &keystore.Error{Kind: keystore.Mismatch, Op: "save", RestoreFailed: true}
	if KeychainForScripts(e) != Keychain(e) {
		t.Errorf("a failed restore reads differently for scripts: %+v", KeychainForScripts(e))
	}
}

// TestKeychainInOtherLanguages: every keychain error reads in each
// language, none as in English, the scripts' words never offer the
// session, and a wait sits where the language puts it.
func TestKeychainInOtherLanguages(t *testing.T) {
	defer SetLanguage("en")
	all := everyKeychainError()
	type said struct{ window, scripts Said }
	english := make([]said, len(all))
	for i, e := range all {
		english[i] = said{Keychain(e), KeychainForScripts(e)}
	}
	for lang, want := range map[string][3]string{
		"de": {"nur für diese Sitzung", "Ihr Schlüsselbund hat nicht innerhalb von 3 Sekunden geantwortet.", "Ihr Schlüsselbund hat das Entfernen des Schlüssels verweigert."},
		"fr": {"pour cette session seulement", "Votre trousseau n’a pas répondu dans un délai de 3 secondes.", "Votre trousseau a refusé de retirer la clé."},
		"es": {"solo para esta sesión", "Tu llavero no respondió en 3 segundos.", "Tu llavero se negó a quitar la clave."},
	} {
		SetLanguage(lang)
		for i, e := range all {
			name := lang + " " + e.Error()
			for how, s := range map[string][2]Said{"window": {Keychain(e), english[i].window}, "scripts": {KeychainForScripts(e), english[i].scripts}} {
				got, en := s[0], s[1]
				if got.Summary == "" || got.NextStep == "" || got.Summary == en.Summary || got.NextStep == en.NextStep {
					t.Errorf("%s (%s): %+v, in English %+v", name, how, got, en)
				}
				if strings.Contains(got.Sentence(), "{{") || strings.Contains(got.Sentence(), "keychain.") {
					t.Errorf("%s (%s): %q", name, how, got.Sentence())
				}
				if how == "scripts" && strings.Contains(got.Sentence(), want[0]) {
					t.Errorf("%s: scripts are offered the session: %q", name, got.Sentence())
				}
			}
		}
		timeout := &keystore.Error{Kind: keystore.TimedOut, Op: "read", Timeout: 3 * time.Second}
		if got := Keychain(timeout).Summary; got != want[1] {
			t.Errorf("%s: timeout %q, want %q", lang, got, want[1])
		}
		if got := Keychain(&keystore.Error{Kind: keystore.Refused, Op: "remove"}).Summary; got != want[2] {
			t.Errorf("%s: refused %q, want %q", lang, got, want[2])
		}
	}
}
