package ui

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/internal/fakeoncehub"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
	"github.com/oncekey/oncekey/words"
)

// This file holds the test harness: a queue standing in for Fyne's UI
// goroutine, a clock the test moves by hand, a keychain that can fail and
// block, and a Tester that can be held.

// uiQueue stands in for fyne.Do: background work posts functions here and
// the test goroutine runs them, so widgets are only ever touched by the
// test goroutine (Fyne's test driver would otherwise run them in the
// posting goroutine, racing with the test).
type uiQueue struct {
	mu   sync.Mutex
	fns  []func()
	wake chan struct{}
}

func newUIQueue() *uiQueue { return &uiQueue{wake: make(chan struct{}, 1)} }

func (q *uiQueue) post(f func()) {
	q.mu.Lock()
	q.fns = append(q.fns, f)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// drain runs everything posted so far, and what that posts in turn.
func (q *uiQueue) drain() {
	for {
		q.mu.Lock()
		fns := q.fns
		q.fns = nil
		q.mu.Unlock()
		if len(fns) == 0 {
			return
		}
		for _, f := range fns {
			f()
		}
	}
}

// fakeClock is a clock that moves only when the test says so.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	c       *fakeClock
	when    time.Time
	f       func()
	stopped bool
	core    bool // the key manager's (a pace, a pause), not the window's
}

func (t *fakeTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	if t.stopped {
		return false
	}
	t.stopped = true
	return true
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) AfterFunc(d time.Duration, f func()) keys.Timer {
	return c.afterFunc(d, f, false)
}

func (c *fakeClock) afterFunc(d time.Duration, f func(), core bool) keys.Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{c: c, when: c.now.Add(d), f: f, core: core}
	c.timers = append(c.timers, t)
	return t
}

// coreClock is the fake clock as the key manager sees it: its timers are
// told apart from the window's, so a test can move the clock to the
// manager's next step (Test all's pace, OnceHub's pause) and no further.
type coreClock struct{ *fakeClock }

func (c coreClock) AfterFunc(d time.Duration, f func()) keys.Timer { return c.afterFunc(d, f, true) }

// nextCore is when the key manager's earliest pending timer is due.
func (c *fakeClock) nextCore() (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var at time.Time
	ok := false
	for _, t := range c.timers {
		if t.core && !t.stopped && (!ok || t.when.Before(at)) {
			at, ok = t.when, true
		}
	}
	return at, ok
}

// next takes the earliest pending timer due by until, moving the clock to
// it; nil when none is due.
func (c *fakeClock) next(until time.Time) *fakeTimer {
	c.mu.Lock()
	defer c.mu.Unlock()
	sort.SliceStable(c.timers, func(i, j int) bool { return c.timers[i].when.Before(c.timers[j].when) })
	for i, t := range c.timers {
		if t.stopped {
			continue
		}
		if t.when.After(until) {
			break
		}
		t.stopped = true
		c.timers = append(c.timers[:i], c.timers[i+1:]...)
		if t.when.After(c.now) {
			c.now = t.when
		}
		return t
	}
	c.now = until
	return nil
}

// fakeStore is a keychain that keeps secrets in a map and can fail with
// any keystore error kind, or block until released or cancelled.
type fakeStore struct {
	mu      sync.Mutex
	secrets map[string]string
	fail    map[string]error // by operation: "read", "save", "remove"
	block   chan struct{}    // non-nil: calls wait for it to close, or for ctx
	calls   []string
	where   keystore.Place
	// retiring keeps retiring keys; its switches (fail, block) are this
	// store's, so that a failing or held keychain fails or holds for both.
	retiring *fakeStore
	parent   *fakeStore
}

func newFakeStore() *fakeStore {
	s := &fakeStore{secrets: map[string]string{}, fail: map[string]error{}, where: keystore.PlaceGNOMEKeyring}
	s.retiring = &fakeStore{secrets: map[string]string{}, where: s.where, parent: s}
	return s
}

func (s *fakeStore) Retiring() keystore.Store { return s.retiring }

func (s *fakeStore) begin(ctx context.Context, op string) error {
	switches := s
	if s.parent != nil {
		switches = s.parent
	}
	s.mu.Lock()
	s.calls = append(s.calls, op)
	s.mu.Unlock()
	switches.mu.Lock()
	block, err := switches.block, switches.fail[op]
	switches.mu.Unlock()
	if block != nil {
		select {
		case <-block:
		case <-ctx.Done():
			return &keystore.Error{Kind: keystore.Canceled, Op: op, Err: ctx.Err()}
		}
	}
	return err
}

func (s *fakeStore) Get(ctx context.Context, name string) (string, error) {
	if err := s.begin(ctx, "read"); err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.secrets[name]
	if !ok {
		return "", &keystore.Error{Kind: keystore.NotFound, Op: "read"}
	}
	return v, nil
}

func (s *fakeStore) Save(ctx context.Context, name, secret string) error {
	if err := s.begin(ctx, "save"); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.secrets[name] = secret
	return nil
}

func (s *fakeStore) Remove(ctx context.Context, name string) error {
	if err := s.begin(ctx, "remove"); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.secrets[name]; !ok {
		return &keystore.Error{Kind: keystore.NotFound, Op: "remove"}
	}
	delete(s.secrets, name)
	return nil
}

func (s *fakeStore) Where() keystore.Place { return s.where }

func (s *fakeStore) secret(name string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.secrets[name]
	return v, ok
}

func (s *fakeStore) setSecret(name, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.secrets[name] = v
}

func (s *fakeStore) setFail(op string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil {
		delete(s.fail, op)
	} else {
		s.fail[op] = err
	}
}

func (s *fakeStore) hold() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.block = make(chan struct{})
}

func (s *fakeStore) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.block != nil {
		close(s.block)
		s.block = nil
	}
}

func (s *fakeStore) callCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.calls)
}

func (s *fakeStore) ops() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.calls...)
}

// keychainError is a keystore error of kind, as the real keychain store gives.
func keychainError(kind keystore.ErrorKind) error {
	return &keystore.Error{Kind: kind, Op: "save"}
}

// cannedTester answers every test with a fixed outcome, for views whose
// look must not depend on a loopback port; it counts calls.
type cannedTester struct {
	mu      sync.Mutex
	outcome apiclient.Outcome
	tests   int
	warms   int
}

func (c *cannedTester) Test(ctx context.Context, key string) apiclient.Outcome {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tests++
	return c.outcome
}

func (c *cannedTester) Warm(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.warms++
	return nil
}

func (c *cannedTester) counts() (tests, warms int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tests, c.warms
}

// newKey makes a fake key of 32 hex characters. Keys are never printed:
// failures name them by their ending.
func newKey(t *testing.T) string {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "tk_" + hex.EncodeToString(b)
}

// harness is one window under test.
type harness struct {
	t      testing.TB
	app    fyne.App
	q      *uiQueue
	clock  *fakeClock
	store  *fakeStore
	index  *keystore.Index
	path   string // the list of keys' file, for another OnceKey process
	srv    *fakeoncehub.Server
	tester keys.Tester
	keys   *keys.Manager
	m      *MainWindow

	mu        sync.Mutex
	opened    []string
	trayMenus []*fyne.Menu
}

// setup is what a test changes before the window is built.
type setup struct {
	tester    keys.Tester // nil: the real client against a fake OnceHub
	storedKey string      // in the keychain before start
	listed    *keystore.KeyInfo
	listReset *keystore.IndexRecoveredError
	noStart   bool
	saved     []seed // keys listed and in the keychain before start
	// size is the window's size from the start (640x560 if zero): a
	// resize once a result shows may leave a wrapped line's height behind
	// in a master.
	size fyne.Size
	// wrap, when set, wraps the tester (the real client's, by default),
	// to note when, on the clock, each test starts.
	wrap func(keys.Tester, *fakeClock) keys.Tester
	// tray, when set, is the desktop's tray; the menus the window puts
	// there are kept in harness.trayMenus.
	tray TrayHost
	// history keeps a record of the tests in the test's own folder.
	history bool
}

// seed is a key saved before the window starts: its facts in the list, its
// secret in the keychain.
type seed struct {
	info   keystore.KeyInfo
	secret string
}

var testEpoch = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

func newHarness(t testing.TB, s setup) *harness {
	t.Helper()
	h := &harness{t: t, app: test.NewTempApp(t), q: newUIQueue(), clock: &fakeClock{now: testEpoch}, store: newFakeStore()}
	h.path = filepath.Join(t.TempDir(), "keys.json")
	idx, err := keystore.LoadIndex(h.path)
	if err != nil {
		t.Fatal(err)
	}
	h.index = idx
	for _, k := range s.saved {
		if err := idx.Put(k.info); err != nil {
			t.Fatal(err)
		}
		h.store.setSecret(k.info.Name, k.secret)
	}
	if s.listed != nil {
		if err := idx.Put(*s.listed); err != nil {
			t.Fatal(err)
		}
	}
	if s.storedKey != "" {
		h.store.setSecret(keystore.DefaultName, s.storedKey)
	}
	h.tester = s.tester
	if h.tester == nil {
		h.srv = fakeoncehub.Start()
		t.Cleanup(h.srv.Close)
		c, err := apiclient.New(apiclient.Config{BaseURL: h.srv.URL, RootCAs: h.srv.Pool, Timeout: 30 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		h.tester = c
	}
	if s.wrap != nil {
		h.tester = s.wrap(h.tester, h.clock)
	}
	cfg := keys.Config{Store: h.store, Index: idx, Tester: h.tester, Clock: coreClock{h.clock}}
	if s.history {
		cfg.History = keystore.OpenHistory(keystore.HistoryPathFor(h.path))
	}
	h.keys = keys.New(cfg)
	h.m = newMainWindow(h.app, Deps{
		Keys:      h.keys,
		ListReset: s.listReset,
		OpenURL: func(u *url.URL) error {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.opened = append(h.opened, u.String())
			return nil
		},
		Tray: s.tray,
	}, h.clock, h.q.post)
	h.m.tray.setMenu = func(m *fyne.Menu) { h.trayMenus = append(h.trayMenus, m) }
	h.m.zone = time.UTC // the masters' times
	t.Cleanup(func() {
		// Let work in flight finish before the app goes, so nothing
		// outlives the test.
		h.store.release()
		if h.srv != nil {
			h.srv.Release()
		}
		if !h.m.closed {
			h.m.win.Close()
		}
		h.m.flows.Wait()
	})
	if s.size.IsZero() {
		s.size = fyne.NewSize(640, 560)
	}
	h.m.win.Resize(s.size)
	h.m.win.Show()
	if s.tray != nil {
		h.m.startTray()
	}
	if !s.noStart {
		h.m.start()
		h.q.drain()
	}
	return h
}

// waitFor runs the UI queue until cond holds. The deadline only guards
// against a hang; nothing here measures time.
func (h *harness) waitFor(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		h.q.drain()
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("gave up waiting for %s", what)
		}
		select {
		case <-h.q.wake:
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// advance moves the fake clock on by d, firing due timers in order and
// running what they post.
func (h *harness) advance(d time.Duration) {
	until := h.clock.Now().Add(d)
	for {
		h.q.drain()
		t := h.clock.next(until)
		if t == nil {
			h.q.drain()
			return
		}
		t.f()
	}
}

func (h *harness) view() view { return h.m.view }

func (h *harness) clipboard() string { return h.app.Clipboard().Content() }

func (h *harness) resultHeadline() string {
	r := h.m.keyView.result
	if !r.shown || !r.box.Visible() {
		return ""
	}
	return r.headline.Text
}

// waitForResult waits until the main view shows a test result and the
// test is over.
func (h *harness) waitForResult() {
	h.t.Helper()
	h.waitFor("a test result", func() bool { return !h.m.testing() && h.resultHeadline() != "" })
}

func (h *harness) requests() int {
	if h.srv == nil {
		return 0
	}
	return h.srv.Requests()
}

// tap taps a button, failing if it is disabled (a disabled button ignores
// taps, which would hide a wrong state).
func (h *harness) tap(b fyne.Tappable) {
	h.t.Helper()
	if d, ok := b.(fyne.Disableable); ok && d.Disabled() {
		h.t.Fatalf("the button to tap is disabled")
	}
	test.Tap(b)
	h.q.drain()
}

// saveFirstKey types key in the first-run view and saves it.
func (h *harness) saveFirstKey(key string) {
	h.t.Helper()
	h.waitFor("the first-run view", func() bool { return h.view() == viewFirstRun })
	test.Type(h.m.firstRun.entry, key)
	h.tap(h.m.firstRun.save)
}

// bannerButton finds a button in a banner.
func bannerButtonOf(t *testing.T, b *banner, label string) *widget.Button {
	t.Helper()
	btn := b.button(label)
	if btn == nil {
		t.Fatalf("the banner %q has no button %q", b.message(), label)
	}
	return btn
}

// describe names a key in failure messages without showing it.
func describe(key string) string { return words.KeyEnding(apiclient.Ending(key)) }

// findButton finds a visible button labelled label under root.
func findButton(t *testing.T, root fyne.CanvasObject, label string) *widget.Button {
	t.Helper()
	for _, o := range test.LaidOutObjects(root) {
		var b *widget.Button
		switch x := o.(type) {
		case *widget.Button:
			b = x
		case *keyButton:
			b = &x.Button
		case *hoverButton:
			b = &x.Button
		}
		if b != nil && b.Text == label && b.Visible() {
			return b
		}
	}
	t.Fatalf("no button %q", label)
	return nil
}

// findButtonIn is findButton for a dialog or other overlay.
func findButtonIn(t *testing.T, overlay fyne.CanvasObject, label string) *widget.Button {
	t.Helper()
	if overlay == nil {
		t.Fatalf("no dialog is open to hold a button %q", label)
	}
	return findButton(t, overlay, label)
}

// findSelect finds the first drop-down under root.
func findSelect(t *testing.T, root fyne.CanvasObject) *widget.Select {
	t.Helper()
	if root != nil {
		for _, o := range test.LaidOutObjects(root) {
			if s, ok := o.(*widget.Select); ok {
				return s
			}
		}
	}
	t.Fatal("no drop-down")
	return nil
}

// key is the secret the window's manager holds for the key shown, once
// the window has taken in the keychain's answer ("" until then).
func (h *harness) key() string {
	if h.m.pending > 0 {
		return ""
	}
	s, _ := h.keys.Cached(keystore.DefaultName)
	return s
}

// keyOf is the secret the window's manager holds for the key called name,
// once the window has taken in the keychain's answer ("" until then).
func (h *harness) keyOf(name string) string {
	if h.m.pending > 0 {
		return ""
	}
	s, _ := h.keys.Cached(name)
	return s
}

// otherProcess is another OnceKey process on the same list of keys and
// keychain: a script's "oncekey set" or "oncekey remove".
func (h *harness) otherProcess() *keys.Manager {
	h.t.Helper()
	idx, err := keystore.LoadIndex(h.path)
	if err != nil {
		h.t.Fatal(err)
	}
	return keys.New(keys.Config{Store: h.store, Index: idx, Tester: &cannedTester{}, Clock: h.clock})
}
