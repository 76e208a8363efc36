package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2/widget"

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

// showStoreProblem shows a keychain error in the banner, with Try again
// (retry) and, where it fits and session is not nil, "Keep for this session
// only", which switches to a session-only store and then calls session.
func (m *MainWindow) showStoreProblem(err error, retry func(), session ...func()) {
	p := presentStoreError(err)
	var buttons []bannerButton
	if p.OfferMemory && !m.keys.SessionOnly() {
		then := retry
		if len(session) > 0 {
			then = session[0]
		}
		if then != nil {
			buttons = append(buttons, bannerButton{label: "Keep for this session only", onTapped: func() {
				m.keys.UseSessionStore()
				m.problem.hide()
				m.updateWhere()
				then()
			}})
		}
	}
	if p.OfferRetry && retry != nil {
		buttons = append(buttons, bannerButton{label: "Try again", importance: widget.HighImportance, onTapped: retry})
	}
	if p.OfferMemory {
		// "The key will be stored in your keyring" would contradict the
		// banner above it.
		m.firstRun.setWhere(words.NoFileNote)
	}
	m.problem.show(p.Tone, p.Text, buttons...)
}
