package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/words"
)

// This file wires the Replace dialog to the key manager: the new key is
// tested first, and only then stored in the old one's place; the old key
// stays stored until the new one is.

func (m *MainWindow) openReplace() {
	if !m.controls().Replace {
		return
	}
	d := newReplaceDialog(words.ReplaceIntro(m.ending()), m.ending(), replaceCallbacks{
		OnTest:      m.testCandidate,
		OnSave:      m.storeCandidate,
		OnCancel:    m.cancelReplace,
		OnHoverTest: m.warmSoon,
		OnChanged:   m.warmSoon,
		Paste:       func() string { return m.app.Clipboard().Content() },
		Focus:       func(o fyne.Focusable) { m.win.Canvas().Focus(o) },
		OnClosed: func(d *replaceDialog) {
			if m.replace == d {
				m.replace = nil
			}
		},
	}, m.win)
	m.replace = d
	m.showDialog(d.dialog)
	m.refreshControls()
	// Focus the entry only after the event that opened the dialog is fully
	// handled (fyne.Do queues even on the UI goroutine): a Space that
	// pressed Replace would otherwise also be typed into the new key's entry.
	m.do(func() {
		if m.replace == d {
			m.win.Canvas().Focus(d.entry)
		}
	})
}

// testCandidate checks and tests the new key; a key that works is stored at once.
func (m *MainWindow) testCandidate(d *replaceDialog, raw string) {
	if m.testing() || m.pending > 0 {
		return
	}
	key, err := apiclient.NormalizeKey(raw)
	if err != nil {
		d.setProblem(words.Input(err))
		return
	}
	if _, _, secret := m.current(); key == secret {
		d.setProblem(words.SameKeyAgain)
		return
	}
	ctx, cancel := context.WithCancel(m.ctx)
	m.testCancel = cancel
	d.startTest(words.TestingNew)
	m.refreshControls()
	var o apiclient.Outcome
	m.background(func(context.Context) error {
		var err error
		o, err = m.keys.TestKey(ctx, key)
		return err
	}, func(error) {
		cancel()
		m.testCancel = nil
		m.refreshControls()
		if d.isClosed() {
			m.catchUp()
			return // cancelled by closing: nothing is stored
		}
		at := m.clock.Now()
		if o.Kind == apiclient.RateLimited {
			m.pauseTests(o.RetryAfter)
		}
		d.tested(key, o, at)
		if o.Kind == apiclient.Works {
			m.storeCandidate(d)
			return
		}
		d.showCandidate(presentCandidate(o, at), offerSaveAnyway(o.Kind))
	})
}

// storeCandidate puts the tested key in the old one's place.
func (m *MainWindow) storeCandidate(d *replaceDialog) {
	key, o, at := d.testedKey()
	if key == "" {
		return
	}
	fromClipboard := m.clip.holdsKey(key)
	d.setBusy(words.SavingNewKey)
	m.saveReplacement(key, d.replacingEnding(), o, at, fromClipboard, d)
}

// saveReplacement stores key in place of the key shown, the one ending in
// old; d is the open dialog, or nil for a retry from the banner.
func (m *MainWindow) saveReplacement(key, old string, o apiclient.Outcome, at time.Time, fromClipboard bool, d *replaceDialog) {
	name := m.name
	m.keychainCall(func(ctx context.Context) error {
		_, err := m.keys.ReplaceKnown(ctx, name, key, old)
		if err == nil || keys.IsListError(err) {
			if rerr := m.keys.Record(name, o, at); err == nil {
				err = rerr
			}
		}
		return err
	}, func(err error) {
		if d != nil {
			d.setBusy("")
			d.dismiss()
		}
		switch {
		case m.changedMeanwhile(err):
			return
		case err != nil && !keys.IsListError(err):
			m.showStoreProblem(err, func() { m.saveReplacement(key, old, o, at, fromClipboard, nil) })
			return
		}
		m.keyReplaced(key, o, at, fromClipboard)
		m.reportListError(err)
	})
}

// keyReplaced shows the new key after a replace, with its test, and says
// what regenerating a key means for the tools that used the old one.
func (m *MainWindow) keyReplaced(key string, o apiclient.Outcome, at time.Time, fromClipboard bool) {
	// The old key's countdown ends here, whatever the clipboard holds now.
	m.clip.clearIfOurs()
	m.keyView.setCopyNote("")
	m.keyView.conceal()
	m.problem.hide()
	m.showKeyView()
	m.showOutcome(o, at)
	if fromClipboard {
		m.offerClipboardClear(key, words.ReplacedNote+" "+words.ClipboardStillHoldsNote)
	} else {
		m.showNote(toneSuccess, words.ReplacedNote)
	}
}

func (m *MainWindow) cancelReplace(d *replaceDialog) {
	if d.isTesting() {
		m.cancelTest()
	}
	if d.isSaving() {
		// Stop waiting for the keychain; its answer then closes the dialog
		// and the banner says nothing was changed.
		m.keys.CancelKeychain()
		return
	}
	d.dismiss()
}
