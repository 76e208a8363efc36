//go:build !((dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd)

package keystore

const secretServiceBuild = false

// sessionCheck has nothing to check where the keychain is not reached over D-Bus.
func sessionCheck() error { return nil }

func platformKind(error) ErrorKind { return 0 }

// secretServicePlace is never asked where there is no Secret Service.
func secretServicePlace() Place { return PlaceSystemKeyring }
