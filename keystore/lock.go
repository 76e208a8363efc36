package keystore

import (
	"errors"
	"os"
	"path/filepath"
	"time"
)

// LockWait is how long a change to the list of keys waits for another
// OnceKey process to finish its own change before giving up with a
// *LockError. It is longer than a quick keychain call made inside a
// transaction, short enough that nobody stares at a frozen window.
const LockWait = 5 * time.Second

// ErrLockTimeout is the Err of a *LockError when another process held the
// lock for the whole wait.
var ErrLockTimeout = errors.New("lock wait timed out")

// LockError says the lock around the list of keys could not be taken, so
// nothing was changed.
type LockError struct {
	// Path is the lock file.
	Path string
	// Waited is how long the lock was waited for.
	Waited time.Duration
	// Err is ErrLockTimeout when another process held the lock throughout,
	// otherwise why the lock file could not be opened or locked.
	Err error
}

// Error is short technical text: the lock file's name and the cause.
func (e *LockError) Error() string {
	return "lock " + filepath.Base(e.Path) + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *LockError) Unwrap() error { return e.Err }

// fileLock is an advisory lock held on a lock file beside the list of keys.
// The lock file is never removed: removing it would let two processes hold
// locks on two different files of the same name.
type fileLock struct{ f *os.File }

// lockPath is the lock file that guards the file at path.
func lockPath(path string) string { return path + ".lock" }

// lockFile takes the exclusive lock on the lock file at path, creating it
// (and its folder) if needed, waiting at most wait. The lock conflicts with
// every other holder, in this process or another.
func lockFile(path string, wait time.Duration) (*fileLock, error) {
	start := time.Now()
	fail := func(err error) (*fileLock, error) {
		return nil, &LockError{Path: path, Waited: time.Since(start), Err: err}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fail(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fail(err)
	}
	// Polling a non-blocking lock keeps the wait bounded without a blocked
	// system call that could not be taken back; the steps stay short so a
	// released lock is taken within milliseconds.
	deadline := start.Add(wait)
	pause := 500 * time.Microsecond
	for {
		held, err := tryLock(f)
		if err != nil {
			f.Close()
			return fail(err)
		}
		if held {
			return &fileLock{f: f}, nil
		}
		if !time.Now().Before(deadline) {
			f.Close()
			return fail(ErrLockTimeout)
		}
		time.Sleep(pause)
		if pause < 10*time.Millisecond {
			pause *= 2
		}
	}
}

// unlock releases the lock. Closing the file would release it too; the
// explicit unlock makes the release independent of when the close lands.
func (l *fileLock) unlock() {
	_ = unlockFile(l.f)
	_ = l.f.Close()
}
