// Package cli is OnceKey's command line. Every command goes through the
// key manager (keys), as the window's actions do; its sentences come from
// the words package. It never starts the GUI driver, and prints the key
// only when asked to with "oncekey print".
package cli

import (
	"context"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
	"github.com/oncekey/oncekey/words"
)

// Exit codes, as scripts see them.
const (
	ExitWorks   = 0 // the key works
	ExitRefused = 1 // OnceHub refused the key (not recognised, or no API access)
	ExitTrouble = 2 // anything else: bad input, unreachable, keychain trouble...
)

// MaxKeys is how many active keys OnceHub allows per account.
const MaxKeys = keys.MaxKeys

// keychainTimeout bounds each keychain call: a script must never hang on a
// locked keychain's unlock prompt.
const keychainTimeout = 5 * time.Second

// maxInput is how much standard input is read when a key is expected;
// anything longer cannot be a key and is refused without reading it all.
const maxInput = 64 << 10

// Options connects the command line to the world. Zero values mean the real
// thing: the OS keychain, the default metadata file, the system's roots.
type Options struct {
	Version string
	Stdin   io.Reader
	Stdout  io.Writer
	Stderr  io.Writer

	Store     keystore.Store
	IndexPath string
	RootCAs   *x509.CertPool
	Now       func() time.Time
}

// Run runs one command and returns its exit code.
func Run(ctx context.Context, args []string, o Options) int {
	r := &runner{Options: o}
	if r.Now == nil {
		r.Now = time.Now
	}
	if len(args) == 0 {
		fmt.Fprint(r.Stderr, words.Usage())
		return ExitTrouble
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(r.Stdout, words.Usage())
		return ExitWorks
	case "version", "-version", "--version":
		fmt.Fprintln(r.Stdout, words.VersionLine(r.Version))
		return ExitWorks
	case "test":
		return r.test(ctx, rest)
	case "set":
		return r.set(ctx, rest)
	case "status":
		return r.status(ctx, rest)
	case "remove":
		return r.remove(ctx, rest)
	case "print":
		return r.print(ctx, rest)
	case "rename":
		return r.rename(ctx, rest)
	}
	if looksLikeKey(cmd) {
		// "oncekey KEY": never repeat it.
		fmt.Fprintf(r.Stderr, "%s\n\n", words.CommandLooksLikeKey())
	} else {
		fmt.Fprintf(r.Stderr, "%s\n\n", words.UnknownCommand(cmd))
	}
	fmt.Fprint(r.Stderr, words.Usage())
	return ExitTrouble
}

type runner struct {
	Options
}

// options are a command's parsed options.
type options struct {
	name                      string  // "" when --name was not given
	pace                      float64 // test --all: tests per second
	stdin, all, json, replace bool
	args                      []string // the arguments besides the options
}

// Which options a command takes.
const (
	withStdin = 1 << iota
	withAll
	withJSON
	withReplace
)

// flags parses a command's options: --name always, the others as allowed
// says; nargs is how many arguments the command takes besides them. It
// reports problems itself; ok is false when the command must stop, with
// code as its exit code.
func (r *runner) flags(cmd string, args []string, allowed, nargs int) (o options, code int, ok bool) {
	fs := flag.NewFlagSet("oncekey "+cmd, flag.ContinueOnError)
	// The flag package repeats a bad value in its message, and a value may be
	// a key typed in the wrong place: say what is wrong in our own words.
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.name, "name", "", "")
	o.pace = keys.DefaultPace
	if allowed&withAll != 0 {
		fs.Float64Var(&o.pace, "pace", keys.DefaultPace, "")
	}
	for _, b := range []struct {
		bit  int
		name string
		v    *bool
	}{{withStdin, "stdin", &o.stdin}, {withAll, "all", &o.all}, {withJSON, "json", &o.json}, {withReplace, "replace", &o.replace}} {
		if allowed&b.bit != 0 {
			fs.BoolVar(b.v, b.name, false, "")
		}
	}
	err := fs.Parse(args)
	o.args = fs.Args()
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(r.Stdout, words.Usage())
		return o, ExitWorks, false
	case err != nil:
		fmt.Fprintln(r.Stderr, words.OptionsNotUnderstood(cmd))
		return o, ExitTrouble, false
	case len(o.args) != nargs && nargs == 0:
		// A stray argument may well be the key itself: never repeat it.
		fmt.Fprintln(r.Stderr, words.NoArguments(cmd))
		return o, ExitTrouble, false
	case looksLikeKey(o.name) || anyLooksLikeKey(o.args):
		fmt.Fprintln(r.Stderr, words.NameLooksLikeKey())
		return o, ExitTrouble, false
	case len(o.args) != nargs:
		fmt.Fprintln(r.Stderr, words.ArgumentsNeeded(cmd))
		return o, ExitTrouble, false
	case o.pace <= 0 || o.pace > keys.MaxPace:
		fmt.Fprintln(r.Stderr, words.PaceOutOfRange(keys.MaxPace))
		return o, ExitTrouble, false
	case o.name != "" && keystore.ValidateName(o.name) != nil:
		fmt.Fprintln(r.Stderr, words.Keychain(keystore.ValidateName(o.name)).Sentence())
		return o, ExitTrouble, false
	}
	return o, ExitWorks, true
}

func anyLooksLikeKey(args []string) bool {
	for _, a := range args {
		if looksLikeKey(a) {
			return true
		}
	}
	return false
}

// resolve turns the --name given (or none) into the name of a saved key:
// with exactly one key saved, no --name means that key, whatever its name.
// It reports problems itself.
func (r *runner) resolve(m *keys.Manager, name string) (string, bool) {
	resolved, err := m.Resolve(name)
	var choose *keys.ChooseNameError
	if errors.As(err, &choose) {
		fmt.Fprintln(r.Stderr, words.ChooseName(choose.Names))
		return "", false
	}
	if err != nil {
		r.explain(name, err)
		return "", false
	}
	return resolved, true
}

// looksLikeKey tells a key typed as --name from a name: names are short
// words, keys long runs of letters, digits and punctuation.
func looksLikeKey(name string) bool {
	key, err := apiclient.NormalizeKey(name)
	return err == nil && len(key) >= 20
}

// clock is the manager's clock, with the time Options gives.
type clock struct{ now func() time.Time }

func (c clock) Now() time.Time { return c.now() }

func (clock) AfterFunc(d time.Duration, f func()) keys.Timer { return time.AfterFunc(d, f) }

// manager builds the key manager one command needs: with the list of keys
// when withList is set (print and test --stdin do without, so they never
// open it), and with a OnceHub client when withTester is set. It reports
// problems itself; ok is false when the command must stop.
func (r *runner) manager(withList, withTester bool) (m *keys.Manager, ok bool) {
	if r.Store == nil {
		r.Store = keystore.NewKeychain(keychainTimeout)
	}
	cfg := keys.Config{Store: r.Store, Clock: clock{r.Now}}
	if withTester {
		c, err := r.client()
		if err != nil {
			fmt.Fprintln(r.Stderr, words.Config(err))
			return nil, false
		}
		cfg.Tester = c
	}
	if withList {
		idx, ok := r.index()
		if !ok {
			return nil, false
		}
		cfg.Index = idx
	}
	return keys.New(cfg), true
}

// index opens the non-secret facts about keys. A damaged file has been
// reset by keystore; say so and carry on, since the keys themselves are safe
// in the keychain.
func (r *runner) index() (*keystore.Index, bool) {
	path := r.IndexPath
	if path == "" {
		var err error
		if path, err = keystore.DefaultIndexPath(); err != nil {
			fmt.Fprintln(r.Stderr, words.NoSettingsFolder(err))
			return nil, false
		}
	}
	idx, err := keystore.LoadIndex(path)
	var reset *keystore.IndexRecoveredError
	switch {
	case idx == nil:
		// Only a reset list comes with an index to carry on with.
		fmt.Fprintln(r.Stderr, words.ListUnreadable(err))
		return nil, false
	case errors.As(err, &reset):
		fmt.Fprintln(r.Stderr, words.ListReset(reset.MovedTo))
	}
	return idx, true
}

func (r *runner) client() (*apiclient.Client, error) {
	base, err := apiclient.BaseURLFromEnv()
	if err != nil {
		return nil, err
	}
	return apiclient.New(apiclient.Config{BaseURL: base, Version: r.Version, RootCAs: r.RootCAs})
}

// problem is an error whose text is a whole sentence for the user.
type problem string

func (p problem) Error() string { return string(p) }

// readKey reads a key from standard input without echoing it when a person
// types or pastes it at a terminal. Its errors are sentences for the user.
func (r *runner) readKey(ctx context.Context) (string, error) {
	var raw []byte
	if f, ok := r.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		b, err := r.readFromTerminal(ctx, int(f.Fd()))
		if err != nil {
			return "", err
		}
		raw = b
	} else {
		b, err := io.ReadAll(io.LimitReader(r.Stdin, maxInput+1))
		if err != nil {
			return "", problem(words.StdinUnreadable())
		}
		if len(b) > maxInput {
			return "", problem(words.InputFarTooLong())
		}
		raw = b
	}
	// Checked here, so that a text that is no key is refused before any
	// command goes further.
	key, err := apiclient.NormalizeKey(string(raw))
	if err != nil {
		return "", problem(words.Input(err))
	}
	return key, nil
}

// readFromTerminal reads a line without echo. Ctrl+C reaches the program as
// a cancelled ctx (the terminal stays in signal mode), so the read is given
// up then and the terminal's echo put back.
func (r *runner) readFromTerminal(ctx context.Context, fd int) ([]byte, error) {
	state, err := term.GetState(fd)
	if err != nil {
		return nil, problem(words.TerminalUnreadable())
	}
	fmt.Fprint(r.Stderr, words.PastePrompt())
	type line struct {
		b   []byte
		err error
	}
	got := make(chan line, 1)
	go func() {
		b, err := term.ReadPassword(fd)
		got <- line{b, err}
	}()
	select {
	case l := <-got:
		fmt.Fprintln(r.Stderr)
		if l.err != nil {
			return nil, problem(words.TerminalUnreadable())
		}
		return l.b, nil
	case <-ctx.Done():
		_ = term.Restore(fd, state)
		fmt.Fprintln(r.Stderr)
		return nil, problem(words.ReadStopped())
	}
}

func (r *runner) test(ctx context.Context, args []string) int {
	o, code, ok := r.flags("test", args, withStdin|withAll|withJSON, 0)
	if !ok {
		return code
	}
	switch {
	case o.stdin && (o.all || o.name != ""):
		fmt.Fprintln(r.Stderr, words.TestOptionsClash())
		return ExitTrouble
	case o.stdin:
		return r.testStdin(ctx, o)
	case o.all && o.name != "":
		fmt.Fprintln(r.Stderr, words.TestOptionsClash())
		return ExitTrouble
	case o.all:
		return r.testAll(ctx, o)
	}

	m, ok := r.manager(true, true)
	if !ok {
		return ExitTrouble
	}
	name, ok := r.resolve(m, o.name)
	if !ok {
		return ExitTrouble
	}
	out, err := m.Test(ctx, name)
	if err != nil && !keys.IsListError(err) {
		if o.json {
			r.printJSON(jsonTrouble(name, err))
		}
		r.explain(name, err)
		return ExitTrouble
	}
	if o.json {
		k, _ := m.Key(name)
		r.printJSON(jsonTest(name, k.Ending, out))
	} else {
		r.report(out, name)
	}
	if err != nil {
		fmt.Fprintln(r.Stderr, words.TestNotRecorded(err))
	}
	return out.ExitCode()
}

// testStdin tests a key read from standard input and stores nothing.
func (r *runner) testStdin(ctx context.Context, o options) int {
	// A key from standard input is not saved: no list to open.
	m, ok := r.manager(false, true)
	if !ok {
		return ExitTrouble
	}
	key, err := r.readKey(ctx)
	if err != nil {
		fmt.Fprintln(r.Stderr, err)
		return ExitTrouble
	}
	out, err := m.TestKey(ctx, key)
	if err != nil {
		r.explain("", err)
		return ExitTrouble
	}
	if o.json {
		r.printJSON(jsonTest("", apiclient.Ending(key), out))
	} else {
		r.report(out, "")
	}
	return out.ExitCode()
}

// testAll tests every saved key in turn, at the manager's pace, one line
// each as it is done. The exit code is the worst: 2 if any key had trouble,
// else 1 if OnceHub refused any, else 0; with no keys saved, 2.
func (r *runner) testAll(ctx context.Context, o options) int {
	m, ok := r.manager(true, true)
	if !ok {
		return ExitTrouble
	}
	m.SetPace(o.pace)
	if len(m.Keys()) == 0 {
		if o.json {
			r.printJSON(jsonAll{Results: []jsonResult{}, ExitCode: ExitTrouble})
		}
		fmt.Fprintln(r.Stderr, words.NoKeysYet())
		return ExitTrouble
	}
	progress := func(step keys.TestAllStep) {
		switch {
		case step.Waiting > 0:
			fmt.Fprintln(r.Stderr, words.TestAllWaitingFor(step.Name, step.Waiting))
		case step.Result != nil && !o.json:
			for _, line := range r.allLines(*step.Result) {
				fmt.Fprintln(r.Stdout, line)
			}
		}
	}
	results, err := m.TestAll(ctx, progress)
	if errors.Is(err, keys.ErrBusy) {
		fmt.Fprintln(r.Stderr, words.TestBusy())
		return ExitTrouble
	}
	code := ExitWorks
	if err != nil {
		// Stopped (Ctrl+C): what was tested stands, but not every key was.
		code = ExitTrouble
	}
	all := jsonAll{Results: make([]jsonResult, 0, len(results))}
	for _, res := range results {
		c := res.Outcome.ExitCode()
		if res.Err != nil {
			c = ExitTrouble
		}
		code = max(code, c)
		if res.Err != nil {
			all.Results = append(all.Results, jsonTrouble(res.Name, res.Err))
		} else {
			all.Results = append(all.Results, jsonTest(res.Name, res.Ending, res.Outcome))
		}
	}
	all.ExitCode = code
	if o.json {
		r.printJSON(all)
	}
	if err != nil {
		fmt.Fprintln(r.Stderr, words.TestAllStopped(len(results), len(m.Keys())))
	}
	return code
}

// allLines is what "test --all" prints about one key.
func (r *runner) allLines(res keys.TestAllResult) []string {
	if res.Err != nil {
		return []string{words.TestAllKeyTrouble(res.Name, res.Err)}
	}
	return words.TestAllReport(res.Name, res.Ending, res.Outcome)
}

// report prints an outcome: plain words first, details on a second line.
// name is the saved key's name, "" for a key from standard input.
func (r *runner) report(out apiclient.Outcome, name string) {
	for _, line := range words.TestReport(out, name) {
		fmt.Fprintln(r.Stdout, line)
	}
}

func (r *runner) set(ctx context.Context, args []string) int {
	o, code, ok := r.flags("set", args, withReplace, 0)
	if !ok {
		return code
	}
	m, ok := r.manager(true, false)
	if !ok {
		return ExitTrouble
	}
	name, ok := r.resolve(m, o.name)
	if !ok {
		return ExitTrouble
	}
	// Refusals that do not depend on the key come before asking for it.
	// Writing over a saved key needs --replace: it may be the only copy of
	// a key that still works, and OnceHub cannot show it again.
	if existing, found := m.Key(name); found && !o.replace && existing.Name == name {
		fmt.Fprintln(r.Stderr, words.SetWouldReplace(name, existing.Ending))
		return ExitTrouble
	}
	if err := m.CheckSave(name, o.replace); err != nil {
		r.explain(name, err)
		return ExitTrouble
	}
	key, err := r.readKey(ctx)
	if err != nil {
		fmt.Fprintln(r.Stderr, err)
		return ExitTrouble
	}
	key, err = m.Save(ctx, name, key, o.replace)
	var taken *keys.NameTakenError
	switch {
	case keys.IsListError(err):
		fmt.Fprintln(r.Stderr, words.SavedNotListed(err))
	case errors.As(err, &taken) && taken.Name == name:
		// Another process saved a key under this name meanwhile.
		existing, _ := m.Key(name)
		fmt.Fprintln(r.Stderr, words.SetWouldReplace(name, existing.Ending))
		return ExitTrouble
	case err != nil:
		r.explain(name, err)
		return ExitTrouble
	}
	fmt.Fprintln(r.Stdout, words.Saved(apiclient.Ending(key), name, m.Where()))
	return ExitWorks
}

func (r *runner) rename(ctx context.Context, args []string) int {
	o, code, ok := r.flags("rename", args, 0, 2)
	if !ok {
		return code
	}
	if o.name != "" {
		fmt.Fprintln(r.Stderr, words.ArgumentsNeeded("rename"))
		return ExitTrouble
	}
	from, to := o.args[0], o.args[1]
	for _, n := range []string{from, to} {
		if err := keystore.ValidateName(n); err != nil {
			fmt.Fprintln(r.Stderr, words.Keychain(err).Sentence())
			return ExitTrouble
		}
	}
	m, ok := r.manager(true, false)
	if !ok {
		return ExitTrouble
	}
	if k, found := m.Key(from); found {
		from = k.Name // names are the same ignoring case
	}
	err := m.Rename(ctx, from, to)
	var gone *keys.GoneError
	switch {
	case errors.As(err, &gone):
		fmt.Fprintln(r.Stderr, words.NoKeyNamed(from))
		return ExitTrouble
	case keys.IsListError(err):
		fmt.Fprintln(r.Stderr, words.RenamedNotListed(err))
	case err != nil:
		r.explain(to, err)
		return ExitTrouble
	}
	fmt.Fprintln(r.Stdout, words.Renamed(from, to))
	return ExitWorks
}

func (r *runner) status(ctx context.Context, args []string) int {
	o, code, ok := r.flags("status", args, withJSON, 0)
	if !ok {
		return code
	}
	m, ok := r.manager(true, false)
	if !ok {
		return ExitTrouble
	}
	// A key the list does not know (the list was damaged or deleted) is
	// listed again from the keychain, so that status never hides one.
	if _, err := m.Rebuild(ctx); err != nil && !keys.IsListError(err) {
		r.explain("", err)
		return ExitTrouble
	}
	list := m.Keys()
	if _, found := m.Key(keystore.DefaultName); !found {
		// A reset list of names must not hide a key the keychain still holds.
		list = append([]keys.Key{{Name: keystore.DefaultName}}, list...)
	}
	now := r.Now()
	report := jsonStatus{Keys: []jsonKey{}, StoredIn: m.Where().String()}
	var lines []string
	for _, info := range list {
		// Reading each key also brings the list up to date (keys.Manager.Secret).
		key, err := m.Secret(ctx, info.Name)
		switch {
		case keystore.IsNotFound(err) && info.SavedAt.IsZero():
			continue // the probe for "default" found nothing: nothing to list
		case keystore.IsNotFound(err):
			lines = append(lines, words.StatusGone(info.Name))
			report.Keys = append(report.Keys, jsonKeyOf(info, "", now, false))
			continue
		case err != nil && !keys.IsListError(err):
			r.explain(info.Name, err)
			return ExitTrouble
		}
		if k, found := m.Key(info.Name); found {
			info = k // as listed now, after the read
		}
		lines = append(lines, words.StatusLine(info, apiclient.Ending(key), now))
		report.Keys = append(report.Keys, jsonKeyOf(info, apiclient.Ending(key), now, true))
	}
	if o.json {
		r.printJSON(report)
		return ExitWorks
	}
	for _, line := range lines {
		fmt.Fprintln(r.Stdout, line)
	}
	if len(lines) == 0 {
		fmt.Fprintln(r.Stdout, words.NoKeysYet())
	} else {
		fmt.Fprintln(r.Stdout, words.StatusFooter(m.Where()))
	}
	return ExitWorks
}

func (r *runner) remove(ctx context.Context, args []string) int {
	o, code, ok := r.flags("remove", args, 0, 0)
	if !ok {
		return code
	}
	m, ok := r.manager(true, false)
	if !ok {
		return ExitTrouble
	}
	name, ok := r.resolve(m, o.name)
	if !ok {
		return ExitTrouble
	}
	info, _ := m.Key(name)
	err := m.Remove(ctx, name)
	var gone *keys.GoneError
	switch {
	case errors.As(err, &gone):
		fmt.Fprintln(r.Stdout, words.RemovedGone(name))
	case keys.IsListError(err):
		fmt.Fprintln(r.Stderr, words.RemovedNotUnlisted(err))
		fmt.Fprintln(r.Stdout, words.Removed(name, info.Ending))
	case err != nil:
		r.explain(name, err)
		return ExitTrouble
	default:
		fmt.Fprintln(r.Stdout, words.Removed(name, info.Ending))
	}
	return ExitWorks
}

func (r *runner) print(ctx context.Context, args []string) int {
	o, code, ok := r.flags("print", args, 0, 0)
	if !ok {
		return code
	}
	name, ok := r.printName(o.name)
	if !ok {
		return ExitTrouble
	}
	m, ok := r.manager(false, false)
	if !ok {
		return ExitTrouble
	}
	key, err := m.Secret(ctx, name)
	if err != nil {
		r.explain(name, err)
		return ExitTrouble
	}
	fmt.Fprintln(r.Stdout, key)
	return ExitWorks
}

// printName is the key print reads: the one saved when no --name is
// given, and the listed spelling of a name given in other letter case. It
// only peeks at the list, so that a script that needs the key never waits
// on, nor changes, the list; when the list cannot be read, the name given
// (or "default") is tried as it is, since the keychain may still hold it.
func (r *runner) printName(given string) (string, bool) {
	fallback := given
	if fallback == "" {
		fallback = keystore.DefaultName
	}
	path := r.IndexPath
	if path == "" {
		var err error
		if path, err = keystore.DefaultIndexPath(); err != nil {
			return fallback, true
		}
	}
	names, err := keystore.PeekNames(path)
	switch {
	case err != nil:
		return fallback, true
	case given != "":
		for _, n := range names {
			if strings.EqualFold(n, given) {
				return n, true
			}
		}
		return given, true
	case len(names) == 1:
		return names[0], true
	case len(names) > 1:
		fmt.Fprintln(r.Stderr, words.ChooseName(names))
		return "", false
	}
	return fallback, true
}

// explain says in plain words why a command about the key called name
// failed, choosing the words by the error's kind.
func (r *runner) explain(name string, err error) {
	var (
		limit *keys.LimitError
		taken *keys.NameTakenError
		lock  *keystore.LockError
		kerr  *keystore.Error
	)
	switch {
	case keystore.IsNotFound(err):
		fmt.Fprintln(r.Stderr, words.NoKeyNamed(name))
	case errors.As(err, &kerr):
		// Only the window can keep a key for this session: these words
		// say what a script's user can do instead.
		fmt.Fprintln(r.Stderr, words.KeychainForScripts(err).Sentence())
	case errors.As(err, &limit):
		fmt.Fprintln(r.Stderr, words.ListFull(limit.Max))
	case errors.As(err, &taken):
		fmt.Fprintln(r.Stderr, words.NameTaken(taken.Name, name))
	case errors.As(err, &lock):
		fmt.Fprintln(r.Stderr, words.Keychain(err).Sentence())
	default:
		fmt.Fprintln(r.Stderr, err)
	}
}
