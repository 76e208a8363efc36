package keystore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// indexHelperEnv makes a re-executed test binary act as one of the helper
// processes below instead of running the tests.
const indexHelperEnv = "ONCEKEY_INDEX_HELPER"

// helperDone is the last line a helper prints when it did its work.
const helperDone = "index-helper-done"

// startHelper runs this test binary as the helper mode, with extra
// environment. The returned function waits for it and returns its output,
// failing the test if it failed.
func startHelper(t *testing.T, mode string, env ...string) (stdin io.WriteCloser, wait func() string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestIndexHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), append(env, indexHelperEnv+"="+mode)...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatal(err)
	}
	var once sync.Once
	var result string
	wait = func() string {
		t.Helper()
		once.Do(func() {
			err := cmd.Wait()
			cancel()
			result = out.String()
			if err != nil || !strings.Contains(result, helperDone) {
				t.Errorf("helper %s: %v\n%s", mode, err, result)
			}
		})
		return result
	}
	t.Cleanup(func() { stdin.Close(); wait() })
	return stdin, wait
}

// gate lets helper processes begin their work at the same moment: each
// says it is ready, then waits for the word to go.
type startGate string

func newStartGate(t *testing.T) startGate { return startGate(t.TempDir()) }

func (g startGate) env() string { return "ONCEKEY_INDEX_GATE=" + string(g) }

// open waits until n helpers are ready, then lets them all go.
func (g startGate) open(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		entries, err := os.ReadDir(string(g))
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) >= n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d helpers became ready", len(entries), n)
		}
		time.Sleep(2 * time.Millisecond)
	}
	if err := os.Mkdir(filepath.Join(string(g), "go"), 0o700); err != nil {
		t.Fatal(err)
	}
}

// passGate is the helper's side: ready, then wait for the word.
func passGate(t *testing.T, who string) {
	dir := os.Getenv("ONCEKEY_INDEX_GATE")
	if err := os.WriteFile(filepath.Join(dir, "ready-"+who), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go")); err == nil {
			return
		}
		time.Sleep(500 * time.Microsecond)
	}
}

// TestIndexHelper is not a test: it is the helper processes' body.
func TestIndexHelper(t *testing.T) {
	mode := os.Getenv(indexHelperEnv)
	if mode == "" {
		t.Skip("runs only as a helper process started by another test")
	}
	path := os.Getenv("ONCEKEY_INDEX_PATH")
	switch mode {
	case "put":
		// Load first, so this process works from a copy that the other
		// process's changes make stale.
		idx := mustLoad(t, path)
		prefix, n := os.Getenv("ONCEKEY_INDEX_PREFIX"), 12
		if c := os.Getenv("ONCEKEY_INDEX_COUNT"); c != "" {
			n, _ = strconv.Atoi(c)
		}
		passGate(t, prefix)
		for j := range n {
			if err := idx.Put(KeyInfo{Name: fmt.Sprintf("%s-%02d", prefix, j), Ending: "abcd"}); err != nil {
				t.Fatalf("Put: %v", err)
			}
		}
	case "hold":
		// Holds the lock until its standard input closes.
		l, err := lockFile(lockPath(path), time.Second)
		if err != nil {
			t.Fatalf("lock: %v", err)
		}
		_, _ = io.Copy(io.Discard, os.Stdin)
		l.unlock()
	case "add":
		idx := mustLoad(t, path)
		name := os.Getenv("ONCEKEY_INDEX_PREFIX")
		passGate(t, name)
		err := idx.Add(KeyInfo{Name: name, Ending: "abcd"}, onceHubLimit, func() error {
			time.Sleep(20 * time.Millisecond) // a keychain save takes a few ms
			return nil
		})
		switch {
		case err == nil:
			fmt.Println("result: added")
		case errors.Is(err, ErrListFull):
			fmt.Println("result: full")
		default:
			t.Fatalf("Add: %v", err)
		}
	default:
		t.Fatalf("unknown helper %q", mode)
	}
	fmt.Println(helperDone)
}

// Two processes each add 12 names to the same file at the same moment:
// every name is kept.
func TestTwoProcessesKeepEveryName(t *testing.T) {
	for round := range 5 {
		path := indexPath(t)
		g := newStartGate(t)
		var waits []func() string
		for _, prefix := range []string{"a", "b"} {
			_, wait := startHelper(t, "put", "ONCEKEY_INDEX_PATH="+path, "ONCEKEY_INDEX_PREFIX="+prefix, g.env())
			waits = append(waits, wait)
		}
		g.open(t, 2)
		for _, w := range waits {
			w()
		}
		keys := mustLoad(t, path).Keys()
		if len(keys) != 24 {
			var names []string
			for _, k := range keys {
				names = append(names, k.Name)
			}
			t.Errorf("round %d: %d names listed, want 24: %v", round+1, len(keys), names)
		}
	}
}

// A change waits for the lock held by another process, gives up after its
// wait with a *LockError, and goes through once the lock is free.
func TestLockHeldByAnotherProcess(t *testing.T) {
	path := indexPath(t)
	idx := mustLoad(t, path)
	if err := idx.Put(sampleInfo("before")); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	stdin, wait := startHelper(t, "hold", "ONCEKEY_INDEX_PATH="+path)
	// The helper's output arrives only when it exits, so watch the lock
	// itself to know when the helper holds it.
	deadline := time.Now().Add(30 * time.Second)
	for {
		l, err := lockFile(lockPath(path), 0)
		if err != nil {
			break
		}
		l.unlock()
		if time.Now().After(deadline) {
			t.Fatal("the helper never took the lock")
		}
		time.Sleep(5 * time.Millisecond)
	}

	idx.wait = 200 * time.Millisecond
	t0 := time.Now()
	err := idx.Put(sampleInfo("blocked"))
	took := time.Since(t0)
	var le *LockError
	if !errors.As(err, &le) || !errors.Is(err, ErrLockTimeout) {
		t.Fatalf("Put while locked: %v, want a *LockError with ErrLockTimeout", err)
	}
	if took < 200*time.Millisecond || took > 2*time.Second {
		t.Errorf("gave up after %v, want about 200ms", took)
	}
	if le.Waited < 200*time.Millisecond || !strings.HasSuffix(le.Path, "keys.json.lock") {
		t.Errorf("LockError = %+v", le)
	}
	if msg := err.Error(); msg != "lock keys.json.lock: lock wait timed out" {
		t.Errorf("Error() = %q", msg)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("a change that could not take the lock changed the file")
	}
	if _, ok := idx.Get("blocked"); ok {
		t.Error("a change that could not take the lock changed the index")
	}

	stdin.Close()
	wait()
	idx.wait = 5 * time.Second
	if err := idx.Put(sampleInfo("after")); err != nil {
		t.Fatalf("Put after the lock was released: %v", err)
	}
}

// Two indexes on one file in one process exclude each other through the
// file lock too, not only through their own mutexes.
func TestLockExcludesWithinAProcess(t *testing.T) {
	path := indexPath(t)
	l, err := lockFile(lockPath(path), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	idx := mustLoad(t, path)
	idx.wait = 50 * time.Millisecond
	if err := idx.Put(sampleInfo("x")); !errors.Is(err, ErrLockTimeout) {
		t.Errorf("Put while this process holds the lock elsewhere: %v", err)
	}
	l.unlock()
	if err := idx.Put(sampleInfo("x")); err != nil {
		t.Errorf("Put after unlock: %v", err)
	}
}

func TestLockFileThatCannotBeOpened(t *testing.T) {
	path := indexPath(t)
	if err := os.MkdirAll(lockPath(path), 0o700); err != nil { // a folder in the lock file's place
		t.Fatal(err)
	}
	err := mustLoad(t, path).Put(sampleInfo("x"))
	var le *LockError
	if !errors.As(err, &le) || errors.Is(err, ErrLockTimeout) {
		t.Fatalf("got %v, want a *LockError that is not a timeout", err)
	}
}

func BenchmarkLockUnlock(b *testing.B) {
	path := lockPath(b.TempDir() + "/keys.json")
	for b.Loop() {
		l, err := lockFile(path, time.Second)
		if err != nil {
			b.Fatal(err)
		}
		l.unlock()
	}
}

func BenchmarkPut(b *testing.B) {
	idx, err := LoadIndex(b.TempDir() + "/OnceKey/keys.json")
	if err != nil {
		b.Fatal(err)
	}
	for n := range 10 {
		if err := idx.Put(KeyInfo{Name: fmt.Sprintf("k%d", n), Ending: "abcd"}); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		if err := idx.Put(KeyInfo{Name: "k0", Ending: "abcd"}); err != nil {
			b.Fatal(err)
		}
	}
}
