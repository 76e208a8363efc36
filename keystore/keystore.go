// Package keystore keeps OnceKey's API keys in the operating system's own
// keychain (macOS Keychain, Windows Credential Manager, the Secret Service on
// Linux) and keeps a small list of non-secret facts about them in a file.
//
// Only the secret goes into the keychain; nothing here ever writes a secret to
// a file, a log or an error message. Every keychain call has a timeout, because
// a locked keychain may wait on an unlock prompt for as long as the user
// ignores it.
package keystore

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Service is the go-keyring service name every OnceKey key is stored under.
const Service = "OnceKey"

// RetiringService is the go-keyring service name a retiring key (the one a
// name held before a rotation, until OnceHub no longer knows it) is stored
// under, with the key's name as the user. Being another service, it is
// never listed, reconciled or rebuilt as one of the names' keys.
const RetiringService = "OnceKey (retiring)"

// DefaultName is the name of the first key (the go-keyring "user", which the
// Secret Service stores as the attribute "username").
const DefaultName = "default"

// MaxNameLen is the longest key name accepted, in characters.
const MaxNameLen = 64

// Store keeps secrets by key name. All methods honour ctx and also have their
// own timeout, so a keychain waiting on an unlock prompt never hangs a caller.
type Store interface {
	// Get returns the secret stored under name.
	Get(ctx context.Context, name string) (string, error)
	// Save stores secret under name. It returns nil only after reading the value back and comparing.
	// When it fails, whatever was stored under name before is still there, unchanged.
	Save(ctx context.Context, name, secret string) error
	// Remove deletes the secret stored under name. Removing a name that holds
	// nothing fails with a NotFound error, which callers may treat as done.
	Remove(ctx context.Context, name string) error
	// Where says which keychain keeps the keys (the words package names it).
	Where() Place
	// Retiring returns the same keychain for retiring keys: its items are
	// kept apart from the names' own keys (RetiringService), under the
	// same names.
	Retiring() Store
}

// CaseFolder is a Store that can say whether it takes names differing only
// in letter case for the same item, as Windows' Credential Manager does:
// there, writing "zapier" and deleting "Zapier" would delete the only copy.
type CaseFolder interface {
	FoldsCase() bool
}

// Backend is the narrow go-keyring surface, so tests can use a fake that
// fails, blocks and refuses.
type Backend interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

// ErrorKind says what class of failure an *Error is, so callers can choose
// what to show and offer without parsing text.
type ErrorKind int

// The kinds of failure. Zero means "not a keystore error".
const (
	NotFound   ErrorKind = iota + 1 // no item under that name
	Missing                         // no keychain at all: no D-Bus session, no Secret Service
	Locked                          // keychain locked / could not be unlocked / prompt dismissed
	TimedOut                        // the keychain did not answer in time (maybe waiting on its own unlock prompt)
	Refused                         // the keychain refused the operation (other failure)
	TooBig                          // go-keyring ErrSetDataTooBig
	Mismatch                        // read-back differed from what was written
	Invalid                         // the name or secret given was not acceptable; the keychain was not touched
	Canceled                        // the caller cancelled before the keychain answered
	CannotList                      // this keychain cannot list OnceKey's items (macOS without cgo)
)

var kindNames = [...]string{
	NotFound:   "not-found",
	Missing:    "missing",
	Locked:     "locked",
	TimedOut:   "timed-out",
	Refused:    "refused",
	TooBig:     "too-big",
	Mismatch:   "mismatch",
	Invalid:    "invalid",
	Canceled:   "canceled",
	CannotList: "cannot-list",
}

// String returns a short stable identifier such as "not-found", for logs and
// scripts.
func (k ErrorKind) String() string {
	if k > 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Problem says what was wrong with a name or secret given to a Store
// (Invalid errors only).
type Problem int

// The problems. Zero means none.
const (
	ProblemNone        Problem = iota
	ProblemNameEmpty           // the name is empty
	ProblemNameNotText         // the name is not valid UTF-8
	ProblemNameTooLong         // more than MaxNameLen characters
	ProblemNameSpaces          // white space at either end
	ProblemNameControl         // control or other unprintable characters
	ProblemNoSecret            // an empty secret
)

// Error is what every Store method returns on failure: a kind and the facts
// behind it, from which the words package makes the sentences. Error() is
// short technical text and never contains the secret, nor the name (a key
// typed where a name belongs must not be repeated). Unwrap returns the
// underlying error, which never holds a secret either: only errors that
// cannot carry one (go-keyring's, D-Bus's, context's) are ever wrapped.
type Error struct {
	Kind ErrorKind
	Op   string // "read", "save", "remove", "list"
	// Problem is what was wrong with the input (Invalid only).
	Problem Problem
	// Timeout is how long the keychain was given (TimedOut only; 0 unknown).
	Timeout time.Duration
	// RestoreFailed says that after a failed save, putting back the key
	// saved before failed too (Mismatch only).
	RestoreFailed bool
	// SessionOnly says the error is from the session-only store.
	SessionOnly bool
	Err         error
}

// Error returns a short technical description, such as "keychain read: timed-out".
func (e *Error) Error() string {
	op := e.Op
	if op == "" {
		op = "call"
	}
	return "keychain " + op + ": " + e.Kind.String()
}

// Unwrap returns the underlying error, if any.
func (e *Error) Unwrap() error { return e.Err }

// IsNotFound reports whether err says no item is stored under that name.
func IsNotFound(err error) bool { return KindOf(err) == NotFound }

// KindOf returns the kind of the *Error in err's chain, or 0 if there is none.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return 0
}

// ValidateName checks a key name: 1 to MaxNameLen characters of valid UTF-8,
// printable, no control characters and no surrounding spaces. The returned
// error never repeats the name, in case a key was typed where a name belongs.
func ValidateName(name string) error {
	problem := ProblemNone
	switch {
	case name == "":
		problem = ProblemNameEmpty
	case !utf8.ValidString(name):
		problem = ProblemNameNotText
	case utf8.RuneCountInString(name) > MaxNameLen:
		problem = ProblemNameTooLong
	case strings.TrimSpace(name) != name:
		problem = ProblemNameSpaces
	case strings.IndexFunc(name, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0:
		problem = ProblemNameControl
	}
	if problem == ProblemNone {
		return nil
	}
	return &Error{Kind: Invalid, Problem: problem}
}
