package desktopbus

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// privateBus starts a session bus of the test's own (dbus-daemon, which
// ".ci/deps test" installs) and points DBUS_SESSION_BUS_ADDRESS at it.
func privateBus(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("dbus-daemon"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("dbus-daemon is not installed, and CI must run these tests (.ci/deps test installs it)")
		}
		t.Skip("dbus-daemon is not installed (.ci/deps test installs it)")
	}
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		addr <- strings.TrimSpace(line)
	}()
	select {
	case a := <-addr:
		if a == "" {
			t.Fatal("dbus-daemon gave no address")
		}
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", a)
		return a
	case <-time.After(10 * time.Second):
		t.Fatal("dbus-daemon did not start within 10 s")
	}
	return ""
}

func connect(t *testing.T) *Bus {
	t.Helper()
	b, err := Connect()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Close() })
	return b
}

func TestNoAddressMeansNoBusAndNothingLaunched(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	if _, err := Connect(); !errors.Is(err, ErrNoSessionBus) {
		t.Fatalf("Connect with no bus = %v, want ErrNoSessionBus", err)
	}
}

func TestAnAddressThatDoesNotAnswerMeansNoBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "nobody-listens"))
	if _, err := Connect(); !errors.Is(err, ErrNoSessionBus) {
		t.Fatalf("Connect to a dead address = %v, want ErrNoSessionBus", err)
	}
}

func TestTheRuntimeDirsSocketIsFound(t *testing.T) {
	addr := privateBus(t)
	socket := strings.TrimPrefix(strings.Split(addr, ",")[0], "unix:path=")
	if socket == addr {
		t.Skipf("dbus-daemon gave a bus address without a path (%s)", addr)
	}
	dir := t.TempDir()
	if err := os.Symlink(socket, filepath.Join(dir, "bus")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", dir)
	if got := Address(); got != "unix:path="+filepath.Join(dir, "bus") {
		t.Fatalf("Address() = %q", got)
	}
	connect(t)
}

func TestASecondWindowBringsTheFirstForward(t *testing.T) {
	privateBus(t)
	first := connect(t)
	activated := make(chan struct{}, 2)
	first.OnActivate(func() { activated <- struct{}{} })
	if ok, err := first.ClaimWindow(); err != nil || !ok {
		t.Fatalf("the first window's claim = %v, %v; want true", ok, err)
	}
	second := connect(t)
	if ok, err := second.ClaimWindow(); err != nil || ok {
		t.Fatalf("the second window's claim = %v, %v; want false", ok, err)
	}
	select {
	case <-activated:
	case <-time.After(5 * time.Second):
		t.Fatal("the first window was not asked to come forward")
	}
	select {
	case <-activated:
		t.Fatal("the first window was asked to come forward twice")
	case <-time.After(200 * time.Millisecond):
	}

	// Once the first window has gone, the next launch is the window.
	_ = first.Close()
	third := connect(t)
	if ok, err := third.ClaimWindow(); err != nil || !ok {
		t.Fatalf("the claim after the first window ended = %v, %v; want true", ok, err)
	}
}

func TestTrayHostPresentFollowsTheWatchersName(t *testing.T) {
	privateBus(t)
	b := connect(t)
	if b.TrayHostPresent() {
		t.Fatal("a tray host is reported on a bus that has none")
	}
	host, err := dbus.Connect(os.Getenv("DBUS_SESSION_BUS_ADDRESS"))
	if err != nil {
		t.Fatal(err)
	}
	defer host.Close()
	if reply, err := host.RequestName(trayWatcher, dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("the stand-in tray host could not take its name: %v %v", reply, err)
	}
	if !b.TrayHostPresent() {
		t.Fatal("the tray host is not seen")
	}
	host.Close()
	deadline := time.Now().Add(5 * time.Second)
	for b.TrayHostPresent() {
		if time.Now().After(deadline) {
			t.Fatal("the tray host is still seen 5 s after it left")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
