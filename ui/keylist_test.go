package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
	"github.com/oncekey/oncekey/words"
)

// These tests drive the window with several named keys: the list at the
// side, choosing a key, adding and removing keys, and the reminder to
// rotate an old key.

// keyNames are the names of up to 25 keys, as an admin would give them.
var keyNames = []string{
	"Production CRM", "Staging", "Zapier", "HubSpot sync", "Website booking", "Support desk",
	"Marketing automation", "Sales dashboard", "Data warehouse", "AI agent (MCP)", "Calendar bridge",
	"Billing", "Partner portal", "QA", "Development", "Reporting", "Onboarding flows", "Mobile app",
	"Intranet", "Backup scripts", "Slack bot", "Webhooks relay", "Customer success", "Training sandbox",
	"Legacy import",
}

// seedSecret is the fake key saved under the i-th seeded name: fixed, so
// that masters do not change from run to run, and never a real key.
func seedSecret(i int) string { return fmt.Sprintf("tk_snapshot_only_%06d%04x", i, 0x1a2b+i*0x111) }

// seeds are keys saved under names, of varied ages and last tests.
func seeds(names ...string) []seed {
	out := make([]seed, len(names))
	for i, name := range names {
		secret := seedSecret(i)
		info := keystore.KeyInfo{Name: name, Ending: apiclient.Ending(secret), SavedAt: testEpoch.AddDate(0, 0, -3-40*i)}
		switch i % 4 {
		case 0:
			info.LastTest = &keystore.TestRecord{At: testEpoch.Add(-time.Hour), Result: apiclient.Works.String(), Account: "admin@example.com", Status: 200}
		case 1:
			info.LastTest = &keystore.TestRecord{At: testEpoch.Add(-2 * time.Hour), Result: apiclient.NotRecognised.String(), Status: 401}
		case 2:
			info.LastTest = &keystore.TestRecord{At: testEpoch.Add(-3 * time.Hour), Result: apiclient.Unreachable.String()}
		}
		out[i] = seed{info: info, secret: secret}
	}
	return out
}

// manyKeysSize is the window's size in these tests: its smallest with the
// list at the side.
var manyKeysSize = fyne.NewSize(800, 540)

func severalHarness(t *testing.T, s setup) *harness {
	t.Helper()
	if s.tester == nil {
		s.tester = &cannedTester{outcome: cannedOutcome(apiclient.Works)}
	}
	if s.size.IsZero() {
		s.size = manyKeysSize
	}
	h := newHarness(t, s)
	h.waitFor("the key to be read", func() bool { return h.keyOf(h.m.name) != "" })
	return h
}

// listShows reports whether the list of keys is on screen.
func (h *harness) listShows() bool {
	return h.view() == viewKey && len(h.m.body.Objects) == 1 && h.m.body.Objects[0] == h.m.multi
}

// rowNames are the names the list shows, in order.
func (h *harness) rowNames() []string {
	names := make([]string, len(h.m.list.rows))
	for i, r := range h.m.list.rows {
		names[i] = r.Name
	}
	return names
}

// rowView finds the row on screen that shows name.
func (h *harness) rowView(name string) *keyRowView {
	h.t.Helper()
	for _, o := range test.LaidOutObjects(h.m.list.list) {
		if r, ok := o.(*keyRowView); ok && r.Visible() && r.row.Name == name {
			return r
		}
	}
	h.t.Fatalf("no row on screen shows %q", name)
	return nil
}

// tapRow taps the row that shows name, as the admin would: on the list's
// own item around the row, which selects it and gives the list the
// keyboard.
func (h *harness) tapRow(name string) {
	h.t.Helper()
	var item fyne.Tappable
	for _, o := range test.LaidOutObjects(h.m.list.list) {
		if tp, ok := o.(fyne.Tappable); ok {
			item = tp
		}
		if r, ok := o.(*keyRowView); ok && r.Visible() && r.row.Name == name && item != nil {
			test.Tap(item)
			h.q.drain()
			return
		}
	}
	h.t.Fatalf("no row on screen shows %q", name)
}

// typeKey sends a key to whatever has the keyboard: the focused widget, or
// the window.
func (h *harness) typeKey(name fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: name}
	if f := h.m.win.Canvas().Focused(); f != nil {
		f.TypedKey(ev)
	} else {
		h.m.win.Canvas().OnTypedKey()(ev)
	}
	h.q.drain()
}

// selected is the name the list marks as chosen.
func (h *harness) selected() string {
	return h.m.list.selected
}

// waitShown waits until the key view shows name, read from the keychain.
func (h *harness) waitShown(name string) {
	h.t.Helper()
	h.waitFor("the key view to show "+name, func() bool {
		return h.m.name == name && h.keyOf(name) != "" && h.view() == viewKey
	})
}

func TestOneKeyShowsNoList(t *testing.T) {
	h := newHarness(t, setup{tester: &cannedTester{}, storedKey: markupKey})
	h.waitFor("the key to be read", func() bool { return h.key() != "" })
	if h.listShows() {
		t.Error("the list of keys shows with one key saved")
	}
	if got := h.m.keyView.title.Text; got != "Your OnceHub API key" {
		t.Errorf("with the first key alone the title is %q", got)
	}
	if h.m.keyView.age.Visible() {
		t.Error("a new key shows the age reminder")
	}
	if n := h.m.keyView.note; !n.box.Visible() || n.text.Text != words.NoNote() {
		t.Errorf("the one key's note shows as %q (visible: %v)", n.text.Text, n.box.Visible())
	}
}

func TestMarkupTwoKeys(t *testing.T) {
	h := severalHarness(t, setup{saved: seeds("Production CRM", "Staging")})
	if !h.listShows() {
		t.Fatal("the list of keys does not show with two keys saved")
	}
	if h.m.name != "Production CRM" || h.selected() != "Production CRM" {
		t.Errorf("the window starts on %q, the list marks %q; want the first, Production CRM", h.m.name, h.selected())
	}
	if got := h.m.keyView.title.Text; got != "Production CRM" {
		t.Errorf("the title is %q, want the key's name", got)
	}
	if got := h.m.keyView.key.Text; got != apiclient.Masked(seedSecret(0)) {
		t.Errorf("the key view shows %q", got)
	}
	test.AssertRendersToMarkup(t, "window/two_keys.xml", h.m.win.Canvas())
	test.AssertObjectRendersToMarkup(t, "keylist/two_keys.xml", h.m.list.content)

	// Each row: the name, the last test as a mark and a word, the ending
	// and the age, all from the list of keys.
	want := []keyRow{
		{Name: "Production CRM", Ending: apiclient.Masked(seedSecret(0)), Mark: toneSuccess, Word: "Works", Age: "saved 3 days ago"},
		{Name: "Staging", Ending: apiclient.Masked(seedSecret(1)), Mark: toneDanger, Word: "Refused", Age: "saved 43 days ago"},
	}
	for i, w := range want {
		if got := h.m.list.rows[i]; got != w {
			t.Errorf("row %d is %+v, want %+v", i, got, w)
		}
	}
}

func TestMarkup25Keys(t *testing.T) {
	saved := seeds(keyNames...)
	saved[3].info.SavedAt = time.Time{} // listed again from a keychain that kept no date
	saved[3].info.Rebuilt = true
	h := severalHarness(t, setup{saved: saved})
	if n := len(h.m.list.rows); n != 25 {
		t.Fatalf("the list has %d rows, want 25", n)
	}
	if off := h.m.list.list.GetScrollOffset(); off != 0 {
		t.Errorf("at start the list is scrolled by %.0f: the first key, shown, is out of view", off)
	}
	if h.m.list.list.Size().Height >= 25*h.rowView(h.rowNames()[0]).MinSize().Height {
		t.Fatal("25 rows fit in the window: the list cannot be shown to scroll")
	}
	test.AssertRendersToMarkup(t, "window/25_keys.xml", h.m.win.Canvas())
	test.AssertObjectRendersToMarkup(t, "keylist/25_keys_top.xml", h.m.list.content)

	// The list scrolls: choosing the last key brings it into view. (A
	// second window: rendering the list alone above took it out of this
	// one.)
	h = severalHarness(t, setup{saved: saved})
	last := h.rowNames()[24]
	for range 24 {
		h.typeKey(fyne.KeyDown)
	}
	h.waitShown(last)
	if h.m.list.list.GetScrollOffset() <= 0 {
		t.Error("choosing the last key did not scroll the list")
	}
	h.rowView(last)         // on screen now
	h.shoot("25-keys-last") // before the list is rendered alone, out of the window
	test.AssertObjectRendersToMarkup(t, "keylist/25_keys_bottom.xml", h.m.list.content)
	for _, r := range h.m.list.rows {
		if r.Name == "HubSpot sync" && r.Age != words.AgeUnknown() {
			t.Errorf("a key listed again without a date shows the age %q", r.Age)
		}
	}
}

func TestStartReadsOnlyTheKeyShown(t *testing.T) {
	h := newHarness(t, setup{noStart: true, tester: &cannedTester{}, saved: seeds(keyNames...)})
	if h.store.callCount() != 0 {
		t.Fatal("building the window asked the keychain")
	}
	if len(h.m.list.rows) != 25 || !h.listShows() {
		t.Fatalf("before the keychain is asked the list has %d rows (showing: %v)", len(h.m.list.rows), h.listShows())
	}
	h.m.start()
	h.waitFor("the key", func() bool { return h.keyOf(h.m.name) != "" })
	reads := 0
	for _, op := range h.store.ops() {
		if op == "read" {
			reads++
		}
	}
	if reads != 1 {
		t.Errorf("starting with 25 keys made %d keychain reads, want 1 (the key shown)", reads)
	}
}

func TestChooseWithTapAndUpDown(t *testing.T) {
	h := severalHarness(t, setup{saved: seeds("Production CRM", "Staging", "Zapier")})
	h.tapRow("Staging")
	h.waitShown("Staging")
	if got := h.m.keyView.key.Text; got != apiclient.Masked(seedSecret(1)) {
		t.Errorf("after tapping Staging the key view shows %q", got)
	}
	if got := h.m.keyView.title.Text; got != "Staging" {
		t.Errorf("the title is %q", got)
	}
	if h.m.win.Canvas().Focused() != fyne.Focusable(h.m.list.list) {
		t.Fatal("a tap on a row does not give the list the keyboard")
	}

	// The list has the keyboard: Down and Up choose, and stop at the ends.
	h.typeKey(fyne.KeyDown)
	h.waitShown("Zapier")
	h.typeKey(fyne.KeyDown)
	if h.m.name != "Zapier" {
		t.Errorf("Down past the last key chose %q", h.m.name)
	}
	h.typeKey(fyne.KeyUp)
	h.waitShown("Staging")

	// Enter still tests the key shown, though the list has the keyboard.
	h.typeKey(fyne.KeyReturn)
	h.waitForResult()
	if n, _ := h.tester.(*cannedTester).counts(); n != 1 {
		t.Errorf("Enter with the list focused ran %d tests", n)
	}

	// Nothing focused: the window's own keys choose as well.
	h.m.win.Canvas().Unfocus()
	h.typeKey(fyne.KeyUp)
	h.waitShown("Production CRM")
	h.typeKey(fyne.KeyUp)
	if h.m.name != "Production CRM" || h.selected() != "Production CRM" {
		t.Errorf("Up past the first key chose %q", h.m.name)
	}
	// Not while a dialog is open.
	h.tap(h.m.keyView.settings)
	h.typeKey(fyne.KeyDown)
	if h.m.name != "Production CRM" {
		t.Error("Down chose another key behind the settings dialog")
	}
}

func TestChoosingAnotherKeyKeepsEachKeysState(t *testing.T) {
	h := newHarness(t, setup{saved: seeds("Production CRM", "Staging"), size: manyKeysSize})
	h.srv.AddKey(seedSecret(0), "admin@example.com")
	h.waitShown("Production CRM")

	h.tap(h.m.keyView.copy)
	if !h.m.keyView.copyNote.Visible() {
		t.Fatal("Copy shows no note")
	}
	h.srv.Hang()
	h.tap(h.m.keyView.test)
	h.waitFor("the request to reach OnceHub", func() bool { return h.srv.Requests() >= 1 })

	h.tapRow("Staging")
	h.waitShown("Staging")
	if h.m.keyView.copyNote.Visible() || h.m.keyView.testing.Visible() {
		t.Error("Staging's view shows the copy note or the busy test of Production CRM")
	}
	h.advance(time.Second)
	if h.m.keyView.copyNote.Visible() {
		t.Error("the copy countdown of Production CRM shows beside Staging")
	}
	h.srv.Release()
	h.waitFor("the test to end", func() bool { return !h.m.testing() })
	if h.resultHeadline() == "Works, account admin@example.com, checked just now" {
		t.Error("Production CRM's result shows beside Staging")
	}
	h.tapRow("Production CRM")
	h.waitShown("Production CRM")
	h.waitFor("the recorded result", func() bool { return strings.HasPrefix(h.resultHeadline(), "Works") })
	if h.m.keyView.copyNote.Text == "" || !h.m.keyView.copyNote.Visible() {
		t.Error("back on Production CRM, its copy countdown does not show")
	}
}

func TestSelectionFollowsOtherProcesses(t *testing.T) {
	h := severalHarness(t, setup{saved: seeds("Production CRM", "Staging")})
	h.tapRow("Staging")
	h.waitShown("Staging")

	// A script adds a key that sorts first: the rows move, the choice stays.
	other := h.otherProcess()
	if _, err := other.Save(t.Context(), "Alpha", newKey(t), false); err != nil {
		t.Fatal(err)
	}
	h.waitFor("the list to show the new key", func() bool { return len(h.m.list.rows) == 3 })
	if got := strings.Join(h.rowNames(), ", "); got != "Alpha, Production CRM, Staging" {
		t.Errorf("the rows are %s", got)
	}
	if h.m.name != "Staging" || h.selected() != "Staging" {
		t.Errorf("after another process added a key the window shows %q, the list marks %q", h.m.name, h.selected())
	}

	// A script removes the key shown: the next one shows, else the one
	// before (Staging is last).
	if err := other.Remove(t.Context(), "Staging"); err != nil {
		t.Fatal(err)
	}
	h.waitShown("Production CRM")
	if h.selected() != "Production CRM" {
		t.Errorf("the list marks %q", h.selected())
	}
}

func TestRemoveWithSeveralShowsAnother(t *testing.T) {
	h := severalHarness(t, setup{saved: seeds("Alpha", "Beta", "Gamma")})
	remove := func(name string) {
		t.Helper()
		h.tap(h.m.keyView.remove)
		markup := test.RenderToMarkup(h.m.win.Canvas())
		if !strings.Contains(markup, "“"+name+"”, the key ending in ") {
			t.Errorf("the confirmation does not name %q and its ending", name)
		}
		h.tap(findButtonIn(t, h.m.win.Canvas().Overlays().Top(), "Remove"))
		h.waitFor("the removal of "+name, func() bool { _, ok := h.store.secret(name); return !ok && h.m.pending == 0 })
	}

	h.tap(h.m.keyView.copy) // Alpha's key, wanted elsewhere
	h.tapRow("Beta")
	h.waitShown("Beta")
	h.tap(h.m.keyView.remove)
	test.AssertObjectRendersToMarkup(t, "removedialog/confirm_named.xml", h.m.win.Canvas().Overlays().Top())
	h.m.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})

	remove("Beta")
	h.waitShown("Gamma") // the next one
	if got := h.m.notice.message(); got != words.RemovedNamedNote("Beta", apiclient.Ending(seedSecret(1))) {
		t.Errorf("after removing Beta the note says %q", got)
	}
	if !h.listShows() || h.selected() != "Gamma" {
		t.Errorf("with two keys left the list shows: %v, marking %q", h.listShows(), h.selected())
	}
	if h.clipboard() != seedSecret(0) {
		t.Error("removing Beta cleared Alpha's key from the clipboard")
	}
	remove("Gamma")
	h.waitShown("Alpha") // the one before: Gamma was last
	if h.listShows() {
		t.Error("the list still shows with one key left")
	}
	if got := h.m.keyView.title.Text; got != "Alpha" {
		t.Errorf("the one key left is titled %q, want its name", got)
	}
	remove("Alpha")
	h.waitFor("the first-run view", func() bool { return h.view() == viewFirstRun })
	if h.clipboard() != "" {
		t.Error("removing Alpha left its copy on the clipboard")
	}
	if h.m.name != keystore.DefaultName {
		t.Errorf("with no key left the first key will be saved as %q", h.m.name)
	}
}

// findSelects finds every drop-down under root, in order: the settings
// dialog has two.
func findSelects(t *testing.T, root fyne.CanvasObject) []*widget.Select {
	t.Helper()
	var out []*widget.Select
	for _, o := range test.LaidOutObjects(root) {
		if s, ok := o.(*widget.Select); ok {
			out = append(out, s)
		}
	}
	return out
}

func TestAgeReminderAtSixMonthsOpensReplace(t *testing.T) {
	saved := seeds("Production CRM", "Staging")
	// Six months (OnceHub's advice) come round a minute after start.
	saved[0].info.SavedAt = testEpoch.Add(-keys.DefaultRotateAfter + time.Minute)
	h := severalHarness(t, setup{saved: saved, size: fyne.NewSize(manyKeysSize.Width, 600)})
	if h.m.keyView.age.Visible() {
		t.Fatal("the reminder shows before the key is six months old")
	}
	h.advance(2 * time.Minute)
	if !h.m.keyView.age.Visible() {
		t.Fatal("the reminder does not show once the key is six months old")
	}
	if got, want := h.m.keyView.ageText.Text, "Saved 6 months ago. OnceHub advises a new key at least every 6 months."; got != want {
		t.Errorf("the reminder says %q, want %q", got, want)
	}
	h.shoot("age-reminder") // before the view is rendered alone, out of the window
	test.AssertObjectRendersToMarkup(t, "keyview/age_reminder.xml", h.m.keyView.content)

	// A younger key has none.
	h.tapRow("Staging")
	h.waitShown("Staging")
	if h.m.keyView.age.Visible() {
		t.Error("a key 43 days old shows the reminder")
	}
	h.tapRow("Production CRM")
	h.waitShown("Production CRM")

	h.tap(h.m.keyView.ageRotate)
	if h.m.rotate == nil || len(h.m.dialogs) != 1 {
		t.Fatal("the reminder's Rotate did not open Rotate")
	}
	h.tap(h.m.rotate.cancel)

	// The age is a setting: at 12 months the six-month-old key is not due.
	h.tap(h.m.keyView.settings)
	sels := findSelects(t, h.m.win.Canvas().Overlays().Top())
	if len(sels) != 3 || sels[1].Selected != "6 months (OnceHub's advice)" {
		t.Fatalf("the settings offer %d choices; the age shows as %v", len(sels), sels)
	}
	sels[1].SetSelected("12 months")
	h.m.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.m.keyView.age.Visible() {
		t.Error("with 12 months chosen the six-month-old key is still reminded")
	}
	if h.m.settings.rotateMonths() != 12 {
		t.Errorf("the setting keeps %d months", h.m.settings.rotateMonths())
	}
}

func TestAgeUnknownIsNeverDue(t *testing.T) {
	now := testEpoch
	if keys.RotateDue(keystore.KeyInfo{Name: "x", Rebuilt: true}, now, keys.DefaultRotateAfter) {
		t.Error("a key of unknown age is due")
	}
	k := keystore.KeyInfo{Name: "x", SavedAt: now.Add(-keys.DefaultRotateAfter)}
	if !keys.RotateDue(k, now, keys.DefaultRotateAfter) || keys.RotateDue(k, now.Add(-time.Second), keys.DefaultRotateAfter) {
		t.Error("a key is not due exactly at the rotate-after age")
	}
	if rotateAfterMonths(defaultRotateMonths) != keys.DefaultRotateAfter {
		t.Error("6 months in Settings is not OnceHub's 182 days")
	}
	for n := minRotateMonths; n <= maxRotateMonths; n++ {
		if got := words.Months(now.Add(-rotateAfterMonths(n)), now); got != n {
			t.Errorf("a key just due at %d months is said to be %d months old", n, got)
		}
	}
}

// The list's coloured mark and its word agree on every kind of test.
func TestListMarkAndWordAgree(t *testing.T) {
	for k := apiclient.Works; !strings.HasPrefix(k.String(), "kind("); k++ {
		rec := &keystore.TestRecord{At: testEpoch, Result: k.String()}
		word, mark := words.LastTestWord(rec), markOf(rec)
		want := map[string]tone{"Works": toneSuccess, "Refused": toneDanger, "Could not test": toneWarning, "Not tested": toneNeutral}[word]
		if mark != want {
			t.Errorf("%v: the word %q comes with tone %v", k, word, mark)
		}
	}
	if markOf(nil) != toneNeutral || words.LastTestWord(nil) != "Not tested" {
		t.Error("a key never tested is not grey and Not tested")
	}
}

func TestAddKeyChecksTheNameThenSavesAndTests(t *testing.T) {
	tester := &cannedTester{outcome: cannedOutcome(apiclient.Works)}
	h := severalHarness(t, setup{tester: tester, saved: seeds("Production CRM", "Staging")})
	h.tap(h.m.keyView.addKey)
	d := h.m.add
	if d == nil || len(h.m.dialogs) != 1 {
		t.Fatal("Add key opened no dialog")
	}
	if h.m.win.Canvas().Focused() != fyne.Focusable(d.name) {
		t.Error("the Add key dialog does not put the keyboard in the name")
	}
	if !d.hint.Visible() || d.hint.Text != "Use the name it has in OnceHub, such as “Production CRM”, so you can tell them apart." {
		t.Errorf("the name's hint says %q", d.hint.Text)
	}
	if !d.save.Disabled() {
		t.Error("Save works before anything is typed")
	}
	test.AssertObjectRendersToMarkup(t, "adddialog/empty.xml", h.m.win.Canvas().Overlays().Top())

	// A name taken, in other letter case, is refused as it is typed: before
	// any key is pasted.
	test.Type(d.name, "production crm")
	if want := words.NameTakenHere("Production CRM"); !d.nameProblem.Visible() || d.nameProblem.Text != want {
		t.Errorf("a name taken ignoring case says %q, want %q", d.nameProblem.Text, want)
	}
	test.Type(d.key, seedSecret(7))
	if !d.save.Disabled() {
		t.Error("Save works with a name taken")
	}
	// Shot before the dialog is rendered alone, which takes it out of the
	// window.
	shoot(t, h.app, h.m.win, "add-name-taken")
	test.AssertObjectRendersToMarkup(t, "adddialog/name_taken.xml", h.m.win.Canvas().Overlays().Top())

	// Too long.
	d.name.SetText(strings.Repeat("n", keystore.MaxNameLen+1))
	if !strings.Contains(d.nameProblem.Text, "at most 64 characters") {
		t.Errorf("a name of 65 characters says %q", d.nameProblem.Text)
	}

	// A new name, spaces around it trimmed as typed by accident.
	d.name.SetText(" Zapier ")
	if d.nameProblem.Visible() || d.save.Disabled() {
		t.Fatalf("a new name is refused (%q) or Save stays disabled", d.nameProblem.Text)
	}
	h.tap(d.save)
	h.waitFor("the new key's test", func() bool {
		return h.m.add == nil && h.m.pending == 0 && !h.m.testing() && h.resultHeadline() != ""
	})
	if got, _ := h.store.secret("Zapier"); got != seedSecret(7) {
		t.Error("the keychain does not hold the new key under Zapier")
	}
	if h.m.name != "Zapier" || h.selected() != "Zapier" || h.m.keyView.title.Text != "Zapier" {
		t.Errorf("after Add key the window shows %q, the list marks %q", h.m.name, h.selected())
	}
	if n, _ := tester.counts(); n != 1 {
		t.Errorf("saving ran %d tests, want 1 at once", n)
	}
	if got := h.resultHeadline(); !strings.HasPrefix(got, "Works") {
		t.Errorf("the new key's result says %q", got)
	}
	h.waitFor("the list to note the test", func() bool {
		i := h.m.list.index("Zapier")
		return len(h.m.list.rows) == 3 && i >= 0 && h.m.list.rows[i].Word == "Works"
	})
	if h.m.firstRun.entry.Text != "" || d.key.Text != "" {
		t.Error("a closed dialog keeps the key")
	}
}

func TestAddKeyRefusesBadKeyWithoutEchoingIt(t *testing.T) {
	h := severalHarness(t, setup{saved: seeds("Production CRM", "Staging")})
	h.tap(h.m.keyView.addKey)
	d := h.m.add
	test.Type(d.name, "Zapier")
	test.Type(d.key, "not a key at all")
	h.tap(d.save)
	if !d.keyProblem.Visible() || strings.Contains(d.keyProblem.Text, "not a key at all") {
		t.Errorf("bad input says %q", d.keyProblem.Text)
	}
	if _, ok := h.store.secret("Zapier"); ok || h.m.add == nil {
		t.Error("bad input was saved, or the dialog closed")
	}
	// Escape closes it, and nothing is saved.
	h.typeKey(fyne.KeyEscape)
	if h.m.add != nil || len(h.m.dialogs) != 0 {
		t.Error("Escape did not close the Add key dialog")
	}
}

func TestAddKeyRefusesThe26th(t *testing.T) {
	h := severalHarness(t, setup{saved: seeds(keyNames...)})
	h.tap(h.m.keyView.addKey)
	d := h.m.add
	want := "OnceHub keeps up to 25 keys per account, and OnceKey keeps 25 already. Delete a key you no longer use in OnceHub, then remove it here too."
	if !d.nameProblem.Visible() || d.nameProblem.Text != want {
		t.Errorf("the 26th key is refused with %q, want %q", d.nameProblem.Text, want)
	}
	if !d.name.Disabled() || !d.key.Disabled() || !d.save.Disabled() {
		t.Error("with 25 keys saved the dialog still takes a name or a key")
	}
	shoot(t, h.app, h.m.win, "add-full")
	test.AssertObjectRendersToMarkup(t, "adddialog/full.xml", h.m.win.Canvas().Overlays().Top())
	h.tap(d.cancel)
	if h.m.add != nil {
		t.Error("Cancel did not close the dialog")
	}
}

func TestAddKeyRefusedWhenAnotherProcessWasQuicker(t *testing.T) {
	h := severalHarness(t, setup{saved: seeds("Production CRM", "Staging")})
	h.tap(h.m.keyView.addKey)
	d := h.m.add
	test.Type(d.name, "Zapier")
	test.Type(d.key, seedSecret(5))
	// A script saves a key named zapier between the check and the save.
	if _, err := h.otherProcess().Save(t.Context(), "zapier", newKey(t), false); err != nil {
		t.Fatal(err)
	}
	h.tap(d.save)
	h.waitFor("the refusal", func() bool { return d.nameProblem.Visible() })
	if got := d.nameProblem.Text; got != words.NameTakenHere("zapier") {
		t.Errorf("the refusal says %q", got)
	}
	if got, _ := h.store.secret("zapier"); got == seedSecret(5) {
		t.Error("the key another process saved was written over")
	}
	if h.m.add == nil {
		t.Error("the dialog closed, losing what was typed")
	}
}
