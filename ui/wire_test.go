package ui

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/internal/fakeoncehub"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
	"github.com/oncekey/oncekey/words"
)

// These tests drive Rename, the note and Test all through the window, wired
// to the key manager, with the fake keychain and the fake OnceHub.

func TestMarkupThreeKeys(t *testing.T) {
	saved := seeds("Production CRM", "Staging", "Zapier")
	saved[0].info.Note = "used in: Zapier, HubSpot"
	saved[2].info.LastTest = nil // never tested
	h := severalHarness(t, setup{saved: saved})
	if got := strings.Join(h.rowNames(), ", "); got != "Production CRM, Staging, Zapier" {
		t.Fatalf("the rows are %s", got)
	}
	for i, want := range []string{"Works", "Refused", "Not tested"} {
		if got := h.m.list.rows[i].Word; got != want {
			t.Errorf("row %d says %q, want %q", i, got, want)
		}
	}
	if !h.m.testAllB.Visible() || h.m.testAllB.Disabled() {
		t.Error("with three keys Test all does not show, or is disabled")
	}
	if n := h.m.keyView.note; !n.box.Visible() || n.text.Text != "used in: Zapier, HubSpot" {
		t.Errorf("the note shows as %q", n.text.Text)
	}
	if !h.m.keyView.rename.Visible() || h.m.keyView.rename.Disabled() {
		t.Error("Rename does not show, or is disabled")
	}
	h.shoot("three-keys")
	test.AssertRendersToMarkup(t, "window/three_keys.xml", h.m.win.Canvas())

	h.tapRow("Staging")
	h.waitShown("Staging")
	h.shoot("three-keys-refused")
	h.tapRow("Zapier")
	h.waitShown("Zapier")
	h.shoot("three-keys-not-tested")
}

func TestOneKeyHasNoTestAll(t *testing.T) {
	h := newHarness(t, setup{tester: &cannedTester{}, storedKey: markupKey})
	h.waitFor("the key to be read", func() bool { return h.key() != "" })
	for _, o := range test.LaidOutObjects(h.m.win.Content()) {
		if o == h.m.testAllB {
			t.Fatal("Test all shows with one key saved")
		}
	}
	h.startTestAllAnyway()
	if h.m.testAll != nil {
		t.Error("Test all ran with one key saved")
	}
}

// startTestAllAnyway calls what the Test all button calls, for the cases
// in which the button is not on screen.
func (h *harness) startTestAllAnyway() {
	h.m.startTestAll()
	h.q.drain()
}

// pressCtrlT presses Ctrl+T on the window, as the keyboard would when no
// widget takes it.
func (h *harness) pressCtrlT() {
	h.m.win.Canvas().(fyne.Shortcutable).TypedShortcut(testShortcut)
	h.q.drain()
}

// ---- Rename ----

func TestRenameFollowsTheKey(t *testing.T) {
	h := severalHarness(t, setup{saved: seeds("Production CRM", "Staging", "Zapier")})
	h.tapRow("Staging")
	h.waitShown("Staging")
	h.tap(h.m.keyView.copy) // the copy note goes with the key
	h.tap(h.m.keyView.rename)
	d := h.m.rename
	if d == nil || len(h.m.dialogs) != 1 {
		t.Fatal("Rename opened no dialog")
	}
	if d.entry.Text != "Staging" || h.m.win.Canvas().Focused() != fyne.Focusable(d.entry) {
		t.Errorf("the entry starts with %q and has the keyboard: %v", d.entry.Text, h.m.win.Canvas().Focused() == fyne.Focusable(d.entry))
	}

	d.entry.SetText("Staging EU")
	h.shoot("rename-wired") // before the dialog is rendered alone, out of the window
	test.AssertObjectRendersToMarkup(t, "renamedialog/wired.xml", h.m.win.Canvas().Overlays().Top())
	h.tap(d.save)
	h.waitFor("the rename", func() bool { return h.m.rename == nil && h.m.pending == 0 })
	h.shoot("renamed")
	if _, ok := h.store.secret("Staging"); ok {
		t.Error("the keychain still holds the key under its old name")
	}
	if got, _ := h.store.secret("Staging EU"); got != seedSecret(1) {
		t.Error("the keychain does not hold the key under its new name")
	}
	if h.m.name != "Staging EU" || h.selected() != "Staging EU" || h.m.keyView.title.Text != "Staging EU" {
		t.Errorf("after the rename the window shows %q, the list marks %q, the title is %q", h.m.name, h.selected(), h.m.keyView.title.Text)
	}
	if got := strings.Join(h.rowNames(), ", "); got != "Production CRM, Staging EU, Zapier" {
		t.Errorf("the rows are %s", got)
	}
	if got, want := h.m.notice.message(), words.RenamedHere("Staging", "Staging EU"); got != want {
		t.Errorf("the note says %q, want %q", got, want)
	}
	if !h.m.keyView.copyNote.Visible() || h.m.copiedName != "Staging EU" {
		t.Error("the copy note did not follow the key to its new name")
	}
	if got := h.m.keyView.key.Text; got != apiclient.Masked(seedSecret(1)) {
		t.Errorf("the key view shows %q", got)
	}
	if _, ok := h.otherProcess().Key("Staging EU"); !ok {
		t.Error("the list's file does not have the new name")
	}
}

func TestRenameLetterCaseOnly(t *testing.T) {
	h := severalHarness(t, setup{saved: seeds("Production CRM", "Staging")})
	h.tapRow("Staging")
	h.waitShown("Staging")
	h.tap(h.m.keyView.rename)
	d := h.m.rename
	d.entry.SetText("STAGING")
	if d.problem.Visible() || d.save.Disabled() {
		t.Fatalf("a change of letter case only is refused: %q", d.problem.Text)
	}
	if d.warning.Text != words.RenameCaseOnly() {
		t.Errorf("for a change of capital letters the dialog warns %q", d.warning.Text)
	}
	h.shoot("rename-case-only") // before the dialog is rendered alone
	test.AssertObjectRendersToMarkup(t, "renamedialog/case_only.xml", h.m.win.Canvas().Overlays().Top())
	d.entry.SetText("Staging EU")
	if !strings.HasPrefix(d.warning.Text, "Scripts and tools that ask OnceKey for this key by its name") {
		t.Errorf("for a new name the dialog warns %q", d.warning.Text)
	}
	d.entry.SetText("STAGING")
	h.tap(d.save)
	h.waitFor("the rename", func() bool { return h.m.rename == nil && h.m.pending == 0 })
	if got, _ := h.store.secret("STAGING"); got != seedSecret(1) {
		t.Error("the keychain does not hold the key under STAGING")
	}
	if _, ok := h.store.secret("Staging"); ok {
		t.Error("the keychain holds the key under both names")
	}
	if h.m.name != "STAGING" || h.selected() != "STAGING" {
		t.Errorf("the window shows %q, the list marks %q", h.m.name, h.selected())
	}
	if got := h.m.notice.message(); got != "“Staging” is now named “STAGING”." {
		t.Errorf("the note says %q", got)
	}
}

func TestRenameRefusesATakenName(t *testing.T) {
	h := severalHarness(t, setup{saved: seeds("Production CRM", "Staging", "Zapier")})
	h.tapRow("Staging")
	h.waitShown("Staging")
	h.tap(h.m.keyView.rename)
	d := h.m.rename

	// Refused as typed, ignoring case, naming the key that has it.
	d.entry.SetText("production crm")
	if got, want := d.problem.Text, words.NameTakenHere("Production CRM"); got != want || !d.problem.Visible() || !d.save.Disabled() {
		t.Errorf("a name another key has says %q (Rename enabled: %v), want %q", got, !d.save.Disabled(), want)
	}
	d.entry.SetText(strings.Repeat("n", keystore.MaxNameLen+1))
	if !strings.Contains(d.problem.Text, "at most 64 characters") || !d.save.Disabled() {
		t.Errorf("a name of 65 characters says %q", d.problem.Text)
	}

	// Taken by another process between the check and the rename.
	d.entry.SetText("Staging EU")
	if d.save.Disabled() {
		t.Fatal("a new name cannot be saved")
	}
	if _, err := h.otherProcess().Save(t.Context(), "staging eu", newKey(t), false); err != nil {
		t.Fatal(err)
	}
	h.tap(d.save)
	h.waitFor("the refusal", func() bool { return h.m.pending == 0 && d.problem.Visible() })
	if got, want := d.problem.Text, words.NameTakenHere("staging eu"); got != want {
		t.Errorf("the refusal says %q, want %q", got, want)
	}
	if h.m.rename != d || d.isClosed() {
		t.Error("the dialog closed, losing what was typed")
	}
	if got, _ := h.store.secret("Staging"); got != seedSecret(1) {
		t.Error("the key is not under its old name any more")
	}
	// Escape closes it, and nothing is renamed.
	h.typeKey(fyne.KeyEscape)
	if h.m.rename != nil || len(h.m.dialogs) != 0 {
		t.Error("Escape did not close the Rename dialog")
	}
	if h.m.name != "Staging" {
		t.Errorf("the window shows %q", h.m.name)
	}
}

func TestRenamedByAnotherProcess(t *testing.T) {
	h := severalHarness(t, setup{saved: seeds("Production CRM", "Staging", "Zapier")})
	h.tapRow("Staging")
	h.waitShown("Staging")
	other := h.otherProcess()

	// While the window shows it: the window follows it to its new name.
	if err := other.Rename(t.Context(), "Staging", "Staging EU"); err != nil {
		t.Fatal(err)
	}
	h.waitShown("Staging EU")
	if h.selected() != "Staging EU" || h.m.keyView.title.Text != "Staging EU" {
		t.Errorf("the list marks %q, the title is %q", h.selected(), h.m.keyView.title.Text)
	}
	if got, want := h.m.notice.message(), words.RenamedElsewhere("Staging", "Staging EU"); got != want {
		t.Errorf("the note says %q, want %q", got, want)
	}

	// While the Rename dialog is open: nothing is renamed, and the window
	// says why.
	h.tap(h.m.keyView.rename)
	d := h.m.rename
	d.entry.SetText("Staging (old)")
	if err := other.Rename(t.Context(), "Staging EU", "Stage"); err != nil {
		t.Fatal(err)
	}
	h.waitFor("the window to follow", func() bool { return h.m.name == "Stage" && h.m.pending == 0 })
	h.tap(d.save)
	h.waitFor("the refusal", func() bool { return h.m.rename == nil && h.m.pending == 0 })
	if got, want := h.m.notice.message(), words.RenameChangedMeanwhile(); got != want {
		t.Errorf("the note says %q, want %q", got, want)
	}
	if got, _ := h.store.secret("Stage"); got != seedSecret(1) {
		t.Error("the key is not under the name the other process gave it")
	}
	if _, ok := h.store.secret("Staging (old)"); ok {
		t.Error("the window renamed a key another process had renamed")
	}
	h.waitShown("Stage")
}

func TestRenameTheFirstKeyAndAddASecond(t *testing.T) {
	h := newHarness(t, setup{tester: &cannedTester{outcome: cannedOutcome(apiclient.Works)}, storedKey: markupKey,
		listed: &keystore.KeyInfo{Name: keystore.DefaultName, Ending: apiclient.Ending(markupKey), SavedAt: testEpoch}})
	h.waitFor("the key to be read", func() bool { return h.key() != "" })
	if got := h.m.keyView.title.Text; got != words.TitleOneKey() {
		t.Errorf("the first key alone is titled %q", got)
	}

	// Add key suggests giving the first key its OnceHub name.
	h.tap(h.m.keyView.addKey)
	add := h.m.add
	if want := words.AddKeyRenameFirst(keystore.DefaultName); !add.note.Visible() || add.note.Text != want {
		t.Errorf("Add key says %q, want %q", add.note.Text, want)
	}
	shoot(t, h.app, h.m.win, "add-rename-first")
	test.AssertObjectRendersToMarkup(t, "adddialog/rename_first.xml", h.m.win.Canvas().Overlays().Top())
	test.Type(add.name, "Zapier")
	test.Type(add.key, seedSecret(4))
	h.tap(add.save)
	h.waitFor("the new key's test", func() bool { return h.m.add == nil && h.m.pending == 0 && !h.m.testing() })
	if got := strings.Join(h.rowNames(), ", "); got != "default, Zapier" {
		t.Errorf("the rows are %s", got)
	}
	h.tapRow(keystore.DefaultName)
	h.waitShown(keystore.DefaultName)
	if got := h.m.keyView.title.Text; got != keystore.DefaultName {
		t.Errorf("beside another key the first is titled %q, want its name", got)
	}

	// Rename gives it its OnceHub name.
	h.tap(h.m.keyView.rename)
	d := h.m.rename
	if d.entry.Text != keystore.DefaultName {
		t.Errorf("the entry starts with %q", d.entry.Text)
	}
	d.entry.SetText("Production CRM")
	h.tap(d.save)
	h.waitFor("the rename", func() bool { return h.m.rename == nil && h.m.pending == 0 })
	if h.m.name != "Production CRM" || h.m.keyView.title.Text != "Production CRM" {
		t.Errorf("the window shows %q titled %q", h.m.name, h.m.keyView.title.Text)
	}
	if got, _ := h.store.secret("Production CRM"); got != markupKey {
		t.Error("the keychain does not hold the first key under its new name")
	}
	h.tap(h.m.keyView.addKey)
	if h.m.add.note.Visible() {
		t.Error("Add key still suggests renaming the first key")
	}
}

// ---- The note ----

func TestNoteIsKeptAndFollowsOtherProcesses(t *testing.T) {
	saved := seeds("Production CRM", "Staging")
	saved[0].info.Note = "used in: Zapier"
	h := severalHarness(t, setup{saved: saved})
	n := h.m.keyView.note
	if !n.box.Visible() || n.text.Text != "used in: Zapier" {
		t.Fatalf("the note shows as %q (visible: %v)", n.text.Text, n.box.Visible())
	}
	h.tapRow("Staging")
	h.waitShown("Staging")
	if n.text.Text != words.NoNote() {
		t.Errorf("a key without a note shows %q", n.text.Text)
	}

	h.tap(n.edit)
	test.Type(n.entry, "used in: HubSpot")
	if n.problem.Visible() || n.save.Disabled() {
		t.Fatalf("a plain note is refused: %q", n.problem.Text)
	}
	h.tap(n.save)
	h.waitFor("the note to be kept", func() bool {
		k, _ := h.keys.Key("Staging")
		return k.Note == "used in: HubSpot"
	})
	if data, err := os.ReadFile(h.path); err != nil || !strings.Contains(string(data), "used in: HubSpot") {
		t.Errorf("the list's file does not keep the note (%v)", err)
	}
	if n.text.Text != "used in: HubSpot" || h.m.notice.visible() {
		t.Errorf("after Save the note shows %q; the banner says %q", n.text.Text, h.m.notice.message())
	}

	// Another process changes it: the view follows.
	other := h.otherProcess()
	if err := other.SetNote("Staging", "used in: HubSpot, Salesforce"); err != nil {
		t.Fatal(err)
	}
	h.waitFor("the note changed elsewhere", func() bool { return n.text.Text == "used in: HubSpot, Salesforce" })

	// While the admin edits it, a change elsewhere does not end the edit.
	h.tap(n.edit)
	test.Type(n.entry, " and more")
	if err := other.SetNote("Staging", "changed elsewhere"); err != nil {
		t.Fatal(err)
	}
	h.waitFor("the window to see the change", func() bool { return n.note == "changed elsewhere" })
	if !n.isEditing() || n.entry.Text != "used in: HubSpot, Salesforce and more" {
		t.Errorf("a change elsewhere ended the edit, or changed what was typed: %q", n.entry.Text)
	}
	n.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if n.text.Text != "changed elsewhere" {
		t.Errorf("after Cancel the note shows %q", n.text.Text)
	}

	// Each key shows its own note.
	h.tapRow("Production CRM")
	h.waitShown("Production CRM")
	if n.text.Text != "used in: Zapier" {
		t.Errorf("back on Production CRM the note shows %q", n.text.Text)
	}
}

func TestNoteThatCouldBeAKeyNeverReachesTheFile(t *testing.T) {
	h := severalHarness(t, setup{saved: seeds("Production CRM", "Staging")})
	n := h.m.keyView.note
	key := seedSecret(9)

	h.tap(n.edit)
	test.Type(n.entry, "used in: Zapier "+key)
	if n.problem.Text != words.NoteLooksLikeKey() || !n.problem.Visible() || !n.save.Disabled() {
		t.Errorf("a note holding a key says %q (Save enabled: %v)", n.problem.Text, !n.save.Disabled())
	}
	n.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !n.isEditing() {
		t.Error("Enter saved a note holding a key")
	}

	// A long e-mail address is refused the same way, and the words say so.
	n.entry.SetText("ask verylongname.someone@example-company.com")
	if n.problem.Text != words.NoteLooksLikeKey() {
		t.Errorf("a long e-mail address says %q", n.problem.Text)
	}
	test.AssertObjectRendersToMarkup(t, "keyview/note_refused.xml", h.m.keyView.content)
	shoot(t, h.app, h.m.win, "note-refused")
	n.entry.SetText(strings.Repeat("a ", keystore.MaxNoteLen/2+1))
	if !strings.Contains(n.problem.Text, "at most 200 characters") {
		t.Errorf("a note of 201 characters says %q", n.problem.Text)
	}

	// Were the check ever skipped, the manager refuses it, and the view
	// shows the note saved before.
	n.entry.SetText("used in: Zapier " + key)
	n.save.Enable()
	test.Tap(n.save)
	h.waitFor("the refusal", func() bool { return h.m.notice.visible() })
	if got, want := h.m.notice.message(), words.NoteNotSaved(&keys.NoteError{Problem: keys.NoteLooksLikeKey}); got != want {
		t.Errorf("the banner says %q, want %q", got, want)
	}
	if n.text.Text != words.NoNote() || n.isEditing() {
		t.Errorf("after the refusal the note shows %q", n.text.Text)
	}
	data, err := os.ReadFile(h.path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), key) || strings.Contains(string(data), "verylongname") {
		t.Error("the list's file holds the refused note")
	}
	if k, _ := h.keys.Key("Production CRM"); k.Note != "" {
		t.Error("the manager keeps a refused note")
	}
}

// ---- Test all ----

// startsTester notes when, on the fake clock, each test starts.
type startsTester struct {
	keys.Tester
	clock *fakeClock
	mu    sync.Mutex
	at    []time.Time
}

func (s *startsTester) Test(ctx context.Context, key string) apiclient.Outcome {
	s.mu.Lock()
	s.at = append(s.at, s.clock.Now())
	s.mu.Unlock()
	return s.Tester.Test(ctx, key)
}

// gaps are the times between one test's start and the next.
func (s *startsTester) gaps() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []time.Duration
	for i := 1; i < len(s.at); i++ {
		out = append(out, s.at[i].Sub(s.at[i-1]))
	}
	return out
}

func (s *startsTester) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.at)
}

// testAllHarness is a window with keys saved under names, tested by the
// real client against the fake OnceHub, which knows none of them yet. Each
// key is read first, so that Test all makes no keychain call: the clock
// then moves only for Test all's pace and OnceHub's pauses.
func testAllHarness(t *testing.T, names ...string) (*harness, *startsTester) {
	t.Helper()
	st := &startsTester{}
	h := newHarness(t, setup{saved: seeds(names...), size: manyKeysSize, wrap: func(c keys.Tester, clk *fakeClock) keys.Tester {
		st.Tester, st.clock = c, clk
		return st
	}})
	h.waitShown(names[0])
	for _, n := range names {
		if _, err := h.keys.Secret(t.Context(), n); err != nil {
			t.Fatal(err)
		}
	}
	h.q.drain()
	return h, st
}

// drive runs the UI queue and moves the fake clock to the key manager's
// next timer (Test all's pace, OnceHub's pause) whenever the manager waits
// on one, until cond holds. The window's own timers fire on the way.
func (h *harness) drive(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		h.q.drain()
		if cond() {
			return
		}
		if at, ok := h.clock.nextCore(); ok {
			// What the manager posted before it began to wait comes first.
			h.q.drain()
			if cond() {
				return
			}
			h.advance(at.Sub(h.clock.Now()))
			continue
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("gave up waiting for %s", what)
		}
		select {
		case <-h.q.wake:
		case <-time.After(2 * time.Millisecond):
		}
	}
}

func (h *harness) knowAll(n int) {
	for i := range n {
		h.srv.AddKey(seedSecret(i), "admin@example.com")
	}
}

func TestTestAllPacing(t *testing.T) {
	for _, c := range []struct {
		pace int
		gap  time.Duration
	}{{keys.DefaultPace, 500 * time.Millisecond}, {4, 250 * time.Millisecond}} {
		t.Run(words.PaceLabel(c.pace, 0), func(t *testing.T) {
			h, st := testAllHarness(t, "Alpha", "Beta", "Gamma")
			h.knowAll(3)
			if c.pace != keys.DefaultPace {
				h.tap(h.m.keyView.settings)
				sels := findSelects(t, h.m.win.Canvas().Overlays().Top())
				if len(sels) != 3 || sels[2].Selected != "2 (recommended)" {
					t.Fatalf("the settings offer %d choices; the pace shows as %v", len(sels), sels)
				}
				sels[2].SetSelected(words.PaceLabel(c.pace, keys.DefaultPace))
				h.typeKey(fyne.KeyEscape)
			}
			if got := h.keys.Pace(); got != float64(c.pace) {
				t.Fatalf("the key manager's pace is %g, want %d", got, c.pace)
			}

			h.tap(h.m.testAllB)
			run := h.m.testAll
			if run == nil || len(h.m.dialogs) != 1 {
				t.Fatal("Test all opened no dialog")
			}
			h.drive("the end of Test all", func() bool { return run.progress.Finished })
			gaps := st.gaps()
			if len(gaps) != 2 || gaps[0] != c.gap || gaps[1] != c.gap {
				t.Errorf("at %d a second the tests started %v apart, want %v", c.pace, gaps, c.gap)
			}
			if got := run.dialog.summary.Text; got != "3 work." {
				t.Errorf("the summary says %q", got)
			}
			for _, r := range h.m.list.rows {
				if r.Word != "Works" || r.Mark != toneSuccess {
					t.Errorf("after Test all the row of %s says %q", r.Name, r.Word)
				}
			}
		})
	}
}

func TestTestAllPaceSetting(t *testing.T) {
	h := severalHarness(t, setup{saved: seeds("Alpha", "Beta")})
	if h.m.settings.pace() != keys.DefaultPace || h.keys.Pace() != keys.DefaultPace {
		t.Errorf("the pace starts at %d (the manager's %g), want %d", h.m.settings.pace(), h.keys.Pace(), keys.DefaultPace)
	}
	h.tap(h.m.keyView.settings)
	sels := findSelects(t, h.m.win.Canvas().Overlays().Top())
	if got := strings.Join(sels[2].Options, ", "); got != "1, 2 (recommended), 3, 4" {
		t.Errorf("the pace's choices are %s", got)
	}
	shoot(t, h.app, h.m.win, "settings")
	sels[2].SetSelected("3")
	h.typeKey(fyne.KeyEscape)
	if h.keys.Pace() != 3 || h.app.Preferences().Int(prefTestPace) != 3 {
		t.Errorf("after choosing 3 the manager's pace is %g, the preference %d", h.keys.Pace(), h.app.Preferences().Int(prefTestPace))
	}

	// The next window starts at the pace chosen.
	h.m.win.Close()
	km := keys.New(keys.Config{Store: newFakeStore(), Tester: &cannedTester{}})
	m2 := newMainWindow(h.app, Deps{Keys: km}, h.clock, h.q.post)
	if km.Pace() != 3 {
		t.Errorf("the next window's manager tests %g a second", km.Pace())
	}
	m2.win.Close()

	// A preference out of range is the default.
	h.app.Preferences().SetInt(prefTestPace, 9)
	if got := h.m.settings.pace(); got != keys.DefaultPace {
		t.Errorf("a pace of 9 in the preferences is taken as %d", got)
	}
}

func TestTestAllWaitsOutA429(t *testing.T) {
	h, st := testAllHarness(t, "Alpha", "Beta", "Gamma")
	h.knowAll(3)
	h.tap(h.m.testAllB)
	run := h.m.testAll
	h.waitFor("Alpha's result", func() bool { return run.progress.Works == 1 })
	// Beta's first test meets a 429; OnceHub asks for 3 seconds.
	h.srv.AnswerNext(1, &fakeoncehub.Reply{Status: 429, Type: "rate_limit_error", Message: "Too many requests.", RetryAfter: "3"})
	h.drive("the pause", func() bool { return run.progress.Waiting > 0 })
	d := run.dialog
	if got := d.waiting.Text; got != "Waiting 3 seconds: OnceHub asked for a pause." || !d.waiting.Visible() {
		t.Errorf("the pause says %q", got)
	}
	if got := d.status.Text; got != "Testing 2 of 3: Beta" {
		t.Errorf("during the pause the progress says %q", got)
	}
	h.advance(time.Second)
	h.shoot("testall-waiting")
	if got := d.waiting.Text; got != "Waiting 2 seconds: OnceHub asked for a pause." {
		t.Errorf("a second later the pause says %q", got)
	}
	if st.count() != 2 {
		t.Errorf("%d tests started during the pause, want Alpha's and Beta's first", st.count())
	}
	h.drive("the end of Test all", func() bool { return run.progress.Finished })

	want := []time.Duration{500 * time.Millisecond, 3 * time.Second, 500 * time.Millisecond}
	if got := st.gaps(); len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("the tests started %v apart, want %v (Beta again once the pause is over)", got, want)
	}
	if n := h.srv.Sent(seedSecret(1)); n != 2 {
		t.Errorf("Beta was sent %d times, want 2", n)
	}
	if got := d.summary.Text; got != "3 work." || d.waiting.Visible() {
		t.Errorf("the summary says %q (the pause still shows: %v)", got, d.waiting.Visible())
	}
	if r := h.m.list.rows[h.m.list.index("Beta")]; r.Word != "Works" {
		t.Errorf("Beta's row says %q", r.Word)
	}
}

func TestTestAllSummaryNamesTheKeysThatDidNotWork(t *testing.T) {
	h, _ := testAllHarness(t, "Alpha", "Beta", "Gamma")
	// Alpha and Gamma are known; Beta was deleted in OnceHub (401).
	h.srv.AddKey(seedSecret(0), "admin@example.com")
	h.srv.AddKey(seedSecret(2), "admin@example.com")
	h.tap(h.m.testAllB)
	run := h.m.testAll
	if !h.m.keyView.test.Disabled() || !h.m.testAllB.Disabled() || !h.m.keyView.rename.Disabled() {
		t.Error("while Test all runs, Test, Test all or Rename still works")
	}
	h.drive("Beta's result", func() bool { return len(run.progress.Refused) == 1 })
	// Gamma meets trouble at OnceHub.
	h.srv.AnswerNext(1, &fakeoncehub.Reply{Status: 503, Type: "api_error", Message: "Service unavailable."})
	h.drive("the end of Test all", func() bool { return run.progress.Finished })

	d := run.dialog
	if got := d.summary.Text; got != "1 works, 1 refused, 1 could not be tested." {
		t.Errorf("the summary says %q", got)
	}
	if got := d.refusedText.Text; got != words.TestAllRefused([]string{"Beta"}) {
		t.Errorf("the refused line says %q", got)
	}
	if got := d.troubleText.Text; got != words.TestAllTrouble([]string{"Gamma"}) {
		t.Errorf("the trouble line says %q", got)
	}
	for name, want := range map[string]string{"Alpha": "Works", "Beta": "Refused", "Gamma": "Could not test"} {
		if r := h.m.list.rows[h.m.list.index(name)]; r.Word != want {
			t.Errorf("%s's row says %q, want %q", name, r.Word, want)
		}
	}
	if got := h.resultHeadline(); !strings.HasPrefix(got, "Works") {
		t.Errorf("the key shown, Alpha, shows %q", got)
	}
	h.shoot("testall-wired-summary")
	test.AssertObjectRendersToMarkup(t, "testall/three_keys_summary.xml", h.m.win.Canvas().Overlays().Top())

	// Escape closes it; the window's buttons work again.
	h.m.win.Canvas().Unfocus()
	h.typeKey(fyne.KeyEscape)
	if h.m.testAll != nil || len(h.m.dialogs) != 0 {
		t.Fatal("Escape did not close the summary")
	}
	if h.m.keyView.test.Disabled() || h.m.testAllB.Disabled() {
		t.Error("after Test all, Test or Test all stays disabled")
	}
}

func TestTestAllCancel(t *testing.T) {
	h, st := testAllHarness(t, "Alpha", "Beta", "Gamma")
	h.knowAll(3)
	h.tap(h.m.testAllB)
	run := h.m.testAll
	h.waitFor("Alpha's result", func() bool { return run.progress.Works == 1 })
	h.srv.Hang()
	h.drive("Beta's test to reach OnceHub", func() bool { return st.count() == 2 && h.srv.InFlight() == 1 })
	if got := run.dialog.status.Text; got != "Testing 2 of 3: Beta" {
		t.Errorf("the progress says %q", got)
	}
	// Ctrl+T tests the key shown, never all, and not while a dialog is open.
	h.pressCtrlT()
	h.tap(run.dialog.cancel)
	h.waitFor("the run to stop", func() bool { return run.progress.Finished })
	d := run.dialog
	if got := d.status.Text; got != "Stopped after 1 of 3 keys." {
		t.Errorf("a stopped run says %q", got)
	}
	if got := d.summary.Text; got != "1 works." {
		t.Errorf("the summary says %q", got)
	}
	if st.count() != 2 {
		t.Errorf("%d tests started, want 2: Gamma's must not", st.count())
	}
	if r := h.m.list.rows[h.m.list.index("Beta")]; r.Word != "Refused" {
		t.Errorf("Beta's row says %q: a cancelled test was recorded over its last one", r.Word)
	}
	h.srv.Release()
	h.tap(d.close)
	if h.m.testAll != nil || len(h.m.dialogs) != 0 {
		t.Fatal("Close did not close the dialog")
	}

	// The keyboard's test is the key shown's.
	h.pressCtrlT()
	h.waitForResult()
	if got := st.count(); got != 3 {
		t.Errorf("Ctrl+T started %d tests in all, want one more", got)
	}
	if !strings.HasPrefix(h.resultHeadline(), "Works") {
		t.Errorf("Ctrl+T's result says %q", h.resultHeadline())
	}
}

// Settings, with Test all's pace, and Add key, with its word about the first
// key, fit the window at its smallest.
func TestDialogsFitTheSmallestWindow(t *testing.T) {
	h := newHarness(t, setup{tester: &cannedTester{}, storedKey: markupKey, size: minWindowSize,
		listed: &keystore.KeyInfo{Name: keystore.DefaultName, Ending: apiclient.Ending(markupKey), SavedAt: testEpoch}})
	h.waitFor("the key to be read", func() bool { return h.key() != "" })
	h.shoot("one-key-smallest")
	c := h.m.win.Canvas()
	fits := func(what string) {
		t.Helper()
		top := c.Overlays().Top()
		if top == nil {
			t.Fatalf("%s did not open", what)
		}
		if m := top.MinSize(); m.Width > c.Size().Width || m.Height > c.Size().Height {
			t.Errorf("%s needs %v, more than the smallest window's %v", what, m, c.Size())
		}
	}
	h.tap(h.m.keyView.settings)
	fits("Settings")
	h.shoot("settings-smallest")
	h.typeKey(fyne.KeyEscape)
	h.tap(h.m.keyView.addKey)
	if !h.m.add.note.Visible() {
		t.Fatal("Add key does not suggest renaming the first key")
	}
	fits("Add key")
	h.shoot("add-rename-first-smallest")
}
