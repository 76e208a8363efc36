package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// launched is what a stand-in Launch was given.
type launched struct {
	path       string
	argv, env  []string
	calls      int
	returnCode int
}

func (l *launched) launch(path string, argv, env []string) (int, error) {
	l.calls++
	l.path, l.argv, l.env = path, argv, env
	return l.returnCode, nil
}

// unsetForTest unsets variable for the test; t.Setenv puts back what the
// test's own environment had.
func unsetForTest(t *testing.T, variable string) {
	t.Setenv(variable, "")
	os.Unsetenv(variable)
}

func runHarness(t *testing.T) (*harness, *launched) {
	t.Helper()
	h := newHarness(t)
	l := &launched{returnCode: 7}
	h.launch = l.launch
	unsetForTest(t, DefaultRunVariable)
	if r := h.run(testKey+"\n", "set"); r.code != 0 {
		t.Fatalf("set: %d %s", r.code, r.stderr)
	}
	return h, l
}

func TestRunPutsTheKeyInTheEnvironmentOnly(t *testing.T) {
	h, l := runHarness(t)
	r := h.run("", "run", "--", "sh", "-c", "exit 7")
	if r.code != 7 {
		t.Fatalf("run exited %d, want the command's 7 (%s)", r.code, r.stderr)
	}
	if l.calls != 1 || !strings.HasSuffix(l.path, "/sh") {
		t.Fatalf("the command was started %d times, as %q", l.calls, l.path)
	}
	if !slices.Equal(l.argv, []string{"sh", "-c", "exit 7"}) {
		t.Errorf("the command's arguments are %q", l.argv)
	}
	if !slices.Contains(l.env, DefaultRunVariable+"="+testKey) {
		t.Error("the command's environment has no ONCEHUB_API_KEY holding the key")
	}
	for _, a := range l.argv {
		if strings.Contains(a, testKey) {
			t.Error("the key is in the command's arguments")
		}
	}
	if r.stdout != "" || r.stderr != "" {
		t.Errorf("run printed %q / %q before starting the command", r.stdout, r.stderr)
	}
}

func TestRunTakesAnotherVariableAndNamedKeys(t *testing.T) {
	h, l := runHarness(t)
	if r := h.run(otherKey+"\n", "set", "--name", "Staging"); r.code != 0 {
		t.Fatalf("set: %d %s", r.code, r.stderr)
	}
	r := h.run("", "run", "--name", "staging", "--env", "MY_KEY", "--", "true")
	if r.code != 7 || !slices.Contains(l.env, "MY_KEY="+otherKey) {
		t.Fatalf("run --name staging --env MY_KEY: exit %d, key in MY_KEY: %v", r.code, slices.Contains(l.env, "MY_KEY="+otherKey))
	}
	if slices.ContainsFunc(l.env, func(kv string) bool { return strings.HasPrefix(kv, DefaultRunVariable+"=") }) {
		t.Error("with --env MY_KEY, ONCEHUB_API_KEY was set too")
	}
	// With two keys saved, a name is needed.
	l.calls = 0
	r = h.run("", "run", "--", "true")
	if r.code != ExitTrouble || l.calls != 0 || !strings.Contains(r.stderr, "Staging") {
		t.Errorf("run with two keys and no --name: exit %d, started %d times, said %q", r.code, l.calls, r.stderr)
	}
}

func TestRunRefusesToReplaceAVariableAlreadySet(t *testing.T) {
	h, l := runHarness(t)
	t.Setenv(DefaultRunVariable, "the script's own value")
	r := h.run("", "run", "--", "true")
	if r.code != ExitTrouble || l.calls != 0 {
		t.Fatalf("with ONCEHUB_API_KEY set: exit %d, started %d times", r.code, l.calls)
	}
	if !strings.Contains(r.stderr, "ONCEHUB_API_KEY is already set") {
		t.Errorf("it said %q", r.stderr)
	}
}

func TestRunSaysWhenTheCommandIsMissingOrCannotStart(t *testing.T) {
	h, l := runHarness(t)
	r := h.run("", "run", "--", "nosuchcmd-ok")
	if r.code != ExitNotFound || l.calls != 0 || !strings.Contains(r.stderr, `"nosuchcmd-ok" was not found`) {
		t.Errorf("a missing command: exit %d, started %d times, said %q", r.code, l.calls, r.stderr)
	}
	notExecutable := filepath.Join(t.TempDir(), "script")
	if err := os.WriteFile(notExecutable, []byte("#!/bin/sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = h.run("", "run", "--", notExecutable)
	if r.code != ExitCannotStart || l.calls != 0 || !strings.Contains(r.stderr, "cannot be started") {
		t.Errorf("a file that is not executable: exit %d, started %d times, said %q", r.code, l.calls, r.stderr)
	}
	// A path to nothing is not found either, as a shell says.
	r = h.run("", "run", "--", filepath.Join(t.TempDir(), "missing.sh"))
	if r.code != ExitNotFound || l.calls != 0 {
		t.Errorf("a path to nothing: exit %d, started %d times, said %q", r.code, l.calls, r.stderr)
	}
	// A command that looks like a key is not repeated.
	r = h.run("", "run", "--", otherKey)
	if r.code != ExitNotFound || strings.Contains(r.stderr, otherKey) {
		t.Errorf("a key given as the command: exit %d", r.code)
	}
}

func TestRunWithoutAKeyStartsNothing(t *testing.T) {
	h := newHarness(t)
	l := &launched{}
	h.launch = l.launch
	unsetForTest(t, DefaultRunVariable)
	r := h.run("", "run", "--", "true")
	if r.code != ExitTrouble || l.calls != 0 {
		t.Fatalf("with no key saved: exit %d, started %d times", r.code, l.calls)
	}
	h.store = missingStore{}
	r = h.run("", "run", "--", "true")
	if r.code != ExitTrouble || l.calls != 0 || r.stderr == "" {
		t.Fatalf("with no keychain: exit %d, started %d times, said %q", r.code, l.calls, r.stderr)
	}
}

func TestRunRefusesBadOptions(t *testing.T) {
	h, l := runHarness(t)
	for _, args := range [][]string{
		{"run"},
		{"run", "--env", "NOT-A-NAME", "--", "true"},
		{"run", "--env", "", "--", "true"},
		{"run", "--nonsense", "--", "true"},
		{"run", "--env", "LD_PRELOAD", "--", "true"},
		{"run", "--env", "BASH_ENV", "--", "true"},
	} {
		if r := h.run("", args...); r.code != ExitTrouble || l.calls != 0 {
			t.Errorf("%q: exit %d, started %d times", args, r.code, l.calls)
		}
	}
}

func TestHistoryListsEachTestNewestFirst(t *testing.T) {
	h, _ := runHarness(t)
	if r := h.run("", "history"); r.code != 0 || !strings.Contains(r.stdout, "no tests recorded yet") {
		t.Fatalf("history before any test: exit %d, said %q", r.code, r.stdout)
	}
	h.run("", "test")
	h.api.RemoveKey(testKey)
	h.run("", "test")
	r := h.run("", "history")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) != 3 {
		t.Fatalf("history after two tests: exit %d, said:\n%s", r.code, r.stdout)
	}
	if !strings.Contains(lines[1], "Not recognised") || !strings.Contains(lines[2], "Works, account admin@example.com") ||
		!strings.Contains(lines[2], "from the command line") || !strings.Contains(lines[2], "the key ending in 1a2b") {
		t.Errorf("history said:\n%s", r.stdout)
	}
	r = h.run("", "history", "--json")
	var doc struct {
		Name  string `json:"name"`
		Tests []struct {
			From, Result, Ending string
			Works                bool
		} `json:"tests"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("history --json: %v\n%s", err, r.stdout)
	}
	if doc.Name != "default" || len(doc.Tests) != 2 || doc.Tests[0].Result != "not-recognised" || !doc.Tests[1].Works ||
		doc.Tests[1].From != "command-line" || doc.Tests[1].Ending != "1a2b" {
		t.Errorf("history --json gave %+v", doc)
	}
	// A rename takes the history along; a removal takes it away.
	h.run("", "rename", "default", "Production")
	if r := h.run("", "history", "--name", "Production"); !strings.Contains(r.stdout, "the last 2 tests") {
		t.Errorf("after the rename, history said %q", r.stdout)
	}
	h.run("", "remove", "--name", "Production")
	if r := h.run(testKey+"\n", "set", "--name", "Production"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := h.run("", "history", "--name", "Production"); !strings.Contains(r.stdout, "no tests recorded yet") {
		t.Errorf("a key saved again under a removed key's name has its history: %q", r.stdout)
	}
}
