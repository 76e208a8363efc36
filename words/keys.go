package words

// The window's words for several named keys: the list at the side, Add key,
// Rename, the admin's note, Test all, and a key's age.

import (
	"errors"
	"fmt"
	"strconv"
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
	return tr("keys.add.intro", "Clicks", createKeyClicks())
}

// AddKeyNameHint sits under the name entry: OnceHub's API cannot tell
// OnceKey a key's name, so the admin gives it.
func AddKeyNameHint() string { return tr("keys.add.nameHint") }

// NoNote is shown where a key's note would be, before there is one.
func NoNote() string { return tr("keys.note.none") }

// NotePlaceholder is the note entry's hint.
func NotePlaceholder() string { return tr("keys.note.placeholder") }

// RotateAfterExplained explains the setting of when to suggest a new key.
func RotateAfterExplained() string { return tr("keys.rotateAfter.explained") }

// Renaming and SavingNote are busy lines.
func Renaming() string { return tr("keys.renaming") }

func SavingNote() string { return tr("keys.note.saving") }

// AgeUnknown is the age of a key listed again from the keychain, which
// did not say when it was saved.
func AgeUnknown() string { return tr("keys.age.unknown") }

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
	return tr("keys.name.taken", "Name", listed)
}

// ListFullHere refuses a key beyond OnceHub's limit, in the window.
func ListFullHere(max int) string {
	return trN("keys.list.full", max)
}

// AddedNote is the note after a key was added; its test follows at once.
func AddedNote(name string) string {
	return tr("keys.added", "Name", name)
}

// RemovedNamedNote is RemovedNote for one of several keys.
func RemovedNamedNote(name, ending string) string {
	if ending == "" {
		return tr("keys.removed", "Name", name)
	}
	return tr("keys.removed.ending", "Name", name, "Ending", ending)
}

// PrintCommand is the command a script uses to get the key called name.
// It is typed as it is, in every language.
func PrintCommand(name string) string {
	return fmt.Sprintf("oncekey print --name %q", name)
}

// RenameWarning says what a rename breaks: scripts find a key by its name.
func RenameWarning(old string) string {
	return tr("keys.rename.warning", "Command", PrintCommand(old))
}

// LastTestWord names a key's last test in a word or two, for the list of
// keys, where it sits beside a coloured mark (for readers who cannot tell
// the colours apart): "Works", "Refused", "Not tested", or "Could not test"
// when the test said nothing about the key (no connection, trouble at
// OnceHub, a pause OnceHub asked for, a connection that was not secure).
func LastTestWord(rec *keystore.TestRecord) string {
	if rec == nil || rec.At.IsZero() {
		return tr("keys.lastTest.notTested")
	}
	k, ok := apiclient.ParseKind(rec.Result)
	switch {
	case !ok:
		// Written by a newer OnceKey: it says nothing this one can read.
		return tr("keys.lastTest.tested")
	case k == apiclient.Works:
		return tr("keys.lastTest.works")
	case RefusedKind(k):
		return tr("keys.lastTest.refused")
	case k == apiclient.Cancelled:
		return tr("keys.lastTest.notTested")
	}
	return tr("keys.lastTest.couldNotTest")
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
	return tr("keys.age.saved", "Ago", ago(savedAt, now))
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
	if after < sixMonths {
		months := max(1, int(after/(24*time.Hour))/30)
		return trN("keys.ageReminder.setting", months, "Ago", ago(savedAt, now))
	}
	return tr("keys.ageReminder", "Ago", ago(savedAt, now))
}

// RotateAfterLabel names a choice of the setting, in months.
func RotateAfterLabel(months int) string {
	if months == 6 {
		return tr("keys.rotateAfter.advised")
	}
	return trN("keys.rotateAfter.months", months)
}

// TestAllProgress says which key Test all is testing: "Testing 3 of 7:
// Production CRM".
func TestAllProgress(n, total int, name string) string {
	return tr("keys.testAll.progress", "N", n, "Total", total, "Name", name)
}

// TestAllWaiting says that Test all waits out a pause OnceHub asked for.
func TestAllWaiting(left time.Duration) string {
	return tr("keys.testAll.waiting", "Wait", Wait(left))
}

// TestAllSummary counts the outcomes of Test all: "5 work, 1 refused, 1
// could not be tested." Each count is a clause of its own, so a list of
// them reads right in every language.
func TestAllSummary(works, refused, trouble int) string {
	var parts []string
	if works > 0 || refused+trouble == 0 {
		parts = append(parts, trN("keys.testAll.summary.works", works))
	}
	if refused > 0 {
		parts = append(parts, trN("keys.testAll.summary.refused", refused))
	}
	if trouble > 0 {
		parts = append(parts, trN("keys.testAll.summary.trouble", trouble))
	}
	return tr("keys.testAll.summary", "Parts", strings.Join(parts, ", "))
}

// TestAllRefused names the keys Test all found refused; the count agrees
// the words with one key or several outside English.
func TestAllRefused(names []string) string {
	return trN("keys.testAll.refused", len(names), "Names", quotedList(names))
}

// TestAllTrouble names the keys Test all could not test.
func TestAllTrouble(names []string) string {
	return trN("keys.testAll.trouble", len(names), "Names", quotedList(names))
}

// TestAllStopped says Test all was stopped before the end.
func TestAllStopped(done, total int) string {
	return trN("keys.testAll.stopped", total, "Done", done)
}

// quotedList puts each name between the language's quotation marks.
func quotedList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = tr("keys.quoted", "Name", n)
	}
	return strings.Join(q, ", ")
}

// TestAllCount is the progress bar's text: "3 of 7 tested".
func TestAllCount(done, total int) string {
	return trN("keys.testAll.count", done, "Total", total)
}

// RenameCaseOnly replaces RenameWarning while the new name differs from the
// old one only in capital letters: OnceKey finds a key by its name ignoring
// case, so scripts go on finding it.
func RenameCaseOnly() string { return tr("keys.rename.caseOnly") }

// RenamedHere is the note after the window renamed a key.
func RenamedHere(old, name string) string {
	if strings.EqualFold(old, name) {
		return tr("keys.renamed.caseOnly", "Old", old, "Name", name)
	}
	return tr("keys.renamed", "Old", old, "Name", name)
}

// RenamedElsewhere says that another OnceKey window or script renamed the
// key shown; the window follows it to its new name.
func RenamedElsewhere(old, name string) string {
	return tr("keys.renamed.elsewhere", "Old", old, "Name", name)
}

// RenameChangedMeanwhile says a rename was not made: the key was renamed or
// removed by another OnceKey window or script first.
func RenameChangedMeanwhile() string { return tr("keys.rename.changedMeanwhile") }

// ListUnusable says that a change kept in the list of key names (a rename,
// a note) was not made, because the list could not be read or written.
func ListUnusable(err error) string {
	var lock *keystore.LockError
	if errors.As(err, &lock) {
		return tr("keys.list.locked")
	}
	return tr("keys.list.unusable")
}

// NoteLooksLikeKey refuses a note with a word that could be a key. The
// check also catches long e-mail and web addresses, so the words say so.
func NoteLooksLikeKey() string { return tr("keys.note.looksLikeKey") }

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
			return tr("keys.note.tooLong", "Max", strconv.Itoa(keystore.MaxNoteLen))
		case keys.NoteControl:
			return tr("keys.note.control")
		case keys.NoteLooksLikeKey:
			return NoteLooksLikeKey()
		}
		return tr("keys.note.cannotKeep")
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
		return tr("keys.note.notSaved.because", "Why", NoteProblem(err))
	case errors.As(err, &gone):
		return tr("keys.note.notSaved.gone")
	case errors.As(err, &unusable):
		return tr("keys.note.notSaved.because", "Why", ListUnusable(err))
	}
	return tr("keys.note.notSaved")
}

// AddKeyRenameFirst is shown in Add key while the one key saved is still
// called by the first key's name: with two keys, names tell them apart.
// With one key there is no list yet: Rename sits beside the key's name.
func AddKeyRenameFirst(first string) string {
	return tr("keys.add.renameFirst", "Name", first)
}

// TestAllPaceExplained explains the setting of Test all's pace.
func TestAllPaceExplained() string { return tr("keys.pace.explained") }

// PaceLabel names a choice of Test all's pace, in tests per second.
func PaceLabel(n, recommended int) string {
	if n == recommended {
		return tr("keys.pace.recommended", "N", n)
	}
	return strconv.Itoa(n)
}
