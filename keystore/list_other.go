//go:build !windows && !((dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd)

package keystore

// listItems cannot list here: macOS's keychain lists a service's items only
// through its C interface, which go-keyring (and so OnceKey) does not use.
func listItems(string) ([]Item, error) { return nil, errCannotList }
