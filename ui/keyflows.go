package ui

import (
	"context"
	"errors"
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
	"github.com/oncekey/oncekey/words"
)

// This file wires the views' callbacks to the key manager: each callback
// starts one of the manager's flows off the UI goroutine and shows what it
// returns. The flows themselves live in package keys.

// flowGrace is how long the program waits, after the window closed, for a
// flow that is writing the list of keys.
const flowGrace = 2 * time.Second

// background runs call off the UI goroutine and done on it.
func (m *MainWindow) background(call func(ctx context.Context) error, done func(error)) {
	ctx := m.ctx
	m.flows.Add(1)
	go func() {
		defer m.flows.Done()
		err := call(ctx)
		m.do(func() { done(err) })
	}()
}

// keychainCall is background for a flow that talks to the keychain: while
// it runs, nothing else may change the keychain, and a long wait shows in
// the banner (the manager's KeychainWaiting event).
func (m *MainWindow) keychainCall(call func(ctx context.Context) error, done func(error)) {
	m.pending++
	m.problem.hide()
	m.refreshControls()
	m.background(call, func(err error) {
		m.pending--
		if m.waiting && !m.keys.KeychainWaiting() {
			// A late KeychainWaiting may have shown the banner after its
			// call was answered.
			m.waiting = false
			m.problem.hide()
		}
		m.refreshControls()
		done(err)
		m.catchUp()
	})
}

// current is the key the main view shows, and its secret when it has been
// read.
func (m *MainWindow) current() (info keys.Key, listed bool, secret string) {
	info, listed = m.keys.Key(m.name)
	secret, _ = m.keys.Cached(m.name)
	return info, listed, secret
}

// ending is the last 4 characters of the key the main view shows.
func (m *MainWindow) ending() string {
	info, _, secret := m.current()
	if secret != "" {
		return apiclient.Ending(secret)
	}
	return info.Ending
}

// controls says which of the main view's buttons work now.
func (m *MainWindow) controls() controls {
	_, _, secret := m.current()
	return controlsFor(viewState{
		HaveKey:      secret != "",
		Testing:      m.testing(),
		RateLimited:  m.retry.running(),
		KeychainBusy: m.pending > 0,
	})
}

func (m *MainWindow) refreshControls() {
	m.keyView.applyControls(m.controls())
	if m.rotate != nil {
		m.rotate.applyControls(m.controls(), m.testing() || m.pending > 0)
	}
	if m.add != nil {
		m.add.applyControls(m.testing() || m.pending > 0)
	}
	if m.rename != nil {
		m.rename.setFlowBusy(m.testing() || m.pending > 0)
	}
	setEnabled(m.testAllB, !m.testing() && m.pending == 0)
}

// updateWhere says where the key is kept, in both views.
func (m *MainWindow) updateWhere() {
	where := m.keys.Where()
	m.keyView.setWhere(words.Where(where))
	m.firstRun.setWhere(words.WhereBeforeSave(where))
}

func (m *MainWindow) showKeyView() {
	info, _, secret := m.current()
	m.showTitle()
	m.keyView.showKey(secret, m.ending())
	m.shown = info
	m.showNoteOf(info)
	m.showAge()
	m.showRotationLine()
	if !m.keyView.result.isShown() {
		if o, ok := keys.OutcomeOf(info.LastTest); ok {
			m.keyView.result.show(o, info.LastTest.At, false, m.clock.Now())
		}
	}
	m.setView(viewKey, m.keyScreen())
	m.refreshList()
	m.refreshControls()
	if m.historyFor != m.name+"\x00"+m.ending() {
		// Another key: its tests, not the last one's, while they are read.
		m.historyFor = m.name + "\x00" + m.ending()
		m.keyView.result.setHistory(nil)
	}
	m.loadHistory()
}

// loadHistory reads the shown key's last tests for Details, off the UI
// goroutine: it is a file, which another OnceKey process may be writing.
func (m *MainWindow) loadHistory() {
	name, ending := m.name, m.ending()
	m.historyReads++
	read := m.historyReads
	var entries []keystore.HistoryEntry
	m.background(func(context.Context) error {
		var err error
		entries, err = m.keys.History(name)
		return err
	}, func(error) {
		if m.closed || m.name != name || read != m.historyReads {
			return // another key shown meanwhile, or a newer read under way
		}
		rows := make([]historyRow, 0, len(entries))
		for _, e := range entries {
			if e.Ending != ending {
				// Another key once saved under this name (before a
				// rotation, or one removed): not this key's tests.
				continue
			}
			rows = append(rows, historyRow{When: words.HistoryWhen(e.At, m.zone), From: words.HistoryFrom(e.From), Outcome: words.HistoryOutcome(e)})
		}
		m.keyView.result.setHistory(rows)
	})
}

func (m *MainWindow) showFirstRun() {
	// The first key saved takes the first key's name, whichever key was
	// shown last.
	m.name = keystore.DefaultName
	m.noteFor = ""
	m.keyView.result.clear()
	m.keyView.conceal()
	m.setView(viewFirstRun, m.firstRun.content)
	m.firstRun.focus()
}

// loadKey reads the key from the keychain.
func (m *MainWindow) loadKey() {
	_, listed := m.keys.Key(m.name)
	if listed {
		m.showKeyView()
		m.keyView.setStatus(words.Reading(m.keys.Where(), true))
	} else {
		m.loadText.SetText(words.Reading(m.keys.Where(), false))
		m.setView(viewLoading, m.loading)
	}
	name, rebuild := m.name, !m.rebuilt
	rebuilt := false
	m.reads++
	m.keychainCall(func(ctx context.Context) error {
		// Once a session, keys the list lost (a damaged or deleted list)
		// are listed again first; a failure here is the read's to report.
		if rebuild {
			_, err := m.keys.Rebuild(ctx)
			rebuilt = err == nil
		}
		_, err := m.keys.Secret(ctx, name)
		return err
	}, func(err error) {
		m.reads--
		m.rebuilt = m.rebuilt || rebuilt
		if name != m.name {
			return // the admin chose another key meanwhile: its own read shows it
		}
		m.keyView.setStatus("")
		switch {
		case err == nil || keys.IsListError(err):
			m.showKeyView()
			m.reportListError(err)
		case keystore.IsNotFound(err):
			if next, ok := m.neighbour(name); ok {
				// Gone from the keychain (removed elsewhere): show another.
				m.switchTo(next)
				return
			}
			m.showFirstRun()
		default:
			if !listed {
				m.showFirstRun()
			}
			m.showStoreProblem(err, m.loadKey, func() {
				m.keys.UseSessionStore()
				m.showFirstRun()
			})
		}
	})
}

// followList brings the window up to date after the list of keys changed,
// here or in another OnceKey process (a script's "oncekey set" or
// "oncekey remove" of the key shown). While a flow is under way it only
// notes the change; the flow's end looks again (catchUp).
func (m *MainWindow) followList() {
	if m.closed {
		return
	}
	// The list's rows are only the list's facts: they follow at once.
	m.refreshList()
	if m.pending > 0 || m.testing() {
		m.listStale = true
		return
	}
	m.listStale = false
	info, listed, secret := m.current()
	if !listed && m.view == viewFirstRun && m.rotate == nil {
		// Another process saved a key under another name than the first
		// key's: show it.
		if list := m.keys.Keys(); len(list) > 0 {
			m.name = list[0].Name
			info, listed, secret = m.current()
		}
	}
	switch m.view {
	case viewKey:
		switch {
		case !listed:
			if to, ok := m.renamedElsewhere(); ok {
				old := m.name
				m.renamed(old, to)
				m.showNote(toneNeutral, words.RenamedElsewhere(old, to))
				return
			}
			m.loadKey() // gone elsewhere: the keychain says whether it still is
		case info.Ending != m.keyView.showingEnding():
			m.keyView.result.clear()
			m.loadKey()
		case secret == "":
			m.loadKey() // the secret read here is not the one listed now
		default:
			m.keyView.showKey(secret, m.ending())
			m.showTitle()
			m.shown = info
			m.showNoteOf(info)
			m.showAge()
			m.showRotationLine()
			m.refreshControls()
		}
	case viewFirstRun:
		if listed && m.rotate == nil {
			m.loadKey()
		}
	}
}

// catchUp follows a change to the list that came while a flow was under way.
func (m *MainWindow) catchUp() {
	if m.listStale {
		m.followList()
	}
}

// changedMeanwhile reports err when it says another OnceKey process changed
// the key shown before a Rotate or Remove could act on it: the window says
// so and shows the key as it is now.
func (m *MainWindow) changedMeanwhile(err error) bool {
	var changed *keys.ChangedError
	if !errors.As(err, &changed) {
		return false
	}
	m.showNote(toneWarning, words.ChangedMeanwhile())
	m.loadKey()
	return true
}
