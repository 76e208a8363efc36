package ui

import (
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/words"
)

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
			buttons = append(buttons, bannerButton{label: words.ButtonKeepForSession(), name: "Keep for this session only", onTapped: func() {
				m.keys.UseSessionStore()
				m.problem.hide()
				m.updateWhere()
				then()
			}})
		}
	}
	if p.OfferRetry && retry != nil {
		buttons = append(buttons, bannerButton{label: words.ButtonTryAgain(), name: "Try again", importance: widget.HighImportance, onTapped: retry})
	}
	if p.OfferMemory {
		// "The key will be stored in your keyring" would contradict the
		// banner above it.
		m.firstRun.setWhere(words.NoFileNote())
	}
	m.problem.show(p.Tone, p.Text, buttons...)
}
