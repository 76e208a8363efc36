//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd || windows)

package keystore

import "os"

// tryLock always succeeds where OnceKey knows no advisory lock: there only
// the in-process mutex guards the list of keys.
func tryLock(*os.File) (bool, error) { return true, nil }

func unlockFile(*os.File) error { return nil }

func openForRead(path string) (*os.File, error) { return os.Open(path) }
