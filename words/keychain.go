package words

import (
	"errors"
	"fmt"

	"github.com/oncekey/oncekey/keystore"
)

// Keychain says what a keychain error means and what to do, in the
// window's words: the window can offer to keep a key for this session
// only. For the command line, see KeychainForScripts.
func Keychain(err error) Said {
	var e *keystore.Error
	var lock *keystore.LockError
	switch {
	case errors.As(err, &lock):
		return Said{Summary: "Another OnceKey window or script is changing the list of keys right now.", NextStep: "Try again in a moment."}
	case !errors.As(err, &e):
		return Said{Summary: "Something went wrong with your keychain.", NextStep: "Try again."}
	}
	var s Said
	switch e.Kind {
	case keystore.NotFound:
		s.Summary = "No key is saved under that name."
		if e.SessionOnly {
			s.Summary = "No key is kept under that name in this session."
		}
		s.NextStep = "Save the key OnceHub showed you when you created it. If you no longer have it, create a new key in OnceHub."
	case keystore.Missing:
		if keystore.UsesSecretService {
			s.Summary = "No keychain is available on this computer (no Secret Service is running). OnceKey never saves your key to a file."
			s.NextStep = "You can keep the key for this session only, or install or start GNOME Keyring and try again."
		} else {
			s.Summary = "Your computer's keychain could not be reached. OnceKey never saves your key to a file."
			s.NextStep = "You can keep the key for this session only, or restart the computer and try again."
		}
	case keystore.Locked:
		s.Summary = "Your keychain is locked, or unlocking it was cancelled."
		s.NextStep = "Unlock it when asked (usually with the password you log in with), then try again."
	case keystore.TimedOut:
		s.Summary = "Your keychain did not answer in time."
		if e.Timeout > 0 {
			s.Summary = "Your keychain did not answer within " + Wait(e.Timeout) + "."
		}
		s.NextStep = "It may be waiting for you to unlock it: look for a password prompt, then try again."
	case keystore.Refused:
		s.Summary = fmt.Sprintf("Your keychain would not %s the key.", verb(e.Op))
		s.NextStep = "Try again. If it keeps happening, restart the computer, or keep the key for this session only."
	case keystore.CannotList:
		s.Summary = "Your keychain cannot list the keys OnceKey keeps in it, so OnceKey goes by its own list of key names."
		s.NextStep = "Nothing needs doing: a key saved under another name shows once you use it."
	case keystore.TooBig:
		s.Summary = "This key is too long for your keychain to store."
		s.NextStep = "Check that you copied only the key, without any extra text, and try again."
	case keystore.Mismatch:
		if e.RestoreFailed {
			s.Summary = "Your keychain did not keep the key exactly as given, and putting back the key saved before failed too."
			s.NextStep = "Save the key again before using it."
		} else {
			s.Summary = "Your keychain did not keep the key exactly as given, so it was not saved; anything saved before is as it was."
			s.NextStep = "Try again. If it happens again, keep the key for this session only."
		}
	case keystore.Invalid:
		s.Summary, s.NextStep = invalid(e.Problem)
	case keystore.Canceled:
		s.Summary = "Stopped before the keychain answered."
		s.NextStep = "Nothing was changed. Try again when you are ready."
	default:
		s.Summary = "Something went wrong with your keychain."
		s.NextStep = "Try again."
	}
	return s
}

// KeychainForScripts is Keychain for the command line, where a script's
// user cannot keep a key for this session only.
func KeychainForScripts(err error) Said {
	s := Keychain(err)
	switch keystore.KindOf(err) {
	case keystore.Missing:
		s.NextStep = "Start your keyring (on Linux, GNOME Keyring or another Secret Service) and try again."
	case keystore.Refused:
		s.NextStep = "Check that your keyring is running and unlocked, then try again."
	case keystore.Mismatch:
		var e *keystore.Error
		if errors.As(err, &e) && !e.RestoreFailed {
			s.NextStep = "Check that your keyring is running and unlocked, then try again."
		}
	}
	return s
}

// Sentence joins what happened and what to do into one line.
func (s Said) Sentence() string {
	if s.NextStep == "" {
		return s.Summary
	}
	return s.Summary + " " + s.NextStep
}

func invalid(p keystore.Problem) (what, next string) {
	next = "Choose a shorter, plain name, such as \"Production\"."
	switch p {
	case keystore.ProblemNameEmpty:
		what = "A key name cannot be empty."
	case keystore.ProblemNameNotText:
		what = "A key name must be ordinary text."
	case keystore.ProblemNameTooLong:
		what = fmt.Sprintf("A key name can be at most %d characters long.", keystore.MaxNameLen)
	case keystore.ProblemNameSpaces:
		what = "A key name cannot start or end with a space."
	case keystore.ProblemNameControl:
		what = "A key name can only use letters, digits, punctuation and spaces."
	case keystore.ProblemNoSecret:
		what, next = "There is no key to save.", "Paste the key, then save it."
	default:
		what = "That name or key cannot be used."
	}
	return what, next
}

func verb(op string) string {
	switch op {
	case "read", "remove", "list":
		return op
	default:
		return "save"
	}
}
