package ui

import (
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/words"
)

// onEvent follows the key manager: keychain waits, and keys changed by
// this window's own flows or by another OnceKey process.
func (m *MainWindow) onEvent(e keys.Event) {
	if m.closed {
		return
	}
	switch e.Kind {
	case keys.KeychainWaiting:
		// The event may arrive after the call it is about has ended.
		if m.pending == 0 || !m.keys.KeychainWaiting() {
			return // another program's call (the list watcher's): not ours to show
		}
		m.waiting = true
		m.problem.showBusy(words.KeychainWaitNote(), bannerButton{label: words.ButtonCancel(), name: "Cancel", onTapped: m.keys.CancelKeychain})
		if m.rotate != nil {
			m.rotate.keychainWaiting()
		}
	case keys.KeychainAnswered:
		if m.waiting {
			m.waiting = false
			m.problem.hide()
		}
	case keys.KeysChanged:
		m.followList()
	case keys.StoreChanged:
		m.updateWhere()
	case keys.TestFinished:
		if e.Name == m.name && m.view == viewKey {
			m.loadHistory() // the test is in the history now
		}
	}
}
