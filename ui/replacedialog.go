package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/words"
)

// replaceCallbacks connect the Replace dialog to the window.
type replaceCallbacks struct {
	OnTest      func(d *replaceDialog, raw string) // test the new key
	OnSave      func(d *replaceDialog)             // save the tested key anyway
	OnCancel    func(d *replaceDialog)
	OnClosed    func(d *replaceDialog)
	OnHoverTest func()
	OnChanged   func()
	Paste       func() string // the clipboard's text
	Focus       func(fyne.Focusable)
}

// replaceDialog takes a new key, has it tested, and offers to save it
// anyway if OnceHub does not accept it (a brand new key may not be active
// yet). It is given the words and results to show; the window runs the
// flow.
type replaceDialog struct {
	cb replaceCallbacks

	entry    *keyEntry
	paste    *widget.Button
	problem  *widget.Label
	busy     *busyLine
	icon     *widget.Icon
	headline *widget.Label
	lines    *widget.Label
	result   *fyne.Container

	cancel     *widget.Button
	test       *hoverButton
	saveAnyway *widget.Button
	dialog     *dialog.CustomDialog

	replacing string // the ending of the key the dialog says it replaces
	candidate string // the new key last tested, normalised
	outcome   apiclient.Outcome
	testedAt  time.Time
	testing   bool // this dialog's test is in flight
	saving    bool
	closed    bool
}

func newReplaceDialog(intro, replacing string, cb replaceCallbacks, parent fyne.Window) *replaceDialog {
	d := &replaceDialog{cb: cb, replacing: replacing}
	introLabel := widget.NewLabel(intro)
	introLabel.Wrapping = fyne.TextWrapWord

	d.entry = newKeyEntry()
	d.entry.PlaceHolder = "Paste the new key here"
	d.entry.OnSubmitted = func(string) { d.onTest() }
	d.entry.OnChanged = d.onChanged
	d.entry.onEscape = d.onCancel
	d.paste = widget.NewButtonWithIcon("Paste", theme.ContentPasteIcon(), d.onPaste)

	d.problem = newProblemLabel()
	d.busy = newBusyLine()

	d.icon = widget.NewIcon(nil)
	d.headline = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.headline.Wrapping = fyne.TextWrapWord
	d.lines = widget.NewLabel("")
	d.lines.Wrapping = fyne.TextWrapWord
	d.result = container.NewVBox(container.NewBorder(nil, nil, alignedIcon(d.icon), nil, d.headline), d.lines)
	d.result.Hide()

	d.cancel = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), d.onCancel)
	d.test = newHoverButton("Test and replace", theme.ConfirmIcon(), d.onTest, cb.OnHoverTest)
	d.test.Importance = widget.HighImportance
	d.saveAnyway = widget.NewButton("Save anyway", d.onSaveAnyway)
	d.saveAnyway.Importance = widget.WarningImportance
	d.saveAnyway.Hide()

	nameWidget(d.entry, "replace.entry")
	nameWidget(d.paste, "replace.paste")
	nameWidget(d.cancel, "replace.cancel")
	nameWidget(d.test, "replace.test")
	nameWidget(d.saveAnyway, "replace.save-anyway")
	entryRow := container.NewBorder(nil, nil, nil, d.paste, d.entry)
	content := container.NewVBox(introLabel, entryRow, d.problem, d.busy.box, d.result)
	d.dialog = dialog.NewCustomWithoutButtons("Replace the key", content, parent)
	d.dialog.SetButtons([]fyne.CanvasObject{d.cancel, d.saveAnyway, d.test})
	d.dialog.SetOnClosed(d.onClosed)
	d.dialog.Resize(fyne.NewSize(520, 0))
	return d
}

// applyControls enables what can be used now: one test or save at a time,
// across the whole window.
func (d *replaceDialog) applyControls(busy bool) {
	for _, w := range []fyne.Disableable{d.test, d.paste, d.saveAnyway, d.entry} {
		setEnabled(w, !busy)
	}
}

func (d *replaceDialog) setBusy(text string) {
	d.saving = text != "" && !d.testing
	d.busy.set(text)
	d.relayout()
}

// setProblem shows what is wrong with the entry's text; "" hides it.
func (d *replaceDialog) setProblem(text string) {
	if setOptionalText(d.problem, text) {
		d.relayout()
	}
}

// relayout makes room in the dialog for lines shown or hidden.
func (d *replaceDialog) relayout() { d.dialog.Refresh() }

func (d *replaceDialog) onChanged(string) {
	d.setProblem("")
	d.cb.OnChanged()
}

func (d *replaceDialog) onPaste() {
	d.entry.SetText(d.cb.Paste())
	d.cb.Focus(d.entry)
}

func (d *replaceDialog) onTest() {
	if d.testing || d.saving {
		return
	}
	d.cb.OnTest(d, d.entry.Text)
}

// startTest clears the last result and shows that the new key is being tested.
func (d *replaceDialog) startTest(busyText string) {
	d.result.Hide()
	d.saveAnyway.Hide()
	d.setProblem("")
	d.candidate = ""
	d.testing = true
	d.setBusy(busyText)
}

// tested keeps the new key and its test, for Save anyway.
func (d *replaceDialog) tested(key string, o apiclient.Outcome, at time.Time) {
	d.testing = false
	d.setBusy("")
	d.candidate, d.outcome, d.testedAt = key, o, at
}

// testedKey is the new key last tested, its outcome and when; key is ""
// when none has been tested.
func (d *replaceDialog) testedKey() (key string, o apiclient.Outcome, at time.Time) {
	return d.candidate, d.outcome, d.testedAt
}

// replacingEnding is the ending of the key the dialog said it replaces.
func (d *replaceDialog) replacingEnding() string { return d.replacing }

// isClosed, isTesting and isSaving say what the dialog is doing.
func (d *replaceDialog) isClosed() bool  { return d.closed }
func (d *replaceDialog) isTesting() bool { return d.testing }
func (d *replaceDialog) isSaving() bool  { return d.saving }

// showCandidate shows a new key's failed test, and Save anyway if offered.
func (d *replaceDialog) showCandidate(v outcomeView, saveAnyway bool) {
	d.icon.SetResource(v.Tone.icon())
	d.headline.Importance = v.Tone.importance()
	d.headline.SetText(v.Headline)
	setOptionalText(d.lines, strings.Join(v.Lines, "\n"))
	d.result.Show()
	if saveAnyway {
		d.saveAnyway.Show()
	}
	d.relayout()
}

func (d *replaceDialog) onSaveAnyway() {
	if d.candidate != "" {
		d.cb.OnSave(d)
	}
}

func (d *replaceDialog) onCancel() { d.cb.OnCancel(d) }

// keychainWaiting says, inside the dialog, that the keychain is waiting to
// be unlocked: the banner that says so is behind the dialog.
func (d *replaceDialog) keychainWaiting() {
	if d.saving && !d.closed {
		d.busy.text.SetText(words.KeychainWaitNote)
	}
}

func (d *replaceDialog) dismiss() {
	if !d.closed {
		d.dialog.Hide()
	}
}

func (d *replaceDialog) onClosed() {
	d.closed = true
	d.entry.SetText("") // do not keep the key in a hidden widget
	d.cb.OnClosed(d)
}
