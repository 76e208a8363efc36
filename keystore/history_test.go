package keystore

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func entryAt(i int) HistoryEntry {
	return HistoryEntry{At: time.Date(2026, 12, 1, 9, 0, i, 0, time.UTC), From: FromWindow, Result: "works",
		Account: "admin@example.com", Status: 200, RequestID: fmt.Sprintf("req_%03d", i), Ending: "1a2b"}
}

func TestHistoryKeepsTheLast50NewestFirst(t *testing.T) {
	h := OpenHistory(filepath.Join(t.TempDir(), "history.json"))
	for i := range 60 {
		if err := h.Add("Production", entryAt(i)); err != nil {
			t.Fatal(err)
		}
	}
	got, err := h.Of("Production")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != HistoryLen || got[0].RequestID != "req_059" || got[HistoryLen-1].RequestID != "req_010" {
		t.Fatalf("kept %d tests, newest %q, oldest %q", len(got), got[0].RequestID, got[len(got)-1].RequestID)
	}
	if other, _ := h.Of("Staging"); len(other) != 0 {
		t.Errorf("a key never tested has %d tests", len(other))
	}
}

func TestHistoryFollowsRenameAndRemove(t *testing.T) {
	h := OpenHistory(filepath.Join(t.TempDir(), "history.json"))
	if err := h.Add("Prod", entryAt(1)); err != nil {
		t.Fatal(err)
	}
	if err := h.Rename("Prod", "Production"); err != nil {
		t.Fatal(err)
	}
	if got, _ := h.Of("Production"); len(got) != 1 {
		t.Fatalf("after the rename, Production has %d tests", len(got))
	}
	if got, _ := h.Of("Prod"); len(got) != 0 {
		t.Fatalf("after the rename, Prod still has %d tests", len(got))
	}
	if err := h.Forget("Production"); err != nil {
		t.Fatal(err)
	}
	if got, _ := h.Of("Production"); len(got) != 0 {
		t.Fatalf("after Forget, %d tests are left", len(got))
	}
}

func TestHistoryRefusesMoreOfAKeyThanItsEnding(t *testing.T) {
	h := OpenHistory(filepath.Join(t.TempDir(), "history.json"))
	e := entryAt(1)
	e.Ending = "tk_live_whole_key"
	if err := h.Add("Production", e); err == nil {
		t.Fatal("an entry with a whole key as its ending was kept")
	}
	e = entryAt(1)
	e.From = "somewhere"
	if err := h.Add("Production", e); err == nil {
		t.Fatal("an entry from an unknown place was kept")
	}
	if _, err := os.Stat(h.Path()); err == nil {
		t.Error("a refused entry wrote the file")
	}
}

func TestADamagedHistoryIsSetAsideAndStartsAgain(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "history.json")
	if err := os.WriteFile(path, []byte(`{"version":1,"keys":{"Production":[{"At":"yesterday"`), 0o600); err != nil {
		t.Fatal(err)
	}
	h := OpenHistory(path)
	if _, err := h.Of("Production"); err == nil {
		t.Error("a damaged history read without an error")
	}
	if err := h.Add("Production", entryAt(1)); err != nil {
		t.Fatalf("adding to a damaged history: %v", err)
	}
	if got, err := h.Of("Production"); err != nil || len(got) != 1 {
		t.Fatalf("after the reset, Production has %d tests (%v)", len(got), err)
	}
	aside, _ := filepath.Glob(filepath.Join(dir, "history.json.corrupt-*"))
	if len(aside) != 1 {
		t.Errorf("the damaged file was not set aside: %v", aside)
	}
}

func TestHistoryBoundsItsNames(t *testing.T) {
	h := OpenHistory(filepath.Join(t.TempDir(), "history.json"))
	for i := range maxHistoryNames + 10 {
		if err := h.Add(fmt.Sprintf("key %02d", i), entryAt(i)); err != nil {
			t.Fatal(err)
		}
	}
	keys, err := readHistory(h.Path())
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != maxHistoryNames {
		t.Fatalf("the history holds %d names, want at most %d", len(keys), maxHistoryNames)
	}
	if _, ok := keys["key 00"]; ok {
		t.Error("the name tested longest ago was kept")
	}
}

// Several OnceKey processes add at once: nothing is lost. Each History is
// opened on its own, as another process would, so the lock between
// processes is what keeps the tests.
func TestHistoryWritersAtOnceLoseNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.json")
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := OpenHistory(path)
			for i := range 10 {
				e := entryAt(i)
				e.RequestID = fmt.Sprintf("req_w%d_%d", w, i)
				if err := h.Add("Production", e); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	got, err := OpenHistory(path).Of("Production")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 40 {
		t.Fatalf("4 writers of 10 tests left %d", len(got))
	}
	seen := map[string]bool{}
	for _, e := range got {
		seen[e.RequestID] = true
	}
	if len(seen) != 40 || !strings.HasPrefix(got[0].RequestID, "req_w") {
		t.Errorf("%d different tests kept", len(seen))
	}
}

func TestANewerHistoryIsLeftAlone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.json")
	newer := []byte(`{"version":2,"keys":{"Production":[]},"more":"from a later OnceKey"}`)
	if err := os.WriteFile(path, newer, 0o600); err != nil {
		t.Fatal(err)
	}
	h := OpenHistory(path)
	if err := h.Add("Production", entryAt(1)); err == nil {
		t.Fatal("a test was written over a newer OnceKey's history")
	}
	if got, _ := os.ReadFile(path); string(got) != string(newer) {
		t.Error("a newer OnceKey's history was changed")
	}
	if aside, _ := filepath.Glob(path + ".corrupt-*"); len(aside) != 0 {
		t.Error("a newer OnceKey's history was set aside as damaged")
	}
}
