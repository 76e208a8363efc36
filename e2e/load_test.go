//go:build e2e

package e2e

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/oncekey/oncekey/internal/fakeoncehub"
)

// clickTest clicks the main view's Test button where the widget map puts
// it now, times times, delay milliseconds apart, also while it is off (a
// click then must send nothing).
func (s *session) clickTest(times, delay int) {
	s.t.Helper()
	s.clickAt(s.place("key.test"), times, delay)
}

// startWithKey saves a key with the command line, opens the window and
// waits until it has tested the key once.
func startWithKey(t *testing.T) (*rig, *session, string) {
	t.Helper()
	r := newRig(t)
	key := canaryKey(t)
	r.api.AddKey(key, "admin@example.com")
	r.saveKey(key)
	s := r.window()
	s.testUntil("works")
	return r, s, key
}

func TestLoadRapidClicksSendOneRequestAtATime(t *testing.T) {
	r, s, key := startWithKey(t)

	// While OnceHub's stand-in holds the first request, thirty quick
	// clicks send nothing more.
	r.api.Hang()
	base := r.api.Requests()
	s.clickTest(30, 30)
	s.waitFor("the first click's request", func() bool { return r.api.InFlight() == 1 })
	time.Sleep(300 * time.Millisecond) // room for any extra request to arrive
	if n := r.api.Requests() - base; n != 1 {
		t.Errorf("30 rapid clicks sent %d requests while the first was unanswered, want 1", n)
	}
	r.api.Release()
	s.waitFor("the held request to finish", func() bool { return r.api.InFlight() == 0 })

	// With quick answers, a hundred clicks send tests one after another,
	// never two at a time.
	base = r.api.Requests()
	s.clickTest(100, 10)
	s.settle()
	if n := r.api.Requests() - base; n < 2 || n > 100 {
		t.Errorf("100 rapid clicks sent %d requests", n)
	}
	if m := r.api.MaxInFlight(); m != 1 {
		t.Errorf("OnceHub's stand-in had %d requests from the window at one time, want at most 1", m)
	}
	t.Logf("100 clicks 10 ms apart sent %d tests, one at a time", r.api.Requests()-base)
	r.keyring.expectKey("default", key, "after rapid clicking")
	s.close()
	r.checkNothingElsewhere()
}

func TestLoad429StopsSendsUntilItsTimeIsUp(t *testing.T) {
	r, s, _ := startWithKey(t)

	const pause = 4 * time.Second
	r.api.Answer(&fakeoncehub.Reply{Status: http.StatusTooManyRequests,
		RetryAfter: strconv.Itoa(int(pause / time.Second)),
		Type:       "rate_limit_error", Message: "Request rate limit exceeded"})
	s.clickTest(1, 0)
	s.waitFor("the rate limit to be shown", func() bool { return s.shows("result.rate-limited") })
	limited := time.Now() // a little after the window itself saw the 429
	r.api.Answer(nil)
	base := r.api.Requests()

	// Clicks for most of the pause send nothing. The window's pause began
	// before limited, so this stays inside it.
	for time.Since(limited) < pause-1500*time.Millisecond {
		s.clickTest(3, 30)
		if n := r.api.Requests() - base; n != 0 {
			t.Fatalf("a test was sent %v into a %v pause OnceHub asked for", time.Since(limited).Round(100*time.Millisecond), pause)
		}
	}
	s.settle()
	s.screenshot("load-429-pause.png")

	// Once the time is up, a click tests again.
	s.waitFor("a test once the pause is over", func() bool {
		s.clickTest(1, 0)
		time.Sleep(100 * time.Millisecond)
		return r.api.Requests() > base
	})
	if waited := time.Since(limited); waited < pause-time.Second {
		t.Errorf("a test was sent %v after the 429, before the %v pause was over", waited.Round(100*time.Millisecond), pause)
	}
	s.waitFor("the test after the pause to work", func() bool { return s.lastTest() == "works" })
	s.close()
}

// procUsage is what the OnceKey process holds that a leak would make grow.
type procUsage struct {
	fds, threads int
	rssKB        int
}

func readProcUsage(t *testing.T, pid int) procUsage {
	t.Helper()
	dir := filepath.Join("/proc", strconv.Itoa(pid))
	fds, err := os.ReadDir(filepath.Join(dir, "fd"))
	if err != nil {
		t.Fatal(err)
	}
	status, err := os.ReadFile(filepath.Join(dir, "status"))
	if err != nil {
		t.Fatal(err)
	}
	u := procUsage{fds: len(fds)}
	for _, line := range strings.Split(string(status), "\n") {
		name, value, _ := strings.Cut(line, ":")
		fields := strings.Fields(value)
		if len(fields) == 0 {
			continue
		}
		n, _ := strconv.Atoi(fields[0])
		switch name {
		case "Threads":
			u.threads = n
		case "VmRSS":
			u.rssKB = n
		}
	}
	return u
}

func TestLoadWindowThousandTestsStayFlat(t *testing.T) {
	r, s, key := startWithKey(t)
	pid := s.cmd.Process.Pid

	// run clicks Test until n more tests reached the stand-in, clicking
	// again when a click came while the last test was still finishing.
	run := func(n int) {
		target := r.api.Requests() + n
		deadline := time.Now().Add(5 * time.Minute)
		for r.api.Requests() < target {
			before := r.api.Requests()
			s.clickTest(1, 0)
			for i := 0; i < 100 && r.api.Requests() == before; i++ {
				time.Sleep(2 * time.Millisecond)
			}
			if time.Now().After(deadline) || !s.alive() {
				t.Fatalf("gave up after %d of %d tests", n-int(target-r.api.Requests()), n)
			}
		}
	}
	quiet := func() procUsage {
		s.waitFor("the last test to finish", func() bool { return r.api.InFlight() == 0 })
		time.Sleep(time.Second) // let the window finish drawing the last result
		return readProcUsage(t, pid)
	}

	run(50)
	before := quiet()
	start := time.Now()
	const tests = 1000
	run(tests)
	took := time.Since(start)
	after := quiet()

	if after.fds > before.fds+4 {
		t.Errorf("file descriptors leaked: %d open before %d tests, %d after", before.fds, tests, after.fds)
	}
	if after.threads > before.threads+4 {
		t.Errorf("threads leaked: %d before %d tests, %d after", before.threads, tests, after.threads)
	}
	// The window draws in software, whose buffers come and go; a leak of
	// even 20 KB per test would be 20 MB.
	if grown := after.rssKB - before.rssKB; grown > 20<<10 {
		t.Errorf("memory grew by %d MB over %d tests (%d MB before)", grown>>10, tests, before.rssKB>>10)
	}
	if m := r.api.MaxInFlight(); m != 1 {
		t.Errorf("%d requests were in flight at one time", m)
	}
	t.Logf("%d tests in %v: file descriptors %d -> %d, threads %d -> %d, resident memory %d -> %d MB",
		tests, took.Round(time.Millisecond), before.fds, after.fds, before.threads, after.threads, before.rssKB>>10, after.rssKB>>10)
	r.keyring.expectKey("default", key, "after a thousand tests")
	s.close()
}
