//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

package keystore

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/godbus/dbus/v5"
)

// secretServiceBuild says go-keyring talks to the Secret Service over D-Bus
// in this build (the same condition go-keyring itself uses).
const secretServiceBuild = true

// sessionCheck fails when there is no D-Bus session bus to find. Without
// this check the D-Bus library would try to start one with dbus-launch,
// which, where installed, leaves a bus and a keyring daemon running after
// we exit. It accepts what the library finds without launching anything:
// the address in the environment, or the per-user bus socket that systemd
// provides.
func sessionCheck() error {
	if a := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" && a != "autolaunch:" {
		return nil
	}
	for _, name := range []string{"bus", "dbus-session"} {
		if _, err := os.Stat(userBusDir + "/" + name); err == nil {
			return nil
		}
	}
	return errNoSessionBus
}

// userBusDir is where the D-Bus library looks for the per-user session bus
// when the environment names none. Tests point it elsewhere.
var userBusDir = fmt.Sprintf("/run/user/%d", os.Getuid())

// platformKind recognises D-Bus errors by their names and connection
// failures by their system error, both steadier than message text.
func platformKind(err error) ErrorKind {
	var de dbus.Error
	if errors.As(err, &de) {
		switch de.Name {
		case "org.freedesktop.DBus.Error.ServiceUnknown",
			"org.freedesktop.DBus.Error.NameHasNoOwner",
			"org.freedesktop.DBus.Error.Spawn.ServiceNotFound":
			return Missing
		case "org.freedesktop.DBus.Error.NoReply",
			"org.freedesktop.DBus.Error.Timeout",
			"org.freedesktop.DBus.Error.TimedOut":
			return TimedOut
		case "org.freedesktop.Secret.Error.IsLocked":
			return Locked
		}
	}
	if errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ECONNREFUSED) {
		// The session bus address names a socket nobody listens on.
		return Missing
	}
	return 0
}
