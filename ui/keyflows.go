package ui

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2/widget"

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
		m.refreshControls()
		done(err)
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
	if m.replace != nil {
		m.replace.applyControls(m.testing() || m.pending > 0)
	}
}

// updateWhere says where the key is kept, in both views.
func (m *MainWindow) updateWhere() {
	where := m.keys.Where()
	m.keyView.setWhere(words.Where(where))
	m.firstRun.setWhere(words.WhereBeforeSave(where))
}

func (m *MainWindow) showKeyView() {
	info, _, secret := m.current()
	m.keyView.showKey(secret, m.ending())
	if !m.keyView.result.shown {
		if o, ok := keys.OutcomeOf(info.LastTest); ok {
			m.keyView.result.show(o, info.LastTest.At, false, m.clock.Now())
		}
	}
	m.setView(viewKey, m.keyView.content)
	m.refreshControls()
}

func (m *MainWindow) showFirstRun() {
	m.keyView.result.clear()
	m.keyView.revealed = false
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
	name := m.name
	m.keychainCall(func(ctx context.Context) error {
		_, err := m.keys.Secret(ctx, name)
		return err
	}, func(err error) {
		m.keyView.setStatus("")
		switch {
		case err == nil || keys.IsListError(err):
			m.showKeyView()
		case keystore.IsNotFound(err):
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
// "oncekey remove" of the key shown).
func (m *MainWindow) followList() {
	if m.pending > 0 || m.testing() || m.closed {
		return // the flow under way shows its own result
	}
	info, listed, secret := m.current()
	switch m.view {
	case viewKey:
		switch {
		case !listed:
			m.loadKey() // gone elsewhere: the keychain says whether it still is
		case secret == "" || info.Ending != m.keyView.shownEnding:
			m.keyView.result.clear()
			m.loadKey()
		default:
			m.keyView.showKey(secret, m.ending())
		}
	case viewFirstRun:
		if listed && m.replace == nil {
			m.loadKey()
		}
	}
}

// ---- Saving ----

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
	m.firstRun.setBusy(words.SavingKey)
	name := m.name
	m.keychainCall(func(ctx context.Context) error {
		_, err := m.keys.Save(ctx, name, key, true)
		return err
	}, func(err error) {
		m.firstRun.setBusy("")
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
			m.offerClipboardClear(key, words.ClipboardStillHoldsNote)
		}
	})
}

// offerClipboardClear shows text with a button that clears the clipboard if
// it still holds key.
func (m *MainWindow) offerClipboardClear(key, text string) {
	m.showNote(toneSuccess, text, bannerButton{label: "Clear clipboard", importance: widget.HighImportance, onTapped: func() {
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

// ---- Testing ----

func (m *MainWindow) testing() bool { return m.testCancel != nil }

// startTest tests the key the main view shows, from the Test button or
// Enter. Only one test runs at a time.
func (m *MainWindow) startTest() {
	if m.view != viewKey || !m.controls().Test || m.closed {
		return
	}
	ctx, cancel := context.WithCancel(m.ctx)
	m.testCancel = cancel
	m.keyView.setTesting(true)
	m.refreshControls()
	name, ending := m.name, m.ending()
	var o apiclient.Outcome
	m.background(func(context.Context) error {
		var err error
		o, err = m.keys.Test(ctx, name)
		return err
	}, func(err error) {
		cancel()
		m.testCancel = nil
		m.keyView.setTesting(false)
		m.refreshControls()
		switch {
		case err != nil:
			m.showStoreProblem(err, m.startTest)
		case m.ending() == ending:
			// A key replaced or removed meanwhile has its own result.
			m.showOutcome(o, m.clock.Now())
		}
	})
}

// cancelTest stops the test in flight. The outcome still comes back, as
// Cancelled, and only then can another test start.
func (m *MainWindow) cancelTest() {
	if m.testCancel != nil {
		m.testCancel()
	}
}

// showOutcome shows a test of the key the main view shows.
func (m *MainWindow) showOutcome(o apiclient.Outcome, at time.Time) {
	if o.Kind == apiclient.RateLimited {
		m.pauseTests(o.RetryAfter)
	}
	m.keyView.result.show(o, at, true, m.clock.Now())
}

// pauseTests disables Test for d, as OnceHub asked, with a countdown.
func (m *MainWindow) pauseTests(d time.Duration) {
	if d <= 0 {
		return
	}
	m.retry.stop()
	m.retry = m.startCountdown(d,
		func(left time.Duration) { m.keyView.setRetry(words.RetryNote(left)) },
		func() {
			m.keyView.setRetry("")
			m.refreshControls()
		})
	m.refreshControls()
}

// ---- Copying and revealing ----

// copyKey puts the key on the clipboard, to be cleared after the delay
// chosen in Settings.
func (m *MainWindow) copyKey() {
	if _, _, secret := m.current(); secret != "" {
		m.clip.copy(secret, m.settings.clearDelay())
	}
}

// copyRequestID copies the Request-Id, which support asks for (never the key).
func (m *MainWindow) copyRequestID(id string) {
	if id == "" {
		return
	}
	m.clip.setOther(id)
	m.keyView.setCopyNote(words.RequestIDCopied)
}

func (m *MainWindow) toggleReveal() {
	_, _, secret := m.current()
	if secret == "" {
		return
	}
	m.keyView.revealed = !m.keyView.revealed
	m.keyView.showKey(secret, m.ending())
}

// ---- Removing ----

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
		m.showNote(toneNeutral, words.Removed(ending))
		m.reportListError(err)
	})
}

// ---- Keychain trouble ----

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
