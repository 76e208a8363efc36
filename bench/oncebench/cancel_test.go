package main

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// ownButton is a button type of another package's kind: it embeds
// widget.Button, as the ui package's buttons do.
type ownButton struct {
	widget.Button
}

func newOwnButton(label string) *ownButton {
	b := &ownButton{}
	b.Text = label
	b.ExtendBaseWidget(b)
	return b
}

func TestFindButton(t *testing.T) {
	test.NewTempApp(t)
	hidden := widget.NewButton("Cancel", nil)
	hidden.Hide()
	disabled := widget.NewButton("Copy", nil)
	disabled.Disable()
	own := newOwnButton("Test")
	inHiddenBox := widget.NewButton("Replace", nil)
	box := container.NewVBox(inHiddenBox)
	box.Hide()
	label := widget.NewLabel("Test") // has Text "Test" but is not a button
	content := container.NewBorder(label, nil, nil, nil,
		container.NewVScroll(container.NewVBox(hidden, disabled, box, own)))

	if got := findButton(content, "Test", true); got != fyne.CanvasObject(own) {
		t.Errorf("the embedded button inside a scroll was not found: %v", got)
	}
	if got := findButton(content, "Cancel", false); got != nil {
		t.Error("a hidden button was found")
	}
	if got := findButton(content, "Replace", false); got != nil {
		t.Error("a button in a hidden container was found")
	}
	if got := findButton(content, "Copy", true); got != nil {
		t.Error("a disabled button was found where an enabled one was asked for")
	}
	if got := findButton(content, "Copy", false); got != fyne.CanvasObject(disabled) {
		t.Error("a disabled button was not found when its state did not matter")
	}
	hidden.Show()
	if got := findButton(content, "Cancel", true); got != fyne.CanvasObject(hidden) {
		t.Error("a button shown again was not found")
	}
}
