package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/words"
)

// renameCallbacks connect the Rename dialog to the window.
type renameCallbacks struct {
	// OnCheckName says whether the key may take newName (typed, without
	// surrounding spaces): nil when it can. A change of letter case only
	// is the key's own name, and must be allowed. Called on every
	// keystroke; it must not block.
	OnCheckName func(newName string) error
	// OnSubmit renames the key. The window answers with setProblem or
	// setBusy, or closes the dialog.
	OnSubmit func(d *renameDialog, newName string)
	OnCancel func(d *renameDialog)
	OnClosed func(d *renameDialog)
	Focus    func(fyne.Focusable)
}

// renameDialog asks for a key's new name, checks it as it is typed, and
// warns that scripts which use the old name will stop finding the key. It
// is given the current name; the window renames.
type renameDialog struct {
	cb      renameCallbacks
	current string

	entry    *textEntry
	warning  *widget.Label
	warnIcon *widget.Icon
	problem  *widget.Label
	busy     *busyLine
	cancel   *keyButton
	save     *keyButton
	dialog   *dialog.CustomDialog

	nameOK   bool
	saving   bool
	flowBusy bool // another flow of the window is under way
	closed   bool
}

func newRenameDialog(current string, cb renameCallbacks, parent fyne.Window) *renameDialog {
	d := &renameDialog{cb: cb, current: current}
	d.entry = newTextEntry()
	d.entry.SetText(current)
	d.entry.OnChanged = d.onChanged
	d.entry.OnSubmitted = func(string) { d.onSave() }
	d.entry.onEscape = d.onCancel

	d.warning = widget.NewLabel(words.RenameWarning(current))
	d.warning.Wrapping = fyne.TextWrapWord
	d.problem = newProblemLabel()
	d.busy = newBusyLine()

	d.cancel = newDialogButton(d.onCancel, words.ButtonCancel(), theme.CancelIcon(), d.onCancel)
	d.save = newDialogButton(d.onCancel, words.ButtonRename(), theme.ConfirmIcon(), d.onSave)
	d.save.Importance = widget.HighImportance

	nameWidget(d.entry, "rename.entry")
	nameWidget(d.save, "rename.save")
	nameWidget(d.cancel, "rename.cancel")
	d.warnIcon = widget.NewIcon(warningIcon())
	warn := container.NewBorder(nil, nil, alignedIcon(d.warnIcon), nil, d.warning)
	content := container.NewVBox(widget.NewForm(widget.NewFormItem(words.FieldNewName(), d.entry)), d.problem, warn, d.busy.box)
	// The entry starts with the current name, and the warning names it:
	// the title does not, as a long name would stretch the dialog.
	d.dialog = dialog.NewCustomWithoutButtons(words.TitleRenameKey(), content, parent)
	d.dialog.SetButtons([]fyne.CanvasObject{d.cancel, d.save})
	d.dialog.SetOnClosed(d.onClosed)
	d.dialog.Resize(fyne.NewSize(500, 0))
	d.applyControls()
	return d
}

// warningIcon goes with the warning that scripts stop finding the key. It
// is made when a dialog needs it: a theme icon asks the running app for its
// theme, and at package start there is none (Fyne then logs "Attempt to
// access current Fyne app when none is started" at every start).
func warningIcon() fyne.Resource { return theme.NewWarningThemedResource(theme.WarningIcon()) }

// typedName is the new name as it will be saved, without surrounding spaces.
func (d *renameDialog) typedName() string { return strings.TrimSpace(d.entry.Text) }

// setProblem says what is wrong with the new name; "" hides it.
func (d *renameDialog) setProblem(text string) {
	if setOptionalText(d.problem, text) {
		d.relayout()
	}
	if text != "" {
		d.nameOK = false
		d.applyControls()
	}
}

// setBusy shows that the key is being renamed; "" ends it.
func (d *renameDialog) setBusy(text string) {
	d.saving = text != ""
	d.busy.set(text)
	d.applyControls()
	d.relayout()
}

func (d *renameDialog) applyControls() {
	setEnabled(d.entry, !d.saving)
	setEnabled(d.save, !d.saving && !d.flowBusy && d.nameOK)
}

// setFlowBusy says whether another flow of the window (a test, a keychain
// call) is under way: one at a time, across the whole window.
func (d *renameDialog) setFlowBusy(busy bool) {
	d.flowBusy = busy
	d.applyControls()
}

func (d *renameDialog) relayout() { d.dialog.Refresh() }

func (d *renameDialog) onChanged(string) {
	name := d.typedName()
	problem := ""
	if name != "" && name != d.current {
		problem = words.NameProblem(d.cb.OnCheckName(name))
	}
	// The same name is no rename; an empty one says nothing while typed.
	d.nameOK = name != "" && name != d.current && problem == ""
	setOptionalText(d.problem, problem)
	// Scripts find a key by its name ignoring case: a change of capital
	// letters only breaks none of them.
	warning, icon := words.RenameWarning(d.current), warningIcon()
	if name != d.current && strings.EqualFold(name, d.current) {
		warning, icon = words.RenameCaseOnly(), theme.InfoIcon()
	}
	if d.warning.Text != warning {
		d.warning.SetText(warning)
		d.warnIcon.SetResource(icon)
	}
	d.applyControls()
	d.relayout()
}

func (d *renameDialog) onSave() {
	if d.save.Disabled() {
		return
	}
	d.cb.OnSubmit(d, d.typedName())
}

func (d *renameDialog) onCancel() { d.cb.OnCancel(d) }

// focus puts the keyboard in the entry.
func (d *renameDialog) focus() { d.cb.Focus(d.entry) }

func (d *renameDialog) isClosed() bool { return d.closed }
func (d *renameDialog) isSaving() bool { return d.saving }

func (d *renameDialog) dismiss() {
	if !d.closed {
		d.dialog.Hide()
	}
}

func (d *renameDialog) onClosed() {
	d.closed = true
	if d.cb.OnClosed != nil {
		d.cb.OnClosed(d)
	}
}
