package cli

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/oncekey/oncekey/internal/fakeoncehub"
	"github.com/oncekey/oncekey/keystore"
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

// A name given in other letter case finds the saved key, as --name does.
func TestRenameFindsTheNameInAnyCase(t *testing.T) {
	h := newHarness(t)
	h.run(testKey, "set", "--name", "Zapier")
	r := h.run("", "rename", "zapier", "Zapier EU")
	if r.code != ExitWorks || !strings.Contains(r.stdout, `Renamed "Zapier" to "Zapier EU"`) {
		t.Fatalf("rename zapier, with Zapier saved: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := h.run("", "print", "--name", "Zapier EU"); r.stdout != testKey+"\n" {
		t.Error("the renamed key is not under its new name")
	}
	if r := h.run("", "status"); strings.Contains(r.stdout, "Zapier:") {
		t.Errorf("the old name is still listed:\n%s", r.stdout)
	}
}

// jsonFailure is what a failing command given --json prints.
type jsonFailure struct {
	Name     string
	Trouble  string
	Summary  string
	Results  []json.RawMessage
	Keys     []json.RawMessage
	StoredIn *string `json:"stored_in"`
	ExitCode *int    `json:"exit_code"`
}

func (h *harness) failJSON(stdin string, args ...string) (jsonFailure, result) {
	h.t.Helper()
	r := h.run(stdin, args...)
	var f jsonFailure
	if err := json.Unmarshal([]byte(r.stdout), &f); err != nil {
		h.t.Fatalf("oncekey %s: stdout is not one JSON document: %v\n%q", strings.Join(args, " "), err, r.stdout)
	}
	if r.code != ExitTrouble || r.stderr == "" || f.Summary == "" || !strings.Contains(r.stderr, f.Summary) {
		h.t.Errorf("oncekey %s: exit %d, summary %q, stderr %q", strings.Join(args, " "), r.code, f.Summary, r.stderr)
	}
	return f, r
}

// A command given --json prints a JSON document whatever goes wrong, with
// a stable identifier of the trouble, besides the sentence on stderr.
func TestJSONFailuresPrintJSON(t *testing.T) {
	h := newHarness(t)
	for _, args := range [][]string{{"test", "--json"}, {"status", "--json"}, {"test", "--all", "--json"}} {
		f, _ := h.failJSON("", append(args, "--bogus")...)
		if f.Trouble != "usage" {
			t.Errorf("%v --bogus: trouble %q", args, f.Trouble)
		}
	}
	if f, _ := h.failJSON("", "test", "--json", "--pace", "2"); f.Trouble != "usage" || f.ExitCode == nil || *f.ExitCode != ExitTrouble {
		t.Errorf("test --json --pace: %+v", f)
	}
	if f, _ := h.failJSON("", "test", "--all", "--json"); f.Trouble != "no-keys" || f.Results == nil || f.ExitCode == nil || *f.ExitCode != ExitTrouble {
		t.Errorf("test --all --json, no keys: %+v", f)
	}
	if f, _ := h.failJSON("", "test", "--json", "--stdin"); f.Trouble != "bad-input" {
		t.Errorf("test --stdin --json of nothing: %+v", f)
	}

	h.api.AddKey(otherKey, "zapier@example.com")
	h.run(testKey, "set", "--name", "CRM")
	h.run(otherKey, "set", "--name", "Zapier")
	f, r := h.failJSON("", "test", "--json")
	if f.Trouble != "choose-name" || f.ExitCode == nil || *f.ExitCode != ExitTrouble || !strings.Contains(r.stderr, `"CRM", "Zapier"`) {
		t.Errorf("test --json with two keys: %+v", f)
	}
	if f, _ := h.failJSON("", "test", "--json", "--name", "Nobody"); f.Trouble != "not-found" || f.Name != "Nobody" {
		t.Errorf("test --json --name Nobody: %+v", f)
	}
	if f, _ := h.failJSON("", "test", "--json", "--stdin", "--name", "CRM"); f.Trouble != "usage" {
		t.Errorf("test --json --stdin --name: %+v", f)
	}

	h.store = missingStore{}
	if f, _ := h.failJSON("", "test", "--json", "--name", "CRM"); f.Trouble != "missing" || f.Name != "CRM" {
		t.Errorf("test --json, no keychain: %+v", f)
	}
	if f, _ := h.failJSON("", "status", "--json"); f.Trouble != "missing" || f.Keys == nil || f.StoredIn == nil {
		t.Errorf("status --json, no keychain: %+v", f)
	}
	// test --all has a result per key: each says the keychain's trouble.
	r = h.run("", "test", "--all", "--json")
	var all struct {
		Results []struct{ Name, Trouble string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &all); err != nil || r.code != ExitTrouble || len(all.Results) != 2 ||
		all.Results[0].Trouble != "missing" || all.Results[1].Trouble != "missing" {
		t.Errorf("test --all --json, no keychain: exit %d, %v\n%s", r.code, err, r.stdout)
	}

	// A list that cannot be read at all.
	if err := os.Remove(h.index); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(h.index, 0o700); err != nil {
		t.Fatal(err)
	}
	if f, _ := h.failJSON("", "status", "--json"); f.Trouble != "list-unreadable" {
		t.Errorf("status --json, list unreadable: %+v", f)
	}
}

// test --all lists again the keys the keychain holds before it counts them,
// as status does: a lost list hides none.
func TestTestAllAfterTheListWasLost(t *testing.T) {
	h := newHarness(t)
	h.api.AddKey(otherKey, "zapier@example.com")
	h.run(testKey, "set", "--name", "CRM")
	h.run(otherKey, "set", "--name", "Zapier")
	if err := os.Remove(h.index); err != nil {
		t.Fatal(err)
	}
	r := h.run("", "test", "--all", "--pace", "4")
	if r.code != ExitWorks || strings.Count(r.stdout, ": Works:") != 2 || strings.Contains(r.stderr, "No key is saved yet") {
		t.Errorf("test --all after the list was lost: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := h.api.Requests(); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

// --pace only means something to test --all.
func TestPaceNeedsAll(t *testing.T) {
	h := newHarness(t)
	h.run(testKey, "set")
	for _, args := range [][]string{{"test", "--pace", "2"}, {"test", "--stdin", "--pace", "1"}} {
		if r := h.run(testKey, args...); r.code != ExitTrouble || !strings.Contains(r.stderr, "--pace goes with oncekey test --all") {
			t.Errorf("oncekey %s: exit %d %q", strings.Join(args, " "), r.code, r.stderr)
		}
	}
	if h.api.Requests() != 0 {
		t.Errorf("%d tests were sent", h.api.Requests())
	}
	if r := h.run("", "test", "--all", "--pace", "2"); r.code != ExitWorks {
		t.Errorf("test --all --pace 2: exit %d %q", r.code, r.stderr)
	}
}

// Remove takes a pending rotation's old key too, and says so.
func TestRemoveSaysTheRetiringKeyGoesToo(t *testing.T) {
	h := newHarness(t)
	h.run(testKey, "set", "--name", "CRM")
	idx, err := keystore.LoadIndex(h.index)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := idx.Get("CRM")
	info.Retiring = &keystore.RetiringInfo{Ending: "9z8y", RetiredAt: h.now}
	if err := idx.Put(info); err != nil {
		t.Fatal(err)
	}
	if err := h.store.Retiring().Save(t.Context(), "CRM", otherKey); err != nil {
		t.Fatal(err)
	}
	r := h.run("", "remove", "--name", "CRM")
	if r.code != ExitWorks || !strings.Contains(r.stdout, `Removed the key ending in 1a2b ("CRM"), and the old key ending in 9z8y kept from a rotation, from the keychain.`) {
		t.Errorf("remove of a key with a rotation pending: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if _, err := h.store.Retiring().Get(t.Context(), "CRM"); !keystore.IsNotFound(err) {
		t.Errorf("the retiring key is still in the keychain: %v", err)
	}
}
