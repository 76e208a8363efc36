//go:build linux || freebsd || openbsd || netbsd

package main

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// displayProblem reports that no window can be shown here (missing), and
// the X display that did not answer ("" when none is set). It checks before the GUI driver starts, because
// a driver that cannot reach a display panics instead of failing politely.
func displayProblem() (missing bool, display string) {
	if w := os.Getenv("WAYLAND_DISPLAY"); w != "" {
		if !filepath.IsAbs(w) {
			w = filepath.Join(os.Getenv("XDG_RUNTIME_DIR"), w)
		}
		if reachable("unix", w) {
			return false, ""
		}
	}
	d := os.Getenv("DISPLAY")
	if d == "" {
		return true, ""
	}
	if network, address, ok := x11Address(d); ok && !reachable(network, address) {
		return true, d
	}
	return false, ""
}

// x11Address turns a DISPLAY value like ":0", ":99.0" or "host:10" into the
// socket the X server listens on.
func x11Address(display string) (network, address string, ok bool) {
	host, rest, found := strings.Cut(display, ":")
	if !found || strings.HasPrefix(host, "/") {
		return "", "", false // a launchd-style path or something unusual: let the driver try
	}
	number, _, _ := strings.Cut(rest, ".")
	if number == "" {
		return "", "", false
	}
	if host == "" || host == "unix" {
		return "unix", "/tmp/.X11-unix/X" + number, true
	}
	n, err := strconv.Atoi(number)
	if err != nil || n < 0 {
		return "", "", false
	}
	return "tcp", net.JoinHostPort(host, strconv.Itoa(6000+n)), true
}

func reachable(network, address string) bool {
	conn, err := net.DialTimeout(network, address, 2*time.Second)
	if err != nil {
		// Linux also has an abstract socket for local X servers.
		if network == "unix" && strings.HasPrefix(address, "/tmp/.X11-unix/") {
			conn, err = net.DialTimeout("unix", "@"+address, 2*time.Second)
		}
		if err != nil {
			return false
		}
	}
	conn.Close()
	return true
}
