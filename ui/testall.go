package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/words"
)

// testAllProgress is what the Test all dialog shows: how far it got, the
// key under test, a pause OnceHub asked for, and once done, the counts and
// the names of the keys that did not work.
type testAllProgress struct {
	Total int    // keys to test
	Done  int    // keys tested so far
	Name  string // the key under test now; "" between two tests
	// Waiting is what is left of a pause OnceHub asked for, after which
	// the key is tested again; 0 when not waiting.
	Waiting  time.Duration
	Finished bool // every key was tested, or Stopped
	Stopped  bool // cancelled before the end
	Works    int
	Refused  []string // the names of the keys OnceHub refused
	Trouble  []string // the names of the keys that could not be tested
}

// testAllCallbacks connect the Test all dialog to the window.
type testAllCallbacks struct {
	OnCancel func() // stop testing; a test in flight is cancelled
	OnClose  func() // the dialog was closed after the end
}

// testAllDialog shows Test all's progress, with Cancel, and then its
// summary, with Close. It shows what it is given.
type testAllDialog struct {
	cb testAllCallbacks

	status      *widget.Label
	bar         *widget.ProgressBar
	waiting     *widget.Label
	summary     *widget.Label
	refused     *fyne.Container
	refusedText *widget.Label
	trouble     *fyne.Container
	troubleText *widget.Label
	cancel      *keyButton
	close       *keyButton
	dialog      *dialog.CustomDialog

	shown testAllProgress
}

func newTestAllDialog(cb testAllCallbacks, parent fyne.Window) *testAllDialog {
	d := &testAllDialog{cb: cb}
	d.status = widget.NewLabel("")
	d.status.Truncation = fyne.TextTruncateEllipsis
	d.bar = widget.NewProgressBar()
	d.bar.TextFormatter = func() string { return words.TestAllCount(d.shown.Done, d.shown.Total) }
	d.waiting = widget.NewLabel("")
	d.waiting.Wrapping = fyne.TextWrapWord
	d.waiting.Hide()
	d.summary = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.summary.Wrapping = fyne.TextWrapWord
	d.summary.Hide()
	d.refused, d.refusedText = markedLine(toneDanger)
	d.trouble, d.troubleText = markedLine(toneWarning)

	d.cancel = newDialogButton(d.onCancel, words.ButtonCancel(), theme.CancelIcon(), d.onCancel)
	d.close = newDialogButton(d.onCancel, words.ButtonClose(), theme.ConfirmIcon(), d.onClose)
	d.close.Importance = widget.HighImportance
	d.close.Hide()
	nameWidget(d.cancel, "testall.cancel")
	nameWidget(d.close, "testall.close")

	content := container.NewVBox(d.status, d.bar, d.waiting, d.summary, d.refused, d.trouble)
	d.dialog = dialog.NewCustomWithoutButtons(words.TitleTestAll(), content, parent)
	d.dialog.SetButtons([]fyne.CanvasObject{d.cancel, d.close})
	d.dialog.Resize(fyne.NewSize(480, 0))
	return d
}

// markedLine is a wrapped line with the list's mark for a tone before it,
// hidden until it has something to say.
func markedLine(t tone) (*fyne.Container, *widget.Label) {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	box := container.NewBorder(nil, nil, alignedIcon(widget.NewIcon(t.markIcon())), nil, l)
	box.Hide()
	return box, l
}

// show brings the dialog up to date with p.
func (d *testAllDialog) show(p testAllProgress) {
	d.shown = p
	if p.Total > 0 {
		d.bar.SetValue(float64(p.Done) / float64(p.Total))
	} else {
		d.bar.SetValue(0)
	}
	switch {
	case p.Finished && p.Stopped:
		d.status.SetText(words.TestAllStopped(p.Done, p.Total))
		d.status.Show()
	case p.Finished:
		d.status.Hide()
	case p.Name != "":
		d.status.SetText(words.TestAllProgress(min(p.Done+1, p.Total), p.Total, p.Name))
		d.status.Show()
	}
	if p.Waiting > 0 && !p.Finished {
		d.waiting.SetText(words.TestAllWaiting(p.Waiting))
		d.waiting.Show()
	} else {
		d.waiting.Hide()
	}

	if p.Finished {
		d.summary.SetText(words.TestAllSummary(p.Works, len(p.Refused), len(p.Trouble)))
		d.summary.Show()
		showNames(d.refused, d.refusedText, p.Refused, words.TestAllRefused)
		showNames(d.trouble, d.troubleText, p.Trouble, words.TestAllTrouble)
		d.cancel.Hide()
		d.close.Show()
	} else {
		d.summary.Hide()
		d.refused.Hide()
		d.trouble.Hide()
		d.cancel.Show()
		d.close.Hide()
	}
	d.dialog.Refresh()
}

func showNames(box *fyne.Container, l *widget.Label, names []string, say func([]string) string) {
	if len(names) == 0 {
		box.Hide()
		return
	}
	l.SetText(say(names))
	box.Show()
}

// cancelling says Cancel was pressed and disables it until the test in
// flight has ended.
func (d *testAllDialog) cancelling() {
	d.cancel.Disable()
	d.status.SetText(words.Cancelling())
}

func (d *testAllDialog) onCancel() {
	if d.cancel.Disabled() {
		return
	}
	d.cancelling()
	if d.cb.OnCancel != nil {
		d.cb.OnCancel()
	}
}

func (d *testAllDialog) onClose() {
	d.dialog.Hide()
	if d.cb.OnClose != nil {
		d.cb.OnClose()
	}
}
