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
	ending := m.ending()
	d := newRemoveDialog(words.RemoveQuestion(ending, m.keys.Where()), func() { m.removeKey(ending) }, m.win)
	m.showDialog(d.dialog)
}

// removeKey removes the key ending in ending (the one the question named)
// from the keychain and the list of keys.
func (m *MainWindow) removeKey(ending string) {
	m.keyView.setStatus(words.RemovingKey)
	name := m.name
	m.keychainCall(func(ctx context.Context) error {
		return m.keys.RemoveKnown(ctx, name, ending)
	}, func(err error) {
		m.keyView.setStatus("")
		var gone *keys.GoneError
		switch {
		case m.changedMeanwhile(err):
			return
		case err != nil && !errors.As(err, &gone) && !keys.IsListError(err):
			m.showStoreProblem(err, func() { m.removeKey(ending) }, nil)
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
