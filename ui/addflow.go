package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
	"github.com/oncekey/oncekey/words"
)

// This file wires the Add key dialog to the key manager: the name is
// checked as it is typed, the key is stored under it off the UI goroutine,
// then shown and tested at once, as on first run.

func (m *MainWindow) openAddKey() {
	if m.add != nil || m.view != viewKey || m.closed {
		return
	}
	d := newAddKeyDialog(addKeyCallbacks{
		// The manager's check reads only its list: cheap enough for every
		// keystroke.
		OnCheckName:    func(name string) error { return m.keys.CheckSave(name, false) },
		OnSubmit:       m.addKey,
		OnCancel:       m.cancelAddKey,
		OnOpenKeysPage: m.openKeysPage,
		OnChanged:      m.warmSoon,
		Paste:          func() string { return m.app.Clipboard().Content() },
		Focus:          func(o fyne.Focusable) { m.win.Canvas().Focus(o) },
		OnClosed: func(d *addKeyDialog) {
			if m.add == d {
				m.add = nil
			}
		},
	}, m.win)
	switch list := m.keys.Keys(); {
	case len(list) >= keys.MaxKeys:
		d.setFull(words.ListFullHere(keys.MaxKeys))
	case len(list) == 1 && list[0].Name == keystore.DefaultName:
		// Two keys are told apart by name: the first may have kept the
		// name it was saved under before there were names to choose.
		d.setNote(words.AddKeyRenameFirst(keystore.DefaultName))
	}
	m.add = d
	m.showDialog(d.dialog)
	m.refreshControls()
	// As for Replace: focus only once the event that opened the dialog is
	// handled, so a Space that pressed Add key is not typed into the name.
	m.do(func() {
		if m.add == d && !d.full {
			d.focusName()
		}
	})
}

// addKey checks what the dialog holds and saves it.
func (m *MainWindow) addKey(d *addKeyDialog, name, raw string) {
	if m.testing() || m.pending > 0 {
		return
	}
	key, err := apiclient.NormalizeKey(raw)
	if err != nil {
		// The words never repeat the text.
		d.setKeyProblem(words.Input(err))
		d.focusKey()
		return
	}
	if err := m.keys.CheckSave(name, false); err != nil {
		d.setNameProblem(words.NameProblem(err))
		return
	}
	d.setBusy(words.SavingKey())
	m.saveNewKey(name, key, m.clip.holdsKey(key), d)
}

// saveNewKey stores key under name, never over a key saved there; d is the
// open dialog, or nil for a retry from the banner.
func (m *MainWindow) saveNewKey(name, key string, fromClipboard bool, d *addKeyDialog) {
	m.keychainCall(func(ctx context.Context) error {
		_, err := m.keys.Save(ctx, name, key, false)
		return err
	}, func(err error) {
		open := d != nil && !d.isClosed()
		if open {
			d.setBusy("")
		}
		var taken *keys.NameTakenError
		var limit *keys.LimitError
		switch {
		case errors.As(err, &taken) || errors.As(err, &limit):
			// Another OnceKey window or script was quicker.
			if open {
				d.setNameProblem(words.NameProblem(err))
				d.focusName()
			} else {
				m.showNote(toneWarning, words.NameProblem(err))
			}
			return
		case err != nil && !keys.IsListError(err):
			if open {
				d.dismiss()
			}
			m.showStoreProblem(err, func() { m.saveNewKey(name, key, fromClipboard, nil) })
			return
		}
		if open {
			d.dismiss()
		}
		m.keyAdded(name, key, fromClipboard)
		m.reportListError(err)
	})
}

// keyAdded shows the new key, chosen in the list, and tests it at once.
func (m *MainWindow) keyAdded(name, key string, fromClipboard bool) {
	m.problem.hide()
	m.switchTo(name)
	m.startTest()
	if fromClipboard {
		m.offerClipboardClear(key, words.AddedNote(name)+" "+words.ClipboardStillHoldsNote())
	}
}

func (m *MainWindow) cancelAddKey(d *addKeyDialog) {
	if d.isSaving() {
		// Stop waiting for the keychain; its answer then closes the dialog
		// and the banner says nothing was changed.
		m.keys.CancelKeychain()
		return
	}
	d.dismiss()
}
