package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/words"
)

// saveFirstKey stores the key typed or pasted in the first-run view and
// tests it at once.
func (m *MainWindow) saveFirstKey(raw string) {
	key, err := apiclient.NormalizeKey(raw)
	if err != nil {
		// The words never repeat the text.
		m.firstRun.setProblem(words.Input(err))
		m.firstRun.focus()
		return
	}
	fromClipboard := m.clip.holdsKey(key)
	m.firstRun.setBusy(words.SavingKey())
	name := m.name
	m.keychainCall(func(ctx context.Context) error {
		// Not over a key saved meanwhile by another OnceKey window or
		// script: that one may be the only copy of a key that works.
		_, err := m.keys.Save(ctx, name, key, false)
		return err
	}, func(err error) {
		m.firstRun.setBusy("")
		var taken *keys.NameTakenError
		if errors.As(err, &taken) {
			m.showNote(toneWarning, words.SavedMeanwhile())
			m.loadKey()
			return
		}
		if err != nil && !keys.IsListError(err) {
			m.showStoreProblem(err, m.firstRun.onSave)
			return
		}
		m.firstRun.reset()
		m.keyView.result.clear()
		m.problem.hide()
		m.showKeyView()
		m.reportListError(err)
		m.startTest()
		if fromClipboard {
			m.offerClipboardClear(key, words.ClipboardStillHoldsNote())
		}
	})
}

// offerClipboardClear shows text with a button that clears the clipboard if
// it still holds key.
func (m *MainWindow) offerClipboardClear(key, text string) {
	m.showNote(toneSuccess, text, bannerButton{label: words.ButtonClearClipboard(), name: "Clear clipboard", importance: widget.HighImportance, onTapped: func() {
		m.clip.clearKey(key)
		m.keyView.setCopyNote("")
		m.notice.hide()
	}})
}

func (m *MainWindow) reportListError(err error) {
	if keys.IsListError(err) {
		m.showNote(toneWarning, words.ListNotWritten())
	}
}
