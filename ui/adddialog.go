package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/words"
)

// addKeyCallbacks connect the Add key dialog to the window.
type addKeyCallbacks struct {
	// OnCheckName says whether a new key could be saved under name (typed,
	// without surrounding spaces): nil when it can. It is called on every
	// keystroke, so that nobody pastes a key only to be refused, and must
	// not block.
	OnCheckName func(name string) error
	// OnSubmit saves key under name and tests it. The window answers with
	// setNameProblem, setKeyProblem or setBusy, or closes the dialog.
	OnSubmit func(d *addKeyDialog, name, key string)
	// OnCancel is Cancel or Escape; OnClosed follows the dialog's closing.
	OnCancel       func(d *addKeyDialog)
	OnClosed       func(d *addKeyDialog)
	OnOpenKeysPage func()
	OnChanged      func()        // something was typed: a test may follow soon
	Paste          func() string // the clipboard's text
	Focus          func(fyne.Focusable)
}

// addKeyDialog asks for a new key's name and the key itself. The name is
// checked as it is typed; a full list (OnceHub's 25 keys) is said at once,
// with nothing to type. It is given what to show; the window saves.
type addKeyDialog struct {
	cb addKeyCallbacks

	note        *widget.Label // a word about the keys saved, or hidden
	name        *textEntry
	hint        *widget.Label
	nameProblem *widget.Label
	key         *keyEntry
	paste       *keyButton
	keyProblem  *widget.Label
	busy        *busyLine
	cancel      *keyButton
	save        *keyButton
	dialog      *dialog.CustomDialog

	nameOK   bool // the name typed can take a new key
	full     bool // OnceHub's limit is reached: nothing can be added
	saving   bool // this dialog's save is under way
	flowBusy bool // another flow of the window is under way
	closed   bool
}

func newAddKeyDialog(cb addKeyCallbacks, parent fyne.Window) *addKeyDialog {
	d := &addKeyDialog{cb: cb}
	intro := widget.NewLabel(words.AddKeyIntro())
	intro.Wrapping = fyne.TextWrapWord
	d.note = widget.NewLabel("")
	d.note.Wrapping = fyne.TextWrapWord
	d.note.Hide()

	d.name = newTextEntry()
	d.name.PlaceHolder = words.PlaceholderKeyName()
	d.name.OnChanged = d.onNameChanged
	d.name.OnSubmitted = func(string) { d.cb.Focus(d.key) }
	d.name.onEscape = d.onCancel
	d.hint = widget.NewLabel(words.AddKeyNameHint())
	d.hint.Wrapping = fyne.TextWrapWord
	d.hint.SizeName = theme.SizeNameCaptionText
	d.nameProblem = newProblemLabel()

	d.key = newKeyEntry()
	d.key.OnChanged = d.onKeyChanged
	d.key.OnSubmitted = func(string) { d.onSave() }
	d.key.onEscape = d.onCancel
	d.paste = newDialogButton(d.onCancel, words.ButtonPaste(), theme.ContentPasteIcon(), d.onPaste)
	d.keyProblem = newProblemLabel()
	d.busy = newBusyLine()

	d.cancel = newDialogButton(d.onCancel, words.ButtonCancel(), theme.CancelIcon(), d.onCancel)
	d.save = newDialogButton(d.onCancel, words.ButtonSaveAndTest(), theme.DocumentSaveIcon(), d.onSave)
	d.save.Importance = widget.HighImportance

	nameWidget(d.name, "add.name")
	nameWidget(d.key, "add.entry")
	nameWidget(d.paste, "add.paste")
	nameWidget(d.save, "add.save")
	nameWidget(d.cancel, "add.cancel")
	// A form, so that the labels sit beside the entries: the dialog must
	// fit a window of the smallest size.
	tight := layout.NewCustomPaddedVBoxLayout(0)
	form := widget.NewForm(
		widget.NewFormItem(words.FieldName(), container.New(tight, d.name, d.hint, d.nameProblem)),
		widget.NewFormItem(words.FieldKey(), container.New(tight, container.NewBorder(nil, nil, nil, d.paste, d.key), d.keyProblem)))
	content := container.NewVBox(intro, newKeysPageLink(cb.OnOpenKeysPage), form, d.note, d.busy.box)
	d.dialog = dialog.NewCustomWithoutButtons(words.TitleAddKey(), content, parent)
	d.dialog.SetButtons([]fyne.CanvasObject{d.cancel, d.save})
	d.dialog.SetOnClosed(d.onClosed)
	// Wide, so that the lines wrap less and the dialog fits the window's
	// smallest height; the window is wider than this once two keys are
	// saved.
	d.dialog.Resize(fyne.NewSize(620, 0))
	d.applyControls(false)
	return d
}

// setFull says that no key can be added (OnceHub's limit, with its
// reason), and leaves nothing to type.
func (d *addKeyDialog) setFull(reason string) {
	d.full = true
	d.setNameProblem(reason)
	d.applyControls(d.flowBusy)
}

// setNote shows a word about the keys saved already (the first key still
// has the first key's name); "" hides it.
func (d *addKeyDialog) setNote(text string) {
	if setOptionalText(d.note, text) {
		d.relayout()
	}
}

// applyControls enables what can be used now: one save or test at a time,
// across the whole window.
func (d *addKeyDialog) applyControls(busy bool) {
	d.flowBusy = busy
	open := !d.full && !d.saving
	for _, w := range []fyne.Disableable{d.name, d.key, d.paste} {
		setEnabled(w, open)
	}
	setEnabled(d.save, open && !busy && d.nameOK && d.key.Text != "")
}

// setNameProblem says what is wrong with the name; "" hides it.
func (d *addKeyDialog) setNameProblem(text string) {
	if setOptionalText(d.nameProblem, text) {
		d.relayout()
	}
	if text != "" {
		d.nameOK = false
		d.applyControls(d.flowBusy)
	}
}

// setKeyProblem says what is wrong with the key pasted; "" hides it.
func (d *addKeyDialog) setKeyProblem(text string) {
	if setOptionalText(d.keyProblem, text) {
		d.relayout()
	}
}

// setBusy shows that the key is being saved; "" ends it.
func (d *addKeyDialog) setBusy(text string) {
	d.saving = text != ""
	d.busy.set(text)
	d.applyControls(d.flowBusy)
	d.relayout()
}

func (d *addKeyDialog) relayout() { d.dialog.Refresh() }

// typedName is the name as it will be saved: without surrounding spaces,
// which a name cannot have and which are easily typed by accident.
func (d *addKeyDialog) typedName() string { return strings.TrimSpace(d.name.Text) }

func (d *addKeyDialog) onNameChanged(string) {
	if d.full {
		return
	}
	name := d.typedName()
	problem := ""
	if name != "" {
		problem = words.NameProblem(d.cb.OnCheckName(name))
	}
	d.nameOK = name != "" && problem == ""
	setOptionalText(d.nameProblem, problem)
	d.applyControls(d.flowBusy)
	d.relayout()
}

func (d *addKeyDialog) onKeyChanged(string) {
	d.setKeyProblem("")
	d.applyControls(d.flowBusy)
	if d.cb.OnChanged != nil {
		d.cb.OnChanged()
	}
}

func (d *addKeyDialog) onPaste() {
	d.key.SetText(d.cb.Paste())
	d.cb.Focus(d.key)
}

func (d *addKeyDialog) onSave() {
	if d.save.Disabled() {
		return
	}
	d.cb.OnSubmit(d, d.typedName(), d.key.Text)
}

func (d *addKeyDialog) onCancel() { d.cb.OnCancel(d) }

// focusName and focusKey put the keyboard in an entry.
func (d *addKeyDialog) focusName() { d.cb.Focus(d.name) }
func (d *addKeyDialog) focusKey()  { d.cb.Focus(d.key) }

func (d *addKeyDialog) isClosed() bool { return d.closed }
func (d *addKeyDialog) isSaving() bool { return d.saving }

func (d *addKeyDialog) dismiss() {
	if !d.closed {
		d.dialog.Hide()
	}
}

func (d *addKeyDialog) onClosed() {
	d.closed = true
	d.key.SetText("") // do not keep the key in a hidden widget
	d.cb.OnClosed(d)
}
