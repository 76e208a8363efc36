package keys

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/internal/fakeoncehub"
	"github.com/oncekey/oncekey/keystore"
)

// Made-up keys; failure messages name them by their last 4 characters only.
const (
	keyA = "mgrTestKeyA-4Jq8Rt2Vz6Wm1Xp3-aaaa"
	keyB = "mgrTestKeyB-7Lk2Nd5Hs9Qe4Yc8-bbbb"
)

var start = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// fakeClock moves only when told to. Due AfterFunc calls run in Advance.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	clock *fakeClock
	at    time.Time
	f     func()
	done  bool // fired or stopped
}

func newClock() *fakeClock { return &fakeClock{now: start} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) AfterFunc(d time.Duration, f func()) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{clock: c, at: c.now.Add(d), f: f}
	c.timers = append(c.timers, t)
	return t
}

func (t *fakeTimer) Stop() bool {
	t.clock.mu.Lock()
	defer t.clock.mu.Unlock()
	was := !t.done
	t.done = true
	return was
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	var due []func()
	for _, t := range c.timers {
		if !t.done && !t.at.After(c.now) {
			t.done = true
			due = append(due, t.f)
		}
	}
	c.mu.Unlock()
	for _, f := range due {
		f()
	}
}

// fakeTester answers with the next of its outcomes (the last one again
// when they run out). With gate set, each test waits for it to close or for
// ctx to end.
type fakeTester struct {
	mu       sync.Mutex
	outcomes []apiclient.Outcome
	calls    int
	keys     []string
	gate     chan struct{}
	entered  chan struct{}
}

func works() apiclient.Outcome {
	o := apiclient.NewOutcome(apiclient.Works, "", true)
	o.Account, o.Status, o.RequestID = "admin@example.com", 200, "req_1"
	return o
}

func (f *fakeTester) Test(ctx context.Context, key string) apiclient.Outcome {
	f.mu.Lock()
	f.calls++
	f.keys = append(f.keys, key)
	o := works()
	if len(f.outcomes) > 0 {
		o = f.outcomes[0]
		if len(f.outcomes) > 1 {
			f.outcomes = f.outcomes[1:]
		}
	}
	gate, entered := f.gate, f.entered
	f.mu.Unlock()
	if entered != nil {
		entered <- struct{}{}
	}
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return apiclient.NewOutcome(apiclient.Cancelled, "", true)
		}
	}
	return o
}

func (f *fakeTester) Warm(context.Context) error { return nil }

func (f *fakeTester) Calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// gateStore is a keychain whose calls wait for release (or for ctx to
// end), as a keychain waiting on its unlock prompt does.
type gateStore struct {
	*keystore.Memory
	entered chan string
	release chan struct{}
}

func newGateStore() *gateStore {
	return &gateStore{Memory: keystore.NewMemory(), entered: make(chan string, 10), release: make(chan struct{})}
}

func (s *gateStore) wait(ctx context.Context, op string) error {
	s.entered <- op
	select {
	case <-s.release:
		return nil
	case <-ctx.Done():
		return &keystore.Error{Kind: keystore.Canceled, Op: op, Err: ctx.Err()}
	}
}

func (s *gateStore) Get(ctx context.Context, name string) (string, error) {
	if err := s.wait(ctx, "read"); err != nil {
		return "", err
	}
	return s.Memory.Get(ctx, name)
}

func (s *gateStore) Save(ctx context.Context, name, secret string) error {
	if err := s.wait(ctx, "save"); err != nil {
		return err
	}
	return s.Memory.Save(ctx, name, secret)
}

// failingSave is a keychain that refuses to save and keeps what it had.
type failingSave struct{ *keystore.Memory }

func (failingSave) Save(context.Context, string, string) error {
	return &keystore.Error{Kind: keystore.Refused, Op: "save"}
}

// events collects what a manager tells its subscribers.
type events struct {
	ch chan Event
}

func listen(m *Manager) *events {
	e := &events{ch: make(chan Event, 256)}
	m.Subscribe(func(ev Event) { e.ch <- ev })
	return e
}

// waitFor waits for an event of kind, skipping others.
func (e *events) waitFor(t *testing.T, kind EventKind) Event {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case ev := <-e.ch:
			if ev.Kind == kind {
				return ev
			}
		case <-timeout:
			t.Fatalf("no event of kind %d", kind)
		}
	}
}

// none fails if an event of kind is waiting.
func (e *events) none(t *testing.T, kind EventKind) {
	t.Helper()
	for {
		select {
		case ev := <-e.ch:
			if ev.Kind == kind {
				t.Fatalf("unexpected event of kind %d", kind)
			}
		default:
			return
		}
	}
}

type rig struct {
	m      *Manager
	store  keystore.Store
	index  *keystore.Index
	clock  *fakeClock
	tester *fakeTester
}

func newRig(t *testing.T, store keystore.Store) *rig {
	t.Helper()
	if store == nil {
		store = keystore.NewMemory()
	}
	idx, err := keystore.LoadIndex(filepath.Join(t.TempDir(), "keys.json"))
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{store: store, index: idx, clock: newClock(), tester: &fakeTester{}}
	r.m = New(Config{Store: store, Index: idx, Tester: r.tester, Clock: r.clock, KeychainWait: 2 * time.Second})
	return r
}

// breakList leaves a folder where the list's file is, so that the list can
// still be used from memory but no longer written (even by root).
func breakList(t *testing.T, idx *keystore.Index) {
	t.Helper()
	if err := os.Remove(idx.Path()); err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	if err := os.Mkdir(idx.Path(), 0o700); err != nil {
		t.Fatal(err)
	}
}

func stored(t *testing.T, s keystore.Store, name string) string {
	t.Helper()
	v, err := s.Get(context.Background(), name)
	if err != nil {
		t.Fatalf("the keychain has no %q: %v", name, err)
	}
	return v
}

func ending(key string) string { return key[len(key)-4:] }

func checkKey(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s: got a key ending in %q, want the one ending in %s", what, apiclient.Ending(got), ending(want))
	}
}

func noKeyIn(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, k := range []string{keyA, keyB} {
		if strings.Contains(err.Error(), k) || strings.Contains(fmt.Sprintf("%#v", err), k) {
			t.Errorf("an error holds the key ending in %s", ending(k))
		}
	}
}

func TestSaveNormalisesAndLists(t *testing.T) {
	r := newRig(t, nil)
	ev := listen(r.m)
	got, err := r.m.Save(context.Background(), keystore.DefaultName, "  \u201c"+keyA+"\u201d \r\n", false)
	if err != nil {
		t.Fatal(err)
	}
	checkKey(t, "Save's result", got, keyA)
	checkKey(t, "the keychain", stored(t, r.store, keystore.DefaultName), keyA)
	info, ok := r.index.Get(keystore.DefaultName)
	if !ok || info.Ending != "aaaa" || !info.SavedAt.Equal(start) || info.LastTest != nil {
		t.Errorf("listed as %+v, %v", info, ok)
	}
	if c, ok := r.m.Cached(keystore.DefaultName); !ok || c != keyA {
		t.Error("the saved key is not cached")
	}
	if e := ev.waitFor(t, KeysChanged); e.Name != keystore.DefaultName {
		t.Errorf("KeysChanged for %q", e.Name)
	}
	// What is written is the list in the file, not only in memory.
	again, err := keystore.LoadIndex(r.index.Path())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := again.Get(keystore.DefaultName); !ok {
		t.Error("the list's file does not hold the key's name")
	}
	data, err := os.ReadFile(r.index.Path())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), keyA[:12]) {
		t.Error("the list's file holds more of the key than its ending")
	}
}

func TestSaveRefusesWhatCannotBeSaved(t *testing.T) {
	r := newRig(t, nil)
	ctx := context.Background()
	_, err := r.m.Save(ctx, keystore.DefaultName, "key with spaces", false)
	var ie *apiclient.InputError
	if !errors.As(err, &ie) || ie.Problem != apiclient.InputSpace {
		t.Errorf("a key with spaces: %v", err)
	}
	if _, err := r.m.Save(ctx, " padded ", keyA, false); keystore.KindOf(err) != keystore.Invalid {
		t.Errorf("a name with spaces around it: %v", err)
	}
	noKeyIn(t, err)
	if len(r.index.Keys()) != 0 {
		t.Error("a refused key was listed")
	}
	if _, err := r.store.Get(ctx, keystore.DefaultName); !keystore.IsNotFound(err) {
		t.Error("a refused key was stored")
	}
}

func TestSaveStopsAtTheLimit(t *testing.T) {
	r := newRig(t, nil)
	ctx := context.Background()
	for i := range MaxKeys {
		if _, err := r.m.Save(ctx, fmt.Sprintf("key%02d", i), keyA, false); err != nil {
			t.Fatal(err)
		}
	}
	_, err := r.m.Save(ctx, "one-too-many", keyB, false)
	var le *LimitError
	if !errors.As(err, &le) || le.Max != MaxKeys {
		t.Fatalf("key %d: %v, want a LimitError", MaxKeys+1, err)
	}
	if err := r.m.CheckSave("one-too-many", true); !errors.As(err, &le) {
		t.Errorf("CheckSave beyond the limit: %v", err)
	}
	if _, err := r.store.Get(ctx, "one-too-many"); !keystore.IsNotFound(err) {
		t.Error("the key beyond the limit was stored")
	}
	// Replacing a listed key adds none.
	if _, err := r.m.Save(ctx, "key03", keyB, true); err != nil {
		t.Errorf("replacing at the limit: %v", err)
	}
	if err := r.m.CheckSave("key03", true); err != nil {
		t.Errorf("CheckSave of a replacement at the limit: %v", err)
	}
}

func TestSaveNameTakenAndReplace(t *testing.T) {
	r := newRig(t, nil)
	ctx := context.Background()
	if _, err := r.m.Save(ctx, "Zapier", keyA, false); err != nil {
		t.Fatal(err)
	}
	_, err := r.m.Save(ctx, "Zapier", keyB, false)
	var nt *NameTakenError
	if !errors.As(err, &nt) || nt.Name != "Zapier" {
		t.Fatalf("saving over a key without replace: %v", err)
	}
	if err := r.m.CheckSave("Zapier", false); !errors.As(err, &nt) {
		t.Errorf("CheckSave of a taken name: %v", err)
	}
	checkKey(t, "after the refusal", stored(t, r.store, "Zapier"), keyA)

	r.clock.Advance(time.Hour)
	if _, err := r.m.Save(ctx, "Zapier", keyB, true); err != nil {
		t.Fatal(err)
	}
	checkKey(t, "after replace", stored(t, r.store, "Zapier"), keyB)
	if info, _ := r.index.Get("Zapier"); info.Ending != "bbbb" || !info.SavedAt.Equal(start.Add(time.Hour)) {
		t.Errorf("listed after replace as %+v", info)
	}
}

func TestReplaceKeepsTheOldKeyUntilTheNewOneIsStored(t *testing.T) {
	ctx := context.Background()
	t.Run("while the keychain saves", func(t *testing.T) {
		gs := newGateStore()
		if err := gs.Memory.Save(ctx, "Zapier", keyA); err != nil {
			t.Fatal(err)
		}
		r := newRig(t, gs)
		if err := r.index.Put(keystore.KeyInfo{Name: "Zapier", Ending: "aaaa", SavedAt: start}); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() {
			_, err := r.m.Save(ctx, "Zapier", keyB, true)
			done <- err
		}()
		<-gs.entered
		if info, _ := r.m.Key("Zapier"); info.Ending != "aaaa" {
			t.Errorf("during the save the list says %q", info.Ending)
		}
		if _, cached := r.m.Cached("Zapier"); cached {
			t.Error("the new key was cached before the keychain held it")
		}
		close(gs.release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		checkKey(t, "after the save", stored(t, gs.Memory, "Zapier"), keyB)
	})
	t.Run("when the keychain refuses", func(t *testing.T) {
		fs := failingSave{keystore.NewMemory()}
		if err := fs.Memory.Save(ctx, "Zapier", keyA); err != nil {
			t.Fatal(err)
		}
		r := newRig(t, fs)
		if err := r.index.Put(keystore.KeyInfo{Name: "Zapier", Ending: "aaaa", SavedAt: start}); err != nil {
			t.Fatal(err)
		}
		_, err := r.m.Save(ctx, "Zapier", keyB, true)
		if keystore.KindOf(err) != keystore.Refused {
			t.Fatalf("got %v, want the keychain's refusal", err)
		}
		noKeyIn(t, err)
		checkKey(t, "after the refusal", stored(t, fs.Memory, "Zapier"), keyA)
		if info, _ := r.index.Get("Zapier"); info.Ending != "aaaa" || !info.SavedAt.Equal(start) {
			t.Errorf("the list changed: %+v", info)
		}
	})
}

func TestSaveWhenOnlyTheListFails(t *testing.T) {
	r := newRig(t, nil)
	breakList(t, r.index)
	key, err := r.m.Save(context.Background(), keystore.DefaultName, keyA, false)
	if !IsListError(err) {
		t.Fatalf("got %v, want a ListError", err)
	}
	noKeyIn(t, err)
	checkKey(t, "Save's result", key, keyA)
	checkKey(t, "the keychain", stored(t, r.store, keystore.DefaultName), keyA)
}

func TestTestRecordsTheOutcome(t *testing.T) {
	r := newRig(t, nil)
	ctx := context.Background()
	if _, err := r.m.Save(ctx, keystore.DefaultName, keyA, false); err != nil {
		t.Fatal(err)
	}
	ev := listen(r.m)
	r.clock.Advance(time.Minute)
	o, err := r.m.Test(ctx, keystore.DefaultName)
	if err != nil || o.Kind != apiclient.Works {
		t.Fatalf("got %v, %v", o.Kind, err)
	}
	ev.waitFor(t, TestStarted)
	ev.waitFor(t, TestFinished)
	info, _ := r.index.Get(keystore.DefaultName)
	rec := info.LastTest
	if rec == nil || rec.Result != "works" || rec.Account != "admin@example.com" || rec.Status != 200 ||
		rec.RequestID != "req_1" || !rec.At.Equal(start.Add(time.Minute)) {
		t.Errorf("recorded %+v", rec)
	}
	if back, ok := OutcomeOf(rec); !ok || back.Kind != apiclient.Works || back.Account != "admin@example.com" {
		t.Errorf("the record reads back as %+v, %v", back, ok)
	}
	if len(r.tester.keys) != 1 || r.tester.keys[0] != keyA {
		t.Error("the tester was not given the saved key")
	}
}

func TestCancelledTestIsNotRecorded(t *testing.T) {
	r := newRig(t, nil)
	ctx := context.Background()
	if _, err := r.m.Save(ctx, keystore.DefaultName, keyA, false); err != nil {
		t.Fatal(err)
	}
	if _, err := r.m.Test(ctx, keystore.DefaultName); err != nil {
		t.Fatal(err)
	}
	r.tester.outcomes = []apiclient.Outcome{apiclient.NewOutcome(apiclient.Cancelled, "", true)}
	r.clock.Advance(time.Hour)
	o, err := r.m.Test(ctx, keystore.DefaultName)
	if err != nil || o.Kind != apiclient.Cancelled {
		t.Fatalf("got %v, %v", o.Kind, err)
	}
	info, _ := r.index.Get(keystore.DefaultName)
	if info.LastTest == nil || info.LastTest.Result != "works" || !info.LastTest.At.Equal(start) {
		t.Errorf("a cancelled test replaced the record: %+v", info.LastTest)
	}
}

func TestAKeyReplacedDuringItsTestKeepsItsOwnRecord(t *testing.T) {
	r := newRig(t, nil)
	ctx := context.Background()
	if _, err := r.m.Save(ctx, keystore.DefaultName, keyA, false); err != nil {
		t.Fatal(err)
	}
	r.tester.gate, r.tester.entered = make(chan struct{}), make(chan struct{}, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if _, err := r.m.Test(ctx, keystore.DefaultName); err != nil {
			t.Error(err)
		}
	}()
	<-r.tester.entered
	if _, err := r.m.Save(ctx, keystore.DefaultName, keyB, true); err != nil {
		t.Fatal(err)
	}
	close(r.tester.gate)
	<-done
	if info, _ := r.index.Get(keystore.DefaultName); info.LastTest != nil {
		t.Errorf("the old key's test was recorded for the new key: %+v", info.LastTest)
	}
}

func TestOnceHubsPauseIsHonoured(t *testing.T) {
	r := newRig(t, nil)
	ctx := context.Background()
	if _, err := r.m.Save(ctx, keystore.DefaultName, keyA, false); err != nil {
		t.Fatal(err)
	}
	limited := apiclient.NewOutcome(apiclient.RateLimited, "", true)
	limited.RetryAfter = 30 * time.Second
	r.tester.outcomes = []apiclient.Outcome{limited, works()}
	ev := listen(r.m)

	if o, _ := r.m.Test(ctx, keystore.DefaultName); o.Kind != apiclient.RateLimited {
		t.Fatalf("got %v", o.Kind)
	}
	ev.waitFor(t, Paused)
	if d := r.m.PausedFor(); d != 30*time.Second {
		t.Errorf("PausedFor = %v, want 30s", d)
	}

	r.clock.Advance(10 * time.Second)
	o, err := r.m.Test(ctx, keystore.DefaultName)
	if err != nil || o.Kind != apiclient.RateLimited || o.RetryAfter != 20*time.Second {
		t.Errorf("during the pause: %v, retry after %v, %v; want rate limited, 20s", o.Kind, o.RetryAfter, err)
	}
	if o, _ := r.m.TestKey(ctx, keyB); o.Kind != apiclient.RateLimited {
		t.Errorf("TestKey during the pause: %v", o.Kind)
	}
	if n := r.tester.Calls(); n != 1 {
		t.Errorf("%d tests reached OnceHub during its pause, want only the first", n)
	}
	r.clock.Advance(19*time.Second + 600*time.Millisecond)
	if o, _ := r.m.TestKey(ctx, keyB); o.RetryAfter != time.Second {
		t.Errorf("with 0.4s left, retry after %v, want 1s (never 0)", o.RetryAfter)
	}

	r.clock.Advance(time.Second)
	if r.m.PausedFor() != 0 {
		t.Error("still paused after the pause")
	}
	if o, _ := r.m.Test(ctx, keystore.DefaultName); o.Kind != apiclient.Works || r.tester.Calls() != 2 {
		t.Errorf("after the pause: %v, %d calls", o.Kind, r.tester.Calls())
	}
}

func TestOneTestAtATime(t *testing.T) {
	r := newRig(t, nil)
	ctx := context.Background()
	if _, err := r.m.Save(ctx, keystore.DefaultName, keyA, false); err != nil {
		t.Fatal(err)
	}
	r.tester.gate, r.tester.entered = make(chan struct{}), make(chan struct{}, 1)
	done := make(chan apiclient.Outcome)
	go func() {
		o, _ := r.m.Test(ctx, keystore.DefaultName)
		done <- o
	}()
	<-r.tester.entered
	if !r.m.Testing() {
		t.Error("Testing() is false during a test")
	}
	if _, err := r.m.Test(ctx, keystore.DefaultName); !errors.Is(err, ErrBusy) {
		t.Errorf("a second Test: %v, want ErrBusy", err)
	}
	if _, err := r.m.TestKey(ctx, keyB); !errors.Is(err, ErrBusy) {
		t.Errorf("TestKey during a Test: %v, want ErrBusy", err)
	}
	close(r.tester.gate)
	if o := <-done; o.Kind != apiclient.Works {
		t.Errorf("the first test: %v", o.Kind)
	}
	if r.m.Testing() {
		t.Error("Testing() is still true")
	}
	if n := r.tester.Calls(); n != 1 {
		t.Errorf("%d tests sent, want 1", n)
	}
}

func TestTestKeyStoresAndRecordsNothing(t *testing.T) {
	r := newRig(t, nil)
	o, err := r.m.TestKey(context.Background(), keyA)
	if err != nil || o.Kind != apiclient.Works {
		t.Fatalf("got %v, %v", o.Kind, err)
	}
	if len(r.index.Keys()) != 0 || len(r.m.Keys()) != 0 {
		t.Error("TestKey listed the key")
	}
	if _, err := r.store.Get(context.Background(), keystore.DefaultName); !keystore.IsNotFound(err) {
		t.Error("TestKey stored the key")
	}
	if _, ok := r.m.Cached(keystore.DefaultName); ok {
		t.Error("TestKey cached the key")
	}
}

func TestTestGoesOnWhenOnlyTheListFails(t *testing.T) {
	r := newRig(t, nil)
	ctx := context.Background()
	// In the keychain, not yet in the list: the test lists it, and the
	// list cannot be written.
	if err := r.store.Save(ctx, "Zapier", keyA); err != nil {
		t.Fatal(err)
	}
	breakList(t, r.index)
	o, err := r.m.Test(ctx, "Zapier")
	if o.Kind != apiclient.Works || !IsListError(err) {
		t.Errorf("got %v, %v; want works and a ListError", o.Kind, err)
	}
	noKeyIn(t, err)
	if r.tester.Calls() != 1 {
		t.Errorf("%d tests sent, want 1", r.tester.Calls())
	}
}

func TestTestOfAMissingKey(t *testing.T) {
	r := newRig(t, nil)
	if _, err := r.m.Test(context.Background(), "Nope"); !keystore.IsNotFound(err) {
		t.Errorf("got %v, want NotFound", err)
	}
	if r.tester.Calls() != 0 {
		t.Error("a test was sent with no key")
	}
}

func TestSecretBringsTheListUpToDate(t *testing.T) {
	ctx := context.Background()
	t.Run("a key the list did not know", func(t *testing.T) {
		r := newRig(t, nil)
		if err := r.store.Save(ctx, "Zapier", keyA); err != nil {
			t.Fatal(err)
		}
		ev := listen(r.m)
		got, err := r.m.Secret(ctx, "Zapier")
		if err != nil {
			t.Fatal(err)
		}
		checkKey(t, "Secret", got, keyA)
		info, ok := r.index.Get("Zapier")
		if !ok || info.Ending != "aaaa" || !info.SavedAt.IsZero() {
			t.Errorf("listed as %+v, %v", info, ok)
		}
		ev.waitFor(t, KeysChanged)
	})
	t.Run("a key changed behind the list's back", func(t *testing.T) {
		r := newRig(t, nil)
		rec := RecordOf(works(), start)
		if err := r.index.Put(keystore.KeyInfo{Name: "Zapier", Ending: "aaaa", SavedAt: start, LastTest: rec}); err != nil {
			t.Fatal(err)
		}
		if err := r.store.Save(ctx, "Zapier", keyB); err != nil {
			t.Fatal(err)
		}
		if _, err := r.m.Secret(ctx, "Zapier"); err != nil {
			t.Fatal(err)
		}
		info, _ := r.index.Get("Zapier")
		if info.Ending != "bbbb" || info.LastTest != nil || !info.SavedAt.Equal(start) {
			t.Errorf("listed as %+v; want the new ending and no test of the old key", info)
		}
	})
	t.Run("a listed key gone from the keychain", func(t *testing.T) {
		r := newRig(t, nil)
		if _, err := r.m.Save(ctx, "Zapier", keyA, false); err != nil {
			t.Fatal(err)
		}
		if err := r.store.Remove(ctx, "Zapier"); err != nil {
			t.Fatal(err)
		}
		ev := listen(r.m)
		if _, err := r.m.Secret(ctx, "Zapier"); !keystore.IsNotFound(err) {
			t.Fatalf("got %v, want NotFound", err)
		}
		if _, ok := r.index.Get("Zapier"); ok {
			t.Error("the gone key is still listed")
		}
		if _, ok := r.m.Cached("Zapier"); ok {
			t.Error("the gone key is still cached")
		}
		ev.waitFor(t, KeysChanged)
	})
	t.Run("a key listed as it is", func(t *testing.T) {
		r := newRig(t, nil)
		if _, err := r.m.Save(ctx, "Zapier", keyA, false); err != nil {
			t.Fatal(err)
		}
		// A fresh manager, as in the next process: the first read is news
		// to it, the second is not.
		m := New(Config{Store: r.store, Index: r.index, Clock: r.clock})
		ev := listen(m)
		for range 2 {
			if _, err := m.Secret(ctx, "Zapier"); err != nil {
				t.Fatal(err)
			}
		}
		ev.waitFor(t, KeysChanged)
		ev.none(t, KeysChanged)
	})
}

func TestSecretWithoutAList(t *testing.T) {
	r := newRig(t, nil)
	if err := r.store.Save(context.Background(), keystore.DefaultName, keyA); err != nil {
		t.Fatal(err)
	}
	// A nil Index: the manager never touches a file.
	m := New(Config{Store: r.store, Clock: r.clock})
	got, err := m.Secret(context.Background(), keystore.DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	checkKey(t, "Secret", got, keyA)
	if _, err := os.Stat(r.index.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a list file appeared: %v", err)
	}
}

func TestRemove(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, nil)
	if _, err := r.m.Save(ctx, "Zapier", keyA, false); err != nil {
		t.Fatal(err)
	}
	if err := r.m.Remove(ctx, "Zapier"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.store.Get(ctx, "Zapier"); !keystore.IsNotFound(err) {
		t.Error("the removed key is still in the keychain")
	}
	if _, ok := r.index.Get("Zapier"); ok {
		t.Error("the removed key is still listed")
	}
	if _, ok := r.m.Cached("Zapier"); ok {
		t.Error("the removed key is still cached")
	}

	// Listed, but gone from the keychain behind OnceKey's back.
	if err := r.index.Put(keystore.KeyInfo{Name: "Old", Ending: "bbbb", SavedAt: start}); err != nil {
		t.Fatal(err)
	}
	err := r.m.Remove(ctx, "Old")
	var gone *GoneError
	if !errors.As(err, &gone) || gone.Name != "Old" {
		t.Errorf("removing a gone key: %v, want a GoneError", err)
	}
	if _, ok := r.index.Get("Old"); ok {
		t.Error("the gone key is still listed")
	}

	// Neither listed nor in the keychain.
	if err := r.m.Remove(ctx, "Never"); !keystore.IsNotFound(err) {
		t.Errorf("removing nothing: %v, want NotFound", err)
	}
}

func TestSessionStore(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, nil)
	if _, err := r.m.Save(ctx, keystore.DefaultName, keyA, false); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(r.index.Path())
	if err != nil {
		t.Fatal(err)
	}
	ev := listen(r.m)
	r.m.UseSessionStore()
	ev.waitFor(t, StoreChanged)
	ev.waitFor(t, KeysChanged)
	if !r.m.SessionOnly() || r.m.Where() != keystore.PlaceSession {
		t.Errorf("SessionOnly %v, Where %v", r.m.SessionOnly(), r.m.Where())
	}
	if len(r.m.Keys()) != 0 {
		t.Error("the session does not start empty")
	}
	if _, ok := r.m.Cached(keystore.DefaultName); ok {
		t.Error("a keychain key is still cached in the session")
	}
	if _, err := r.m.Save(ctx, "Session", keyB, false); err != nil {
		t.Fatal(err)
	}
	if ks := r.m.Keys(); len(ks) != 1 || ks[0].Name != "Session" || ks[0].Ending != "bbbb" {
		t.Errorf("session keys: %+v", ks)
	}
	if _, err := r.m.Test(ctx, "Session"); err != nil {
		t.Fatal(err)
	}
	if k, _ := r.m.Key("Session"); k.LastTest == nil {
		t.Error("the session key's test is not kept for the session")
	}
	// Nothing of the session reached the keychain or the list.
	if _, err := r.store.Get(ctx, "Session"); !keystore.IsNotFound(err) {
		t.Error("a session key reached the keychain")
	}
	after, err := os.ReadFile(r.index.Path())
	if err != nil || string(after) != string(before) {
		t.Errorf("the list's file changed during the session (err %v)", err)
	}
	r.m.UseSessionStore() // a second call changes nothing
	ev.none(t, StoreChanged)
}

func TestKeychainWaitingAndAnswered(t *testing.T) {
	gs := newGateStore()
	if err := gs.Memory.Save(context.Background(), keystore.DefaultName, keyA); err != nil {
		t.Fatal(err)
	}
	r := newRig(t, gs)
	ev := listen(r.m)
	done := make(chan error, 1)
	go func() {
		_, err := r.m.Secret(context.Background(), keystore.DefaultName)
		done <- err
	}()
	<-gs.entered
	if !r.m.KeychainBusy() {
		t.Error("KeychainBusy is false during a call")
	}
	r.clock.Advance(time.Second)
	ev.none(t, KeychainWaiting)
	if r.m.KeychainWaiting() {
		t.Error("waiting after 1s of 2")
	}
	r.clock.Advance(time.Second)
	ev.waitFor(t, KeychainWaiting)
	if !r.m.KeychainWaiting() {
		t.Error("KeychainWaiting is false after the event")
	}
	close(gs.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	ev.waitFor(t, KeychainAnswered)
	if r.m.KeychainWaiting() || r.m.KeychainBusy() {
		t.Error("still waiting or busy after the answer")
	}

	// A quick answer says nothing.
	if _, err := r.m.Secret(context.Background(), keystore.DefaultName); err != nil {
		t.Fatal(err)
	}
	<-gs.entered
	r.clock.Advance(time.Minute)
	ev.none(t, KeychainWaiting)
	ev.none(t, KeychainAnswered)
}

func TestCancelKeychain(t *testing.T) {
	gs := newGateStore()
	r := newRig(t, gs)
	done := make(chan error, 1)
	go func() {
		_, err := r.m.Save(context.Background(), keystore.DefaultName, keyA, false)
		done <- err
	}()
	<-gs.entered
	r.m.CancelKeychain()
	err := <-done
	if keystore.KindOf(err) != keystore.Canceled {
		t.Errorf("got %v, want Canceled", err)
	}
	noKeyIn(t, err)
	if r.m.KeychainBusy() {
		t.Error("still busy after the cancel")
	}
	if _, ok := r.m.Key(keystore.DefaultName); ok {
		t.Error("a cancelled save was listed")
	}
	if _, err := gs.Memory.Get(context.Background(), keystore.DefaultName); !keystore.IsNotFound(err) {
		t.Error("a cancelled save reached the keychain")
	}
}

// With the real client against a loopback stand-in for OnceHub, a 429
// and its Retry-After pause the manager.
func TestWithTheRealClient(t *testing.T) {
	api := fakeoncehub.Start()
	t.Cleanup(api.Close)
	api.AddKey(keyA, "admin@example.com")
	t.Setenv("HTTPS_PROXY", "")
	c, err := apiclient.New(apiclient.Config{BaseURL: api.URL, RootCAs: api.Pool})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	r := newRig(t, nil)
	m := New(Config{Store: r.store, Index: r.index, Tester: c, Clock: r.clock})
	ctx := context.Background()
	if _, err := m.Save(ctx, keystore.DefaultName, keyA, false); err != nil {
		t.Fatal(err)
	}
	if o, err := m.Test(ctx, keystore.DefaultName); err != nil || o.Kind != apiclient.Works || o.Account != "admin@example.com" {
		t.Fatalf("got %v (%s), %v", o.Kind, o.Account, err)
	}
	api.Answer(&fakeoncehub.Reply{Status: 429, Type: "rate_limit_error", Message: "Request rate limit exceeded", RetryAfter: "12"})
	if o, _ := m.Test(ctx, keystore.DefaultName); o.Kind != apiclient.RateLimited || o.RetryAfter != 12*time.Second {
		t.Errorf("got %v, retry after %v", o.Kind, o.RetryAfter)
	}
	n := api.Requests()
	if o, _ := m.TestKey(ctx, keyB); o.Kind != apiclient.RateLimited || api.Requests() != n {
		t.Errorf("during the pause: %v, %d more requests", o.Kind, api.Requests()-n)
	}
	// The 429 says nothing about the key: the last conclusive test stays.
	if info, _ := r.index.Get(keystore.DefaultName); info.LastTest == nil || info.LastTest.Result != "works" || info.LastTest.Status != 200 {
		t.Errorf("recorded %+v", info.LastTest)
	}
}

// An inconclusive outcome (a 429, no answer, OnceHub's trouble, an
// untrusted connection) never replaces a conclusive record; it is recorded
// only where there is none.
func TestAnInconclusiveTestKeepsTheLastConclusiveRecord(t *testing.T) {
	ctx := context.Background()
	status := func(k apiclient.Kind, code int) apiclient.Outcome {
		o := apiclient.NewOutcome(k, "", code != 0)
		o.Status = code
		return o
	}
	inconclusive := []apiclient.Outcome{
		status(apiclient.RateLimited, 429), status(apiclient.Unreachable, 0),
		status(apiclient.ServerTrouble, 503), status(apiclient.NotSecure, 0), status(apiclient.Unexpected, 302),
	}
	for _, first := range []apiclient.Outcome{works(), status(apiclient.NotRecognised, 401), status(apiclient.NoAPIAccess, 403)} {
		for _, then := range inconclusive {
			r := newRig(t, nil)
			if _, err := r.m.Save(ctx, "Zapier", keyA, false); err != nil {
				t.Fatal(err)
			}
			r.tester.outcomes = []apiclient.Outcome{first}
			if _, err := r.m.Test(ctx, "Zapier"); err != nil {
				t.Fatal(err)
			}
			want, _ := r.index.Get("Zapier")
			r.clock.Advance(2 * time.Minute) // past any pause
			// By Test, by Record and by TestAll.
			r.tester.outcomes = []apiclient.Outcome{then}
			if o, err := r.m.Test(ctx, "Zapier"); err != nil || o.Kind != then.Kind {
				t.Fatalf("got %v, %v; want the fresh outcome %v", o.Kind, err, then.Kind)
			}
			if err := r.m.Record("Zapier", then, r.clock.Now()); err != nil {
				t.Fatal(err)
			}
			r.clock.Advance(2 * time.Minute)
			if then.Kind != apiclient.RateLimited { // TestAll tries a 429 again, on its clock
				if res, err := r.m.TestAll(ctx, nil); err != nil || len(res) != 1 || res[0].Outcome.Kind != then.Kind {
					t.Fatalf("TestAll: %+v, %v", res, err)
				}
			}
			if got, _ := r.index.Get("Zapier"); got.LastTest == nil || *got.LastTest != *want.LastTest {
				t.Errorf("after %v then %v the record is %+v, want %+v", first.Kind, then.Kind, got.LastTest, want.LastTest)
			}
		}
	}
	// With no conclusive record, the inconclusive one is kept: nothing is lost.
	r := newRig(t, nil)
	if _, err := r.m.Save(ctx, "Zapier", keyA, false); err != nil {
		t.Fatal(err)
	}
	r.tester.outcomes = []apiclient.Outcome{status(apiclient.Unreachable, 0)}
	if _, err := r.m.Test(ctx, "Zapier"); err != nil {
		t.Fatal(err)
	}
	if got, _ := r.index.Get("Zapier"); got.LastTest == nil || got.LastTest.Result != "unreachable" {
		t.Errorf("a first inconclusive test recorded as %+v", got.LastTest)
	}
	// And a conclusive one replaces it, as ever.
	r.tester.outcomes = []apiclient.Outcome{works()}
	if _, err := r.m.Test(ctx, "Zapier"); err != nil {
		t.Fatal(err)
	}
	if got, _ := r.index.Get("Zapier"); got.LastTest == nil || got.LastTest.Result != "works" {
		t.Errorf("a conclusive test after an inconclusive one recorded as %+v", got.LastTest)
	}
}

// Another process (a script's "oncekey set") replaces the key this manager
// holds, between its read and its test: the test's record must not write
// the old key's ending back over the new one, and the manager must hear of
// the change although its own write took it in.
func TestATestNeverWritesOverAnotherProcessesChange(t *testing.T) {
	r := newRig(t, nil)
	ctx := context.Background()
	if _, err := r.m.Save(ctx, keystore.DefaultName, keyA, false); err != nil {
		t.Fatal(err)
	}
	other, err := keystore.LoadIndex(r.index.Path())
	if err != nil {
		t.Fatal(err)
	}
	script := New(Config{Store: r.store, Index: other, Clock: r.clock})
	if _, err := script.Save(ctx, keystore.DefaultName, keyB, true); err != nil {
		t.Fatal(err)
	}
	ev := listen(r.m)
	if _, err := r.m.Test(ctx, keystore.DefaultName); err != nil {
		t.Fatal(err)
	}
	if info, _ := other.Get(keystore.DefaultName); info.Ending != "bbbb" {
		t.Fatalf("after the first manager's test, the list says the key ends in %q", info.Ending)
	}
	fresh, _ := keystore.LoadIndex(r.index.Path())
	if info, _ := fresh.Get(keystore.DefaultName); info.Ending != "bbbb" || info.LastTest != nil {
		t.Errorf("the file lists %+v: the old key's ending or its test was written over the new key", info)
	}
	ev.waitFor(t, KeysChanged) // the list changed under it
	if _, ok := r.m.Cached(keystore.DefaultName); ok {
		t.Error("the manager still offers the replaced key as the current one")
	}
}

// A list whose lock file cannot be opened (a read-only or broken settings
// folder) is the list's trouble, not another process's: the key is saved
// all the same, and only its facts are missing.
func TestSaveWhenTheLockFileCannotBeOpened(t *testing.T) {
	r := newRig(t, nil)
	if err := os.Mkdir(r.index.Path()+".lock", 0o700); err != nil {
		t.Fatal(err)
	}
	key, err := r.m.Save(context.Background(), keystore.DefaultName, keyA, false)
	if !IsListError(err) {
		t.Fatalf("got %v, want a ListError", err)
	}
	checkKey(t, "Save's result", key, keyA)
	checkKey(t, "the keychain", stored(t, r.store, keystore.DefaultName), keyA)
	if c, ok := r.m.Cached(keystore.DefaultName); !ok || c != keyA {
		t.Error("a key saved while the list cannot be written is not offered for use")
	}
}

// A key read from the keychain stays usable when the list cannot note it.
func TestSecretWhenTheListCannotBeWritten(t *testing.T) {
	r := newRig(t, nil)
	if err := r.store.Save(context.Background(), "Zapier", keyA); err != nil {
		t.Fatal(err)
	}
	breakList(t, r.index)
	got, err := r.m.Secret(context.Background(), "Zapier")
	if !IsListError(err) {
		t.Fatalf("got %v, want a ListError", err)
	}
	checkKey(t, "Secret", got, keyA)
	if c, ok := r.m.Cached("Zapier"); !ok || c != keyA {
		t.Error("the key read is not offered for use because the list could not note it")
	}
}

// A key found gone from the keychain is taken off the list only if nobody
// saved one under its name meanwhile.
func TestAGoneKeyLeavesANewerEntryAlone(t *testing.T) {
	r := newRig(t, nil)
	if err := r.index.Put(keystore.KeyInfo{Name: "Zapier", Ending: "aaaa", SavedAt: start}); err != nil {
		t.Fatal(err)
	}
	other, err := keystore.LoadIndex(r.index.Path())
	if err != nil {
		t.Fatal(err)
	}
	// Another process saves a new key there after this one's list was read.
	if err := other.Put(keystore.KeyInfo{Name: "Zapier", Ending: "bbbb", SavedAt: start}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.m.Secret(context.Background(), "Zapier"); !keystore.IsNotFound(err) {
		t.Fatalf("got %v, want NotFound", err)
	}
	fresh, _ := keystore.LoadIndex(r.index.Path())
	if info, ok := fresh.Get("Zapier"); !ok || info.Ending != "bbbb" {
		t.Errorf("the newer entry was taken off the list: %+v, %v", info, ok)
	}
}

// Replace and Remove from a window act only on the key it showed: a key
// another process put under the name meanwhile is left as it is.
func TestReplaceAndRemoveKnownLeaveAnotherProcessesKey(t *testing.T) {
	r := newRig(t, nil)
	ctx := context.Background()
	if _, err := r.m.Save(ctx, "Zapier", keyA, false); err != nil {
		t.Fatal(err)
	}
	other, err := keystore.LoadIndex(r.index.Path())
	if err != nil {
		t.Fatal(err)
	}
	script := New(Config{Store: r.store, Index: other, Clock: r.clock})
	if _, err := script.Save(ctx, "Zapier", keyB, true); err != nil {
		t.Fatal(err)
	}
	var changed *ChangedError
	if _, err := r.m.ReplaceKnown(ctx, "Zapier", "mgrTestKeyC-2Wq9Lm4Xz7Rb3Tc6-cccc", "aaaa"); !errors.As(err, &changed) {
		t.Errorf("ReplaceKnown over another process's key: got %v, want a ChangedError", err)
	}
	if err := r.m.RemoveKnown(ctx, "Zapier", "aaaa"); !errors.As(err, &changed) {
		t.Errorf("RemoveKnown of another process's key: got %v, want a ChangedError", err)
	}
	checkKey(t, "the keychain", stored(t, r.store, "Zapier"), keyB)
	if err := r.m.RemoveKnown(ctx, "Zapier", "bbbb"); err != nil {
		t.Errorf("RemoveKnown of the key as it is now: %v", err)
	}
	if _, err := r.store.Get(ctx, "Zapier"); !keystore.IsNotFound(err) {
		t.Errorf("after RemoveKnown the keychain still answers %v", err)
	}
}
