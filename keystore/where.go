package keystore

import (
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
	return placeFor(runtime.GOOS, secretServiceBuild, secretServicePlace)
}

// placeFor names the keychain of the system goos. Where the keychain is the
// Secret Service, any program may provide it, so the program that does is
// asked for (owner); a desktop's name would only be a guess.
func placeFor(goos string, secretService bool, owner func() Place) Place {
	switch goos {
	case "darwin", "ios":
		return PlaceMacOSKeychain
	case "windows":
		return PlaceWindowsCredentials
	}
	if !secretService {
		return PlaceSystemKeyring
	}
	return owner()
}

// placeForProcess names the Secret Service from the program that provides
// it: its kernel name (comm, at most 15 bytes, so gnome-keyring-daemon is
// "gnome-keyring-d") or its executable's path.
func placeForProcess(comm, exe string) Place {
	if i := strings.LastIndexByte(exe, '/'); i >= 0 {
		exe = exe[i+1:]
	}
	for _, n := range []string{comm, exe} {
		n = strings.ToLower(strings.TrimSpace(n))
		switch {
		case n == "":
		case strings.HasPrefix(n, "gnome-keyring"):
			return PlaceGNOMEKeyring
		case strings.HasPrefix(n, "kwalletd"), strings.HasPrefix(n, "ksecretd"):
			return PlaceKDEWallet
		case strings.HasPrefix(n, "keepassxc"):
			return PlaceKeePassXC
		}
	}
	return PlaceSystemKeyring
}

// UsesSecretService says keys are kept through the Secret Service over
// D-Bus in this build (Linux and the BSDs), as go-keyring itself decides.
const UsesSecretService = secretServiceBuild
