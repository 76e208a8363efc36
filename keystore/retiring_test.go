package keystore

import (
	"context"
	"errors"
	"os"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestRetiringKeysLiveUnderTheirOwnService(t *testing.T) {
	f := newFake()
	k := NewKeychainWith(f, long)
	r := k.Retiring()
	ctx := context.Background()
	if rk, ok := r.(*Keychain); !ok || rk.Service() != RetiringService || rk.Timeout() != long {
		t.Fatalf("Retiring() = %#v, want a Keychain on %q with the same timeout", r, RetiringService)
	}
	if k.Service() != Service {
		t.Errorf("the names' keychain is on %q", k.Service())
	}
	if err := k.Save(ctx, "Zapier", fakeKey(1)); err != nil {
		t.Fatal(err)
	}
	if err := r.Save(ctx, "Zapier", fakeKey(2)); err != nil {
		t.Fatal(err)
	}
	// Two items, one per service, under the same name.
	f.mu.Lock()
	cur, retiring := f.items[itemKey(Service, "Zapier")], f.items[itemKey(RetiringService, "Zapier")]
	f.mu.Unlock()
	sameSecret(t, "the name's own item", cur, fakeKey(1))
	sameSecret(t, "the retiring item", retiring, fakeKey(2))
	got, err := r.Get(ctx, "Zapier")
	if err != nil {
		t.Fatal(err)
	}
	sameSecret(t, "Retiring().Get", got, fakeKey(2))
	got, _ = k.Get(ctx, "Zapier")
	sameSecret(t, "Get after a retiring save", got, fakeKey(1))

	// Listing the names' keys never shows a retiring one, and the other way round.
	if err := r.Save(ctx, "OnlyRetiring", fakeKey(3)); err != nil {
		t.Fatal(err)
	}
	items, err := k.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := itemNames(items); got != "Zapier" {
		t.Errorf("the names' keychain lists %q, want only Zapier", got)
	}
	items, err = r.(Lister).List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := itemNames(items); got != "OnlyRetiring,Zapier" {
		t.Errorf("the retiring keychain lists %q", got)
	}

	if err := r.Remove(ctx, "Zapier"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Get(ctx, "Zapier"); !IsNotFound(err) {
		t.Errorf("retiring Get after its Remove: %v", err)
	}
	got, err = k.Get(ctx, "Zapier")
	if err != nil {
		t.Fatalf("removing the retiring key touched the name's own: %v", err)
	}
	sameSecret(t, "Get after removing the retiring key", got, fakeKey(1))
}

// A Keychain and its Retiring one are one keychain: a call stuck on one
// holds the other's calls back too, rather than piling onto the keychain.
func TestRetiringSharesTheConversationSlot(t *testing.T) {
	f := newFake()
	f.put(DefaultName, fakeKey(1))
	g := newGate()
	defer g.release()
	f.setBefore(func(op, _ string) error { g.wait(op); return nil })
	k := NewKeychainWith(f, short)
	if _, err := k.Get(context.Background(), DefaultName); KindOf(err) != TimedOut {
		t.Fatalf("got %v, want TimedOut", err)
	}
	if _, err := k.Retiring().Get(context.Background(), DefaultName); KindOf(err) != TimedOut {
		t.Errorf("a retiring read while the keychain is stuck: %v, want TimedOut", err)
	}
	if n := len(f.opLog()); n != 1 {
		t.Errorf("keychain saw %d calls while stuck, want 1", n)
	}
	g.release()
	waitIdle(k)
}

func TestFoldsCase(t *testing.T) {
	k := NewKeychainWith(newFake(), long)
	if got, want := k.FoldsCase(), runtime.GOOS == "windows"; got != want {
		t.Errorf("Keychain.FoldsCase() = %v on %s", got, runtime.GOOS)
	}
	if k.Retiring().(CaseFolder).FoldsCase() != k.FoldsCase() {
		t.Error("the retiring keychain folds case differently")
	}
	if NewMemory().FoldsCase() {
		t.Error("Memory folds case")
	}
}

func TestMemoryRetiringIsOneSibling(t *testing.T) {
	m := NewMemory()
	ctx := context.Background()
	r := m.Retiring()
	if r != m.Retiring() {
		t.Error("Retiring() gives a new store each time: retiring keys would be lost")
	}
	if r == Store(m) {
		t.Fatal("Retiring() is the names' own store")
	}
	if r.Where() != PlaceSession {
		t.Errorf("the retiring store says %v", r.Where())
	}
	if err := m.Save(ctx, "Zapier", fakeKey(1)); err != nil {
		t.Fatal(err)
	}
	if err := r.Save(ctx, "Zapier", fakeKey(2)); err != nil {
		t.Fatal(err)
	}
	got, _ := m.Get(ctx, "Zapier")
	sameSecret(t, "the name's own key", got, fakeKey(1))
	got, _ = r.Get(ctx, "Zapier")
	sameSecret(t, "the retiring key", got, fakeKey(2))
	items, _ := m.List(ctx)
	if itemNames(items) != "Zapier" {
		t.Errorf("listed %q", itemNames(items))
	}
	if err := r.Remove(ctx, "Zapier"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Get(ctx, "Zapier"); err != nil {
		t.Errorf("removing the retiring key removed the name's own: %v", err)
	}
}

func TestNotesAndRetiringFactsAreKept(t *testing.T) {
	path := indexPath(t)
	idx := mustLoad(t, path)
	k := sampleInfo("Zapier")
	k.Note = "used in: Zapier, HubSpot 🧑‍💻 ünïcode"
	k.Retiring = &RetiringInfo{
		Ending: "9z9z", SavedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), RetiredAt: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC),
		Account: "admin@example.com", LastTest: &TestRecord{Result: "works", Status: 200},
	}
	if err := idx.Put(k); err != nil {
		t.Fatal(err)
	}
	got, _ := mustLoad(t, path).Get("Zapier")
	if !reflect.DeepEqual(got, k) {
		t.Errorf("read back %+v\nwant %+v", got, k)
	}
	// What Get returns is a copy, down to the retiring key's test.
	got.Retiring.Ending = "0000"
	got.Retiring.LastTest.Result = "changed"
	again, _ := idx.Get("Zapier")
	if again.Retiring.Ending != "9z9z" || again.Retiring.LastTest.Result != "works" {
		t.Error("changing a returned entry changed the index")
	}
	for _, k := range idx.Keys() {
		k.Retiring.LastTest.Status = 0
	}
	if again, _ := idx.Get("Zapier"); again.Retiring.LastTest.Status != 200 {
		t.Error("changing an entry from Keys changed the index")
	}
	// A key without note or retiring key writes neither.
	if err := idx.Put(KeyInfo{Name: "plain", Ending: "abcd"}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if strings.Count(string(data), `"Note"`) != 1 || strings.Count(string(data), `"Retiring"`) != 1 {
		t.Errorf("a key without a note or a retiring key wrote them:\n%s", data)
	}
}

func TestValidateNote(t *testing.T) {
	for what, c := range map[string]struct {
		note string
		want error
	}{
		"empty":              {"", nil},
		"plain":              {"used in: Zapier, HubSpot", nil},
		"200 characters":     {strings.Repeat("é", MaxNoteLen), nil},
		"emoji with joiners": {"🧑‍💻 team", nil},
		"201 characters":     {strings.Repeat("a", MaxNoteLen+1), ErrNoteTooLong},
		"a line break":       {"used in:\nZapier", ErrNoteControl},
		"a tab":              {"used\tin", ErrNoteControl},
		"a NUL":              {"a\x00b", ErrNoteControl},
		"not UTF-8":          {"a\xffb", ErrNoteControl},
		"a bidi override":    {"abc\u202edcba", ErrNoteControl},
	} {
		if err := ValidateNote(c.note); !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", what, err, c.want)
		}
	}
}

func TestPutRefusesBadNotesAndRetiringEndings(t *testing.T) {
	path := indexPath(t)
	idx := mustLoad(t, path)
	secret := fakeKey(8)
	for what, k := range map[string]KeyInfo{
		"a whole key as the retiring ending": {Name: "x", Ending: "1234", Retiring: &RetiringInfo{Ending: secret}},
		"a long note":                        {Name: "x", Ending: "1234", Note: strings.Repeat("n", MaxNoteLen+1)},
		"a note with a line break":           {Name: "x", Ending: "1234", Note: "a\nb"},
	} {
		err := idx.Put(k)
		if err == nil {
			t.Errorf("%s: accepted", what)
			continue
		}
		noSecretIn(t, err, secret)
	}
	if len(idx.Keys()) != 0 {
		t.Error("a refused entry was listed")
	}
	// A transaction cannot slip one in either.
	err := idx.Transact(func(keys map[string]KeyInfo) (bool, error) {
		keys["x"] = KeyInfo{Name: "x", Retiring: &RetiringInfo{Ending: secret}}
		return true, nil
	})
	if err == nil {
		t.Error("a transaction wrote a whole key as a retiring ending")
	}
	noSecretIn(t, err, secret)
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Error("a refused transaction wrote the file")
	}
	// A file holding one is damaged, not trusted.
	if err := os.MkdirAll(path[:len(path)-len("/keys.json")], 0o700); err != nil {
		t.Fatal(err)
	}
	bad := `{"version":1,"keys":[{"Name":"x","Ending":"1234","Retiring":{"Ending":"` + secret + `"}}]}`
	if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	var rec *IndexRecoveredError
	if _, err := LoadIndex(path); !errors.As(err, &rec) {
		t.Errorf("a file with a whole key as a retiring ending loaded: %v", err)
	} else {
		noSecretIn(t, err, secret)
	}
}
