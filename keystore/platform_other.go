//go:build !((dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd)

package keystore

const secretServiceBuild = false

// sessionCheck has nothing to check where the keychain is not reached over D-Bus.
func sessionCheck() error { return nil }

func platformKind(error) ErrorKind { return 0 }

func missingWords() (summary, next string) {
	return "Your computer's keychain could not be reached. OnceKey never saves your key to a file.",
		"You can keep the key for this session only, or restart the computer and try again."
}

// secretServicePlace is never asked where there is no Secret Service.
func secretServicePlace() Place { return PlaceSystemKeyring }
