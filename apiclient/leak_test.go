package apiclient

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// usage is what one process holds that a leak would make grow.
type usage struct {
	goroutines int
	fds        int    // open file descriptors; -1 where they cannot be counted
	heap       uint64 // live heap bytes after a full collection
	tracked    int    // connections the warmer keeps books on
}

// measure closes the connections the Client keeps for the next test (they
// are not leaks, and a cancelled test may leave one from a dial finished in
// the background), then counts what is left.
func measure(c *Client) usage {
	c.CloseIdleConnections()
	// Objects with finalizers need a collection to queue the finalizer
	// and another after it ran.
	for range 3 {
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	u := usage{goroutines: runtime.NumGoroutine(), fds: -1, heap: ms.HeapAlloc}
	if entries, err := os.ReadDir("/proc/self/fd"); err == nil {
		u.fds = len(entries)
	}
	c.warm.mu.Lock()
	u.tracked = len(c.warm.idle)
	if c.warm.spare != nil {
		u.tracked++
	}
	c.warm.mu.Unlock()
	return u
}

// Margins for "flat". Goroutines and descriptors come and go with the two
// connections a Client may keep and the server's side of them (both ends
// live in this process), plus a goroutine or two of the runtime's; a leak of
// one per test would be hundreds.
const (
	goroutineMargin = 8
	fdMargin        = 8
	// heapSlack and heapPerTest bound the growth of the live heap: a
	// little once (buffers and caches filled on first use), and then less
	// than a small struct per test, so that keeping anything per test (a
	// map entry, a closure, a connection's buffers) fails.
	heapSlack   = 16 << 10
	heapPerTest = 32
)

// leakCase is one way 1000 tests in a row can go.
type leakCase struct {
	name string
	// n is how many tests. Cases that make a TLS handshake for every test,
	// which is slow under the race detector, run fewer.
	n       int
	handler func(key string) http.HandlerFunc
	// untrusted makes the client distrust the server's certificate.
	untrusted bool
	// warm calls Warm before each test, as the window does on hover.
	warm bool
	// cancelAfter cancels each test after this long (0: never).
	cancelAfter time.Duration
	want        Kind
}

func leakCases() []leakCase {
	return []leakCase{
		{name: "works on a kept connection", n: 1000, handler: func(key string) http.HandlerFunc {
			return keyHandler(key, "admin@example.com")
		}, want: Works},
		{name: "warmed before each test", n: 1000, warm: true, handler: func(key string) http.HandlerFunc {
			return keyHandler(key, "admin@example.com")
		}, want: Works},
		{name: "refused, server closes every connection", n: 500, handler: func(string) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Connection", "close")
				w.WriteHeader(http.StatusUnauthorized)
				io.WriteString(w, `{"type": "authentication_error", "message": "Invalid API key."}`)
			}
		}, want: NotRecognised},
		{name: "rate limited", n: 1000, handler: func(string) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Retry-After", "2")
				w.WriteHeader(http.StatusTooManyRequests)
				io.WriteString(w, `{"type": "rate_limit_error", "message": "Request rate limit exceeded"}`)
			}
		}, want: RateLimited},
		{name: "reply cut off mid-body", n: 500, handler: func(string) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Length", "200")
				w.WriteHeader(http.StatusOK)
				io.WriteString(w, `{"message": "The API key is valid`)
				panic(http.ErrAbortHandler) // the server drops the connection here
			}
		}, want: Unreachable},
		{name: "body over the cap", n: 500, handler: func(string) http.HandlerFunc {
			big := strings.Repeat("a", 4*bodyCap)
			return func(w http.ResponseWriter, r *http.Request) {
				io.WriteString(w, `{"message": "`+big+`"}`)
			}
		}, want: Unexpected},
		{name: "untrusted certificate", n: 500, untrusted: true, handler: func(key string) http.HandlerFunc {
			return keyHandler(key, "admin@example.com")
		}, want: NotSecure},
		{name: "cancelled while the server hangs", n: 500, cancelAfter: 2 * time.Millisecond, handler: func(string) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				// Never answer: when the client goes, drop the connection
				// without writing anything.
				<-r.Context().Done()
				panic(http.ErrAbortHandler)
			}
		}, want: Cancelled},
	}
}

// TestThousandTestsLeakNothing runs tests in a row from one Client against a
// loopback server, in each way a test can go, and checks that goroutines,
// open file descriptors, the warmer's books and the live heap stay flat.
func TestThousandTestsLeakNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("runs thousands of tests")
	}
	for _, lc := range leakCases() {
		t.Run(lc.name, func(t *testing.T) { runLeakCase(t, lc) })
	}
}

func runLeakCase(t *testing.T, lc leakCase) {
	p := newPKI(t)
	key := fakeKey(t)
	s := startQuietServer(t, p.goodLeaf(t), lc.handler(key))
	trust := p
	if lc.untrusted {
		trust = newPKI(t)
	}
	c, err := New(Config{BaseURL: s.URL + "/v2", Version: "1.2.3", RootCAs: trust.Pool, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)

	one := func(i int) {
		ctx := context.Background()
		if lc.warm {
			_ = c.Warm(ctx)
		}
		if lc.cancelAfter > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithCancel(ctx)
			defer time.AfterFunc(lc.cancelAfter, cancel).Stop()
			defer cancel()
		}
		o := c.Test(ctx, key)
		if o.Kind != lc.want {
			t.Fatalf("test %d: %v (%v, status %d), want %v", i+1, o.Kind, o.Reason, o.Status, lc.want)
		}
		checkNoKey(t, o, key)
	}

	warmUp := lc.n / 10
	for i := range warmUp {
		one(i)
	}
	before := settle(t, c, measure(c))
	for i := warmUp; i < lc.n; i++ {
		one(i)
	}
	after := settle(t, c, before)
	runs := lc.n - warmUp

	if after.goroutines > before.goroutines+goroutineMargin {
		t.Errorf("goroutines leaked: %d before %d tests, %d after", before.goroutines, runs, after.goroutines)
	}
	if before.fds >= 0 && after.fds > before.fds+fdMargin {
		t.Errorf("file descriptors leaked: %d open before %d tests, %d after", before.fds, runs, after.fds)
	}
	if after.tracked > 3 {
		t.Errorf("the warmer keeps books on %d connections after %d tests; a Client keeps at most 3", after.tracked, runs)
	}
	grown := int64(after.heap) - int64(before.heap)
	if limit := int64(heapSlack + heapPerTest*runs); grown > limit {
		t.Errorf("live heap grew by %d bytes over %d tests (%d per test; at most %d bytes allowed)", grown, runs, grown/int64(runs), limit)
	}
	t.Logf("%d tests (%v): goroutines %d -> %d, file descriptors %d -> %d, live heap %d -> %d bytes, server saw %d connections",
		runs, lc.want, before.goroutines, after.goroutines, before.fds, after.fds, before.heap, after.heap, s.accepts.Load())
}

// quietServer is a loopback HTTPS server that keeps nothing per request or
// connection, so that only the Client's own memory can grow.
type quietServer struct {
	*httptest.Server
	accepts atomic.Int64
}

func startQuietServer(t *testing.T, cert tls.Certificate, h http.HandlerFunc) *quietServer {
	t.Helper()
	s := &quietServer{Server: httptest.NewUnstartedServer(h)}
	s.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.accepts.Add(1)
		}
	}
	s.Config.ErrorLog = discardLog()
	s.StartTLS()
	t.Cleanup(s.Close)
	return s
}

// settle waits a moment for goroutines that are on their way out (the
// server's side of a closed connection) and returns the measurement, as
// soon as it is within the margins of base.
func settle(t *testing.T, c *Client, base usage) usage {
	t.Helper()
	u := measure(c)
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); {
		if u.goroutines <= base.goroutines+goroutineMargin && (u.fds < 0 || u.fds <= base.fds+fdMargin) {
			break
		}
		time.Sleep(20 * time.Millisecond)
		u = measure(c)
	}
	return u
}
