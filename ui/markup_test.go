package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keystore"
)

// Markup snapshots of each view and each outcome. The masters in testdata
// were each read and checked by eye when made; a change to what the window
// shows must be looked at the same way before a master is replaced.

// markupKey is a fixed fake key, so snapshots do not change from run to
// run. It is never a real key.
const markupKey = "tk_snapshot_only_00001a2b"

// cannedOutcome is what a test of kind returns in the snapshots: the
// client's own words, with a fixed status and Request-Id.
func cannedOutcome(k apiclient.Kind) apiclient.Outcome {
	sent := k != apiclient.NotSecure && k != apiclient.InvalidKey
	o := apiclient.NewOutcome(k, "", sent)
	switch k {
	case apiclient.Works:
		o.Status, o.Account = 200, "admin@example.com"
	case apiclient.NotRecognised:
		o.Status = 401
	case apiclient.NoAPIAccess:
		o.Status = 403
	case apiclient.RateLimited:
		o.Status = 429
	case apiclient.ServerTrouble:
		o.Status = 503
	case apiclient.Unexpected:
		o.Status = 302
	case apiclient.Unreachable:
		o.Reason = apiclient.ReasonTimeout
	}
	if o.Status != 0 {
		o.RequestID = "req_0123456789abcdef"
	}
	return o
}

func snapshotHarness(t *testing.T, s setup) *harness {
	t.Helper()
	h := newHarness(t, s)
	h.m.win.Resize(fyne.NewSize(600, 520))
	return h
}

func TestMarkupFirstRun(t *testing.T) {
	h := snapshotHarness(t, setup{tester: &cannedTester{}})
	h.waitFor("the first-run view", func() bool { return h.view() == viewFirstRun })
	test.AssertRendersToMarkup(t, "first_run.xml", h.m.win.Canvas())

	h.m.firstRun.entry.SetText("not a key")
	h.tap(h.m.firstRun.save)
	test.AssertRendersToMarkup(t, "first_run_refused.xml", h.m.win.Canvas())
}

func TestMarkupOutcomes(t *testing.T) {
	for _, k := range allKinds {
		if k == apiclient.InvalidKey {
			continue // a stored key is never refused by NormalizeKey; first_run_refused covers the words
		}
		t.Run(k.String(), func(t *testing.T) {
			h := snapshotHarness(t, setup{tester: &cannedTester{outcome: cannedOutcome(k)}, storedKey: markupKey})
			h.waitFor("the key to be read", func() bool { return h.key() != "" })
			h.tap(h.m.keyView.test)
			h.waitForResult()
			markup := test.RenderToMarkup(h.m.win.Canvas())
			if strings.Contains(markup, markupKey) {
				t.Fatal("the key appears in the main view while masked")
			}
			test.AssertRendersToMarkup(t, "outcome_"+k.String()+".xml", h.m.win.Canvas())
		})
	}
}

func TestMarkupMainViewCopiedAndDetailsOpen(t *testing.T) {
	h := snapshotHarness(t, setup{tester: &cannedTester{outcome: cannedOutcome(apiclient.NotRecognised)}, storedKey: markupKey,
		listed: &keystore.KeyInfo{Name: keystore.DefaultName, Ending: apiclient.Ending(markupKey)}})
	h.waitFor("the key to be read", func() bool { return h.key() != "" })
	h.tap(h.m.keyView.test)
	h.waitForResult()
	h.tap(h.m.keyView.copy)
	h.m.keyView.result.details.Open(0)
	test.AssertRendersToMarkup(t, "main_copied_details.xml", h.m.win.Canvas())
}

func TestMarkupKeychainBanners(t *testing.T) {
	h := snapshotHarness(t, setup{tester: &cannedTester{}})
	h.store.setFail("save", &keystore.Error{Kind: keystore.Missing, Op: "save"})
	h.saveFirstKey(markupKey)
	h.waitFor("the keychain problem", func() bool { return h.m.problem.visible() })
	test.AssertRendersToMarkup(t, "keychain_missing.xml", h.m.win.Canvas())

	w := snapshotHarness(t, setup{noStart: true, tester: &cannedTester{}, storedKey: markupKey})
	w.store.hold()
	w.m.start()
	w.waitFor("the keychain call", func() bool { return w.store.callCount() > 0 })
	w.advance(2 * time.Second)
	test.AssertRendersToMarkup(t, "keychain_waiting.xml", w.m.win.Canvas())
}

func TestMarkupDialogs(t *testing.T) {
	h := snapshotHarness(t, setup{tester: &cannedTester{outcome: cannedOutcome(apiclient.NotRecognised)}, storedKey: markupKey})
	h.waitFor("the key to be read", func() bool { return h.key() != "" })

	h.tap(h.m.keyView.replace)
	test.Type(h.m.replace.entry, "tk_snapshot_new_0000009z9z")
	h.tap(h.m.replace.test)
	h.waitFor("the new key's test", func() bool { return !h.m.testing() && h.m.replace.result.Visible() })
	test.AssertRendersToMarkup(t, "replace_refused.xml", h.m.win.Canvas())
	h.tap(h.m.replace.cancel)

	h.tap(h.m.keyView.remove)
	test.AssertRendersToMarkup(t, "remove_confirm.xml", h.m.win.Canvas())
}

func TestMarkupAfterReplace(t *testing.T) {
	h := snapshotHarness(t, setup{tester: &cannedTester{outcome: cannedOutcome(apiclient.Works)}, storedKey: markupKey})
	h.waitFor("the key to be read", func() bool { return h.key() != "" })
	h.tap(h.m.keyView.replace)
	test.Type(h.m.replace.entry, "tk_snapshot_new_0000009z9z")
	h.tap(h.m.replace.test)
	h.waitFor("the replace", func() bool { return h.m.replace == nil && !(h.m.pending > 0) })
	test.AssertRendersToMarkup(t, "after_replace.xml", h.m.win.Canvas())
}
