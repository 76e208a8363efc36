package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// onTypedKey handles keys typed while no entry has the focus: Enter tests
// (or saves, in the first-run view), Escape closes the top dialog, Up and
// Down choose the key above or below in the list of keys.
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
	}
}

// testShortcut is Ctrl+T (Cmd+T): it tests the key shown, as Test does,
// never all of them.
var testShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyT, Modifier: fyne.KeyModifierShortcutDefault}

// onTestShortcut tests the key shown, unless a dialog is open.
func (m *MainWindow) onTestShortcut() {
	if len(m.dialogs) == 0 && m.view == viewKey {
		m.startTest()
	}
}

// onCopyShortcut copies the key on Ctrl+C (Cmd+C), which reaches the window
// only when no focused widget took it, so selected text is copied as usual.
func (m *MainWindow) onCopyShortcut() {
	if len(m.dialogs) == 0 && m.view == viewKey {
		m.copyKey()
	}
}
