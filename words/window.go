package words

import (
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keystore"
)

// The window's fixed sentences.
// FirstRunIntro is the first-run view's one sentence on where the key is.
func FirstRunIntro() string {
	return tr("window.firstRun.intro", "Clicks", createKeyClicks())
}

// KeychainWaitNote is shown when the keychain takes long to answer,
// usually because it waits on its own unlock prompt.
func KeychainWaitNote() string { return tr("window.keychainWait") }

// ClipboardStillHoldsNote offers to clear a key pasted from the clipboard.
// Clearing the clipboard cannot reach a clipboard history: OnceHub's own
// "Copy & close" put the key there before OnceKey saw it.
func ClipboardStillHoldsNote() string { return tr("window.clipboard.stillHolds") }

// ClipboardCleared and ClipboardReplaced end a copy's countdown.
func ClipboardCleared() string { return tr("window.clipboard.cleared") }

// CopyFailed: the system's clipboard refused the copy, and the key was
// not copied at all rather than copied unmarked.
func CopyFailed() string { return tr("window.copy.failed") }

func ClipboardReplaced() string { return tr("window.clipboard.replaced") }

// RequestIDCopied confirms Copy Request-Id.
func RequestIDCopied() string { return tr("window.requestIDCopied") }

// NoFileNote replaces the first-run view's line on where the key will be
// kept while the keychain cannot be used.
func NoFileNote() string { return tr("window.noFile") }

// StoppedWaiting is the banner after the admin stopped a keychain wait.
func StoppedWaiting() string { return tr("window.stoppedWaiting") }

// KeySafeInKeychain follows a problem with the list of key names.
func KeySafeInKeychain() string { return tr("window.keySafeInKeychain") }

// SameKeyAgain refuses a "new" key that is the one saved already.
func SameKeyAgain() string { return tr("window.sameKeyAgain") }

// Testing is the busy line of a test in flight; Cancelling follows Cancel.
func Testing() string { return tr("window.busy.testing") }

func Cancelling() string { return tr("window.busy.cancelling") }

// TestingNew, SavingKey, SavingNewKey and RemovingKey are busy lines.
func TestingNew() string { return tr("window.busy.testingNew") }

func SavingKey() string { return tr("window.busy.saving") }

func SavingNewKey() string { return tr("window.busy.savingNew") }

func RemovingKey() string { return tr("window.busy.removing") }

// Opening is the window's first line, before the keychain is asked.
func Opening() string { return tr("window.busy.opening") }

// ClearDelayExplained explains the setting of how long a copy stays.
func ClearDelayExplained() string { return tr("window.clearDelay.explained") }

// fromPlace and inPlace say "from" and "in" a place whole, not as a
// preposition before PlaceName: German, French and Spanish change or merge
// the article with the preposition ("aus dem", "du", "del"), so each
// language writes each phrase itself. The products' own names need no
// article and share one message. The system's keyring is "the keychain"
// here, as the window calls it.
func fromPlace(p keystore.Place) string {
	switch p {
	case keystore.PlaceGNOMEKeyring, keystore.PlaceKDEWallet, keystore.PlaceKeePassXC:
		return tr("window.place.from.product", "Product", PlaceName(p))
	case keystore.PlaceMacOSKeychain:
		return tr("window.place.from.macOS")
	case keystore.PlaceWindowsCredentials:
		return tr("window.place.from.windows")
	case keystore.PlaceSession:
		return tr("window.place.from.session")
	}
	return tr("window.place.from.keychain")
}

// fromPlaceNamed is fromPlace for a sentence that names every place as
// PlaceName does, the system's one as "your system keyring".
func fromPlaceNamed(p keystore.Place) string {
	if p == keystore.PlaceSystemKeyring {
		return tr("window.place.from.systemKeyring")
	}
	return fromPlace(p)
}

func inPlace(p keystore.Place) string {
	switch p {
	case keystore.PlaceGNOMEKeyring, keystore.PlaceKDEWallet, keystore.PlaceKeePassXC:
		return tr("window.place.in.product", "Product", PlaceName(p))
	case keystore.PlaceMacOSKeychain:
		return tr("window.place.in.macOS")
	case keystore.PlaceWindowsCredentials:
		return tr("window.place.in.windows")
	case keystore.PlaceSession:
		return tr("window.place.in.session")
	}
	return tr("window.place.in.systemKeyring")
}

// Reading is the line while the key is read from the keychain.
func Reading(p keystore.Place, haveEnding bool) string {
	if haveEnding {
		return tr("window.reading.key", "From", fromPlace(p))
	}
	return tr("window.reading", "From", fromPlace(p))
}

// Headline is a test's first line in the main view: "Works, account
// admin@example.com, checked just now", or the summary of a failure.
func Headline(o apiclient.Outcome, at, now time.Time) string {
	if o.Kind != apiclient.Works {
		return Outcome(o).Summary
	}
	if o.Account != "" {
		return tr("window.headline.worksAccount", "Account", o.Account, "When", Since(at, now))
	}
	return tr("window.headline.works", "When", Since(at, now))
}

// Checked says when a failed test ran: "Checked 3 minutes ago."
func Checked(at, now time.Time) string {
	return tr("window.checked", "When", Since(at, now))
}

// CandidateOutcome is Outcome for a new key tested in Rotate before it is
// stored. A key OnceHub does not recognise was made a moment ago, so it
// cannot have been deleted or regenerated since: what is likely is a key
// copied in part, or one OnceHub has not started accepting yet.
func CandidateOutcome(o apiclient.Outcome) Said {
	s := Outcome(o)
	if o.Kind == apiclient.NotRecognised {
		s.Summary = tr("window.candidate.notRecognised")
	}
	if next := CandidateNextStep(o.Kind); next != "" {
		s.NextStep = next
	}
	return s
}

// CandidateNextStep is the next step for a new key tested in Rotate before
// it is stored, where "use Rotate" would be no help: check the key, or keep
// it anyway. "" keeps the usual next step.
func CandidateNextStep(k apiclient.Kind) string {
	switch k {
	case apiclient.NotRecognised:
		return tr("window.candidate.notRecognised.next")
	case apiclient.NoAPIAccess:
		return tr("window.candidate.noAPIAccess.next")
	}
	return ""
}

// RetryNote is the countdown while OnceHub asks for a pause.
func RetryNote(left time.Duration) string {
	return tr("window.retry", "Wait", Wait(left))
}

// CopyNote is the note after Copy, counting down to the clearing of the
// clipboard; never says the clipboard is not cleared at all.
func CopyNote(left time.Duration, never bool) string {
	if never {
		return tr("window.copy.neverCleared")
	}
	return tr("window.copy.clearedIn", "Wait", Wait(left))
}

// RemoveQuestionOf is the confirmation before Remove of the key k as
// listed: its ending (and its name, when the window names it) and where it
// is, so the admin knows which key goes; and true to what its last test
// says: a key OnceHub no longer knows does not keep working, one whose
// account has no API access works nowhere until the plan has it, and one
// never tested (or whose test said nothing) may or may not work. A pending
// rotation's old key goes too.
func RemoveQuestionOf(k keystore.KeyInfo, named bool, where keystore.Place) string {
	from := fromPlaceNamed(where)
	var s string
	switch {
	case named && k.Ending != "":
		s = tr("window.remove.namedEnding", "Name", k.Name, "Ending", k.Ending, "From", from)
	case named:
		s = tr("window.remove.named", "Name", k.Name, "From", from)
	case k.Ending != "":
		s = tr("window.remove.ending", "Ending", k.Ending, "From", from)
	default:
		s = tr("window.remove.key", "From", from)
	}
	return s + " " + removeWarning(k)
}

// removeWarning is what Remove loses, after the sentence naming the key.
func removeWarning(k keystore.KeyInfo) string {
	s := tr("window.remove.goneForGood") + " "
	kind, known := lastKind(k.LastTest)
	switch {
	case known && kind == apiclient.NotRecognised:
		s += tr("window.remove.lastRefused")
	case known && kind == apiclient.NoAPIAccess:
		s += tr("window.remove.lastNoAPIAccess")
	case known && kind == apiclient.Works:
		s += tr("window.remove.lastWorks")
	default:
		s += tr("window.remove.lastUnknown")
	}
	if r := k.Retiring; r != nil {
		if r.Ending != "" {
			s += " " + tr("window.remove.retiringEnding", "Ending", r.Ending)
		} else {
			s += " " + tr("window.remove.retiring")
		}
	}
	return s
}

// lastKind is the kind of a recorded test, if it is one OnceKey knows.
func lastKind(t *keystore.TestRecord) (apiclient.Kind, bool) {
	if t == nil {
		return 0, false
	}
	return apiclient.ParseKind(t.Result)
}

// SavedMeanwhile says that another OnceKey window or script saved a key
// under this name while the admin was pasting one, so the window shows that
// key instead of writing over it.
func SavedMeanwhile() string { return tr("window.savedMeanwhile") }

// ChangedMeanwhile says that another OnceKey window or script changed the
// key shown while a Rotate or Remove was asked for, so nothing was done.
func ChangedMeanwhile() string { return tr("window.changedMeanwhile") }

// RemovedNote is the window's note after a removal.
func RemovedNote(ending string) string {
	if ending == "" {
		return tr("window.removed")
	}
	return tr("window.removed.ending", "Ending", ending)
}

// WhereBeforeSave tells the admin, before saving, where the key will go.
func WhereBeforeSave(where keystore.Place) string {
	if where == keystore.PlaceSession {
		return tr("window.whereBeforeSave.session")
	}
	return tr("window.whereBeforeSave", "In", inPlace(where))
}

// BrowserFailed says the web page could not be opened, and where it is.
func BrowserFailed() string {
	return tr("window.browserFailed", "URL", apiclient.KeysPageURL)
}

// ListNotWritten says the list of key names could not be written; the
// keychain part is done.
func ListNotWritten() string {
	return tr("window.listNotWritten") + " " + KeySafeInKeychain()
}

// ClearDelayLabel names a clipboard delay as Settings shows it.
func ClearDelayLabel(d time.Duration) string {
	switch d {
	case 0:
		return tr("window.clearDelay.never")
	case time.Minute:
		return tr("window.clearDelay.oneMinute")
	}
	return Wait(d)
}
