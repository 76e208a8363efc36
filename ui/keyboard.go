package ui

import (
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/oncekey/oncekey/words"
)

// The window's keyboard. Every shortcut calls what its button calls, and
// only when that button could be pressed: in the main view, with no dialog
// over it, and with the button enabled (controls), so that a shortcut
// never starts what a flow under way has disabled. Help (F1) lists them.

// onMac is whether the window runs on macOS, whose shortcuts use Cmd for
// Ctrl, and Cmd+Backspace (the Mac's delete key) for Delete.
var onMac = runtime.GOOS == "darwin"

var (
	// testShortcut is Ctrl+T (Cmd+T): it tests the key shown, as Test
	// does, never all of them.
	testShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyT, Modifier: fyne.KeyModifierShortcutDefault}
	// rotateShortcut is Ctrl+R (Cmd+R), Rotate.
	rotateShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierShortcutDefault}
	// addShortcut is Ctrl+N (Cmd+N), Add key.
	addShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}
	// removeShortcut is the Mac's Cmd+Backspace, which it calls
	// Command-Delete: Remove. Elsewhere Delete, a typed key, removes.
	removeShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyBackspace, Modifier: fyne.KeyModifierShortcutDefault}
)

// addShortcuts gives the window its shortcuts; mac adds the Mac's own for
// Remove. A shortcut reaches the window only when the widget with the
// keyboard does not take it: an entry keeps Ctrl+C for its own text, and
// its other keys.
func (m *MainWindow) addShortcuts(mac bool) {
	c := m.win.Canvas()
	c.AddShortcut(&fyne.ShortcutCopy{}, func(fyne.Shortcut) { m.onCopyShortcut() })
	c.AddShortcut(testShortcut, func(fyne.Shortcut) { m.onTestShortcut() })
	c.AddShortcut(rotateShortcut, func(fyne.Shortcut) { m.onRotateShortcut() })
	c.AddShortcut(addShortcut, func(fyne.Shortcut) { m.onAddShortcut() })
	if mac {
		c.AddShortcut(removeShortcut, func(fyne.Shortcut) { m.onRemoveShortcut() })
	}
}

// onTypedKey handles keys typed while no widget has the focus, and those
// the list of keys hands on: Enter tests (or saves, in the first-run view),
// Escape closes the top dialog, Up and Down choose the key above or below
// in the list of keys, Delete asks to remove the key shown, F1 shows Help.
func (m *MainWindow) onTypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		n := len(m.dialogs)
		if n == 0 {
			return
		}
		if m.rotate != nil && m.dialogs[n-1] == m.rotate.dialog {
			m.rotate.onCancel()
			return
		}
		if m.add != nil && m.dialogs[n-1] == m.add.dialog {
			m.add.onCancel()
			return
		}
		if m.rename != nil && m.dialogs[n-1] == m.rename.dialog {
			m.rename.onCancel()
			return
		}
		if m.testAll != nil && m.dialogs[n-1] == m.testAll.dialog.dialog {
			m.cancelTestAll()
			return
		}
		m.dialogs[n-1].Dismiss()
	case fyne.KeyUp, fyne.KeyDown:
		if len(m.dialogs) > 0 {
			return
		}
		if ev.Name == fyne.KeyUp {
			m.moveSelection(-1)
		} else {
			m.moveSelection(1)
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if n := len(m.dialogs); n > 0 {
			if m.rotate != nil && m.dialogs[n-1] == m.rotate.dialog {
				m.rotate.onTest()
			}
			return // never confirm a removal by a stray Enter
		}
		switch m.view {
		case viewKey:
			m.startTest()
		case viewFirstRun:
			m.firstRun.onSave()
		}
	case fyne.KeyDelete:
		m.onRemoveShortcut()
	case fyne.KeyF1:
		m.openHelp()
	}
}

// unfocus takes the keyboard from o if it has it, for a widget going out
// of sight: Fyne leaves the keyboard with a hidden widget, which then keeps
// every key and shortcut from the window.
//
// While a dialog is open, the canvas reports the dialog's focus, not the
// window's, so the widget is remembered until the last dialog closes.
func (m *MainWindow) unfocus(o fyne.Focusable) {
	if len(m.dialogs) > 0 {
		m.unfocusAfterDialogs = append(m.unfocusAfterDialogs, o)
		return
	}
	if c := m.win.Canvas(); c.Focused() == o {
		c.Unfocus()
	}
}

// mainViewFree reports whether the main view's shortcuts may act: it shows,
// and no dialog is open over it.
func (m *MainWindow) mainViewFree() bool {
	return len(m.dialogs) == 0 && m.view == viewKey && !m.closed
}

// onTestShortcut tests the key shown, as Test does.
func (m *MainWindow) onTestShortcut() {
	if m.mainViewFree() && m.controls().Test {
		m.startTest()
	}
}

// onCopyShortcut copies the key on Ctrl+C (Cmd+C), which reaches the window
// only when no focused widget took it, so selected text is copied as usual.
func (m *MainWindow) onCopyShortcut() {
	if m.mainViewFree() && m.controls().Copy {
		m.copyKey()
	}
}

// onRotateShortcut opens Rotate, as its button does.
func (m *MainWindow) onRotateShortcut() {
	if m.mainViewFree() && m.controls().Rotate {
		m.openRotate()
	}
}

// onAddShortcut opens Add key, as its button does, which is never
// disabled: with OnceHub's 25 keys saved, the dialog says so.
func (m *MainWindow) onAddShortcut() {
	if m.mainViewFree() {
		m.openAddKey()
	}
}

// onRemoveShortcut asks to remove the key shown, as Remove does, when the
// keyboard is with the list of keys, one of the window's buttons or no
// widget: never from a field being typed in, which keeps Delete (and does
// not hand it on).
func (m *MainWindow) onRemoveShortcut() {
	if !m.mainViewFree() || !m.controls().Remove {
		return
	}
	switch f := m.win.Canvas().Focused(); f.(type) {
	case nil, *keyButton, *hoverButton:
	default:
		if f != fyne.Focusable(m.list.list) {
			return
		}
	}
	m.openRemove()
}

// openHelp shows the keyboard shortcuts, from the main view, where they
// work. Not over another dialog, whose keys are its own.
func (m *MainWindow) openHelp() {
	if !m.mainViewFree() {
		return
	}
	var d *helpDialog
	d = newHelpDialog(words.Shortcuts(onMac), func() {
		if m.help == d {
			m.help = nil
		}
	}, m.win)
	m.help = d
	m.showDialog(d.dialog)
}
