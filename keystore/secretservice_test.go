//go:build secretservice

// Tests against a real Secret Service (gnome-keyring). Run them through
// .ci/with-secret-service, which provides a private D-Bus session with a
// fresh, unlocked keyring:
//
//	.ci/with-secret-service go test -race -tags 'migrated_fynedo secretservice' ./keystore/...
//
// Some tests start processes of their own (a test binary with no session
// bus, a bus without a Secret Service, a keyring that asks for a password on
// an Xvfb display) and check that none of them outlives the test.

package keystore

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// helperEnv names the helper a re-executed test binary should act as.
const helperEnv = "ONCEKEY_KEYSTORE_HELPER"

// markEnv carries a random value into every process a test starts, and so
// into anything those start in turn, to find leftovers afterwards.
const markEnv = "ONCEKEY_KEYSTORE_TEST_MARK"

// canaryKey returns a made-up key that is unique to this run, so finding it
// anywhere proves where it went.
func canaryKey(t testing.TB) string {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "canary-" + hex.EncodeToString(b)
}

func uniqueName(t testing.TB) string {
	n := fmt.Sprintf("it-%d-%s", time.Now().UnixNano(), t.Name())
	if len(n) > MaxNameLen {
		n = n[:MaxNameLen]
	}
	return n
}

// requirePrivateKeyring stops a test that would otherwise write to the
// user's own keyring.
func requirePrivateKeyring(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("ONCEKEY_PRIVATE_KEYRING")
	if dir == "" || os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Fatal("these tests need a private keyring and must not touch yours: run them through .ci/with-secret-service")
	}
	return dir
}

func isHelper(t *testing.T, name string) bool {
	t.Helper()
	if os.Getenv(helperEnv) != name {
		t.Skip("runs only as a helper process started by another test")
	}
	return true
}

// secretToolLookup reads an item the way another program would. The secret
// arrives on a pipe and is only compared, never shown.
func secretToolLookup(t *testing.T, name string) (string, bool) {
	t.Helper()
	cmd := exec.Command("secret-tool", "lookup", "service", Service, "username", name)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 1 && out.Len() == 0 {
		return "", false
	}
	if err != nil {
		t.Fatalf("secret-tool lookup: %v (%s)", err, strings.TrimSpace(errOut.String()))
	}
	return out.String(), true
}

// secretToolStore writes an item the way another program would, the secret
// going in on standard input, never as an argument.
func secretToolStore(t *testing.T, name, secret string) {
	t.Helper()
	cmd := exec.Command("secret-tool", "store", "--label=written by another program", "service", Service, "username", name)
	cmd.Stdin = strings.NewReader(secret)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("secret-tool store: %v (%s)", err, strings.TrimSpace(string(out)))
	}
}

// noFileHolds fails the test if any file under root contains secret.
func noFileHolds(t *testing.T, root, secret string) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // a socket or temporary file went away meanwhile
			}
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		files++
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("%s holds %s in plain text", path, ending(secret))
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walking %s: %v", root, err)
	}
	t.Logf("looked for the key in %d files under %s", files, root)
}

func TestRealSaveReadReplaceRemove(t *testing.T) {
	root := requirePrivateKeyring(t)
	k := NewKeychain(10 * time.Second)
	ctx := context.Background()
	name := uniqueName(t)
	first, second := canaryKey(t), canaryKey(t)

	if err := k.Save(ctx, name, first); err != nil {
		t.Fatalf("Save: %v", err)
	}
	got, ok := secretToolLookup(t, name)
	if !ok {
		t.Fatalf("secret-tool finds no item with service %q and username %q", Service, name)
	}
	sameSecret(t, "secret-tool lookup after Save", got, first)
	got, err := k.Get(ctx, name)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	sameSecret(t, "Get after Save", got, first)

	if err := k.Save(ctx, name, second); err != nil {
		t.Fatalf("replacing Save: %v", err)
	}
	got, _ = secretToolLookup(t, name)
	sameSecret(t, "secret-tool lookup after replace", got, second)
	if got, err = k.Get(ctx, name); err != nil {
		t.Fatalf("Get after replace: %v", err)
	}
	sameSecret(t, "Get after replace", got, second)
	if n := countItems(t, name); n != 1 {
		t.Errorf("%d items under the name after a replace, want 1", n)
	}

	if err := k.Remove(ctx, name); err != nil {
		t.Fatalf("Remove: %v", err)
	}
	if _, ok := secretToolLookup(t, name); ok {
		t.Error("secret-tool still finds the item after Remove")
	}
	if _, err := k.Get(ctx, name); !IsNotFound(err) {
		t.Errorf("Get after Remove: %v, want NotFound", err)
	}
	if err := k.Remove(ctx, name); !IsNotFound(err) {
		t.Errorf("Remove again: %v, want NotFound", err)
	}
	// The keyring file is encrypted; nothing anywhere holds either key.
	noFileHolds(t, root, first)
	noFileHolds(t, root, second)
}

// countItems counts the Secret Service items under (Service, name).
// secret-tool prints each item's secret too: the output is only counted.
func countItems(t *testing.T, name string) int {
	t.Helper()
	out, _ := exec.Command("secret-tool", "search", "--all", "service", Service, "username", name).Output()
	n := 0
	for line := range strings.Lines(string(out)) {
		if strings.HasPrefix(line, "[/") {
			n++
		}
	}
	return n
}

func TestRealReadsWhatAnotherProgramStored(t *testing.T) {
	requirePrivateKeyring(t)
	k := NewKeychain(10 * time.Second)
	name := uniqueName(t)
	secret := canaryKey(t)
	secretToolStore(t, name, secret)
	got, err := k.Get(context.Background(), name)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	sameSecret(t, "Get of an item stored by secret-tool", got, secret)
	if err := k.Remove(context.Background(), name); err != nil {
		t.Fatalf("Remove: %v", err)
	}
}

func TestRealNamesAreSeparateItems(t *testing.T) {
	requirePrivateKeyring(t)
	k := NewKeychain(10 * time.Second)
	ctx := context.Background()
	names := map[string]string{uniqueName(t) + "a": canaryKey(t), "Zapier (EU) ü": canaryKey(t)}
	for n, s := range names {
		if err := k.Save(ctx, n, s); err != nil {
			t.Fatalf("Save: %v", err)
		}
	}
	for n, s := range names {
		got, ok := secretToolLookup(t, n)
		if !ok {
			t.Fatalf("no item for one name")
		}
		sameSecret(t, "lookup", got, s)
		if err := k.Remove(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
}

// markedProcesses lists running processes (not zombies) whose environment
// holds mark, other than this one.
func markedProcesses(t *testing.T, mark string) []string {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	needle := []byte(markEnv + "=" + mark + "\x00")
	var found []string
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil || !bytes.Contains(append(env, 0), needle) {
			continue
		}
		if zombie(e.Name()) {
			continue
		}
		comm, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "comm"))
		found = append(found, fmt.Sprintf("%d %s", pid, strings.TrimSpace(string(comm))))
	}
	return found
}

// daemonPIDs lists live processes with the names the D-Bus library or a
// keyring could leave behind.
func daemonPIDs(t *testing.T) map[string]bool {
	t.Helper()
	pids := map[string]bool{}
	for _, name := range []string{"dbus-daemon", "dbus-launch", "gnome-keyring-d", "gcr-prompter"} {
		out, _ := exec.Command("pgrep", "-x", name).Output()
		for _, p := range strings.Fields(string(out)) {
			if !zombie(p) {
				pids[p+" "+name] = true
			}
		}
	}
	return pids
}

// zombie reports whether process pid has ended (or is gone) and only waits
// for its parent to collect it.
func zombie(pid string) bool {
	stat, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return true
	}
	fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	return len(fields) == 0 || fields[0] == "Z" || fields[0] == "X"
}

// noLeftovers fails the test if a process carrying mark is still running
// once the processes that exit with their bus have had a moment to do so,
// or if a daemon that was not there before carries it.
func noLeftovers(t *testing.T, mark string, before map[string]bool) {
	t.Helper()
	var left []string
	for range 50 {
		if left = markedProcesses(t, mark); len(left) == 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if len(left) > 0 {
		t.Errorf("processes started by this test are still running: %v", left)
	}
	for p := range daemonPIDs(t) {
		if before[p] {
			continue
		}
		pid, _, _ := strings.Cut(p, " ")
		env, err := os.ReadFile("/proc/" + pid + "/environ")
		switch {
		case err == nil && bytes.Contains(env, []byte(markEnv+"="+mark)):
			t.Errorf("a daemon started by this test is still running: %s", p)
		case err == nil:
			t.Logf("new process %s belongs to another program", p)
		}
	}
}

// freshHome returns environment settings for a child process with its own
// empty home and XDG folders (Go's cache folders stay put), and the home.
func freshHome(t *testing.T) (env []string, home string) {
	t.Helper()
	root := t.TempDir()
	for _, d := range []string{"home", "data", "config", "cache", "runtime"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	env = []string{
		"HOME=" + filepath.Join(root, "home"),
		"XDG_DATA_HOME=" + filepath.Join(root, "data"),
		"XDG_CONFIG_HOME=" + filepath.Join(root, "config"),
		"XDG_CACHE_HOME=" + filepath.Join(root, "cache"),
		"XDG_RUNTIME_DIR=" + filepath.Join(root, "runtime"),
		"NO_AT_BRIDGE=1",
	}
	return env, root
}

// childEnv is this process's environment without any session bus, keyring
// or display, plus extra.
func childEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "GNOME_KEYRING_CONTROL", "HOME",
			"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR", helperEnv, markEnv:
			continue
		}
		env = append(env, kv)
	}
	return append(env, extra...)
}

// runHelper runs this test binary as the named helper, with argv prefixed
// by wrapper (such as dbus-run-session), and returns its output. The
// helper's own test assertions decide its exit status.
func runHelper(t *testing.T, helper string, wrapper []string, env []string) string {
	t.Helper()
	args := append(append([]string{}, wrapper...), os.Args[0], "-test.run=^"+helper+"$", "-test.v", "-test.count=1")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Env = append(env, helperEnv+"="+helper)
	// Its own process group, so a stuck helper and its children can be
	// ended together.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("helper %s failed: %v\n%s", helper, err, out)
	}
	if !strings.Contains(string(out), "--- PASS: "+helper) {
		t.Fatalf("helper %s did not run:\n%s", helper, out)
	}
	return string(out)
}

func newMark(t *testing.T) string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// With no D-Bus session at all, a save fails with Missing, starts nothing
// and writes the key nowhere.
func TestNoSessionBusAtAll(t *testing.T) {
	requirePrivateKeyring(t)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "") // for the check below; helpers never inherit it
	if sessionCheck() == nil {
		t.Skip("this user has a per-user session bus socket, which the D-Bus library finds on its own: no way to have no session here")
	}
	before := daemonPIDs(t)
	mark := newMark(t)
	home, root := freshHome(t)
	canary := canaryKey(t)
	out := runHelper(t, "TestHelperSaveFailsMissing", nil,
		childEnv(append(home, markEnv+"="+mark, "ONCEKEY_CANARY="+canary)...))
	t.Log(strings.TrimSpace(lastLines(out, 4)))
	noLeftovers(t, mark, before)
	noFileHolds(t, root, canary)
}

// With a session bus that has no Secret Service (and cannot start one),
// a save fails with Missing.
func TestSessionBusWithoutSecretService(t *testing.T) {
	requirePrivateKeyring(t)
	before := daemonPIDs(t)
	mark := newMark(t)
	home, root := freshHome(t)
	services := t.TempDir() // an empty folder: nothing can be started on demand
	conf := filepath.Join(t.TempDir(), "bus.conf")
	sock := t.TempDir()
	busConfig := `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=` + sock + `</listen>
  <servicedir>` + services + `</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`
	if err := os.WriteFile(conf, []byte(busConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	canary := canaryKey(t)
	out := runHelper(t, "TestHelperSaveFailsMissing", []string{"dbus-run-session", "--config-file=" + conf, "--"},
		childEnv(append(home, markEnv+"="+mark, "ONCEKEY_CANARY="+canary, "ONCEKEY_EXPECT_BUS=1")...))
	t.Log(strings.TrimSpace(lastLines(out, 4)))
	noLeftovers(t, mark, before)
	noFileHolds(t, root, canary)
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func TestHelperSaveFailsMissing(t *testing.T) {
	isHelper(t, "TestHelperSaveFailsMissing")
	hasBus := os.Getenv("DBUS_SESSION_BUS_ADDRESS") != ""
	if want := os.Getenv("ONCEKEY_EXPECT_BUS") == "1"; hasBus != want {
		t.Fatalf("session bus present = %v, want %v", hasBus, want)
	}
	const timeout = 5 * time.Second
	k := NewKeychain(timeout)
	start := time.Now()
	err := k.Save(context.Background(), DefaultName, os.Getenv("ONCEKEY_CANARY"))
	took := time.Since(start)
	if KindOf(err) != Missing {
		t.Fatalf("Save: got %v (kind %v), want Missing", err, KindOf(err))
	}
	noSecretIn(t, err, os.Getenv("ONCEKEY_CANARY"))
	_, getErr := k.Get(context.Background(), DefaultName)
	if KindOf(getErr) != Missing {
		t.Errorf("Get: got %v, want Missing", getErr)
	}
	t.Logf("save failed with Missing after %v (timeout %v): %v", took.Round(time.Millisecond), timeout, err)
	if cause := errors.Unwrap(err); cause != nil {
		t.Logf("underlying error: %v", cause)
	}
}

// A session bus address naming a socket nobody listens on is Missing too.
func TestDeadSessionBusAddress(t *testing.T) {
	requirePrivateKeyring(t)
	before := daemonPIDs(t)
	mark := newMark(t)
	home, _ := freshHome(t)
	addr := "DBUS_SESSION_BUS_ADDRESS=unix:path=" + filepath.Join(t.TempDir(), "nobody-listens")
	out := runHelper(t, "TestHelperSaveFailsMissing", nil,
		childEnv(append(home, markEnv+"="+mark, "ONCEKEY_CANARY="+canaryKey(t), "ONCEKEY_EXPECT_BUS=1", addr)...))
	t.Log(strings.TrimSpace(lastLines(out, 4)))
	noLeftovers(t, mark, before)
}

// startXvfb starts a virtual display on a free number and returns it, e.g.
// ":5". The server is stopped when the test ends.
func startXvfb(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("Xvfb"); err != nil {
		t.Skip("Xvfb is not installed (Debian package xvfb): cannot show the keyring's unlock prompt")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-nolisten", "tcp", "-screen", "0", "1024x768x24")
	cmd.ExtraFiles = []*os.File{w}
	if err := cmd.Start(); err != nil {
		w.Close()
		t.Fatalf("starting Xvfb: %v", err)
	}
	w.Close()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		t.Fatalf("Xvfb did not say which display it took: %v", err)
	}
	return ":" + strings.TrimSpace(line)
}

// The hang a timeout must cover: a keyring whose password does not match
// asks for it in a window, and go-keyring waits for that window.
func TestLockedKeyringPromptTimesOut(t *testing.T) {
	requirePrivateKeyring(t)
	for _, tool := range []string{"dbus-run-session", "gnome-keyring-daemon", "dbus-send"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: %v", tool, err)
		}
	}
	display := startXvfb(t)
	before := daemonPIDs(t)
	mark := newMark(t)
	home, root := freshHome(t)
	canary := canaryKey(t)
	out := runHelper(t, "TestHelperPromptHang", []string{"dbus-run-session", "--"},
		childEnv(append(home, markEnv+"="+mark, "ONCEKEY_CANARY="+canary, "DISPLAY="+display)...))
	t.Log(strings.TrimSpace(lastLines(out, 12)))
	noLeftovers(t, mark, before)
	noFileHolds(t, root, canary)
}

// keyringDaemon is a gnome-keyring-daemon started by a test.
type keyringDaemon struct {
	cmd    *exec.Cmd
	exited chan struct{}
}

// startKeyring starts gnome-keyring's Secret Service in this session,
// unlocking (or creating) the login keyring with password, and waits until
// it owns its bus name. It is stopped when the test ends, if not before.
func startKeyring(t *testing.T, password string) *keyringDaemon {
	t.Helper()
	cmd := exec.Command("gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets")
	cmd.Stdin = strings.NewReader(password)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting gnome-keyring-daemon: %v", err)
	}
	d := &keyringDaemon{cmd: cmd, exited: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(d.exited) }()
	t.Cleanup(d.stop)
	for range 200 {
		if secretsOwned() {
			return d
		}
		select {
		case <-d.exited:
			t.Fatalf("gnome-keyring-daemon exited at start")
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatal("gnome-keyring-daemon did not take its bus name within 10 seconds")
	return nil
}

// stop ends the daemon and waits for it; calling it again does nothing.
func (d *keyringDaemon) stop() {
	select {
	case <-d.exited:
		return
	default:
	}
	_ = d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-d.exited:
	case <-time.After(5 * time.Second):
		_ = d.cmd.Process.Kill()
		<-d.exited
	}
}

// secretsOwned asks the session bus whether anyone owns the Secret Service name.
func secretsOwned() bool {
	out, _ := exec.Command("dbus-send", "--session", "--print-reply=literal", "--dest=org.freedesktop.DBus",
		"/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.secrets").Output()
	return strings.Contains(string(out), "true")
}

// waitNameGone waits until nobody owns org.freedesktop.secrets.
func waitNameGone(t *testing.T) {
	t.Helper()
	for range 200 {
		if !secretsOwned() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the Secret Service name stayed owned after its daemon stopped")
}

// promptWindow reports whether a window titled like gnome-keyring's unlock
// prompt is on the display.
func promptWindow() (bool, error) {
	if _, err := exec.LookPath("xdotool"); err != nil {
		return false, err
	}
	out, _ := exec.Command("xdotool", "search", "--name", "Unlock").Output()
	return len(bytes.TrimSpace(out)) > 0, nil
}

func TestHelperPromptHang(t *testing.T) {
	isHelper(t, "TestHelperPromptHang")
	if os.Getenv("DISPLAY") == "" || os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Fatal("needs a display and a private session bus")
	}
	canary := os.Getenv("ONCEKEY_CANARY")
	ctx := context.Background()

	// A keyring created with one password, holding a key...
	first := startKeyring(t, "password-A-"+newMark(t))
	if err := NewKeychain(10*time.Second).Save(ctx, DefaultName, canary); err != nil {
		t.Fatalf("Save into the new keyring: %v", err)
	}
	first.stop()
	waitNameGone(t)

	// ...then the daemon starts again with another password: the keyring
	// stays locked, and the next use asks for its password on the display.
	startKeyring(t, "password-B-"+newMark(t))
	const timeout = 3 * time.Second
	k := NewKeychain(timeout)
	start := time.Now()
	_, err := k.Get(ctx, DefaultName)
	took := time.Since(start)
	var e *Error
	if !errors.As(err, &e) || e.Kind != TimedOut {
		t.Fatalf("Get on a keyring waiting for its password: got %v, want TimedOut", err)
	}
	if e.Timeout != timeout {
		t.Errorf("Timeout = %v, want %v", e.Timeout, timeout)
	}
	t.Logf("Get returned TimedOut after %v (timeout %v)", took.Round(time.Millisecond), timeout)

	// The prompt is really on screen.
	if _, err := exec.LookPath("xdotool"); err != nil {
		t.Logf("xdotool is not installed: not looking for the prompt window")
	}
	shown := false
	for range 50 {
		if shown, _ = promptWindow(); shown {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if shown {
		t.Log("gnome-keyring's unlock prompt is on the display")
	} else if _, err := exec.LookPath("xdotool"); err == nil {
		t.Error("no unlock prompt appeared on the display")
	}

	// While that call is stuck, a save waits behind it and times out too,
	// writing nothing.
	if err := k.Save(ctx, DefaultName, canary+"-other"); KindOf(err) != TimedOut {
		t.Errorf("Save while the keychain is stuck: got %v, want TimedOut", err)
	}

	if !shown {
		return
	}
	// Cancelling the prompt is Locked: press Escape on every unlock prompt
	// until a fresh call (on another Keychain, as the first is still
	// stuck) gives up.
	k2 := NewKeychain(time.Minute)
	res := make(chan error, 1)
	go func() { _, err := k2.Get(ctx, DefaultName); res <- err }()
	for range 300 {
		select {
		case err := <-res:
			if KindOf(err) != Locked {
				t.Fatalf("Get after the prompt was cancelled: got %v, want Locked", err)
			}
			t.Logf("cancelled prompt: %v", err)
			return
		case <-time.After(100 * time.Millisecond):
			dismissPrompts()
		}
	}
	t.Fatal("the keychain did not give up after its prompts were cancelled")
}

// dismissPrompts presses Escape in every unlock prompt on the display.
func dismissPrompts() {
	out, _ := exec.Command("xdotool", "search", "--name", "Unlock").Output()
	for _, id := range strings.Fields(string(out)) {
		_ = exec.Command("xdotool", "windowfocus", "--sync", id).Run()
		_ = exec.Command("xdotool", "key", "--clearmodifiers", "Escape").Run()
	}
}

func BenchmarkKeychainGet(b *testing.B) {
	requirePrivateKeyring(b)
	k := NewKeychain(10 * time.Second)
	ctx := context.Background()
	name := uniqueName(b)
	if err := k.Save(ctx, name, canaryKey(b)); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = k.Remove(ctx, name) })
	for b.Loop() {
		if _, err := k.Get(ctx, name); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkKeychainSave measures a whole save: read the old value, write,
// read back.
func BenchmarkKeychainSave(b *testing.B) {
	requirePrivateKeyring(b)
	k := NewKeychain(10 * time.Second)
	ctx := context.Background()
	name := uniqueName(b)
	secret := canaryKey(b)
	b.Cleanup(func() { _ = k.Remove(ctx, name) })
	for b.Loop() {
		if err := k.Save(ctx, name, secret); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBackendSet measures go-keyring's write alone, for comparison.
func BenchmarkBackendSet(b *testing.B) {
	requirePrivateKeyring(b)
	name := uniqueName(b)
	secret := canaryKey(b)
	var be osBackend
	b.Cleanup(func() { _ = be.Delete(Service, name) })
	for b.Loop() {
		if err := be.Set(Service, name, secret); err != nil {
			b.Fatal(err)
		}
	}
}
