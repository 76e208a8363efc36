package keys

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keystore"
)

// next returns when the earliest timer still pending is due.
func (c *fakeClock) next() (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var at time.Time
	ok := false
	for _, t := range c.timers {
		if !t.done && (!ok || t.at.Before(at)) {
			at, ok = t.at, true
		}
	}
	return at, ok
}

// drive moves the clock from one pending timer to the next until done is
// closed, so that whatever waits on the clock goes on at exactly the time it
// asked for.
func (c *fakeClock) drive(t *testing.T, done <-chan struct{}) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case <-done:
			return
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("the run did not end")
		}
		if at, ok := c.next(); ok {
			c.Advance(at.Sub(c.Now()))
			continue
		}
		time.Sleep(200 * time.Microsecond)
	}
}

// clockTester notes when (on the fake clock) each test started, and answers
// from a script per key: the next outcome for that key, works when none is
// left.
type clockTester struct {
	clock *fakeClock
	mu    sync.Mutex
	plan  map[string][]apiclient.Outcome
	// starts are the tests' start times since start, keys the endings tested.
	starts  []time.Duration
	endings []string
	// hold, when set, makes the test of a key ending in it wait for ctx.
	hold    string
	holding chan struct{}
}

func (c *clockTester) Test(ctx context.Context, key string) apiclient.Outcome {
	c.mu.Lock()
	c.starts = append(c.starts, c.clock.Now().Sub(start))
	c.endings = append(c.endings, apiclient.Ending(key))
	o := works()
	if p := c.plan[apiclient.Ending(key)]; len(p) > 0 {
		o, c.plan[apiclient.Ending(key)] = p[0], p[1:]
	}
	hold, holding := c.hold, c.holding
	c.mu.Unlock()
	if hold != "" && apiclient.Ending(key) == hold {
		close(holding)
		<-ctx.Done()
		return apiclient.NewOutcome(apiclient.Cancelled, "", true)
	}
	return o
}

func (c *clockTester) Warm(context.Context) error { return nil }

func (c *clockTester) startTimes() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.starts...)
}

// numberedKey is a made-up key whose ending is k00i.
func numberedKey(i int) string { return fmt.Sprintf("mgrTestKeyN-8Hq3Lw5Zt1Pd%02d-k%03d", i, i) }

// allRig is a manager with n saved keys, named key1 … keyN, whose tests
// report their start times on the fake clock.
func allRig(t *testing.T, n int, pace float64) (*rig, *clockTester) {
	t.Helper()
	r := newRig(t, nil)
	ct := &clockTester{clock: r.clock, plan: map[string][]apiclient.Outcome{}}
	r.m = New(Config{Store: r.store, Index: r.index, Tester: ct, Clock: r.clock, Pace: pace})
	for i := 1; i <= n; i++ {
		if _, err := r.m.Save(context.Background(), fmt.Sprintf("key%d", i), numberedKey(i), false); err != nil {
			t.Fatal(err)
		}
	}
	return r, ct
}

// runAll runs TestAll while driving the clock, and returns what it
// returned and every progress step.
func runAll(t *testing.T, r *rig, ctx context.Context) ([]TestAllResult, []TestAllStep, error) {
	t.Helper()
	var steps []TestAllStep
	var results []TestAllResult
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		results, err = r.m.TestAll(ctx, func(s TestAllStep) { steps = append(steps, s) })
	}()
	r.clock.drive(t, done)
	return results, steps, err
}

func seconds(ds []time.Duration) []float64 {
	out := make([]float64, len(ds))
	for i, d := range ds {
		out[i] = d.Seconds()
	}
	return out
}

func sameTimes(t *testing.T, got []time.Duration, want ...float64) {
	t.Helper()
	if fmt.Sprint(seconds(got)) != fmt.Sprint(want) {
		t.Errorf("tests started at %v s, want %v s", seconds(got), want)
	}
}

func TestTestAllPacing(t *testing.T) {
	r, ct := allRig(t, 5, 0)
	if r.m.Pace() != DefaultPace {
		t.Errorf("Pace() = %v, want the default %v", r.m.Pace(), DefaultPace)
	}
	ev := listen(r.m)
	results, steps, err := runAll(t, r, context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sameTimes(t, ct.startTimes(), 0, 0.5, 1, 1.5, 2)
	if len(results) != 5 {
		t.Fatalf("%d results, want 5", len(results))
	}
	for i, res := range results {
		name := fmt.Sprintf("key%d", i+1)
		if res.Name != name || res.Ending != apiclient.Ending(numberedKey(i+1)) || res.Err != nil ||
			res.Outcome.Kind != apiclient.Works || res.Attempts != 1 {
			t.Errorf("result %d: %+v", i, res)
		}
		info, _ := r.index.Get(name)
		if info.LastTest == nil || info.LastTest.Result != "works" || !info.LastTest.At.Equal(start.Add(time.Duration(i)*500*time.Millisecond)) {
			t.Errorf("%s: recorded %+v", name, info.LastTest)
		}
	}
	// A start and a result per key, in order, with the count of keys done.
	if len(steps) != 10 {
		t.Fatalf("%d progress steps, want 10: %+v", len(steps), steps)
	}
	for i := range 5 {
		begin, end := steps[2*i], steps[2*i+1]
		name := fmt.Sprintf("key%d", i+1)
		if begin.Name != name || begin.Done != i || begin.Total != 5 || begin.Result != nil || begin.Waiting != 0 {
			t.Errorf("step %d: %+v", 2*i, begin)
		}
		if end.Name != name || end.Done != i+1 || end.Total != 5 || end.Result == nil || end.Result.Name != name {
			t.Errorf("step %d: %+v", 2*i+1, end)
		}
	}
	ev.waitFor(t, TestStarted)
	ev.waitFor(t, TestFinished)
	if r.m.Testing() {
		t.Error("Testing() after the run")
	}
}

func TestTestAllAtOtherPaces(t *testing.T) {
	r, ct := allRig(t, 3, 1)
	if _, _, err := runAll(t, r, context.Background()); err != nil {
		t.Fatal(err)
	}
	sameTimes(t, ct.startTimes(), 0, 1, 2)

	r, ct = allRig(t, 4, 10) // capped at MaxPace
	if r.m.Pace() != MaxPace {
		t.Errorf("Pace() = %v, want the cap %v", r.m.Pace(), MaxPace)
	}
	if _, _, err := runAll(t, r, context.Background()); err != nil {
		t.Fatal(err)
	}
	sameTimes(t, ct.startTimes(), 0, 0.25, 0.5, 0.75)

	r.m.SetPace(1)
	if r.m.Pace() != 1 {
		t.Errorf("after SetPace(1), Pace() = %v", r.m.Pace())
	}
	for _, p := range []float64{0, -3} {
		r.m.SetPace(p)
		if r.m.Pace() != DefaultPace {
			t.Errorf("after SetPace(%v), Pace() = %v, want the default", p, r.m.Pace())
		}
	}
	r.m.SetPace(99)
	if r.m.Pace() != MaxPace {
		t.Errorf("after SetPace(99), Pace() = %v, want the cap", r.m.Pace())
	}
}

// A slow test adds no gap on top of the pace: the next starts at once if
// its time has come.
func TestTestAllSlowTestAddsNoGap(t *testing.T) {
	r := newRig(t, nil)
	slow := &slowTester{clockTester: clockTester{clock: r.clock, plan: map[string][]apiclient.Outcome{}}, took: 2 * time.Second}
	r.m = New(Config{Store: r.store, Index: r.index, Tester: slow, Clock: r.clock})
	for i := 1; i <= 3; i++ {
		if _, err := r.m.Save(context.Background(), fmt.Sprintf("key%d", i), numberedKey(i), false); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := runAll(t, r, context.Background()); err != nil {
		t.Fatal(err)
	}
	sameTimes(t, slow.startTimes(), 0, 2, 4)
}

// slowTester's tests take took on the fake clock.
type slowTester struct {
	clockTester
	took time.Duration
}

func (s *slowTester) Test(ctx context.Context, key string) apiclient.Outcome {
	o := s.clockTester.Test(ctx, key)
	s.clock.Advance(s.took)
	return o
}

func limited(after time.Duration) apiclient.Outcome {
	o := apiclient.NewOutcome(apiclient.RateLimited, "", true)
	o.Status, o.RetryAfter = 429, after
	return o
}

func TestTestAllWaitsOutA429AndTestsThatKeyAgain(t *testing.T) {
	r, ct := allRig(t, 5, 0)
	ct.plan["k003"] = []apiclient.Outcome{limited(10 * time.Second)}
	results, steps, err := runAll(t, r, context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// key3 at 1.0 s is refused; it is tested again once the 10 s pause is
	// over, and the pace goes on from there.
	sameTimes(t, ct.startTimes(), 0, 0.5, 1, 11, 11.5, 12)
	if got := fmt.Sprint(ct.endings); got != "[k001 k002 k003 k003 k004 k005]" {
		t.Errorf("tested %s", got)
	}
	if res := results[2]; res.Attempts != 2 || res.Outcome.Kind != apiclient.Works || res.Err != nil {
		t.Errorf("key3: %+v", res)
	}
	if info, _ := r.index.Get("key3"); info.LastTest == nil || info.LastTest.Result != "works" {
		t.Errorf("key3 recorded %+v", info.LastTest)
	}
	var waits []TestAllStep
	for _, s := range steps {
		if s.Waiting > 0 {
			waits = append(waits, s)
		}
	}
	if len(waits) != 1 || waits[0].Name != "key3" || waits[0].Waiting != 10*time.Second || waits[0].Done != 2 || waits[0].Result != nil {
		t.Errorf("waiting steps: %+v", waits)
	}
	// Retry marks key3's wait and its second test, and nothing else.
	var retries []string
	for _, s := range steps {
		if s.Retry {
			retries = append(retries, fmt.Sprintf("%s waiting %v", s.Name, s.Waiting))
		}
	}
	if got := fmt.Sprint(retries); got != "[key3 waiting 10s key3 waiting 0s]" {
		t.Errorf("steps marked Retry: %s", got)
	}
}

func TestTestAllA429WithoutRetryAfterWaitsTheDefaultPause(t *testing.T) {
	r, ct := allRig(t, 2, 0)
	ct.plan["k001"] = []apiclient.Outcome{{Kind: apiclient.RateLimited, Status: 429}}
	if _, _, err := runAll(t, r, context.Background()); err != nil {
		t.Fatal(err)
	}
	sameTimes(t, ct.startTimes(), 0, DefaultPause.Seconds(), DefaultPause.Seconds()+0.5)
}

func TestTestAllGivesUpOnAKeyAfterThreeAttempts(t *testing.T) {
	r, ct := allRig(t, 2, 0)
	ct.plan["k001"] = []apiclient.Outcome{limited(10 * time.Second), limited(10 * time.Second), limited(10 * time.Second), works()}
	results, steps, err := runAll(t, r, context.Background())
	sawWait := false
	if err != nil {
		t.Fatal(err)
	}
	// The third 429 is key1's result; key2 waits out its pause all the same.
	sameTimes(t, ct.startTimes(), 0, 10, 20, 30)
	if res := results[0]; res.Attempts != 3 || res.Outcome.Kind != apiclient.RateLimited {
		t.Errorf("key1: %+v", res)
	}
	if info, _ := r.index.Get("key1"); info.LastTest == nil || info.LastTest.Result != "rate-limited" {
		t.Errorf("key1 recorded %+v", info.LastTest)
	}
	if res := results[1]; res.Attempts != 1 || res.Outcome.Kind != apiclient.Works {
		t.Errorf("key2: %+v", res)
	}
	// key2's wait is for key1's pause: its first try, not a retry.
	for _, s := range steps {
		if s.Name == "key2" && s.Result == nil && s.Retry {
			t.Errorf("key2's first try is marked Retry: %+v", s)
		}
		if s.Name == "key2" && s.Waiting > 0 {
			sawWait = true
		}
	}
	if !sawWait {
		t.Error("key2 did not wait out key1's pause")
	}
}

func TestTestAllGoesOnPastAKeyItCannotRead(t *testing.T) {
	r, ct := allRig(t, 3, 0)
	if err := r.store.Remove(context.Background(), "key2"); err != nil {
		t.Fatal(err)
	}
	// A fresh manager, as in the next process: nothing is cached.
	r.m = New(Config{Store: r.store, Index: r.index, Tester: ct, Clock: r.clock})
	results, _, err := runAll(t, r, context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 3 || !keystore.IsNotFound(results[1].Err) || results[1].Attempts != 0 || results[1].Ending != "k002" {
		t.Fatalf("results: %+v", results)
	}
	// No test was sent for key2, so key3 needs no extra gap.
	sameTimes(t, ct.startTimes(), 0, 0.5)
}

func TestTestAllIsOneTestAtATime(t *testing.T) {
	r, ct := allRig(t, 3, 0)
	ctx := context.Background()
	// During a test, TestAll is refused.
	ct.hold, ct.holding = "k001", make(chan struct{})
	testCtx, cancelTest := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = r.m.Test(testCtx, "key1")
	}()
	<-ct.holding
	if _, err := r.m.TestAll(ctx, nil); !errors.Is(err, ErrBusy) {
		t.Errorf("TestAll during a test: %v, want ErrBusy", err)
	}
	cancelTest()
	<-done

	// During TestAll (waiting for its next start), a Test is refused.
	ct.hold = ""
	steps := make(chan TestAllStep, 16)
	allDone := make(chan struct{})
	go func() {
		defer close(allDone)
		if _, err := r.m.TestAll(ctx, func(s TestAllStep) { steps <- s }); err != nil {
			t.Error(err)
		}
	}()
	for s := range steps {
		if s.Result != nil {
			break // key1 is done; key2 waits for its start
		}
	}
	if !r.m.Testing() {
		t.Error("Testing() is false during TestAll")
	}
	if _, err := r.m.Test(ctx, "key2"); !errors.Is(err, ErrBusy) {
		t.Errorf("Test during TestAll: %v, want ErrBusy", err)
	}
	if _, err := r.m.TestKey(ctx, keyA); !errors.Is(err, ErrBusy) {
		t.Errorf("TestKey during TestAll: %v, want ErrBusy", err)
	}
	r.clock.drive(t, allDone)
	if len(ct.startTimes()) != 1+3 {
		t.Errorf("%d tests sent, want 4 (one Test, then three)", len(ct.startTimes()))
	}
}

func TestTestAllStopsAtOnceWhenCancelled(t *testing.T) {
	ctx := context.Background()
	t.Run("while waiting for the next start", func(t *testing.T) {
		r, ct := allRig(t, 4, 0)
		ctx, cancel := context.WithCancel(ctx)
		var results []TestAllResult
		var err error
		done := make(chan struct{})
		go func() {
			defer close(done)
			results, err = r.m.TestAll(ctx, func(s TestAllStep) {
				if s.Result != nil && s.Name == "key2" {
					cancel()
				}
			})
		}()
		r.clock.drive(t, done)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled", err)
		}
		if len(results) != 3 || results[0].Err != nil || results[1].Err != nil || !errors.Is(results[2].Err, context.Canceled) || results[2].Attempts != 0 {
			t.Errorf("results: %+v", results)
		}
		sameTimes(t, ct.startTimes(), 0, 0.5)
		if info, _ := r.index.Get("key3"); info.LastTest != nil {
			t.Error("a key never tested got a record")
		}
		if r.m.Testing() {
			t.Error("still testing after the cancel")
		}
	})
	t.Run("during a test", func(t *testing.T) {
		r, ct := allRig(t, 3, 0)
		ct.hold, ct.holding = "k002", make(chan struct{})
		ctx, cancel := context.WithCancel(ctx)
		go func() {
			<-ct.holding
			cancel()
		}()
		results, _, err := runAll(t, r, ctx)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled", err)
		}
		if len(results) != 2 || !errors.Is(results[1].Err, context.Canceled) || results[1].Attempts != 1 {
			t.Errorf("results: %+v", results)
		}
		if info, _ := r.index.Get("key2"); info.LastTest != nil {
			t.Errorf("a cancelled test was recorded: %+v", info.LastTest)
		}
		if n := len(ct.startTimes()); n != 2 {
			t.Errorf("%d tests sent, want 2", n)
		}
	})
}

// A pause OnceHub asked for before the run is waited out before its first
// test, and said.
func TestTestAllWaitsOutAnEarlierPause(t *testing.T) {
	r, ct := allRig(t, 2, 0)
	ct.plan["k001"] = []apiclient.Outcome{limited(5 * time.Second)}
	if o, _ := r.m.Test(context.Background(), "key1"); o.Kind != apiclient.RateLimited {
		t.Fatalf("the first test: %v", o.Kind)
	}
	r.clock.Advance(time.Second)
	_, steps, err := runAll(t, r, context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sameTimes(t, ct.startTimes(), 0, 5, 5.5)
	if len(steps) == 0 || steps[0].Waiting != 4*time.Second || steps[0].Name != "key1" || steps[0].Retry {
		t.Errorf("first step %+v, want a 4 s wait before key1's first try", steps[0])
	}
}

func TestTestAllWithNoKeys(t *testing.T) {
	r, ct := allRig(t, 0, 0)
	results, err := r.m.TestAll(context.Background(), nil)
	if err != nil || len(results) != 0 || len(ct.startTimes()) != 0 {
		t.Errorf("got %v, %v, %d tests", results, err, len(ct.startTimes()))
	}
}
