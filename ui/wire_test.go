package ui

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/oncekey/oncekey/apiclient"
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
	if d.warning.Text != words.RenameCaseOnly {
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
	if got := h.m.keyView.title.Text; got != oneKeyTitle {
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
	if n.text.Text != words.NoNote {
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
	if n.problem.Text != words.NoteLooksLikeKey || !n.problem.Visible() || !n.save.Disabled() {
		t.Errorf("a note holding a key says %q (Save enabled: %v)", n.problem.Text, !n.save.Disabled())
	}
	n.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !n.isEditing() {
		t.Error("Enter saved a note holding a key")
	}

	// A long e-mail address is refused the same way, and the words say so.
	n.entry.SetText("ask verylongname.someone@example-company.com")
	if n.problem.Text != words.NoteLooksLikeKey {
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
	if n.text.Text != words.NoNote || n.isEditing() {
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

// Settings and Add key, with its word about the first key, fit the window
// at its smallest.
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
