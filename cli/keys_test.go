package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/oncekey/oncekey/internal/fakeoncehub"
)

const thirdKey = "cliThirdKey-Pw4Nx7Rk2Vc9Hb3J-5e6f"

func TestOneKeyNeedsNoName(t *testing.T) {
	h := newHarness(t)
	if r := h.run(testKey, "set", "--name", "Production CRM"); r.code != ExitWorks {
		t.Fatalf("set --name: exit %d %q", r.code, r.stderr)
	}
	if r := h.run("", "test"); r.code != ExitWorks || !strings.Contains(r.stdout, "admin@example.com") {
		t.Errorf("test without --name, one key saved: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := h.run("", "print"); r.code != ExitWorks || r.stdout != testKey+"\n" {
		t.Errorf("print without --name, one key saved: exit %d %q", r.code, r.stderr)
	}
	if r := h.run("", "print", "--name", "production crm"); r.code != ExitWorks || r.stdout != testKey+"\n" {
		t.Errorf("print --name in other letter case: exit %d %q", r.code, r.stderr)
	}
	if r := h.run("", "remove"); r.code != ExitWorks || !strings.Contains(r.stdout, `"Production CRM"`) {
		t.Errorf("remove without --name, one key saved: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestSeveralKeysNeedAName(t *testing.T) {
	h := newHarness(t)
	h.api.AddKey(otherKey, "zapier@example.com")
	h.run(testKey, "set", "--name", "Production CRM")
	h.run(otherKey, "set", "--name", "Zapier")
	for _, args := range [][]string{{"test"}, {"print"}, {"remove"}, {"set"}} {
		r := h.run(thirdKey, args...)
		if r.code != ExitTrouble || !strings.Contains(r.stderr, `"Production CRM", "Zapier"`) || !strings.Contains(r.stderr, "--name") {
			t.Errorf("oncekey %s with two keys saved: exit %d, stderr %q", args[0], r.code, r.stderr)
		}
	}
	if r := h.run("", "test", "--name", "zapier"); r.code != ExitWorks || !strings.Contains(r.stdout, "zapier@example.com") {
		t.Errorf("test --name zapier (other case): exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestSetOnATakenNameNeedsReplace(t *testing.T) {
	h := newHarness(t)
	h.run(testKey, "set", "--name", "Zapier")
	r := h.run(otherKey, "set", "--name", "Zapier")
	if r.code != ExitTrouble || !strings.Contains(r.stderr, "--replace") || !strings.Contains(r.stderr, "1a2b") {
		t.Fatalf("set on a taken name: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := h.run("", "print", "--name", "Zapier"); r.stdout != testKey+"\n" {
		t.Fatal("set without --replace changed the stored key")
	}
	if r := h.run(otherKey, "set", "--name", "Zapier", "--replace"); r.code != ExitWorks {
		t.Fatalf("set --replace: exit %d %q", r.code, r.stderr)
	}
	if r := h.run("", "print", "--name", "Zapier"); r.stdout != otherKey+"\n" {
		t.Error("set --replace did not store the new key")
	}
	// Another letter case is still the same name: --replace writes over
	// Zapier and makes no second item.
	if r := h.run(thirdKey, "set", "--name", "ZAPIER", "--replace"); r.code != ExitWorks {
		t.Errorf("set --name ZAPIER --replace: exit %d %q", r.code, r.stderr)
	}
	if r := h.run("", "print", "--name", "Zapier"); r.stdout != thirdKey+"\n" {
		t.Error("set --name ZAPIER --replace did not write over Zapier")
	}
	if r := h.run("", "status"); strings.Count(r.stdout, "apier:") != 1 || strings.Contains(r.stdout, "ZAPIER") {
		t.Errorf("status after set --name ZAPIER --replace:\n%s", r.stdout)
	}
}

func TestRename(t *testing.T) {
	h := newHarness(t)
	h.api.AddKey(otherKey, "zapier@example.com")
	h.run(testKey, "set")
	h.run(otherKey, "set", "--name", "Zapier")
	if r := h.run("", "rename", "default", "Production CRM"); r.code != ExitWorks || !strings.Contains(r.stdout, `--name "Production CRM"`) {
		t.Fatalf("rename: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := h.run("", "print", "--name", "Production CRM"); r.stdout != testKey+"\n" {
		t.Error("the renamed key is not under its new name")
	}
	if r := h.run("", "print", "--name", "default"); r.code != ExitTrouble {
		t.Error("the old name still gives a key")
	}
	if r := h.run("", "rename", "Production CRM", "zapier"); r.code != ExitTrouble || !strings.Contains(r.stderr, `"Zapier"`) {
		t.Errorf("rename onto a taken name: exit %d %q", r.code, r.stderr)
	}
	if r := h.run("", "rename", "Zapier", "ZAPIER"); r.code != ExitWorks {
		t.Errorf("rename in letter case only: exit %d %q", r.code, r.stderr)
	}
	if r := h.run("", "print", "--name", "ZAPIER"); r.stdout != otherKey+"\n" {
		t.Error("a rename in letter case lost the key")
	}
	if r := h.run("", "rename", "Nobody", "Somebody"); r.code != ExitTrouble || !strings.Contains(r.stderr, `"Nobody"`) {
		t.Errorf("rename of no key: exit %d %q", r.code, r.stderr)
	}
	if r := h.run("", "rename", "ZAPIER"); r.code != ExitTrouble || !strings.Contains(r.stderr, "two names") {
		t.Errorf("rename with one name: exit %d %q", r.code, r.stderr)
	}
	if r := h.run("", "rename", "ZAPIER", otherKey); r.code != ExitTrouble || !strings.Contains(r.stderr, "looks like an API key") {
		t.Errorf("rename to a key: exit %d", r.code)
	}
}

func TestTestAllExitCodes(t *testing.T) {
	h := newHarness(t)
	if r := h.run("", "test", "--all"); r.code != ExitTrouble {
		t.Errorf("test --all with no keys: exit %d", r.code)
	}
	h.api.AddKey(otherKey, "zapier@example.com")
	h.run(testKey, "set", "--name", "CRM")
	h.run(otherKey, "set", "--name", "Zapier")
	r := h.run("", "test", "--all", "--pace", "4")
	if r.code != ExitWorks || strings.Count(r.stdout, ": Works:") != 2 || !strings.Contains(r.stdout, "CRM (the key ending in 1a2b)") {
		t.Errorf("test --all, both work: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	h.api.RemoveKey(otherKey)
	if r := h.run("", "test", "--all", "--pace", "4"); r.code != ExitRefused || !strings.Contains(r.stdout, "Zapier (the key ending in 9z8y): OnceHub does not recognise") {
		t.Errorf("test --all, one refused: exit %d\n%s", r.code, r.stdout)
	}
	h.run(thirdKey, "set", "--name", "Gone")
	if err := h.store.Remove(t.Context(), "Gone"); err != nil {
		t.Fatal(err)
	}
	r = h.run("", "test", "--all", "--pace", "4", "--json")
	if r.code != ExitTrouble {
		t.Errorf("test --all, one refused and one not in the keychain: exit %d", r.code)
	}
	var all struct {
		Results []struct {
			Name, Result, Trouble string
			Works                 bool
			ExitCode              int `json:"exit_code"`
		}
		ExitCode int `json:"exit_code"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &all); err != nil {
		t.Fatalf("test --all --json is not JSON: %v\n%s", err, r.stdout)
	}
	got := map[string]string{}
	for _, res := range all.Results {
		got[res.Name] = res.Result + res.Trouble
	}
	want := map[string]string{"CRM": "works", "Zapier": "not-recognised", "Gone": "not-found"}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("test --all --json: %s is %q, want %q", name, got[name], w)
		}
	}
	if all.ExitCode != ExitTrouble {
		t.Errorf("exit_code %d", all.ExitCode)
	}
	if r := h.run("", "test", "--all", "--pace", "5"); r.code != ExitTrouble || !strings.Contains(r.stderr, "at most 4") {
		t.Errorf("--pace 5: exit %d %q", r.code, r.stderr)
	}
	if r := h.run("", "test", "--all", "--name", "CRM"); r.code != ExitTrouble {
		t.Errorf("--all with --name: exit %d", r.code)
	}
}

func TestTestAllWaitsOutARateLimit(t *testing.T) {
	h := newHarness(t)
	h.moving = true
	h.api.AddKey(otherKey, "zapier@example.com")
	h.run(testKey, "set", "--name", "CRM")
	h.run(otherKey, "set", "--name", "Zapier")
	h.api.AnswerNext(1, &fakeoncehub.Reply{Status: 429, Type: "rate_limit_error", Message: "Request rate limit exceeded", RetryAfter: "1"})
	r := h.run("", "test", "--all", "--pace", "4")
	if r.code != ExitWorks || strings.Count(r.stdout, ": Works:") != 2 || !strings.Contains(r.stderr, `testing "CRM" again`) {
		t.Errorf("test --all after a 429: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := h.api.Requests(); n != 3 {
		t.Errorf("%d requests, want 3 (one 429, its retry, the other key)", n)
	}
}

func TestJSONShapes(t *testing.T) {
	h := newHarness(t)
	h.run(testKey, "set", "--name", "CRM")
	r := h.run("", "test", "--json")
	var one map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &one); err != nil {
		t.Fatalf("test --json: %v\n%s", err, r.stdout)
	}
	for field, want := range map[string]any{"name": "CRM", "ending": "1a2b", "result": "works", "works": true, "account": "admin@example.com", "key_sent": true, "exit_code": 0.0} {
		if one[field] != want {
			t.Errorf("test --json %s = %v, want %v", field, one[field], want)
		}
	}
	r = h.run("", "status", "--json")
	var status struct {
		Keys []struct {
			Name, Ending string
			AgeDays      *int                              `json:"age_days"`
			RotateDue    bool                              `json:"rotate_due"`
			InKeychain   bool                              `json:"in_keychain"`
			LastTest     *struct{ Result, Account string } `json:"last_test"`
		}
		StoredIn string `json:"stored_in"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &status); err != nil {
		t.Fatalf("status --json: %v\n%s", err, r.stdout)
	}
	if len(status.Keys) != 1 || status.Keys[0].Name != "CRM" || status.Keys[0].Ending != "1a2b" || !status.Keys[0].InKeychain ||
		status.Keys[0].AgeDays == nil || *status.Keys[0].AgeDays != 0 || status.Keys[0].LastTest == nil ||
		status.Keys[0].LastTest.Result != "works" || status.StoredIn != "session-only" {
		t.Errorf("status --json:\n%s", r.stdout)
	}
}
