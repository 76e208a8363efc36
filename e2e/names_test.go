//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// Named keys from the command line against a real Secret Service: which
// key a command means, renames that never hold fewer than one copy, and
// "set" that never writes over a key unasked.

func TestNamesAgainstTheKeychain(t *testing.T) {
	r := newRig(t)
	crm, zapier := canaryKey(t), canaryKey(t)
	if res := r.cli(crm, "set", "--name", "Production CRM"); res.code != 0 {
		t.Fatalf("set: %s", redact(res.output()))
	}
	r.keyring.expectKey("Production CRM", crm, "after set --name")
	// One key: no --name needed, whatever its name.
	if res := runCLI(t, r.env(), "", true, "print"); res.code != 0 || res.stdout != crm+"\n" {
		t.Errorf("print without --name, one key saved: exit %d", res.code)
	}
	if res := r.cli(zapier, "set", "--name", "Zapier"); res.code != 0 {
		t.Fatalf("set Zapier: %s", redact(res.output()))
	}
	res := r.cli("", "print")
	if res.code != 2 || !strings.Contains(res.stderr, `"Production CRM", "Zapier"`) {
		t.Errorf("print without --name, two keys saved: exit %d, %s", res.code, redact(res.output()))
	}
	checkPlain(t, "print with two keys", res.stderr)

	// A taken name is refused without --replace, and the key stays.
	other := canaryKey(t)
	res = r.cli(other, "set", "--name", "Zapier")
	if res.code != 2 || !strings.Contains(res.stderr, "--replace") {
		t.Errorf("set on a taken name: exit %d, %s", res.code, redact(res.output()))
	}
	r.keyring.expectKey("Zapier", zapier, "after a refused set")
	// Names are the same ignoring case: --replace in other letter case
	// writes over Zapier, and makes no second item.
	if res := r.cli(other, "set", "--name", "zapier", "--replace"); res.code != 0 {
		t.Errorf("set --name zapier --replace: %s", redact(res.output()))
	}
	r.keyring.expectKey("Zapier", other, "after set --replace")
	if _, ok := r.keyring.lookup("zapier"); ok {
		t.Error("set --name zapier --replace made a second item beside Zapier")
	}
}

func TestRenameAgainstTheKeychain(t *testing.T) {
	r := newRig(t)
	key := canaryKey(t)
	if res := r.cli(key, "set", "--name", "zapier"); res.code != 0 {
		t.Fatalf("set: %s", redact(res.output()))
	}
	// The keychain is watched while the rename runs: at no moment may it
	// hold no copy of the key.
	stop := make(chan struct{})
	lost := make(chan string, 1)
	go func() {
		for {
			select {
			case <-stop:
				close(lost)
				return
			default:
			}
			_, a := r.keyring.lookup("zapier")
			_, b := r.keyring.lookup("Zapier")
			_, c := r.keyring.lookup("Vendor: Zapier")
			if !a && !b && !c {
				lost <- "no copy of the key was in the keychain during a rename"
				close(lost)
				return
			}
		}
	}()
	steps := [][2]string{{"zapier", "Zapier"}, {"Zapier", "Vendor: Zapier"}}
	for _, s := range steps {
		if res := r.cli("", "rename", s[0], s[1]); res.code != 0 {
			t.Fatalf("rename %q %q: %s", s[0], s[1], redact(res.output()))
		} else {
			checkPlain(t, "rename", res.stdout)
		}
		r.keyring.expectKey(s[1], key, "after rename to "+s[1])
	}
	close(stop)
	if msg, ok := <-lost; ok {
		t.Error(msg)
	}
	for _, old := range []string{"zapier", "Zapier"} {
		if _, ok := r.keyring.lookup(old); ok {
			t.Errorf("the keychain still holds a copy under the old name %q", old)
		}
	}
	res := r.cli("", "status", "--json")
	var status struct {
		Keys []struct{ Name, Ending string }
	}
	if err := json.Unmarshal([]byte(res.stdout), &status); err != nil || len(status.Keys) != 1 || status.Keys[0].Name != "Vendor: Zapier" || status.Keys[0].Ending != key[len(key)-4:] {
		t.Errorf("status --json after renames (%v): %s", err, redact(res.stdout))
	}
}

func TestTestAllIsPacedAndItsExitCodes(t *testing.T) {
	r := newRig(t)
	const n = 6
	var saved []string
	for i := range n {
		key := canaryKey(t)
		saved = append(saved, key)
		r.api.AddKey(key, "admin@example.com")
		if res := r.cli(key, "set", "--name", fmt.Sprintf("key %d", i)); res.code != 0 {
			t.Fatalf("set: %s", redact(res.output()))
		}
	}
	start := time.Now()
	res := r.cli("", "test", "--all")
	took := time.Since(start)
	if res.code != 0 || strings.Count(res.stdout, ": Works:") != n {
		t.Fatalf("test --all: exit %d\n%s", res.code, redact(res.output()))
	}
	// The default pace is 2 a second: 5 gaps of half a second at least.
	if floor := time.Duration(n-1) * 500 * time.Millisecond; took < floor {
		t.Errorf("test --all of %d keys took %v, less than the pacing floor %v", n, took, floor)
	}
	at := r.api.Arrivals()
	if len(at) != n {
		t.Fatalf("%d requests for %d keys", len(at), n)
	}
	for i := 2; i < len(at); i++ {
		// The first request may wait on a new connection; after it each
		// starts half a second after the one before, give or take the
		// network's jitter on loopback.
		if gap := at[i].Sub(at[i-1]); gap < 400*time.Millisecond {
			t.Errorf("requests %d and %d arrived %v apart, under the pace of 2 a second", i, i+1, gap)
		}
	}
	if most := r.api.MaxPerSecond(); most > 3 {
		t.Errorf("%d requests within one second; OnceHub allows 5 and other tools need some", most)
	}
	t.Logf("test --all of %d keys: %v, at most %d requests in a second", n, took, r.api.MaxPerSecond())

	if res := r.cli("", "test", "--all", "--pace", "4"); res.code != 0 {
		t.Errorf("test --all --pace 4: exit %d", res.code)
	}
	r.api.RemoveKey(saved[0])
	res = r.cli("", "test", "--all", "--pace", "4")
	if res.code != 1 {
		t.Errorf("test --all with a key OnceHub refuses: exit %d, want 1\n%s", res.code, redact(res.output()))
	}
	checkPlain(t, "test --all with a refused key", res.stdout)
	r.keyring.killDaemon()
	res = r.cli("", "test", "--all", "--pace", "4")
	if res.code != 2 {
		t.Errorf("test --all with no keychain: exit %d, want 2\n%s", res.code, redact(res.output()))
	}
}
