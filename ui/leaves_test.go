package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

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
	if !n.box.Visible() || n.text.Text != words.NoNote {
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
	if n.isEditing() || n.text.Text != words.NoNote {
		t.Error("a new note did not end the edit")
	}

	// With no one to keep notes, the view has none.
	bare := newKeyView(keyViewCallbacks{})
	if bare.note.box.Visible() {
		t.Error("the note shows though nothing keeps notes")
	}
}
