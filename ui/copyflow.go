package ui

import "github.com/oncekey/oncekey/words"

// copyKey puts the key on the clipboard, to be cleared after the delay
// chosen in Settings.
func (m *MainWindow) copyKey() {
	if _, _, secret := m.current(); secret != "" {
		m.copiedName = m.name
		m.clip.copy(secret, m.settings.clearDelay())
	}
}

// copyRequestID copies the Request-Id, which support asks for (never the key).
func (m *MainWindow) copyRequestID(id string) {
	if id == "" {
		return
	}
	m.clip.setOther(id)
	m.keyView.setCopyNote(words.RequestIDCopied())
}

func (m *MainWindow) toggleReveal() {
	_, _, secret := m.current()
	if secret == "" {
		return
	}
	m.keyView.toggleRevealed(secret, m.ending())
}
