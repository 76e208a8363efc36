//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

package keystore

import (
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// forgetPlace empties the place cache for a test, and again after it.
func forgetPlace(t *testing.T) {
	t.Helper()
	reset := func() {
		placeCache.Lock()
		placeCache.gen++
		placeCache.ok, placeCache.refreshing = false, false
		placeCache.Unlock()
	}
	reset()
	t.Cleanup(reset)
}

// noUserBus points the per-user bus folder at an empty folder.
func noUserBus(t *testing.T) {
	old := userBusDir
	userBusDir = t.TempDir()
	t.Cleanup(func() { userBusDir = old })
}

// Without a session bus the place is general, at once, and nothing is
// launched, whatever the address says.
func TestPlaceWithoutABus(t *testing.T) {
	forgetPlace(t)
	noUserBus(t)
	bin := t.TempDir()
	launched := filepath.Join(t.TempDir(), "dbus-launch-ran")
	script := "#!/bin/sh\ntouch '" + launched + "'\nexit 1\n"
	if err := os.WriteFile(filepath.Join(bin, "dbus-launch"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	for _, addr := range []string{"", "autolaunch:", "unix:path=/nonexistent;autolaunch:", "autolaunch:scope=user"} {
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
		t0 := time.Now()
		if p := secretServicePlace(); p != PlaceSystemKeyring {
			t.Errorf("address %q: %v", addr, p)
		}
		if d := time.Since(t0); d > 50*time.Millisecond {
			t.Errorf("address %q: took %v", addr, d)
		}
	}
	if _, err := os.Stat(launched); err == nil {
		t.Error("dbus-launch was run")
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
	t0 := time.Now()
	if p := secretServicePlace(); p != PlaceSystemKeyring || time.Since(t0) > 500*time.Millisecond {
		t.Errorf("a dead address: %v after %v", p, time.Since(t0))
	}
}

// A bus that accepts the connection and never answers costs about a
// second, once; later questions are answered from the cache at once, and
// an old answer is returned at once while a new one is asked for.
func TestPlaceFromABusThatNeverAnswers(t *testing.T) {
	forgetPlace(t)
	sock := filepath.Join(t.TempDir(), "bus")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	accepted := make(chan int, 100)
	go func() {
		var conns []net.Conn
		defer func() {
			for _, c := range conns {
				c.Close()
			}
		}()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c) // held open, never answered
			accepted <- 1
		}
	}()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+sock)

	t0 := time.Now()
	if p := secretServicePlace(); p != PlaceSystemKeyring {
		t.Errorf("got %v", p)
	}
	if d := time.Since(t0); d < 900*time.Millisecond || d > 3*time.Second {
		t.Errorf("the first question took %v, want about %v", d, placeTimeout)
	}
	t0 = time.Now()
	for range 100 {
		secretServicePlace()
	}
	if d := time.Since(t0); d > 50*time.Millisecond {
		t.Errorf("100 cached answers took %v", d)
	}
	if n := len(accepted); n != 1 {
		t.Errorf("%d connections for 101 questions, want 1", n)
	}
	for len(accepted) > 0 {
		<-accepted
	}

	old := placeFresh
	placeFresh = 0
	t.Cleanup(func() { placeFresh = old })
	t0 = time.Now()
	secretServicePlace()
	if d := time.Since(t0); d > 50*time.Millisecond {
		t.Errorf("a stale answer took %v", d)
	}
	select {
	case <-accepted:
	case <-time.After(5 * time.Second):
		t.Error("a stale answer did not make a new question")
	}
}
