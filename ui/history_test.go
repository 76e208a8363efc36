package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestDetailsShowTheKeysRecentTests(t *testing.T) {
	key := newKey(t)
	h := newHarness(t, setup{storedKey: key, history: true})
	h.srv.AddKey(key, "admin@example.com")
	h.waitFor("the key to be read", func() bool { return h.key() != "" })

	h.tap(h.m.keyView.test)
	h.waitForResult()
	h.advance(2 * time.Minute)
	h.srv.RemoveKey(key)
	h.tap(h.m.keyView.test)
	h.waitForResult()
	h.waitFor("two tests in Details", func() bool { return len(h.m.keyView.result.history.grid.Objects) == 6 })

	var texts []string
	for _, o := range h.m.keyView.result.history.grid.Objects {
		texts = append(texts, o.(*widget.Label).Text)
	}
	want := []string{"2 Mar 2026 09:32", "window", "Not recognised by OnceHub", "2 Mar 2026 09:30", "window", "Works, account admin@example.com"}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Errorf("Details show the tests %q, want %q", texts, want)
	}
}

// The table itself, as a component: the outcome column takes the room left.
func TestHistoryTableMarkup(t *testing.T) {
	app := test.NewTempApp(t)
	v := newHistoryView()
	v.set([]historyRow{
		{When: "2 Mar 2026 09:32", From: "tray", Outcome: "Not recognised by OnceHub"},
		{When: "2 Mar 2026 09:30", From: "command line", Outcome: "Works, account admin@example.com"},
		{When: "1 Mar 2026 18:02", From: "window", Outcome: "OnceHub could not be reached"},
	})
	w := app.NewWindow("history")
	w.SetContent(v.box)
	w.Resize(fyne.NewSize(520, 160))
	test.AssertRendersToMarkup(t, "result/history.xml", w.Canvas())
	assertBundledGlyphs(t, test.RenderToMarkup(w.Canvas()))

	v.set(nil)
	if v.box.Visible() {
		t.Error("with no tests recorded, the table still shows")
	}
}
