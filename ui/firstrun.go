package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/words"
)

// firstRunCallbacks connect the first-run view to the window.
type firstRunCallbacks struct {
	OnSave         func(raw string) // check, store and test the key
	OnChanged      func()
	Paste          func() string // the clipboard's text
	OnOpenKeysPage func()
	Focus          func(fyne.Focusable)
}

// firstRunView is shown while no key is saved: where to find the key, a
// link to OnceHub's API page, an entry with a Paste button, and Save.
type firstRunView struct {
	cb firstRunCallbacks

	entry   *keyEntry
	paste   *widget.Button
	problem *widget.Label
	busy    *busyLine
	save    *widget.Button
	where   *widget.Label
	scroll  *container.Scroll
	content fyne.CanvasObject
}

func newFirstRunView(cb firstRunCallbacks) *firstRunView {
	v := &firstRunView{cb: cb}
	title := widget.NewLabelWithStyle(words.TitleFirstRun(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	intro := widget.NewLabel(words.FirstRunIntro())
	intro.Wrapping = fyne.TextWrapWord

	v.entry = newKeyEntry()
	v.entry.OnSubmitted = func(string) { v.onSave() }
	v.entry.OnChanged = v.onChanged
	v.paste = widget.NewButtonWithIcon(words.ButtonPaste(), theme.ContentPasteIcon(), v.onPaste)

	v.problem = newProblemLabel()
	v.busy = newBusyLine()

	v.save = widget.NewButtonWithIcon(words.ButtonSave(), theme.DocumentSaveIcon(), v.onSave)
	v.save.Importance = widget.HighImportance

	v.where = widget.NewLabel("")
	v.where.Wrapping = fyne.TextWrapWord

	entryRow := container.NewBorder(nil, nil, nil, v.paste, v.entry)
	body := container.NewVBox(title, intro, newKeysPageLink(cb.OnOpenKeysPage), entryRow, v.problem,
		container.NewHBox(v.save, v.busy.box), v.where)
	nameWidget(v.entry, "firstrun.entry")
	nameWidget(v.paste, "firstrun.paste")
	nameWidget(v.save, "firstrun.save")
	v.scroll = container.NewVScroll(body)
	v.content = v.scroll
	return v
}

// setWhere says where a saved key will be kept, so the admin knows before
// saving that it goes into the keychain and not into a file.
func (v *firstRunView) setWhere(text string) { v.where.SetText(text) }

// setBusy shows that a save is under way and blocks another one.
func (v *firstRunView) setBusy(text string) {
	v.busy.set(text)
	for _, w := range []fyne.Disableable{v.save, v.paste, v.entry} {
		setEnabled(w, text == "")
	}
	v.relayout()
}

// setProblem shows what is wrong with the entry's text; "" hides it.
func (v *firstRunView) setProblem(text string) {
	if setOptionalText(v.problem, text) {
		v.relayout()
	}
}

// relayout makes room for lines shown or hidden.
func (v *firstRunView) relayout() { v.scroll.Refresh() }

func (v *firstRunView) focus() { v.cb.Focus(v.entry) }

// reset empties the entry, for a new start after a removal.
func (v *firstRunView) reset() {
	v.entry.SetText("")
	v.setProblem("")
	v.setBusy("")
}

func (v *firstRunView) onChanged(string) {
	// An old complaint no longer fits what is in the entry now.
	v.setProblem("")
	v.cb.OnChanged()
}

func (v *firstRunView) onPaste() {
	v.entry.SetText(v.cb.Paste())
	v.focus()
}

// onSave hands the entry's text to the window, which checks, stores and
// tests it.
func (v *firstRunView) onSave() {
	if !v.save.Disabled() {
		v.cb.OnSave(v.entry.Text)
	}
}
