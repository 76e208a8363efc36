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

// Markup snapshots: one folder of masters per component under testdata
// (firstrun/, keyview/, result/, banner/, rotatedialog/, removedialog/),
// as Fyne keeps its own widgets' masters, plus a few whole-window masters
// in testdata/window/. Each component is driven through the real window
// and then rendered alone, so a change to one component touches only its
// own masters. Every master was read and checked by eye when made; a
// change to what the window shows must be looked at the same way before a
// master is replaced.

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
	test.AssertRendersToMarkup(t, "window/first_run.xml", h.m.win.Canvas())
	test.AssertObjectRendersToMarkup(t, "firstrun/empty.xml", h.m.firstRun.content)
	assertBundledGlyphs(t, test.RenderToMarkup(h.m.win.Canvas()))

	h.m.firstRun.entry.SetText("not a key")
	h.tap(h.m.firstRun.save)
	test.AssertObjectRendersToMarkup(t, "firstrun/refused.xml", h.m.firstRun.content)
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
			if k == apiclient.Works {
				test.AssertRendersToMarkup(t, "window/main_works.xml", h.m.win.Canvas())
			}
			test.AssertObjectRendersToMarkup(t, "result/"+k.String()+".xml", h.m.keyView.result.box)
			assertBundledGlyphs(t, markup)
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
	test.AssertObjectRendersToMarkup(t, "keyview/copied_details.xml", h.m.keyView.content)
}

func TestMarkupKeychainBanners(t *testing.T) {
	h := snapshotHarness(t, setup{tester: &cannedTester{}})
	h.store.setFail("save", &keystore.Error{Kind: keystore.Missing, Op: "save"})
	h.saveFirstKey(markupKey)
	h.waitFor("the keychain problem", func() bool { return h.m.problem.visible() })
	test.AssertObjectRendersToMarkup(t, "banner/keychain_missing.xml", h.m.problem.box)
	test.AssertObjectRendersToMarkup(t, "firstrun/keychain_missing.xml", h.m.firstRun.content)

	w := snapshotHarness(t, setup{noStart: true, tester: &cannedTester{}, storedKey: markupKey})
	w.store.hold()
	w.m.start()
	w.waitFor("the keychain call", func() bool { return w.store.callCount() > 0 })
	w.advance(2 * time.Second)
	test.AssertObjectRendersToMarkup(t, "banner/keychain_waiting.xml", w.m.problem.box)
}

func TestMarkupDialogs(t *testing.T) {
	h := snapshotHarness(t, setup{tester: &cannedTester{outcome: cannedOutcome(apiclient.NotRecognised)}, storedKey: markupKey})
	h.waitFor("the key to be read", func() bool { return h.key() != "" })

	h.tap(h.m.keyView.remove)
	test.AssertObjectRendersToMarkup(t, "removedialog/confirm.xml", h.m.win.Canvas().Overlays().Top())
	assertBundledGlyphs(t, test.RenderToMarkup(h.m.win.Canvas()))
}
