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
	info, _ := m.keys.Key(m.name)
	info.Name, info.Ending = m.name, ending
	question := words.RemoveQuestionOf(info, m.named(), m.keys.Where())
	d := newRemoveDialog(question, func() { m.removeKey(ending) }, m.win)
	m.showDialog(d.dialog)
}

// removeKey removes the key ending in ending (the one the question named)
// from the keychain and the list of keys. With other keys left, the next
// one (else the one before) is shown.
func (m *MainWindow) removeKey(ending string) {
	m.keyView.setStatus(words.RemovingKey())
	name, named := m.name, m.named()
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
		// Only OnceKey's own copy of this key goes: the key keeps working
		// in OnceHub, an admin's own copy of it is theirs, and another key
		// copied is still wanted.
		if m.copiedName == name {
			m.clip.clearIfOurs()
		}
		m.keyView.setCopyNote("")
		note := words.RemovedNote(ending)
		if named {
			note = words.RemovedNamedNote(name, ending)
		}
		if next, ok := m.neighbour(name); ok {
			m.switchTo(next)
		} else {
			m.firstRun.reset()
			m.showFirstRun()
		}
		m.showNote(toneNeutral, note)
		m.reportListError(err)
	})
}
