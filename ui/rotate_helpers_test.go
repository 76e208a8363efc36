package ui

import (
	"context"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keystore"
	"github.com/oncekey/oncekey/words"
)

// This file holds what the Rotate tests share: a Tester that answers each
// key with its own outcome, and steps of the dialog as an admin takes them.

// keyedTester answers each key with the outcome set for it, and any other
// key with fallback, so snapshots of the old and the new key's tests do
// not depend on a loopback port.
type keyedTester struct {
	mu       sync.Mutex
	outcomes map[string]apiclient.Outcome
	fallback apiclient.Outcome
}

func newKeyedTester(fallback apiclient.Outcome) *keyedTester {
	return &keyedTester{outcomes: map[string]apiclient.Outcome{}, fallback: fallback}
}

func (k *keyedTester) set(key string, o apiclient.Outcome) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.outcomes[key] = o
}

func (k *keyedTester) Test(ctx context.Context, key string) apiclient.Outcome {
	k.mu.Lock()
	defer k.mu.Unlock()
	if o, ok := k.outcomes[key]; ok {
		return o
	}
	return k.fallback
}

func (k *keyedTester) Warm(ctx context.Context) error { return nil }

// worksFor is a working test of a key of account.
func worksFor(account string) apiclient.Outcome {
	o := cannedOutcome(apiclient.Works)
	o.Account = account
	return o
}

// listedWorking lists key as the default key, last tested as working for
// account.
func listedWorking(key, account string) *keystore.KeyInfo {
	return &keystore.KeyInfo{Name: keystore.DefaultName, Ending: apiclient.Ending(key), SavedAt: testEpoch.AddDate(0, -7, 0),
		LastTest: &keystore.TestRecord{At: testEpoch.Add(-time.Hour), Result: "works", Account: account, Status: 200}}
}

// openRotate taps Rotate in the main view and returns the dialog.
func (h *harness) openRotate() *rotateDialog {
	h.t.Helper()
	h.waitFor("the key to be read", func() bool { return h.key() != "" })
	h.tap(h.m.keyView.rotate)
	if h.m.rotate == nil || h.m.rotate.isClosed() {
		h.t.Fatal("Rotate opened no dialog")
	}
	return h.m.rotate
}

// pasteAndTest types key into the dialog's entry and taps Test and save.
func (h *harness) pasteAndTest(d *rotateDialog, key string) {
	h.t.Helper()
	if d.step != stepPaste {
		h.t.Fatalf("the dialog shows step %d, not the paste step", d.step)
	}
	d.entry.SetText("")
	test.Type(d.entry, key)
	h.tap(d.test)
	h.waitFor("the new key's check", func() bool { return !h.m.testing() && !d.isTesting() })
}

// settled waits until no keychain call or test started here is in flight.
func (h *harness) settled() {
	h.t.Helper()
	h.waitFor("the window to settle", func() bool {
		// The checklist's count of webhooks is settled too.
		counting := h.m.rotate != nil && h.m.rotate.webhooks == words.WebhooksCounting()
		return h.m.pending == 0 && !h.m.testing() && !counting
	})
}

// rotateToChecklist rotates the key shown to fresh, keeping the old one, and
// waits for the checklist.
func (h *harness) rotateToChecklist(fresh string) *rotateDialog {
	h.t.Helper()
	d := h.openRotate()
	h.tap(d.keepOldChoice)
	h.pasteAndTest(d, fresh)
	h.settled()
	if d.step != stepChecklist {
		h.t.Fatalf("after storing the new key the dialog shows step %d, not the checklist (it says %q)", d.step, d.problem.Text)
	}
	return d
}

// dialogText is every label's text in the dialog's page showing, one line
// each, for checks of what it says.
func dialogText(d *rotateDialog) string {
	var lines []string
	for _, o := range test.LaidOutObjects(d.pages) {
		if l, ok := o.(*widget.Label); ok && l.Visible() && l.Text != "" && visibleIn(o, d.pages) {
			lines = append(lines, l.Text)
		}
	}
	return strings.Join(lines, "\n")
}

// visibleIn reports whether o and every container above it under root is
// visible.
func visibleIn(o, root fyne.CanvasObject) bool {
	for _, p := range pathTo(root, o) {
		if !p.Visible() {
			return false
		}
	}
	return true
}

// pathTo is the chain of objects from root down to o.
func pathTo(root, o fyne.CanvasObject) []fyne.CanvasObject {
	if root == o {
		return []fyne.CanvasObject{o}
	}
	var children []fyne.CanvasObject
	switch c := root.(type) {
	case *fyne.Container:
		children = c.Objects
	case fyne.Widget:
		children = test.WidgetRenderer(c).Objects()
	}
	for _, ch := range children {
		if p := pathTo(ch, o); p != nil {
			return append([]fyne.CanvasObject{root}, p...)
		}
	}
	return nil
}

// links are the hyperlinks the dialog's page showing has.
func links(d *rotateDialog) []*widget.Hyperlink {
	var out []*widget.Hyperlink
	for _, o := range test.LaidOutObjects(d.pages) {
		// Show webhooks opens a view of the window, not a web page.
		if l, ok := o.(*widget.Hyperlink); ok && l.URL != nil && visibleIn(o, d.pages) {
			out = append(out, l)
		}
	}
	return out
}
