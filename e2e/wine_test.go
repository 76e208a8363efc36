//go:build e2e && wine

package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oncekey/oncekey/internal/fakeoncehub"
)

// The Windows programs, as make package-windows builds them, run under
// Wine: the command line and the window, against Wine's Credential Manager,
// Wine's certificate verifier and Wine's clipboard. Run with make
// test-windows, which builds the packages first.
//
// Wine 8 lacks bcryptprimitives.dll, which Go's runtime needs; each
// prefix gets the stand-in built from testdata/wine.

const (
	wineLoader = "/usr/lib/wine/wine64"
	wineServer = "/usr/lib/wine/wineserver"
	// hostBundle is the file Wine's crypt32 builds its root store from.
	hostBundle = "/etc/ssl/certs/ca-certificates.crt"
	// credentialStore is where Wine keeps Credential Manager's items: its
	// registry file of the user's settings, under this key. It is Wine's
	// stand-in for what Windows keeps encrypted with DPAPI.
	credentialStore    = "user.reg"
	credentialRegistry = `[Software\\Wine\\Credential Manager`
)

// winePrefix is a fresh Wine prefix in a temporary folder, with the
// stand-in bcryptprimitives.dll in its system32.
type winePrefix struct {
	t   *testing.T
	dir string
	env []string
	// trusted is set once a Wine process has trusted the test CA: the
	// prefix may keep it from then on, so the untrusted case must come
	// first.
	trusted bool
	// ready is when the prefix was made, before any key existed.
	ready time.Time
}

func newWinePrefix(t *testing.T) *winePrefix {
	t.Helper()
	requireTools(t, wineLoader, wineServer, "x86_64-w64-mingw32-gcc")
	home := t.TempDir()
	w := &winePrefix{t: t, dir: filepath.Join(home, "prefix")}
	w.env = append(cleanEnv(), "HOME="+home, "WINEPREFIX="+w.dir, "WINEDEBUG=-all",
		// No offers to install Wine's .NET and HTML engines.
		"WINEDLLOVERRIDES=mscoree,mshtml=",
		// A locale the machine has: with one it lacks, Wine turns every
		// character beyond ASCII in arguments and output into another.
		"LANG=C.UTF-8")
	t.Cleanup(w.stopServer)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	boot := commandContext(ctx, wineLoader, "wineboot", "--init")
	boot.Env = w.env
	if out, err := boot.CombinedOutput(); err != nil {
		t.Fatalf("making a Wine prefix: %v\n%s", err, out)
	}
	system32 := filepath.Join(w.dir, "drive_c", "windows", "system32")
	src := filepath.Join("testdata", "wine")
	gcc := command("x86_64-w64-mingw32-gcc", "-shared", "-O2", "-o", filepath.Join(system32, "bcryptprimitives.dll"),
		filepath.Join(src, "bcryptprimitives.c"), filepath.Join(src, "bcryptprimitives.def"), "-ladvapi32")
	if out, err := gcc.CombinedOutput(); err != nil {
		t.Fatalf("building the stand-in bcryptprimitives.dll: %v\n%s", err, out)
	}
	w.stopServer()
	// A second early, for file systems that keep whole seconds.
	w.ready = time.Now().Add(-time.Second)
	return w
}

// stopServer ends the prefix's wineserver and waits for it, so that the
// registry is written to its files and nothing outlives the test.
func (w *winePrefix) stopServer() {
	for _, arg := range []string{"-k", "-w"} {
		c := command(wineServer, arg)
		c.Env = w.env
		_ = c.Run() // -k fails when no server runs: nothing to stop
	}
}

// appData is the prefix user's roaming application data folder, where
// OnceKey keeps its list of keys and Fyne its preferences.
func (w *winePrefix) appData() string {
	w.t.Helper()
	dirs, _ := filepath.Glob(filepath.Join(w.dir, "drive_c", "users", "*", "AppData", "Roaming"))
	for _, d := range dirs {
		if !strings.Contains(d, string(filepath.Separator)+"Public"+string(filepath.Separator)) {
			return d
		}
	}
	w.t.Fatalf("the Wine prefix has no user's AppData folder")
	return ""
}

// distProgram is one of the programs make package-windows built: the tests
// run what ships, not a build of their own.
func distProgram(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "build", "dist", name))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("%s is missing: make test-windows builds it with make package-windows first", name)
	}
	return p
}

// launchers: the command line under Wine as it is, and with a certificate
// authority trusted the way Windows trusts one. Wine's crypt32 builds its
// root store from the host's bundle when the prefix's server starts, so a
// bundle with the CA added is bind-mounted over it in a mount namespace of
// the Wine process's own, with a server started there. The machine's own
// trust store is never changed, and no certificate check is switched off.
func (w *winePrefix) plain(program string) *launcher {
	return &launcher{name: "under Wine", argv: []string{wineLoader}, program: program}
}

func (w *winePrefix) trusting(program, bundle string) *launcher {
	w.trusted = true
	script := `bundle=$1 server=$2; shift 2
mount --bind "$bundle" ` + hostBundle + ` || exit 97
"$server" -k 2>/dev/null; "$server" -w 2>/dev/null
exec "$@"`
	return &launcher{name: "under Wine, trusting the test CA",
		argv:    []string{"unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", bundle, wineServer, wineLoader},
		program: program}
}

// bundleWith writes the host's bundle with ca's certificate added.
func bundleWith(t *testing.T, api *fakeoncehub.Server) string {
	t.Helper()
	host, err := os.ReadFile(hostBundle)
	if err != nil {
		t.Fatalf("reading the host's certificate bundle: %v", err)
	}
	path := filepath.Join(t.TempDir(), "ca-certificates.crt")
	if err := os.WriteFile(path, append(append(host, '\n'), api.CA.PEM()...), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// localhostURL is api's address by name: Wine's verifier does not match a
// certificate's IP-address names.
func localhostURL(api *fakeoncehub.Server) string {
	return strings.Replace(api.URL, "127.0.0.1", "localhost", 1)
}

// longKey is a key of OnceKey's greatest length, 512 characters.
func longKey(t *testing.T) string {
	t.Helper()
	key := canaryKey(t)
	for len(key) < 512 {
		key += strings.TrimPrefix(canaryKey(t), "e2eCanary")
	}
	key = key[:512]
	canaries.mu.Lock()
	canaries.keys = append(canaries.keys, key)
	canaries.mu.Unlock()
	return key
}

func TestWindowsProgramsUnderWine(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Fatal("run as root (make test-windows through sudo): the certificate test mounts a bundle in a private mount namespace")
	}
	requireTools(t, "unshare", "Xvfb", "xdotool", "import")
	cli := distProgram(t, "oncekey.exe")
	window := distProgram(t, "oncekey-window.exe")
	w := newWinePrefix(t)
	controls := w.plantControls()
	api, err := fakeoncehub.New(fakeoncehub.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(api.Close)
	bundle := bundleWith(t, api)
	env := append(append([]string(nil), w.env...), "ONCEKEY_API_URL="+localhostURL(api))

	prod, long, other, windowKey := canaryKey(t), longKey(t), canaryKey(t), canaryKey(t)
	const accented = "Büro Zürich – Ñandú"
	api.AddKey(prod, "admin@example.com")
	api.AddKey(long, "admin@example.com")
	api.AddKey(windowKey, "admin@example.com")
	plain := w.plain(cli)
	run := func(stdin string, args ...string) cliResult {
		t.Helper()
		return runCLIThrough(t, plain, env, stdin, false, args...)
	}
	printKey := func(name string) (string, int) {
		t.Helper()
		r := runCLIThrough(t, plain, env, "", true, "print", "--name", name)
		return strings.TrimRight(r.stdout, "\r\n"), r.code
	}
	expect := func(r cliResult, code int, what string, wants ...string) {
		t.Helper()
		if r.code != code {
			t.Errorf("%s: exit code %d, want %d; it said:\n%s", what, r.code, code, redact(r.output()))
		}
		for _, want := range wants {
			if !strings.Contains(r.output(), want) {
				t.Errorf("%s does not say %q; it said:\n%s", what, want, redact(r.output()))
			}
		}
		checkPlain(t, what, r.output())
	}

	t.Run("the command line in Credential Manager", func(t *testing.T) {
		expect(run(prod+"\n", "set", "--name", "Prod"), 0, "set", "Windows Credential Manager")
		expect(run("", "status"), 0, "status", "Prod", ending(prod)[len("the key ending in "):])
		if got, code := printKey("Prod"); code != 0 || got != prod {
			t.Errorf("print gave back another key than the one saved (exit %d): Credential Manager lost %s", code, ending(prod))
		}

		// A key of the greatest length, under a name with letters beyond
		// ASCII: stored and read back exactly.
		expect(run(long+"\n", "set", "--name", accented), 0, "set of a 512-character key")
		if got, code := printKey(accented); code != 0 || got != long {
			t.Errorf("the 512-character key under %q came back as %d characters (exit %d): lost in Credential Manager", accented, len(got), code)
		}

		expect(run("", "rename", "Prod", "Production"), 0, "rename")
		if got, code := printKey("Production"); code != 0 || got != prod {
			t.Errorf("after rename, Production does not give back %s (exit %d): the key was lost", ending(prod), code)
		}
		if _, code := printKey("Prod"); code != 2 {
			t.Errorf("after rename, the old name still answers (exit %d)", code)
		}
	})

	t.Run("names that differ only in letter case", func(t *testing.T) {
		// Credential Manager ignores case: a second key "production"
		// would overwrite "Production". OnceKey refuses it.
		expect(run(other+"\n", "set", "--name", "production"), 2, "set of a name differing in case only")
		if got, code := printKey("Production"); code != 0 || got != prod {
			t.Errorf("after the refused set, Production no longer gives back %s (exit %d): the key was overwritten", ending(prod), code)
		}
		// A rename that changes only case renames in place; writing the new
		// name and deleting the old would delete the only copy.
		expect(run("", "rename", "Production", "PRODUCTION"), 0, "rename in letter case only")
		if got, code := printKey("PRODUCTION"); code != 0 || got != prod {
			t.Errorf("after the rename in letter case, %s is gone (exit %d): the only copy was deleted", ending(prod), code)
		}
		r := run("", "status")
		if n := strings.Count(r.output(), "PRODUCTION"); n != 1 || strings.Contains(r.output(), "Production") {
			t.Errorf("status lists the renamed key %d times, or under its old spelling:\n%s", n, redact(r.output()))
		}
	})

	t.Run("the certificate path", func(t *testing.T) {
		// First, before any server of this prefix has seen the test CA.
		if w.trusted {
			t.Fatal("a Wine process trusted the test CA before the untrusted case ran: the prefix may keep it")
		}
		before := api.Requests()
		r := runCLIThrough(t, plain, env, prod+"\n", false, "test", "--stdin")
		expect(r, 2, "test against an untrusted certificate", "not secure", "NOT sent")
		if api.Requests() != before {
			t.Errorf("the untrusted server received %d requests: the key may have been sent", api.Requests()-before)
		}
		w.stopServer()

		trusted := w.trusting(cli, bundle)
		r = runCLIThrough(t, trusted, env, prod+"\n", false, "test", "--stdin")
		expect(r, 0, "test with the test CA trusted as Windows trusts one", "Works", "admin@example.com")
		w.stopServer()
		before = api.Requests()
		r = runCLIThrough(t, trusted, env, "", false, "test", "--all")
		expect(r, 0, "test --all", "PRODUCTION", accented)
		if got := api.Requests() - before; got != 2 {
			t.Errorf("test --all of 2 keys sent %d requests", got)
		}
		w.stopServer()
	})

	t.Run("remove", func(t *testing.T) {
		expect(run("", "remove", "--name", accented), 0, "remove")
		if _, code := printKey(accented); code != 2 {
			t.Errorf("after remove, print still finds the key (exit %d)", code)
		}
		expect(run("", "remove", "--name", "PRODUCTION"), 0, "remove of the last key")
		expect(run("", "status"), 0, "status with no key", "No key is saved yet")
	})

	t.Run("the window", func(t *testing.T) {
		// A short clipboard delay, so that the test sees it cleared.
		prefs := filepath.Join(w.appData(), "fyne", "app.oncekey.OnceKey", "preferences.json")
		if err := os.MkdirAll(filepath.Dir(prefs), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(prefs, []byte(`{"clipboard.clearSeconds":10}`), 0o644); err != nil {
			t.Fatal(err)
		}
		display := startXvfb(t)
		w.stopServer()
		trusted := w.trusting(window, bundle)
		s := startWindowWith(t, display, w.dir, env, append(append([]string(nil), trusted.argv...), trusted.program)...)
		s.typeDelay, s.xtest = "40", true
		s.settle()
		s.settle()
		s.screenshot("wine-1-first-run.png")

		before := api.Requests()
		s.typeSecret(windowKey)
		s.key("Return")
		s.waitFor("the key to be saved and tested", func() bool { return api.Requests() > before })
		if got, code := printKey("default"); code != 0 || got != windowKey {
			t.Errorf("the key saved in the window is not in Credential Manager (exit %d)", code)
		}
		s.settle()
		s.screenshot("wine-2-main-view.png")

		// Copy, with no text selected (after saving, nothing has the
		// focus): the key goes on the Windows clipboard.
		copiedAt := time.Now()
		s.key("ctrl+c")
		want := sha256.Sum256([]byte(windowKey))
		var clip clipboardReport
		clipEnv := append(append([]string(nil), env...), "DISPLAY="+display)
		s.waitFor("the key on the Windows clipboard", func() bool {
			clip = w.clipboard(clipEnv)
			return clip.TextHash == hex.EncodeToString(want[:])
		})
		copied := clip
		s.screenshot("wine-3-copied.png")
		// Cleared is text, and not the key: OnceKey clears by writing an
		// empty text. Wine's clipboard now and then reads as holding no
		// format at all for a moment, while it syncs with the X server's;
		// such a read says nothing and is made again.
		s.waitFor("the clipboard to be cleared after 10 s", func() bool {
			clip = w.clipboard(clipEnv)
			return clip.HasText && clip.TextHash != hex.EncodeToString(want[:])
		})
		if waited := time.Since(copiedAt); waited < 10*time.Second {
			t.Errorf("the clipboard was cleared %v after Copy, before the 10 s chosen: it then held %d characters, formats %v", waited.Round(time.Second), clip.TextLen, clip.Formats)
		}
		s.settledShot("wine-4-cleared.png")

		// A second start of the window program: it signals the first one
		// and ends, rather than opening a second window and tray icon.
		// (Not through trusting, which restarts the prefix's server.)
		second := w.plain(window)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		again := commandContext(ctx, second.argv[0], append(append([]string(nil), second.argv[1:]...), second.program)...)
		again.Env = append(append(append([]string(nil), env...), second.env...), "DISPLAY="+display)
		out, err := again.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "already open") {
			t.Errorf("a second start of the window program: %v, said:\n%s", err, redact(string(out)))
		}
		if !s.alive() {
			t.Error("the first window ended when a second start was tried")
		}
		t.Logf("formats on the clipboard with the key: %v", copied.Formats)
		// The formats that keep the copy out of clipboard history, cloud
		// sync and clipboard monitors.
		for _, f := range []string{"ExcludeClipboardContentFromMonitorProcessing", "CanIncludeInClipboardHistory", "CanUploadToCloudClipboard"} {
			if !slices.Contains(copied.Formats, f) {
				t.Errorf("the copied key lacks the clipboard format %s: Windows may keep it in clipboard history or sync it", f)
			}
		}
		s.close()
	})

	t.Run("run", func(t *testing.T) {
		// Last, with the window's key: the certificate cases (which restart
		// the prefix's server in a private mount namespace) failed once
		// when this ran before them.
		// The command gets the key in its environment (cmd.exe exits 5 when
		// the variable is defined), and run exits with the command's code,
		// saying nothing itself.
		for _, c := range []struct {
			what string
			args []string
			code int
		}{
			{"run of cmd.exe with the key in ONCEHUB_API_KEY", []string{"cmd.exe", "/c", "if", "defined", "ONCEHUB_API_KEY", "exit", "5"}, 5},
			{"run's exit code", []string{"cmd.exe", "/c", "exit", "7"}, 7},
		} {
			r := run("", append([]string{"run", "--name", "default", "--"}, c.args...)...)
			if r.code != c.code || strings.TrimSpace(r.stderr) != "" {
				t.Errorf("%s: exit %d, want %d; it said:\n%s", c.what, r.code, c.code, redact(r.output()))
			}
		}
		expect(run("", "run", "--name", "default", "--", "oncekey-no-such-command"), 127, "run of a command not found", "was not found")
	})

	w.stopServer()
	t.Run("no copy of a key in the prefix, output or arguments", func(t *testing.T) {
		w.checkNoKeyLeaked(watchList{
			{"the first key", needlesFor(prod)}, {"the 512-character key", needlesFor(long)},
			{"the refused key", needlesFor(other)}, {"the window's key", needlesFor(windowKey)},
		}, controls)
	})
}

// clipboardReport is what testdata/wine/clipboard prints.
type clipboardReport struct {
	Formats  []string `json:"formats"`
	HasText  bool     `json:"has_text"`
	TextLen  int      `json:"text_len"`
	TextHash string   `json:"text_sha256"`
}

// clipboard reads the Windows clipboard with a small Windows program of the
// tests' own, which reports a hash of the text, never the text.
func (w *winePrefix) clipboard(env []string, args ...string) clipboardReport {
	w.t.Helper()
	exe := filepath.Join(w.dir, "clipboard.exe")
	if _, err := os.Stat(exe); err != nil {
		build := command("go", "build", "-o", exe, "./testdata/wine/clipboard")
		build.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			w.t.Fatalf("building the clipboard reader: %v\n%s", err, out)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c := commandContext(ctx, wineLoader, append([]string{exe}, args...)...)
	c.Env = env
	var stderr strings.Builder
	c.Stderr = &stderr
	out, err := c.Output()
	var r clipboardReport
	if err != nil || json.Unmarshal(out, &r) != nil {
		w.t.Fatalf("reading the Windows clipboard: %v (%s%s)", err, out, stderr.String())
	}
	return r
}

// wineControls is a made-up key put where the leak search must find it,
// before any real key exists, and the places it was put.
type wineControls struct {
	key    string
	places []string // a file in the prefix, or "user.reg"
}

// plantControls puts a control key in the prefix as a Windows program
// would write it: a UTF-16LE file, and a binary registry value that Wine
// writes to user.reg as a hex list, by Wine's own reg.exe.
func (w *winePrefix) plantControls() wineControls {
	w.t.Helper()
	c := wineControls{key: canaryKey(w.t)}
	file := filepath.Join(w.dir, "drive_c", "control-utf16.txt")
	if err := os.WriteFile(file, utf16LE("x"+c.key+"x"), 0o600); err != nil {
		w.t.Fatal(err)
	}
	reg := command(wineLoader, "reg", "add", `HKCU\Software\OnceKeyTestControl`, "/v", "Value", "/t", "REG_BINARY",
		"/d", hex.EncodeToString([]byte(c.key)), "/f")
	reg.Env = w.env
	if out, err := reg.CombinedOutput(); err != nil {
		w.t.Fatalf("reg add of the control key: %v\n%s", err, redact(string(out)))
	}
	w.stopServer() // writes the registry to user.reg
	c.places = []string{file, credentialStore}
	return c
}

// checkNoKeyLeaked searches for the keys in every file of the prefix that
// the run wrote, as ASCII, UTF-16LE and .reg hex lists, leaving out only the
// encrypted values of Wine's Credential Manager (the rest of its items, the
// names and comments, is searched); in every output of every process the
// test started, and in their arguments. The control key must be found in
// each place it was put, or the search proves nothing.
func (w *winePrefix) checkNoKeyLeaked(keys watchList, c wineControls) {
	w.t.Helper()
	reg := filepath.Join(w.dir, credentialStore)
	data, err := os.ReadFile(reg)
	if err != nil {
		w.t.Fatalf("reading %s: %v", credentialStore, err)
	}
	rest, creds := withoutEncryptedValues(string(data), credentialRegistry)
	if creds == 0 {
		w.t.Errorf("%s has no %s] keys: Wine keeps Credential Manager elsewhere, and this test must learn where", credentialStore, credentialRegistry)
	}
	// user.reg is searched as that copy; the file itself is moved out of
	// the prefix meanwhile.
	apart := w.t.TempDir()
	outside := filepath.Join(apart, "user.reg without encrypted values.reg")
	if err := os.WriteFile(outside, []byte(rest), 0o600); err != nil {
		w.t.Fatal(err)
	}
	aside := filepath.Join(apart, credentialStore)
	if err := os.Rename(reg, aside); err != nil {
		w.t.Fatal(err)
	}
	control := watchList{{"the control key", needlesFor(c.key)}}
	all := append(append(watchList{}, keys...), control...)
	found, files := searchFilesSince(w.t, all, w.ready, w.dir, outside)
	if err := os.Rename(aside, reg); err != nil {
		w.t.Fatal(err)
	}
	controlAt := map[string]bool{}
	for _, f := range found {
		path, what, _ := strings.Cut(f, " holds ")
		if strings.HasPrefix(what, "the control key: ") && !strings.Contains(what, "; ") {
			controlAt[path] = true
			continue
		}
		w.t.Errorf("a key leaked into the Wine prefix: %s", f)
	}
	for _, place := range c.places {
		if place == credentialStore {
			place = outside
		}
		if !controlAt[place] {
			w.t.Errorf("the search did not find the control key in %s: it cannot be trusted to find a leak", filepath.Base(place))
		}
	}

	// What the programs printed, and every process's arguments.
	_, _ = capture("the Wine control output").Write([]byte("x" + c.key + "x"))
	controlSeen := false
	for name, out := range capturedOutputs() {
		what := all.find([]byte(out))
		switch {
		case what == "":
		case name == "the Wine control output" && strings.HasPrefix(what, "the control key: "):
			controlSeen = true
		default:
			w.t.Errorf("a key is in the output of %s: %s", name, what)
		}
	}
	if !controlSeen {
		w.t.Error("the output search did not find the control key in the control output: it cannot be trusted")
	}
	// reg add put the control key in its arguments, in hex: found there,
	// it shows the search of arguments works.
	controlInArgs := false
	for _, argv := range startedArgv() {
		what := all.find([]byte(strings.Join(argv, " ")))
		switch {
		case what == "":
		case strings.HasPrefix(what, "the control key: ") && !strings.Contains(what, "; "):
			controlInArgs = true
		default:
			w.t.Errorf("a key is in the arguments of %s: %s", filepath.Base(argv[0]), what)
		}
	}
	if !controlInArgs {
		w.t.Error("the search of arguments did not find the control key given to reg add: it cannot be trusted")
	}
	w.t.Logf("searched the %d files of the Wine prefix written since it was made, %d outputs and %d argument lists; Credential Manager is in %s: %d registry keys under %s]",
		files, len(capturedOutputs()), len(startedArgv()), credentialStore, creds, credentialRegistry)
}

// withoutEncryptedValues is a .reg file's text without the encrypted
// values ("Password", and the "EncryptionKey" Wine encrypts them with) of
// the keys under prefix, and how many keys start with prefix.
func withoutEncryptedValues(text, prefix string) (rest string, inside int) {
	var b strings.Builder
	in, dropping := false, false
	for _, line := range strings.SplitAfter(text, "\n") {
		if strings.HasPrefix(line, "[") {
			in = strings.HasPrefix(line, prefix)
			if in {
				inside++
			}
		}
		if in && (strings.HasPrefix(line, `"Password"=`) || strings.HasPrefix(line, `"EncryptionKey"=`)) {
			dropping = true
		}
		if !dropping {
			b.WriteString(line)
		}
		// A value continues on the next line after a backslash.
		if dropping && !strings.HasSuffix(strings.TrimRight(line, "\r\n"), `\`) {
			dropping = false
		}
	}
	return b.String(), inside
}
