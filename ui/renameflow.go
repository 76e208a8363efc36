package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
	"github.com/oncekey/oncekey/words"
)

// This file wires the Rename dialog to the key manager: the new name is
// checked as it is typed against the manager's list, the key is renamed
// off the UI goroutine, and the window then shows it under its new name.

func (m *MainWindow) openRename() {
	if m.rename != nil || m.view != viewKey || m.closed || !m.controls().Remove {
		return
	}
	old := m.name
	d := newRenameDialog(old, renameCallbacks{
		OnCheckName: func(name string) error { return m.checkRename(old, name) },
		OnSubmit:    func(d *renameDialog, name string) { m.renameKey(d, old, name) },
		OnCancel:    m.cancelRename,
		OnClosed: func(d *renameDialog) {
			if m.rename == d {
				m.rename = nil
			}
		},
		Focus: func(o fyne.Focusable) { m.win.Canvas().Focus(o) },
	}, m.win)
	m.rename = d
	m.showDialog(d.dialog)
	m.refreshControls()
	// As for Add key: focus once the event that opened the dialog is
	// handled, so a Space that pressed Rename is not typed into the name.
	m.do(func() {
		if m.rename == d {
			d.focus()
		}
	})
}

// checkRename says whether the key called old may take name, by the key
// manager's rules: a valid name, not another key's ignoring case. The
// key's own name in other letter case is allowed. It reads only the
// manager's list, so it is cheap enough for every keystroke.
func (m *MainWindow) checkRename(old, name string) error {
	if err := keystore.ValidateName(name); err != nil {
		return err
	}
	listed, err := m.keys.Resolve(name)
	if err != nil {
		return err
	}
	if _, ok := m.keys.Key(listed); ok && listed != old {
		return &keys.NameTakenError{Name: listed}
	}
	return nil
}

// renameKey checks the new name once more and renames the key.
func (m *MainWindow) renameKey(d *renameDialog, old, name string) {
	if m.testing() || m.pending > 0 {
		return
	}
	if err := m.checkRename(old, name); err != nil {
		d.setProblem(words.NameProblem(err))
		return
	}
	d.setBusy(words.Renaming())
	m.renameTo(old, name, d)
}

// renameTo renames the key called old to name; d is the open dialog, or nil
// for a retry from the banner.
func (m *MainWindow) renameTo(old, name string, d *renameDialog) {
	m.keychainCall(func(ctx context.Context) error {
		return m.keys.Rename(ctx, old, name)
	}, func(err error) {
		open := d != nil && !d.isClosed()
		if open {
			d.setBusy("")
		}
		var taken *keys.NameTakenError
		var gone *keys.GoneError
		var unusable *keys.ListUnusableError
		switch {
		case err == nil || keys.IsListError(err):
			if open {
				d.dismiss()
			}
			m.renamed(old, name)
			m.showNote(toneSuccess, words.RenamedHere(old, name))
			m.reportListError(err)
		case errors.As(err, &taken) || keystore.KindOf(err) == keystore.Invalid:
			// Another OnceKey window or script took the name first.
			if open {
				d.setProblem(words.NameProblem(err))
				d.focus()
			} else {
				m.showNote(toneWarning, words.NameProblem(err))
			}
		case errors.As(err, &gone):
			if open {
				d.dismiss()
			}
			m.showNote(toneWarning, words.RenameChangedMeanwhile())
			m.followList()
		case errors.As(err, &unusable):
			if open {
				d.dismiss()
			}
			m.problem.show(toneWarning, words.ListUnusable(err), bannerButton{
				label: words.ButtonTryAgain(), name: "Try again", importance: widget.HighImportance,
				onTapped: func() { m.renameTo(old, name, nil) },
			})
		default:
			if open {
				d.dismiss()
			}
			m.showStoreProblem(err, func() { m.renameTo(old, name, nil) })
		}
	})
}

// renamed follows a key from its old name to its new one, renamed here or
// by another OnceKey process: the selection, the copy note and the note
// editor go with it, and its result stays.
func (m *MainWindow) renamed(old, name string) {
	if m.copiedName == old {
		m.copiedName = name
	}
	if m.testName == old {
		m.testName = name
	}
	if m.noteFor == old {
		m.noteFor = name
	}
	if m.name != old {
		m.refreshList()
		return
	}
	m.name = name
	if _, listed := m.keys.Key(name); !listed {
		// Only the list could not say so: the keychain tells.
		m.loadKey()
		return
	}
	if _, cached := m.keys.Cached(name); !cached {
		m.loadKey()
		return
	}
	m.showKeyView()
}

// renamedElsewhere finds the key shown under a new name, once its name is
// no longer listed: the one listed key with its ending and date saved.
func (m *MainWindow) renamedElsewhere() (string, bool) {
	shown := m.shown
	if shown.Name != m.name || shown.Ending == "" || !shown.AgeKnown() {
		return "", false
	}
	found := ""
	for _, k := range m.keys.Keys() {
		if k.Ending == shown.Ending && k.SavedAt.Equal(shown.SavedAt) {
			if found != "" {
				return "", false // two could be it: say nothing
			}
			found = k.Name
		}
	}
	return found, found != ""
}

func (m *MainWindow) cancelRename(d *renameDialog) {
	if d.isSaving() {
		// Stop waiting for the keychain; its answer then closes the dialog
		// and the banner says nothing was changed.
		m.keys.CancelKeychain()
		return
	}
	d.dismiss()
}
