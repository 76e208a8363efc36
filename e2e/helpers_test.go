//go:build e2e

// Package e2e tests OnceKey's two real programs as a whole: the window
// (oncekey-window) on an Xvfb display, driven with xdotool, and the command
// line (oncekey), also with the system's libraries hidden; a real Secret
// Service (gnome-keyring on a private D-Bus bus); loopback stand-ins for
// OnceHub trusted through SSL_CERT_FILE. It holds the secret hygiene search,
// the whole-program fault tests and the load tests, and saves screenshots
// under build/screenshots for people to look at.
//
// Run it with make window, which also provides the Secret Service the
// first window test uses.
package e2e

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// programs are OnceKey's two programs every test runs, built once by
// TestMain as the Makefile builds them: the window, and the command line
// without cgo.
var programs struct {
	window, cli string
	err         error
}

func TestMain(m *testing.M) {
	if os.Getenv(hideLibsVar) != "" {
		hideLibsAndExec() // never returns
	}
	dir, err := os.MkdirTemp("", "oncekey-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	programs.window = filepath.Join(dir, "oncekey-window")
	programs.cli = filepath.Join(dir, "oncekey")
	for _, b := range []struct {
		out  string
		args []string
		env  []string
	}{
		{programs.window, []string{"-tags", "migrated_fynedo e2ehooks", "."}, nil},
		{programs.cli, []string{"./cmd/oncekey"}, []string{"CGO_ENABLED=0"}},
	} {
		cmd := exec.Command("go", append([]string{"build", "-o", b.out}, b.args...)...)
		cmd.Dir = ".."
		cmd.Env = append(os.Environ(), b.env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			programs.err = fmt.Errorf("building %s failed: %v\n%s", filepath.Base(b.out), err, out)
			break
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// windowProgram returns the path of the window program TestMain built.
func windowProgram(t *testing.T) string {
	t.Helper()
	if programs.err != nil {
		t.Fatal(programs.err)
	}
	return programs.window
}

// commandLine returns the path of the command line TestMain built.
func commandLine(t *testing.T) string {
	t.Helper()
	if programs.err != nil {
		t.Fatal(programs.err)
	}
	return programs.cli
}

// requireTools stops the test when a program it drives is missing.
func requireTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed: run make test-deps", tool)
		}
	}
}

// canaries are the keys made so far, so that redact can hide them.
var canaries struct {
	mu   sync.Mutex
	keys []string
}

// canaryKey is a made-up key unique to this run: finding it, or any piece
// of it, anywhere proves where it went.
func canaryKey(t *testing.T) string {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	key := "e2eCanary" + hex.EncodeToString(b)
	canaries.mu.Lock()
	canaries.keys = append(canaries.keys, key)
	canaries.mu.Unlock()
	return key
}

// redact hides every key made by canaryKey, and every 12-character piece of
// one, in text that OnceKey or another program printed, so that a test
// message never shows a key even when OnceKey wrongly printed it.
func redact(text string) string {
	canaries.mu.Lock()
	defer canaries.mu.Unlock()
	for _, k := range canaries.keys {
		text = strings.ReplaceAll(text, k, "<"+ending(k)+">")
		for i := 0; i+pieceLen <= len(k); i++ {
			text = strings.ReplaceAll(text, k[i:i+pieceLen], "<part of a key>")
		}
	}
	return text
}

// ending names a key in test messages without revealing it.
func ending(key string) string {
	if len(key) < 8 {
		return "a short key"
	}
	return "the key ending in " + key[len(key)-4:]
}

// ---- Processes started by the tests ----

// started records the argument list of every process the tests start
// themselves, so the secret hygiene test can search them even for
// processes too short-lived for /proc sampling to catch.
var started struct {
	mu   sync.Mutex
	argv [][]string
}

// command is exec.Command that records the argument list.
func command(name string, args ...string) *exec.Cmd {
	return commandContext(context.Background(), name, args...)
}

func commandContext(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	started.mu.Lock()
	started.argv = append(started.argv, append([]string(nil), cmd.Args...))
	started.mu.Unlock()
	return cmd
}

// startedArgv returns the argument lists recorded so far.
func startedArgv() [][]string {
	started.mu.Lock()
	defer started.mu.Unlock()
	return append([][]string(nil), started.argv...)
}

// lockedBuffer is an output buffer processes may write to while a test
// reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// outputs keeps every captured output of processes the tests started, by a
// name for messages, for the secret hygiene search.
var outputs struct {
	mu  sync.Mutex
	all map[string]*lockedBuffer
}

// capture returns a new buffer registered under name.
func capture(name string) *lockedBuffer {
	outputs.mu.Lock()
	defer outputs.mu.Unlock()
	if outputs.all == nil {
		outputs.all = map[string]*lockedBuffer{}
	}
	b := &lockedBuffer{}
	for i := 2; outputs.all[name] != nil; i++ {
		name = fmt.Sprintf("%s #%d", strings.TrimSuffix(name, fmt.Sprintf(" #%d", i-1)), i)
	}
	outputs.all[name] = b
	return b
}

// capturedOutputs returns a copy of every captured output.
func capturedOutputs() map[string]string {
	outputs.mu.Lock()
	defer outputs.mu.Unlock()
	m := make(map[string]string, len(outputs.all))
	for name, b := range outputs.all {
		m[name] = b.String()
	}
	return m
}

// stopProcess asks a process to end, then kills it if it has not within
// grace, and waits for it.
func stopProcess(cmd *exec.Cmd, exited <-chan struct{}, grace time.Duration) {
	if cmd.Process == nil {
		return
	}
	select {
	case <-exited:
		return
	default:
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(grace):
		_ = cmd.Process.Kill()
		<-exited
	}
}

// ---- The command line ----

// cliResult is what one run of the command line did.
type cliResult struct {
	code   int
	stdout string
	stderr string
	maxRSS int64 // peak resident memory, in KiB
}

// output is standard output and error together.
func (r cliResult) output() string { return r.stdout + r.stderr }

// cliTimeout bounds one command: every keychain and network wait inside
// OnceKey is shorter, so hitting it means OnceKey hung.
const cliTimeout = 60 * time.Second

// runCLI runs the command line with args, env (a whole environment) and stdin.
// Output goes into the hygiene search unless secretStdout is set, for the
// commands whose standard output is the key by design (oncekey print).
func runCLI(t *testing.T, env []string, stdin string, secretStdout bool, args ...string) cliResult {
	t.Helper()
	return runCLIThrough(t, nil, env, stdin, secretStdout, args...)
}

// launcher starts the command line in a changed world: its argv runs
// first, with env added and attr, and ends by exec'ing the command line
// and its arguments, which follow argv.
type launcher struct {
	name string // for messages
	argv []string
	env  []string
	attr *syscall.SysProcAttr
	// program is the command line to run in place of the one TestMain
	// built (the Windows build, under Wine); "" for that one.
	program string
}

// runCLIThrough is runCLI through via (nil: none).
func runCLIThrough(t *testing.T, via *launcher, env []string, stdin string, secretStdout bool, args ...string) cliResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	defer cancel()
	program := ""
	if via != nil {
		program = via.program
	}
	if program == "" {
		program = commandLine(t)
	}
	argv := append([]string{program}, args...)
	name := "oncekey " + strings.Join(args, " ")
	if via != nil {
		argv = append(append([]string(nil), via.argv...), argv...)
		env = append(append([]string(nil), env...), via.env...)
		name += " (" + via.name + ")"
	}
	cmd := commandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = env
	if via != nil {
		cmd.SysProcAttr = via.attr
	}
	cmd.Stdin = strings.NewReader(stdin)
	var stdout io.Writer
	var plain bytes.Buffer
	if secretStdout {
		stdout = &plain
	} else {
		stdout = capture(name + " (standard output)")
	}
	stderr := capture(name + " (standard error)")
	cmd.Stdout, cmd.Stderr = stdout, stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%s did not finish within %v: OnceKey hung", name, cliTimeout)
	}
	r := cliResult{code: 0, stderr: stderr.String()}
	if secretStdout {
		r.stdout = plain.String()
	} else {
		r.stdout = stdout.(*lockedBuffer).String()
	}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		r.code = exit.ExitCode()
	case err != nil:
		t.Fatalf("%s: %v", name, err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxRSS = ru.Maxrss
	}
	return r
}

// technical are bits of text that belong to programmers, not to the admins
// who read OnceKey's messages, and the marks of a crash.
var technical = []string{
	"panic", "goroutine ", "runtime.", ".go:", "x509", "tls:", "dial tcp", "EOF", "net/http",
	"context deadline", "context canceled", "%!", "syscall", "errno", "org.freedesktop", "dbus",
	"exec:", "connection reset by peer", "broken pipe", "i/o timeout", "<nil>",
}

// checkPlain fails the test if a message a person reads has programmers'
// text in it, or a crash.
func checkPlain(t *testing.T, what, text string) {
	t.Helper()
	if strings.TrimSpace(text) == "" {
		t.Errorf("%s: OnceKey said nothing at all", what)
		return
	}
	lower := strings.ToLower(text)
	for _, w := range technical {
		if strings.Contains(lower, strings.ToLower(w)) {
			t.Errorf("%s: the message has technical text %q in it:\n%s", what, w, redact(text))
		}
	}
}

// checkNoCrash fails the test if output holds a Go panic or a crash.
func checkNoCrash(t *testing.T, what, output string) {
	t.Helper()
	for _, w := range []string{"panic:", "goroutine ", "SIGSEGV", "fatal error:"} {
		if strings.Contains(output, w) {
			t.Errorf("%s crashed (%q in its output):\n%s", what, w, redact(output))
		}
	}
}

// ---- Environments ----

// scratch is a private home for one run of OnceKey: every folder it may
// write to is inside root.
type scratch struct {
	root, home, config, data, cache, runtime, tmp string
}

func newScratch(t *testing.T) *scratch {
	t.Helper()
	root := t.TempDir()
	s := &scratch{
		root:    root,
		home:    filepath.Join(root, "home"),
		config:  filepath.Join(root, "home", ".config"),
		data:    filepath.Join(root, "home", ".local", "share"),
		cache:   filepath.Join(root, "home", ".cache"),
		runtime: filepath.Join(root, "runtime"),
		tmp:     filepath.Join(root, "tmp"),
	}
	for _, d := range []string{s.config, s.data, s.cache, s.runtime, s.tmp} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// indexPath is where OnceKey keeps its list of keys in this home.
func (s *scratch) indexPath() string { return filepath.Join(s.config, "OnceKey", "keys.json") }

// cleanEnv is this process's environment without anything that would lead
// OnceKey to the user's own display, keychain, folders, proxy or settings.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case k == "DISPLAY", k == "WAYLAND_DISPLAY", k == "DBUS_SESSION_BUS_ADDRESS", k == "HOME",
			k == "TMPDIR", k == "SSL_CERT_FILE", k == "SSL_CERT_DIR", k == "GNOME_KEYRING_CONTROL",
			k == "SSH_AUTH_SOCK", k == "LANG", k == "LC_ALL", k == "LC_MESSAGES", k == "LANGUAGE",
			strings.HasPrefix(k, "XDG_"), strings.HasPrefix(k, "ONCEKEY_"),
			strings.EqualFold(k, "HTTPS_PROXY"), strings.EqualFold(k, "HTTP_PROXY"),
			strings.EqualFold(k, "NO_PROXY"), strings.EqualFold(k, "ALL_PROXY"):
			continue
		}
		env = append(env, kv)
	}
	return env
}

// env is the environment for OnceKey in this home, plus extra settings.
func (s *scratch) env(extra ...string) []string {
	return append(cleanEnv(), append([]string{
		"HOME=" + s.home,
		"XDG_CONFIG_HOME=" + s.config,
		"XDG_DATA_HOME=" + s.data,
		"XDG_CACHE_HOME=" + s.cache,
		"XDG_RUNTIME_DIR=" + s.runtime,
		"TMPDIR=" + s.tmp,
		"LANG=en_US.UTF-8",
		"NO_AT_BRIDGE=1",
	}, extra...)...)
}

// ---- A real window ----

// startXvfb starts a private X server and returns its DISPLAY.
func startXvfb(t *testing.T) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// -noreset: without it the server resets whenever its last client
	// leaves, and a window connecting just then (after OnceKey's own check
	// that the display answers) fails to open.
	cmd := command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset")
	cmd.ExtraFiles = []*os.File{w}
	out := capture("Xvfb")
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		w.Close()
		t.Fatal(err)
	}
	w.Close()
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() { stopProcess(cmd, exited, 5*time.Second) })
	number := make(chan string, 1)
	go func() {
		// Read up to the newline: Xvfb writes the number and the newline
		// apart, and dies if the pipe is closed in between.
		line, _ := bufio.NewReader(r).ReadString('\n')
		number <- strings.TrimSpace(line)
	}()
	var n string
	select {
	case n = <-number:
	case <-time.After(10 * time.Second):
		t.Fatal("Xvfb did not start within 10 s")
	}
	if _, err := strconv.Atoi(n); err != nil {
		t.Fatalf("Xvfb did not report a display number (%q): %s", n, redact(out.String()))
	}
	// Wait until the display answers: OnceKey checks that before it starts.
	socket := "/tmp/.X11-unix/X" + n
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("unix", socket); err == nil {
			c.Close()
			break
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("Xvfb's display :%s does not answer: %s", n, redact(out.String()))
		}
	}
	return ":" + n
}

// waitUntil polls done until it holds, failing the test after timeout.
func waitUntil(t *testing.T, timeout time.Duration, what string, done func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !done() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// session is one running OnceKey window with everything around it.
type session struct {
	t       *testing.T
	display string
	shots   string
	cmd     *exec.Cmd
	exited  chan struct{}
	output  *lockedBuffer
	window  string
	// home is the folder OnceKey's settings and list of keys are under.
	home string
	// mapPath is the file the window writes its widget map to.
	mapPath string
	// typeDelay is xdotool's pause between typed characters, in ms; ""
	// for 5. Wine loses characters typed that fast.
	typeDelay string
	// xtest types and presses keys as real input (see target).
	xtest bool
}

// startWindow starts OnceKey's window on display with the environment env
// (whose HOME is home) and waits for the window to show. The window writes
// its widget map to the session's mapPath.
func startWindow(t *testing.T, display, home string, env []string) *session {
	t.Helper()
	return startWindowWith(t, display, home, env, windowProgram(t))
}

// startWindowWith is startWindow with argv starting the window: the
// Windows build under Wine, for one.
func startWindowWith(t *testing.T, display, home string, env []string, argv ...string) *session {
	t.Helper()
	s := &session{t: t, display: display, home: home, shots: screenshotDir(t), exited: make(chan struct{}),
		mapPath: filepath.Join(t.TempDir(), "widgets.json")}
	s.cmd = command(argv[0], argv[1:]...)
	s.cmd.Env = append(env, "DISPLAY="+display, widgetMapVar+"="+s.mapPath)
	s.output = capture("OnceKey window")
	s.cmd.Stdout, s.cmd.Stderr = s.output, s.output
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = s.cmd.Wait(); close(s.exited) }()
	t.Cleanup(s.close)
	s.waitForWindow()
	return s
}

// close ends OnceKey and waits for it to exit. There is no window manager
// to ask the window to close, so it is told with SIGTERM.
func (s *session) close() {
	select {
	case <-s.exited:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(5 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
	out := s.output.String()
	checkNoCrash(s.t, "the OnceKey window", out)
	if strings.Contains(out, "Attempt to access current Fyne app") {
		// A theme icon made at package start, before the app exists.
		s.t.Errorf("the window used Fyne before its app existed: it printed Fyne's %q", "Attempt to access current Fyne app when none is started")
	}
	if out != "" {
		s.t.Logf("OnceKey printed:\n%s", redact(out))
	}
}

// alive reports whether the OnceKey process is still running.
func (s *session) alive() bool {
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

func screenshotDir(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "build", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func (s *session) xdotool(args ...string) string {
	s.t.Helper()
	cmd := command("xdotool", args...)
	cmd.Env = append(cleanEnv(), "DISPLAY="+s.display)
	out, err := cmd.Output()
	if err != nil {
		s.t.Fatalf("xdotool %s: %v", args[0], err)
	}
	return strings.TrimSpace(string(out))
}

// key presses keys (xdotool names, such as "Return" or "ctrl+c") in the window.
func (s *session) key(keys ...string) {
	s.t.Helper()
	s.xdotool(append(append([]string{"key"}, s.target()...), append([]string{"--delay", "40"}, keys...)...)...)
}

// target is how xdotool aims keys at the window: events sent to it, or,
// for Wine (which reads no Shift from sent events: "C" arrives as "c"),
// real input through XTEST after the window is given the focus.
func (s *session) target() []string {
	s.t.Helper()
	if !s.xtest {
		return []string{"--window", s.window}
	}
	s.xdotool("windowfocus", s.window)
	return nil
}

// typeSecret types text into the window, handing it to xdotool on standard
// input so that it never appears in a command line.
func (s *session) typeSecret(text string) {
	s.t.Helper()
	delay := s.typeDelay
	if delay == "" {
		delay = "5"
	}
	cmd := command("xdotool", append(append([]string{"type"}, s.target()...), "--delay", delay, "--file", "-")...)
	cmd.Env = append(cleanEnv(), "DISPLAY="+s.display)
	cmd.Stdin = strings.NewReader(text)
	if err := cmd.Run(); err != nil {
		s.t.Fatalf("xdotool type: %v", err)
	}
}

// clipboard returns what the display's clipboard holds. It may be the key,
// so it is only compared, never shown.
func (s *session) clipboard() string {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	cmd := commandContext(ctx, "xclip", "-o", "-selection", "clipboard")
	cmd.Env = append(cleanEnv(), "DISPLAY="+s.display)
	out, _ := cmd.Output() // an empty clipboard is an error for xclip
	return string(out)
}

func (s *session) waitForWindow() {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		cmd := command("xdotool", "search", "--onlyvisible", "--name", "^OnceKey")
		cmd.Env = append(cleanEnv(), "DISPLAY="+s.display)
		if out, err := cmd.Output(); err == nil {
			if ids := strings.Fields(string(out)); len(ids) > 0 {
				s.window = ids[0]
				return
			}
		}
		if !s.alive() {
			s.t.Fatalf("OnceKey exited before showing its window:\n%s", redact(s.output.String()))
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatal("the OnceKey window did not appear within 20 s")
}

// settle gives the window time to draw what changed, for screenshots and
// for keys pressed right after a view changed.
func (s *session) settle() { time.Sleep(700 * time.Millisecond) }

// testUntil takes the focus from any widget, then presses Enter, which
// tests the key from the main view, until OnceKey shows or records the
// result want.
// Enter is pressed again while Test is disabled (during a pause OnceHub
// asked for) or a result equal to the last one would not show.
func (s *session) testUntil(want string) {
	s.t.Helper()
	s.unfocus()
	deadline := time.Now().Add(30 * time.Second)
	for {
		s.key("Return")
		for range 40 {
			// Shown, or recorded: an inconclusive result (a 429, no answer)
			// is shown but not recorded over a conclusive one.
			if s.lastTest() == want || s.shows("result."+want) {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		if time.Now().After(deadline) || !s.alive() {
			s.screenshot("failed-waiting.png")
			s.t.Fatalf("gave up waiting for a test whose result is %q (last recorded: %q)", want, s.lastTest())
		}
	}
}

func (s *session) waitFor(what string, done func() bool) {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !done() {
		if time.Now().After(deadline) {
			s.screenshot("failed-waiting.png")
			s.t.Fatalf("gave up waiting for %s", what)
		}
		if !s.alive() {
			s.t.Fatalf("OnceKey exited while the test waited for %s:\n%s", what, redact(s.output.String()))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// settledShot saves a screenshot once the window has finished drawing;
// screenshot fails the test if it looks empty.
func (s *session) settledShot(name string) {
	s.t.Helper()
	s.settle()
	s.screenshot(name)
}

// screenshot saves the whole screen and checks that something was drawn.
func (s *session) screenshot(name string) image.Image {
	s.t.Helper()
	path := filepath.Join(s.shots, name)
	img := s.shoot(path)
	if colours := distinctColours(img, 64); colours < 8 {
		s.t.Errorf("screenshot %s looks empty: %d distinct colours", name, colours)
	}
	s.t.Logf("screenshot: %s", path)
	return img
}

// grab takes a screenshot that is not kept, to compare.
func (s *session) grab() image.Image {
	s.t.Helper()
	return s.shoot(filepath.Join(s.t.TempDir(), "grab.png"))
}

// shoot saves the whole screen at path and reads it back.
func (s *session) shoot(path string) image.Image {
	s.t.Helper()
	cmd := command("import", "-window", "root", path)
	cmd.Env = append(cleanEnv(), "DISPLAY="+s.display)
	if out, err := cmd.CombinedOutput(); err != nil {
		s.t.Fatalf("screenshot: %v\n%s", err, out)
	}
	f, err := os.Open(path)
	if err != nil {
		s.t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		s.t.Fatalf("screenshot %s is not a PNG: %v", filepath.Base(path), err)
	}
	return img
}

func distinctColours(img image.Image, limit int) int {
	seen := map[[3]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
			if len(seen) >= limit {
				return len(seen)
			}
		}
	}
	return len(seen)
}

// lastTest reads the outcome OnceKey recorded for the default key in its
// list of keys ("" when none yet).
func (s *session) lastTest() string {
	return lastTestIn(filepath.Join(s.home, ".config", "OnceKey", "keys.json"))
}

// listedKey is one entry of OnceKey's list of keys, as the tests read it.
type listedKey struct {
	Name     string
	Ending   string
	Note     string
	LastTest *struct {
		Result  string
		Account string
		Status  int
	}
}

// readList reads OnceKey's list of keys at path; ok is false when the file
// is missing or cannot be understood.
func readList(path string) (keys []listedKey, ok bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, false
	}
	var f struct {
		Version int
		Keys    []listedKey
	}
	if json.Unmarshal(data, &f) != nil || f.Version != 1 {
		return nil, false
	}
	return f.Keys, true
}

// lastTestIn returns the outcome recorded for the default key in the list
// at path, or "".
func lastTestIn(path string) string {
	keys, _ := readList(path)
	for _, k := range keys {
		if k.Name == "default" && k.LastTest != nil {
			return k.LastTest.Result
		}
	}
	return ""
}
