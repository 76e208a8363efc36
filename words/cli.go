package words

// The command line's words. The commands inside them ("oncekey set
// --name ...") stay as they are in every language: people type them.

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
)

// Usage is the command line's help text, ending in a new line.
func Usage() string {
	return tr("cli.usage", "Name", nameInQuotes(keystore.DefaultName), "URL", apiclient.DefaultBaseURL)
}

// VersionLine is what "oncekey --version" prints: the product's name and
// its version, the same in every language.
func VersionLine(version string) string { return "OnceKey " + version }

// nameInQuotes is a name as the messages put it between their language's
// quotation marks. English shows it escaped as Go's %q does, as it always
// has; the others escape only what is not printable, as their quotation
// marks are not the name's own. Either way a name cannot break a line or
// play tricks on a terminal.
func nameInQuotes(name string) string {
	if Language() == "en" {
		q := strconv.Quote(name)
		return q[1 : len(q)-1]
	}
	var b strings.Builder
	for _, r := range name {
		if strconv.IsPrint(r) {
			b.WriteRune(r)
			continue
		}
		q := strconv.QuoteRune(r)
		b.WriteString(q[1 : len(q)-1])
	}
	return b.String()
}

// UnknownCommand refuses a command OnceKey does not have.
func UnknownCommand(cmd string) string {
	return tr("cli.unknownCommand", "Command", nameInQuotes(cmd))
}

// CommandLooksLikeKey refuses a command that looks like an API key,
// without repeating it.
func CommandLooksLikeKey() string { return tr("cli.commandLooksLikeKey") }

// OptionsNotUnderstood refuses options that could not be parsed. It never
// repeats them: a value may be a key typed in the wrong place.
func OptionsNotUnderstood(cmd string) string {
	return tr("cli.optionsNotUnderstood", "Command", cmd)
}

// NoArguments refuses a stray argument without repeating it: it may well be
// the key itself.
func NoArguments(cmd string) string { return tr("cli.noArguments", "Command", cmd) }

// NameLooksLikeKey refuses a --name that looks like an API key.
func NameLooksLikeKey() string { return tr("cli.nameLooksLikeKey") }

// PastePrompt asks for the key at a terminal; the answer follows on the
// same line.
func PastePrompt() string { return tr("cli.pastePrompt") }

// StdinUnreadable: standard input could not be read.
func StdinUnreadable() string { return tr("cli.stdinUnreadable") }

// TerminalUnreadable: the terminal could not be read.
func TerminalUnreadable() string { return tr("cli.terminalUnreadable") }

// InputFarTooLong refuses standard input too long to be read whole. It
// sends nobody to OnceHub for the key: OnceHub showed it once, at its
// creation, and cannot show it again.
func InputFarTooLong() string { return tr("cli.inputFarTooLong") }

// ReadStopped: the user stopped the program while it waited for the key.
func ReadStopped() string { return tr("cli.readStopped") }

// NoSettingsFolder: there is no folder to keep the list of keys in. cause
// is technical text for the IT team.
func NoSettingsFolder(cause error) string {
	return tr("cli.noSettingsFolder", "Cause", cause.Error())
}

// ListUnreadable: the list of key names exists but could not be read.
func ListUnreadable(err error) string {
	// The file system's own error names the file and the cause; any
	// wrapping around it is not repeated.
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe
	}
	return tr("cli.listUnreadable", "Cause", err.Error())
}

// ListReset says that the list of key names was damaged and reset, and
// that nobody need do anything: the keys are in the keychain, and the list
// is made again from it. movedTo is where the damaged file was kept, ""
// if it could not be kept.
func ListReset(movedTo string) string {
	s := tr("cli.listReset")
	if movedTo != "" {
		s += " " + tr("cli.listReset.keptAs", "File", filepath.Base(movedTo))
	}
	return s
}

// SetCommand is the command that saves a key under name, as a user types
// it: the same in every language, quoted for a shell as %q quotes.
func SetCommand(name string) string {
	return fmt.Sprintf("oncekey set --name %q", name)
}

// OutcomeForScripts is Outcome for the command line, where the window's
// Rotate is "oncekey set". name is the saved key's name, "" for a key
// that is not saved.
func OutcomeForScripts(o apiclient.Outcome, name string) Said {
	s := Outcome(o)
	if o.Kind == apiclient.NotRecognised {
		s.NextStep = tr("cli.notRecognised.next", "URL", apiclient.KeysPageURL)
		if name != "" {
			s.NextStep = tr("cli.notRecognised.nextSaved", "URL", apiclient.KeysPageURL, "Command", SetCommand(name)+" --replace")
		}
	}
	return s
}

// TestReport is what the command line prints about a test: one line of
// plain words, then a line of details for support when something is wrong.
func TestReport(o apiclient.Outcome, name string) []string {
	s := OutcomeForScripts(o, name)
	parts := []string{s.Summary}
	if o.Kind != apiclient.Works {
		parts = append(parts, s.KeyFate, s.NextStep)
	}
	lines := []string{joinNonEmpty(parts)}
	if d := Details(o); d != "" && o.Kind != apiclient.Works {
		lines = append(lines, tr("cli.report.details", "Details", d))
	}
	return lines
}

func joinNonEmpty(parts []string) string {
	kept := parts[:0]
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " ")
}

// NoKeyNamed: nothing is saved under name.
func NoKeyNamed(name string) string {
	return tr("cli.noKeyNamed", "Name", nameInQuotes(name), "URL", apiclient.KeysPageURL, "Command", SetCommand(name))
}

// ListFull refuses a new key beyond OnceHub's limit of max keys.
func ListFull(max int) string { return trN("cli.listFull", max) }

// Saved confirms a saved key.
func Saved(ending, name string, p keystore.Place) string {
	s := tr("cli.saved.noEnding", "Name", nameInQuotes(name))
	if ending != "" {
		s = tr("cli.saved", "Ending", ending, "Name", nameInQuotes(name))
	}
	return s + " " + Where(p) + "."
}

// listCause is the file error behind a failure to write the list.
func listCause(err error) error {
	var le *keys.ListError
	if errors.As(err, &le) && le.Err != nil {
		return le.Err
	}
	return err
}

// SavedNotListed: the key is in the keychain, but the list of key names
// could not be written.
func SavedNotListed(err error) string {
	return tr("cli.savedNotListed", "Cause", listCause(err).Error())
}

// TestNotRecorded: a test's result could not be written to the list.
func TestNotRecorded(err error) string {
	return tr("cli.testNotRecorded", "Cause", listCause(err).Error())
}

// RemovedNotUnlisted: the key left the keychain, but the list of key names
// could not be written.
func RemovedNotUnlisted(err error) string {
	return tr("cli.removedNotUnlisted", "Cause", listCause(err).Error())
}

// Removed confirms a removed key, as it was listed (only its name when the
// list did not know it). Remove takes a pending rotation's old key with it,
// so that is said too: the admin may still have wanted it. Each case is a
// sentence of its own, as the old key sits inside it.
func Removed(k keystore.KeyInfo) string {
	name := nameInQuotes(k.Name)
	r := k.Retiring
	switch {
	case k.Ending == "" && r == nil:
		return tr("cli.removed", "Name", name)
	case k.Ending == "" && r.Ending == "":
		return tr("cli.removed.withOld", "Name", name)
	case k.Ending == "":
		return tr("cli.removed.withOldEnding", "Name", name, "OldEnding", r.Ending)
	case r == nil:
		return tr("cli.removed.ending", "Name", name, "Ending", k.Ending)
	case r.Ending == "":
		return tr("cli.removed.ending.withOld", "Name", name, "Ending", k.Ending)
	}
	return tr("cli.removed.ending.withOldEnding", "Name", name, "Ending", k.Ending, "OldEnding", r.Ending)
}

// RemovedGone: the keychain no longer held the key; its name is off the
// list now.
func RemovedGone(name string) string { return tr("cli.removedGone", "Name", nameInQuotes(name)) }

// NoKeysYet is what "oncekey status" says when nothing is saved.
func NoKeysYet() string { return tr("cli.noKeysYet", "URL", apiclient.KeysPageURL) }

// StatusGone is the status line of a listed key the keychain no longer
// holds.
func StatusGone(name string) string {
	return tr("cli.status.gone", "Name", name, "Command", SetCommand(name))
}

// StatusFooter closes "oncekey status": where the keys are kept.
func StatusFooter(p keystore.Place) string { return Where(p) + "." }

// StatusLine is one line of "oncekey status": name, ending, age, last
// test, then the key a rotation is retiring and the admin's note. ending is
// the key's as read from the keychain. The line is a list of short parts;
// each message carries its own separator, so that French can put its
// space before ";" and ":".
func StatusLine(k keystore.KeyInfo, ending string, now time.Time) string {
	var b strings.Builder
	if ending == "" {
		b.WriteString(tr("cli.status.key.noEnding", "Name", k.Name))
	} else {
		b.WriteString(tr("cli.status.key", "Name", k.Name, "Ending", ending))
	}
	if !k.SavedAt.IsZero() {
		b.WriteString(tr("cli.status.saved", "Ago", Since(k.SavedAt, now)))
		if keys.RotateDue(k, now, 0) {
			b.WriteString(tr("cli.status.rotateDue"))
		}
	}
	b.WriteString(lastTestPhrase(k.LastTest, now))
	if r := k.Retiring; r != nil {
		if r.Ending == "" {
			b.WriteString(tr("cli.status.retiring.noEnding"))
		} else {
			b.WriteString(tr("cli.status.retiring", "Ending", r.Ending))
		}
	}
	if k.Note != "" {
		b.WriteString(tr("cli.status.note", "Note", k.Note))
	}
	return b.String()
}

// lastTestPhrase is the status line's part about the last test.
func lastTestPhrase(t *keystore.TestRecord, now time.Time) string {
	if t == nil {
		return tr("cli.status.notTested")
	}
	ago := Since(t.At, now)
	kind, known := apiclient.ParseKind(t.Result)
	switch {
	case known && kind == apiclient.Works && t.Account != "":
		return tr("cli.status.lastTest.worksAccount", "Ago", ago, "Account", t.Account)
	case known && kind == apiclient.Works:
		return tr("cli.status.lastTest.works", "Ago", ago)
	}
	return tr("cli.status.lastTest.failed", "Ago", ago, "Result", resultPhrase(kind, known, t.Result))
}

// resultPhrase names a recorded result that did not work, briefly.
func resultPhrase(k apiclient.Kind, known bool, recorded string) string {
	if !known {
		// Written by a newer OnceKey: its identifier is the best there is.
		return strings.ReplaceAll(recorded, "-", " ")
	}
	switch k {
	case apiclient.NotRecognised:
		return tr("cli.status.result.notRecognised")
	case apiclient.NoAPIAccess:
		return tr("cli.status.result.noAPIAccess")
	case apiclient.RateLimited:
		return tr("cli.status.result.rateLimited")
	case apiclient.ServerTrouble:
		return tr("cli.status.result.serverTrouble")
	case apiclient.Unreachable:
		return tr("cli.status.result.unreachable")
	case apiclient.NotSecure:
		return tr("cli.status.result.notSecure")
	case apiclient.Unexpected:
		return tr("cli.status.result.unexpected")
	case apiclient.InvalidKey:
		return tr("cli.status.result.invalidKey")
	case apiclient.Cancelled:
		return tr("cli.status.result.cancelled")
	}
	return strings.ReplaceAll(k.String(), "-", " ")
}

// NameTaken refuses to put a key under a name that holds one already (or
// differs from one only in letter case, which Windows treats as the same).
func NameTaken(name, asked string) string {
	if name != asked {
		return tr("cli.nameTaken.case", "Name", nameInQuotes(name))
	}
	return tr("cli.nameTaken", "Name", nameInQuotes(name))
}

// ArgumentsNeeded: a command got the wrong number of arguments ("rename"
// takes the old and the new name). The arguments are not repeated.
func ArgumentsNeeded(cmd string) string {
	switch cmd {
	case "rename":
		return tr("cli.argumentsNeeded.rename")
	case "webhooks delete":
		return tr("cli.argumentsNeeded.webhooksDelete")
	}
	return NoArguments(cmd)
}

// ChooseName: several keys are saved and the command did not say which.
// The example is typed, so its name is quoted for a shell in every
// language.
func ChooseName(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = tr("cli.chooseName.quoted", "Name", nameInQuotes(n))
	}
	return trN("cli.chooseName", len(names), "Names", strings.Join(quoted, ", "), "Example", strconv.Quote(names[0]))
}

// TestOptionsClash: --stdin, --all and --name choose different keys.
func TestOptionsClash() string { return tr("cli.testOptionsClash") }

// TestBusy: another test from this process is under way.
func TestBusy() string { return tr("cli.testBusy") }

// TestAllWaitingFor: test --all waits out OnceHub's pause before testing name
// again.
// again is whether name was just tested (and OnceHub answered with the
// pause); otherwise the pause is left from an earlier test and name is
// tested for the first time.
func TestAllWaitingFor(name string, d time.Duration, again bool) string {
	if again {
		return tr("cli.testAll.waitingAgain", "Name", nameInQuotes(name), "Wait", Wait(d))
	}
	return tr("cli.testAll.waiting", "Name", nameInQuotes(name), "Wait", Wait(d))
}

// TestAllReport is what test --all prints about one key: its name and
// ending, then the same words as a single test.
func TestAllReport(name, ending string, o apiclient.Outcome) []string {
	lines := TestReport(o, name)
	if ending == "" {
		lines[0] = tr("cli.testAll.line.noEnding", "Name", name, "Report", lines[0])
	} else {
		lines[0] = tr("cli.testAll.line", "Name", name, "Ending", ending, "Report", lines[0])
	}
	for i := 1; i < len(lines); i++ {
		lines[i] = "  " + lines[i]
	}
	return lines
}

// TestAllKeyTrouble: a key could not be tested because the keychain did not
// give it.
func TestAllKeyTrouble(name string, err error) string {
	switch {
	case keystore.IsNotFound(err):
		return tr("cli.testAll.gone", "Name", name)
	case keystore.KindOf(err) != 0:
		return tr("cli.testAll.notTested", "Name", name, "Reason", KeychainForScripts(err).Sentence())
	case errors.Is(err, context.Canceled):
		return tr("cli.testAll.stopped", "Name", name)
	}
	return tr("cli.testAll.notTested", "Name", name, "Reason", CommandFailed(name, err))
}

// CommandFailed says in plain words why a command about the key called
// name failed, from the error's kind; "" for nil. Its last resort names no
// internals: an error's own text is for programmers, not for an admin.
func CommandFailed(name string, err error) string {
	var (
		choose   *keys.ChooseNameError
		limit    *keys.LimitError
		taken    *keys.NameTakenError
		unusable *keys.ListUnusableError
		listErr  *keys.ListError
		changed  *keys.ChangedError
		gone     *keys.GoneError
		pending  *keys.RotationPendingError
		note     *keys.NoteError
		lock     *keystore.LockError
		kerr     *keystore.Error
		config   *apiclient.ConfigError
		input    *apiclient.InputError
	)
	switch {
	case err == nil:
		return ""
	case keystore.IsNotFound(err):
		return NoKeyNamed(name)
	case errors.As(err, &choose):
		return ChooseName(choose.Names)
	case errors.As(err, &limit):
		return ListFull(limit.Max)
	case errors.As(err, &taken):
		return NameTaken(taken.Name, name)
	case errors.As(err, &unusable):
		// Before the lock: ListUnusable says which of the two it was.
		return ListUnusable(err)
	case errors.As(err, &lock):
		return Keychain(err).Sentence()
	case errors.As(err, &kerr):
		// Only the window can keep a key for this session: these words
		// say what a script's user can do instead.
		return KeychainForScripts(err).Sentence()
	case errors.As(err, &listErr):
		return tr("cli.failed.listNotWritten")
	case errors.As(err, &changed):
		return tr("cli.failed.changed", "Name", nameInQuotes(changed.Name))
	case errors.As(err, &gone):
		return NoKeyNamed(gone.Name)
	case errors.As(err, &pending) && pending.Ending == "":
		return tr("cli.failed.rotationPending.noEnding", "Name", nameInQuotes(pending.Name))
	case errors.As(err, &pending):
		return tr("cli.failed.rotationPending", "Name", nameInQuotes(pending.Name), "Ending", pending.Ending)
	case errors.As(err, &note):
		return NoteProblem(err)
	case errors.Is(err, keys.ErrSameKey):
		return tr("cli.failed.sameKey")
	case errors.Is(err, keys.ErrBusy):
		return TestBusy()
	case errors.Is(err, context.Canceled):
		return tr("cli.failed.cancelled")
	case errors.Is(err, context.DeadlineExceeded):
		return tr("cli.failed.timedOut")
	case errors.As(err, &config):
		return Config(err)
	case errors.As(err, &input):
		return Input(err)
	}
	return tr("cli.failed.unexpected")
}

// SetWouldReplace refuses "set" on a name that holds a key, without
// --replace: the saved key may be the only copy of one that still works.
func SetWouldReplace(name, ending string) string {
	if ending == "" {
		return tr("cli.setWouldReplace.noEnding", "Name", nameInQuotes(name), "Command", SetCommand(name))
	}
	return tr("cli.setWouldReplace", "Name", nameInQuotes(name), "Ending", ending, "Command", SetCommand(name))
}

// Renamed confirms a rename, and says what scripts must change. The
// options are typed, so their names are quoted for a shell in every
// language.
func Renamed(from, to string) string {
	return tr("cli.renamed", "From", nameInQuotes(from), "To", nameInQuotes(to),
		"FromOption", "--name "+strconv.Quote(from), "ToOption", "--name "+strconv.Quote(to))
}

// RenamedNotListed: the keychain holds the key under its new name, but
// the list of key names could not be written.
func RenamedNotListed(err error) string {
	return tr("cli.renamedNotListed", "Cause", listCause(err).Error())
}

// PaceNeedsAll refuses --pace without --all: only test --all tests several
// keys, and a pace given for nothing must not pass for one obeyed.
func PaceNeedsAll() string { return tr("cli.paceNeedsAll") }

// PaceOutOfRange refuses a --pace OnceHub's limits do not leave room for.
func PaceOutOfRange(most float64) string {
	return tr("cli.paceOutOfRange", "Most", strconv.FormatFloat(most, 'g', -1, 64))
}

// The words of "oncekey run".

// RunNoCommand: run was given no command to start.
func RunNoCommand() string { return tr("cli.run.noCommand") }

// RunBadVariable refuses a --env that is not a variable name.
func RunBadVariable() string { return tr("cli.run.badVariable") }

// RunVariableSet refuses to replace a variable that is already set: a
// script that set it meant that value.
func RunVariableSet(variable string) string {
	return tr("cli.run.variableSet", "Variable", variable)
}

// RunUnsafeVariable refuses a --env that programs act on.
func RunUnsafeVariable(variable string) string {
	return tr("cli.run.unsafeVariable", "Variable", variable)
}

// RunStopped: the run was stopped (Ctrl+C) before the command started.
func RunStopped() string { return tr("cli.run.stopped") }

// RunInCurrentFolder: the command is in the current folder, which is not
// searched.
func RunInCurrentFolder(command string, looksLikeKey bool) string {
	if looksLikeKey {
		return RunNotFound(command, true)
	}
	return tr("cli.run.inCurrentFolder", "Command", nameInQuotes(command), "Path", "./"+command)
}

// RunNotFound: the command to start does not exist. The command is named
// unless it looks like a key typed in the wrong place.
func RunNotFound(command string, looksLikeKey bool) string {
	if looksLikeKey {
		return tr("cli.run.notFound.looksLikeKey")
	}
	return tr("cli.run.notFound", "Command", nameInQuotes(command))
}

// RunCannotStart: the command exists but could not be started. The
// command is named unless it looks like a key.
func RunCannotStart(command string, looksLikeKey bool, err error) string {
	denied := errors.Is(err, fs.ErrPermission)
	switch {
	case looksLikeKey && denied:
		return tr("cli.run.notExecutable.unnamed")
	case looksLikeKey:
		return tr("cli.run.cannotStart.unnamed")
	case denied:
		return tr("cli.run.notExecutable", "Command", nameInQuotes(command))
	}
	return tr("cli.run.cannotStart", "Command", nameInQuotes(command))
}
