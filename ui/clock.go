package ui

import "time"

// clock is the window's source of time. Tests replace it so countdowns of
// 30 seconds or 10 minutes can be driven without waiting for them.
type clock interface {
	Now() time.Time
	// AfterFunc calls f in its own goroutine after d, unless stopped first.
	AfterFunc(d time.Duration, f func()) stopper
}

// stopper is a pending AfterFunc call.
type stopper interface {
	Stop() bool
}

// realClock is the system clock; now may be replaced (Deps.Now).
type realClock struct {
	now func() time.Time
}

func (c realClock) Now() time.Time { return c.now() }

func (realClock) AfterFunc(d time.Duration, f func()) stopper { return time.AfterFunc(d, f) }

// countdown calls tick on the UI goroutine about once a second with the
// time left until end, then done once end has come. All its fields belong
// to the UI goroutine; a tick that was already on its way when the
// countdown was stopped is dropped.
type countdown struct {
	m       *MainWindow
	end     time.Time
	tick    func(left time.Duration)
	done    func()
	pending stopper
	stopped bool
}

// startCountdown begins a countdown of d and shows its first tick at once.
func (m *MainWindow) startCountdown(d time.Duration, tick func(left time.Duration), done func()) *countdown {
	c := &countdown{m: m, end: m.clock.Now().Add(d), tick: tick, done: done}
	c.step()
	return c
}

// step shows the time left and arranges the next step for when the shown
// number of seconds changes.
func (c *countdown) step() {
	if c.stopped {
		return
	}
	left := c.end.Sub(c.m.clock.Now())
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
	c.pending = c.m.after(next, c.step)
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
