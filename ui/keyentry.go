package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/words"
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
	e.PlaceHolder = words.PlaceholderKey()
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
	keyButton
	onHover func()
}

func newHoverButton(label string, icon fyne.Resource, tapped, hover func(), onKey func(*fyne.KeyEvent)) *hoverButton {
	b := &hoverButton{keyButton: keyButton{onKey: onKey}, onHover: hover}
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

// keyButton is a button that hands on every key but Space and Enter, which
// press it: Fyne's buttons keep every key while they have the focus, so
// once Tab had reached one, Escape, F1, Delete and Up and Down did nothing
// until a click, and Enter nothing at all. onKey gets the keys (nil: the
// button keeps them).
type keyButton struct {
	widget.Button
	onKey func(*fyne.KeyEvent)
}

func newKeyButton(label string, icon fyne.Resource, tapped func(), onKey func(*fyne.KeyEvent)) *keyButton {
	b := &keyButton{onKey: onKey}
	b.Text = label
	b.Icon = icon
	b.OnTapped = tapped
	b.ExtendBaseWidget(b)
	return b
}

// newDialogButton is a button of a dialog, which Escape closes (onEscape)
// while the button has the keyboard, as it does from the dialog's fields.
func newDialogButton(onEscape func(), label string, icon fyne.Resource, tapped func()) *keyButton {
	return newKeyButton(label, icon, tapped, escapeTo(onEscape))
}

// escapeTo is a button's onKey that calls onEscape on Escape.
func escapeTo(onEscape func()) func(*fyne.KeyEvent) {
	return func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyEscape {
			onEscape()
		}
	}
}

// TypedKey presses the button on Space or Enter, and hands every other key
// on.
func (b *keyButton) TypedKey(ev *fyne.KeyEvent) {
	switch {
	case ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter:
		// Fyne's button presses on Space alone.
		b.Button.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	case ev.Name == fyne.KeySpace || b.onKey == nil:
		b.Button.TypedKey(ev)
	default:
		b.onKey(ev)
	}
}
