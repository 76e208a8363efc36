package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// banner is a strip across the top of the window with a message in plain
// words and the buttons that fit it: keychain trouble, a long keychain
// wait, a note after a replace. It is hidden while it has nothing to say.
type banner struct {
	name    string // for the end-to-end tests' widget map
	icon    *widget.Icon
	text    *widget.Label
	busy    *widget.Activity
	buttons *fyne.Container
	box     *fyne.Container
	// changed is called after the banner appeared, changed or went, so
	// the window can make room for it.
	changed func()
}

func newBanner(name string, changed func()) *banner {
	b := &banner{
		name:    name,
		changed: changed,
		icon:    widget.NewIcon(nil),
		text:    widget.NewLabel(""),
		busy:    widget.NewActivity(),
		buttons: container.NewHBox(),
	}
	b.text.Wrapping = fyne.TextWrapWord
	b.busy.Hide()
	lead := container.NewStack(b.icon, b.busy)
	row := container.NewBorder(nil, nil, container.NewCenter(lead), nil, b.text)
	b.box = container.NewVBox(row, container.NewHBox(layout.NewSpacer(), b.buttons), widget.NewSeparator())
	b.box.Hide()
	return b
}

// bannerButton is one of a banner's buttons.
type bannerButton struct {
	label string
	// name names the button in the widget map: its English label, in
	// every language, so that the end-to-end tests find it by one name.
	name       string
	importance widget.Importance
	onTapped   func()
}

// show replaces what the banner says and offers.
func (b *banner) show(t tone, text string, buttons ...bannerButton) {
	b.busy.Stop()
	b.busy.Hide()
	b.icon.SetResource(t.icon())
	b.icon.Show()
	b.setText(text, buttons)
}

// showBusy is show with a spinning indicator instead of an icon, for a wait.
func (b *banner) showBusy(text string, buttons ...bannerButton) {
	b.icon.Hide()
	b.busy.Show()
	b.busy.Start()
	b.setText(text, buttons)
}

// setText fills in the words and buttons. The words keep the normal text
// colour (long amber or red text is hard to read); the icon carries the tone.
func (b *banner) setText(text string, buttons []bannerButton) {
	b.text.SetText(text)
	objs := make([]fyne.CanvasObject, 0, len(buttons))
	for _, bb := range buttons {
		btn := widget.NewButton(bb.label, bb.onTapped)
		btn.Importance = bb.importance
		nameWidget(btn, b.name+"."+bb.name)
		objs = append(objs, btn)
	}
	b.buttons.Objects = objs
	b.buttons.Refresh()
	b.box.Show()
	b.changed()
}

// hide empties the banner.
func (b *banner) hide() {
	b.busy.Stop()
	b.text.SetText("")
	b.buttons.Objects = nil
	b.box.Hide()
	b.changed()
}

// visible reports whether the banner has something to say.
func (b *banner) visible() bool { return b.box.Visible() }

// message is what the banner says, for tests and for screen readers alike.
func (b *banner) message() string {
	if !b.visible() {
		return ""
	}
	return b.text.Text
}

// button returns the banner's button labelled label, or nil.
func (b *banner) button(label string) *widget.Button {
	for _, o := range b.buttons.Objects {
		if btn, ok := o.(*widget.Button); ok && btn.Text == label {
			return btn
		}
	}
	return nil
}
