package words

import (
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keystore"
)

// The window's fixed sentences.
// FirstRunIntro is the first-run view's one sentence on where the key is.
func FirstRunIntro() string {
	return "Create a key in OnceHub: " + createKeyClicks() + ". " +
		"OnceHub shows a new key only once: copy it there and paste it here, and OnceKey keeps the copy. " +
		"OnceKey is not a backup: if this computer's keychain is lost, so are the keys in it."
}

// KeychainWaitNote is shown when the keychain takes long to answer,
// usually because it waits on its own unlock prompt.
func KeychainWaitNote() string {
	return "Waiting for your keychain to unlock (a system prompt may be open)."
}

// ClipboardStillHoldsNote offers to clear a key pasted from the clipboard.
// Clearing the clipboard cannot reach a clipboard history: OnceHub's own
// "Copy & close" put the key there before OnceKey saw it.
func ClipboardStillHoldsNote() string {
	return "The key you pasted is still on the clipboard, where other programs can read it. " +
		"Clearing it cannot reach a clipboard history that has already kept it."
}

// ClipboardCleared and ClipboardReplaced end a copy's countdown.
func ClipboardCleared() string { return "The clipboard was cleared." }

// CopyFailed: the system's clipboard refused the copy, and the key was
// not copied at all rather than copied unmarked.
func CopyFailed() string {
	return "The key could not be copied: the clipboard is busy. Try Copy again in a moment."
}

func ClipboardReplaced() string {
	return "Something else was copied since, so the clipboard was left as it is."
}

// RequestIDCopied confirms Copy Request-Id.
func RequestIDCopied() string { return "Request-Id copied." }

// NoFileNote replaces the first-run view's line on where the key will be
// kept while the keychain cannot be used.
func NoFileNote() string { return "OnceKey never saves your key to a file." }

// StoppedWaiting is the banner after the admin stopped a keychain wait.
func StoppedWaiting() string { return "Stopped waiting for your keychain. Nothing was changed." }

// KeySafeInKeychain follows a problem with the list of key names.
func KeySafeInKeychain() string { return "Your key itself is safe in the keychain." }

// SameKeyAgain refuses a "new" key that is the one saved already.
func SameKeyAgain() string {
	return "This is the key already saved. Paste the new key you created in OnceHub."
}

// Testing is the busy line of a test in flight; Cancelling follows Cancel.
func Testing() string { return "Testing the key with OnceHub…" }

func Cancelling() string { return "Cancelling…" }

// TestingNew, SavingKey, SavingNewKey and RemovingKey are busy lines.
func TestingNew() string { return "Testing the new key with OnceHub…" }

func SavingKey() string { return "Saving the key…" }

func SavingNewKey() string { return "Saving the new key…" }

func RemovingKey() string { return "Removing the key…" }

// Opening is the window's first line, before the keychain is asked.
func Opening() string { return "Opening…" }

// ClearDelayExplained explains the setting of how long a copy stays.
func ClearDelayExplained() string {
	return "After you copy the key, OnceKey clears the clipboard when this time is up, unless you have copied something else by then."
}

// Reading is the line while the key is read from the keychain.
func Reading(p keystore.Place, haveEnding bool) string {
	place := "the keychain"
	if p != keystore.PlaceSystemKeyring {
		place = PlaceName(p)
	}
	if haveEnding {
		return "Reading the key from " + place + "…"
	}
	return "Reading from " + place + "…"
}

// Headline is a test's first line in the main view: "Works, account
// admin@example.com, checked just now", or the summary of a failure.
func Headline(o apiclient.Outcome, at, now time.Time) string {
	if o.Kind != apiclient.Works {
		return Outcome(o).Summary
	}
	h := "Works"
	if o.Account != "" {
		h += ", account " + o.Account
	}
	return h + ", checked " + Since(at, now)
}

// Checked says when a failed test ran: "Checked 3 minutes ago."
func Checked(at, now time.Time) string {
	return "Checked " + Since(at, now) + "."
}

// CandidateOutcome is Outcome for a new key tested in Rotate before it is
// stored. A key OnceHub does not recognise was made a moment ago, so it
// cannot have been deleted or regenerated since: what is likely is a key
// copied in part, or one OnceHub has not started accepting yet.
func CandidateOutcome(o apiclient.Outcome) Said {
	s := Outcome(o)
	if o.Kind == apiclient.NotRecognised {
		s.Summary = "OnceHub does not recognise this new key."
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
		return "Check that you copied the whole key when OnceHub showed it; a key made a moment ago may take a little while to work. " +
			"If you know it is right, choose Keep it anyway."
	case apiclient.NoAPIAccess:
		return "You can keep it anyway: it will work once the account's plan includes API access."
	}
	return ""
}

// RetryNote is the countdown while OnceHub asks for a pause.
func RetryNote(left time.Duration) string {
	return "OnceHub asked for a pause: you can test again in " + Wait(left) + "."
}

// CopyNote is the note after Copy, counting down to the clearing of the
// clipboard; never says the clipboard is not cleared at all.
func CopyNote(left time.Duration, never bool) string {
	if never {
		return "Copied. The clipboard will not be cleared automatically (see Settings)."
	}
	return "Copied. The clipboard will be cleared in " + Wait(left) + "."
}

// RemoveQuestionOf is the confirmation before Remove of the key k as
// listed: its ending (and its name, when the window names it) and where it
// is, so the admin knows which key goes; and true to what its last test
// says: a key OnceHub no longer knows does not keep working, one whose
// account has no API access works nowhere until the plan has it, and one
// never tested (or whose test said nothing) may or may not work. A pending
// rotation's old key goes too.
func RemoveQuestionOf(k keystore.KeyInfo, named bool, where keystore.Place) string {
	what := KeyEnding(k.Ending)
	if named {
		what = "“" + k.Name + "”"
		if k.Ending != "" {
			what += ", the key ending in " + k.Ending + ","
		}
	}
	return removeQuestion(what, where, k)
}

func removeQuestion(what string, where keystore.Place, k keystore.KeyInfo) string {
	s := "OnceKey will remove " + what + " from " + PlaceName(where) + ". " +
		"OnceHub cannot show this key again, and OnceKey is not a backup: unless you saved the key elsewhere, it is gone for good. "
	kind, known := lastKind(k.LastTest)
	switch {
	case known && kind == apiclient.NotRecognised:
		s += "Its last test was refused: OnceHub no longer knows it, so no tool can use it anyway."
	case known && kind == apiclient.NoAPIAccess:
		s += "OnceHub still knows it, but this account's plan has no API access, so no tool can use it now. " +
			"It will work once the plan includes API access, unless you delete it in OnceHub."
	case known && kind == apiclient.Works:
		s += "It keeps working in OnceHub, and in every tool it was pasted into, until you delete it in OnceHub."
	default:
		s += "If it still works in OnceHub, it keeps working there, and in every tool it was pasted into, until you delete it in OnceHub."
	}
	if r := k.Retiring; r != nil {
		s += " OnceKey also forgets " + oldKey(r.Ending) + " that it kept from a rotation; it too works until it is deleted in OnceHub."
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
func SavedMeanwhile() string {
	return "Another OnceKey window or script saved a key here meanwhile, so OnceKey shows that key instead of writing over it. To put yours in its place, use Rotate."
}

// ChangedMeanwhile says that another OnceKey window or script changed the
// key shown while a Rotate or Remove was asked for, so nothing was done.
func ChangedMeanwhile() string {
	return "Another OnceKey window or script changed this key meanwhile, so nothing was rotated or removed. The window shows the key as it is now."
}

// RemovedNote is the window's note after a removal.
func RemovedNote(ending string) string {
	if ending == "" {
		return "The key was removed."
	}
	return "The key ending in " + ending + " was removed."
}

// WhereBeforeSave tells the admin, before saving, where the key will go.
func WhereBeforeSave(where keystore.Place) string {
	if where == keystore.PlaceSession {
		return "The key will be kept for this session only: OnceKey forgets it when it closes."
	}
	return "The key will be stored in " + PlaceName(where) + ", never in a file."
}

// BrowserFailed says the web page could not be opened, and where it is.
func BrowserFailed() string {
	return "Your web browser could not be opened. OnceHub's API page is at " + apiclient.KeysPageURL
}

// ListNotWritten says the list of key names could not be written; the
// keychain part is done.
func ListNotWritten() string {
	return "OnceKey could not save its list of key names. " + KeySafeInKeychain()
}

// ClearDelayLabel names a clipboard delay as Settings shows it.
func ClearDelayLabel(d time.Duration) string {
	switch d {
	case 0:
		return "Never"
	case time.Minute:
		return "1 minute"
	}
	return Wait(d)
}
