package ui

import (
	"time"

	"github.com/oncekey/oncekey/keys"
)

// countdown calls tick on the UI goroutine about once a second with the
// time left until end, then done once end has come. All its fields belong
// to the UI goroutine; a tick that was already on its way when the
// countdown was stopped is dropped.
type countdown struct {
	now     func() time.Time
	after   func(time.Duration, func()) keys.Timer // on the UI goroutine
	end     time.Time
	tick    func(left time.Duration)
	done    func()
	pending keys.Timer
	stopped bool
}

// startCountdown begins a countdown of d and shows its first tick at once.
func (m *MainWindow) startCountdown(d time.Duration, tick func(left time.Duration), done func()) *countdown {
	c := &countdown{now: m.clock.Now, after: m.after, end: m.clock.Now().Add(d), tick: tick, done: done}
	c.step()
	return c
}

// step shows the time left and arranges the next step for when the shown
// number of seconds changes.
func (c *countdown) step() {
	if c.stopped {
		return
	}
	left := c.end.Sub(c.now())
	if left <= 0 {
		c.stopped = true
		c.done()
		return
	}
	c.tick(left)
	next := left % time.Second
	if next == 0 {
		next = time.Second
	}
	c.pending = c.after(next, c.step)
}

// stop ends the countdown without calling done. It is safe on a nil or
// finished countdown.
func (c *countdown) stop() {
	if c == nil || c.stopped {
		return
	}
	c.stopped = true
	if c.pending != nil {
		c.pending.Stop()
	}
}

// running reports whether the countdown has neither finished nor been stopped.
func (c *countdown) running() bool { return c != nil && !c.stopped }
