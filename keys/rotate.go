package keys

import (
	"context"
	"strings"
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keystore"
)

// DefaultRotateAfter is OnceHub's advice: rotate a key at least every 6
// months.
const DefaultRotateAfter = 182 * 24 * time.Hour

// RotateDue reports whether k is old enough, at now, to suggest rotating
// it: saved at least after ago (0 means DefaultRotateAfter). A key of
// unknown age is never due.
func RotateDue(k Key, now time.Time, after time.Duration) bool {
	if !k.AgeKnown() {
		return false
	}
	if after <= 0 {
		after = DefaultRotateAfter
	}
	return now.Sub(k.SavedAt) >= after
}

// RotationCheck is what CheckRotation found about a new key.
type RotationCheck struct {
	// Outcome is the new key's test; it means nothing when SameKey.
	Outcome apiclient.Outcome
	// OldAccount is the account the old key last tested as, if known.
	OldAccount string
	// AccountDiffers: the new key is for another account than the old
	// one, as far as both are known.
	AccountDiffers bool
	// SameKey: the new key is the key saved already; it was not tested.
	SameKey bool
}

// CheckRotation tests raw, a new key for the name, before Rotate stores it:
// it says whether it is the key saved already (then nothing is sent),
// whether it works, and whether its account differs from the old key's
// last known one. raw is normalised first (an *apiclient.InputError when
// it cannot be a key). Like TestKey it runs one test at a time (ErrBusy)
// and honours OnceHub's pause. A name not listed is a *GoneError; the
// old key's keychain trouble is its error.
func (m *Manager) CheckRotation(ctx context.Context, name, raw string) (RotationCheck, error) {
	key, err := apiclient.NormalizeKey(raw)
	if err != nil {
		return RotationCheck{}, err
	}
	if _, listed := m.Key(name); !listed {
		return RotationCheck{}, &GoneError{Name: name}
	}
	old, ok := m.Cached(name)
	if !ok {
		old, err = m.Secret(ctx, name)
		if err != nil && !IsListError(err) {
			return RotationCheck{}, err
		}
	}
	var rc RotationCheck
	// Read after the secret, which brings the list up to date.
	if info, _ := m.Key(name); info.LastTest != nil {
		rc.OldAccount = info.LastTest.Account
	}
	if old == key {
		rc.SameKey = true
		return rc, nil
	}
	o, err := m.TestKey(ctx, key)
	if err != nil {
		return RotationCheck{}, err
	}
	rc.Outcome = o
	rc.AccountDiffers = rc.OldAccount != "" && o.Account != "" && !strings.EqualFold(rc.OldAccount, o.Account)
	return rc, nil
}

// RotateResult is what Rotate did.
type RotateResult struct {
	// Ending is the new key's ending, as stored.
	Ending string
	// OldKept: the old key is kept as the name's retiring key, so a
	// rotation is pending (Retiring is set in the list) and is finished
	// with FinishRotation or ForgetRetiring. Always so with keepOld;
	// without it, unless OnceHub no longer knows the old key (401).
	OldKept bool
	// Old is the old key's test, made without keepOld; zero otherwise.
	Old apiclient.Outcome
}

// Rotate puts the new key raw under name in place of the key the caller
// showed as ending in oldEnding. tested is the new key's test, made at at
// (CheckRotation's); it is recorded as the new key's last test as Test
// would record it (a zero at records nothing).
//
// The old key is always kept first as the name's retiring key (in
// Store.Retiring), copied there before the new key is saved, so it is never
// deleted before the new one is stored; if the new key cannot be saved the
// copy is dropped again and nothing changes. From then on the name means
// the new key: its age starts again, its note stays, and its last test is
// the new key's.
//
// keepOld is for OnceHub's page with "Create API key", where the old key
// keeps working until the admin deletes it there: the rotation is finished
// later with FinishRotation (or ForgetRetiring).
//
// keepOld false is for the "Regenerate" page, where the old key stopped at
// once, or for an old key OnceHub refused when last tested. Either may be
// wrong (the admin's answer, a stale test), so once the new key is stored
// the old key is tested once, as FinishRotation does: if OnceHub no longer
// knows it (401) it is forgotten, a plain replacement; if it still works,
// or could not be checked (offline, a pause, OnceHub's trouble), it stays
// the retiring key and OldKept says so. A test that cannot run now
// (ErrBusy, the keychain) keeps it too.
//
// A name whose last rotation is not finished is refused
// (*RotationPendingError), as is a name not listed (*GoneError), a key
// another process put there meanwhile (*ChangedError) and the key saved
// already (ErrSameKey). A *ListUnusableError means nothing was changed
// because the list could not be read; a *ListError that both keys are
// stored but the list could not say so.
func (m *Manager) Rotate(ctx context.Context, name, raw, oldEnding string, keepOld bool, tested apiclient.Outcome, at time.Time) (RotateResult, error) {
	res, err := m.rotate(ctx, name, raw, oldEnding, tested, at)
	if err != nil && !IsListError(err) {
		return RotateResult{}, err
	}
	res.OldKept = true
	if !keepOld {
		// The new key is stored: only now may the old one go.
		fin, _ := m.FinishRotation(ctx, name)
		res.Old, res.OldKept = fin.Outcome, !fin.Forgotten
	}
	return res, err
}

// rotate is Rotate up to the new key stored beside the old one.
func (m *Manager) rotate(ctx context.Context, name, raw, oldEnding string, tested apiclient.Outcome, at time.Time) (RotateResult, error) {
	key, err := apiclient.NormalizeKey(raw)
	if err != nil {
		return RotateResult{}, err
	}
	if err := keystore.ValidateName(name); err != nil {
		return RotateResult{}, err
	}
	if err := m.unlock(ctx, name); err != nil {
		return RotateResult{}, err
	}
	now := m.clock.Now()
	stored := false
	var pending error
	own, listErr := m.change(func(keys map[string]keystore.KeyInfo) (bool, error) {
		k, ok := keys[name]
		switch {
		case !ok:
			return false, &GoneError{Name: name}
		case k.Ending != "" && k.Ending != oldEnding:
			return false, &ChangedError{Name: name}
		case k.Retiring != nil:
			return false, &RotationPendingError{Name: name, Ending: k.Retiring.Ending}
		}
		var unlisted string // a retiring key the list had lost track of
		err := m.keychain(ctx, func(ctx context.Context, s keystore.Store) error {
			old, err := s.Get(ctx, name)
			switch {
			case err != nil:
				return err
			case apiclient.Ending(old) != oldEnding:
				return &ChangedError{Name: name}
			case old == key:
				return ErrSameKey
			}
			r := s.Retiring()
			switch v, err := r.Get(ctx, name); {
			case err == nil && v != old:
				unlisted = v
				return nil
			case err != nil && !keystore.IsNotFound(err):
				return err
			}
			if err := r.Save(ctx, name, old); err != nil {
				return err
			}
			if err := s.Save(ctx, name, key); err != nil {
				// Save left the old key in place: the copy is not needed.
				_ = r.Remove(context.WithoutCancel(ctx), name)
				return err
			}
			return nil
		})
		if err != nil {
			return false, err
		}
		if unlisted != "" {
			// Never written over: it may be a key that still works. The
			// list shows it again, so that its rotation can be finished.
			k.Retiring = &keystore.RetiringInfo{Ending: apiclient.Ending(unlisted)}
			keys[name] = k
			pending = &RotationPendingError{Name: name, Ending: k.Retiring.Ending}
			return true, nil
		}
		stored = true
		retiring := &keystore.RetiringInfo{Ending: oldEnding, SavedAt: k.SavedAt, RetiredAt: now}
		if k.LastTest != nil {
			retiring.Account = k.LastTest.Account
		}
		fresh := keystore.KeyInfo{Name: name, Ending: apiclient.Ending(key), SavedAt: now, Note: k.Note, Retiring: retiring}
		if !at.IsZero() && worthRecording(tested.Kind) {
			fresh.LastTest = RecordOf(tested, at)
		}
		keys[name] = fresh
		return true, nil
	})
	switch {
	case own != nil:
		return RotateResult{}, own
	case pending != nil:
		m.emit(Event{Kind: KeysChanged, Name: name})
		return RotateResult{}, pending
	case listErr != nil && stored:
		listErr = &ListError{Err: listErr}
	case listErr != nil:
		return RotateResult{}, &ListUnusableError{Err: listErr}
	}
	m.mu.Lock()
	m.secrets[name] = key
	m.mu.Unlock()
	m.emit(Event{Kind: KeysChanged, Name: name})
	return RotateResult{Ending: apiclient.Ending(key)}, listErr
}

// RetireResult is what FinishRotation found.
type RetireResult struct {
	// Forgotten: OnceHub no longer knows the retiring key (401), and
	// OnceKey has forgotten it too.
	Forgotten bool
	// StillWorks: OnceHub still knows the retiring key (it works, or it
	// is known but has no API access): it is kept.
	StillWorks bool
	// Outcome is the retiring key's test.
	Outcome apiclient.Outcome
}

// FinishRotation tests the retiring key of name once, after the admin said
// it was deleted in OnceHub. If OnceHub no longer knows it (401), it is
// removed from the keychain and the list: Forgotten. If it still works
// (or is known without API access, 403) it is kept, with this test as its
// last: StillWorks. Any other outcome (offline, 429, OnceHub's trouble, an
// untrusted connection) changes nothing and is returned. Like Test it runs
// one test at a time (ErrBusy) and honours OnceHub's pause.
//
// A name with no retiring key is a *GoneError. A *ListError comes with the
// real result: only the list could not say so.
func (m *Manager) FinishRotation(ctx context.Context, name string) (RetireResult, error) {
	info, _ := m.Key(name)
	var secret string
	err := m.keychain(ctx, func(ctx context.Context, s keystore.Store) error {
		v, err := s.Retiring().Get(ctx, name)
		secret = v
		return err
	})
	switch {
	case keystore.IsNotFound(err):
		if info.Retiring != nil {
			// Gone from the keychain behind OnceKey's back: nothing to test.
			_ = m.clearRetiring(name, info.Retiring.Ending)
			m.emit(Event{Kind: KeysChanged, Name: name})
		}
		return RetireResult{}, &GoneError{Name: name}
	case err != nil:
		return RetireResult{}, err
	}
	if !m.begin() {
		return RetireResult{}, ErrBusy
	}
	o := m.send(ctx, secret)
	m.end()
	res := RetireResult{Outcome: o}
	ending := apiclient.Ending(secret)
	switch o.Kind {
	case apiclient.NotRecognised:
		forgotten := false
		own, listErr := m.change(func(keys map[string]keystore.KeyInfo) (bool, error) {
			err := m.keychain(ctx, func(ctx context.Context, s keystore.Store) error {
				r := s.Retiring()
				// Only the key tested: a later rotation's is left alone.
				switch v, err := r.Get(ctx, name); {
				case keystore.IsNotFound(err):
					return nil
				case err != nil:
					return err
				case v != secret:
					return nil
				}
				if err := r.Remove(ctx, name); err != nil && !keystore.IsNotFound(err) {
					return err
				}
				forgotten = true
				return nil
			})
			if err != nil {
				return false, err
			}
			k, ok := keys[name]
			if !forgotten || !ok || k.Retiring == nil || (k.Retiring.Ending != "" && k.Retiring.Ending != ending) {
				return false, nil
			}
			k.Retiring = nil
			keys[name] = k
			return true, nil
		})
		res.Forgotten = forgotten
		switch {
		case own != nil:
			err = own
		case listErr != nil && forgotten:
			err = &ListError{Err: listErr}
		case listErr != nil:
			err = &ListUnusableError{Err: listErr}
		}
	case apiclient.Works, apiclient.NoAPIAccess:
		res.StillWorks = true
		rec := RecordOf(o, m.clock.Now())
		err = m.update(name, func(k *Key, found bool) bool {
			if !found {
				return false
			}
			if k.Retiring == nil {
				k.Retiring = &keystore.RetiringInfo{Ending: ending}
			}
			if k.Retiring.Ending != "" && k.Retiring.Ending != ending {
				return false
			}
			k.Retiring.LastTest = rec
			return true
		})
	default:
		err = nil
	}
	m.emit(Event{Kind: KeysChanged, Name: name})
	return res, err
}

// clearRetiring takes the retiring key ending in ending off name's entry
// in the list, unless another one is listed there by now.
func (m *Manager) clearRetiring(name, ending string) error {
	return m.update(name, func(k *Key, found bool) bool {
		if !found || k.Retiring == nil || k.Retiring.Ending != ending {
			return false
		}
		k.Retiring = nil
		return true
	})
}

// ForgetRetiring forgets the retiring key of name without a test, at the
// admin's word: it is removed from the keychain and the list. ending is
// the retiring key's ending the admin was shown: if the retiring key now is
// another one (another process finished that rotation and started one
// more), nothing is removed and the error is a *ChangedError. A name with
// no retiring key is a *GoneError. A *ListError means the key is gone from
// the keychain but the list could not say so; a *ListUnusableError that
// nothing was changed because the list could not be read.
func (m *Manager) ForgetRetiring(ctx context.Context, name, ending string) error {
	if err := m.unlock(ctx, name); err != nil {
		return err
	}
	removed, listed := false, false
	own, listErr := m.change(func(keys map[string]keystore.KeyInfo) (bool, error) {
		k, ok := keys[name]
		if ok && k.Retiring != nil && k.Retiring.Ending != "" && k.Retiring.Ending != ending {
			return false, &ChangedError{Name: name}
		}
		err := m.keychain(ctx, func(ctx context.Context, s keystore.Store) error {
			r := s.Retiring()
			switch v, err := r.Get(ctx, name); {
			case keystore.IsNotFound(err):
				return nil
			case err != nil:
				return err
			case apiclient.Ending(v) != ending:
				return &ChangedError{Name: name}
			}
			err := r.Remove(ctx, name)
			if keystore.IsNotFound(err) {
				return nil
			}
			removed = err == nil
			return err
		})
		if err != nil {
			return false, err
		}
		if !ok || k.Retiring == nil {
			return false, nil
		}
		listed = true
		k.Retiring = nil
		keys[name] = k
		return true, nil
	})
	var err error
	switch {
	case own != nil:
		return own
	case listErr != nil && removed:
		err = &ListError{Err: listErr}
	case listErr != nil:
		return &ListUnusableError{Err: listErr}
	case !removed && !listed:
		return &GoneError{Name: name}
	}
	m.emit(Event{Kind: KeysChanged, Name: name})
	return err
}
