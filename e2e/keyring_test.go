//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// keyring is a private Secret Service for one test: a D-Bus session bus of
// its own that starts nothing on demand, with gnome-keyring on it holding a
// login keyring unlocked by a throwaway password. Tests stop it, pause it and
// break its writes, then bring it back to see that nothing was lost.
type keyring struct {
	t        *testing.T
	root     string // the daemon's home and XDG folders, and its keyring file
	sockDir  string
	busAddr  string
	password string

	bus          *exec.Cmd
	busExited    chan struct{}
	daemon       *exec.Cmd
	daemonExited chan struct{}
	paused       bool
}

// startKeyring starts a bus and gnome-keyring on it, and stops both when
// the test ends.
func startKeyring(t *testing.T) *keyring {
	t.Helper()
	requireTools(t, "dbus-daemon", "dbus-send", "gnome-keyring-daemon", "secret-tool")
	pw := make([]byte, 16)
	if _, err := rand.Read(pw); err != nil {
		t.Fatal(err)
	}
	k := &keyring{t: t, root: t.TempDir(), password: hex.EncodeToString(pw)}
	for _, d := range []string{"home", "data", "config", "cache", "runtime", "services"} {
		if err := os.MkdirAll(filepath.Join(k.root, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	// A short folder for the socket: its path must fit in 108 bytes.
	sock, err := os.MkdirTemp("", "okbus")
	if err != nil {
		t.Fatal(err)
	}
	k.sockDir = sock
	t.Cleanup(func() { os.RemoveAll(sock) })
	k.startBus()
	t.Cleanup(k.stopAll)
	k.startDaemon()
	return k
}

// busConfig is a session bus whose only service folder is empty: when the
// keyring daemon is gone, nothing starts another one behind the test's back.
const busConfig = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=SOCKDIR</listen>
  <servicedir>SERVICEDIR</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`

func (k *keyring) startBus() {
	t := k.t
	t.Helper()
	conf := filepath.Join(k.root, "bus.conf")
	text := strings.NewReplacer("SOCKDIR", k.sockDir, "SERVICEDIR", filepath.Join(k.root, "services")).Replace(busConfig)
	if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	k.bus = command("dbus-daemon", "--config-file="+conf, "--nofork", "--nopidfile", "--print-address=3")
	k.bus.Env = cleanEnv()
	k.bus.ExtraFiles = []*os.File{w}
	out := capture("dbus-daemon")
	k.bus.Stdout, k.bus.Stderr = out, out
	if err := k.bus.Start(); err != nil {
		w.Close()
		t.Fatal(err)
	}
	w.Close()
	k.busExited = make(chan struct{})
	go func() { _ = k.bus.Wait(); close(k.busExited) }()
	line := make(chan string, 1)
	go func() {
		var b bytes.Buffer
		buf := make([]byte, 512)
		for !bytes.Contains(b.Bytes(), []byte("\n")) {
			n, err := r.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		line <- strings.TrimSpace(b.String())
	}()
	select {
	case k.busAddr = <-line:
	case <-time.After(10 * time.Second):
	}
	if !strings.HasPrefix(k.busAddr, "unix:") {
		t.Fatalf("dbus-daemon did not give its address (%q): %s", k.busAddr, redact(out.String()))
	}
}

// daemonEnv is the keyring daemon's environment: its own folders, the bus.
func (k *keyring) daemonEnv() []string {
	return append(cleanEnv(),
		"DBUS_SESSION_BUS_ADDRESS="+k.busAddr,
		"HOME="+filepath.Join(k.root, "home"),
		"XDG_DATA_HOME="+filepath.Join(k.root, "data"),
		"XDG_CONFIG_HOME="+filepath.Join(k.root, "config"),
		"XDG_CACHE_HOME="+filepath.Join(k.root, "cache"),
		"XDG_RUNTIME_DIR="+filepath.Join(k.root, "runtime"),
		"NO_AT_BRIDGE=1",
	)
}

// env is what OnceKey needs to find this keyring.
func (k *keyring) env() []string {
	return []string{"DBUS_SESSION_BUS_ADDRESS=" + k.busAddr}
}

// startDaemon starts gnome-keyring's Secret Service, unlocking (or making)
// the login keyring with the keyring's password, and waits until it owns its
// bus name. Started again after stopDaemon, it finds the same keyring.
func (k *keyring) startDaemon() {
	t := k.t
	t.Helper()
	k.daemon = command("gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets")
	k.daemon.Env = k.daemonEnv()
	k.daemon.Stdin = strings.NewReader(k.password)
	out := capture("gnome-keyring-daemon")
	k.daemon.Stdout, k.daemon.Stderr = out, out
	if err := k.daemon.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	k.daemonExited = exited
	cmd := k.daemon
	go func() { _ = cmd.Wait(); close(exited) }()
	deadline := time.Now().Add(10 * time.Second)
	for !k.owned() {
		select {
		case <-exited:
			t.Fatalf("gnome-keyring-daemon exited at start: %s", redact(out.String()))
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("gnome-keyring-daemon did not take its bus name within 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// owned reports whether anyone owns the Secret Service's bus name.
func (k *keyring) owned() bool {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	cmd := commandContext(ctx, "dbus-send", "--session", "--print-reply=literal", "--dest=org.freedesktop.DBus",
		"/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.secrets")
	cmd.Env = k.daemonEnv()
	out, _ := cmd.Output()
	return strings.Contains(string(out), "true")
}

// killDaemon ends the keyring daemon at once, as a crash would: the
// keychain disappears. What it stored stays in its file.
func (k *keyring) killDaemon() {
	t := k.t
	t.Helper()
	if k.paused {
		k.resume()
	}
	_ = k.daemon.Process.Kill()
	<-k.daemonExited
	deadline := time.Now().Add(10 * time.Second)
	for k.owned() {
		if time.Now().After(deadline) {
			t.Fatal("the Secret Service's name stayed owned after its daemon was killed")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// pause stops the keyring daemon without ending it: every call to the
// keychain waits, as it does behind an unlock prompt nobody answers.
func (k *keyring) pause() {
	k.t.Helper()
	if err := k.daemon.Process.Signal(syscall.SIGSTOP); err != nil {
		k.t.Fatal(err)
	}
	k.paused = true
}

// resume lets a paused daemon go on with the calls that waited.
func (k *keyring) resume() {
	k.t.Helper()
	if err := k.daemon.Process.Signal(syscall.SIGCONT); err != nil {
		k.t.Fatal(err)
	}
	k.paused = false
}

// keyringFile is the login keyring's file.
func (k *keyring) keyringFile() string {
	return filepath.Join(k.root, "data", "keyrings", "login.keyring")
}

// breakWrites makes every write to the keyring fail while reads go on
// working: the keyring's file is swapped for a folder of the same name, so
// gnome-keyring cannot save a change and refuses it. Root is not stopped by
// file modes, so modes would not do.
func (k *keyring) breakWrites() {
	k.t.Helper()
	f := k.keyringFile()
	if err := os.Rename(f, f+".aside"); err != nil {
		k.t.Fatal(err)
	}
	if err := os.Mkdir(f, 0o700); err != nil {
		k.t.Fatal(err)
	}
}

// repairWrites undoes breakWrites.
func (k *keyring) repairWrites() {
	k.t.Helper()
	f := k.keyringFile()
	if err := os.Remove(f); err != nil {
		k.t.Fatal(err)
	}
	if err := os.Rename(f+".aside", f); err != nil {
		k.t.Fatal(err)
	}
}

// lookup reads OnceKey's item name as another program would. The secret
// arrives on a pipe and is only compared, never shown.
func (k *keyring) lookup(name string) (string, bool) {
	t := k.t
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := commandContext(ctx, "secret-tool", "lookup", "service", "OnceKey", "username", name)
	cmd.Env = k.daemonEnv()
	var out bytes.Buffer
	errOut := capture("secret-tool lookup (standard error)")
	cmd.Stdout, cmd.Stderr = &out, errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 1 && out.Len() == 0 {
		return "", false
	}
	if err != nil {
		t.Fatalf("secret-tool lookup: %v (%s)", err, redact(strings.TrimSpace(errOut.String())))
	}
	return strings.TrimSuffix(out.String(), "\n"), true
}

// expectKey fails the test unless the keychain holds want under name.
func (k *keyring) expectKey(name, want, when string) {
	k.t.Helper()
	got, ok := k.lookup(name)
	switch {
	case !ok:
		k.t.Errorf("%s: the keychain lost %s: nothing is stored under %q", when, ending(want), name)
	case got != want:
		k.t.Errorf("%s: the keychain holds %s under %q, want %s", when, ending(got), name, ending(want))
	}
}

// stopAll ends the daemon and the bus.
func (k *keyring) stopAll() {
	if k.daemon != nil && k.daemon.Process != nil {
		if k.paused {
			_ = k.daemon.Process.Signal(syscall.SIGCONT)
		}
		stopProcess(k.daemon, k.daemonExited, 5*time.Second)
	}
	if k.bus != nil && k.bus.Process != nil {
		stopProcess(k.bus, k.busExited, 5*time.Second)
	}
}
