package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oncekey/oncekey/internal/fakeoncehub"
	"github.com/oncekey/oncekey/keystore"
	"github.com/oncekey/oncekey/words"
)

const (
	testKey  = "cliTestKey-7f3Qz9Lw2Xb8Nc4V-1a2b"
	otherKey = "cliOtherKey-Hq2Mz8Ty6Rb1Ws5K-9z8y"
)

// harness runs commands against a fake OnceHub, a session store and a
// key list file of its own.
type harness struct {
	t     *testing.T
	api   *fakeoncehub.Server
	store keystore.Store
	index string
	now   time.Time
	// moving makes the clock run during each command (see clock).
	moving bool
	// launch, when set, stands in for starting the command of "run".
	launch Launch
}

func newHarness(t *testing.T) *harness {
	api := fakeoncehub.Start()
	t.Cleanup(api.Close)
	api.AddKey(testKey, "admin@example.com")
	t.Setenv("ONCEKEY_API_URL", api.URL)
	t.Setenv("HTTPS_PROXY", "")
	return &harness{
		t: t, api: api, store: keystore.NewMemory(),
		index: filepath.Join(t.TempDir(), "keys.json"),
		now:   time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC),
	}
}

// clock is the harness's time for one command: h.now, or with h.moving,
// h.now when it starts, moving on in real time, so that waiting out
// OnceHub's pause ends.
func (h *harness) clock() func() time.Time {
	start, began := h.now, time.Now()
	if !h.moving {
		return func() time.Time { return start }
	}
	return func() time.Time { return start.Add(time.Since(began)) }
}

type result struct {
	code           int
	stdout, stderr string
}

func (h *harness) run(stdin string, args ...string) result {
	h.t.Helper()
	var out, errOut bytes.Buffer
	code := Run(context.Background(), args, Options{
		Version: "9.9.9", Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut,
		Store: h.store, IndexPath: h.index, RootCAs: h.api.Pool,
		Now: h.clock(), Launch: h.launch,
	})
	r := result{code, out.String(), errOut.String()}
	for _, secret := range []string{testKey, otherKey} {
		if args[0] != "print" && strings.Contains(r.stdout+r.stderr, secret) {
			h.t.Fatalf("oncekey %s printed the key ending in %s", strings.Join(args, " "), secret[len(secret)-4:])
		}
	}
	return r
}

func TestTestStdinOutcomes(t *testing.T) {
	cases := []struct {
		name     string
		reply    *fakeoncehub.Reply
		key      string
		code     int
		wantText string
	}{
		{"works", nil, testKey, ExitWorks, "admin@example.com"},
		{"not recognised", nil, otherKey, ExitRefused, "Details: HTTP status 401"},
		{"no API access", &fakeoncehub.Reply{Status: 403, Type: "authentication_error", Message: "Forbidden"}, testKey, ExitRefused, "plan"},
		{"rate limited", &fakeoncehub.Reply{Status: 429, Type: "rate_limit_error", Message: "Request rate limit exceeded", RetryAfter: "12"}, testKey, ExitTrouble, "12 seconds"},
		{"OnceHub trouble", &fakeoncehub.Reply{Status: 503, Type: "api_error", Message: "down"}, testKey, ExitTrouble, "Details: HTTP status 503"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			h.api.Answer(c.reply)
			r := h.run(c.key+"\n", "test", "--stdin")
			if r.code != c.code || !strings.Contains(r.stdout, c.wantText) {
				t.Errorf("exit %d, output %q; want exit %d and %q", r.code, r.stdout, c.code, c.wantText)
			}
			if !strings.Contains(r.stdout, "Request-Id req_") && c.code != ExitWorks {
				t.Errorf("details lack the Request-Id: %q", r.stdout)
			}
			if h.api.Requests() != 1 {
				t.Errorf("%d requests, want 1", h.api.Requests())
			}
		})
	}
}

func TestTestStdinStoresNothing(t *testing.T) {
	h := newHarness(t)
	if r := h.run(testKey, "test", "--stdin"); r.code != ExitWorks {
		t.Fatalf("exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	if _, err := h.store.Get(context.Background(), keystore.DefaultName); !keystore.IsNotFound(err) {
		t.Errorf("test --stdin stored something: %v", err)
	}
	if r := h.run("", "status"); !strings.Contains(r.stdout, "No key is saved yet") {
		t.Errorf("status after test --stdin: %q", r.stdout)
	}
}

func TestBadInputIsRefusedBeforeAnythingIsSent(t *testing.T) {
	inputs := map[string]string{
		"empty":        "",
		"inner space":  "abcd efgh ijkl",
		"two lines":    testKey + "\n" + otherKey + "\n",
		"too short":    "abc123",
		"non-ASCII":    "clé-secrète-123456",
		"a megabyte":   strings.Repeat("k", 1<<20),
		"NUL inside":   "abcdefgh\x00ijklmnop",
		"CR inside":    "abcdefgh\rijklmnop",
		"only spaces ": "    \n\t  ",
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t)
			r := h.run(in, "test", "--stdin")
			if r.code != ExitTrouble || r.stderr == "" {
				t.Errorf("exit %d, stderr %q; want exit 2 and a reason", r.code, r.stderr)
			}
			if trimmed := strings.TrimSpace(in); len(trimmed) >= 8 && strings.Contains(r.stderr, trimmed[:8]) {
				t.Errorf("the refusal echoes the input")
			}
			if h.api.Requests() != 0 {
				t.Errorf("%d requests sent for bad input", h.api.Requests())
			}
		})
	}
}

func TestKeyAsArgumentIsRefusedWithoutEcho(t *testing.T) {
	h := newHarness(t)
	for _, cmd := range []string{"set", "test"} {
		r := h.run("", cmd, testKey)
		if r.code != ExitTrouble || !strings.Contains(r.stderr, "never given as an argument") {
			t.Errorf("oncekey %s KEY: exit %d, %q", cmd, r.code, r.stderr)
		}
	}
}

func TestStorageCommandsInARow(t *testing.T) {
	h := newHarness(t)
	r := h.run("  \""+testKey+"\"  \n", "set")
	if r.code != ExitWorks || !strings.Contains(r.stdout, "Saved the key ending in 1a2b") {
		t.Fatalf("set: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	if got, err := h.store.Get(context.Background(), keystore.DefaultName); err != nil || got != testKey {
		t.Fatalf("the store does not hold the saved key (err %v)", err)
	}

	h.now = h.now.Add(3 * time.Minute)
	if r := h.run("", "test"); r.code != ExitWorks || !strings.Contains(r.stdout, "admin@example.com") {
		t.Fatalf("test: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	h.now = h.now.Add(2 * time.Hour)
	r = h.run("", "status")
	for _, want := range []string{"default: the key ending in 1a2b", "saved 2 hours ago", "last test 2 hours ago: works, account admin@example.com", "session only"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("status lacks %q:\n%s", want, r.stdout)
		}
	}

	if r := h.run("", "print"); r.code != ExitWorks || r.stdout != testKey+"\n" {
		t.Errorf("print: exit %d, and stdout is not exactly the key", r.code)
	}

	h.api.RemoveKey(testKey)
	if r := h.run("", "test"); r.code != ExitRefused || !strings.Contains(r.stdout, `save it in place of this one with: oncekey set --name "default" --replace`) || strings.Contains(r.stdout, "Rotate") {
		t.Errorf("test of a regenerated key: exit %d, want 1 and the command-line next step: %q", r.code, r.stdout)
	}
	if r := h.run("", "status"); !strings.Contains(r.stdout, "did not work (not recognised)") {
		t.Errorf("status does not show the failed test:\n%s", r.stdout)
	}

	if r := h.run("", "remove"); r.code != ExitWorks || !strings.Contains(r.stdout, "Removed the key ending in 1a2b") {
		t.Errorf("remove: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	if _, err := h.store.Get(context.Background(), keystore.DefaultName); !keystore.IsNotFound(err) {
		t.Errorf("the key is still stored after remove")
	}
	if r := h.run("", "test"); r.code != ExitTrouble || !strings.Contains(r.stderr, "oncekey set") {
		t.Errorf("test with no key: exit %d, %q", r.code, r.stderr)
	}
}

func TestNamedKeys(t *testing.T) {
	h := newHarness(t)
	h.api.AddKey(otherKey, "zapier@example.com")
	h.run(testKey, "set")
	if r := h.run(otherKey, "set", "--name", "Zapier"); r.code != ExitWorks {
		t.Fatalf("set --name: exit %d %q", r.code, r.stderr)
	}
	if r := h.run("", "test", "--name", "Zapier"); !strings.Contains(r.stdout, "zapier@example.com") {
		t.Errorf("test --name Zapier: %q", r.stdout)
	}
	r := h.run("", "status")
	if !strings.Contains(r.stdout, "default: the key ending in 1a2b") || !strings.Contains(r.stdout, "Zapier: the key ending in 9z8y") {
		t.Errorf("status does not list both keys:\n%s", r.stdout)
	}
}

func TestOldKeyGetsARotationHint(t *testing.T) {
	h := newHarness(t)
	h.run(testKey, "set")
	h.now = h.now.Add(95 * 24 * time.Hour)
	if r := h.run("", "status"); strings.Contains(r.stdout, "months old") {
		t.Errorf("a rotation hint for a 95-day-old key, before OnceHub's 6 months:\n%s", r.stdout)
	}
	h.now = h.now.Add(90 * 24 * time.Hour)
	if r := h.run("", "status"); !strings.Contains(r.stdout, "over 6 months old") {
		t.Errorf("no rotation hint for a key saved over 6 months ago:\n%s", r.stdout)
	}
}

func TestPlainHTTPBaseURLIsRefused(t *testing.T) {
	h := newHarness(t)
	t.Setenv("ONCEKEY_API_URL", "http://127.0.0.1:1/v2")
	r := h.run(testKey, "test", "--stdin")
	if r.code != ExitTrouble || !strings.Contains(r.stderr, "https://") {
		t.Errorf("exit %d, %q", r.code, r.stderr)
	}
}

func TestHelpVersionAndUnknown(t *testing.T) {
	h := newHarness(t)
	if r := h.run("", "help"); r.code != 0 || !strings.Contains(r.stdout, "oncekey test --stdin") {
		t.Errorf("help: %d %q", r.code, r.stdout)
	}
	if r := h.run("", "--version"); r.code != 0 || r.stdout != "OnceKey 9.9.9\n" {
		t.Errorf("--version: %d %q", r.code, r.stdout)
	}
	if r := h.run("", "frobnicate"); r.code != ExitTrouble || !strings.Contains(r.stderr, "does not know the command") {
		t.Errorf("unknown: %d %q", r.code, r.stderr)
	}
	// The harness fails the test if the key is repeated.
	if r := h.run("", testKey); r.code != ExitTrouble || !strings.Contains(r.stderr, "never given as an argument") {
		t.Errorf("a key as the command: %d %q", r.code, r.stderr)
	}
}

// missingStore is a keychain that is not there at all.
type missingStore struct{ keystore.Store }

func (missingStore) err() error {
	return &keystore.Error{Kind: keystore.Missing, Op: "save"}
}
func (missingStore) Where() keystore.Place                         { return keystore.PlaceSystemKeyring }
func (m missingStore) Get(context.Context, string) (string, error) { return "", m.err() }
func (m missingStore) Save(context.Context, string, string) error  { return m.err() }

func TestMissingKeychainOffersNoSessionOnlyKey(t *testing.T) {
	h := newHarness(t)
	h.store = missingStore{}
	r := h.run(testKey, "set")
	if r.code != ExitTrouble || !strings.Contains(r.stderr, words.Keychain(missingStore{}.err()).Summary) ||
		!strings.Contains(r.stderr, "Start your keyring") || strings.Contains(r.stderr, "session only") {
		t.Errorf("exit %d, %q", r.code, r.stderr)
	}
}

func TestOptionsNeverEchoAKey(t *testing.T) {
	h := newHarness(t)
	for _, args := range [][]string{
		{"test", "--stdin=" + testKey},
		{"test", "--bogus=" + testKey},
		{"print", "--name", testKey},
		{"set", "--name", testKey},
	} {
		if r := h.run(testKey, args...); r.code != ExitTrouble || r.stderr == "" {
			t.Errorf("oncekey %s: exit %d, stderr %q", args[0], r.code, r.stderr)
		}
	}
	if _, err := h.store.Get(context.Background(), testKey); !keystore.IsNotFound(err) {
		t.Error("a key given as --name became a keychain item's name")
	}
	if r := h.run("", "test", "-h"); r.code != ExitWorks || !strings.Contains(r.stdout, "Usage:") {
		t.Errorf("test -h: exit %d, %q", r.code, r.stdout)
	}
}

func TestRefusedNamedKeySaysWhichSet(t *testing.T) {
	h := newHarness(t)
	h.run(otherKey, "set", "--name", "Zapier")
	r := h.run("", "test", "--name", "Zapier")
	if r.code != ExitRefused || !strings.Contains(r.stdout, `oncekey set --name "Zapier"`) {
		t.Errorf("exit %d, %q", r.code, r.stdout)
	}
	if r := h.run(otherKey, "test", "--stdin"); strings.Contains(r.stdout, "oncekey set") {
		t.Errorf("a key from standard input is not saved, yet the hint says to set it: %q", r.stdout)
	}
}

func TestRemoveTakesAStaleNameOffTheList(t *testing.T) {
	h := newHarness(t)
	h.run(testKey, "set")
	// The item vanishes from the keychain behind OnceKey's back.
	if err := h.store.Remove(context.Background(), keystore.DefaultName); err != nil {
		t.Fatal(err)
	}
	if r := h.run("", "remove"); r.code != ExitWorks || !strings.Contains(r.stdout, "no longer in the keychain") {
		t.Errorf("remove of a stale name: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	if r := h.run("", "status"); !strings.Contains(r.stdout, "No key is saved yet") {
		t.Errorf("status still lists the removed name:\n%s", r.stdout)
	}
	if r := h.run("", "remove"); r.code != ExitTrouble {
		t.Errorf("removing nothing at all: exit %d, want 2", r.code)
	}
}

// damageList writes a list of keys that LoadIndex would reset.
func damageList(t *testing.T, path string) []byte {
	t.Helper()
	damaged := []byte("{{{ not a list of keys")
	if err := os.WriteFile(path, damaged, 0o600); err != nil {
		t.Fatal(err)
	}
	return damaged
}

func TestPrintAndTestStdinLeaveTheListAlone(t *testing.T) {
	h := newHarness(t)
	h.run(testKey, "set")
	damaged := damageList(t, h.index)
	for _, args := range [][]string{{"print"}, {"test", "--stdin"}} {
		r := h.run(testKey, args...)
		if r.code != ExitWorks || r.stderr != "" {
			t.Errorf("oncekey %s with a damaged list: exit %d, stderr %q", strings.Join(args, " "), r.code, r.stderr)
		}
	}
	// Opening the list would have moved the damaged file aside.
	if got, err := os.ReadFile(h.index); err != nil || !bytes.Equal(got, damaged) {
		t.Errorf("the list file changed (err %v)", err)
	}
	if aside, _ := filepath.Glob(h.index + ".corrupt-*"); len(aside) != 0 {
		t.Errorf("files appeared beside the list: %v", aside)
	}
}

func TestPrintWorksWhenTheListCannotBeRead(t *testing.T) {
	h := newHarness(t)
	h.run(testKey, "set")
	// A folder where the file should be cannot be read as a list, even by
	// root.
	if err := os.Remove(h.index); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(h.index, 0o700); err != nil {
		t.Fatal(err)
	}
	if r := h.run("", "print"); r.code != ExitWorks || r.stdout != testKey+"\n" {
		t.Errorf("print: exit %d, stderr %q", r.code, r.stderr)
	}
	r := h.run("", "status")
	if r.code != ExitTrouble || !strings.Contains(r.stderr, "could not read its list of key names") {
		t.Errorf("status with an unreadable list: exit %d, %q", r.code, r.stderr)
	}
}

func TestDamagedListIsReportedAndTheDefaultKeyShows(t *testing.T) {
	h := newHarness(t)
	h.run(testKey, "set")
	damageList(t, h.index)
	r := h.run("", "status")
	if r.code != ExitWorks || !strings.Contains(r.stderr, "damaged and has been reset") ||
		!strings.Contains(r.stdout, "default: the key ending in 1a2b") {
		t.Errorf("status after damage: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "The damaged list was kept as keys.json.corrupt-") {
		t.Errorf("the message does not say where the damaged list is: %q", r.stderr)
	}
	if strings.Contains(r.stderr, "oncekey ") {
		t.Errorf("the message gives a command to run, yet nothing needs doing: %q", r.stderr)
	}
}

// untouchable is standard input that fails the test when read.
type untouchable struct{ t *testing.T }

func (u untouchable) Read([]byte) (int, error) {
	u.t.Error("standard input was read")
	return 0, io.EOF
}

func TestTheLimitIsCheckedBeforeTheKeyIsRead(t *testing.T) {
	h := newHarness(t)
	idx, err := keystore.LoadIndex(h.index)
	if err != nil {
		t.Fatal(err)
	}
	for i := range MaxKeys {
		name := fmt.Sprintf("key%02d", i)
		if err := h.store.Save(context.Background(), name, otherKey); err != nil {
			t.Fatal(err)
		}
		if err := idx.Put(keystore.KeyInfo{Name: name, Ending: "9z8y", SavedAt: h.now}); err != nil {
			t.Fatal(err)
		}
	}
	var out, errOut bytes.Buffer
	code := Run(context.Background(), []string{"set", "--name", "one-too-many"}, Options{
		Stdin: untouchable{t}, Stdout: &out, Stderr: &errOut, Store: h.store, IndexPath: h.index,
		Now: func() time.Time { return h.now },
	})
	if code != ExitTrouble || !strings.Contains(errOut.String(), "already keeps 25 keys") {
		t.Errorf("set beyond the limit: exit %d, %q", code, errOut.String())
	}
	// Replacing a key already listed is no new key.
	if r := h.run(testKey, "set", "--name", "key07", "--replace"); r.code != ExitWorks {
		t.Errorf("set over a listed name at the limit: exit %d, %q", r.code, r.stderr)
	}
}

func TestTestOfAKeyTheListDidNotKnowRecordsIt(t *testing.T) {
	h := newHarness(t)
	// Saved by another program, or before the list was reset.
	if err := h.store.Save(context.Background(), "Zapier", testKey); err != nil {
		t.Fatal(err)
	}
	if r := h.run("", "test", "--name", "Zapier"); r.code != ExitWorks {
		t.Fatalf("test: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	r := h.run("", "status")
	if !strings.Contains(r.stdout, "Zapier: the key ending in 1a2b; last test just now: works, account admin@example.com") {
		t.Errorf("status after the test:\n%s", r.stdout)
	}
}

// sabotage is a keychain that, once read, leaves a folder where the list
// of keys is, so that the list can no longer be written.
type sabotage struct {
	keystore.Store
	t     *testing.T
	index string
}

func (s sabotage) Get(ctx context.Context, name string) (string, error) {
	if err := os.Remove(s.index); err != nil {
		s.t.Fatal(err)
	}
	if err := os.Mkdir(s.index, 0o700); err != nil {
		s.t.Fatal(err)
	}
	return s.Store.Get(ctx, name)
}

func TestResultNotRecordedIsSaidButTheOutcomeStands(t *testing.T) {
	h := newHarness(t)
	h.run(testKey, "set")
	h.store = sabotage{Store: h.store, t: t, index: h.index}
	r := h.run("", "test")
	if r.code != ExitWorks || !strings.Contains(r.stdout, "admin@example.com") ||
		!strings.Contains(r.stderr, "The result could not be recorded") {
		t.Errorf("test with a list that cannot be written: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
}
