package keystore

import (
	"os"
	"runtime"
	"strings"
)

// Where the keys are, in the words the window shows.
const (
	WhereMacOS   = "Stored in macOS Keychain"
	WhereWindows = "Stored in Windows Credential Manager"
	WhereGNOME   = "Stored in GNOME Keyring"
	WhereKDE     = "Stored in KDE Wallet"
	WhereSystem  = "Stored in your system keyring"
	WhereSession = "Kept for this session only (not saved)"
)

func whereOS() string {
	return whereFor(runtime.GOOS, os.Getenv("XDG_CURRENT_DESKTOP"), secretServiceBuild)
}

// whereFor names the keychain from the system and the desktop. On Linux and
// the BSDs any program may own the Secret Service name; the desktop is a good
// guess, and when there is none to go by the words stay general rather than
// name a program that may not be the one.
func whereFor(goos, desktop string, secretService bool) string {
	switch goos {
	case "darwin":
		return WhereMacOS
	case "windows":
		return WhereWindows
	}
	if !secretService {
		return WhereSystem
	}
	// XDG_CURRENT_DESKTOP is a colon-separated list, such as "ubuntu:GNOME".
	for _, d := range strings.Split(strings.ToUpper(desktop), ":") {
		switch d {
		case "KDE":
			return WhereKDE
		case "GNOME", "UNITY", "CINNAMON", "X-CINNAMON", "MATE", "XFCE", "BUDGIE", "PANTHEON", "GNOME-FLASHBACK", "GNOME-CLASSIC":
			return WhereGNOME
		}
	}
	return WhereSystem
}
