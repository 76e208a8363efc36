package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
	"github.com/oncekey/oncekey/words"
)

// These tests drive the leaves the key manager's next methods (Rename,
// SetNote, TestAll) will be wired to: each is given data and callbacks, and
// is checked for what it shows and what it reports.

// leafWindow is a window to show a leaf in, at the size of the snapshots.
func leafWindow(t *testing.T) fyne.Window {
	t.Helper()
	a := test.NewTempApp(t)
	w := a.NewWindow("OnceKey")
	w.Resize(fyne.NewSize(600, 520))
	w.Show()
	t.Cleanup(w.Close)
	return w
}

func TestRenameDialog(t *testing.T) {
	w := leafWindow(t)
	listed := map[string]bool{"production crm": true, "staging": true}
	var submitted []string
	cancelled := 0
	d := newRenameDialog("Staging", renameCallbacks{
		// As the key manager will: a name another key has is taken; the
		// key's own name in other letter case is not.
		OnCheckName: func(name string) error {
			if err := keystore.ValidateName(name); err != nil {
				return err
			}
			if listed[strings.ToLower(name)] && !strings.EqualFold(name, "Staging") {
				return &keys.NameTakenError{Name: "Production CRM"}
			}
			return nil
		},
		OnSubmit: func(_ *renameDialog, name string) { submitted = append(submitted, name) },
		OnCancel: func(*renameDialog) { cancelled++ },
		Focus:    func(o fyne.Focusable) { w.Canvas().Focus(o) },
	}, w)
	d.dialog.Show()
	d.focus()

	if d.entry.Text != "Staging" || !d.save.Disabled() {
		t.Errorf("the entry starts with %q; Rename enabled: %v", d.entry.Text, !d.save.Disabled())
	}
	want := `Scripts and tools that ask OnceKey for this key by its name, such as oncekey print --name "Staging", will stop finding it. Change them to the new name.`
	if d.warning.Text != want {
		t.Errorf("the warning says %q, want %q", d.warning.Text, want)
	}

	d.entry.SetText("production CRM")
	if got := d.problem.Text; got != words.NameTakenHere("Production CRM") || !d.save.Disabled() {
		t.Errorf("a name another key has says %q", got)
	}
	shoot(t, fyne.CurrentApp(), w, "rename-taken") // before the dialog is rendered alone
	test.AssertObjectRendersToMarkup(t, "renamedialog/taken.xml", w.Canvas().Overlays().Top())

	d.entry.SetText("STAGING") // letter case only: allowed
	if d.problem.Visible() || d.save.Disabled() {
		t.Error("a change of letter case only is refused")
	}
	d.entry.SetText("")
	if d.problem.Visible() || !d.save.Disabled() {
		t.Error("an empty name complains while typed, or can be saved")
	}
	d.entry.SetText("  Staging EU  ")
	test.AssertObjectRendersToMarkup(t, "renamedialog/typed.xml", w.Canvas().Overlays().Top())
	d.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(submitted) != 1 || submitted[0] != "Staging EU" {
		t.Errorf("Enter submitted %q", submitted)
	}

	d.setBusy(words.Renaming())
	if !d.isSaving() || !d.save.Disabled() || !d.entry.Disabled() || !d.busy.box.Visible() {
		t.Error("while renaming the dialog still takes input")
	}
	d.setBusy("")
	d.setProblem(words.NameProblem(&keys.NameTakenError{Name: "Staging EU"}))
	if !d.save.Disabled() {
		t.Error("Rename works after the window refused the name")
	}
	d.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if cancelled != 1 {
		t.Error("Escape did not cancel")
	}
	d.dismiss()
	if !d.isClosed() || w.Canvas().Overlays().Top() != nil {
		t.Error("dismiss did not close the dialog")
	}
}

func TestTestAllDialog(t *testing.T) {
	w := leafWindow(t)
	cancelled, closed := 0, 0
	// For people to look at: a dialog in the window, before any is rendered
	// alone, which takes it out of the window.
	shot := newTestAllDialog(testAllCallbacks{}, w)
	shot.dialog.Show()
	shot.show(testAllProgress{Total: 7, Done: 7, Finished: true, Works: 5, Refused: []string{"Old CRM"}, Trouble: []string{"Staging"}})
	shoot(t, fyne.CurrentApp(), w, "testall-summary")
	shot.dialog.Hide()

	d := newTestAllDialog(testAllCallbacks{OnCancel: func() { cancelled++ }, OnClose: func() { closed++ }}, w)
	d.dialog.Show()
	top := func() fyne.CanvasObject { return w.Canvas().Overlays().Top() }

	d.show(testAllProgress{Total: 7, Done: 2, Name: "Production CRM", Works: 2})
	if got := d.status.Text; got != "Testing 3 of 7: Production CRM" {
		t.Errorf("progress says %q", got)
	}
	if d.bar.Value < 0.28 || d.bar.Value > 0.29 || d.bar.TextFormatter() != "2 of 7 tested" {
		t.Errorf("the bar is at %.2f and says %q", d.bar.Value, d.bar.TextFormatter())
	}
	if d.waiting.Visible() || d.summary.Visible() || !d.cancel.Visible() || d.close.Visible() {
		t.Error("while testing, the dialog shows a wait or a summary, or no Cancel")
	}
	test.AssertObjectRendersToMarkup(t, "testall/progress.xml", top())

	d.show(testAllProgress{Total: 7, Done: 4, Name: "Staging", Waiting: 12 * time.Second, Works: 3, Refused: []string{"Old CRM"}})
	if got := d.waiting.Text; got != "Waiting 12 seconds: OnceHub asked for a pause." || !d.waiting.Visible() {
		t.Errorf("the pause says %q", got)
	}
	if got := d.status.Text; got != "Testing 5 of 7: Staging" {
		t.Errorf("while waiting the progress says %q", got)
	}
	test.AssertObjectRendersToMarkup(t, "testall/waiting.xml", top())

	d.show(testAllProgress{Total: 7, Done: 7, Finished: true, Works: 5, Refused: []string{"Old CRM"}, Trouble: []string{"Staging"}})
	if got := d.summary.Text; got != "5 work, 1 refused, 1 could not be tested." {
		t.Errorf("the summary says %q", got)
	}
	if !strings.Contains(d.refusedText.Text, "“Old CRM”") || !strings.Contains(d.troubleText.Text, "“Staging”") {
		t.Errorf("the summary does not name the keys: %q, %q", d.refusedText.Text, d.troubleText.Text)
	}
	if d.status.Visible() || d.waiting.Visible() || d.cancel.Visible() || !d.close.Visible() {
		t.Error("when done, the progress line, the wait or Cancel still show, or Close does not")
	}
	test.AssertObjectRendersToMarkup(t, "testall/summary.xml", top())
	test.Tap(d.close)
	if closed != 1 {
		t.Error("Close did not report")
	}

	// Cancelled half way.
	d2 := newTestAllDialog(testAllCallbacks{OnCancel: func() { cancelled++ }}, w)
	d2.dialog.Show()
	d2.show(testAllProgress{Total: 7, Done: 3, Name: "Zapier", Works: 3})
	test.Tap(d2.cancel)
	test.Tap(d2.cancel)
	if cancelled != 1 || !d2.cancel.Disabled() || d2.status.Text != words.Cancelling() {
		t.Errorf("Cancel reported %d times; the line says %q", cancelled, d2.status.Text)
	}
	d2.show(testAllProgress{Total: 7, Done: 3, Finished: true, Stopped: true, Works: 3})
	if got := d2.status.Text; got != "Stopped after 3 of 7 keys." || d2.summary.Text != "3 work." {
		t.Errorf("a stopped run says %q, %q", got, d2.summary.Text)
	}
	test.AssertObjectRendersToMarkup(t, "testall/stopped.xml", w.Canvas().Overlays().Top())
}

func TestNoteEditor(t *testing.T) {
	w := leafWindow(t)
	var saved []string
	v := newKeyView(keyViewCallbacks{
		OnSaveNote: func(note string) { saved = append(saved, note) },
		Focus:      func(o fyne.Focusable) { w.Canvas().Focus(o) },
	})
	w.SetContent(v.content)
	v.showKey("", "1a2b")
	n := v.note
	if !n.box.Visible() || n.text.Text != words.NoNote() {
		t.Fatalf("a key with no note shows %q (visible: %v)", n.text.Text, n.box.Visible())
	}

	v.setNote("used in: Zapier, HubSpot")
	if n.text.Text != "used in: Zapier, HubSpot" {
		t.Errorf("the note shows as %q", n.text.Text)
	}
	test.AssertObjectRendersToMarkup(t, "keyview/note.xml", v.content)

	test.Tap(n.edit)
	if !n.isEditing() || n.entry.Text != "used in: Zapier, HubSpot" || w.Canvas().Focused() != fyne.Focusable(n.entry) {
		t.Fatal("Edit does not give an entry with the note, with the keyboard in it")
	}
	test.Type(n.entry, ", Salesforce  ")
	test.AssertObjectRendersToMarkup(t, "keyview/note_editing.xml", v.content)
	shoot(t, fyne.CurrentApp(), w, "note-editing")
	test.Tap(n.save)
	if len(saved) != 1 || saved[0] != "used in: Zapier, HubSpot, Salesforce" {
		t.Errorf("Save reported %q", saved)
	}
	if n.isEditing() || n.text.Text != "used in: Zapier, HubSpot, Salesforce" {
		t.Error("after Save the editor is still open, or shows the old note")
	}

	// Escape leaves the note as it was, and reports nothing.
	test.Tap(n.edit)
	n.entry.SetText("something else")
	n.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if n.isEditing() || n.text.Text != "used in: Zapier, HubSpot, Salesforce" || len(saved) != 1 {
		t.Error("Escape changed the note")
	}
	// Another key's note ends an edit under way.
	test.Tap(n.edit)
	v.setNote("")
	if n.isEditing() || n.text.Text != words.NoNote() {
		t.Error("a new note did not end the edit")
	}

	// With no one to keep notes, the view has none.
	bare := newKeyView(keyViewCallbacks{})
	if bare.note.box.Visible() {
		t.Error("the note shows though nothing keeps notes")
	}
}
