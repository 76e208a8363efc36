package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// keyEntry is a password entry for pasting a key. Unlike Fyne's entry it
// hands Escape to the window, so Escape closes a dialog even while the entry
// has the focus (Fyne 2.7's dialogs do not handle Escape themselves).
type keyEntry struct {
	widget.Entry
	onEscape func()
}

func newKeyEntry() *keyEntry {
	e := &keyEntry{}
	e.Password = true
	e.Wrapping = fyne.TextWrapOff
	e.PlaceHolder = "Paste the API key here"
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey passes Escape on and handles every other key as an entry does.
func (e *keyEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(ev)
}

// hoverButton is a button that says when the pointer comes over it, so the
// window can open a connection to OnceHub before the click.
type hoverButton struct {
	widget.Button
	onHover func()
}

func newHoverButton(label string, icon fyne.Resource, tapped, hover func()) *hoverButton {
	b := &hoverButton{onHover: hover}
	b.Text = label
	b.Icon = icon
	b.OnTapped = tapped
	b.ExtendBaseWidget(b)
	return b
}

// MouseIn reports the hover, then shows it as a button does.
func (b *hoverButton) MouseIn(ev *desktop.MouseEvent) {
	if b.onHover != nil && !b.Disabled() {
		b.onHover()
	}
	b.Button.MouseIn(ev)
}

// escapeButton is a button that hands Escape on, as keyEntry does: Fyne's
// buttons keep every key they have the focus for, so Escape would not close
// a dialog once Tab has reached one of its buttons.
type escapeButton struct {
	widget.Button
	onEscape func()
}

func newEscapeButton(label string, icon fyne.Resource, tapped func()) *escapeButton {
	b := &escapeButton{}
	b.Text = label
	b.Icon = icon
	b.OnTapped = tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey passes Escape on and handles every other key as a button does.
func (b *escapeButton) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && b.onEscape != nil {
		b.onEscape()
		return
	}
	b.Button.TypedKey(ev)
}
