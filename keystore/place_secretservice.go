//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

package keystore

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"
)

// placeTimeout bounds one question to the bus: the window asks on its own
// thread.
const placeTimeout = time.Second

// placeFresh is how long an answer is used as it is. The program providing
// the Secret Service rarely changes, but it can (KeePassXC started after
// login), so the answer is asked again now and then. A var for tests.
var placeFresh = 10 * time.Second

// placeCache holds the last answer, per bus address. After placeFresh it is
// still returned at once while a fresh answer is asked for in the
// background, so only the very first question waits for the bus.
var placeCache struct {
	sync.Mutex
	gen        int // bumped by tests to forget answers in flight
	addr       string
	at         time.Time
	place      Place
	ok         bool
	refreshing bool
}

// secretServicePlace names the program that owns org.freedesktop.secrets
// on the session bus. With no session bus it answers PlaceSystemKeyring at
// once and connects to nothing, so no bus is ever started.
func secretServicePlace() Place {
	addr := sessionBusAddress()
	if addr == "" {
		return PlaceSystemKeyring
	}
	c := &placeCache
	c.Lock()
	if c.ok && c.addr == addr {
		p := c.place
		if time.Since(c.at) >= placeFresh && !c.refreshing {
			c.refreshing = true
			gen := c.gen
			go func() {
				fresh := askBusForPlace(addr)
				c.Lock()
				defer c.Unlock()
				if c.gen == gen && c.addr == addr {
					c.place, c.at, c.refreshing = fresh, time.Now(), false
				}
			}()
		}
		c.Unlock()
		return p
	}
	gen := c.gen
	c.Unlock()
	p := askBusForPlace(addr)
	c.Lock()
	if c.gen == gen {
		c.addr, c.at, c.place, c.ok, c.refreshing = addr, time.Now(), p, true, false
	}
	c.Unlock()
	return p
}

// sessionBusAddress is the session bus the D-Bus library would use without
// launching one (as sessionCheck accepts it), or "" when there is none. An
// address that would make the library start a bus is no address.
func sessionBusAddress() string {
	addr := os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	if addr == "" || addr == "autolaunch:" {
		sock := filepath.Join(userBusDir, "bus")
		if _, err := os.Stat(sock); err == nil {
			addr = "unix:path=" + dbus.EscapeBusAddressValue(sock)
		} else if data, err := os.ReadFile(filepath.Join(userBusDir, "dbus-session")); err == nil {
			addr, _ = strings.CutPrefix(strings.TrimSpace(string(data)), "DBUS_SESSION_BUS_ADDRESS=")
		} else {
			addr = ""
		}
	}
	if strings.Contains(addr, "autolaunch:") {
		return ""
	}
	return addr
}

// askBusForPlace asks the bus at addr which process owns the Secret
// Service's name, on a private connection closed afterwards, and names it.
// Anything that goes wrong or takes longer than placeTimeout gives
// PlaceSystemKeyring.
func askBusForPlace(addr string) Place {
	ctx, cancel := context.WithTimeout(context.Background(), placeTimeout)
	defer cancel()
	answer := make(chan Place, 1)
	go func() { answer <- busOwnerPlace(ctx, addr) }()
	select {
	case p := <-answer:
		return p
	case <-ctx.Done():
		// The connection is bound to ctx, so the goroutine's call fails
		// and its connection closes now too.
		return PlaceSystemKeyring
	}
}

func busOwnerPlace(ctx context.Context, addr string) Place {
	conn, err := dbus.Connect(addr, dbus.WithContext(ctx))
	if err != nil {
		return PlaceSystemKeyring
	}
	defer conn.Close()
	var pid uint32
	err = conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.GetConnectionUnixProcessID", 0,
		"org.freedesktop.secrets").Store(&pid)
	if err != nil || pid == 0 {
		return PlaceSystemKeyring
	}
	proc := "/proc/" + strconv.FormatUint(uint64(pid), 10)
	comm, _ := os.ReadFile(proc + "/comm")
	exe, _ := os.Readlink(proc + "/exe")
	return placeForProcess(string(comm), exe)
}
