// Package keys is OnceKey's key manager: the one core that the window, the
// command line and the tray share. It owns each named key's state and its
// flows (read, save, test with OnceHub's pause, test all at a pace,
// rename, notes, rotation with a retiring key, remove, the session-only
// store when there is no keychain) and tells its users when something
// changed, in this process or in another.
//
// It imports no GUI toolkit and makes no sentence for people: it reports
// kinds and facts (keystore and apiclient values, and its own error kinds
// here), which the words package turns into words. Every method may block
// on the keychain or the network: the window calls them off its UI
// goroutine.
package keys

import (
	"context"
	"errors"
	"sort"
	"sync"
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keystore"
)

// MaxKeys is how many active keys OnceHub allows per account.
const MaxKeys = 25

// Tester is the key check (apiclient.*Client satisfies it).
type Tester interface {
	// Test checks key against OnceHub. Cancelling ctx ends the test.
	Test(ctx context.Context, key string) apiclient.Outcome
	// Warm opens a connection ahead of time, so that a test costs one
	// round trip.
	Warm(ctx context.Context) error
}

// Clock is the manager's source of time; tests drive a fake one.
type Clock interface {
	Now() time.Time
	// AfterFunc calls f in its own goroutine after d, unless stopped first.
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is a pending AfterFunc call.
type Timer interface{ Stop() bool }

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }

// AfterFunc is time.AfterFunc.
func (SystemClock) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }

// Config is what a Manager works with.
type Config struct {
	// Store is the keychain.
	Store keystore.Store
	// Index is the list of key names and their non-secret facts; nil keeps
	// the facts in memory only.
	Index *keystore.Index
	// Tester tests keys against OnceHub; nil for a manager that never tests.
	Tester Tester
	// Clock is the time source; nil means the system clock.
	Clock Clock
	// KeychainWait is how long a keychain call may take before the manager
	// says the keychain may be waiting to be unlocked; 0 means 2 seconds.
	KeychainWait time.Duration
	// Pace is how many tests a second TestAll starts at most; 0 means
	// DefaultPace, and more than MaxPace means MaxPace.
	Pace float64
	// History keeps each key's last tests; nil keeps none.
	History *keystore.History
	// From is where this manager's tests are started, for the history:
	// keystore.FromWindow or keystore.FromCommandLine ("" means the window).
	From string
}

// EventKind says what changed.
type EventKind int

// The events.
const (
	// KeysChanged: the list of keys, a key's facts or its secret changed,
	// here or in another OnceKey process. Name is the key, or "" for many.
	KeysChanged EventKind = iota + 1
	// KeychainWaiting: a keychain call is taking long; it may be waiting
	// on the keychain's own unlock prompt.
	KeychainWaiting
	// KeychainAnswered: the keychain calls that were waiting are over.
	KeychainAnswered
	// TestStarted and TestFinished bracket a test of a saved key (Name).
	TestStarted
	TestFinished
	// Paused: OnceHub asked for a pause; PausedUntil says until when.
	Paused
	// StoreChanged: keys are now kept for this session only.
	StoreChanged
)

// Event tells a subscriber what changed.
type Event struct {
	Kind EventKind
	Name string
}

// Key is what the manager knows about one named key without reading the
// keychain: its non-secret facts.
type Key = keystore.KeyInfo

// Manager owns OnceKey's keys. It is safe for concurrent use.
type Manager struct {
	cfg   Config
	clock Clock

	// sessionTxn orders changes to the session-only keys' facts, as the
	// list's lock orders changes to the list: held across keychain calls,
	// so never taken under mu.
	sessionTxn sync.Mutex

	mu          sync.Mutex
	store       keystore.Store
	sessionOnly bool
	session     map[string]Key    // facts of session-only keys
	secrets     map[string]string // secrets read or saved in this process
	testing     bool
	pausedUntil time.Time
	subs        map[int]func(Event)
	nextSub     int
	calls       map[*keychainCall]struct{}
	waiting     bool
	pace        float64
}

type keychainCall struct{ cancel context.CancelFunc }

// New returns a Manager. It reads nothing yet.
func New(cfg Config) *Manager {
	clk := cfg.Clock
	if clk == nil {
		clk = SystemClock{}
	}
	if cfg.KeychainWait <= 0 {
		cfg.KeychainWait = 2 * time.Second
	}
	return &Manager{
		cfg:     cfg,
		clock:   clk,
		store:   cfg.Store,
		session: map[string]Key{},
		secrets: map[string]string{},
		subs:    map[int]func(Event){},
		calls:   map[*keychainCall]struct{}{},
		pace:    clampPace(cfg.Pace),
	}
}

// Now is the manager's clock.
func (m *Manager) Now() time.Time { return m.clock.Now() }

// Subscribe calls f for every event until the returned function is called.
// f runs on whichever goroutine caused the change and must not block.
func (m *Manager) Subscribe(f func(Event)) (unsubscribe func()) {
	m.mu.Lock()
	id := m.nextSub
	m.nextSub++
	m.subs[id] = f
	m.mu.Unlock()
	return func() {
		m.mu.Lock()
		delete(m.subs, id)
		m.mu.Unlock()
	}
}

func (m *Manager) emit(e Event) {
	m.mu.Lock()
	subs := make([]func(Event), 0, len(m.subs))
	ids := make([]int, 0, len(m.subs))
	for id := range m.subs {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	for _, id := range ids {
		subs = append(subs, m.subs[id])
	}
	m.mu.Unlock()
	for _, f := range subs {
		f(e)
	}
}

// Where says which keychain keeps the keys now.
func (m *Manager) Where() keystore.Place {
	m.mu.Lock()
	store := m.store
	m.mu.Unlock()
	// Asked outside the lock: the first answer may wait on the bus.
	return store.Where()
}

// SessionOnly reports whether keys are kept for this session only.
func (m *Manager) SessionOnly() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.sessionOnly
}

// UseSessionStore switches to a store that keeps keys in memory for this
// session only, for when the keychain cannot be used. There is never a
// file fallback. Keys read from the keychain before are forgotten: the
// session starts empty.
func (m *Manager) UseSessionStore() {
	m.mu.Lock()
	if m.sessionOnly {
		m.mu.Unlock()
		return
	}
	m.store = keystore.NewMemory()
	m.sessionOnly = true
	m.secrets = map[string]string{}
	m.mu.Unlock()
	m.emit(Event{Kind: StoreChanged})
	m.emit(Event{Kind: KeysChanged})
}

// Keys returns every key's facts, the default key first, then by name,
// from the list alone: no keychain read.
func (m *Manager) Keys() []Key {
	m.mu.Lock()
	session, sessionKeys := m.sessionOnly, make([]Key, 0, len(m.session))
	for _, k := range m.session {
		sessionKeys = append(sessionKeys, k)
	}
	m.mu.Unlock()
	if session || m.cfg.Index == nil {
		sort.Slice(sessionKeys, func(a, b int) bool { return keystore.NameLess(sessionKeys[a].Name, sessionKeys[b].Name) })
		return sessionKeys
	}
	return m.cfg.Index.Keys()
}

// Key returns the facts about the key called name.
func (m *Manager) Key(name string) (Key, bool) {
	m.mu.Lock()
	if m.sessionOnly || m.cfg.Index == nil {
		k, ok := m.session[name]
		m.mu.Unlock()
		return k, ok
	}
	m.mu.Unlock()
	return m.cfg.Index.Get(name)
}

// update changes the facts listed about name as they are now (in the
// file, under its lock, so that a change another process made meanwhile to
// this or another key is kept), or in memory for a session-only key.
// change gets the entry (found false: a new one) and reports whether it
// changed it.
func (m *Manager) update(name string, change func(k *Key, found bool) bool) error {
	if !m.listed() {
		m.sessionTxn.Lock()
		defer m.sessionTxn.Unlock()
		m.mu.Lock()
		defer m.mu.Unlock()
		k, found := m.session[name]
		if change(&k, found) {
			m.session[name] = k
		}
		return nil
	}
	err := m.transact(func(keys map[string]keystore.KeyInfo) (bool, error) {
		k, found := keys[name]
		if !change(&k, found) {
			return false, nil
		}
		keys[name] = k
		return true, nil
	})
	if err != nil {
		return &ListError{Err: err}
	}
	return nil
}

// change runs fn on every key's facts, as they are now, and keeps what fn
// left if it reports a change: for listed keys in one transaction of the
// list (under its lock between processes, so that what fn checks stays
// true while it calls the keychain), for session-only keys under the
// session's own lock. own is fn's error (then nothing is kept); list is
// the list's own trouble: it could not be locked or read (fn did not run)
// or written (fn ran, and nothing is kept).
func (m *Manager) change(fn func(keys map[string]keystore.KeyInfo) (bool, error)) (own, list error) {
	if m.listed() {
		var fnErr error
		err := m.transact(func(keys map[string]keystore.KeyInfo) (bool, error) {
			changed, err := fn(keys)
			fnErr = err
			return changed, err
		})
		switch {
		case err == nil:
			return nil, nil
		case fnErr != nil && err == fnErr: // Transact returns fn's error as it is
			return fnErr, nil
		}
		return nil, err
	}
	m.sessionTxn.Lock()
	defer m.sessionTxn.Unlock()
	m.mu.Lock()
	work := make(map[string]keystore.KeyInfo, len(m.session))
	for n, k := range m.session {
		work[n] = k
	}
	m.mu.Unlock()
	changed, err := fn(work)
	if err != nil || !changed {
		return err, nil
	}
	m.mu.Lock()
	m.session = work
	m.mu.Unlock()
	return nil, nil
}

// dropIfUnchanged takes name off the list if it is still listed with
// ending: a key another process saved there meanwhile stays. An entry with
// a retiring key stays, with that key and the admin's note, until its
// rotation is finished: only the name's own key's facts go, so that the
// retiring key is never invisible.
func (m *Manager) dropIfUnchanged(name, ending string) error {
	drop := func(keys map[string]keystore.KeyInfo) bool {
		k, ok := keys[name]
		switch {
		case !ok || k.Ending != ending:
			return false
		case k.Retiring != nil:
			if k.Ending == "" && k.SavedAt.IsZero() && k.LastTest == nil {
				return false // dropped already
			}
			keys[name] = keystore.KeyInfo{Name: name, Note: k.Note, Retiring: k.Retiring}
			return true
		}
		delete(keys, name)
		return true
	}
	if !m.listed() {
		m.sessionTxn.Lock()
		defer m.sessionTxn.Unlock()
		m.mu.Lock()
		defer m.mu.Unlock()
		drop(m.session)
		return nil
	}
	err := m.transact(func(keys map[string]keystore.KeyInfo) (bool, error) {
		return drop(keys), nil
	})
	if err != nil {
		return &ListError{Err: err}
	}
	return nil
}

// transact is Index.Transact that tells subscribers when the list read
// afresh from the file differed from this process's copy: another process
// changed it, and this process's watch will not see that change as new.
func (m *Manager) transact(fn func(keys map[string]keystore.KeyInfo) (bool, error)) error {
	before := m.cfg.Index.Keys()
	elsewhere := false
	err := m.cfg.Index.Transact(func(keys map[string]keystore.KeyInfo) (bool, error) {
		elsewhere = !sameKeys(before, keys)
		return fn(keys)
	})
	if elsewhere {
		m.emit(Event{Kind: KeysChanged})
	}
	return err
}

// sameKeys reports whether a list of keys and a map of them hold the same
// names, endings, notes and retiring keys.
func sameKeys(list []Key, keys map[string]keystore.KeyInfo) bool {
	if len(list) != len(keys) {
		return false
	}
	for _, k := range list {
		other, ok := keys[k.Name]
		if !ok || other.Ending != k.Ending || other.Note != k.Note || retiringEnding(other) != retiringEnding(k) {
			return false
		}
	}
	return true
}

// retiringEnding is k's retiring key's ending, with "-" for none (an
// ending may be unknown, "").
func retiringEnding(k Key) string {
	if k.Retiring == nil {
		return "-"
	}
	return k.Retiring.Ending
}

func (m *Manager) deleteInfo(name string) error {
	m.mu.Lock()
	if m.sessionOnly || m.cfg.Index == nil {
		m.mu.Unlock()
		m.sessionTxn.Lock()
		defer m.sessionTxn.Unlock()
		m.mu.Lock()
		delete(m.session, name)
		m.mu.Unlock()
		return nil
	}
	m.mu.Unlock()
	if err := m.cfg.Index.Delete(name); err != nil {
		return &ListError{Err: err}
	}
	return nil
}

// ---- The keychain ----

// keychain runs call with the current store. If it takes longer than
// KeychainWait, subscribers hear KeychainWaiting, and KeychainAnswered once
// every waiting call is over. CancelKeychain cancels it.
func (m *Manager) keychain(ctx context.Context, call func(context.Context, keystore.Store) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	c := &keychainCall{cancel: cancel}
	m.mu.Lock()
	store := m.store
	m.calls[c] = struct{}{}
	m.mu.Unlock()
	wait := m.clock.AfterFunc(m.cfg.KeychainWait, func() {
		m.mu.Lock()
		_, busy := m.calls[c]
		first := busy && !m.waiting
		if busy {
			m.waiting = true
		}
		m.mu.Unlock()
		if first {
			m.emit(Event{Kind: KeychainWaiting})
		}
	})
	err := call(ctx, store)
	wait.Stop()
	m.mu.Lock()
	delete(m.calls, c)
	over := m.waiting && len(m.calls) == 0
	if over {
		m.waiting = false
	}
	m.mu.Unlock()
	if over {
		m.emit(Event{Kind: KeychainAnswered})
	}
	return err
}

// KeychainWaiting reports whether a keychain call is taking long now.
func (m *Manager) KeychainWaiting() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.waiting
}

// KeychainBusy reports whether a keychain call is under way.
func (m *Manager) KeychainBusy() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.calls) > 0
}

// CancelKeychain stops waiting for every keychain call under way; each
// returns a Canceled error.
func (m *Manager) CancelKeychain() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for c := range m.calls {
		c.cancel()
	}
}

// Cached returns the secret of name if this process has read or saved it
// and the list does not contradict it: a key another process replaced
// since (the list shows another ending) is not returned, so the next use
// reads the keychain again. A key the list lacks (its write failed) is.
func (m *Manager) Cached(name string) (string, bool) {
	m.mu.Lock()
	s, ok := m.secrets[name]
	m.mu.Unlock()
	if !ok {
		return "", false
	}
	if info, listed := m.Key(name); listed && info.Ending != "" && info.Ending != apiclient.Ending(s) {
		m.forget(name)
		return "", false
	}
	return s, true
}

// Secret reads the key saved under name from the keychain. It brings the
// list up to date: a key the list did not know, or knew with another
// ending, is listed as it is now; a listed key the keychain no longer
// holds is taken off the list (the error is then NotFound).
func (m *Manager) Secret(ctx context.Context, name string) (string, error) {
	var secret string
	err := m.keychain(ctx, func(ctx context.Context, s keystore.Store) error {
		v, err := s.Get(ctx, name)
		secret = v
		return err
	})
	info, listed := m.Key(name)
	switch {
	case keystore.IsNotFound(err):
		m.forget(name)
		if listed {
			// Off the list only if nobody saved a key there meanwhile.
			_ = m.dropIfUnchanged(name, info.Ending)
			m.emit(Event{Kind: KeysChanged, Name: name})
		}
		return "", err
	case err != nil:
		return "", err
	}
	m.mu.Lock()
	old, had := m.secrets[name]
	m.secrets[name] = secret
	m.mu.Unlock()
	ending := apiclient.Ending(secret)
	changed := !had || old != secret
	if !listed || info.Ending != ending {
		// Saved by another program, or the list was rebuilt: note it. An
		// old test says nothing about this key.
		err := m.update(name, func(k *Key, found bool) bool {
			if found && k.Ending == ending {
				return false
			}
			if found {
				k.LastTest = nil
			}
			k.Name, k.Ending = name, ending
			return true
		})
		if err != nil {
			return secret, err
		}
		changed = true
	}
	if changed {
		m.emit(Event{Kind: KeysChanged, Name: name})
	}
	return secret, nil
}

func (m *Manager) forget(name string) {
	m.mu.Lock()
	delete(m.secrets, name)
	m.mu.Unlock()
}

// Save normalises raw and stores it under name; the key saved there before
// stays until the new one is stored. Unless replace is set, a name that
// already holds a key is refused (ErrNameTaken): overwriting could destroy
// the only copy of a key that still works. A new name beyond MaxKeys is
// refused (ErrListFull). It returns the key as stored. An error for which
// IsListError holds means the key is saved but its facts could not be
// written to the list.
func (m *Manager) Save(ctx context.Context, name, raw string, replace bool) (string, error) {
	return m.save(ctx, name, raw, replace, nil)
}

// ReplaceKnown is Save with replace, for a key the caller has shown as the
// one ending in oldEnding: if another process put another key under name
// meanwhile, nothing is written and the error is a *ChangedError.
func (m *Manager) ReplaceKnown(ctx context.Context, name, raw, oldEnding string) (string, error) {
	return m.save(ctx, name, raw, true, &oldEnding)
}

// save is Save; expect, when not nil, is the ending the listed key must
// still have.
func (m *Manager) save(ctx context.Context, name, raw string, replace bool, expect *string) (string, error) {
	key, err := apiclient.NormalizeKey(raw)
	if err != nil {
		return "", err
	}
	if err := m.CheckSave(name, replace); err != nil {
		return "", err
	}
	save := func() error {
		return m.keychain(ctx, func(ctx context.Context, s keystore.Store) error {
			return s.Save(ctx, name, key)
		})
	}
	if m.listed() {
		// A locked keychain asks to be unlocked on its first use: ask
		// before the list's lock is taken, so that other OnceKey processes
		// do not wait on the prompt too.
		err := m.keychain(ctx, func(ctx context.Context, s keystore.Store) error {
			_, err := s.Get(ctx, name)
			return err
		})
		if err != nil && !keystore.IsNotFound(err) {
			return "", err
		}
	}
	info := Key{Name: name, Ending: apiclient.Ending(key), SavedAt: m.clock.Now()}
	var listErr error
	if m.listed() {
		// The check and the keychain write happen under the list's lock
		// between processes: two scripts adding the 25th key at once
		// cannot both succeed.
		saved := false
		err = m.transact(func(keys map[string]keystore.KeyInfo) (bool, error) {
			if err := refuse(keys, name, replace); err != nil {
				return false, err
			}
			if k, ok := keys[name]; ok && expect != nil && k.Ending != *expect {
				return false, &ChangedError{Name: name}
			}
			if err := save(); err != nil {
				return false, err
			}
			saved = true
			keys[name] = keepFacts(info, keys[name])
			return true, nil
		})
		switch {
		case err != nil && saved:
			listErr, err = &ListError{Err: err}, nil
		case err != nil && listTrouble(err):
			// The list cannot be read at all: the key itself still goes
			// into the keychain, which matters more than its facts.
			listErr = &ListError{Err: err}
			err = save()
		}
	} else {
		m.mu.Lock()
		err = refuse(m.session, name, replace)
		m.mu.Unlock()
		if err == nil {
			err = save()
		}
		if err == nil {
			listErr = m.update(name, func(k *Key, _ bool) bool {
				*k = keepFacts(info, *k)
				return true
			})
		}
	}
	if err != nil {
		return "", err
	}
	m.mu.Lock()
	m.secrets[name] = key
	m.mu.Unlock()
	m.emit(Event{Kind: KeysChanged, Name: name})
	return key, listErr
}

// keepFacts is the entry of a key saved under a name that listed was the
// entry of: the admin's note is about the name's use, and a retiring key
// stays until its rotation is finished, so a replaced key keeps both.
func keepFacts(saved, listed Key) Key {
	saved.Note, saved.Retiring = listed.Note, listed.Retiring
	return saved
}

// listed reports whether the facts of keys live in the list file (not in
// memory, as for session-only keys).
func (m *Manager) listed() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return !m.sessionOnly && m.cfg.Index != nil
}

// listTrouble reports whether err is the list file's own trouble (it or its
// lock file cannot be read or written), not a refusal, a keychain error, or
// another process holding the list's lock.
func listTrouble(err error) bool {
	var taken *NameTakenError
	var limit *LimitError
	var changed *ChangedError
	var lock *keystore.LockError
	busy := errors.As(err, &lock) && errors.Is(lock.Err, keystore.ErrLockTimeout)
	return !errors.As(err, &taken) && !errors.As(err, &limit) && !errors.As(err, &changed) && !busy && keystore.KindOf(err) == 0
}

// refuse says why name cannot take a new key, given the keys listed: a
// name taken (unless replace), the same name in other letter case (which
// Windows' Credential Manager would take for the same item), or OnceHub's
// limit of keys.
func refuse(keys map[string]keystore.KeyInfo, name string, replace bool) error {
	existing, taken := keystore.LookupFold(keys, name)
	switch {
	case taken && (existing.Name != name || !replace):
		return &NameTakenError{Name: existing.Name}
	case !taken && len(keys) >= MaxKeys:
		return &LimitError{Max: MaxKeys}
	}
	return nil
}

// CheckSave says whether Save would refuse name (an invalid name, the
// limit of keys, a name taken) before any key is asked for, so that nobody
// pastes a key only to be refused. Save checks again.
func (m *Manager) CheckSave(name string, replace bool) error {
	if err := keystore.ValidateName(name); err != nil {
		return err
	}
	keys := map[string]keystore.KeyInfo{}
	for _, k := range m.Keys() {
		keys[k.Name] = k
	}
	return refuse(keys, name, replace)
}

// Remove deletes the key saved under name from the keychain and the list,
// and its retiring key if it has one (see Rotate). A name the list holds
// but the keychain no longer does is taken off the list, and that counts
// as done.
func (m *Manager) Remove(ctx context.Context, name string) error {
	return m.remove(ctx, name, nil)
}

// RemoveKnown is Remove for a key the caller has shown as the one ending
// in ending: if another process put another key under name meanwhile,
// nothing is removed and the error is a *ChangedError.
func (m *Manager) RemoveKnown(ctx context.Context, name, ending string) error {
	return m.remove(ctx, name, &ending)
}

func (m *Manager) remove(ctx context.Context, name string, expect *string) error {
	var gone bool
	remove := func(listed bool) error {
		err := m.keychain(ctx, func(ctx context.Context, s keystore.Store) error {
			// The retiring key first: if the keychain then refuses to
			// remove the name's own key, nothing the admin still needs is
			// gone. It is looked for even when the list does not name it
			// (a list rebuilt after a loss knows of no retiring key).
			if err := s.Retiring().Remove(ctx, name); err != nil && !keystore.IsNotFound(err) {
				return err
			}
			return s.Remove(ctx, name)
		})
		if keystore.IsNotFound(err) && listed {
			gone, err = true, nil
		}
		return err
	}
	var listErr error
	if m.listed() {
		// Under the list's lock, so that a key another process saves
		// under name meanwhile is neither removed nor left unlisted.
		removed := false
		err := m.transact(func(keys map[string]keystore.KeyInfo) (bool, error) {
			k, listed := keys[name]
			if listed && expect != nil && k.Ending != *expect {
				return false, &ChangedError{Name: name}
			}
			if err := remove(listed); err != nil {
				return false, err
			}
			removed = true
			delete(keys, name)
			return listed, nil
		})
		switch {
		case err != nil && removed:
			listErr = &ListError{Err: err}
		case err != nil && listTrouble(err):
			listErr = &ListError{Err: err}
			_, listed := m.Key(name)
			if err := remove(listed); err != nil {
				return err
			}
		case err != nil:
			return err
		}
	} else {
		_, listed := m.Key(name)
		if err := remove(listed); err != nil {
			return err
		}
		_ = m.deleteInfo(name)
	}
	m.forget(name)
	if m.cfg.History != nil {
		// A record of a key that is gone; a failure leaves it, harmlessly.
		_ = m.cfg.History.Forget(name)
	}
	m.emit(Event{Kind: KeysChanged, Name: name})
	if listErr != nil {
		return listErr
	}
	if gone {
		return &GoneError{Name: name}
	}
	return nil
}

// ---- Testing ----

// Warm opens a connection to OnceHub ahead of a likely test. A failure is
// not reported: the test itself will say what is wrong.
func (m *Manager) Warm(ctx context.Context) {
	if m.cfg.Tester != nil {
		_ = m.cfg.Tester.Warm(ctx)
	}
}

// PausedFor is how long OnceHub asked to wait before the next test; 0 when
// tests may go ahead.
func (m *Manager) PausedFor() time.Duration {
	m.mu.Lock()
	defer m.mu.Unlock()
	if d := m.pausedUntil.Sub(m.clock.Now()); d > 0 {
		return d
	}
	return 0
}

// Testing reports whether a test is in flight.
func (m *Manager) Testing() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.testing
}

// Test tests the key saved under name, records the outcome in the list
// (unless the test was cancelled, or it is not Conclusive and the last
// recorded test is: see Record) and, after a 429, pauses further tests
// as OnceHub asked. Only one test runs at a time (ErrBusy otherwise);
// during a pause nothing is sent and the outcome is RateLimited with the
// time left. The error is a keychain error when the key could not be read.
// An error for which IsListError holds comes with the test's real
// outcome: only writing the list failed, so the outcome may not be
// recorded.
func (m *Manager) Test(ctx context.Context, name string) (apiclient.Outcome, error) {
	return m.TestFrom(ctx, name, m.from())
}

// TestFrom is Test of a test started from, for the history: the window's
// tray tests as keystore.FromTray.
func (m *Manager) TestFrom(ctx context.Context, name, from string) (apiclient.Outcome, error) {
	var listErr error
	key, ok := m.Cached(name)
	if !ok {
		var err error
		key, err = m.Secret(ctx, name)
		switch {
		case IsListError(err):
			// The key was read; only noting it in the list failed.
			listErr = err
		case err != nil:
			return apiclient.Outcome{}, err
		}
	}
	if !m.begin() {
		return apiclient.Outcome{}, ErrBusy
	}
	m.emit(Event{Kind: TestStarted, Name: name})
	o := m.send(ctx, key)
	m.end()
	if o.Kind != apiclient.Cancelled {
		// A key replaced meanwhile, here or elsewhere, keeps its own record.
		if err := m.record(name, apiclient.Ending(key), o, m.clock.Now(), from); err != nil {
			listErr = err
		}
	}
	m.emit(Event{Kind: TestFinished, Name: name})
	return o, listErr
}

// TestKey tests a key that is not saved (a new key before it is stored,
// or one given on standard input). Nothing is recorded. Like Test, it
// honours OnceHub's pause and runs one test at a time.
func (m *Manager) TestKey(ctx context.Context, raw string) (apiclient.Outcome, error) {
	if !m.begin() {
		return apiclient.Outcome{}, ErrBusy
	}
	defer m.end()
	return m.send(ctx, raw), nil
}

func (m *Manager) begin() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.testing {
		return false
	}
	m.testing = true
	return true
}

func (m *Manager) end() {
	m.mu.Lock()
	m.testing = false
	m.mu.Unlock()
}

// send tests key unless OnceHub asked for a pause, and starts a pause when
// it asks for one.
func (m *Manager) send(ctx context.Context, key string) apiclient.Outcome {
	if o, paused := m.pausedOutcome(); paused {
		return o
	}
	if m.cfg.Tester == nil {
		return apiclient.NewOutcome(apiclient.Unexpected, "", false)
	}
	o := m.cfg.Tester.Test(ctx, key)
	if o.Kind == apiclient.RateLimited {
		m.pauseFor(o)
	}
	return o
}

// DefaultPause is how long tests wait after a 429 that says not how long
// (OnceHub documents no Retry-After header).
const DefaultPause = 60 * time.Second

// pauseOf is how long to wait after the 429 o.
func pauseOf(o apiclient.Outcome) time.Duration {
	if o.RetryAfter > 0 {
		return o.RetryAfter
	}
	return DefaultPause
}

// Record keeps o, a test made at at, as the last test of name, unless o is
// not Conclusive and the last test recorded is. It holds
// no text of the outcome, only its kind and facts, so the words can
// improve later.
// The record goes to the key this process last read or saved under name,
// and not to one another process put there since.
func (m *Manager) Record(name string, o apiclient.Outcome, at time.Time) error {
	m.mu.Lock()
	secret, ok := m.secrets[name]
	m.mu.Unlock()
	if !ok {
		return nil
	}
	return m.record(name, apiclient.Ending(secret), o, at, m.from())
}

// from is where this manager's tests start, as the history says.
func (m *Manager) from() string {
	if m.cfg.From == "" {
		return keystore.FromWindow
	}
	return m.cfg.From
}

// History is name's last tests, newest first; none when the manager keeps
// no history. It reads a file: call it off the UI goroutine.
func (m *Manager) History(name string) ([]keystore.HistoryEntry, error) {
	if m.cfg.History == nil {
		return nil, nil
	}
	return m.cfg.History.Of(name)
}

// record keeps o as the last test of the key listed under name, if it
// still ends in ending.
func (m *Manager) record(name, ending string, o apiclient.Outcome, at time.Time, from string) error {
	recorded, matched := false, false
	err := m.update(name, func(k *Key, found bool) bool {
		if !found || k.Ending != ending {
			return false
		}
		matched = true
		if !Conclusive(o.Kind) && conclusiveRecord(k.LastTest) {
			// A 429, no answer or OnceHub's trouble says nothing new about
			// the key: what OnceHub last said about it stays.
			return false
		}
		k.LastTest = RecordOf(o, at)
		recorded = true
		return true
	})
	if matched && m.cfg.History != nil && worthRecording(o.Kind) {
		// Every test goes into the history, conclusive or not: it shows
		// when a key began failing. A history that cannot be written is
		// no reason to fail the test.
		_ = m.cfg.History.Add(name, keystore.HistoryEntry{At: at, From: from, Result: o.Kind.String(),
			Account: o.Account, Status: o.Status, RequestID: o.RequestID, Ending: ending})
	}
	if recorded || err != nil {
		m.emit(Event{Kind: KeysChanged, Name: name})
	}
	return err
}

// Conclusive reports whether a test of kind says something about the key
// itself: OnceHub took it (Works), does not know it (NotRecognised), or
// knows it without API access (NoAPIAccess). Any other outcome (a 429
// after retries, no answer, OnceHub's trouble, an untrusted connection)
// is not recorded over a conclusive record.
func Conclusive(kind apiclient.Kind) bool {
	switch kind {
	case apiclient.Works, apiclient.NotRecognised, apiclient.NoAPIAccess:
		return true
	}
	return false
}

// conclusiveRecord reports whether rec is a conclusive test's record.
func conclusiveRecord(rec *keystore.TestRecord) bool {
	o, ok := OutcomeOf(rec)
	return ok && Conclusive(o.Kind)
}

// worthRecording reports whether a test of kind is kept as a key's last
// test: a cancelled test says nothing about the key.
func worthRecording(kind apiclient.Kind) bool {
	return kind != apiclient.Cancelled
}

// RecordOf is what the list keeps about a test.
func RecordOf(o apiclient.Outcome, at time.Time) *keystore.TestRecord {
	return &keystore.TestRecord{At: at, Result: o.Kind.String(), Account: o.Account, Status: o.Status, RequestID: o.RequestID}
}

// OutcomeOf rebuilds the outcome of a recorded test. ok is false when
// there is no usable record.
func OutcomeOf(rec *keystore.TestRecord) (o apiclient.Outcome, ok bool) {
	if rec == nil || rec.At.IsZero() {
		return apiclient.Outcome{}, false
	}
	k, ok := apiclient.ParseKind(rec.Result)
	if !ok {
		return apiclient.Outcome{}, false
	}
	o = apiclient.NewOutcome(k, "", rec.Status != 0)
	o.Account, o.Status, o.RequestID = rec.Account, rec.Status, rec.RequestID
	return o, true
}

// ---- Other processes ----

// Rebuild lists the keys the keychain holds for OnceKey and adds to the
// list any it lacks (after the list was damaged, deleted, or written over
// by something else), so that no key is left invisible. An added key's age
// is the keychain's own date for it where it keeps one. A keychain that
// cannot list its items (macOS) leaves the list as it is.
func (m *Manager) Rebuild(ctx context.Context) (added []string, err error) {
	if !m.listed() {
		return nil, nil
	}
	var items []keystore.Item
	err = m.keychain(ctx, func(ctx context.Context, s keystore.Store) error {
		l, ok := s.(keystore.Lister)
		if !ok {
			return nil
		}
		var err error
		items, err = l.List(ctx)
		return err
	})
	if keystore.KindOf(err) == keystore.CannotList || len(items) == 0 {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	added, err = keystore.Reconcile(m.cfg.Index, items)
	if err != nil {
		return nil, &ListError{Err: err}
	}
	if len(added) > 0 {
		m.emit(Event{Kind: KeysChanged})
	}
	return added, nil
}

// Watch checks the list for changes made by other OnceKey processes every
// interval until ctx ends, and tells subscribers (KeysChanged). A secret
// this process holds for a key another process changed or removed is not
// used again (see Cached).
func (m *Manager) Watch(ctx context.Context, every time.Duration) {
	if m.cfg.Index == nil {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if m.SessionOnly() {
			continue
		}
		changed, err := m.cfg.Index.Refresh()
		if err != nil || !changed {
			continue
		}
		m.emit(Event{Kind: KeysChanged})
	}
}

// ---- Errors ----

// ErrBusy: a test is already in flight.
var ErrBusy = errors.New("keys: a test is already in flight")

// LimitError refuses a key beyond OnceHub's limit of keys per account.
type LimitError struct{ Max int }

func (e *LimitError) Error() string { return "keys: list full" }

// NameTakenError refuses to overwrite a key without being asked to.
// Name is the name as listed (it may differ in letter case).
type NameTakenError struct{ Name string }

func (e *NameTakenError) Error() string { return "keys: name taken" }

// ChangedError says another process put another key under Name since the
// caller last showed it, so nothing was changed.
type ChangedError struct{ Name string }

func (e *ChangedError) Error() string { return "keys: changed meanwhile" }

// GoneError says the key Name is not there. From Remove: it was no longer
// in the keychain, and it is off the list now, so the removal is done.
// From Rename, SetNote, CheckRotation and Rotate: no key of that name is
// listed. From FinishRotation and ForgetRetiring: the name has no retiring
// key.
type GoneError struct{ Name string }

func (e *GoneError) Error() string { return "keys: already gone from the keychain" }

// ListError says the keychain part of a flow is done, but the list of key
// names could not be written.
type ListError struct{ Err error }

func (e *ListError) Error() string { return "keys: list not written: " + e.Err.Error() }

// Unwrap returns the file error.
func (e *ListError) Unwrap() error { return e.Err }

// IsListError reports whether err says only the list could not be written.
func IsListError(err error) bool {
	var le *ListError
	return errors.As(err, &le)
}

// ListUnusableError says a change that lives in the list of keys (a
// rename, a note, a rotation's facts) was not made because the list could
// not be read or written: nothing was changed, in the keychain either.
type ListUnusableError struct{ Err error }

func (e *ListUnusableError) Error() string {
	return "keys: list unusable, nothing changed: " + e.Err.Error()
}

// Unwrap returns the file error.
func (e *ListUnusableError) Unwrap() error { return e.Err }

// ChooseNameError says that no name was given and several keys are saved:
// Names are theirs, sorted as Keys sorts them.
type ChooseNameError struct{ Names []string }

func (e *ChooseNameError) Error() string { return "keys: several keys saved; a name is needed" }

// RotationPendingError refuses to rotate the key Name while its last
// rotation is not finished: the name still has a retiring key, ending in
// Ending ("" when not known). Finish that rotation first (FinishRotation
// or ForgetRetiring).
type RotationPendingError struct{ Name, Ending string }

func (e *RotationPendingError) Error() string { return "keys: a rotation of this key is not finished" }

// ErrSameKey: the key given for a rotation is the key saved already.
var ErrSameKey = errors.New("keys: the new key is the key saved already")

// NoteProblem says what is wrong with a note.
type NoteProblem int

// The problems with a note.
const (
	// NoteTooLong: more than keystore.MaxNoteLen characters.
	NoteTooLong NoteProblem = iota + 1
	// NoteControl: a line break, a tab or another control or invisible
	// formatting character, or text that is not UTF-8.
	NoteControl
	// NoteLooksLikeKey: a word of it could be a key, and a key must never
	// reach the list's file.
	NoteLooksLikeKey
)

var noteProblems = [...]string{NoteTooLong: "too-long", NoteControl: "control", NoteLooksLikeKey: "looks-like-key"}

// String returns a short stable identifier such as "too-long".
func (p NoteProblem) String() string {
	if p > 0 && int(p) < len(noteProblems) {
		return noteProblems[p]
	}
	return "unknown"
}

// NoteError refuses a note; it never holds the note.
type NoteError struct{ Problem NoteProblem }

func (e *NoteError) Error() string { return "keys: note refused: " + e.Problem.String() }
