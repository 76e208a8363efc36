package keystore

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

// fakeBackend is a keychain in memory that can be told to fail, block,
// refuse, or hand back something other than what was stored. It is safe for
// concurrent use, unlike go-keyring's own mock.
type fakeBackend struct {
	mu    sync.Mutex
	items map[string]string // service + "\x00" + user
	ops   []string          // "get user", "set user", "delete user", in order

	// before, when set, runs before each operation, outside the lock: it
	// may block, and a non-nil error is returned instead of doing anything.
	before func(op, user string) error
	// alterGet, when set, changes what Get returns for a stored value.
	alterGet func(stored string) string
	// created is when each item was first set; extra is listed as well, as
	// items another program might have made.
	created map[string]time.Time
	extra   []Item
}

func newFake() *fakeBackend { return &fakeBackend{items: map[string]string{}} }

func itemKey(service, user string) string { return service + "\x00" + user }

func (f *fakeBackend) hook(op, user string) error {
	f.mu.Lock()
	f.ops = append(f.ops, op+" "+user)
	before := f.before
	f.mu.Unlock()
	if before != nil {
		return before(op, user)
	}
	return nil
}

func (f *fakeBackend) Get(service, user string) (string, error) {
	if err := f.hook("get", user); err != nil {
		return "", err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := f.items[itemKey(service, user)]
	if !ok {
		return "", keyring.ErrNotFound
	}
	if f.alterGet != nil {
		v = f.alterGet(v)
	}
	return v, nil
}

func (f *fakeBackend) Set(service, user, password string) error {
	if err := f.hook("set", user); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.items[itemKey(service, user)] = password
	if f.created == nil {
		f.created = map[string]time.Time{}
	}
	if _, ok := f.created[itemKey(service, user)]; !ok {
		f.created[itemKey(service, user)] = time.Now()
	}
	return nil
}

// List lists the items stored under service, then extra, in no order.
func (f *fakeBackend) List(service string) ([]Item, error) {
	if err := f.hook("list", ""); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Item
	for k := range f.items {
		s, user, _ := strings.Cut(k, "\x00")
		if s == service {
			out = append(out, Item{Name: user, Created: f.created[k]})
		}
	}
	return append(out, f.extra...), nil
}

func (f *fakeBackend) Delete(service, user string) error {
	if err := f.hook("delete", user); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	k := itemKey(service, user)
	if _, ok := f.items[k]; !ok {
		return keyring.ErrNotFound
	}
	delete(f.items, k)
	return nil
}

// stored returns what is stored under (Service, user), bypassing every hook.
func (f *fakeBackend) stored(user string) (string, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := f.items[itemKey(Service, user)]
	return v, ok
}

func (f *fakeBackend) put(user, secret string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.items[itemKey(Service, user)] = secret
}

func (f *fakeBackend) setBefore(h func(op, user string) error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.before = h
}

func (f *fakeBackend) opLog() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.ops...)
}

func (f *fakeBackend) count(op string) int {
	n := 0
	for _, o := range f.opLog() {
		if len(o) > len(op) && o[:len(op)+1] == op+" " {
			n++
		}
	}
	return n
}

// fakeKey returns a made-up key, different for each i, that looks like what
// users paste.
func fakeKey(i int) string { return fmt.Sprintf("fake-test-key-%04d-z9Qx", i) }

// ending names a key in test output without showing it.
func ending(s string) string {
	if len(s) <= 4 {
		return "a short value"
	}
	return "the key ending in " + s[len(s)-4:]
}

// sameSecret fails the test if got is not want, without printing either.
func sameSecret(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s: got a different value (length %d) from %s", what, len(got), ending(want))
	}
}

// noSecretIn fails the test if err, printed every way a caller might,
// contains secret.
func noSecretIn(t *testing.T, err error, secrets ...string) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range secrets {
		for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
			if strings.Contains(text, s) {
				t.Errorf("an error message contains %s", ending(s))
			}
		}
	}
}
