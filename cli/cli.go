// Package cli is OnceKey's command line. It shares the key check
// (apiclient) and the keychain code (keystore) with the window, never
// starts the GUI driver, and prints the key only when asked to with
// "oncekey print".
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
	"github.com/oncekey/oncekey/internal/ago"
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
const MaxKeys = 25

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
		r.usage(r.Stderr)
		return ExitTrouble
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "help", "-h", "-help", "--help":
		r.usage(r.Stdout)
		return ExitWorks
	case "version", "-version", "--version":
		fmt.Fprintf(r.Stdout, "OnceKey %s\n", r.Version)
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
	}
	fmt.Fprintf(r.Stderr, "OnceKey does not know the command %q.\n\n", cmd)
	r.usage(r.Stderr)
	return ExitTrouble
}

type runner struct {
	Options
}

const usageText = `OnceKey keeps your OnceHub API key in this computer's keychain and checks that it works.

Usage:
  oncekey                      open the OnceKey window
  oncekey test [--name NAME]   test the saved key with OnceHub
  oncekey test --stdin         test a key read from standard input; nothing is saved
  oncekey set [--name NAME]    save a key read from standard input
  oncekey status               list saved keys: name, ending, age, last test
  oncekey remove [--name NAME] remove a saved key from the keychain
  oncekey print [--name NAME]  write the key to standard output, for scripts
  oncekey help | --version

The key is never taken as an argument and never printed, except by "print".
NAME defaults to %q.

Exit codes: 0 the key works, 1 OnceHub refused the key, 2 anything else.

Settings:
  ONCEKEY_API_URL   another https base URL for OnceHub's API (default %s)
  SSL_CERT_FILE     trust another certificate authority
  HTTPS_PROXY, NO_PROXY   use a proxy
`

func (r *runner) usage(w io.Writer) {
	fmt.Fprintf(w, usageText, keystore.DefaultName, apiclient.DefaultBaseURL)
}

// flags parses the options every storage command shares. It reports
// problems itself; ok is false when the command must stop, with code as its
// exit code.
func (r *runner) flags(cmd string, args []string, withStdin bool) (name string, stdin bool, code int, ok bool) {
	fs := flag.NewFlagSet("oncekey "+cmd, flag.ContinueOnError)
	// The flag package repeats a bad value in its message, and a value may be
	// a key typed in the wrong place: say what is wrong in our own words.
	fs.SetOutput(io.Discard)
	fs.StringVar(&name, "name", keystore.DefaultName, "the key's name")
	if withStdin {
		fs.BoolVar(&stdin, "stdin", false, "test a key read from standard input; nothing is saved")
	}
	switch err := fs.Parse(args); {
	case errors.Is(err, flag.ErrHelp):
		r.usage(r.Stdout)
		return "", false, ExitWorks, false
	case err != nil:
		fmt.Fprintf(r.Stderr, "oncekey %s did not understand its options. Run \"oncekey help\" to see them.\n", cmd)
		return "", false, ExitTrouble, false
	case fs.NArg() > 0:
		// A stray argument may well be the key itself: never repeat it.
		fmt.Fprintf(r.Stderr, "oncekey %s takes no arguments besides its options. "+
			"A key is never given as an argument: send it on standard input.\n", cmd)
		return "", false, ExitTrouble, false
	case looksLikeKey(name):
		fmt.Fprintln(r.Stderr, "That name looks like an API key. Give the key on standard input, "+
			"and a short name such as Production or Zapier with --name.")
		return "", false, ExitTrouble, false
	}
	return name, stdin, ExitWorks, true
}

// looksLikeKey tells a key typed as --name from a name: names are short
// words, keys long runs of letters, digits and punctuation.
func looksLikeKey(name string) bool {
	key, err := apiclient.NormalizeKey(name)
	return err == nil && len(key) >= 20
}

func (r *runner) store() keystore.Store {
	if r.Store == nil {
		r.Store = keystore.NewKeychain(keychainTimeout)
	}
	return r.Store
}

// index opens the non-secret facts about keys. A damaged file has been
// reset by keystore; say so and carry on, since the keys themselves are safe
// in the keychain.
func (r *runner) index() (*keystore.Index, bool) {
	path := r.IndexPath
	if path == "" {
		var err error
		if path, err = keystore.DefaultIndexPath(); err != nil {
			fmt.Fprintf(r.Stderr, "OnceKey could not find your settings folder: %v\n", err)
			return nil, false
		}
	}
	idx, err := keystore.LoadIndex(path)
	if err != nil {
		fmt.Fprintln(r.Stderr, err)
	}
	// A reset list comes with an index to carry on with; any other
	// problem comes with none.
	return idx, idx != nil
}

// problem is an error whose text is a whole sentence for the user.
type problem string

func (p problem) Error() string { return string(p) }

// readKey reads a key from standard input without echoing it when a person
// types or pastes it at a terminal.
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
			return "", problem("OnceKey could not read the key from standard input.")
		}
		if len(b) > maxInput {
			return "", problem("The input is far too long to be an API key. Copy the key again from OnceHub's API page and send only the key.")
		}
		raw = b
	}
	return apiclient.NormalizeKey(string(raw))
}

// readFromTerminal reads a line without echo. Ctrl+C reaches the program as
// a cancelled ctx (the terminal stays in signal mode), so the read is given
// up then and the terminal's echo put back.
func (r *runner) readFromTerminal(ctx context.Context, fd int) ([]byte, error) {
	state, err := term.GetState(fd)
	if err != nil {
		return nil, problem("OnceKey could not read the key from the terminal.")
	}
	fmt.Fprint(r.Stderr, "Paste the key and press Enter (it will not be shown): ")
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
			return nil, problem("OnceKey could not read the key from the terminal.")
		}
		return l.b, nil
	case <-ctx.Done():
		_ = term.Restore(fd, state)
		fmt.Fprintln(r.Stderr)
		return nil, problem("Stopped: no key was read.")
	}
}

func (r *runner) client() (*apiclient.Client, error) {
	base, err := apiclient.BaseURLFromEnv()
	if err != nil {
		return nil, err
	}
	return apiclient.New(apiclient.Config{BaseURL: base, Version: r.Version, RootCAs: r.RootCAs})
}

func (r *runner) test(ctx context.Context, args []string) int {
	name, fromStdin, code, ok := r.flags("test", args, true)
	if !ok {
		return code
	}
	client, err := r.client()
	if err != nil {
		fmt.Fprintln(r.Stderr, err)
		return ExitTrouble
	}
	if fromStdin {
		key, err := r.readKey(ctx)
		if err != nil {
			fmt.Fprintln(r.Stderr, err)
			return ExitTrouble
		}
		out := client.Test(ctx, key)
		r.report(out, "")
		return out.ExitCode()
	}

	idx, ok := r.index()
	if !ok {
		return ExitTrouble
	}
	key, ok := r.storedKey(ctx, name)
	if !ok {
		return ExitTrouble
	}
	out := client.Test(ctx, key)
	r.report(out, name)
	if out.Kind != apiclient.Cancelled {
		info, found := idx.Get(name)
		if !found {
			info = keystore.KeyInfo{Name: name, Ending: apiclient.Ending(key)}
		}
		info.LastTest = &keystore.TestRecord{
			At: r.Now(), Result: out.Kind.String(), Account: out.Account,
			Status: out.Status, RequestID: out.RequestID,
		}
		if err := idx.Put(info); err != nil {
			fmt.Fprintf(r.Stderr, "The result could not be recorded: %v\n", err)
		}
	}
	return out.ExitCode()
}

// report prints an outcome: plain words first, details on a second line.
// name is the saved key's name, "" for a key from standard input.
func (r *runner) report(out apiclient.Outcome, name string) {
	words := []string{out.Summary}
	if out.Kind != apiclient.Works {
		next := out.NextStep
		if out.Kind == apiclient.NotRecognised {
			// The window's "use Replace" means "oncekey set" here.
			next = "Copy the current key from " + apiclient.KeysPageURL
			if name != "" {
				next += " and save it with: " + setCommand(name)
			}
			next += "."
		}
		words = append(words, out.KeyFate, next)
	}
	fmt.Fprintln(r.Stdout, strings.Join(nonEmpty(words), " "))
	if d := out.Details(); d != "" && out.Kind != apiclient.Works {
		fmt.Fprintf(r.Stdout, "Details: %s\n", d)
	}
}

func (r *runner) set(ctx context.Context, args []string) int {
	name, _, code, ok := r.flags("set", args, false)
	if !ok {
		return code
	}
	idx, ok := r.index()
	if !ok {
		return ExitTrouble
	}
	if _, exists := idx.Get(name); !exists && len(idx.Keys()) >= MaxKeys {
		fmt.Fprintf(r.Stderr, "OnceKey already keeps %d keys, as many as OnceHub allows for one account. "+
			"Remove one first with: oncekey remove --name NAME\n", MaxKeys)
		return ExitTrouble
	}
	key, err := r.readKey(ctx)
	if err != nil {
		fmt.Fprintln(r.Stderr, err)
		return ExitTrouble
	}
	if err := r.store().Save(ctx, name, key); err != nil {
		r.keychainProblem(name, err)
		return ExitTrouble
	}
	ending := apiclient.Ending(key)
	if err := idx.Put(keystore.KeyInfo{Name: name, Ending: ending, SavedAt: r.Now()}); err != nil {
		fmt.Fprintf(r.Stderr, "The key is saved, but its name and date could not be recorded: %v\n", err)
	}
	fmt.Fprintf(r.Stdout, "Saved the key ending in %s as %q. %s.\n", ending, name, words.Where(r.store().Where()))
	return ExitWorks
}

func (r *runner) status(ctx context.Context, args []string) int {
	if _, _, code, ok := r.flags("status", args, false); !ok {
		return code
	}
	idx, ok := r.index()
	if !ok {
		return ExitTrouble
	}
	keys := idx.Keys()
	if _, found := idx.Get(keystore.DefaultName); !found {
		// A reset list of names must not hide a key the keychain still holds.
		keys = append([]keystore.KeyInfo{{Name: keystore.DefaultName}}, keys...)
	}
	listed := 0
	now := r.Now()
	for _, info := range keys {
		key, err := r.store().Get(ctx, info.Name)
		switch {
		case keystore.IsNotFound(err) && info.SavedAt.IsZero():
			continue // the probe for "default" found nothing: nothing to list
		case keystore.IsNotFound(err):
			fmt.Fprintf(r.Stdout, "%s: not in the keychain any more. Save it again with: %s\n", info.Name, setCommand(info.Name))
			listed++
			continue
		case err != nil:
			r.keychainProblem(info.Name, err)
			return ExitTrouble
		}
		listed++
		fmt.Fprintln(r.Stdout, describe(info, apiclient.Ending(key), now))
	}
	if listed == 0 {
		fmt.Fprintln(r.Stdout, "No key is saved yet. Copy your key from "+apiclient.KeysPageURL+
			" and save it with: oncekey set")
	} else {
		fmt.Fprintln(r.Stdout, words.Where(r.store().Where())+".")
	}
	return ExitWorks
}

// describe is one line of status: name, ending, age, last test.
func describe(info keystore.KeyInfo, ending string, now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: the key ending in %s", info.Name, ending)
	if !info.SavedAt.IsZero() {
		fmt.Fprintf(&b, ", saved %s", ago.Since(info.SavedAt, now))
		if ago.Days(info.SavedAt, now) >= 90 {
			b.WriteString(" (over 90 days old: consider regenerating it in OnceHub)")
		}
	}
	if t := info.LastTest; t != nil {
		kind, _ := apiclient.ParseKind(t.Result)
		b.WriteString("; last test ")
		b.WriteString(ago.Since(t.At, now))
		switch {
		case kind == apiclient.Works && t.Account != "":
			fmt.Fprintf(&b, ": works, account %s", t.Account)
		case kind == apiclient.Works:
			b.WriteString(": works")
		default:
			fmt.Fprintf(&b, ": did not work (%s)", strings.ReplaceAll(t.Result, "-", " "))
		}
	} else {
		b.WriteString("; not tested yet")
	}
	return b.String()
}

func (r *runner) remove(ctx context.Context, args []string) int {
	name, _, code, ok := r.flags("remove", args, false)
	if !ok {
		return code
	}
	idx, ok := r.index()
	if !ok {
		return ExitTrouble
	}
	info, listed := idx.Get(name)
	err := r.store().Remove(ctx, name)
	if err != nil && !(keystore.IsNotFound(err) && listed) {
		r.keychainProblem(name, err)
		return ExitTrouble
	}
	// A name the keychain no longer holds is taken off the list too, so
	// status stops mentioning it.
	if err := idx.Delete(name); err != nil {
		fmt.Fprintf(r.Stderr, "The key is removed, but its name could not be taken off OnceKey's list: %v\n", err)
	}
	switch {
	case err != nil:
		fmt.Fprintf(r.Stdout, "%q was no longer in the keychain; it is now off OnceKey's list too.\n", name)
	case info.Ending != "":
		fmt.Fprintf(r.Stdout, "Removed the key ending in %s (%q) from the keychain.\n", info.Ending, name)
	default:
		fmt.Fprintf(r.Stdout, "Removed the key %q from the keychain.\n", name)
	}
	return ExitWorks
}

func (r *runner) print(ctx context.Context, args []string) int {
	name, _, code, ok := r.flags("print", args, false)
	if !ok {
		return code
	}
	key, ok := r.storedKey(ctx, name)
	if !ok {
		return ExitTrouble
	}
	fmt.Fprintln(r.Stdout, key)
	return ExitWorks
}

// storedKey reads the key saved under name, explaining any trouble itself.
func (r *runner) storedKey(ctx context.Context, name string) (string, bool) {
	key, err := r.store().Get(ctx, name)
	if err != nil {
		r.keychainProblem(name, err)
		return "", false
	}
	return key, true
}

// keychainProblem explains a keychain error in plain words.
func (r *runner) keychainProblem(name string, err error) {
	if keystore.IsNotFound(err) {
		fmt.Fprintf(r.Stderr, "No key named %q is saved. Copy your key from %s and save it with: %s\n",
			name, apiclient.KeysPageURL, setCommand(name))
		return
	}
	var kerr *keystore.Error
	if errors.As(err, &kerr) && strings.Contains(kerr.NextStep, "session only") {
		// Only the window can keep a key for this session: say what a
		// script's user can do instead.
		next := "Check that your keyring is running and unlocked, then try again."
		if kerr.Kind == keystore.Missing {
			next = "Start your keyring (on Linux, GNOME Keyring or another Secret Service) and try again."
		}
		fmt.Fprintln(r.Stderr, kerr.Summary+" "+next)
		return
	}
	fmt.Fprintln(r.Stderr, err)
}

func nonEmpty(words []string) []string {
	out := words[:0]
	for _, w := range words {
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// setCommand is the command that saves a key under name, as a user types it.
func setCommand(name string) string {
	if name == keystore.DefaultName {
		return "oncekey set"
	}
	return fmt.Sprintf("oncekey set --name %q", name)
}
