package keystore

import (
	"context"
	"errors"
	"fmt"
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

// newError builds an *Error of kind with its plain-words summary and next step.
func newError(kind ErrorKind, op string, err error) *Error {
	e := &Error{Kind: kind, Op: op, Err: err}
	switch kind {
	case NotFound:
		e.Summary = "No key is saved under that name."
		e.NextStep = "Copy the key from OnceHub's API page and save it."
	case Missing:
		e.Summary, e.NextStep = missingWords()
	case Locked:
		e.Summary = "Your keychain is locked, or unlocking it was cancelled."
		e.NextStep = "Unlock it when asked (usually with the password you log in with), then try again."
	case Refused:
		e.Summary = fmt.Sprintf("Your keychain would not %s the key.", verb(op))
		e.NextStep = "Try again. If it keeps happening, restart the computer, or keep the key for this session only."
	case CannotList:
		// A fact for the caller, which then goes without the list; no
		// sentence for people.
		e.Summary = "keychain cannot list items"
	case TooBig:
		e.Summary = "This key is too long for your keychain to store."
		e.NextStep = "Check that you copied only the key, without any extra text, and try again."
	default:
		e.Summary = "Something went wrong with your keychain."
		e.NextStep = "Try again."
	}
	return e
}

func verb(op string) string {
	switch op {
	case "read":
		return "read"
	case "remove":
		return "remove"
	case "list":
		return "list"
	default:
		return "save"
	}
}

func timedOut(op string, d time.Duration) *Error {
	summary := "Your keychain did not answer in time."
	if d > 0 {
		summary = fmt.Sprintf("Your keychain did not answer within %s.", humanDuration(d))
	}
	return &Error{
		Kind:     TimedOut,
		Op:       op,
		Summary:  summary,
		NextStep: "It may be waiting for you to unlock it: look for a password prompt, then try again.",
		Err:      context.DeadlineExceeded,
	}
}

// contextError reports that the caller's context ended first: cancelled by
// the user, or its own deadline passed.
func contextError(op string, err error, d time.Duration) *Error {
	if errors.Is(err, context.DeadlineExceeded) {
		return timedOut(op, d)
	}
	return &Error{
		Kind:     Canceled,
		Op:       op,
		Summary:  "Stopped before the keychain answered.",
		NextStep: "Nothing was changed. Try again when you are ready.",
		Err:      err,
	}
}

func mismatch(restoreErr error) *Error {
	e := &Error{
		Kind:     Mismatch,
		Op:       "save",
		Summary:  "Your keychain did not keep the key exactly as given, so it was not saved; anything saved before is as it was.",
		NextStep: "Try again. If it happens again, keep the key for this session only.",
	}
	if restoreErr != nil {
		// The restore error comes from the keychain library, never from the secret.
		e.Summary = "Your keychain did not keep the key exactly as given, and putting back the key saved before failed too."
		e.NextStep = "Save the key again before using it."
		e.Err = restoreErr
	}
	return e
}

// humanDuration says d in whole seconds or minutes, rounding up, so a short
// test timeout never reads "0 seconds".
func humanDuration(d time.Duration) string {
	secs := int((d + time.Second - 1) / time.Second)
	switch {
	case secs <= 1:
		return "1 second"
	case secs >= 120 && secs%60 == 0:
		return fmt.Sprintf("%d minutes", secs/60)
	default:
		return fmt.Sprintf("%d seconds", secs)
	}
}
