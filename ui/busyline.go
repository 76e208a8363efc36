package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// busyLine is a spinner with a line saying what OnceKey is waiting for,
// shown under a key entry while a key is saved or tested.
type busyLine struct {
	activity *widget.Activity
	text     *widget.Label
	box      *fyne.Container
}

func newBusyLine() *busyLine {
	b := &busyLine{activity: widget.NewActivity(), text: widget.NewLabel("")}
	b.box = container.NewHBox(b.activity, b.text)
	b.box.Hide()
	return b
}

// set shows text with the spinner turning; "" hides both.
func (b *busyLine) set(text string) {
	if text == "" {
		b.activity.Stop()
		b.box.Hide()
		return
	}
	b.text.SetText(text)
	b.box.Show()
	b.activity.Start()
}

// newProblemLabel is the red line under a key entry that says what is wrong
// with what was pasted; hidden until there is something to say.
func newProblemLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.DangerImportance
	l.Hide()
	return l
}
