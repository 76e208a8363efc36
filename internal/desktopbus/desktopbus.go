// Package desktopbus is what the window program asks the desktop's session
// D-Bus: whether another OnceKey window is running (and if so, to bring it
// forward), and whether a tray host is there to show OnceKey's tray icon.
//
// It uses a private connection of its own: the tray library and Fyne's
// notifications share godbus's session connection and close it on quit.
// It never starts a bus: with no session bus address, or an address that
// does not answer (under sudo, on some minimal desktops), Connect fails
// and the window runs without a tray. It imports no Fyne.
package desktopbus

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"
)

// Names on the bus.
const (
	// WindowName is owned by the running window program; it is the app's
	// ID, as desktops expect.
	WindowName    = "app.oncekey.OnceKey"
	windowPath    = dbus.ObjectPath("/app/oncekey/OnceKey")
	windowIface   = "app.oncekey.OnceKey.Window"
	trayWatcher   = "org.kde.StatusNotifierWatcher"
	activateCall  = windowIface + ".Activate"
	busName       = "org.freedesktop.DBus"
	busPath       = dbus.ObjectPath("/org/freedesktop/DBus")
	nameHasOwner  = busName + ".NameHasOwner"
	introspection = "org.freedesktop.DBus.Introspectable"
)

// ErrNoSessionBus says there is no session bus to talk to.
var ErrNoSessionBus = errors.New("desktopbus: no session D-Bus")

// ErrNotAnswering says another OnceKey window holds the name but did not
// answer the call to come forward.
var ErrNotAnswering = errors.New("desktopbus: the running OnceKey window did not answer")

// activateWait bounds the call to a running window: a hung one must not
// hang the second start too.
const activateWait = 3 * time.Second

// Bus is a private connection to the session bus.
type Bus struct {
	conn *dbus.Conn

	mu         sync.Mutex
	onActivate func()
}

// Address is the session bus's address, the way the D-Bus specification
// finds it without launching one: DBUS_SESSION_BUS_ADDRESS, else the
// socket $XDG_RUNTIME_DIR/bus if it exists. "" when there is none.
func Address() string {
	if a := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" {
		return a
	}
	if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" {
		socket := filepath.Join(dir, "bus")
		if fi, err := os.Stat(socket); err == nil && fi.Mode().Type() == os.ModeSocket {
			return "unix:path=" + socket
		}
	}
	return ""
}

// Connect opens a private connection to the session bus.
func Connect() (*Bus, error) {
	addr := Address()
	if addr == "" {
		return nil, ErrNoSessionBus
	}
	conn, err := dbus.Connect(addr)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoSessionBus, err)
	}
	return &Bus{conn: conn}, nil
}

// Close ends the connection, which also gives up WindowName.
func (b *Bus) Close() error { return b.conn.Close() }

// ClaimWindow makes this program the one OnceKey window. If another one
// already is, it asks that one to come forward and reports first = false;
// this program should then end. Later Activate calls from other launches
// run OnActivate's function.
func (b *Bus) ClaimWindow() (first bool, err error) {
	reply, err := b.conn.RequestName(WindowName, dbus.NameFlagDoNotQueue)
	if err != nil {
		return false, fmt.Errorf("desktopbus: %w", err)
	}
	if reply != dbus.RequestNameReplyPrimaryOwner && reply != dbus.RequestNameReplyAlreadyOwner {
		ctx, cancel := context.WithTimeout(context.Background(), activateWait)
		defer cancel()
		call := b.conn.Object(WindowName, windowPath).CallWithContext(ctx, activateCall, 0)
		if call.Err != nil {
			return false, fmt.Errorf("%w: %v", ErrNotAnswering, call.Err)
		}
		return false, nil
	}
	err = b.conn.Export(window{b}, windowPath, windowIface)
	if err == nil {
		err = b.conn.Export(introspectable(windowIntrospection), windowPath, introspection)
	}
	if err != nil {
		// A name with nothing behind it would make every later start wait
		// on a window that cannot answer.
		_, _ = b.conn.ReleaseName(WindowName)
		return false, fmt.Errorf("desktopbus: %w", err)
	}
	return true, nil
}

// OnActivate sets what runs when another launch asks the window to come
// forward. It runs on the bus's goroutine.
func (b *Bus) OnActivate(f func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.onActivate = f
}

// TrayHostPresent reports whether a tray host (a StatusNotifierWatcher) is
// on the bus now. It is a round trip to the bus: call it off the UI
// goroutine.
func (b *Bus) TrayHostPresent() bool {
	var has bool
	err := b.conn.Object(busName, busPath).Call(nameHasOwner, 0, trayWatcher).Store(&has)
	return err == nil && has
}

// window is the object other launches call.
type window struct{ b *Bus }

// Activate brings the window forward.
func (w window) Activate() *dbus.Error {
	w.b.mu.Lock()
	f := w.b.onActivate
	w.b.mu.Unlock()
	if f != nil {
		f()
	}
	return nil
}

type introspectable string

func (i introspectable) Introspect() (string, *dbus.Error) { return string(i), nil }

const windowIntrospection = `<node>
  <interface name="` + windowIface + `">
    <method name="Activate"/>
  </interface>
  <interface name="` + introspection + `">
    <method name="Introspect"><arg name="data" type="s" direction="out"/></method>
  </interface>
</node>`
