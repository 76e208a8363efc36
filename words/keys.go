package words

// The window's words for several named keys: the list at the side, Add key,
// Rename, the admin's note, Test all, and a key's age.

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
)

// createKeyClicks are the clicks that create a key in OnceHub.
func createKeyClicks() string { return tr("clicks.createKeyShort") }

// AddKeyIntro is the Add key dialog's first line: where a new key is
// made, and that OnceHub shows it only once.
func AddKeyIntro() string {
	return "Create the key in OnceHub first (" + createKeyClicks() + "), " +
		"then copy it and paste it here: OnceHub shows a new key only once."
}

// AddKeyNameHint sits under the name entry: OnceHub's API cannot tell
// OnceKey a key's name, so the admin gives it.
func AddKeyNameHint() string {
	return "Use the name it has in OnceHub, such as “Production CRM”, so you can tell them apart."
}

// NoNote is shown where a key's note would be, before there is one.
func NoNote() string { return "No note. Add one to remember where this key is used." }

// NotePlaceholder is the note entry's hint.
func NotePlaceholder() string { return "Where this key is used, such as Zapier, HubSpot" }

// RotateAfterExplained explains the setting of when to suggest a new key.
func RotateAfterExplained() string {
	return "OnceHub advises a new key at least every 6 months. " +
		"OnceKey suggests one, with a Rotate button, once a key is older than this."
}

// Renaming and SavingNote are busy lines.
func Renaming() string { return "Renaming the key…" }

func SavingNote() string { return "Saving the note…" }

// AgeUnknown is the age of a key listed again from the keychain, which
// did not say when it was saved.
func AgeUnknown() string { return "age unknown" }

// NameProblem says why a name cannot be used for a new or renamed key (an
// invalid name, a name taken, OnceHub's limit of keys); "" for nil. It
// never repeats anything but a name already saved.
func NameProblem(err error) string {
	var taken *keys.NameTakenError
	var limit *keys.LimitError
	var ke *keystore.Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &taken):
		return NameTakenHere(taken.Name)
	case errors.As(err, &limit):
		return ListFullHere(limit.Max)
	case errors.As(err, &ke) && ke.Kind == keystore.Invalid:
		what, _ := invalid(ke.Problem)
		return what
	}
	return Keychain(err).Sentence()
}

// NameTakenHere refuses a name that a saved key has already; listed is that
// key's name as saved. Names that differ only in capital letters count as
// the same (Windows' Credential Manager cannot tell them apart).
func NameTakenHere(listed string) string {
	return "A key named “" + listed + "” is saved already, and names that differ only in capital letters count as the same. Choose another name."
}

// ListFullHere refuses a key beyond OnceHub's limit, in the window.
func ListFullHere(max int) string {
	return fmt.Sprintf("OnceHub keeps up to %d keys per account, and OnceKey keeps %d already. Delete a key you no longer use in OnceHub, then remove it here too.", max, max)
}

// AddedNote is the note after a key was added; its test follows at once.
func AddedNote(name string) string {
	return "“" + name + "” was saved."
}

// RemovedNamedNote is RemovedNote for one of several keys.
func RemovedNamedNote(name, ending string) string {
	if ending == "" {
		return "“" + name + "” was removed."
	}
	return "“" + name + "”, the key ending in " + ending + ", was removed."
}

// PrintCommand is the command a script uses to get the key called name.
func PrintCommand(name string) string {
	return fmt.Sprintf("oncekey print --name %q", name)
}

// RenameWarning says what a rename breaks: scripts find a key by its name.
func RenameWarning(old string) string {
	return "Scripts and tools that ask OnceKey for this key by its name, such as " + PrintCommand(old) +
		", will stop finding it. Change them to the new name."
}

// LastTestWord names a key's last test in a word or two, for the list of
// keys, where it sits beside a coloured mark (for readers who cannot tell
// the colours apart): "Works", "Refused", "Not tested", or "Could not test"
// when the test said nothing about the key (no connection, trouble at
// OnceHub, a pause OnceHub asked for, a connection that was not secure).
func LastTestWord(rec *keystore.TestRecord) string {
	if rec == nil || rec.At.IsZero() {
		return "Not tested"
	}
	k, ok := apiclient.ParseKind(rec.Result)
	switch {
	case !ok:
		// Written by a newer OnceKey: it says nothing this one can read.
		return "Tested"
	case k == apiclient.Works:
		return "Works"
	case RefusedKind(k):
		return "Refused"
	case k == apiclient.Cancelled:
		return "Not tested"
	}
	return "Could not test"
}

// RefusedKind reports whether a test of kind k says the key itself is
// refused, as opposed to a test that could not say either way.
func RefusedKind(k apiclient.Kind) bool {
	switch k {
	case apiclient.NotRecognised, apiclient.NoAPIAccess, apiclient.InvalidKey:
		return true
	}
	return false
}

// Age says how old a key is, from when it was saved: "saved 3 months ago",
// or "age unknown" when that is not known (a key listed again from the
// keychain, which did not keep the date).
func Age(savedAt, now time.Time) string {
	if savedAt.IsZero() {
		return AgeUnknown()
	}
	return "saved " + ago(savedAt, now)
}

// ago is Since, in months from 60 days and in years from two years, as
// people say the age of something they keep.
func ago(then, now time.Time) string {
	days := Days(then, now)
	switch {
	case days < 60:
		return Since(then, now)
	case days < 730:
		return trN("ago.months", Months(then, now))
	default:
		return trN("ago.years", days/365)
	}
}

// Months is the number of whole months (of 30 days) from then to now.
func Months(then, now time.Time) int { return Days(then, now) / 30 }

// sixMonths is OnceHub's advice on how often to make a new key.
const sixMonths = keys.DefaultRotateAfter

// AgeReminder is the gentle line shown beside Rotate once a key is older
// than after (the setting; OnceHub advises 6 months).
func AgeReminder(savedAt, now time.Time, after time.Duration) string {
	s := "Saved " + ago(savedAt, now) + ". "
	if after < sixMonths {
		months := max(1, int(after/(24*time.Hour))/30)
		every := "every month"
		if months > 1 {
			every = fmt.Sprintf("every %d months", months)
		}
		return s + "Your settings ask for a new key " + every + ", and OnceHub advises one at least every 6 months."
	}
	return s + "OnceHub advises a new key at least every 6 months."
}

// RotateAfterLabel names a choice of the setting, in months.
func RotateAfterLabel(months int) string {
	switch months {
	case 1:
		return "1 month"
	case 6:
		return "6 months (OnceHub's advice)"
	}
	return fmt.Sprintf("%d months", months)
}

// TestAllProgress says which key Test all is testing: "Testing 3 of 7:
// Production CRM".
func TestAllProgress(n, total int, name string) string {
	return fmt.Sprintf("Testing %d of %d: %s", n, total, name)
}

// TestAllWaiting says that Test all waits out a pause OnceHub asked for.
func TestAllWaiting(left time.Duration) string {
	return "Waiting " + Wait(left) + ": OnceHub asked for a pause."
}

// TestAllSummary counts the outcomes of Test all: "5 work, 1 refused, 1
// could not be tested."
func TestAllSummary(works, refused, trouble int) string {
	var parts []string
	if works > 0 || refused+trouble == 0 {
		verb := "work"
		if works == 1 {
			verb = "works"
		}
		parts = append(parts, fmt.Sprintf("%d %s", works, verb))
	}
	if refused > 0 {
		parts = append(parts, fmt.Sprintf("%d refused", refused))
	}
	if trouble > 0 {
		parts = append(parts, fmt.Sprintf("%d could not be tested", trouble))
	}
	return strings.Join(parts, ", ") + "."
}

// TestAllRefused names the keys Test all found refused.
func TestAllRefused(names []string) string {
	return "Refused by OnceHub: " + quotedList(names) + ". Select a key in the list to see why and what to do."
}

// TestAllTrouble names the keys Test all could not test.
func TestAllTrouble(names []string) string {
	return "Could not be tested: " + quotedList(names) + ". Select a key in the list to see why, then test it again."
}

// TestAllStopped says Test all was stopped before the end.
func TestAllStopped(done, total int) string {
	return fmt.Sprintf("Stopped after %d of %d keys.", done, total)
}

func quotedList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "“" + n + "”"
	}
	return strings.Join(q, ", ")
}

// TestAllCount is the progress bar's text: "3 of 7 tested".
func TestAllCount(done, total int) string {
	return fmt.Sprintf("%d of %d tested", done, total)
}

// RenameCaseOnly replaces RenameWarning while the new name differs from the
// old one only in capital letters: OnceKey finds a key by its name ignoring
// case, so scripts go on finding it.
func RenameCaseOnly() string {
	return "Only capital letters change: scripts and tools that ask OnceKey for this key by its old name still find it."
}

// RenamedHere is the note after the window renamed a key.
func RenamedHere(old, name string) string {
	if strings.EqualFold(old, name) {
		return "“" + old + "” is now named “" + name + "”."
	}
	return "“" + old + "” is now named “" + name + "”. Scripts and tools that ask OnceKey for “" + old + "” must now ask for “" + name + "”."
}

// RenamedElsewhere says that another OnceKey window or script renamed the
// key shown; the window follows it to its new name.
func RenamedElsewhere(old, name string) string {
	return "Another OnceKey window or script renamed “" + old + "” to “" + name + "”."
}

// RenameChangedMeanwhile says a rename was not made: the key was renamed or
// removed by another OnceKey window or script first.
func RenameChangedMeanwhile() string {
	return "Another OnceKey window or script renamed or removed this key meanwhile, so OnceKey did not rename it. The window shows the keys as they are now."
}

// ListUnusable says that a change kept in the list of key names (a rename,
// a note) was not made, because the list could not be read or written.
func ListUnusable(err error) string {
	var lock *keystore.LockError
	if errors.As(err, &lock) {
		return "Another OnceKey window or script is changing the list of keys right now, so nothing was changed. Try again in a moment."
	}
	return "OnceKey could not read or write its list of key names, so nothing was changed. Try again."
}

// NoteLooksLikeKey refuses a note with a word that could be a key. The
// check also catches long e-mail and web addresses, so the words say so.
func NoteLooksLikeKey() string {
	return "That looks like a key, or a long web or e-mail address. Notes are kept in a plain file, " +
		"so a key must never go there: write where the key is used, such as Zapier or HubSpot."
}

// NoteProblem says why a note cannot be kept, while it is typed; "" for
// nil. It never repeats the note.
func NoteProblem(err error) string {
	var ne *keys.NoteError
	if err == nil {
		return ""
	}
	if errors.As(err, &ne) {
		switch ne.Problem {
		case keys.NoteTooLong:
			return fmt.Sprintf("A note can have at most %d characters.", keystore.MaxNoteLen)
		case keys.NoteControl:
			return "A note is one line of plain text, without tabs or line breaks."
		case keys.NoteLooksLikeKey:
			return NoteLooksLikeKey()
		}
		return "OnceKey cannot keep this note. Write where the key is used, such as Zapier or HubSpot."
	}
	return NoteNotSaved(err)
}

// NoteNotSaved says why a note was not kept, after Save; the view shows the
// note saved before.
func NoteNotSaved(err error) string {
	var ne *keys.NoteError
	var gone *keys.GoneError
	var unusable *keys.ListUnusableError
	switch {
	case errors.As(err, &ne):
		return "The note was not saved. " + NoteProblem(err)
	case errors.As(err, &gone):
		return "The note was not saved: another OnceKey window or script renamed or removed this key meanwhile."
	case errors.As(err, &unusable):
		return "The note was not saved. " + ListUnusable(err)
	}
	return "The note was not saved. Try again."
}

// AddKeyRenameFirst is shown in Add key while the one key saved is still
// called by the first key's name: with two keys, names tell them apart.
// With one key there is no list yet: Rename sits beside the key's name.
func AddKeyRenameFirst(first string) string {
	return "Your first key is named “" + first + "”. To tell the keys apart, give it the name it has in OnceHub: choose Rename beside its name."
}

// TestAllPaceExplained explains the setting of Test all's pace.
func TestAllPaceExplained() string {
	return "Test all tests your keys one after another. OnceHub allows 5 requests a second per account, " +
		"and your other tools that use OnceHub need some of them."
}

// PaceLabel names a choice of Test all's pace, in tests per second.
func PaceLabel(n, recommended int) string {
	if n == recommended {
		return fmt.Sprintf("%d (recommended)", n)
	}
	return fmt.Sprintf("%d", n)
}
