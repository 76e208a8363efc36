package words

// The command line's words. The commands inside them ("oncekey set
// --name ...") stay as they are in every language: people type them.

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
)

const usageText = `OnceKey keeps your OnceHub API keys in this computer's keychain and checks that they work.

Usage:
  oncekey                        open the OnceKey window
  oncekey test [--name NAME]     test a saved key with OnceHub
  oncekey test --all [--pace N]  test every saved key in turn, N a second (default 2, at most 4)
  oncekey test --stdin           test a key read from standard input; nothing is saved
  oncekey set [--name NAME] [--replace]
                                 save a key read from standard input; --replace
                                 writes over the key saved under NAME
  oncekey status                 list saved keys: name, ending, age, last test
  oncekey rename OLD NEW         give a saved key another name
  oncekey remove [--name NAME]   remove a saved key from the keychain
  oncekey print [--name NAME]    write the key to standard output, for scripts
  oncekey history [--name NAME]  a key's last tests: when, from where, outcome
  oncekey webhooks [--name NAME] list the webhooks of the key's OnceHub account
  oncekey webhooks delete ID [--name NAME] [--yes]
                                 delete one; asks first, or --yes without a terminal
  oncekey run [--name NAME] [--env VAR] -- COMMAND [ARGS...]
                                 run COMMAND with the key in its environment
                                 as VAR (default ONCEHUB_API_KEY), never in
                                 its arguments; exits with COMMAND's code
  oncekey help | --version

With exactly one key saved, --name may be left out. With none, NAME is %q.
test, status, history and webhooks take --json, for scripts: its field names never change.
The key is never taken as an argument and never printed, except by "print".

Exit codes: 0 the key works (webhooks: done, or already gone), 1 OnceHub
refused the key, 2 anything else.
test --all: 2 if any key could not be tested, else 1 if any was refused, else 0.
run: COMMAND's own code; 127 when COMMAND is not found, 126 when it cannot
be started, 2 when the key could not be read (COMMAND is then not started).

Settings:
  ONCEKEY_API_URL   another https base URL for OnceHub's API (default %s)
  SSL_CERT_FILE     trust another certificate authority
  HTTPS_PROXY, NO_PROXY   use a proxy
`

// Usage is the command line's help text, ending in a new line.
func Usage() string {
	return fmt.Sprintf(usageText, keystore.DefaultName, apiclient.DefaultBaseURL)
}

// VersionLine is what "oncekey --version" prints.
func VersionLine(version string) string { return "OnceKey " + version }

// UnknownCommand refuses a command OnceKey does not have.
func UnknownCommand(cmd string) string {
	return fmt.Sprintf("OnceKey does not know the command %q.", cmd)
}

// CommandLooksLikeKey refuses a command that looks like an API key,
// without repeating it.
func CommandLooksLikeKey() string {
	return "That looks like an API key, not a command. A key is never given as an argument: send it on standard input."
}

// OptionsNotUnderstood refuses options that could not be parsed. It never
// repeats them: a value may be a key typed in the wrong place.
func OptionsNotUnderstood(cmd string) string {
	return fmt.Sprintf("oncekey %s did not understand its options. Run \"oncekey help\" to see them.", cmd)
}

// NoArguments refuses a stray argument without repeating it: it may well be
// the key itself.
func NoArguments(cmd string) string {
	return fmt.Sprintf("oncekey %s takes no arguments besides its options. "+
		"A key is never given as an argument: send it on standard input.", cmd)
}

// NameLooksLikeKey refuses a --name that looks like an API key.
func NameLooksLikeKey() string {
	return "That name looks like an API key. Give the key on standard input, " +
		"and a short name such as Production or Zapier with --name."
}

// PastePrompt asks for the key at a terminal; the answer follows on the
// same line.
func PastePrompt() string { return "Paste the key and press Enter (it will not be shown): " }

// StdinUnreadable: standard input could not be read.
func StdinUnreadable() string { return "OnceKey could not read the key from standard input." }

// TerminalUnreadable: the terminal could not be read.
func TerminalUnreadable() string { return "OnceKey could not read the key from the terminal." }

// InputFarTooLong refuses standard input too long to be read whole. It
// sends nobody to OnceHub for the key: OnceHub showed it once, at its
// creation, and cannot show it again.
func InputFarTooLong() string {
	return "The input is far too long to be an API key. Send only the key, with nothing before or after it."
}

// ReadStopped: the user stopped the program while it waited for the key.
func ReadStopped() string { return "Stopped: no key was read." }

// NoSettingsFolder: there is no folder to keep the list of keys in. cause
// is technical text for the IT team.
func NoSettingsFolder(cause error) string {
	return "OnceKey could not find your settings folder: " + cause.Error()
}

// ListUnreadable: the list of key names exists but could not be read.
func ListUnreadable(err error) string {
	// The file system's own error names the file and the cause; any
	// wrapping around it is not repeated.
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe
	}
	return "OnceKey could not read its list of key names: " + err.Error()
}

// ListReset says that the list of key names was damaged and reset, and
// that nobody need do anything: the keys are in the keychain, and the list
// is made again from it. movedTo is where the damaged file was kept, ""
// if it could not be kept.
func ListReset(movedTo string) string {
	s := "OnceKey's list of key names was damaged and has been reset. Your keys are still in the keychain, " +
		"and OnceKey makes the list again from what the keychain holds."
	if movedTo != "" {
		s += " The damaged list was kept as " + filepath.Base(movedTo) + "."
	}
	return s
}

// SetCommand is the command that saves a key under name, as a user types
// it.
func SetCommand(name string) string {
	return fmt.Sprintf("oncekey set --name %q", name)
}

// OutcomeForScripts is Outcome for the command line, where the window's
// Rotate is "oncekey set". name is the saved key's name, "" for a key
// that is not saved.
func OutcomeForScripts(o apiclient.Outcome, name string) Said {
	s := Outcome(o)
	if o.Kind == apiclient.NotRecognised {
		s.NextStep = "OnceHub shows a key only once, so it cannot give this one back: create a new key at " + apiclient.KeysPageURL
		if name != "" {
			s.NextStep += " and save it in place of this one with: " + SetCommand(name) + " --replace"
		}
		s.NextStep += "."
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
		lines = append(lines, "Details: "+d)
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
	return fmt.Sprintf("No key named %q is saved. Save the key OnceHub showed you when you created it (keys are created at %s) with: %s",
		name, apiclient.KeysPageURL, SetCommand(name))
}

// ListFull refuses a new key beyond OnceHub's limit of max keys.
func ListFull(max int) string {
	return fmt.Sprintf("OnceKey already keeps %d keys, as many as OnceHub allows for one account. "+
		"Delete a key you no longer use in OnceHub, then remove it here too with: oncekey remove --name NAME", max)
}

// Saved confirms a saved key.
func Saved(ending, name string, p keystore.Place) string {
	return fmt.Sprintf("Saved %s as %q. %s.", KeyEnding(ending), name, Where(p))
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
	return "The key is saved, but its name and date could not be recorded: " + listCause(err).Error()
}

// TestNotRecorded: a test's result could not be written to the list.
func TestNotRecorded(err error) string {
	return "The result could not be recorded: " + listCause(err).Error()
}

// RemovedNotUnlisted: the key left the keychain, but the list of key names
// could not be written.
func RemovedNotUnlisted(err error) string {
	return "The key is removed, but its name could not be taken off OnceKey's list: " + listCause(err).Error()
}

// Removed confirms a removed key, as it was listed (only its name when the
// list did not know it). Remove takes a pending rotation's old key with it,
// so that is said too: the admin may still have wanted it.
func Removed(k keystore.KeyInfo) string {
	s := fmt.Sprintf("Removed the key %q", k.Name)
	if k.Ending != "" {
		s = fmt.Sprintf("Removed %s (%q)", KeyEnding(k.Ending), k.Name)
	}
	if r := k.Retiring; r != nil {
		s += ", and " + oldKey(r.Ending) + " kept from a rotation,"
	}
	return s + " from the keychain."
}

// RemovedGone: the keychain no longer held the key; its name is off the
// list now.
func RemovedGone(name string) string {
	return fmt.Sprintf("%q was no longer in the keychain; it is now off OnceKey's list too.", name)
}

// NoKeysYet is what "oncekey status" says when nothing is saved.
func NoKeysYet() string {
	return "No key is saved yet. Create a key at " + apiclient.KeysPageURL + " (OnceHub shows it only once) and save it with: oncekey set"
}

// StatusGone is the status line of a listed key the keychain no longer
// holds.
func StatusGone(name string) string {
	return fmt.Sprintf("%s: not in the keychain any more. Save it again with: %s", name, SetCommand(name))
}

// StatusFooter closes "oncekey status": where the keys are kept.
func StatusFooter(p keystore.Place) string { return Where(p) + "." }

// StatusLine is one line of "oncekey status": name, ending, age, last
// test, then the key a rotation is retiring and the admin's note. ending is
// the key's as read from the keychain.
func StatusLine(k keystore.KeyInfo, ending string, now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s", k.Name, KeyEnding(ending))
	if !k.SavedAt.IsZero() {
		fmt.Fprintf(&b, ", saved %s", Since(k.SavedAt, now))
		if keys.RotateDue(k, now, 0) {
			b.WriteString(" (over 6 months old: OnceHub advises a new key at least every 6 months)")
		}
	}
	b.WriteString(lastTestPhrase(k.LastTest, now))
	if r := k.Retiring; r != nil {
		fmt.Fprintf(&b, "; %s is kept beside it until it is deleted in OnceHub (then press \"I deleted the old key\" in the OnceKey window)", oldKey(r.Ending))
	}
	if k.Note != "" {
		fmt.Fprintf(&b, "; note: %s", k.Note)
	}
	return b.String()
}

// lastTestPhrase is the status line's part about the last test.
func lastTestPhrase(t *keystore.TestRecord, now time.Time) string {
	var b strings.Builder
	if t == nil {
		return "; not tested yet"
	}
	b.WriteString("; last test ")
	b.WriteString(Since(t.At, now))
	kind, known := apiclient.ParseKind(t.Result)
	switch {
	case known && kind == apiclient.Works && t.Account != "":
		fmt.Fprintf(&b, ": works, account %s", t.Account)
	case known && kind == apiclient.Works:
		b.WriteString(": works")
	default:
		fmt.Fprintf(&b, ": did not work (%s)", resultPhrase(kind, known, t.Result))
	}
	return b.String()
}

// resultPhrase names a recorded result that did not work, briefly.
func resultPhrase(k apiclient.Kind, known bool, recorded string) string {
	if !known {
		// Written by a newer OnceKey: its identifier is the best there is.
		return strings.ReplaceAll(recorded, "-", " ")
	}
	switch k {
	case apiclient.NotRecognised:
		return "not recognised"
	case apiclient.NoAPIAccess:
		return "no api access"
	case apiclient.RateLimited:
		return "rate limited"
	case apiclient.ServerTrouble:
		return "server trouble"
	case apiclient.Unreachable:
		return "unreachable"
	case apiclient.NotSecure:
		return "not secure"
	case apiclient.Unexpected:
		return "unexpected"
	case apiclient.InvalidKey:
		return "invalid key"
	case apiclient.Cancelled:
		return "cancelled"
	}
	return strings.ReplaceAll(k.String(), "-", " ")
}

// NameTaken refuses to put a key under a name that holds one already (or
// differs from one only in letter case, which Windows treats as the same).
func NameTaken(name, asked string) string {
	if name != asked {
		return fmt.Sprintf("A key named %q is saved already, and names that differ only in capital letters count as the same. Choose another name.", name)
	}
	return fmt.Sprintf("A key named %q is saved already. Overwriting it could destroy the only copy of a key that still works.", name)
}

// ArgumentsNeeded: a command got the wrong number of arguments ("rename"
// takes the old and the new name). The arguments are not repeated.
func ArgumentsNeeded(cmd string) string {
	switch cmd {
	case "rename":
		return `oncekey rename takes two names, the old one and the new one, for example: oncekey rename "default" "Production CRM"`
	case "webhooks delete":
		return "oncekey webhooks delete takes the ID of one webhook, as \"oncekey webhooks\" lists them, for example: oncekey webhooks delete WHK-7JD9LBVZTQ"
	}
	return NoArguments(cmd)
}

// ChooseName: several keys are saved and the command did not say which.
func ChooseName(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	return fmt.Sprintf("%d keys are saved: %s. Say which one with --name, for example: --name %q",
		len(names), strings.Join(quoted, ", "), names[0])
}

// TestOptionsClash: --stdin, --all and --name choose different keys.
func TestOptionsClash() string {
	return "oncekey test takes one of --stdin, --all or --name, not several."
}

// TestBusy: another test from this process is under way.
func TestBusy() string { return "A test is already under way; try again when it is done." }

// TestAllWaitingFor: test --all waits out OnceHub's pause before testing name
// again.
// again is whether name was just tested (and OnceHub answered with the
// pause); otherwise the pause is left from an earlier test and name is
// tested for the first time.
func TestAllWaitingFor(name string, d time.Duration, again bool) string {
	if again {
		return fmt.Sprintf("OnceHub asked for a pause: testing %q again in %s.", name, Wait(d))
	}
	return fmt.Sprintf("OnceHub asked for a pause: testing %q in %s.", name, Wait(d))
}

// TestAllReport is what test --all prints about one key: its name and
// ending, then the same words as a single test.
func TestAllReport(name, ending string, o apiclient.Outcome) []string {
	lines := TestReport(o, name)
	prefix := name + ": "
	if ending != "" {
		prefix = fmt.Sprintf("%s (%s): ", name, KeyEnding(ending))
	}
	lines[0] = prefix + lines[0]
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
		return fmt.Sprintf("%s: not tested: it is not in the keychain any more.", name)
	case keystore.KindOf(err) != 0:
		return fmt.Sprintf("%s: not tested: %s", name, KeychainForScripts(err).Sentence())
	case errors.Is(err, context.Canceled):
		return fmt.Sprintf("%s: not tested: stopped.", name)
	}
	return fmt.Sprintf("%s: not tested: %s", name, CommandFailed(name, err))
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
		return "The change is made, but OnceKey's list of key names could not be written. " +
			"Check that your settings folder can be written to; your keys themselves are safe in the keychain."
	case errors.As(err, &changed):
		return fmt.Sprintf("Another OnceKey window or script changed the key %q meanwhile, so nothing was done. "+
			"Run the command again to act on the key as it is now.", changed.Name)
	case errors.As(err, &gone):
		return NoKeyNamed(gone.Name)
	case errors.As(err, &pending):
		return fmt.Sprintf("The last rotation of %q is not finished: OnceKey still keeps %s. "+
			"Delete it on OnceHub's API Keys page, then press \"I deleted the old key\" in the OnceKey window.", pending.Name, oldKey(pending.Ending))
	case errors.As(err, &note):
		return NoteProblem(err)
	case errors.Is(err, keys.ErrSameKey):
		return "This is the key already saved under that name."
	case errors.Is(err, keys.ErrBusy):
		return TestBusy()
	case errors.Is(err, context.Canceled):
		return "Stopped before it was done."
	case errors.Is(err, context.DeadlineExceeded):
		return "This took too long and was stopped. Try again."
	case errors.As(err, &config):
		return Config(err)
	case errors.As(err, &input):
		return Input(err)
	}
	return "Something went wrong that OnceKey did not expect. Try again; if it keeps happening, ask your IT team."
}

// SetWouldReplace refuses "set" on a name that holds a key, without
// --replace: the saved key may be the only copy of one that still works.
func SetWouldReplace(name, ending string) string {
	held := "a key"
	if ending != "" {
		held = KeyEnding(ending)
	}
	return fmt.Sprintf("%q already holds %s. OnceHub cannot show a key again, so writing over it could destroy the only copy of a key that still works. "+
		"To keep both, choose another name. To write over it, run: %s --replace", name, held, SetCommand(name))
}

// Renamed confirms a rename, and says what scripts must change.
func Renamed(from, to string) string {
	return fmt.Sprintf("Renamed %q to %q. Scripts that use --name %q must now use --name %q.", from, to, from, to)
}

// RenamedNotListed: the keychain holds the key under its new name, but
// the list of key names could not be written.
func RenamedNotListed(err error) string {
	return "The key is renamed in the keychain, but OnceKey's list of key names could not be written: " + listCause(err).Error()
}

// PaceNeedsAll refuses --pace without --all: only test --all tests several
// keys, and a pace given for nothing must not pass for one obeyed.
func PaceNeedsAll() string {
	return "--pace goes with oncekey test --all, where it sets how many keys are tested a second. Add --all, or leave --pace out."
}

// PaceOutOfRange refuses a --pace OnceHub's limits do not leave room for.
func PaceOutOfRange(most float64) string {
	return fmt.Sprintf("--pace is tests per second, more than 0 and at most %g: OnceHub allows 5 requests a second per account, and your other tools need some of them.", most)
}

// The words of "oncekey run".

// RunNoCommand: run was given no command to start.
func RunNoCommand() string {
	return "oncekey run needs a command to start: oncekey run [--name NAME] [--env VAR] -- COMMAND [ARGS...]"
}

// RunBadVariable refuses a --env that is not a variable name.
func RunBadVariable() string {
	return "The name given with --env is not a name for an environment variable: use letters, digits and _, such as ONCEHUB_API_KEY."
}

// RunVariableSet refuses to replace a variable that is already set: a
// script that set it meant that value.
func RunVariableSet(variable string) string {
	return fmt.Sprintf("%s is already set in this environment, and OnceKey does not replace it. "+
		"Unset it first, or choose another name with --env.", variable)
}

// RunUnsafeVariable refuses a --env that programs act on.
func RunUnsafeVariable(variable string) string {
	return fmt.Sprintf("OnceKey does not put the key in %s: programs read that variable as a setting of their own, "+
		"and some would print the key. Choose a name of your own with --env, such as ONCEHUB_API_KEY.", variable)
}

// RunStopped: the run was stopped (Ctrl+C) before the command started.
func RunStopped() string { return "Stopped: the command was not started." }

// RunInCurrentFolder: the command is in the current folder, which is not
// searched.
func RunInCurrentFolder(command string, looksLikeKey bool) string {
	if looksLikeKey {
		return RunNotFound(command, true)
	}
	return fmt.Sprintf("The command %q is in the current folder, which is not searched: run it as ./%s.", command, command)
}

// RunNotFound: the command to start does not exist. The command is named
// unless it looks like a key typed in the wrong place.
func RunNotFound(command string, looksLikeKey bool) string {
	if looksLikeKey {
		return "The command to start was not found. (It looks like an API key: a key is never given as an argument.)"
	}
	return fmt.Sprintf("The command %q was not found: check its spelling, or give its full path.", command)
}

// RunCannotStart: the command exists but could not be started.
func RunCannotStart(command string, looksLikeKey bool, err error) string {
	what := fmt.Sprintf("The command %q", command)
	if looksLikeKey {
		what = "The command"
	}
	if errors.Is(err, fs.ErrPermission) {
		return what + " cannot be started: it is not a program you may run (check that it is executable)."
	}
	return what + " could not be started."
}
