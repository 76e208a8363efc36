package keystore

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"time"

	"github.com/zalando/go-keyring"
)

// errNoSessionBus stands for "no D-Bus session bus here", found before any
// D-Bus library is touched.
var errNoSessionBus = errors.New("no D-Bus session bus address is set")

// classify turns an error from a keychain library into an *Error of the
// right kind. The library error is kept for Unwrap: go-keyring and D-Bus
// errors name items and services, never secrets.
func classify(op string, err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return newError(kindOfBackendError(err), op, err)
}

func kindOfBackendError(err error) ErrorKind {
	switch {
	case errors.Is(err, keyring.ErrNotFound):
		return NotFound
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return TooBig
	case errors.Is(err, errCannotList):
		return CannotList
	case errors.Is(err, errNoSessionBus), errors.Is(err, exec.ErrNotFound):
		// exec.ErrNotFound: the D-Bus library tried to launch dbus-launch.
		return Missing
	}
	if k := platformKind(err); k != 0 {
		return k
	}
	msg := strings.ToLower(err.Error())
	switch {
	case strings.Contains(msg, "was not provided by any .service files"),
		strings.Contains(msg, "serviceunknown"),
		strings.Contains(msg, "dbus-launch"),
		strings.Contains(msg, "unsupported platform"):
		return Missing
	case strings.Contains(msg, "failed to unlock"),
		strings.Contains(msg, "dismissed"),
		strings.Contains(msg, "islocked"),
		strings.Contains(msg, "is locked"):
		return Locked
	}
	return Refused
}

// newError builds an *Error of kind.
func newError(kind ErrorKind, op string, err error) *Error {
	return &Error{Kind: kind, Op: op, Err: err}
}

func timedOut(op string, d time.Duration) *Error {
	return &Error{Kind: TimedOut, Op: op, Timeout: d, Err: context.DeadlineExceeded}
}

// contextError reports that the caller's context ended first: cancelled by
// the user, or its own deadline passed.
func contextError(op string, err error, d time.Duration) *Error {
	if errors.Is(err, context.DeadlineExceeded) {
		return timedOut(op, d)
	}
	return &Error{Kind: Canceled, Op: op, Err: err}
}

func mismatch(restoreErr error) *Error {
	// The restore error comes from the keychain library, never from the secret.
	return &Error{Kind: Mismatch, Op: "save", RestoreFailed: restoreErr != nil, Err: restoreErr}
}
