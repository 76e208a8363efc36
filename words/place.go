package words

import "github.com/oncekey/oncekey/keystore"

// PlaceName names a keychain as a proper noun: "GNOME Keyring".
func PlaceName(p keystore.Place) string {
	switch p {
	case keystore.PlaceGNOMEKeyring:
		return "GNOME Keyring"
	case keystore.PlaceKDEWallet:
		return "KDE Wallet"
	case keystore.PlaceKeePassXC:
		return "KeePassXC"
	case keystore.PlaceMacOSKeychain:
		return "macOS Keychain"
	case keystore.PlaceWindowsCredentials:
		return "Windows Credential Manager"
	case keystore.PlaceSession:
		return "this session"
	default:
		return "your system keyring"
	}
}

// Where says where keys are kept, as the window's footer shows it:
// "Stored in GNOME Keyring".
func Where(p keystore.Place) string {
	if p == keystore.PlaceSession {
		return "Kept for this session only (not saved)"
	}
	return "Stored in " + PlaceName(p)
}
