package keystore

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
)

// onceHubLimit is how many active keys OnceHub allows per account.
const onceHubLimit = 25

func fill(t *testing.T, idx *Index, n int) {
	t.Helper()
	for j := range n {
		if err := idx.Put(KeyInfo{Name: fmt.Sprintf("key-%02d", j), Ending: "abcd"}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestTransactWorksOnTheFileNotAStaleCopy(t *testing.T) {
	path := indexPath(t)
	a, b := mustLoad(t, path), mustLoad(t, path)
	if err := b.Put(sampleInfo("fromB")); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	err := a.Transact(func(keys map[string]KeyInfo) (bool, error) {
		if _, ok := keys["fromB"]; !ok {
			t.Error("the transaction did not see the other index's change")
		}
		keys["ignored"] = KeyInfo{Name: "ignored"} // not written: changed is false
		return false, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("an unchanged transaction wrote the file")
	}
	if _, ok := a.Get("fromB"); !ok {
		t.Error("the index did not keep what the transaction read")
	}
	if _, ok := a.Get("ignored"); ok {
		t.Error("a change reported as none reached the index")
	}

	err = a.Transact(func(keys map[string]KeyInfo) (bool, error) {
		delete(keys, "fromB")
		keys["fromA"] = sampleInfo("fromA")
		return true, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	fresh := mustLoad(t, path)
	if _, ok := fresh.Get("fromB"); ok {
		t.Error("deletion not written")
	}
	if _, ok := fresh.Get("fromA"); !ok {
		t.Error("addition not written")
	}
}

func TestTransactThatFailsChangesNothing(t *testing.T) {
	path := indexPath(t)
	idx := mustLoad(t, path)
	fill(t, idx, 2)
	before, _ := os.ReadFile(path)
	mine := errors.New("mine")
	secret := fakeKey(3)
	for what, fn := range map[string]func(map[string]KeyInfo) (bool, error){
		"fn's error": func(keys map[string]KeyInfo) (bool, error) {
			keys["new"] = KeyInfo{Name: "new"}
			return true, mine
		},
		"a whole key as ending": func(keys map[string]KeyInfo) (bool, error) {
			keys["new"] = KeyInfo{Name: "new", Ending: secret}
			return true, nil
		},
		"an invalid name": func(keys map[string]KeyInfo) (bool, error) {
			keys["a\nb"] = KeyInfo{Name: "a\nb"}
			return true, nil
		},
		"filed under another name": func(keys map[string]KeyInfo) (bool, error) {
			keys["new"] = KeyInfo{Name: "other"}
			return true, nil
		},
	} {
		err := idx.Transact(fn)
		if err == nil {
			t.Errorf("%s: no error", what)
		}
		if what == "fn's error" && err != mine {
			t.Errorf("fn's error came back as %v", err)
		}
		noSecretIn(t, err, secret)
		if after, _ := os.ReadFile(path); string(after) != string(before) {
			t.Errorf("%s: the file changed", what)
		}
		if n := len(idx.Keys()); n != 2 {
			t.Errorf("%s: %d keys in the index, want 2", what, n)
		}
	}
}

func TestAddLimitAndNames(t *testing.T) {
	path := indexPath(t)
	idx := mustLoad(t, path)
	fill(t, idx, onceHubLimit-1)
	stores := 0
	store := func() error { stores++; return nil }

	if err := idx.Add(KeyInfo{Name: "Prod", Ending: "wxyz"}, onceHubLimit, store); err != nil {
		t.Fatalf("the 25th key: %v", err)
	}
	if stores != 1 {
		t.Errorf("store called %d times, want 1", stores)
	}
	if err := idx.Add(KeyInfo{Name: "one too many"}, onceHubLimit, store); !errors.Is(err, ErrListFull) {
		t.Errorf("the 26th key: %v, want ErrListFull", err)
	}
	if err := idx.Add(KeyInfo{Name: "PROD"}, onceHubLimit, store); !errors.Is(err, ErrNameTaken) {
		t.Errorf("PROD beside Prod: %v, want ErrNameTaken", err)
	}
	if stores != 1 {
		t.Errorf("store called for a refused key (%d calls)", stores)
	}
	// Replacing a listed key is not adding one.
	if err := idx.Add(KeyInfo{Name: "Prod", Ending: "new1"}, onceHubLimit, store); err != nil {
		t.Errorf("replacing Prod in a full list: %v", err)
	}
	if k, _ := mustLoad(t, path).Get("Prod"); k.Ending != "new1" {
		t.Errorf("Prod's ending %q after the replacement", k.Ending)
	}
	// A keychain that refuses leaves the list as it was.
	if err := idx.Delete("key-00"); err != nil {
		t.Fatal(err)
	}
	refused := errors.New("refused")
	if err := idx.Add(KeyInfo{Name: "new"}, onceHubLimit, func() error { return refused }); err != refused {
		t.Errorf("store's error came back as %v", err)
	}
	if _, ok := mustLoad(t, path).Get("new"); ok || len(idx.Keys()) != onceHubLimit-1 {
		t.Error("a key the keychain refused was listed")
	}
	if err := idx.Add(KeyInfo{Name: "x", Ending: "12345"}, 0, store); err == nil {
		t.Error("an ending of 5 characters was accepted")
	}
	// No limit.
	if err := idx.Add(KeyInfo{Name: "new"}, 0, nil); err != nil {
		t.Error(err)
	}
	if err := idx.Add(KeyInfo{Name: "newer"}, 0, nil); err != nil {
		t.Error(err)
	}
}

func TestLookupFold(t *testing.T) {
	idx := mustLoad(t, indexPath(t))
	for _, n := range []string{"prod", "PROD", "Staging"} {
		if err := idx.Put(KeyInfo{Name: n}); err != nil { // Put itself does not refuse
			t.Fatal(err)
		}
	}
	for _, c := range []struct{ ask, want string }{
		{"prod", "prod"}, {"PROD", "PROD"}, {"Prod", "PROD"}, {"staging", "Staging"}, {"STAGING", "Staging"},
	} {
		k, ok := idx.LookupFold(c.ask)
		if !ok || k.Name != c.want {
			t.Errorf("LookupFold(%q) = %q, %v; want %q", c.ask, k.Name, ok, c.want)
		}
	}
	if _, ok := idx.LookupFold("prod2"); ok {
		t.Error("LookupFold found a name that differs by more than case")
	}
	// Non-ASCII letters fold too.
	if err := idx.Put(KeyInfo{Name: "Ärger"}); err != nil {
		t.Fatal(err)
	}
	if k, ok := idx.LookupFold("ärger"); !ok || k.Name != "Ärger" {
		t.Errorf("LookupFold(ärger) = %q, %v", k.Name, ok)
	}
}

// Two processes add the 25th key at the same moment: exactly one succeeds,
// the other hears that the list is full, and 25 keys are listed.
func TestTwoProcessesRaceForTheLastPlace(t *testing.T) {
	for round := range 3 {
		path := indexPath(t)
		fill(t, mustLoad(t, path), onceHubLimit-1)
		g := newStartGate(t)
		var waits []func() string
		for _, name := range []string{"racer-a", "racer-b"} {
			_, wait := startHelper(t, "add", "ONCEKEY_INDEX_PATH="+path, "ONCEKEY_INDEX_PREFIX="+name, g.env())
			waits = append(waits, wait)
		}
		g.open(t, 2)
		added, full := 0, 0
		for _, w := range waits {
			out := w()
			added += strings.Count(out, "result: added")
			full += strings.Count(out, "result: full")
		}
		if added != 1 || full != 1 {
			t.Errorf("round %d: %d added, %d refused as full; want 1 and 1", round+1, added, full)
		}
		if n := len(mustLoad(t, path).Keys()); n != onceHubLimit {
			t.Errorf("round %d: %d keys listed, want %d", round+1, n, onceHubLimit)
		}
	}
}
