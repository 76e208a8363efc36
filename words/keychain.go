package words

import (
	"errors"

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
		return Said{Summary: tr("keychain.busy"), NextStep: tr("keychain.busy.next")}
	case !errors.As(err, &e):
		return Said{Summary: tr("keychain.unknown"), NextStep: tr("keychain.tryAgain")}
	}
	var s Said
	switch e.Kind {
	case keystore.NotFound:
		s.Summary = tr("keychain.notFound")
		if e.SessionOnly {
			s.Summary = tr("keychain.notFound.session")
		}
		s.NextStep = tr("keychain.notFound.next")
	case keystore.Missing:
		if keystore.UsesSecretService {
			s.Summary = tr("keychain.missing.secretService")
			s.NextStep = tr("keychain.missing.secretService.next")
		} else {
			s.Summary = tr("keychain.missing")
			s.NextStep = tr("keychain.missing.next")
		}
	case keystore.Locked:
		s.Summary = tr("keychain.locked")
		s.NextStep = tr("keychain.locked.next")
	case keystore.TimedOut:
		s.Summary = tr("keychain.timedOut")
		if e.Timeout > 0 {
			s.Summary = tr("keychain.timedOut.within", "Wait", Wait(e.Timeout))
		}
		s.NextStep = tr("keychain.timedOut.next")
	case keystore.Refused:
		s.Summary = refused(e.Op)
		s.NextStep = tr("keychain.refused.next")
	case keystore.CannotList:
		s.Summary = tr("keychain.cannotList")
		s.NextStep = tr("keychain.cannotList.next")
	case keystore.TooBig:
		s.Summary = tr("keychain.tooBig")
		s.NextStep = tr("keychain.tooBig.next")
	case keystore.Mismatch:
		if e.RestoreFailed {
			s.Summary = tr("keychain.mismatch.restoreFailed")
			s.NextStep = tr("keychain.mismatch.restoreFailed.next")
		} else {
			s.Summary = tr("keychain.mismatch")
			s.NextStep = tr("keychain.mismatch.next")
		}
	case keystore.Invalid:
		s.Summary, s.NextStep = invalid(e.Problem)
	case keystore.Canceled:
		s.Summary = tr("keychain.canceled")
		s.NextStep = tr("keychain.canceled.next")
	default:
		s.Summary = tr("keychain.unknown")
		s.NextStep = tr("keychain.tryAgain")
	}
	return s
}

// KeychainForScripts is Keychain for the command line, where a script's
// user cannot keep a key for this session only.
func KeychainForScripts(err error) Said {
	s := Keychain(err)
	switch keystore.KindOf(err) {
	case keystore.Missing:
		s.NextStep = tr("keychain.scripts.missing.next")
	case keystore.Refused:
		s.NextStep = tr("keychain.scripts.checkRunning")
	case keystore.Mismatch:
		var e *keystore.Error
		if errors.As(err, &e) && !e.RestoreFailed {
			s.NextStep = tr("keychain.scripts.checkRunning")
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
	next = tr("keychain.name.next")
	switch p {
	case keystore.ProblemNameEmpty:
		what = tr("keychain.name.empty")
	case keystore.ProblemNameNotText:
		what = tr("keychain.name.notText")
	case keystore.ProblemNameTooLong:
		what = tr("keychain.name.tooLong", "Max", keystore.MaxNameLen)
	case keystore.ProblemNameSpaces:
		what = tr("keychain.name.spaces")
	case keystore.ProblemNameControl:
		what = tr("keychain.name.control")
	case keystore.ProblemNoSecret:
		what, next = tr("keychain.noSecret"), tr("keychain.noSecret.next")
	default:
		what = tr("keychain.name.unusable")
	}
	return what, next
}

// refused says which operation the keychain would not do, each as its own
// sentence: the verb's place differs by language.
func refused(op string) string {
	switch op {
	case "read":
		return tr("keychain.refused.read")
	case "remove":
		return tr("keychain.refused.remove")
	case "list":
		return tr("keychain.refused.list")
	default:
		return tr("keychain.refused.save")
	}
}
