package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/words"
)

// noteCallbacks connect the note editor to the key view.
type noteCallbacks struct {
	// OnSave keeps the note typed (trimmed of surrounding spaces; "" to
	// have none). The editor shows it at once; whoever keeps notes sets
	// the note again (setNote) if keeping it failed.
	OnSave func(note string)
	// OnCheck says why a note would be refused, as it is typed (trimmed);
	// nil when it would be kept. Save waits until it is. It must not block.
	OnCheck func(note string) error
	Focus   func(fyne.Focusable)
	// Unfocus takes the keyboard from a widget going out of sight, if it
	// has it: a hidden entry would keep every key from the window.
	Unfocus func(fyne.Focusable)
	// Changed is called when the editor changed size.
	Changed func()
	// OnKey gets the keys but Space typed while Edit has the keyboard.
	OnKey func(*fyne.KeyEvent)
}

// noteEditor shows the admin's own note about a key ("used in: Zapier,
// HubSpot") with an Edit button, and while editing, an entry with Save and
// Cancel. A note that would be refused says why as it is typed, and cannot
// be saved. It is given the note and reports the new one.
type noteEditor struct {
	cb noteCallbacks

	note    string
	text    *widget.Label
	edit    *keyButton
	entry   *textEntry
	problem *widget.Label // why the note typed would be refused
	save    *widget.Button
	cancel  *widget.Button
	showing *fyne.Container
	editing *fyne.Container
	box     *fyne.Container
}

func newNoteEditor(cb noteCallbacks) *noteEditor {
	n := &noteEditor{cb: cb, text: widget.NewLabel("")}
	n.text.Wrapping = fyne.TextWrapWord
	n.edit = newKeyButton(words.ButtonEdit(), theme.DocumentCreateIcon(), n.startEditing, cb.OnKey)
	n.edit.Importance = widget.LowImportance

	n.entry = newTextEntry()
	n.entry.PlaceHolder = words.NotePlaceholder()
	n.entry.OnSubmitted = func(string) { n.onSave() }
	n.entry.OnChanged = n.onChanged
	n.problem = newProblemLabel()
	n.entry.onEscape = n.stopEditing
	n.save = widget.NewButtonWithIcon(words.ButtonSave(), theme.DocumentSaveIcon(), n.onSave)
	n.save.Importance = widget.HighImportance
	n.cancel = widget.NewButton(words.ButtonCancel(), n.stopEditing)

	label := widget.NewLabelWithStyle(words.FieldNote(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	n.showing = container.NewBorder(nil, nil, nil, container.NewVBox(n.edit), n.text)
	n.editing = container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(n.cancel, n.save), n.entry), n.problem)
	n.editing.Hide()
	n.box = container.NewBorder(nil, nil, container.NewVBox(label), nil, container.NewStack(n.showing, n.editing))
	nameWidget(n.edit, "note.edit")
	nameWidget(n.entry, "note.entry")
	nameWidget(n.save, "note.save")
	nameWidget(n.cancel, "note.cancel")
	nameWidget(n.problem, "note.problem")
	n.render()
	return n
}

// setNote shows note, and ends an edit under way: the note is another
// key's, or has just been kept.
func (n *noteEditor) setNote(note string) {
	n.note = note
	if n.isEditing() {
		n.stopEditing()
		return
	}
	n.render()
}

// follow shows note, changed elsewhere for the same key, without ending an
// edit under way: Cancel then shows it.
func (n *noteEditor) follow(note string) {
	if note == n.note {
		return
	}
	n.note = note
	if !n.isEditing() {
		n.render()
	}
}

func (n *noteEditor) isEditing() bool { return n.editing.Visible() }

func (n *noteEditor) render() {
	if n.note == "" {
		n.text.Importance = widget.LowImportance
		n.text.SetText(words.NoNote())
	} else {
		n.text.Importance = widget.MediumImportance
		n.text.SetText(n.note)
	}
}

func (n *noteEditor) startEditing() {
	n.entry.SetText(n.note)
	// Editing a note is mostly adding to it: start at its end.
	n.entry.CursorColumn = len([]rune(n.note))
	n.entry.Refresh()
	n.onChanged(n.note)
	n.showing.Hide()
	n.editing.Show()
	n.changed()
	if n.cb.Focus != nil {
		n.cb.Focus(n.entry)
	}
}

func (n *noteEditor) stopEditing() {
	if n.cb.Unfocus != nil {
		n.cb.Unfocus(n.entry)
	}
	n.editing.Hide()
	n.showing.Show()
	n.render()
	n.changed()
}

// onChanged checks the note as it is typed.
func (n *noteEditor) onChanged(string) {
	problem := ""
	if n.cb.OnCheck != nil {
		problem = words.NoteProblem(n.cb.OnCheck(strings.TrimSpace(n.entry.Text)))
	}
	if setOptionalText(n.problem, problem) {
		n.changed()
	}
	setEnabled(n.save, problem == "")
}

func (n *noteEditor) onSave() {
	if n.save.Disabled() {
		return // a note that would be refused; the line under it says why
	}
	note := strings.TrimSpace(n.entry.Text)
	n.note = note
	n.stopEditing()
	if n.cb.OnSave != nil {
		n.cb.OnSave(note)
	}
}

func (n *noteEditor) changed() {
	if n.cb.Changed != nil {
		n.cb.Changed()
	}
}

// textEntry is a one-line entry (a name, a note) that hands Escape on, as
// keyEntry does, so Escape closes what it is in while it has the focus.
type textEntry struct {
	widget.Entry
	onEscape func()
}

func newTextEntry() *textEntry {
	e := &textEntry{}
	e.Wrapping = fyne.TextWrapOff
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey passes Escape on and handles every other key as an entry does.
func (e *textEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(ev)
}
