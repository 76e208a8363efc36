package ui

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
	"github.com/oncekey/oncekey/words"
)

// This file wires the Rotate dialog to the key manager, which owns the
// rotation: the new key is checked first (CheckRotation), then stored
// beside the old one (Rotate), which after "Regenerate" tests the old key
// and forgets it only when OnceHub no longer knows it; once the admin has deleted
// the old key in OnceHub, OnceKey tests it once and forgets it when OnceHub
// no longer knows it (FinishRotation). The manager never deletes the old
// key before the new one is stored.

// openRotate opens Rotate for the key shown, or the checklist of its
// rotation when one is not finished yet.
func (m *MainWindow) openRotate() {
	if !m.controls().Rotate {
		return
	}
	info, _, _ := m.current()
	if info.Retiring != nil {
		m.openChecklist()
		return
	}
	o, tested := keys.OutcomeOf(info.LastTest)
	start := rotateStart{OldEnding: m.ending(), Refused: tested && o.Kind == apiclient.NotRecognised}
	m.showRotate(start)
}

// openChecklist reopens the checklist of the rotation not finished yet
// (Continue in the main view).
func (m *MainWindow) openChecklist() {
	if m.rotate != nil {
		return
	}
	c := m.pendingChecklist()
	if c == nil {
		return
	}
	m.showRotate(rotateStart{OldEnding: c.OldEnding, Checklist: c})
}

// pendingChecklist is the checklist of the key shown's pending rotation,
// or nil when it has none.
func (m *MainWindow) pendingChecklist() *checklist {
	info, _ := m.keys.Key(m.name)
	if info.Retiring == nil {
		return nil
	}
	return &checklist{NewEnding: m.ending(), OldEnding: info.Retiring.Ending, Note: info.Note}
}

func (m *MainWindow) showRotate(start rotateStart) {
	var d *rotateDialog
	d = newRotateDialog(start, rotateCallbacks{
		OnTest:         m.checkCandidate,
		OnKeepAnyway:   m.storeCandidate,
		OnCancel:       m.cancelRotate,
		OnCopy:         m.copyKey,
		OnDeleted:      m.checkOldKey,
		OnForget:       m.askForgetOldKey,
		OnOpenKeysPage: m.openKeysPage,
		OnChecklist:    m.countWebhooks,
		OnShowWebhooks: m.openWebhooks,
		OnHoverTest:    m.warmSoon,
		OnChanged:      m.warmSoon,
		Paste:          func() string { return m.app.Clipboard().Content() },
		// Focus only after the event being handled is done (fyne.Do queues
		// even on the UI goroutine): a Space that pressed Rotate or a
		// choice would otherwise also be typed into the new key's entry.
		Focus: func(o fyne.Focusable) {
			m.do(func() {
				if d != nil && !d.isClosed() {
					m.win.Canvas().Focus(o)
				}
			})
		},
		OnClosed: func(closed *rotateDialog) {
			if m.rotate == closed {
				m.rotate = nil
			}
			if m.stopCount != nil {
				m.stopCount()
				m.stopCount = nil
			}
		},
	}, m.win)
	m.rotate = d
	m.showDialog(d.dialog)
	m.refreshControls()
}

// checkCandidate checks and tests the new key; one that works, for the
// same account, is stored at once.
func (m *MainWindow) checkCandidate(d *rotateDialog, raw string) {
	if m.testing() || m.pending > 0 {
		return
	}
	key, err := apiclient.NormalizeKey(raw)
	if err != nil {
		d.setProblem(words.Input(err))
		return
	}
	ctx, cancel := context.WithCancel(m.ctx)
	m.testCancel = cancel
	d.startTest(words.TestingNew())
	m.refreshControls()
	name := m.name
	var rc keys.RotationCheck
	m.background(func(context.Context) error {
		var err error
		rc, err = m.keys.CheckRotation(ctx, name, key)
		return err
	}, func(err error) {
		cancel()
		m.testCancel = nil
		m.refreshControls()
		defer m.catchUp()
		if d.isClosed() {
			return // cancelled by closing: nothing is stored
		}
		d.testEnded()
		var gone *keys.GoneError
		switch {
		case errors.As(err, &gone):
			d.dismiss() // removed meanwhile, by another OnceKey process
			m.loadKey()
			return
		case errors.Is(err, keys.ErrBusy):
			return
		case err != nil:
			// The old key could not be read to compare: the keychain's
			// trouble, said in the dialog, which stays open to try again.
			d.setProblem(words.Keychain(err).Sentence())
			return
		case rc.SameKey:
			d.setProblem(words.SameKeyAgain())
			return
		}
		o, at := rc.Outcome, m.clock.Now()
		if o.Kind == apiclient.RateLimited {
			m.pauseTests(o.RetryAfter)
		}
		d.tested(key, o, at)
		switch {
		case o.Kind != apiclient.Works:
			d.showCandidate(presentCandidate(o, at), offerKeepAnyway(o.Kind))
		case rc.AccountDiffers:
			d.showAccountDiffers(words.AccountDiffers(o.Account, rc.OldAccount))
		default:
			m.storeCandidate(d)
		}
	})
}

// rotation is a new key tested and about to be stored.
type rotation struct {
	key, old string // the new key, and the ending of the key it retires
	// keepOld: the old key is kept as the retiring key; asked for with
	// "Create API key", and so after a Regenerate whose old key still
	// works or could not be checked.
	keepOld       bool
	outcome       apiclient.Outcome
	at            time.Time
	fromClipboard bool
}

// storeCandidate stores the tested key: beside the old one, or in its place.
func (m *MainWindow) storeCandidate(d *rotateDialog) {
	key, o, at := d.testedKey()
	if key == "" {
		return
	}
	r := rotation{key: key, old: d.oldEnding(), keepOld: d.keepsOld(), outcome: o, at: at, fromClipboard: m.clip.holdsKey(key)}
	d.setBusy(words.SavingNewKey())
	m.saveRotation(r, d)
}

// saveRotation stores r's key under the key shown; d is the open dialog,
// or nil for a retry from the banner.
func (m *MainWindow) saveRotation(r rotation, d *rotateDialog) {
	name := m.name
	var res keys.RotateResult
	m.keychainCall(func(ctx context.Context) error {
		var err error
		res, err = m.keys.Rotate(ctx, name, r.key, r.old, r.keepOld, r.outcome, r.at)
		return err
	}, func(err error) {
		open := d != nil && !d.isClosed()
		if d != nil {
			d.setBusy("")
		}
		if refused := words.RotationRefused(err); refused != "" {
			m.rotationRefused(err, refused, d)
			return
		}
		if err != nil && !keys.IsListError(err) {
			if d != nil {
				d.dismiss()
			}
			if !m.changedMeanwhile(err) {
				m.showStoreProblem(err, func() { m.saveRotation(r, nil) })
			}
			return
		}
		// After "Regenerate" (or a key refused when last tested) the
		// manager tested the old key: one that still works, or could not
		// be checked, is kept, and the checklist follows as after "Create
		// API key".
		r.keepOld = r.keepOld || res.OldKept
		if res.Old.Kind == apiclient.RateLimited {
			m.pauseTests(res.Old.RetryAfter)
		}
		m.keyRotated(r)
		switch {
		case r.keepOld && open:
			if c := m.pendingChecklist(); c != nil {
				d.showChecklist(*c, "")
			} else {
				d.dismiss() // finished meanwhile, by another OnceKey process
			}
		case r.keepOld:
			m.openChecklist()
		case d != nil:
			d.dismiss()
		}
		m.reportListError(err)
	})
}

// rotationRefused shows why the manager stored nothing: a rotation not
// finished yet (its checklist follows), the key saved already, or a list
// of keys that cannot be used.
func (m *MainWindow) rotationRefused(err error, text string, d *rotateDialog) {
	var pending *keys.RotationPendingError
	open := d != nil && !d.isClosed()
	switch {
	case errors.As(err, &pending) && open:
		if c := m.pendingChecklist(); c != nil {
			d.showChecklist(*c, text)
			return
		}
		d.setProblem(text)
	case open:
		d.setProblem(text)
	default:
		m.showNote(toneWarning, text)
	}
}

// keyRotated shows the new key after it was stored, with its test. After a
// plain replacement it says what is left to do; after a rotation that keeps
// the old key, the checklist says so.
func (m *MainWindow) keyRotated(r rotation) {
	// The old key's countdown ends here, whatever the clipboard holds now.
	m.clip.clearIfOurs()
	m.keyView.setCopyNote("")
	m.keyView.conceal()
	m.problem.hide()
	m.showKeyView()
	m.showOutcome(r.outcome, r.at)
	switch {
	case r.fromClipboard && r.keepOld:
		m.offerClipboardClear(r.key, words.ClipboardStillHoldsNote())
	case r.fromClipboard:
		m.offerClipboardClear(r.key, words.RotatedNote()+" "+words.ClipboardStillHoldsNote())
	case !r.keepOld:
		m.showNote(toneSuccess, words.RotatedNote())
	default:
		m.notice.hide()
	}
}

// checkOldKey tests the retiring key once, after the admin said it was
// deleted in OnceHub, and shows what OnceHub said.
func (m *MainWindow) checkOldKey(d *rotateDialog) {
	if m.testing() || m.pending > 0 {
		return
	}
	ctx, cancel := context.WithCancel(m.ctx)
	m.testCancel = cancel
	d.startTest(words.CheckingOldKey())
	name, old := m.name, d.oldEnding()
	var res keys.RetireResult
	m.keychainCall(func(context.Context) error {
		var err error
		res, err = m.keys.FinishRotation(ctx, name)
		return err
	}, func(err error) {
		cancel()
		m.testCancel = nil
		m.refreshControls()
		if d.isClosed() {
			return
		}
		d.testEnded()
		if res.Outcome.Kind == apiclient.RateLimited {
			m.pauseTests(res.Outcome.RetryAfter)
		}
		if m.rotationGone(err, d) {
			return
		}
		r := words.OldKeyChecked(res, old)
		switch {
		case errors.Is(err, keys.ErrBusy):
		case err != nil && !keys.IsListError(err):
			d.setProblem(m.problemWords(err))
		case res.Forgotten:
			d.showDone(toneSuccess, r.Headline, false)
		default:
			// Still known to OnceHub, or not checked: the old key is kept.
			d.showOldKeyCheck(toneWarning, r)
		}
		m.reportListError(err)
	})
}

// askForgetOldKey asks before the old key is forgotten without a check.
func (m *MainWindow) askForgetOldKey(d *rotateDialog) {
	if m.testing() || m.pending > 0 {
		return
	}
	old := d.oldEnding()
	f := newForgetDialog(words.ForgetOldKeyQuestion(old), func() { m.forgetOldKey(d, old) }, m.win)
	m.showDialog(f.dialog)
}

// forgetOldKey forgets the old key at the admin's word.
func (m *MainWindow) forgetOldKey(d *rotateDialog, old string) {
	if d.isClosed() {
		return
	}
	d.setBusy(words.ForgettingOldKey())
	name := m.name
	m.keychainCall(func(ctx context.Context) error {
		return m.keys.ForgetRetiring(ctx, name, old)
	}, func(err error) {
		d.setBusy("")
		if d.isClosed() || m.rotationGone(err, d) {
			return
		}
		var changed *keys.ChangedError
		switch {
		case errors.As(err, &changed):
			// Another OnceKey process finished that rotation and started
			// another: its old key is not the one the admin meant.
			d.dismiss()
			m.changedMeanwhile(err)
			return
		case keystore.KindOf(err) == keystore.Canceled:
			d.dismiss() // the admin stopped waiting for the keychain: Later
			return
		case err != nil && !keys.IsListError(err):
			d.setProblem(m.problemWords(err))
			return
		}
		d.showDone(toneNeutral, words.OldKeyForgotten(old), true)
		m.reportListError(err)
	})
}

// rotationGone reports err when it says the name has no retiring key any
// more (another OnceKey process finished the rotation): the dialog has
// nothing left to do.
func (m *MainWindow) rotationGone(err error, d *rotateDialog) bool {
	var gone *keys.GoneError
	if !errors.As(err, &gone) {
		return false
	}
	d.dismiss()
	m.followList()
	return true
}

// problemWords says what went wrong with a keychain or list call made from
// the dialog, which shows it in place of the banner behind it.
func (m *MainWindow) problemWords(err error) string {
	if refused := words.RotationRefused(err); refused != "" {
		return refused
	}
	return words.Keychain(err).Sentence()
}

// cancelRotate closes the dialog; a test in flight is cancelled first, and
// a keychain call is stopped waiting for (its answer then closes the
// dialog, and the banner says nothing was changed).
func (m *MainWindow) cancelRotate(d *rotateDialog) {
	if d.isTesting() {
		m.cancelTest()
	}
	if d.isSaving() {
		m.keys.CancelKeychain()
		return
	}
	d.dismiss()
}

// showRotationLine says, in the main view, that a rotation of the key
// shown is not finished yet; it hides the line otherwise.
func (m *MainWindow) showRotationLine() {
	info, _ := m.keys.Key(m.name)
	text := ""
	if info.Retiring != nil {
		text = words.RotationPending(info.Retiring.Ending)
	}
	m.keyView.setRotation(text)
}

// showCopyNote shows the note about the clipboard in the main view and,
// while it is open, beside the checklist's Copy.
func (m *MainWindow) showCopyNote(text string) {
	m.copyNote = text
	if m.copiedName == m.name {
		// Only beside the key it is about: another key may be shown now.
		m.keyView.setCopyNote(text)
	}
	if m.rotate != nil {
		m.rotate.setCopyNote(text)
	}
}
