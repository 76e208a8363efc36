package keystore

import (
	"context"
	"errors"
	"sort"
	"time"
)

// Item is one of OnceKey's items as the keychain lists it, without its
// secret.
type Item struct {
	Name string
	// Created is when the keychain says the item was made; zero when it
	// cannot say. Windows gives the last write instead.
	Created time.Time
}

// Lister is a Store that can list the names it holds, so that a lost list
// of keys can be rebuilt (see Reconcile). *Keychain and *Memory are Listers;
// a *Keychain on macOS fails with a CannotList error.
type Lister interface {
	// List returns every item stored for OnceKey, sorted by name (as Keys
	// sorts). It honours ctx and the store's own timeout.
	List(ctx context.Context) ([]Item, error)
}

// BackendLister is a Backend that can also list the items stored under a
// service. Keychain.List needs one; with a Backend that is not, it fails
// with a CannotList error.
type BackendLister interface {
	List(service string) ([]Item, error)
}

// errCannotList stands for a keychain that offers no way to list items.
var errCannotList = errors.New("keychain cannot list items")

// List returns OnceKey's items in the keychain (under this Keychain's
// service: a name's keys, or the retiring keys of Retiring's Keychain),
// with the same timeout and cancellation as Get. Names that OnceKey would
// not accept are left out.
func (k *Keychain) List(ctx context.Context) ([]Item, error) {
	const op = "list"
	bl, ok := k.backend.(BackendLister)
	if !ok {
		return nil, newError(CannotList, op, errCannotList)
	}
	// Written by the worker before it hands over its result, read only
	// after that hand-over: a caller who gave up never reads it.
	var items []Item
	_, err := k.run(ctx, op, func(<-chan struct{}) (string, error) {
		got, err := bl.List(k.service)
		if err != nil {
			return "", classify(op, err)
		}
		items = got
		return "", nil
	}, nil)
	if err != nil {
		return nil, err
	}
	return tidyItems(items), nil
}

// tidyItems drops names OnceKey would refuse, keeps one item per name (the
// oldest known), and sorts them as Keys does.
func tidyItems(items []Item) []Item {
	byName := make(map[string]Item, len(items))
	for _, it := range items {
		if ValidateName(it.Name) != nil {
			continue
		}
		if had, ok := byName[it.Name]; ok && (it.Created.IsZero() || (!had.Created.IsZero() && had.Created.Before(it.Created))) {
			continue
		}
		byName[it.Name] = it
	}
	out := make([]Item, 0, len(byName))
	for _, it := range byName {
		out = append(out, it)
	}
	sort.Slice(out, func(a, b int) bool { return NameLess(out[a].Name, out[b].Name) })
	return out
}

// List returns the keys kept in this session, with when each was first
// saved.
func (m *Memory) List(ctx context.Context) ([]Item, error) {
	if err := ctx.Err(); err != nil {
		return nil, contextError("list", err, 0)
	}
	m.mu.Lock()
	items := make([]Item, 0, len(m.secrets))
	for name := range m.secrets {
		items = append(items, Item{Name: name, Created: m.created[name]})
	}
	m.mu.Unlock()
	return tidyItems(items), nil
}

// Reconcile lists every item of the keychain that the list of keys lacks,
// in one transaction, and returns the names it added. Such an entry is
// marked Rebuilt, its SavedAt is the item's Created (zero: age unknown) and
// its Ending is empty: the ending needs the secret, which callers fill in
// when they next read the key. A name listed already, or differing from a
// listed name only in case, is left as it is.
func Reconcile(idx *Index, items []Item) (added []string, err error) {
	err = idx.Transact(func(keys map[string]KeyInfo) (bool, error) {
		added = added[:0]
		for _, it := range items {
			if ValidateName(it.Name) != nil {
				continue
			}
			if _, ok := LookupFold(keys, it.Name); ok {
				continue
			}
			keys[it.Name] = KeyInfo{Name: it.Name, SavedAt: it.Created, Rebuilt: true}
			added = append(added, it.Name)
		}
		return len(added) > 0, nil
	})
	if err != nil {
		return nil, err
	}
	return added, nil
}

// osBackend can list where the platform allows it.
var _ BackendLister = osBackend{}

func (osBackend) List(service string) ([]Item, error) {
	if err := sessionCheck(); err != nil {
		return nil, err
	}
	return listItems(service)
}

// Both stores can list.
var (
	_ Lister = (*Keychain)(nil)
	_ Lister = (*Memory)(nil)
)
