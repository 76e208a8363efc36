package ui

import (
	"context"
	"errors"
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/words"
)

// This file wires Test all to the key manager: the manager tests every key
// in turn at the pace set in Settings, on its own goroutine, and the
// window shows each step it reports in the Test all dialog. The list's
// marks follow from the manager's KeysChanged as each result is recorded.

// testAllRun is one run of Test all, from the button to Close. All its
// fields belong to the UI goroutine.
type testAllRun struct {
	dialog   *testAllDialog
	cancel   context.CancelFunc
	progress testAllProgress
	wait     *countdown // OnceHub's pause, counted down in the dialog
	running  bool       // the manager's TestAll has not returned yet
}

// testingAll reports whether Test all is running.
func (m *MainWindow) testingAll() bool { return m.testAll != nil && m.testAll.running }

// startTestAll opens the Test all dialog and starts testing every key.
func (m *MainWindow) startTestAll() {
	if m.testAll != nil || m.view != viewKey || !m.several() || m.testing() || m.pending > 0 || m.closed {
		return
	}
	ctx, cancel := context.WithCancel(m.ctx)
	run := &testAllRun{cancel: cancel, running: true, progress: testAllProgress{Total: len(m.keys.Keys())}}
	run.dialog = newTestAllDialog(testAllCallbacks{
		OnCancel: cancel,
		OnClose: func() {
			if m.testAll == run {
				m.testAll = nil
			}
		},
	}, m.win)
	m.testAll = run
	run.dialog.show(run.progress)
	m.showDialog(run.dialog.dialog)
	m.refreshControls()

	var results []keys.TestAllResult
	m.background(func(context.Context) error {
		var err error
		// progress is called on TestAll's goroutine: it only hands the
		// step to the UI goroutine.
		results, err = m.keys.TestAll(ctx, func(s keys.TestAllStep) {
			m.do(func() { m.testAllStep(run, s) })
		})
		return err
	}, func(err error) {
		cancel()
		m.testAllDone(run, results, err)
	})
}

// testAllStep shows one step of the run: a key's start, a pause OnceHub
// asked for, or a key's result.
func (m *MainWindow) testAllStep(run *testAllRun, s keys.TestAllStep) {
	if !run.running {
		return // a step that was on its way when the run ended
	}
	p := &run.progress
	p.Total, p.Done, p.Name = s.Total, s.Done, s.Name
	if s.Result != nil {
		p.Name = "" // between two tests
	}
	run.wait.stop()
	p.Waiting = 0
	if s.Waiting > 0 {
		// The manager reports the pause once; the dialog counts it down.
		run.wait = m.startCountdown(s.Waiting, func(left time.Duration) {
			p.Waiting = left
			run.dialog.show(*p)
		}, func() {
			p.Waiting = 0
			run.dialog.show(*p)
		})
	}
	if r := s.Result; r != nil {
		m.testAllResult(run, *r)
	}
	run.dialog.show(*p)
}

// testAllResult counts one key's result, and shows it in the key view when
// it is the key shown.
func (m *MainWindow) testAllResult(run *testAllRun, r keys.TestAllResult) {
	p := &run.progress
	switch {
	case r.Err != nil && errors.Is(r.Err, context.Canceled):
		// Stopped during this key: it was not tested.
		p.Done--
		return
	case r.Err != nil:
		p.Trouble = append(p.Trouble, r.Name)
		return
	case r.Outcome.Kind == apiclient.Cancelled:
		p.Done--
		return
	case r.Outcome.Kind == apiclient.Works:
		p.Works++
	case words.RefusedKind(r.Outcome.Kind):
		p.Refused = append(p.Refused, r.Name)
	default:
		p.Trouble = append(p.Trouble, r.Name)
	}
	if r.Name == m.name && r.Ending == m.ending() {
		m.keyView.result.show(r.Outcome, m.clock.Now(), true, m.clock.Now())
	}
}

// testAllDone shows the summary once the manager's TestAll has returned.
func (m *MainWindow) testAllDone(run *testAllRun, results []keys.TestAllResult, err error) {
	run.running = false
	run.wait.stop()
	if errors.Is(err, keys.ErrBusy) {
		// A test started elsewhere in this window holds the slot.
		run.dialog.onClose()
		m.refreshControls()
		return
	}
	p := &run.progress
	p.Name, p.Waiting = "", 0
	p.Finished = true
	p.Stopped = err != nil
	if !p.Stopped {
		p.Done = len(results)
	}
	run.dialog.show(*p)
	m.refreshControls()
	m.catchUp()
}

// cancelTestAll stops the run, or closes its dialog once it has ended.
func (m *MainWindow) cancelTestAll() {
	if run := m.testAll; run != nil {
		if run.running {
			run.dialog.onCancel()
		} else {
			run.dialog.onClose()
		}
	}
}
