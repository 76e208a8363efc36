package keystore

import (
	"os"
	"runtime"
	"strings"
)

// Place is where a Store keeps keys: a value, not a sentence, so that the
// words package can name it in each language.
type Place int

// The places. Their String forms appear in --json output, so they never
// change; new places go at the end.
const (
	PlaceSystemKeyring      Place = iota // a keychain OnceKey cannot name
	PlaceGNOMEKeyring                    // GNOME Keyring (Secret Service)
	PlaceKDEWallet                       // KDE Wallet (Secret Service)
	PlaceKeePassXC                       // KeePassXC (Secret Service)
	PlaceMacOSKeychain                   // macOS Keychain
	PlaceWindowsCredentials              // Windows Credential Manager
	PlaceSession                         // in this process only, never saved
)

var placeNames = [...]string{
	PlaceSystemKeyring:      "system-keyring",
	PlaceGNOMEKeyring:       "gnome-keyring",
	PlaceKDEWallet:          "kde-wallet",
	PlaceKeePassXC:          "keepassxc",
	PlaceMacOSKeychain:      "macos-keychain",
	PlaceWindowsCredentials: "windows-credential-manager",
	PlaceSession:            "session-only",
}

// String returns the place's stable identifier, such as "gnome-keyring".
func (p Place) String() string {
	if p >= 0 && int(p) < len(placeNames) {
		return placeNames[p]
	}
	return "unknown"
}

// Saved reports whether keys kept here outlive this process.
func (p Place) Saved() bool { return p != PlaceSession }

func placeOS() Place {
	return placeFor(runtime.GOOS, os.Getenv("XDG_CURRENT_DESKTOP"), secretServiceBuild)
}

// placeFor names the keychain from the system and the desktop. On Linux and
// the BSDs any program may own the Secret Service name; the desktop is a good
// guess, and when there is none to go by the place stays general rather than
// name a program that may not be the one.
func placeFor(goos, desktop string, secretService bool) Place {
	switch goos {
	case "darwin":
		return PlaceMacOSKeychain
	case "windows":
		return PlaceWindowsCredentials
	}
	if !secretService {
		return PlaceSystemKeyring
	}
	// XDG_CURRENT_DESKTOP is a colon-separated list, such as "ubuntu:GNOME".
	for _, d := range strings.Split(strings.ToUpper(desktop), ":") {
		switch d {
		case "KDE":
			return PlaceKDEWallet
		case "GNOME", "UNITY", "CINNAMON", "X-CINNAMON", "MATE", "XFCE", "BUDGIE", "PANTHEON", "GNOME-FLASHBACK", "GNOME-CLASSIC":
			return PlaceGNOMEKeyring
		}
	}
	return PlaceSystemKeyring
}

// UsesSecretService says keys are kept through the Secret Service over
// D-Bus in this build (Linux and the BSDs), as go-keyring itself decides.
const UsesSecretService = secretServiceBuild
