package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/words"
)

// rotationLine is the main view's line while a rotation of the key shown
// is not finished: the old key is kept (named by its ending only: it is
// never copied, revealed or printed), and Continue reopens the checklist.
type rotationLine struct {
	text *widget.Label
	next *widget.Button
	box  *fyne.Container
}

func newRotationLine(onContinue func()) *rotationLine {
	l := &rotationLine{text: widget.NewLabel("")}
	l.text.Wrapping = fyne.TextWrapWord
	l.next = widget.NewButtonWithIcon(words.ButtonContinueRotation(), theme.NavigateNextIcon(), onContinue)
	nameWidget(l.next, "key.continue-rotation")
	icon := widget.NewIcon(theme.NewWarningThemedResource(theme.HistoryIcon()))
	l.box = container.NewBorder(nil, nil, container.NewCenter(icon), container.NewCenter(l.next), l.text)
	l.box.Hide()
	return l
}

// set shows text with Continue; "" hides the line. It reports whether the
// line appeared or went.
func (l *rotationLine) set(text string) (shownOrHidden bool) {
	was := l.box.Visible()
	l.text.SetText(text)
	if text == "" {
		l.box.Hide()
	} else {
		l.box.Show()
	}
	return was != l.box.Visible()
}

// setRotation shows the line about a rotation not finished; "" hides it.
func (v *keyView) setRotation(text string) {
	if v.rotation.set(text) {
		v.relayout()
	}
}
