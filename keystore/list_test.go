package keystore

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func itemNames(items []Item) string {
	var names []string
	for _, it := range items {
		names = append(names, it.Name)
	}
	return strings.Join(names, ",")
}

func TestKeychainListsItsItems(t *testing.T) {
	f := newFake()
	k := NewKeychainWith(f, long)
	ctx := context.Background()
	before := time.Now()
	for _, n := range []string{"zeta", DefaultName, "Alpha"} {
		if err := k.Save(ctx, n, fakeKey(len(n))); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Set("another service", "other", "x"); err != nil {
		t.Fatal(err)
	}
	old := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	f.extra = []Item{{Name: "a\nb"}, {Name: "zeta", Created: old}, {Name: ""}}
	items, err := k.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := itemNames(items); got != "default,Alpha,zeta" {
		t.Errorf("listed %q, want default,Alpha,zeta", got)
	}
	for _, it := range items {
		switch {
		case it.Name == "zeta" && !it.Created.Equal(old):
			t.Errorf("of two items named zeta, not the older one: %v", it.Created)
		case it.Name != "zeta" && (it.Created.Before(before) || it.Created.After(time.Now())):
			t.Errorf("%s: created %v", it.Name, it.Created)
		}
	}
}

func TestKeychainListTimesOutAndCancels(t *testing.T) {
	f := newFake()
	g := newGate()
	f.setBefore(func(op, _ string) error {
		if op == "list" {
			g.wait(op)
		}
		return nil
	})
	defer g.release()
	k := NewKeychainWith(f, 100*time.Millisecond)
	t0 := time.Now()
	if _, err := k.List(context.Background()); KindOf(err) != TimedOut {
		t.Errorf("stuck list: %v, want TimedOut", err)
	}
	if d := time.Since(t0); d > 2*time.Second {
		t.Errorf("gave up after %v", d)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := k.List(ctx); KindOf(err) != Canceled {
		t.Errorf("cancelled list: %v, want Canceled", err)
	}
}

// A keychain that offers no listing says so by kind, not in words.
func TestKeychainThatCannotList(t *testing.T) {
	k := NewKeychainWith(threeCalls{newFake()}, long)
	_, err := k.List(context.Background())
	if KindOf(err) != CannotList || !errors.Is(err, errCannotList) {
		t.Fatalf("got %v, want CannotList", err)
	}
	if CannotList.String() != "cannot-list" {
		t.Errorf("CannotList.String() = %q", CannotList.String())
	}
}

// threeCalls hides every method of a Backend but its three.
type threeCalls struct{ b Backend }

func (c threeCalls) Get(s, u string) (string, error) { return c.b.Get(s, u) }
func (c threeCalls) Set(s, u, p string) error        { return c.b.Set(s, u, p) }
func (c threeCalls) Delete(s, u string) error        { return c.b.Delete(s, u) }

func TestMemoryLists(t *testing.T) {
	m := NewMemory()
	ctx := context.Background()
	for _, n := range []string{"b", "a"} {
		if err := m.Save(ctx, n, fakeKey(1)); err != nil {
			t.Fatal(err)
		}
	}
	first, _ := m.List(ctx)
	time.Sleep(2 * time.Millisecond)
	if err := m.Save(ctx, "a", fakeKey(2)); err != nil { // a replacement keeps its time
		t.Fatal(err)
	}
	if err := m.Remove(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	items, err := m.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if itemNames(items) != "a" || !items[0].Created.Equal(first[0].Created) || items[0].Created.IsZero() {
		t.Errorf("listed %+v, first %+v", items, first)
	}
}

func TestReconcileAddsWhatTheListLacks(t *testing.T) {
	path := indexPath(t)
	idx := mustLoad(t, path)
	if err := idx.Put(sampleInfo("Listed")); err != nil {
		t.Fatal(err)
	}
	created := time.Date(2025, 6, 7, 8, 9, 10, 0, time.UTC)
	items := []Item{
		{Name: "Listed", Created: created},
		{Name: "LISTED"}, // the same name to Windows
		{Name: "new", Created: created},
		{Name: "ageless"},
		{Name: "bad\nname"},
	}
	added, err := Reconcile(idx, items)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(added, ",") != "new,ageless" {
		t.Errorf("added %v, want new and ageless", added)
	}
	fresh := mustLoad(t, path)
	if k, _ := fresh.Get("Listed"); k.Rebuilt || k.Ending != sampleInfo("Listed").Ending {
		t.Errorf("a listed key was touched: %+v", k)
	}
	k, ok := fresh.Get("new")
	if !ok || !k.Rebuilt || !k.SavedAt.Equal(created) || k.Ending != "" || !k.AgeKnown() {
		t.Errorf("new: %+v", k)
	}
	if k, ok := fresh.Get("ageless"); !ok || !k.Rebuilt || k.AgeKnown() {
		t.Errorf("ageless: %+v", k)
	}
	// Nothing more to add: nothing written.
	before, _ := os.ReadFile(path)
	if added, err := Reconcile(idx, items); err != nil || len(added) != 0 {
		t.Errorf("second Reconcile: %v, %v", added, err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("a Reconcile with nothing to add wrote the file")
	}
	// The mark is only in the file when set.
	if strings.Count(string(before), "Rebuilt") != 2 {
		t.Errorf("Rebuilt written %d times, want 2:\n%s", strings.Count(string(before), "Rebuilt"), before)
	}
}

// A damaged list is moved aside, and the keychain gives back every name.
func TestDamagedListIsRebuiltFromTheKeychain(t *testing.T) {
	path := indexPath(t)
	f := newFake()
	k := NewKeychainWith(f, long)
	ctx := context.Background()
	idx := mustLoad(t, path)
	names := []string{DefaultName, "Production CRM", "staging"}
	for j, n := range names {
		if err := k.Save(ctx, n, fakeKey(j)); err != nil {
			t.Fatal(err)
		}
		if err := idx.Put(KeyInfo{Name: n, Ending: "z9Qx"}); err != nil {
			t.Fatal(err)
		}
	}
	data, _ := os.ReadFile(path)
	if err := os.WriteFile(path, data[:len(data)/2], 0o600); err != nil {
		t.Fatal(err)
	}

	idx, err := LoadIndex(path)
	var rec *IndexRecoveredError
	if !errors.As(err, &rec) || idx == nil || !rec.Rebuild {
		t.Fatalf("LoadIndex of a damaged file: %v", err)
	}
	items, err := k.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	added, err := Reconcile(idx, items)
	if err != nil {
		t.Fatal(err)
	}
	if len(added) != len(names) {
		t.Errorf("added %v, want %v", added, names)
	}
	fresh := mustLoad(t, path)
	for _, n := range names {
		if k, ok := fresh.Get(n); !ok || !k.Rebuilt {
			t.Errorf("%s not rebuilt: %+v", n, k)
		}
	}
	if matches, _ := filepath.Glob(path + ".corrupt-*"); len(matches) != 1 {
		t.Errorf("%d damaged copies kept, want 1", len(matches))
	}
}
