package keys

import (
	"context"
	"strings"
	"sync"

	"github.com/oncekey/oncekey/keystore"
)

// shelf is a keychain in memory for the tests of renames and rotations: it
// can take names differing in case for one item (as Windows does), say so
// or not, refuse chosen saves and removals, and it counts, after every
// call, the copies of the secrets it is told to watch.
type shelf struct {
	mu    sync.Mutex
	items map[[2]string]string // (service, name as filed) → secret
	// fold files names ignoring case; says is what FoldsCase answers.
	fold, says bool
	// failSave and failRemove refuse calls for (service, name).
	failSave, failRemove map[[2]string]bool
	// lateRemove removes (service, name) and then reports a timeout, as a
	// keychain does when its answer comes too late.
	lateRemove map[[2]string]bool
	ops        []string
	// fewest is, for each watched secret, the fewest copies seen after
	// any call.
	fewest map[string]int
	// after, when set, runs after each successful call (outside the lock).
	after func(op, service, name string)
}

func newShelf() *shelf {
	return &shelf{
		items: map[[2]string]string{}, failSave: map[[2]string]bool{}, failRemove: map[[2]string]bool{},
		lateRemove: map[[2]string]bool{}, fewest: map[string]int{},
	}
}

// store is the shelf's Store for the names' keys; store().Retiring() for
// the retiring ones.
func (s *shelf) store() keystore.Store { return shelfStore{s, keystore.Service} }

func (s *shelf) file(service, name string) [2]string {
	if s.fold {
		name = strings.ToLower(name)
	}
	return [2]string{service, name}
}

func (s *shelf) watch(secrets ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sec := range secrets {
		s.fewest[sec] = s.countLocked(sec)
	}
}

func (s *shelf) countLocked(secret string) int {
	n := 0
	for _, v := range s.items {
		if v == secret {
			n++
		}
	}
	return n
}

func (s *shelf) done(op, service, name string) {
	for sec, n := range s.fewest {
		if c := s.countLocked(sec); c < n {
			s.fewest[sec] = c
		}
	}
	s.ops = append(s.ops, op+" "+service+" "+name)
}

func (s *shelf) least(secret string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fewest[secret]
}

func (s *shelf) get(service, name string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.items[s.file(service, name)]
	return v, ok
}

func (s *shelf) log() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.ops...)
}

type shelfStore struct {
	s       *shelf
	service string
}

func (st shelfStore) Get(ctx context.Context, name string) (string, error) {
	s := st.s
	s.mu.Lock()
	v, ok := s.items[s.file(st.service, name)]
	s.done("get", st.service, name)
	s.mu.Unlock()
	if !ok {
		return "", &keystore.Error{Kind: keystore.NotFound, Op: "read"}
	}
	return v, nil
}

func (st shelfStore) Save(ctx context.Context, name, secret string) error {
	s := st.s
	s.mu.Lock()
	if s.failSave[[2]string{st.service, name}] {
		s.mu.Unlock()
		return &keystore.Error{Kind: keystore.Refused, Op: "save"}
	}
	s.items[s.file(st.service, name)] = secret
	s.done("save", st.service, name)
	after := s.after
	s.mu.Unlock()
	if after != nil {
		after("save", st.service, name)
	}
	return nil
}

func (st shelfStore) Remove(ctx context.Context, name string) error {
	s := st.s
	s.mu.Lock()
	if s.failRemove[[2]string{st.service, name}] {
		s.mu.Unlock()
		return &keystore.Error{Kind: keystore.Refused, Op: "remove"}
	}
	k := s.file(st.service, name)
	_, ok := s.items[k]
	delete(s.items, k)
	s.done("remove", st.service, name)
	late := s.lateRemove[[2]string{st.service, name}]
	s.mu.Unlock()
	if late {
		return &keystore.Error{Kind: keystore.TimedOut, Op: "remove"}
	}
	if !ok {
		return &keystore.Error{Kind: keystore.NotFound, Op: "remove"}
	}
	return nil
}

func (st shelfStore) Where() keystore.Place { return keystore.PlaceGNOMEKeyring }

func (st shelfStore) Retiring() keystore.Store { return shelfStore{st.s, keystore.RetiringService} }

func (st shelfStore) FoldsCase() bool { return st.s.says }
