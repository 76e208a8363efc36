package keystore

import (
	"bytes"
	"os"
	"testing"
	"time"
)

func mustRefresh(t *testing.T, idx *Index, want bool, what string) {
	t.Helper()
	changed, err := idx.Refresh()
	if err != nil {
		t.Fatalf("%s: Refresh: %v", what, err)
	}
	if changed != want {
		t.Errorf("%s: Refresh reported changed=%v, want %v", what, changed, want)
	}
}

// A window's index sees what another process wrote, and not its own writes.
func TestRefreshSeesAnotherProcessNotItself(t *testing.T) {
	path := indexPath(t)
	idx := mustLoad(t, path)
	mustRefresh(t, idx, false, "no file yet")
	if err := idx.Put(sampleInfo("mine")); err != nil {
		t.Fatal(err)
	}
	mustRefresh(t, idx, false, "after its own write")

	g := newStartGate(t)
	_, wait := startHelper(t, "put", "ONCEKEY_INDEX_PATH="+path, "ONCEKEY_INDEX_PREFIX=other", "ONCEKEY_INDEX_COUNT=1", g.env())
	g.open(t, 1)
	wait()
	mustRefresh(t, idx, true, "after another process's write")
	if _, ok := idx.Get("other-00"); !ok {
		t.Error("the other process's key is not listed after Refresh")
	}
	if _, ok := idx.Get("mine"); !ok {
		t.Error("this process's key went missing")
	}
	mustRefresh(t, idx, false, "nothing new")

	if err := idx.Put(sampleInfo("mine2")); err != nil {
		t.Fatal(err)
	}
	mustRefresh(t, idx, false, "after its own second write")
	if n := len(mustLoad(t, path).Keys()); n != 3 {
		t.Errorf("%d keys in the file, want 3", n)
	}
}

// Once the file's time is old enough to trust, an unchanged file costs a
// stat and no read.
func TestRefreshOfASettledFileOnlyStats(t *testing.T) {
	path := indexPath(t)
	idx := mustLoad(t, path)
	if err := idx.Put(sampleInfo("a")); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	mustRefresh(t, idx, false, "only the time changed")
	reads := idx.reads
	for range 100 {
		mustRefresh(t, idx, false, "settled")
	}
	if idx.reads != reads {
		t.Errorf("%d reads in 100 Refreshes of an unchanged, settled file", idx.reads-reads)
	}
}

// Two writes within one time step of a coarse file system can leave the
// same inode, size and time: while the time is recent, Refresh compares the
// content instead of trusting the stat.
func TestRefreshSeesAChangeThatKeepsTheStat(t *testing.T) {
	path := indexPath(t)
	idx := mustLoad(t, path)
	if err := idx.Put(KeyInfo{Name: "a", Ending: "abcd"}); err != nil {
		t.Fatal(err)
	}
	mustRefresh(t, idx, false, "own write")
	before, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	changed := bytes.Replace(data, []byte(`"abcd"`), []byte(`"wxyz"`), 1)
	if bytes.Equal(changed, data) {
		t.Fatal("test file has no ending to change")
	}
	if err := os.WriteFile(path, changed, 0o600); err != nil { // in place: same inode
		t.Fatal(err)
	}
	if err := os.Chtimes(path, before.ModTime(), before.ModTime()); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(path)
	if !sameStat(before, after) {
		t.Fatal("the rewrite changed the stat; the test shows nothing")
	}
	mustRefresh(t, idx, true, "same stat, other content")
	if k, _ := idx.Get("a"); k.Ending != "wxyz" {
		t.Errorf("ending %q after Refresh, want wxyz", k.Ending)
	}
}

func TestRefreshOfARemovedFile(t *testing.T) {
	path := indexPath(t)
	idx := mustLoad(t, path)
	if err := idx.Put(sampleInfo("a")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	mustRefresh(t, idx, true, "file removed")
	if n := len(idx.Keys()); n != 0 {
		t.Errorf("%d keys listed after the file was removed", n)
	}
	mustRefresh(t, idx, false, "still removed")
}

// A damaged file is reported once; the list in memory stays, and the next
// change writes it back over the damage.
func TestRefreshOfADamagedFile(t *testing.T) {
	path := indexPath(t)
	idx := mustLoad(t, path)
	if err := idx.Put(sampleInfo("a")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if changed, err := idx.Refresh(); err == nil || changed {
		t.Fatalf("Refresh of a damaged file: %v, %v; want an error", changed, err)
	}
	mustRefresh(t, idx, false, "the same damage again")
	if _, ok := idx.Get("a"); !ok {
		t.Error("the list in memory was dropped")
	}
	if err := idx.Put(sampleInfo("b")); err != nil {
		t.Fatal(err)
	}
	if n := len(mustLoad(t, path).Keys()); n != 2 {
		t.Errorf("%d keys in the file after the next change, want 2", n)
	}
}

func BenchmarkRefreshUnchanged(b *testing.B) {
	path := b.TempDir() + "/keys.json"
	idx, err := LoadIndex(path)
	if err != nil {
		b.Fatal(err)
	}
	for n := range onceHubLimit {
		if err := idx.Put(KeyInfo{Name: "k" + string(rune('a'+n)), Ending: "abcd"}); err != nil {
			b.Fatal(err)
		}
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(path, old, old); err != nil {
		b.Fatal(err)
	}
	if _, err := idx.Refresh(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if changed, err := idx.Refresh(); err != nil || changed {
			b.Fatal(changed, err)
		}
	}
}

// BenchmarkRefreshRecent is Refresh within 2 s of a write, when the content
// decides.
func BenchmarkRefreshRecent(b *testing.B) {
	path := b.TempDir() + "/keys.json"
	idx, err := LoadIndex(path)
	if err != nil {
		b.Fatal(err)
	}
	for n := range onceHubLimit {
		if err := idx.Put(KeyInfo{Name: "k" + string(rune('a'+n)), Ending: "abcd"}); err != nil {
			b.Fatal(err)
		}
	}
	future := time.Now().Add(time.Hour) // never settles
	if err := os.Chtimes(path, future, future); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if changed, err := idx.Refresh(); err != nil || changed {
			b.Fatal(changed, err)
		}
	}
}
