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
)

// replaceDialog takes a new key, tests it, and only then puts it in the old
// key's place. If OnceHub does not accept it the admin may save it anyway
// (a brand new key may not be active yet). The old key stays stored until
// the new one is.
type replaceDialog struct {
	m *MainWindow

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

	candidate string // the new key last tested, normalised
	outcome   apiclient.Outcome
	testedAt  time.Time
	testing   bool // this dialog's test is in flight
	closed    bool
}

func newReplaceDialog(m *MainWindow) *replaceDialog {
	d := &replaceDialog{m: m}
	intro := widget.NewLabel(replaceIntro(m.ending()))
	intro.Wrapping = fyne.TextWrapWord

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
	d.test = newHoverButton("Test and replace", theme.ConfirmIcon(), d.onTest, m.warmSoon)
	d.test.Importance = widget.HighImportance
	d.saveAnyway = widget.NewButton("Save anyway", d.onSaveAnyway)
	d.saveAnyway.Importance = widget.WarningImportance
	d.saveAnyway.Hide()

	entryRow := container.NewBorder(nil, nil, nil, d.paste, d.entry)
	content := container.NewVBox(intro, entryRow, d.problem, d.busy.box, d.result)
	d.dialog = dialog.NewCustomWithoutButtons("Replace the key", content, m.win)
	d.dialog.SetButtons([]fyne.CanvasObject{d.cancel, d.saveAnyway, d.test})
	d.dialog.SetOnClosed(d.onClosed)
	d.dialog.Resize(fyne.NewSize(520, 0))
	return d
}

// replaceIntro explains what Replace does, naming the current key's ending.
func replaceIntro(ending string) string {
	current := "The current key"
	if ending != "" {
		current = "The current key (ending in " + ending + ")"
	}
	return "Paste the new key from OnceHub's API page. OnceKey tests it first. " +
		current + " stays saved until the new one is stored."
}

func (d *replaceDialog) show() {
	d.m.replace = d
	d.m.showDialog(d.dialog)
	d.applyControls()
	// Focus the entry only after the event that opened the dialog is fully
	// handled (fyne.Do queues even on the UI goroutine): a Space that
	// pressed Replace would otherwise also be typed into the new key's entry.
	d.m.do(func() {
		if d.m.replace == d {
			d.m.win.Canvas().Focus(d.entry)
		}
	})
}

// applyControls enables what can be used now: one test at a time, across
// the whole window.
func (d *replaceDialog) applyControls() {
	busy := d.m.testing() || d.m.saving
	for _, w := range []fyne.Disableable{d.test, d.paste, d.saveAnyway, d.entry} {
		setEnabled(w, !busy)
	}
}

func (d *replaceDialog) setBusy(text string) {
	d.busy.set(text)
	d.applyControls()
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
	d.m.warmSoon()
}

func (d *replaceDialog) onPaste() {
	d.entry.SetText(d.m.app.Clipboard().Content())
	d.m.win.Canvas().Focus(d.entry)
}

// onTest checks the new key and tests it; a key that works is stored at once.
func (d *replaceDialog) onTest() {
	if d.m.testing() || d.m.saving {
		return
	}
	key, err := apiclient.NormalizeKey(d.entry.Text)
	if err != nil {
		d.setProblem(err.Error())
		return
	}
	if key == d.m.key {
		d.setProblem("This is the key that is saved already. Paste the new key from OnceHub's API page.")
		return
	}
	d.result.Hide()
	d.saveAnyway.Hide()
	d.setProblem("")
	d.candidate = ""
	d.testing = true
	d.m.runTest(key, func(o apiclient.Outcome, at time.Time) {
		d.testing = false
		d.onTested(key, o, at)
	})
	d.setBusy("Testing the new key with OnceHub…")
}

func (d *replaceDialog) onTested(key string, o apiclient.Outcome, at time.Time) {
	d.setBusy("")
	if d.closed {
		return // cancelled by closing: nothing is stored
	}
	d.candidate, d.outcome, d.testedAt = key, o, at
	if o.Kind == apiclient.Works {
		d.store()
		return
	}
	v := presentCandidate(o, at)
	d.icon.SetResource(v.Tone.icon())
	d.headline.Importance = v.Tone.importance()
	d.headline.SetText(v.Headline)
	setOptionalText(d.lines, strings.Join(v.Lines, "\n"))
	d.result.Show()
	if offerSaveAnyway(o.Kind) {
		d.saveAnyway.Show()
	}
	d.relayout()
}

// offerSaveAnyway says whether a key that did not pass its test may still be
// saved: yes whenever the text is a key and the test was not cancelled. The
// admin may know better, for example about a key not active yet.
func offerSaveAnyway(k apiclient.Kind) bool {
	return k != apiclient.Works && k != apiclient.InvalidKey && k != apiclient.Cancelled
}

func (d *replaceDialog) onSaveAnyway() {
	if d.candidate == "" {
		return
	}
	d.store()
}

// store puts the tested key in the old one's place.
func (d *replaceDialog) store() {
	key, o, at := d.candidate, d.outcome, d.testedAt
	fromClipboard := d.m.clip.holdsKey(key)
	d.setBusy("Saving the new key…")
	d.m.storeKey(key, func(err error) {
		d.setBusy("")
		if err != nil {
			d.dismiss()
			d.m.showStoreProblem(err, func() { d.m.retryReplace(key, o, at, fromClipboard) })
			return
		}
		d.dismiss()
		d.m.keyReplaced(key, o, at, fromClipboard)
	})
}

func (d *replaceDialog) onCancel() {
	if d.testing {
		d.m.cancelTest()
	}
	if d.m.saving {
		// Stop waiting for the keychain; its answer then closes the dialog
		// and the banner says nothing was changed.
		d.m.cancelKeychain()
		return
	}
	d.dismiss()
}

// keychainWaiting says, inside the dialog, that the keychain is waiting to
// be unlocked: the banner that says so is behind the dialog.
func (d *replaceDialog) keychainWaiting() {
	if d.m.saving && !d.closed {
		d.busy.text.SetText(keychainWaitNote)
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
	if d.m.replace == d {
		d.m.replace = nil
	}
}
