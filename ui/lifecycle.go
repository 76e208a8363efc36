package ui

import (
	"time"

	"github.com/oncekey/oncekey/keys"
)

// The window's life: shown, started, ticking, closed.

// ShowAndRun shows the window, then starts reading the key and opening a
// connection to OnceHub, and runs the app until the window is closed.
func (m *MainWindow) ShowAndRun() {
	m.startTray()
	m.win.Show()
	startWidgetMap(m.win)
	// Queued for the app's loop, so it runs once the window is up.
	go m.do(m.start)
	m.app.Run()
	if !m.closed {
		// The app stopped without the window closing: Fyne's own answer to
		// SIGTERM or Ctrl+C, or the tray's hidden window closed at logout.
		// The marked copy is cleared; a plain one would need the driver
		// that has just stopped.
		m.closed = true
		m.shutDown.Store(true)
		m.clip.clearMarkedIfOurs()
		m.stop()
	}
	// A flow may still be writing the list of keys (a test's result): give
	// it a moment before the program ends.
	done := make(chan struct{})
	go func() { m.flows.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(flowGrace):
	}
}

// start begins the work that must wait until the window shows.
func (m *MainWindow) start() {
	if m.closed {
		return
	}
	m.warmSoon()
	m.loadKey()
	m.tickAgo()
	go m.keys.Watch(m.ctx, watchEvery)
}

// after calls f on the UI goroutine after d.
func (m *MainWindow) after(d time.Duration, f func()) keys.Timer {
	return m.clock.AfterFunc(d, func() { m.do(f) })
}

func (m *MainWindow) tickAgo() {
	m.after(agoEvery, func() {
		if m.closed {
			return
		}
		m.keyView.result.render(m.clock.Now())
		// Ages and the reminder to rotate move on too.
		m.refreshList()
		m.showAge()
		m.tickAgo()
	})
}

// warmSoon opens a connection to OnceHub ahead of a likely test, at most
// once every warmEvery.
func (m *MainWindow) warmSoon() {
	now := m.clock.Now()
	if m.closed || (!m.lastWarm.IsZero() && now.Sub(m.lastWarm) < warmEvery) {
		return
	}
	m.lastWarm = now
	km, ctx := m.keys, m.ctx
	go km.Warm(ctx)
}

// onClosed clears the clipboard if it still holds the copied key, remembers
// the window size and stops the work in flight.
func (m *MainWindow) onClosed() {
	if m.closed {
		return
	}
	m.closed = true
	m.shutDown.Store(true)
	m.unsub()
	m.settings.setWindowSize(m.win.Canvas().Size())
	m.clip.clearIfOurs()
	m.retry.stop()
	m.stop()
}
