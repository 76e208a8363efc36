package keystore

import (
	"context"
	"errors"
	"runtime"
	"time"

	"github.com/zalando/go-keyring"
)

// Keychain is a Store backed by the operating system's keychain.
//
// Each method gives the keychain at most the timeout given to the
// constructor (and less if ctx ends first). A keychain call that does not
// answer in time is left running in the background, because go-keyring calls
// cannot be interrupted; until it returns, later calls on the same Keychain
// wait behind it (within their own timeout), so calls never overlap or land
// out of order. A Save whose caller gave up is finished or undone in the
// background so that, in the end, the earlier value is what stays stored.
type Keychain struct {
	backend Backend
	timeout time.Duration
	// service is the go-keyring service of the items: Service, or
	// RetiringService for Retiring's Keychain.
	service string
	// slot holds one token while a conversation with the keychain is under
	// way, including one that a caller has stopped waiting for. A Keychain
	// and its Retiring one share it: one keychain, one conversation at a
	// time.
	slot chan struct{}
}

// foldsCase: Credential Manager ignores letter case in target names.
const foldsCase = runtime.GOOS == "windows"

// DefaultTimeout is used when a constructor is given a timeout of zero or less.
const DefaultTimeout = 5 * time.Second

// NewKeychain returns a Store over the real OS keychain, through go-keyring.
// On Linux and the BSDs it fails with Missing, without contacting anything,
// when there is no D-Bus session: that also keeps the D-Bus library from
// trying to launch a session bus of its own that would outlive the program.
func NewKeychain(timeout time.Duration) *Keychain {
	return NewKeychainWith(osBackend{}, timeout)
}

// NewKeychainWith returns a Keychain over b, for tests and for other
// keychains that offer the same three calls.
func NewKeychainWith(b Backend, timeout time.Duration) *Keychain {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &Keychain{backend: b, timeout: timeout, service: Service, slot: make(chan struct{}, 1)}
}

// Timeout returns how long each method waits for the keychain.
func (k *Keychain) Timeout() time.Duration { return k.timeout }

// Service returns the go-keyring service this Keychain's items are under.
func (k *Keychain) Service() string { return k.service }

// Retiring returns a Keychain over the same backend, timeout and
// conversation slot for retiring keys (RetiringService).
func (k *Keychain) Retiring() Store {
	return &Keychain{backend: k.backend, timeout: k.timeout, service: RetiringService, slot: k.slot}
}

// FoldsCase reports whether the keychain takes names that differ only in
// letter case for one item: Windows' Credential Manager compares target
// names ignoring case; the Secret Service and macOS's keychain match them
// exactly.
func (k *Keychain) FoldsCase() bool { return foldsCase }

// Where says which keychain holds the keys. On Linux and the BSDs it is the
// program that owns the Secret Service's name on the session bus: the first
// question waits for the bus (at most about a second), later ones are
// answered from a cache that renews itself in the background.
func (k *Keychain) Where() Place { return placeOS() }

// Get returns the secret stored under name.
func (k *Keychain) Get(ctx context.Context, name string) (string, error) {
	const op = "read"
	if err := ValidateName(name); err != nil {
		return "", withOp(err, op)
	}
	return k.run(ctx, op, func(<-chan struct{}) (string, error) {
		v, err := k.backend.Get(k.service, name)
		if err != nil {
			return "", classify(op, err)
		}
		return v, nil
	}, nil)
}

// Save stores secret under name, then reads it back and compares. When it
// fails, the value stored under name before (or the absence of one) is what
// remains: either the keychain refused the write, or the earlier value was
// put back after it.
func (k *Keychain) Save(ctx context.Context, name, secret string) error {
	const op = "save"
	if err := ValidateName(name); err != nil {
		return withOp(err, op)
	}
	if secret == "" {
		return &Error{Kind: Invalid, Op: op, Problem: ProblemNoSecret}
	}

	// These belong to the worker goroutine: the transaction and its undo run
	// there one after the other, never at the same time as each other.
	var (
		old    string
		hadOld bool
		wrote  bool
	)
	txn := func(gone <-chan struct{}) (string, error) {
		prev, err := k.backend.Get(k.service, name)
		switch {
		case err == nil:
			old, hadOld = prev, true
		case errors.Is(err, keyring.ErrNotFound):
		default:
			// Without the earlier value the save could not be undone, so
			// nothing is written.
			return "", classify(op, err)
		}
		if isClosed(gone) {
			return "", nil // the caller gave up while the keychain was busy: write nothing
		}
		if err := k.backend.Set(k.service, name, secret); err != nil {
			// The keychain's own replace is atomic per item: a refused
			// write leaves the earlier value in place.
			return "", classify(op, err)
		}
		wrote = true
		got, err := k.backend.Get(k.service, name)
		if err == nil && got == secret {
			return "", nil
		}
		restoreErr := k.restore(name, old, hadOld)
		wrote = restoreErr != nil
		if err != nil {
			return "", classify(op, err)
		}
		return "", mismatch(restoreErr)
	}
	undo := func(_ string, err error) {
		// The caller was told the save failed, so the earlier value must be
		// what stays.
		if err == nil && wrote {
			_ = k.restore(name, old, hadOld)
		}
	}
	_, err := k.run(ctx, op, txn, undo)
	return err
}

// restore puts back what was stored under name before a save: the earlier
// value, or nothing.
func (k *Keychain) restore(name, old string, hadOld bool) error {
	if hadOld {
		return k.backend.Set(k.service, name, old)
	}
	err := k.backend.Delete(k.service, name)
	if errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return err
}

// Remove deletes the secret stored under name. If nothing is stored there it
// returns a NotFound error.
func (k *Keychain) Remove(ctx context.Context, name string) error {
	const op = "remove"
	if err := ValidateName(name); err != nil {
		return withOp(err, op)
	}
	_, err := k.run(ctx, op, func(<-chan struct{}) (string, error) {
		if err := k.backend.Delete(k.service, name); err != nil {
			return "", classify(op, err)
		}
		return "", nil
	}, nil)
	return err
}

// result is what a keychain conversation hands back to its caller.
type result struct {
	val string
	err error
}

// run holds the keychain slot and runs txn in its own goroutine, waiting for
// it at most k.timeout and no longer than ctx allows.
//
// The result is handed over on an unbuffered channel, so the worker knows
// for certain whether its caller received it. If not, lost (when non-nil) is
// called with the result in the worker goroutine, so a late success can be
// undone. gone is closed when the caller stops waiting, so txn can skip
// steps nobody wants any more.
func (k *Keychain) run(ctx context.Context, op string, txn func(gone <-chan struct{}) (string, error), lost func(string, error)) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", contextError(op, err, k.timeout)
	}
	timer := time.NewTimer(k.timeout)
	defer timer.Stop()

	select {
	case k.slot <- struct{}{}:
	case <-ctx.Done():
		return "", contextError(op, ctx.Err(), k.timeout)
	case <-timer.C:
		return "", timedOut(op, k.timeout)
	}

	done := make(chan result)
	gone := make(chan struct{})
	go func() {
		defer func() { <-k.slot }()
		r := protect(op, func() result {
			v, err := txn(gone)
			return result{v, err}
		})
		select {
		case done <- r:
		case <-gone:
			if lost != nil {
				protect(op, func() result { lost(r.val, r.err); return result{} })
			}
		}
	}()

	select {
	case r := <-done:
		return r.val, r.err
	case <-ctx.Done():
		close(gone)
		return "", contextError(op, ctx.Err(), k.timeout)
	case <-timer.C:
		close(gone)
		return "", timedOut(op, k.timeout)
	}
}

// protect runs f and turns a panic inside a keychain library into a Refused
// error instead of ending the program. The panic value is dropped, not
// wrapped: nothing guarantees it holds no secret.
func protect(op string, f func() result) (r result) {
	defer func() {
		if recover() != nil {
			r = result{err: newError(Refused, op, errors.New("the keychain library failed unexpectedly"))}
		}
	}()
	return f()
}

func isClosed(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

func withOp(err error, op string) error {
	var e *Error
	if errors.As(err, &e) && e.Op == "" {
		c := *e
		c.Op = op
		return &c
	}
	return err
}

// osBackend reaches the real keychain through go-keyring.
type osBackend struct{}

func (osBackend) Get(service, user string) (string, error) {
	if err := sessionCheck(); err != nil {
		return "", err
	}
	return keyring.Get(service, user)
}

func (osBackend) Set(service, user, password string) error {
	if err := sessionCheck(); err != nil {
		return err
	}
	return keyring.Set(service, user, password)
}

func (osBackend) Delete(service, user string) error {
	if err := sessionCheck(); err != nil {
		return err
	}
	return keyring.Delete(service, user)
}
