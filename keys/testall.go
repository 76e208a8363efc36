package keys

import (
	"context"
	"math"
	"time"

	"github.com/oncekey/oncekey/apiclient"
)

// Test all's pace, in tests started per second. OnceHub allows 5 requests
// a second per account: the default leaves room for the admin's other
// tools, and no setting takes all of it.
const (
	DefaultPace = 2
	MaxPace     = 4
)

// maxAttempts is how many times TestAll tests one key that OnceHub keeps
// answering with a 429 before it reports that 429 and goes on.
const maxAttempts = 3

func clampPace(p float64) float64 {
	switch {
	case p <= 0 || math.IsNaN(p):
		return DefaultPace
	case p > MaxPace:
		return MaxPace
	}
	return p
}

// SetPace sets how many tests a second TestAll starts at most: 0 (or less)
// means DefaultPace, more than MaxPace means MaxPace. A run under way
// keeps its pace.
func (m *Manager) SetPace(p float64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pace = clampPace(p)
}

// Pace is how many tests a second TestAll starts at most.
func (m *Manager) Pace() float64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.pace
}

// TestAllResult is one key's result in TestAll.
type TestAllResult struct {
	Name   string
	Ending string // of the key tested; the listed one when it could not be read
	// Outcome is the last test's; zero when Err is set.
	Outcome apiclient.Outcome
	// Err is the keychain's trouble reading the key, or the context's
	// error when the run was cancelled during this key.
	Err error
	// Attempts is how many tests were sent for the key (more than one
	// after a 429).
	Attempts int
}

// TestAllStep is TestAll's progress.
type TestAllStep struct {
	// Done of Total keys are finished.
	Done, Total int
	// Name is the key being tested, or waited for.
	Name string
	// Waiting is how long TestAll waits out OnceHub's pause before
	// testing Name (again); 0 when it is testing.
	Waiting time.Duration
	// Retry: Name is being tested again, or waited for to be tested
	// again, after OnceHub's 429 for it; false for a key's first try,
	// even when the wait is for a pause another key's 429 started.
	Retry bool
	// Result is set when the key Name is finished.
	Result *TestAllResult
}

// TestAll tests every key in turn, in Keys' order, and records each
// outcome as Test does. It starts at most Pace tests a second (the first
// at once; a slow test adds no gap on top), and after a 429 it waits out
// OnceHub's pause and tests the same key again, at most 3 times in all.
// progress, if not nil, is told of each key's start, each wait and each
// result, on TestAll's goroutine; it must not block.
//
// It holds the one-test-at-a-time slot for the whole run: ErrBusy if a test
// is in flight, and a Test meanwhile gets ErrBusy. Cancelling ctx stops it
// at once; the results so far come back with ctx's error.
func (m *Manager) TestAll(ctx context.Context, progress func(TestAllStep)) ([]TestAllResult, error) {
	if !m.begin() {
		return nil, ErrBusy
	}
	defer m.end()
	if progress == nil {
		progress = func(TestAllStep) {}
	}
	gap := time.Duration(float64(time.Second) / m.Pace())
	keys := m.Keys()
	results := make([]TestAllResult, 0, len(keys))
	var next time.Time // the earliest the next test may start; zero: at once
	for i, k := range keys {
		res := TestAllResult{Name: k.Name, Ending: k.Ending}
		finish := func() {
			results = append(results, res)
			r := res
			progress(TestAllStep{Done: i + 1, Total: len(keys), Name: k.Name, Result: &r})
		}
		key, err := m.secretForTest(ctx, k.Name)
		if err != nil {
			res.Err = err
			finish()
			if ctx.Err() != nil {
				return results, ctx.Err()
			}
			continue
		}
		res.Ending = apiclient.Ending(key)
		for {
			if wait := m.PausedFor(); wait > 0 {
				progress(TestAllStep{Done: i, Total: len(keys), Name: k.Name, Waiting: wait, Retry: res.Attempts > 0})
				if err := m.sleep(ctx, wait); err != nil {
					res.Err = err
					finish()
					return results, err
				}
			}
			if err := m.sleep(ctx, next.Sub(m.clock.Now())); err != nil {
				res.Err = err
				finish()
				return results, err
			}
			next = m.clock.Now().Add(gap)
			progress(TestAllStep{Done: i, Total: len(keys), Name: k.Name, Retry: res.Attempts > 0})
			m.emit(Event{Kind: TestStarted, Name: k.Name})
			o := m.send(ctx, key)
			res.Attempts++
			if err := ctx.Err(); err != nil {
				m.emit(Event{Kind: TestFinished, Name: k.Name})
				res.Err = err
				finish()
				return results, err
			}
			if o.Kind == apiclient.RateLimited && res.Attempts < maxAttempts {
				m.emit(Event{Kind: TestFinished, Name: k.Name})
				continue // send started OnceHub's pause, waited out above
			}
			res.Outcome = o
			if o.Kind != apiclient.Cancelled {
				_ = m.record(k.Name, res.Ending, o, m.clock.Now(), m.from())
			}
			m.emit(Event{Kind: TestFinished, Name: k.Name})
			break
		}
		finish()
	}
	return results, nil
}

// secretForTest is the key saved under name, as Test reads it: a key read
// while only the list could not note it is still tested.
func (m *Manager) secretForTest(ctx context.Context, name string) (string, error) {
	if key, ok := m.Cached(name); ok {
		return key, nil
	}
	key, err := m.Secret(ctx, name)
	if err != nil && !IsListError(err) {
		return "", err
	}
	return key, nil
}

// sleep waits d on the manager's clock, or until ctx ends.
func (m *Manager) sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil || d <= 0 {
		return err
	}
	done := make(chan struct{})
	t := m.clock.AfterFunc(d, func() { close(done) })
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		t.Stop()
		return ctx.Err()
	}
}
