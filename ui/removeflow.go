package ui

import (
	"context"
	"errors"

	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/words"
)

func (m *MainWindow) openRemove() {
	if !m.controls().Remove {
		return
	}
	d := newRemoveDialog(words.RemoveQuestion(m.ending(), m.keys.Where()), m.removeKey, m.win)
	m.showDialog(d.dialog)
}

// removeKey removes the key from the keychain and the list of keys.
func (m *MainWindow) removeKey() {
	ending := m.ending()
	m.keyView.setStatus(words.RemovingKey)
	name := m.name
	m.keychainCall(func(ctx context.Context) error {
		return m.keys.Remove(ctx, name)
	}, func(err error) {
		m.keyView.setStatus("")
		var gone *keys.GoneError
		if err != nil && !errors.As(err, &gone) && !keys.IsListError(err) {
			m.showStoreProblem(err, m.removeKey, nil)
			return
		}
		// Only OnceKey's own copy goes: the key keeps working in OnceHub,
		// and an admin's own copy of it is theirs.
		m.clip.clearIfOurs()
		m.keyView.setCopyNote("")
		m.firstRun.reset()
		m.showFirstRun()
		m.showNote(toneNeutral, words.RemovedNote(ending))
		m.reportListError(err)
	})
}
