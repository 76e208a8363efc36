package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keystore"
)

// Markup snapshots of Rotate, one master per step under
// testdata/rotatedialog/, the main view during a rotation under
// testdata/keyview/, and the window with the dialog open under
// testdata/window/. The old and new keys get fixed outcomes, so the
// masters do not change from run to run.

const (
	markupNewKey   = "tk_snapshot_new_0000009z9z"
	markupOtherKey = "tk_snapshot_other_00007x7x"
)

// markupRotation is a window showing markupKey, last tested as working for
// admin@example.com and noted as used in Zapier and HubSpot; the new key
// works for the same account, and markupOtherKey for another.
func markupRotation(t *testing.T) (*harness, *keyedTester) {
	t.Helper()
	tester := newKeyedTester(cannedOutcome(apiclient.NotRecognised))
	tester.set(markupKey, worksFor("admin@example.com"))
	tester.set(markupNewKey, worksFor("admin@example.com"))
	tester.set(markupOtherKey, worksFor("other@example.org"))
	listed := listedWorking(markupKey, "admin@example.com")
	listed.Note = "used in: Zapier, HubSpot"
	h := snapshotHarness(t, setup{tester: tester, storedKey: markupKey, listed: listed, size: fyne.NewSize(600, 520)})
	return h, tester
}

// assertDialogMarkup compares the top dialog with its master, after making
// sure that no key is in it.
func assertDialogMarkup(t *testing.T, h *harness, master string) {
	t.Helper()
	top := h.m.win.Canvas().Overlays().Top()
	markup := test.RenderToMarkup(h.m.win.Canvas())
	for _, key := range []string{markupKey, markupNewKey, markupOtherKey} {
		if strings.Contains(markup, key) {
			t.Fatalf("%s: the key ending in %s appears in the window", master, apiclient.Ending(key))
		}
	}
	test.AssertObjectRendersToMarkup(t, master, top)
	assertBundledGlyphs(t, markup)
}

func TestMarkupRotateSteps(t *testing.T) {
	h, tester := markupRotation(t)
	d := h.openRotate()
	assertDialogMarkup(t, h, "rotatedialog/step1.xml")

	h.tap(d.keepOldChoice)
	h.pasteAndTest(d, markupOtherKey)
	assertDialogMarkup(t, h, "rotatedialog/step2_account_differs.xml")

	h.pasteAndTest(d, "tk_snapshot_unknown_0003c3c")
	test.AssertRendersToMarkup(t, "window/rotate_refused.xml", h.m.win.Canvas())
	assertDialogMarkup(t, h, "rotatedialog/step2_refused.xml")

	h.pasteAndTest(d, markupNewKey)
	h.settled()
	assertDialogMarkup(t, h, "rotatedialog/step3_checklist.xml")

	h.tap(d.deleted)
	h.settled()
	assertDialogMarkup(t, h, "rotatedialog/step4_still_works.xml")

	h.tap(d.later)
	test.AssertObjectRendersToMarkup(t, "keyview/rotation_pending.xml", h.m.keyView.content)

	tester.set(markupKey, cannedOutcome(apiclient.NotRecognised))
	h.tap(h.m.keyView.rotation.next)
	d = h.m.rotate
	h.tap(d.deleted)
	h.settled()
	assertDialogMarkup(t, h, "rotatedialog/step4_forgotten.xml")
}

func TestMarkupAfterReplace(t *testing.T) {
	// On OnceHub's older page, Regenerate stopped the old key at once: the
	// new key simply takes its place, and a note says what is left to do.
	h, tester := markupRotation(t)
	tester.set(markupKey, cannedOutcome(apiclient.NotRecognised))
	d := h.openRotate()
	h.tap(d.regenerateChoice)
	h.pasteAndTest(d, markupNewKey)
	h.settled()
	if h.m.rotate != nil {
		t.Fatal("the dialog stays after a plain replacement")
	}
	if _, ok := h.store.retiring.secret(keystore.DefaultName); ok {
		t.Fatal("a regenerated key was kept as a retiring key")
	}
	test.AssertObjectRendersToMarkup(t, "banner/replaced.xml", h.m.notice.box)
	test.AssertObjectRendersToMarkup(t, "keyview/after_replace.xml", h.m.keyView.content)
}
