//go:build e2e

package e2e

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oncekey/oncekey/internal/fakeoncehub"
)

// TestSecretHygieneEndToEnd drives every flow of the real program with
// made-up keys, then searches for each key, whole and as any 12-character
// piece (and in base64 and hex), everywhere it must not be: every file in
// OnceKey's home, settings folder and temporary folder and in the keyring
// daemon's folders, the output of every process the test started, the
// argument list of every process on the machine and the environment of
// every process the test started, and everything sent to hosts other than
// the API host. It fails on the first hit, saying where.
//
// The window is driven with its keyboard shortcuts (Enter tests, Ctrl+C
// copies) and by clicking its buttons (the reveal eye, Rotate, Remove,
// Cancel, the dialog's Remove) where its widget map says they are. A click
// on the key's line takes the focus from any widget, so that Enter reaches
// the window.
func TestSecretHygieneEndToEnd(t *testing.T) {
	r := newRig(t)
	first, second, third := canaryKey(t), canaryKey(t), canaryKey(t)
	control := canaryKey(t) // put where the search must find it
	keys := watchList{
		{"the first key", needlesFor(first)},
		{"the replacement key", needlesFor(second)},
		{"the command line's key", needlesFor(third)},
	}
	controls := watchList{{"the control key", needlesFor(control)}}
	// The webhooks' signing secrets, which OnceHub sends with every list,
	// are canaries too: some of each page (their pieces are many to
	// search for, and every secret goes the same way).
	windowHooks := r.api.AddWebhooks("admin@example.com", 3)
	scriptHooks := r.api.AddWebhooks("scripts@example.com", 105)
	for _, w := range append(append([]fakeoncehub.Webhook{}, windowHooks...), append(scriptHooks[:4:4], scriptHooks[100:]...)...) {
		keys = append(keys, watched{"the signing secret of webhook " + w.ID, needlesFor(w.Secret)})
	}
	watch := watchProcesses(t, append(keys, controls...), windowProgram(t), commandLine(t))
	r.api.AddKey(first, "admin@example.com")
	r.api.AddKey(second, "admin@example.com")
	r.api.AddKey(third, "scripts@example.com")

	windowFlows(t, r, first, second)
	commandLineFlows(t, r, third)

	// Nothing reached the hosts that must never hear from OnceKey.
	r.checkNothingElsewhere()

	// Controls: the control key is put in one place of each kind the
	// search covers. If the search misses it anywhere, it proves nothing.
	if err := os.WriteFile(filepath.Join(r.home.config, "control.txt"), []byte("x"+control[5:25]+"x"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctl := command("sh", "-c", "sleep 0.3", "control-"+control[3:17])
	ctl.Env = append(cleanEnv(), "CONTROL="+control[10:30])
	if err := ctl.Run(); err != nil {
		t.Fatal(err)
	}
	_, _ = capture("the control output").Write([]byte("x" + control + "x"))
	if c, err := net.Dial("tcp", r.elsewhere.addr()); err == nil {
		_, _ = c.Write([]byte("GET /?k=" + control[2:20] + " HTTP/1.1\r\nHost: x\r\n\r\n"))
		waitUntil(t, 5*time.Second, "the control request to be recorded", func() bool { return len(r.elsewhere.received()) > 0 })
		c.Close()
	}

	hits, processes, ours, onceKeys := watch.finish()
	all := append(append(watchList{}, keys...), controls...)
	var leaks []string
	controlSeen := map[string]bool{}
	// classify files a finding under leaks when it names one of the real keys,
	// and as the control's when only the control key is in it.
	classify := func(kind, where, finding string) {
		if finding == "" {
			return
		}
		for _, k := range keys {
			if strings.Contains(finding, k.label+":") {
				leaks = append(leaks, where+": "+finding)
				return
			}
		}
		controlSeen[kind] = true
	}
	for _, h := range hits {
		kind := "a process's arguments"
		if strings.Contains(h, "environment") {
			kind = "a process's environment"
		}
		classify(kind, "process sampling", h)
	}
	found, files := searchFiles(t, all, r.home.root, r.keyring.root)
	for _, f := range found {
		classify("a file", "file search", f)
	}
	outs := capturedOutputs()
	for name, out := range outs {
		classify("an output", "the output of "+name, all.find([]byte(out)))
	}
	argvs := startedArgv()
	for _, argv := range argvs {
		classify("an argument list", fmt.Sprintf("the arguments of %q", argv[0]), all.find([]byte(strings.Join(argv, "\x00"))))
	}
	classify("a host", r.decoy.name, all.find(r.decoy.received()))
	classify("a host", r.elsewhere.name, all.find(r.elsewhere.received()))

	for _, kind := range []string{"a process's arguments", "a process's environment", "a file", "an output", "an argument list", "a host"} {
		if !controlSeen[kind] {
			t.Errorf("the search did not find the control key in %s, where it was put: the search itself is broken", kind)
		}
	}
	if onceKeys < 2 {
		t.Errorf("process sampling saw OnceKey running only %d times: it cannot vouch for OnceKey's arguments", onceKeys)
	}
	for _, l := range leaks {
		t.Errorf("LEAK: %s", l)
	}
	t.Logf("searched %d files, %d captured outputs, %d argument lists of processes the test started, "+
		"and %d processes on the machine (%d started by this test, %d running OnceKey)",
		files, len(outs), len(argvs), processes, ours, onceKeys)
}

// windowFlows is the window part of TestSecretHygieneEndToEnd: first run,
// save, a test in every outcome, copy, reveal, rotate and remove.
func windowFlows(t *testing.T, r *rig, first, second string) {
	s := r.window()
	s.settle()
	s.screenshot("hygiene-1-first-run.png")

	// Something that is not a key (a space inside) is refused, and
	// nothing is stored or sent.
	s.typeSecret(first[:20] + " " + first[20:])
	s.key("Return")
	s.settle()
	if n := r.api.Requests(); n != 0 {
		t.Fatalf("a key with a space inside was sent to OnceHub (%d requests)", n)
	}
	if _, stored := r.keyring.lookup("default"); stored {
		t.Fatal("a key with a space inside was stored")
	}
	s.screenshot("hygiene-2-refused.png")
	s.key("ctrl+a", "BackSpace")

	// First run: the key is saved and tested at once.
	s.typeSecret(first)
	s.key("Return")
	s.waitFor("the first key to be saved and tested", func() bool { return s.lastTest() == "works" })
	r.keyring.expectKey("default", first, "after the first save")

	// A test in every outcome. Each differs from the one before, so its
	// record shows that it happened.
	outcomes := []struct {
		want  string
		setup func()
	}{
		{"not-recognised", func() { r.api.RemoveKey(first) }},
		{"works", func() { r.api.AddKey(first, "admin@example.com") }},
		{"no-api-access", func() {
			r.api.Answer(&fakeoncehub.Reply{Status: http.StatusForbidden, Type: "authentication_error", Message: "API access requires the Enterprise plan."})
		}},
		{"rate-limited", func() {
			r.api.Answer(&fakeoncehub.Reply{Status: http.StatusTooManyRequests, RetryAfter: "1",
				Type: "rate_limit_error", Message: "Request rate limit exceeded"})
		}},
		{"server-trouble", func() {
			r.api.Answer(&fakeoncehub.Reply{Status: http.StatusServiceUnavailable, Type: "api_error", Message: "Service unavailable."})
		}},
		{"unexpected", func() {
			r.api.Answer(&fakeoncehub.Reply{Status: http.StatusTemporaryRedirect, Location: "https://" + r.elsewhere.addr() + "/v2/test"})
		}},
		{"not-secure", func() {
			r.api.Answer(nil)
			r.api.SetTLS(fakeoncehub.TLSWrongName)
			r.api.DropConns()
		}},
		{"unreachable", func() {
			r.api.SetTLS(fakeoncehub.TLSHangUp)
			r.api.DropConns()
		}},
		{"works", func() { r.api.SetTLS(fakeoncehub.TLSGood) }},
	}
	for _, o := range outcomes {
		o.setup()
		s.testUntil(o.want)
		if o.want == "rate-limited" {
			s.settle()
			s.screenshot("hygiene-3-rate-limited.png")
		}
	}

	// Cancel a test that hangs.
	r.api.Hang()
	s.unfocus()
	s.key("Return")
	s.waitFor("the test to reach OnceHub's stand-in", func() bool { return r.api.InFlight() == 1 })
	s.click("key.cancel-test")
	s.waitFor("the cancelled test to let go of its request", func() bool { return r.api.Abandoned() == 1 })
	r.api.Release()
	r.api.RemoveKey(first)
	s.testUntil("not-recognised")
	r.api.AddKey(first, "admin@example.com")
	s.testUntil("works")
	s.settle()
	masked := s.screenshot("hygiene-4-masked.png")
	// The key's line, left of the eye, as it shows masked.
	keyLine := s.onScreen(s.place("key.masked").rect())

	// The account's webhooks, listed and closed again with Escape.
	s.click("key.webhooks")
	s.waitShown("webhooks.close")
	s.waitShown("webhooks.refresh") // enabled once the list is in
	s.settle()
	s.screenshot("hygiene-4-webhooks.png")
	s.key("Escape")
	s.waitFor("the webhooks view to close", func() bool { return !s.shows("webhooks.close") })

	// Copy: Ctrl+C puts the key on the clipboard.
	s.unfocus()
	s.key("ctrl+c")
	s.waitFor("the key on the clipboard", func() bool { return s.clipboard() == first })

	// Reveal and hide again with the eye.
	s.click("key.reveal")
	s.settle()
	revealed := s.screenshot("hygiene-5-revealed.png")
	if changed := regionDiff(masked, revealed, keyLine); changed < 50 {
		t.Errorf("revealing the key changed only %d pixels of its line", changed)
	}
	s.click("key.reveal")
	s.settle()
	hidden := s.screenshot("hygiene-6-hidden-again.png")
	if changed := regionDiff(masked, hidden, keyLine); changed > 20 {
		t.Errorf("after hiding it again, the key's line differs from the masked one in %d pixels", changed)
	}

	// Rotate, on OnceHub's current page: the dialog focuses its entry, and
	// Enter tests the new key, which is stored beside the old one once it
	// works. The old key is checked once the admin says it is deleted:
	// kept while OnceHub still knows it, forgotten once it does not.
	s.click("key.rotate")
	s.waitShown("rotate.keep-old")
	s.click("rotate.keep-old")
	s.waitShown("rotate.entry")
	s.settle()
	s.screenshot("hygiene-7-rotate.png")
	s.typeSecret(second)
	s.key("Return")
	waitUntil(t, 20*time.Second, "the new key in the keychain", func() bool {
		got, _ := r.keyring.lookup("default")
		return got == second
	})
	s.waitShown("rotate.deleted")
	s.settle()
	s.screenshot("hygiene-8-checklist.png")
	before := r.api.Sent(first)
	s.click("rotate.deleted")
	s.waitFor("the old key's check", func() bool { return r.api.Sent(first) > before })
	s.settle()
	r.api.RemoveKey(first)
	s.click("rotate.deleted")
	s.waitShown("rotate.close")
	s.settle()
	s.screenshot("hygiene-8-rotated.png")
	s.click("rotate.close")
	s.waitFor("the rotate dialog to close", func() bool { return !s.shows("rotate.close") })

	// Remove, and in the question, its Remove button.
	s.click("key.remove")
	s.waitShown("remove.confirm")
	s.settle()
	s.screenshot("hygiene-9-remove-question.png")
	s.click("remove.confirm")
	waitUntil(t, 20*time.Second, "the key to be removed from the keychain", func() bool {
		_, stored := r.keyring.lookup("default")
		return !stored
	})
	s.settle()
	s.screenshot("hygiene-10-removed.png")
	s.close()
}

// scriptHooksToDelete is the webhook commandLineFlows deletes: the
// stand-in numbers them in order, and the command line's account's come
// after the window's three.
const scriptHooksToDelete = "WHK-0000000050"

// commandLineFlows is the command line part of TestSecretHygieneEndToEnd.
func commandLineFlows(t *testing.T, r *rig, key string) {
	// A key with a space inside is refused without being repeated.
	res := r.cli(key[:15]+" "+key[15:]+"\n", "set")
	if res.code != 2 {
		t.Errorf("set with a space inside the key: exit %d, want 2", res.code)
	}
	checkPlain(t, "set with a space inside the key", res.output())

	steps := []struct {
		args  []string
		stdin string
		code  int
		says  string
	}{
		{[]string{"status"}, "", 0, "No key is saved yet"},
		{[]string{"set"}, key + "\n", 0, "Saved the key ending in " + key[len(key)-4:]},
		{[]string{"test"}, "", 0, "Works: this key is valid for account scripts@example.com."},
		{[]string{"status"}, "", 0, "works, account scripts@example.com"},
		{[]string{"test", "--stdin"}, "  \"" + key + "\"\r\n", 0, "Works"},
		{[]string{"webhooks"}, "", 0, "This OnceHub account has 105 webhooks."},
		{[]string{"webhooks", "--json"}, "", 0, `"complete": true`},
		{[]string{"webhooks", "delete", "--yes", scriptHooksToDelete}, "", 0, "Deleted the webhook " + scriptHooksToDelete},
		// The key reaches run's command in its environment only.
		{[]string{"run", "--", "sh", "-c", `test "${#ONCEHUB_API_KEY}" -gt 20 && echo has-the-key`, runChildMarker}, "", 0, "has-the-key"},
		{[]string{"set", "--name", "Zapier"}, key + "\n", 0, "Saved"},
		{[]string{"remove", "--name", "Zapier"}, "", 0, "Removed the key ending in " + key[len(key)-4:]},
	}
	for _, st := range steps {
		res := r.cli(st.stdin, st.args...)
		what := "oncekey " + strings.Join(st.args, " ")
		if res.code != st.code || !strings.Contains(res.output(), st.says) {
			t.Errorf("%s: exit %d, want %d saying %q; it said:\n%s", what, res.code, st.code, st.says, redact(res.output()))
		}
		checkPlain(t, what, res.output())
	}

	// print writes the key, as asked; its output is compared, not kept.
	res = runCLI(t, r.env(), "", true, "print")
	if res.code != 0 || strings.TrimSpace(res.stdout) != key {
		t.Errorf("oncekey print: exit %d, and the output is not %s", res.code, ending(key))
	}
	if got := needlesFor(key).find([]byte(res.stdout)); got != "the whole key" {
		t.Errorf("the search does not find the key in print's output (found %q): the search itself is broken", got)
	}

	// Through a proxy (the API host named, so the proxy is used), the proxy
	// carries only encrypted bytes.
	tun := startTunnel(t, r.api.Addr)
	env := r.env("ONCEKEY_API_URL=https://"+apiName+":"+portOf(r.api)+"/v2", "HTTPS_PROXY="+tun.URL())
	before := r.api.Requests()
	res = runCLI(t, env, "", false, "test")
	if res.code != 0 {
		t.Errorf("oncekey test through a proxy: exit %d:\n%s", res.code, redact(res.output()))
	}
	if tun.connects.Load() == 0 || r.api.Requests() == before {
		t.Errorf("the test through a proxy did not go through it (%d tunnels, %d requests)", tun.connects.Load(), r.api.Requests()-before)
	}
	passed := tun.passed()
	if what := needlesFor(key).find(passed); what != "" {
		t.Errorf("LEAK: the proxy saw %s in the %d bytes that passed through it", what, len(passed))
	}
	if !bytes.Contains(passed, []byte("CONNECT "+apiName)) {
		t.Errorf("the proxy did not see a CONNECT for %s", apiName)
	}

	res = r.cli("", "remove")
	if res.code != 0 {
		t.Errorf("oncekey remove: exit %d:\n%s", res.code, redact(res.output()))
	}
	res = r.cli("", "test")
	if res.code != 2 || !strings.Contains(res.output(), "No key named \"default\" is saved") {
		t.Errorf("oncekey test with no key: exit %d:\n%s", res.code, redact(res.output()))
	}
	checkPlain(t, "oncekey test with no key", res.output())
	if _, stored := r.keyring.lookup("default"); stored {
		t.Error("oncekey remove left the key in the keychain")
	}
}
