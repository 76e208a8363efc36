package ui

import (
	"context"
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/words"
)

// testing reports whether a test started here is in flight: one key's, or
// Test all's.
func (m *MainWindow) testing() bool { return m.testCancel != nil || m.testingAll() }

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
	m.testName = name
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
		case err != nil && !keys.IsListError(err):
			m.showStoreProblem(err, m.startTest)
		case m.name == name && m.ending() == ending:
			// A key replaced or removed meanwhile has its own result, and
			// another key chosen meanwhile its own.
			m.showOutcome(o, m.clock.Now())
			m.reportListError(err)
		}
		m.catchUp()
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
