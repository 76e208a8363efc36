package keystore

import (
	"errors"
	"fmt"
	"strings"
)

// ErrListFull is returned by Add when the list already holds as many keys
// as the limit allows.
var ErrListFull = errors.New("list of keys is full")

// ErrNameTaken is returned by Add when another key's name differs from the
// new one only in case. Windows Credential Manager treats such names as one
// item, so OnceKey keeps names unique ignoring case everywhere.
var ErrNameTaken = errors.New("name taken, ignoring case")

// Transact runs fn on the current list of keys, read afresh from the file,
// while holding both this Index's transaction mutex and the lock between
// processes, so that what fn checks stays true until its change is written.
// Keys, Get and Refresh do not wait for it. If fn returns
// changed true and no error, the list fn left behind is written; otherwise
// nothing is written and fn's error is returned as it is.
//
// The map is fn's own copy, keyed by KeyInfo.Name. fn may take a few
// milliseconds (a keychain call, say), but every other OnceKey process
// wanting to change the list waits meanwhile, at most LockWait. fn must not
// change this Index (Put, Delete, Transact): they would wait for the
// transaction fn runs in.
//
// If the file is damaged, fn sees this process's last copy of the list, and
// a change replaces the damaged file.
func (i *Index) Transact(fn func(keys map[string]KeyInfo) (changed bool, err error)) error {
	i.txn.Lock()
	defer i.txn.Unlock()
	l, err := lockFile(lockPath(i.path), i.wait)
	if err != nil {
		return err
	}
	defer l.unlock()
	disk, seen, err := readIndexFile(i.path)
	var damage *damagedError
	i.mu.Lock()
	switch {
	case errors.As(err, &damage):
		disk, seen = cloneKeys(i.keys), i.seen
	case err != nil:
		i.mu.Unlock()
		return err
	}
	i.reads++
	i.mu.Unlock()
	work := cloneKeys(disk)
	changed, err := fn(work)
	if err != nil || !changed {
		i.mu.Lock()
		i.keys, i.seen = disk, seen
		i.mu.Unlock()
		return err
	}
	for name, k := range work {
		if err := checkInfo(k); err != nil {
			return fmt.Errorf("transaction: %w", err)
		}
		if k.Name != name {
			return errors.New("transaction: an entry is filed under another name")
		}
		work[name] = copyInfo(k)
	}
	seen, err = i.writeKeys(work)
	if err != nil {
		return err
	}
	i.mu.Lock()
	i.keys, i.seen = work, seen
	i.mu.Unlock()
	return nil
}

// Add lists info, calling store (which saves the key in the keychain) first,
// inside one transaction: two processes adding the last key the limit
// allows at the same moment cannot both succeed. If info.Name is listed
// already, the entry is replaced (the limit is not in the way); if a listed
// name differs from it only in case, Add fails with ErrNameTaken; if the
// list holds limit keys or more (limit > 0), it fails with ErrListFull. In
// these cases store is not called. If store fails, its error is returned
// and the list is unchanged.
//
// store runs while every other OnceKey process's change to the list waits,
// so it should be one quick keychain call; it must not call methods of this
// Index.
func (i *Index) Add(info KeyInfo, limit int, store func() error) error {
	if err := checkInfo(info); err != nil {
		return err
	}
	info = copyInfo(info)
	return i.Transact(func(keys map[string]KeyInfo) (bool, error) {
		if _, ok := keys[info.Name]; !ok {
			if _, taken := LookupFold(keys, info.Name); taken {
				return false, ErrNameTaken
			}
			if limit > 0 && len(keys) >= limit {
				return false, ErrListFull
			}
		}
		if store != nil {
			if err := store(); err != nil {
				return false, err
			}
		}
		keys[info.Name] = info
		return true, nil
	})
}

// LookupFold returns the listed key whose name equals name ignoring case:
// name itself when it is listed, otherwise the first match in Keys' order.
func (i *Index) LookupFold(name string) (KeyInfo, bool) {
	i.mu.Lock()
	defer i.mu.Unlock()
	k, ok := LookupFold(i.keys, name)
	return copyInfo(k), ok
}

// LookupFold returns the entry of keys whose name equals name ignoring
// case, for use inside Transact: name itself when present, otherwise the
// first match in Keys' order, so the answer does not depend on map order.
func LookupFold(keys map[string]KeyInfo, name string) (KeyInfo, bool) {
	if k, ok := keys[name]; ok {
		return k, true
	}
	var found KeyInfo
	ok := false
	for n, k := range keys {
		if strings.EqualFold(n, name) && (!ok || NameLess(n, found.Name)) {
			found, ok = k, true
		}
	}
	return found, ok
}
