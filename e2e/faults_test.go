//go:build e2e

package e2e

import (
	"bytes"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oncekey/oncekey/internal/fakeoncehub"
)

// The whole program under faults: the real binary, a real keychain that
// disappears, hangs or refuses to write, a damaged list of keys, and an API
// host that misbehaves in every way a network can. Each test checks that
// OnceKey says so plainly, does not crash, loses nothing (the key stays in
// the keychain, the list stays readable) and sends the key nowhere it
// should not go. The command-line tests run in parallel with each other;
// the window tests one at a time.

// saveKey saves key under "default" with the command line, as a script would.
func (r *rig) saveKey(key string) {
	r.t.Helper()
	if res := r.cli(key+"\n", "set"); res.code != 0 {
		r.t.Fatalf("oncekey set: exit %d:\n%s", res.code, redact(res.output()))
	}
}

// checkSaid checks what OnceKey said: its exit code, that it said each of
// says, in plain words, without any of keys.
func checkSaid(t *testing.T, what string, res cliResult, code int, says []string, keys ...string) {
	t.Helper()
	said := redact(res.output())
	t.Logf("%s (exit %d) said: %s", what, res.code, strings.ReplaceAll(strings.TrimSpace(said), "\n", " / "))
	if res.code != code {
		t.Errorf("%s: exit %d, want %d", what, res.code, code)
	}
	for _, s := range says {
		if !strings.Contains(res.output(), s) {
			t.Errorf("%s: it did not say %q", what, s)
		}
	}
	checkPlain(t, what, res.output())
	for _, k := range keys {
		if found := needlesFor(k).find([]byte(res.output())); found != "" {
			t.Errorf("LEAK: %s printed %s", what, found)
		}
	}
}

// checkListed fails the test unless OnceKey's list is readable and lists
// the default key with key's ending.
func (r *rig) checkListed(key, when string) {
	r.t.Helper()
	keys, ok := readList(r.home.indexPath())
	if !ok {
		r.t.Errorf("%s: OnceKey's list of keys is missing or unreadable", when)
		return
	}
	for _, k := range keys {
		if k.Name == "default" {
			if k.Ending != key[len(key)-4:] {
				r.t.Errorf("%s: the list names the key ending in %s, want %s", when, k.Ending, ending(key))
			}
			return
		}
	}
	r.t.Errorf("%s: the list lost the default key", when)
}

const noKeychain = "No keychain is available on this computer"

func TestFaultKeychainDisappearsBetweenOperations(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	key, other := canaryKey(t), canaryKey(t)
	r.api.AddKey(key, "admin@example.com")
	r.saveKey(key)
	checkSaid(t, "test before the keychain went", r.cli("", "test"), 0, []string{"Works"}, key)

	r.keyring.killDaemon()
	for _, c := range []struct {
		stdin string
		args  []string
	}{
		{"", []string{"test"}},
		{"", []string{"status"}},
		{"", []string{"print"}},
		{other + "\n", []string{"set", "--replace"}},
		{"", []string{"remove"}},
	} {
		what := "oncekey " + strings.Join(c.args, " ") + " with the keychain gone"
		res := r.cli(c.stdin, c.args...)
		checkSaid(t, what, res, 2, []string{noKeychain}, key, other)
		if c.args[0] == "print" && res.stdout != "" {
			t.Errorf("%s wrote to standard output", what)
		}
	}
	r.checkListed(key, "with the keychain gone")

	r.keyring.startDaemon()
	r.keyring.expectKey("default", key, "once the keychain came back")
	checkSaid(t, "test once the keychain came back", r.cli("", "test"), 0, []string{"Works"}, key, other)
	if n := r.api.Sent(other); n != 0 {
		t.Errorf("the key given while the keychain was gone was sent to OnceHub %d times", n)
	}
	r.checkNothingElsewhere()
}

func TestFaultKeychainHangs(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	key, other := canaryKey(t), canaryKey(t)
	r.api.AddKey(key, "admin@example.com")
	r.saveKey(key)

	r.keyring.pause()
	hang := []string{"Your keychain did not answer within 5 seconds", "look for a password prompt"}
	checkSaid(t, "oncekey test with the keychain hanging", r.cli("", "test"), 2, hang, key)
	checkSaid(t, "oncekey set with the keychain hanging", r.cli(other+"\n", "set", "--replace"), 2, hang, key, other)
	r.keyring.resume()

	// The save that timed out wrote nothing, even now that the keychain
	// has answered the calls that were waiting.
	time.Sleep(500 * time.Millisecond)
	r.keyring.expectKey("default", key, "after a save timed out on a hanging keychain")
	r.checkListed(key, "after a save timed out on a hanging keychain")
	checkSaid(t, "test once the keychain answers", r.cli("", "test"), 0, []string{"Works"}, key, other)
	r.checkNothingElsewhere()
}

func TestFaultSaveFailsDuringReplace(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	old, replacement := canaryKey(t), canaryKey(t)
	r.api.AddKey(old, "admin@example.com")
	r.saveKey(old)

	r.keyring.breakWrites()
	res := r.cli(replacement+"\n", "set", "--replace")
	checkSaid(t, "oncekey set while the keychain cannot write", res, 2, []string{"Your keychain would not save the key."}, old, replacement)
	r.keyring.expectKey("default", old, "after a failed replace")
	r.checkListed(old, "after a failed replace")
	checkSaid(t, "test after a failed replace", r.cli("", "test"), 0, []string{"Works"}, old, replacement)

	r.keyring.repairWrites()
	checkSaid(t, "oncekey set once the keychain writes again", r.cli(replacement+"\n", "set", "--replace"), 0, []string{"Saved"}, old, replacement)
	r.keyring.expectKey("default", replacement, "after the replace succeeded")
	r.checkNothingElsewhere()
}

// damagedLists are the ways OnceKey's list of keys can be found damaged.
var damagedLists = []struct {
	name string
	data func(good []byte) []byte
}{
	{"truncated", func(good []byte) []byte { return good[:len(good)/2] }},
	{"garbage", func([]byte) []byte { return []byte("\x00\xff\xfe garbage \x1b[31m{{{\n\x89PNG") }},
	{"empty", func([]byte) []byte { return nil }},
	{"wrong shape", func([]byte) []byte { return []byte(`{"version": 1, "keys": "default"}`) }},
	{"unknown version", func([]byte) []byte { return []byte(`{"version": 99, "keys": []}`) }},
}

func TestFaultMetadataDamaged(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	key := canaryKey(t)
	r.api.AddKey(key, "admin@example.com")
	r.saveKey(key)
	good, err := os.ReadFile(r.home.indexPath())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range damagedLists {
		t.Run(d.name, func(t *testing.T) {
			damaged := d.data(good)
			if err := os.WriteFile(r.home.indexPath(), damaged, 0o600); err != nil {
				t.Fatal(err)
			}
			res := runCLI(t, r.env(), "", false, "status")
			checkSaid(t, "oncekey status with the list "+d.name, res, 0,
				[]string{"list of key names was damaged and has been reset", "Your keys are still in the keychain",
					"default: the key ending in " + key[len(key)-4:]}, key)
			// The damaged file is kept aside, not thrown away.
			aside, _ := filepath.Glob(r.home.indexPath() + ".corrupt-*")
			kept := false
			for _, a := range aside {
				if data, err := os.ReadFile(a); err == nil && bytes.Equal(data, damaged) {
					kept = true
					os.Remove(a)
				}
			}
			if !kept {
				t.Errorf("the %s list was not kept aside (found %v)", d.name, aside)
			}
			res = runCLI(t, r.env(), "", false, "test")
			checkSaid(t, "oncekey test after the list was reset", res, 0, []string{"Works"}, key)
			if got := lastTestIn(r.home.indexPath()); got != "works" {
				t.Errorf("after the reset, the list records the last test as %q, want works", got)
			}
			r.keyring.expectKey("default", key, "after the list was found "+d.name)
		})
	}
}

// apiFault is a misbehaving API host for TestFaultAPI*: what to set up, and
// what OnceKey must then do.
type apiFault struct {
	setup  func(r *rig) []string // returns extra environment settings
	code   int
	result string // the result recorded in the list
	says   []string
	// noRequest: the connection must fail before any request is read, so
	// the key cannot have been sent.
	noRequest bool
}

// runAPIFault tests a saved key while the API host misbehaves, then checks
// the words, that nothing was lost, and that once the host behaves the test
// works again.
func runAPIFault(t *testing.T, f apiFault) (*rig, cliResult) {
	t.Helper()
	r := newRig(t)
	key := canaryKey(t)
	r.api.AddKey(key, "admin@example.com")
	r.saveKey(key)
	hellos, requests := r.api.Counts().Handshakes, r.api.Requests()

	env := r.env(f.setup(r)...)
	res := runCLI(t, env, "", false, "test")
	checkSaid(t, "oncekey test", res, f.code, f.says, key)
	checkNoCrash(t, "oncekey test", res.output())
	if got := lastTestIn(r.home.indexPath()); got != f.result {
		t.Errorf("the list records the test as %q, want %q", got, f.result)
	}
	if f.noRequest {
		if n := r.api.Requests() - requests; n != 0 {
			t.Errorf("LEAK: the key was sent over a connection OnceKey must not trust (%d requests read)", n)
		}
		if r.api.Counts().Handshakes == hellos {
			t.Error("OnceKey never tried to connect, so the test proves nothing")
		}
	}
	r.keyring.expectKey("default", key, "after the fault")
	r.checkListed(key, "after the fault")
	r.checkNothingElsewhere()

	// The host behaves again: so does OnceKey.
	r.api.SetTLS(fakeoncehub.TLSGood)
	r.api.SetReply(fakeoncehub.ReplyNormal)
	r.api.DropConns()
	healed := runCLI(t, r.env(), "", false, "test")
	checkSaid(t, "oncekey test once the API host behaves", healed, 0, []string{"Works"}, key)
	return r, res
}

func TestFaultAPIResetsMidReply(t *testing.T) {
	t.Parallel()
	_, _ = runAPIFault(t, apiFault{
		setup:  func(r *rig) []string { r.api.SetReply(fakeoncehub.ReplyResetMidway); return nil },
		code:   2,
		result: "unreachable",
		says:   []string{"The connection to OnceHub broke off before an answer came.", "It was not sent anywhere else."},
	})
}

func TestFaultAPISlowByteByByte(t *testing.T) {
	t.Parallel()
	// About 3 seconds for the whole reply: slow, but within the limit.
	_, _ = runAPIFault(t, apiFault{
		setup: func(r *rig) []string {
			r.api.SetSlowByteGap(20 * time.Millisecond)
			r.api.SetReply(fakeoncehub.ReplySlow)
			return nil
		},
		code:   0,
		result: "works",
		says:   []string{"Works: this key is valid for account slow@example.com."},
	})
}

func TestFaultAPITooSlowByteByByte(t *testing.T) {
	t.Parallel()
	// A byte every 300 ms: the reply's headers alone would take a minute,
	// and OnceKey gives up at its limit (15 seconds) instead of hanging.
	_, _ = runAPIFault(t, apiFault{
		setup: func(r *rig) []string {
			r.api.SetSlowByteGap(300 * time.Millisecond)
			r.api.SetReply(fakeoncehub.ReplySlow)
			return nil
		},
		code:   2,
		result: "unreachable",
		says:   []string{"Could not reach OnceHub: it did not answer in time."},
	})
}

func TestFaultAPIBodyOverCap(t *testing.T) {
	t.Parallel()
	r, res := runAPIFault(t, apiFault{
		setup:  func(r *rig) []string { r.api.SetReply(fakeoncehub.ReplyHuge); return nil },
		code:   2,
		result: "unexpected",
		says:   []string{"OnceHub gave an answer OnceKey did not expect."},
	})
	// OnceKey stopped reading at its cap: the server could not push the
	// whole body, and OnceKey's memory never held it.
	if sent := r.api.HugeSent(); sent > 64<<20 {
		t.Errorf("OnceKey read %d MB of a %d MB reply, far over its cap", sent>>20, fakeoncehub.HugeSize>>20)
	}
	if res.maxRSS > 128<<10 {
		t.Errorf("OnceKey's memory peaked at %d MB on a %d MB reply: it did not stop at its cap", res.maxRSS>>10, fakeoncehub.HugeSize>>20)
	}
	t.Logf("the server could push %d KB of the %d MB body; OnceKey's memory peaked at %d MB",
		r.api.HugeSent()>>10, fakeoncehub.HugeSize>>20, res.maxRSS>>10)
}

func TestFaultAPIHeadersOverCap(t *testing.T) {
	t.Parallel()
	_, _ = runAPIFault(t, apiFault{
		setup:  func(r *rig) []string { r.api.SetReply(fakeoncehub.ReplyHugeHeader); return nil },
		code:   2,
		result: "unexpected",
		says:   []string{"OnceHub's answer could not be read."},
	})
}

// notSecure is what OnceKey must say about every certificate or TLS failure.
var notSecure = []string{"The connection to OnceHub was not secure", "Your key was NOT sent."}

func TestFaultAPIWrongCertificateName(t *testing.T) {
	t.Parallel()
	_, _ = runAPIFault(t, apiFault{
		setup:     func(r *rig) []string { r.api.SetTLS(fakeoncehub.TLSWrongName); return nil },
		code:      2,
		result:    "not-secure",
		says:      append(notSecure, "certificate is for another name"),
		noRequest: true,
	})
}

func TestFaultAPIExpiredCertificate(t *testing.T) {
	t.Parallel()
	_, _ = runAPIFault(t, apiFault{
		setup:     func(r *rig) []string { r.api.SetTLS(fakeoncehub.TLSExpired); return nil },
		code:      2,
		result:    "not-secure",
		says:      append(notSecure, "certificate expired or not yet valid"),
		noRequest: true,
	})
}

func TestFaultAPITLS11Only(t *testing.T) {
	t.Parallel()
	_, _ = runAPIFault(t, apiFault{
		setup:     func(r *rig) []string { r.api.SetTLS(fakeoncehub.TLSOnly11); return nil },
		code:      2,
		result:    "not-secure",
		says:      notSecure,
		noRequest: true,
	})
}

func TestFaultDNSFails(t *testing.T) {
	t.Parallel()
	// A name under .invalid never resolves (RFC 2606). No proxy: the name
	// itself must fail.
	r, _ := runAPIFault(t, apiFault{
		setup: func(r *rig) []string {
			return []string{"ONCEKEY_API_URL=https://api.oncehub.invalid/v2", "HTTPS_PROXY="}
		},
		code:   2,
		result: "unreachable",
		says:   []string{"Could not reach OnceHub", "Your key was not sent."},
	})
	if n := r.api.Requests(); n != 1 {
		t.Errorf("the stand-in saw %d requests, want only the one after the fault", n)
	}
}

// ---- The window under faults ----

// rotateInWindow clicks Rotate, answers that OnceHub's page shows Create
// API key, types key into the dialog's entry (which the dialog focuses) and
// presses Enter, which tests the key and stores it beside the old one if it
// works.
func rotateInWindow(s *session, key string) {
	s.t.Helper()
	s.click("key.rotate")
	s.waitShown("rotate.keep-old")
	s.click("rotate.keep-old")
	s.waitShown("rotate.entry")
	s.settle()
	s.typeSecret(key)
	s.key("Return")
}

// testInWindow presses Enter in the main view and waits for a request that
// carries key.
func testInWindow(s *session, api *fakeoncehub.Server, key string) {
	s.t.Helper()
	before := api.Sent(key)
	s.unfocus()
	s.key("Return")
	s.waitFor("a test of "+ending(key), func() bool { return api.Sent(key) > before })
}

func TestFaultWindowKeychainDisappears(t *testing.T) {
	r := newRig(t)
	old, replacement := canaryKey(t), canaryKey(t)
	r.api.AddKey(old, "admin@example.com")
	r.api.AddKey(replacement, "admin@example.com")
	r.saveKey(old)
	s := r.window()
	s.testUntil("works")

	r.keyring.killDaemon()
	// The key read before still tests.
	testInWindow(s, r.api, old)
	// A rotation is tested, then its save fails: the old key stays.
	rotateInWindow(s, replacement)
	s.waitFor("the new key to be tested", func() bool { return r.api.Sent(replacement) > 0 })
	s.settle()
	s.screenshot("fault-keychain-gone-rotate.png")
	r.checkListed(old, "after a rotation while the keychain was gone")
	testInWindow(s, r.api, old)

	r.keyring.startDaemon()
	r.keyring.expectKey("default", old, "after a rotation while the keychain was gone")
	rotateInWindow(s, replacement)
	s.waitFor("the new key in the keychain once it came back", func() bool {
		got, _ := r.keyring.lookup("default")
		return got == replacement
	})
	s.close()
	r.checkNothingElsewhere()
}

func TestFaultWindowKeychainHangs(t *testing.T) {
	r := newRig(t)
	key := canaryKey(t)
	r.api.AddKey(key, "admin@example.com")
	r.saveKey(key)

	r.keyring.pause()
	s := r.window()
	s.settle()
	early := s.screenshot("fault-keychain-hangs-1.png")
	// After two seconds the window says the keychain may be waiting to be
	// unlocked, in a banner with Cancel: the window is alive and drawing
	// while the keychain hangs.
	time.Sleep(2500 * time.Millisecond)
	late := s.screenshot("fault-keychain-hangs-2-waiting.png")
	// The window's top, down to the banner's Cancel, changed to say so.
	if cancel, waiting := s.widgets()["problem.Cancel"]; !waiting {
		t.Errorf("2.5 s into the keychain's hang, the window shows no banner with Cancel; it shows %v", s.shown())
	} else {
		area := s.onScreen(image.Rect(0, 0, s.windowGeometry().Dx(), cancel.Y+cancel.H))
		if changed := regionDiff(early, late, area); changed < 200 {
			t.Errorf("while the keychain hung, the window's top changed in only %d pixels: it did not say it is waiting", changed)
		}
	}
	if n := r.api.Requests(); n != 0 {
		t.Errorf("%d tests were sent while the key could not be read", n)
	}
	r.keyring.resume()
	// The banner goes once the keychain answers, and the view moves up:
	// clicks aimed before that would land on another widget.
	s.waitFor("the keychain's banner to go", func() bool { return !s.shows("problem.Cancel") })
	s.settle()
	s.testUntil("works")
	r.keyring.expectKey("default", key, "after the keychain hung")
	s.close()
	r.checkNothingElsewhere()
}

func TestFaultWindowSaveFailsDuringRotate(t *testing.T) {
	r := newRig(t)
	old, replacement := canaryKey(t), canaryKey(t)
	r.api.AddKey(old, "admin@example.com")
	r.api.AddKey(replacement, "admin@example.com")
	r.saveKey(old)
	s := r.window()
	s.testUntil("works")

	r.keyring.breakWrites()
	rotateInWindow(s, replacement)
	s.waitFor("the new key to be tested", func() bool { return r.api.Sent(replacement) > 0 })
	s.settle()
	s.screenshot("fault-save-fails-rotate.png")
	r.keyring.expectKey("default", old, "after a rotation whose save failed")
	r.checkListed(old, "after a rotation whose save failed")
	// The window goes on with the old key.
	testInWindow(s, r.api, old)

	r.keyring.repairWrites()
	rotateInWindow(s, replacement)
	s.waitFor("the new key in the keychain once it writes again", func() bool {
		got, _ := r.keyring.lookup("default")
		return got == replacement
	})
	s.close()
	r.checkNothingElsewhere()
}

func TestFaultWindowMetadataDamaged(t *testing.T) {
	r := newRig(t)
	key := canaryKey(t)
	r.api.AddKey(key, "admin@example.com")
	r.saveKey(key)
	good, err := os.ReadFile(r.home.indexPath())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(r.home.indexPath(), good[:len(good)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	s := r.window()
	s.testUntil("works")
	s.settle()
	s.screenshot("fault-list-damaged.png")
	r.checkListed(key, "after the window found the list damaged")
	if aside, _ := filepath.Glob(r.home.indexPath() + ".corrupt-*"); len(aside) != 1 {
		t.Errorf("the damaged list was not kept aside once (found %d copies)", len(aside))
	}
	r.keyring.expectKey("default", key, "after the window found the list damaged")
	s.close()
}
