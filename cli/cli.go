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
	// Launch starts the command of "oncekey run"; nil means the real
	// thing (on Linux and macOS, exec).
	Launch Launch
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
	case "run":
		return r.run(ctx, rest)
	case "history":
		return r.history(ctx, rest)
	case "webhooks":
		return r.webhooks(ctx, rest)
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
	// json is set while a command given --json has printed no JSON yet;
	// failed is that command's JSON document for a failure, so that a
	// script always gets one (see fail).
	json   bool
	failed func(name, trouble, summary string) any
}

// fail reports why a command stopped and returns its exit code: the
// sentence on standard error, and for a command given --json also a JSON
// document on standard output, whose "trouble" is a stable identifier
// (troubleOf). name is the key the command was about, "" for none.
func (r *runner) fail(name, trouble, sentence string) int {
	if r.json && r.failed != nil {
		r.json = false // one document per command
		r.printJSON(r.failed(name, trouble, sentence))
	}
	fmt.Fprintln(r.Stderr, sentence)
	return ExitTrouble
}

// options are a command's parsed options.
type options struct {
	name                      string  // "" when --name was not given
	pace                      float64 // test --all: tests per second
	stdin, all, json, replace bool
	yes                       bool     // webhooks delete: without asking
	args                      []string // the arguments besides the options
}

// Which options a command takes.
const (
	withStdin = 1 << iota
	withAll
	withJSON
	withReplace
	withYes
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
	}{{withStdin, "stdin", &o.stdin}, {withAll, "all", &o.all}, {withJSON, "json", &o.json}, {withReplace, "replace", &o.replace}, {withYes, "yes", &o.yes}} {
		if allowed&b.bit != 0 {
			fs.BoolVar(b.v, b.name, false, "")
		}
	}
	err := fs.Parse(args)
	o.args = fs.Args()
	if err != nil {
		// Parsing stops at the first problem: the options after it are
		// looked for as typed, so that the failure is said as asked.
		o.json = o.json || allowed&withJSON != 0 && asked(args, "json")
		o.all = o.all || allowed&withAll != 0 && asked(args, "all")
	}
	r.json = o.json
	paceSet := false
	fs.Visit(func(f *flag.Flag) { paceSet = paceSet || f.Name == "pace" })
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(r.Stdout, words.Usage())
		return o, ExitWorks, false
	case err != nil:
		return o, r.fail("", "usage", words.OptionsNotUnderstood(cmd)), false
	case len(o.args) != nargs && nargs == 0:
		// A stray argument may well be the key itself: never repeat it.
		return o, r.fail("", "usage", words.NoArguments(cmd)), false
	case looksLikeKey(o.name) || anyLooksLikeKey(o.args):
		return o, r.fail("", "usage", words.NameLooksLikeKey()), false
	case len(o.args) != nargs:
		return o, r.fail("", "usage", words.ArgumentsNeeded(cmd)), false
	case paceSet && !o.all:
		// Only test --all tests several keys: a pace given for one test
		// must not pass for one obeyed.
		return o, r.fail("", "usage", words.PaceNeedsAll()), false
	case o.pace <= 0 || o.pace > keys.MaxPace:
		return o, r.fail("", "usage", words.PaceOutOfRange(keys.MaxPace)), false
	case o.name != "" && keystore.ValidateName(o.name) != nil:
		err := keystore.ValidateName(o.name)
		return o, r.fail("", troubleOf(err), words.Keychain(err).Sentence()), false
	}
	return o, ExitWorks, true
}

// asked reports whether the boolean option name was given in args as
// "--name" or "-name" (or "=true"), before any "--" that ends the options.
func asked(args []string, name string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		a = strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		if a == name || a == name+"=true" {
			return true
		}
	}
	return false
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
	cfg := keys.Config{Store: r.Store, Clock: clock{r.Now}, From: keystore.FromCommandLine}
	if path, err := r.indexPath(); err == nil {
		cfg.History = keystore.OpenHistory(keystore.HistoryPathFor(path))
	}
	if withTester {
		c, err := r.client()
		if err != nil {
			r.fail("", troubleOf(err), words.Config(err))
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
	path, err := r.indexPath()
	if err != nil {
		r.fail("", "no-settings-folder", words.NoSettingsFolder(err))
		return nil, false
	}
	idx, err := keystore.LoadIndex(path)
	var reset *keystore.IndexRecoveredError
	switch {
	case idx == nil:
		// Only a reset list comes with an index to carry on with.
		r.fail("", "list-unreadable", words.ListUnreadable(err))
		return nil, false
	case errors.As(err, &reset):
		fmt.Fprintln(r.Stderr, words.ListReset(reset.MovedTo))
	}
	return idx, true
}

// indexPath is where the list of keys is kept.
func (r *runner) indexPath() (string, error) {
	if r.IndexPath != "" {
		return r.IndexPath, nil
	}
	return keystore.DefaultIndexPath()
}

func (r *runner) client() (*apiclient.Client, error) {
	base, err := apiclient.BaseURLFromEnv()
	if err != nil {
		return nil, err
	}
	return apiclient.New(apiclient.Config{BaseURL: base, Version: r.Version, RootCAs: r.RootCAs})
}

// problem is an error whose text is a whole sentence for the user, with
// its stable identifier for --json.
type problem struct{ trouble, sentence string }

func (p problem) Error() string { return p.sentence }

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
			return "", problem{"stdin-unreadable", words.StdinUnreadable()}
		}
		if len(b) > maxInput {
			return "", problem{"bad-input", words.InputFarTooLong()}
		}
		raw = b
	}
	// Checked here, so that a text that is no key is refused before any
	// command goes further.
	key, err := apiclient.NormalizeKey(string(raw))
	if err != nil {
		return "", problem{"bad-input", words.Input(err)}
	}
	return key, nil
}

// readFromTerminal reads a line without echo. Ctrl+C reaches the program as
// a cancelled ctx (the terminal stays in signal mode), so the read is given
// up then and the terminal's echo put back.
func (r *runner) readFromTerminal(ctx context.Context, fd int) ([]byte, error) {
	state, err := term.GetState(fd)
	if err != nil {
		return nil, problem{"stdin-unreadable", words.TerminalUnreadable()}
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
			return nil, problem{"stdin-unreadable", words.TerminalUnreadable()}
		}
		return l.b, nil
	case <-ctx.Done():
		_ = term.Restore(fd, state)
		fmt.Fprintln(r.Stderr)
		return nil, problem{"stopped", words.ReadStopped()}
	}
}

func (r *runner) test(ctx context.Context, args []string) int {
	r.failed = func(name, trouble, summary string) any {
		return jsonResult{Name: name, Trouble: trouble, Summary: summary, ExitCode: ExitTrouble}
	}
	if asked(args, "all") {
		// Before the options are parsed: a script that asked for --all
		// reads the shape of --all, whatever went wrong.
		r.failed = func(_, trouble, summary string) any {
			return jsonAll{Results: []jsonResult{}, Trouble: trouble, Summary: summary, ExitCode: ExitTrouble}
		}
	}
	o, code, ok := r.flags("test", args, withStdin|withAll|withJSON, 0)
	if !ok {
		return code
	}
	switch {
	case o.stdin && (o.all || o.name != ""):
		return r.fail("", "usage", words.TestOptionsClash())
	case o.stdin:
		return r.testStdin(ctx, o)
	case o.all && o.name != "":
		return r.fail("", "usage", words.TestOptionsClash())
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
		return r.explain(name, err)
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
		trouble := "bad-input"
		if p, ok := err.(problem); ok {
			trouble = p.trouble
		}
		return r.fail("", trouble, err.Error())
	}
	out, err := m.TestKey(ctx, key)
	if err != nil {
		return r.explain("", err)
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
	// As status does: a key the list does not know (the list was damaged or
	// deleted) is listed again from the keychain, so that none goes
	// untested, and "no keys yet" is never said of a keychain that has some.
	if _, err := m.Rebuild(ctx); err != nil && !keys.IsListError(err) {
		return r.explain("", err)
	}
	if len(m.Keys()) == 0 {
		// A keychain that cannot list its items may still hold the first
		// key; reading it lists it.
		if _, err := m.Secret(ctx, keystore.DefaultName); err != nil && !keystore.IsNotFound(err) && !keys.IsListError(err) {
			return r.explain(keystore.DefaultName, err)
		}
	}
	if len(m.Keys()) == 0 {
		return r.fail("", "no-keys", words.NoKeysYet())
	}
	progress := func(step keys.TestAllStep) {
		switch {
		case step.Waiting > 0:
			// Retry: this key's own test met a 429; otherwise it is a
			// pause left from the key before.
			fmt.Fprintln(r.Stderr, words.TestAllWaitingFor(step.Name, step.Waiting, step.Retry))
		case step.Result != nil && !o.json:
			for _, line := range r.allLines(*step.Result) {
				fmt.Fprintln(r.Stdout, line)
			}
		}
	}
	results, err := m.TestAll(ctx, progress)
	if errors.Is(err, keys.ErrBusy) {
		return r.explain("", err)
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
	stopped := words.TestAllStopped(len(results), len(m.Keys()))
	if err != nil {
		all.Trouble, all.Summary = "stopped", stopped
	}
	if o.json {
		r.printJSON(all)
	}
	if err != nil {
		fmt.Fprintln(r.Stderr, stopped)
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
		return r.explain(name, err)
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
		return r.explain(name, err)
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
	// Names are the same ignoring case: "zapier" renames "Zapier".
	from, err := m.Resolve(from)
	if err != nil {
		return r.explain(from, err)
	}
	err = m.Rename(ctx, from, to)
	var gone *keys.GoneError
	switch {
	case errors.As(err, &gone):
		fmt.Fprintln(r.Stderr, words.NoKeyNamed(from))
		return ExitTrouble
	case keys.IsListError(err):
		fmt.Fprintln(r.Stderr, words.RenamedNotListed(err))
	case err != nil:
		return r.explain(to, err)
	}
	fmt.Fprintln(r.Stdout, words.Renamed(from, to))
	return ExitWorks
}

func (r *runner) status(ctx context.Context, args []string) int {
	r.failed = func(_, trouble, summary string) any {
		where := ""
		if r.Store != nil {
			where = r.Store.Where().String()
		}
		return jsonStatus{Keys: []jsonKey{}, StoredIn: where, Trouble: trouble, Summary: summary}
	}
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
		return r.explain("", err)
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
			return r.explain(info.Name, err)
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
	info, found := m.Key(name)
	if !found {
		info = keys.Key{Name: name}
	}
	err := m.Remove(ctx, name)
	var gone *keys.GoneError
	switch {
	case errors.As(err, &gone):
		fmt.Fprintln(r.Stdout, words.RemovedGone(name))
	case keys.IsListError(err):
		fmt.Fprintln(r.Stderr, words.RemovedNotUnlisted(err))
		fmt.Fprintln(r.Stdout, words.Removed(info))
	case err != nil:
		return r.explain(name, err)
	default:
		// With its retiring key, if it had one: Remove takes both.
		fmt.Fprintln(r.Stdout, words.Removed(info))
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
		return r.explain(name, err)
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
// failed, choosing the words by the error's kind (words.CommandFailed),
// and returns the exit code.
func (r *runner) explain(name string, err error) int {
	return r.fail(name, troubleOf(err), words.CommandFailed(name, err))
}
