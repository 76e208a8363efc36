//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// Several OnceKey processes at once: scripts and the window. None may lose
// another's change.

func TestTwoScriptsSaveTwelveKeysEachAtOnce(t *testing.T) {
	r := newRig(t)
	keys := map[string]string{}
	for _, p := range []string{"a", "b"} {
		for i := range 12 {
			keys[fmt.Sprintf("script-%s-%02d", p, i)] = canaryKey(t)
		}
	}
	var wg sync.WaitGroup
	for _, p := range []string{"a", "b"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 12 {
				name := fmt.Sprintf("script-%s-%02d", p, i)
				if res := r.cli(keys[name], "set", "--name", name); res.code != 0 {
					t.Errorf("set --name %s: exit %d: %s", name, res.code, redact(res.output()))
				}
			}
		}()
	}
	wg.Wait()
	status := r.cli("", "status")
	for name, key := range keys {
		if !strings.Contains(status.stdout, name+": the key ending in "+key[len(key)-4:]) {
			t.Errorf("status does not list %s", name)
		}
		if got := runCLI(t, r.env(), "", true, "print", "--name", name); strings.TrimSpace(got.stdout) != key {
			t.Errorf("print --name %s does not give back the key saved under it", name)
		}
	}
	if listed, ok := readList(r.home.indexPath()); !ok || len(listed) != len(keys) {
		t.Errorf("the list of keys holds %d names, want %d", len(listed), len(keys))
	}
}

func TestWindowFollowsTheCommandLine(t *testing.T) {
	r := newRig(t)
	first, second := canaryKey(t), canaryKey(t)
	r.api.AddKey(first, "admin@example.com")
	r.api.AddKey(second, "admin@example.com")
	if res := r.cli(first, "set"); res.code != 0 {
		t.Fatalf("set: %s", redact(res.output()))
	}
	w := openMappedWindow(r)
	w.waitShown("key.test")

	// A script replaces the key the window shows: within 2 s the window
	// holds the new key (its Test sends the new one).
	if res := r.cli(second, "set", "--replace"); res.code != 0 {
		t.Fatalf("set of a new key: %s", redact(res.output()))
	}
	start := time.Now()
	defer func() {
		if t.Failed() {
			t.Logf("the stand-in got the first key %d times and the second %d times; the window shows %v", r.api.Sent(first), r.api.Sent(second), w.shown())
		}
	}()
	w.waitFor("the window to take the new key", func() bool {
		if w.widgets()["key.test"].Enabled {
			w.unfocus()
			w.key("Return")
		}
		return r.api.Sent(second) > 0
	})
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("the window took %v to follow the script's set, want at most 2 s", took.Round(time.Millisecond))
	}
	w.settle()
	w.screenshot("processes-1-new-key-from-script.png")

	// A key saved under another name survives the window's next write (the
	// test result it records).
	zapier := canaryKey(t)
	if res := r.cli(zapier, "set", "--name", "Zapier"); res.code != 0 {
		t.Fatalf("set --name Zapier: %s", redact(res.output()))
	}
	before := r.api.Sent(second)
	w.unfocus()
	w.key("Return")
	w.waitFor("the window's test to be recorded", func() bool { return r.api.Sent(second) > before && w.lastTest() == "works" })
	w.settle()
	if status := r.cli("", "status"); !strings.Contains(status.stdout, "Zapier: the key ending in "+zapier[len(zapier)-4:]) {
		t.Errorf("after the window wrote the list, status lost Zapier:\n%s", redact(status.stdout))
	}

	// A script removes both keys, the one the window shows last: within
	// 2 s the window shows the first-run view.
	if res := r.cli("", "remove", "--name", "Zapier"); res.code != 0 {
		t.Fatalf("remove --name Zapier: %s", redact(res.output()))
	}
	if res := r.cli("", "remove"); res.code != 0 {
		t.Fatalf("remove: %s", redact(res.output()))
	}
	start = time.Now()
	w.waitShown("firstrun.entry")
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("the window took %v to follow the script's remove, want at most 2 s", took.Round(time.Millisecond))
	}
	w.settle()
	w.screenshot("processes-2-removed-by-script.png")
}

func TestTwoScriptsRaceForTheTwentyFifthKey(t *testing.T) {
	r := newRig(t)
	for i := range 24 {
		if res := r.cli(canaryKey(t), "set", "--name", fmt.Sprintf("key-%02d", i)); res.code != 0 {
			t.Fatalf("set key-%02d: %s", i, redact(res.output()))
		}
	}
	results := make([]cliResult, 2)
	var wg sync.WaitGroup
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = r.cli(canaryKey(t), "set", "--name", fmt.Sprintf("last-%d", i))
		}()
	}
	wg.Wait()
	saved := 0
	for _, res := range results {
		switch {
		case res.code == 0:
			saved++
		case !strings.Contains(res.stderr, "25 keys"):
			t.Errorf("the refused script was told: %s", redact(res.output()))
		}
	}
	if saved != 1 {
		t.Errorf("%d of the two scripts saved a 25th key, want exactly 1", saved)
	}
	if listed, _ := readList(r.home.indexPath()); len(listed) != 25 {
		t.Errorf("the list holds %d keys, want 25", len(listed))
	}
}

func TestALostListIsMadeAgainFromTheKeychain(t *testing.T) {
	r := newRig(t)
	names := []string{"default", "Zapier", "HubSpot CRM"}
	for _, name := range names {
		if res := r.cli(canaryKey(t), "set", "--name", name); res.code != 0 {
			t.Fatalf("set --name %s: %s", name, redact(res.output()))
		}
	}
	if err := os.Remove(r.home.indexPath()); err != nil {
		t.Fatal(err)
	}
	status := r.cli("", "status")
	for _, name := range names {
		if !strings.Contains(status.stdout, name+": the key ending in ") {
			t.Errorf("after the list was deleted, status does not show %s:\n%s", name, redact(status.stdout))
		}
	}
	if !strings.Contains(status.stdout, "saved just now") {
		t.Errorf("the rebuilt list does not take the keys' ages from the keychain:\n%s", redact(status.stdout))
	}
	if listed, _ := readList(r.home.indexPath()); len(listed) != len(names) {
		t.Errorf("the rebuilt list holds %d keys, want %d", len(listed), len(names))
	}
}
