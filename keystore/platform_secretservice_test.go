//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

package keystore

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/godbus/dbus/v5"
)

func TestDBusErrorsAreClassifiedByName(t *testing.T) {
	cases := []struct {
		what string
		err  error
		want ErrorKind
	}{
		{"no secret service", dbus.Error{Name: "org.freedesktop.DBus.Error.ServiceUnknown", Body: []any{"gone"}}, Missing},
		{"no owner", dbus.Error{Name: "org.freedesktop.DBus.Error.NameHasNoOwner", Body: []any{"x"}}, Missing},
		{"locked", dbus.Error{Name: "org.freedesktop.Secret.Error.IsLocked", Body: []any{"x"}}, Locked},
		{"no reply", dbus.Error{Name: "org.freedesktop.DBus.Error.NoReply", Body: []any{"no reply"}}, TimedOut},
		{"dead socket", &os.SyscallError{Syscall: "connect", Err: syscall.ENOENT}, Missing},
		{"refused socket", &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}, Missing},
		{"access denied", dbus.Error{Name: "org.freedesktop.DBus.Error.AccessDenied", Body: []any{"x"}}, Refused},
	}
	for _, c := range cases {
		if got := classify("save", c.err); got.Kind != c.want {
			t.Errorf("%s: kind %v, want %v", c.what, got.Kind, c.want)
		}
	}
}

// With no D-Bus session the real keychain must fail at once, without
// calling into go-keyring, whose D-Bus library would run dbus-launch.
func TestNoSessionBusIsMissingWithoutCallingGoKeyring(t *testing.T) {
	if !secretServiceBuild {
		t.Skip("only Linux and the BSDs reach the keychain over D-Bus")
	}
	bin := t.TempDir()
	launched := filepath.Join(t.TempDir(), "dbus-launch-ran")
	script := "#!/bin/sh\ntouch '" + launched + "'\nexit 1\n"
	if err := os.WriteFile(filepath.Join(bin, "dbus-launch"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	old := userBusDir
	userBusDir = t.TempDir() // no per-user bus socket either
	t.Cleanup(func() { userBusDir = old })

	for _, addr := range []string{"", "autolaunch:"} {
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
		k := NewKeychain(long)
		ctx := context.Background()
		_, getErr := k.Get(ctx, DefaultName)
		for op, err := range map[string]error{
			"read":   getErr,
			"save":   k.Save(ctx, DefaultName, fakeKey(1)),
			"remove": k.Remove(ctx, DefaultName),
		} {
			if KindOf(err) != Missing {
				t.Errorf("address %q, %s: got %v, want Missing", addr, op, err)
			}
			if !errors.Is(err, errNoSessionBus) {
				t.Errorf("address %q, %s: error did not come from the session check: %v", addr, op, err)
			}
		}
	}
	if _, err := os.Stat(launched); err == nil {
		t.Error("dbus-launch was run")
	}
}

// A per-user bus socket counts as a session, as it does for the D-Bus
// library, which then connects to it without launching anything.
func TestUserBusSocketCountsAsASession(t *testing.T) {
	if !secretServiceBuild {
		t.Skip("only Linux and the BSDs reach the keychain over D-Bus")
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	old := userBusDir
	userBusDir = t.TempDir()
	t.Cleanup(func() { userBusDir = old })
	if err := sessionCheck(); !errors.Is(err, errNoSessionBus) {
		t.Fatalf("empty runtime folder: got %v, want errNoSessionBus", err)
	}
	if err := os.WriteFile(filepath.Join(userBusDir, "bus"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := sessionCheck(); err != nil {
		t.Errorf("with a bus socket: %v", err)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
	userBusDir = t.TempDir()
	if err := sessionCheck(); err != nil {
		t.Errorf("with an address set: %v", err)
	}
}
