package keystore

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func indexPath(t *testing.T) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "OnceKey", "keys.json")
}

func mustLoad(t *testing.T, path string) *Index {
	t.Helper()
	idx, err := LoadIndex(path)
	if err != nil {
		t.Fatalf("LoadIndex: %v", err)
	}
	return idx
}

func sampleInfo(name string) KeyInfo {
	return KeyInfo{
		Name:    name,
		Ending:  "9Qx" + name[:1],
		SavedAt: time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC),
		LastTest: &TestRecord{
			At: time.Date(2025, 3, 4, 5, 7, 0, 0, time.UTC), Result: "works",
			Account: "admin@example.com", Status: 200, RequestID: "req_1234567890abcdef",
		},
	}
}

func TestMissingIndexIsEmpty(t *testing.T) {
	path := indexPath(t)
	idx := mustLoad(t, path)
	if n := len(idx.Keys()); n != 0 {
		t.Fatalf("%d keys in a missing file", n)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("loading created the file: %v", err)
	}
}

func TestPutGetKeysAndReload(t *testing.T) {
	path := indexPath(t)
	idx := mustLoad(t, path)
	for _, n := range []string{"zapier", "Staging", DefaultName, "Production", "alpha"} {
		if err := idx.Put(sampleInfo(n)); err != nil {
			t.Fatalf("Put %q: %v", n, err)
		}
	}
	want := []string{DefaultName, "alpha", "Production", "Staging", "zapier"}
	check := func(idx *Index) {
		t.Helper()
		var got []string
		for _, k := range idx.Keys() {
			got = append(got, k.Name)
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("Keys() order = %v, want %v", got, want)
		}
		k, ok := idx.Get("Staging")
		if !ok {
			t.Fatal("Get(Staging) not found")
		}
		w := sampleInfo("Staging")
		if k.Ending != w.Ending || !k.SavedAt.Equal(w.SavedAt) || k.LastTest == nil || *k.LastTest != *w.LastTest {
			t.Errorf("Get(Staging) = %+v, want %+v", k, w)
		}
		if _, ok := idx.Get("nope"); ok {
			t.Error("Get of an unknown name found something")
		}
	}
	check(idx)
	check(mustLoad(t, path))

	// A caller changing a returned record does not change the index.
	k, _ := idx.Get("Staging")
	k.LastTest.Result = "changed"
	if again, _ := idx.Get("Staging"); again.LastTest.Result != "works" {
		t.Error("the index shares its records with callers")
	}
}

func TestIndexFilePermissionsAndNoTempFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix permission bits")
	}
	path := indexPath(t)
	idx := mustLoad(t, path)
	for i := range 5 {
		if err := idx.Put(sampleInfo(fmt.Sprintf("k%d", i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := idx.Delete("k0"); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("file mode %o, want 600", perm)
	}
	di, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if perm := di.Mode().Perm(); perm != 0o700 {
		t.Errorf("folder mode %o, want 700", perm)
	}
	if got := folderNames(t, filepath.Dir(path)); got != "keys.json keys.json.lock" {
		t.Errorf("folder holds %s, want only keys.json and its lock file", got)
	}
	if fi, err := os.Stat(lockPath(path)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("lock file: %v, %v; want mode 600", fi, err)
	}
}

// folderNames lists the entries of dir, sorted, separated by spaces.
func folderNames(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}

func TestIndexFileFormat(t *testing.T) {
	path := indexPath(t)
	idx := mustLoad(t, path)
	if err := idx.Put(sampleInfo(DefaultName)); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatalf("file is not JSON: %v", err)
	}
	if raw["version"] != float64(1) {
		t.Errorf("version = %v, want 1", raw["version"])
	}
	// A key never tested has no LastTest at all in the file.
	if err := idx.Put(KeyInfo{Name: "fresh", Ending: "abcd"}); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(path)
	var f indexFile
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(data), "LastTest") != 1 {
		t.Errorf("LastTest written for a key never tested:\n%s", data)
	}
}

func TestPutRefusesWhatCouldHoldASecret(t *testing.T) {
	path := indexPath(t)
	idx := mustLoad(t, path)
	if err := idx.Put(sampleInfo(DefaultName)); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	secret := fakeKey(7)
	for what, k := range map[string]KeyInfo{
		"whole key as ending": {Name: "x", Ending: secret},
		"five characters":     {Name: "x", Ending: "12345"},
		"bad name":            {Name: "a\nb", Ending: "1234"},
		"empty name":          {Name: "", Ending: "1234"},
	} {
		err := idx.Put(k)
		if err == nil {
			t.Errorf("%s: accepted", what)
			continue
		}
		noSecretIn(t, err, secret)
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Error("a refused Put changed the file")
	}
	if len(idx.Keys()) != 1 {
		t.Error("a refused Put changed the index")
	}
	if err := idx.Put(KeyInfo{Name: "ok", Ending: "ßé€x"}); err != nil {
		t.Errorf("4 non-ASCII characters refused: %v", err)
	}
}

func TestDelete(t *testing.T) {
	path := indexPath(t)
	idx := mustLoad(t, path)
	for _, n := range []string{"a", "b"} {
		if err := idx.Put(sampleInfo(n)); err != nil {
			t.Fatal(err)
		}
	}
	if err := idx.Delete("a"); err != nil {
		t.Fatal(err)
	}
	if err := idx.Delete("never there"); err != nil {
		t.Errorf("deleting an unknown name: %v", err)
	}
	for _, i := range []*Index{idx, mustLoad(t, path)} {
		if _, ok := i.Get("a"); ok {
			t.Error("a still listed")
		}
		if _, ok := i.Get("b"); !ok {
			t.Error("b gone")
		}
	}
}

func TestDamagedIndexIsMovedAsideAndReset(t *testing.T) {
	good, err := json.Marshal(indexFile{Version: 1, Keys: []KeyInfo{sampleInfo("Production")}})
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"garbage":             "\x00\x01\x02 not json at all \xff",
		"truncated":           string(good[:len(good)/2]),
		"empty":               "",
		"only spaces":         " \n\t ",
		"null":                "null",
		"wrong root type":     `["default"]`,
		"wrong key type":      `{"version":1,"keys":{"Name":"x"}}`,
		"wrong field type":    `{"version":1,"keys":[{"Name":42,"Ending":"abcd"}]}`,
		"wrong time":          `{"version":1,"keys":[{"Name":"x","SavedAt":"yesterday"}]}`,
		"wrong version":       `{"version":7,"keys":[]}`,
		"no version":          `{"keys":[]}`,
		"bad name":            `{"version":1,"keys":[{"Name":"a\nb"}]}`,
		"long ending":         `{"version":1,"keys":[{"Name":"a","Ending":"abcdefgh"}]}`,
		"duplicate names":     `{"version":1,"keys":[{"Name":"a"},{"Name":"a"}]}`,
		"trailing data":       string(good) + `{"version":1}`,
		"two documents glued": string(good) + string(good),
	}
	for what, content := range cases {
		t.Run(what, func(t *testing.T) {
			path := indexPath(t)
			if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			idx, err := LoadIndex(path)
			var rec *IndexRecoveredError
			if !errors.As(err, &rec) {
				t.Fatalf("got %v, want *IndexRecoveredError", err)
			}
			if idx == nil || len(idx.Keys()) != 0 {
				t.Fatal("no empty index returned with the recovery error")
			}
			msg := err.Error()
			if !rec.Rebuild || rec.Err == nil {
				t.Errorf("recovery facts: %+v", rec)
			}
			if want := "list of keys damaged; moved to " + filepath.Base(rec.MovedTo) + "; to be rebuilt from the keychain"; msg != want {
				t.Errorf("message %q, want %q", msg, want)
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("damaged file still in place: %v", err)
			}
			if !strings.HasPrefix(filepath.Base(rec.MovedTo), "keys.json.corrupt-") {
				t.Fatalf("moved to %q", rec.MovedTo)
			}
			kept, err := os.ReadFile(rec.MovedTo)
			if err != nil || string(kept) != content {
				t.Errorf("the damaged file was not kept as it was (%v)", err)
			}
			// The index works after recovery.
			if err := idx.Put(sampleInfo(DefaultName)); err != nil {
				t.Fatalf("Put after recovery: %v", err)
			}
			if n := len(mustLoad(t, path).Keys()); n != 1 {
				t.Errorf("%d keys after recovery and one Put", n)
			}
		})
	}
}

func TestUnreadableIndexIsAnErrorNotAReset(t *testing.T) {
	path := indexPath(t)
	if err := os.MkdirAll(path, 0o700); err != nil { // a folder where the file should be
		t.Fatal(err)
	}
	idx, err := LoadIndex(path)
	if err == nil || idx != nil {
		t.Fatalf("got (%v, %v), want an error and no index", idx, err)
	}
	var rec *IndexRecoveredError
	if errors.As(err, &rec) {
		t.Error("an unreadable file was treated as damaged")
	}
	if _, statErr := os.Stat(path); statErr != nil {
		t.Errorf("the unreadable entry was moved: %v", statErr)
	}
}

func TestFailedWriteChangesNothing(t *testing.T) {
	path := indexPath(t)
	idx := mustLoad(t, path)
	if err := idx.Put(sampleInfo("a")); err != nil {
		t.Fatal(err)
	}
	// Put a folder with something in it where the file is, so the final
	// rename cannot replace it.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(path, "in-the-way"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := writeFileAtomic(path, []byte("{}")); err == nil {
		t.Fatal("writeFileAtomic replaced a folder")
	}
	if err := idx.Put(sampleInfo("b")); err == nil {
		t.Fatal("Put succeeded with a folder in the file's place")
	}
	if _, ok := idx.Get("b"); ok || len(idx.Keys()) != 1 {
		t.Error("a failed Put changed the index")
	}
	if got := folderNames(t, filepath.Dir(path)); got != "keys.json keys.json.lock" {
		t.Errorf("temporary files left behind: %s", got)
	}
}

func TestConcurrentPut(t *testing.T) {
	path := indexPath(t)
	idx := mustLoad(t, path)
	var wg sync.WaitGroup
	const n = 40
	for i := range n {
		wg.Go(func() {
			name := fmt.Sprintf("key-%02d", i)
			if err := idx.Put(KeyInfo{Name: name, Ending: fmt.Sprintf("%04d", i)}); err != nil {
				t.Errorf("Put %s: %v", name, err)
			}
			if _, ok := idx.Get(name); !ok {
				t.Errorf("%s missing right after Put", name)
			}
			_ = idx.Keys()
		})
	}
	wg.Wait()
	for _, i := range []*Index{idx, mustLoad(t, path)} {
		if got := len(i.Keys()); got != n {
			t.Errorf("%d keys, want %d", got, n)
		}
	}
	if got := folderNames(t, filepath.Dir(path)); got != "keys.json keys.json.lock" {
		t.Errorf("folder holds %s, want only keys.json and its lock file", got)
	}
}

// Two programs (say the window and the command line) each hold an index
// of the same file: each change keeps the other's.
func TestTwoIndexesOnOneFileKeepEachOthersChanges(t *testing.T) {
	path := indexPath(t)
	a, b := mustLoad(t, path), mustLoad(t, path)
	if err := a.Put(sampleInfo("fromA")); err != nil {
		t.Fatal(err)
	}
	if err := b.Put(sampleInfo("fromB")); err != nil {
		t.Fatal(err)
	}
	if err := a.Delete("gone"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"fromA", "fromB"} {
		if _, ok := mustLoad(t, path).Get(name); !ok {
			t.Errorf("%s lost", name)
		}
		if _, ok := a.Get(name); !ok {
			t.Errorf("index a does not list %s after its own change", name)
		}
	}
}

func TestDefaultIndexPath(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("HOME", dir)
	t.Setenv("AppData", dir)
	p, err := DefaultIndexPath()
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(p) != "keys.json" || filepath.Base(filepath.Dir(p)) != "OnceKey" {
		t.Errorf("DefaultIndexPath = %q, want …/OnceKey/keys.json", p)
	}
	if !strings.HasPrefix(p, dir) {
		t.Errorf("DefaultIndexPath = %q, not under the user's config folder %q", p, dir)
	}
}

func FuzzLoadIndex(f *testing.F) {
	good, _ := json.Marshal(indexFile{Version: 1, Keys: []KeyInfo{sampleInfo("Production"), sampleInfo(DefaultName)}})
	for _, seed := range []string{
		string(good), "", "null", "{}", `{"version":1}`, `{"version":1,"keys":null}`,
		`{"version":1,"keys":[{"Name":"a","Ending":"1234","LastTest":{"Status":"x"}}]}`,
		string(good[:len(good)-3]), "\xef\xbb\xbf" + string(good),
	} {
		f.Add([]byte(seed))
	}
	dir := f.TempDir()
	n := 0
	f.Fuzz(func(t *testing.T, data []byte) {
		n++
		path := filepath.Join(dir, fmt.Sprintf("k%d", n), "keys.json")
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		idx, err := LoadIndex(path)
		var rec *IndexRecoveredError
		switch {
		case err == nil:
			// Whatever loaded survives a write and a reload unchanged.
			keys := idx.Keys()
			if err := idx.Put(KeyInfo{Name: "fuzz-added", Ending: "abcd"}); err != nil {
				t.Fatalf("Put after a clean load: %v", err)
			}
			again, err := LoadIndex(path)
			if err != nil {
				t.Fatalf("reload after Put: %v", err)
			}
			for _, k := range keys {
				if _, ok := again.Get(k.Name); !ok {
					t.Fatalf("key lost on rewrite")
				}
			}
		case errors.As(err, &rec):
			if idx == nil || len(idx.Keys()) != 0 {
				t.Fatal("recovery did not return an empty index")
			}
		default:
			t.Fatalf("LoadIndex returned neither an index nor a recovery: %v", err)
		}
		os.RemoveAll(filepath.Dir(path))
	})
}
