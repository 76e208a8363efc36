package words

import "github.com/oncekey/oncekey/keystore"

// PlaceName names a keychain as a proper noun: "GNOME Keyring". The
// products' own names stay as they are in every language.
func PlaceName(p keystore.Place) string {
	switch p {
	case keystore.PlaceGNOMEKeyring:
		return "GNOME Keyring"
	case keystore.PlaceKDEWallet:
		return "KDE Wallet"
	case keystore.PlaceKeePassXC:
		return "KeePassXC"
	case keystore.PlaceMacOSKeychain:
		return tr("place.macOSKeychain")
	case keystore.PlaceWindowsCredentials:
		return tr("place.windowsCredentials")
	case keystore.PlaceSession:
		return tr("place.session")
	default:
		return tr("place.systemKeyring")
	}
}

// Where says where keys are kept, as the window's footer shows it:
// "Stored in GNOME Keyring".
func Where(p keystore.Place) string {
	if p == keystore.PlaceSession {
		return tr("place.footer.session")
	}
	return tr("place.footer.stored", "Place", PlaceName(p))
}
