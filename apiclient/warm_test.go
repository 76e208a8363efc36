package apiclient

import (
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestWarmThenTestUsesTheSameConnection(t *testing.T) {
	p := newPKI(t)
	key := fakeKey(t)
	s := startServer(t, p.goodLeaf(t), nil, keyHandler(key, "admin@example.com"))
	c := newClient(t, s, p, 5*time.Second)

	if err := c.Warm(context.Background()); err != nil {
		t.Fatalf("Warm: %v", err)
	}
	if a, h, r := s.accepts.Load(), s.handshakes.Load(), s.requests.Load(); a != 1 || h != 1 || r != 0 {
		t.Fatalf("after Warm: %d connections, %d handshakes, %d requests; want 1, 1, 0", a, h, r)
	}
	if err := c.Warm(context.Background()); err != nil || s.accepts.Load() != 1 {
		t.Fatalf("a second Warm dialed again (%d connections) or failed: %v", s.accepts.Load(), err)
	}
	if s.requests.Load() != 0 {
		t.Fatalf("Warm sent a request")
	}

	if o := c.Test(context.Background(), key); o.Kind != Works {
		t.Fatalf("Test after Warm: %v (%v)", o.Kind, o.Reason)
	}
	if a, h := s.accepts.Load(), s.handshakes.Load(); a != 1 || h != 1 {
		t.Errorf("Test after Warm opened a new connection: %d connections, %d handshakes", a, h)
	}

	// The connection went back to the pool: Warm sees it and does nothing,
	// and the next Test reuses it.
	if err := c.Warm(context.Background()); err != nil || s.accepts.Load() != 1 {
		t.Errorf("Warm after a Test dialed again (%d connections): %v", s.accepts.Load(), err)
	}
	if o := c.Test(context.Background(), key); o.Kind != Works || s.accepts.Load() != 1 {
		t.Errorf("second Test: %v with %d connections", o.Kind, s.accepts.Load())
	}
	if s.requests.Load() != 2 {
		t.Errorf("%d requests, want 2", s.requests.Load())
	}
}

func TestWarmAfterServerClosed(t *testing.T) {
	p := newPKI(t)
	key := fakeKey(t)
	s := startServer(t, p.goodLeaf(t), nil, keyHandler(key, "admin@example.com"))
	c := newClient(t, s, p, 5*time.Second)

	if err := c.Warm(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.closeConns() // the server hangs up on the spare
	time.Sleep(10 * time.Millisecond)
	// Warm notices the spare is dead and replaces it; Test then uses the
	// replacement.
	if err := c.Warm(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s.accepts.Load() != 2 {
		t.Errorf("Warm kept a closed spare: %d connections, want 2", s.accepts.Load())
	}
	o := c.Test(context.Background(), key)
	if o.Kind != Works {
		t.Fatalf("Test after the spare was replaced: %v (%v, status %d)", o.Kind, o.Reason, o.Status)
	}
	if s.accepts.Load() != 2 {
		t.Errorf("%d connections, want 2 (the closed spare and its replacement)", s.accepts.Load())
	}
	if s.requests.Load() != 1 {
		t.Errorf("%d requests, want 1", s.requests.Load())
	}

	// A pooled connection the server closes is noticed too: Warm dials.
	s.closeConns()
	deadline := time.Now().Add(5 * time.Second)
	for {
		c.warm.mu.Lock()
		idle := len(c.warm.idle)
		c.warm.mu.Unlock()
		if idle == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := c.Warm(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s.accepts.Load() != 3 {
		t.Errorf("Warm after the pooled connection closed: %d connections, want 3", s.accepts.Load())
	}

	// Test alone copes with a spare the server has closed.
	s.closeConns()
	time.Sleep(10 * time.Millisecond)
	if o := c.Test(context.Background(), key); o.Kind != Works || s.accepts.Load() != 4 {
		t.Errorf("Test with a closed spare: %v, %d connections, want works, 4", o.Kind, s.accepts.Load())
	}
}

// TestSpareClosedAfterTheCheck covers a server that hangs up on the spare
// only when the request arrives, after the liveness check: Test tries once
// more on a new connection.
func TestSpareClosedAfterTheCheck(t *testing.T) {
	p := newPKI(t)
	key := fakeKey(t)
	var first atomic.Bool
	first.Store(true)
	ok := keyHandler(key, "admin@example.com")
	s := startServer(t, p.goodLeaf(t), nil, func(w http.ResponseWriter, r *http.Request) {
		if first.Swap(false) {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		ok(w, r)
	})
	c := newClient(t, s, p, 5*time.Second)
	if err := c.Warm(context.Background()); err != nil {
		t.Fatal(err)
	}
	o := c.Test(context.Background(), key)
	if o.Kind != Works {
		t.Fatalf("got %v (%v)", o.Kind, o.Reason)
	}
	if s.accepts.Load() != 2 || s.requests.Load() != 2 {
		t.Errorf("%d connections, %d requests; want 2, 2", s.accepts.Load(), s.requests.Load())
	}

	// Without a spare, a server hanging up is reported, not retried.
	first.Store(true)
	c.CloseIdleConnections()
	o = c.Test(context.Background(), key)
	if o.Kind != Unreachable || s.requests.Load() != 3 {
		t.Errorf("got %v after %d requests", o.Kind, s.requests.Load())
	}
}

func TestWarmConcurrent(t *testing.T) {
	p := newPKI(t)
	key := fakeKey(t)
	s := startServer(t, p.goodLeaf(t), nil, keyHandler(key, "admin@example.com"))
	c := newClient(t, s, p, 5*time.Second)

	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			if err := c.Warm(context.Background()); err != nil {
				t.Errorf("Warm: %v", err)
			}
		}()
		go func() {
			defer wg.Done()
			if o := c.Test(context.Background(), key); o.Kind != Works {
				t.Errorf("Test: %v", o.Kind)
			}
		}()
	}
	wg.Wait()
	if n := s.requests.Load(); n != 8 {
		t.Errorf("%d requests, want 8", n)
	}
	// Concurrent Warms share one dial; Tests may need their own.
	if n := s.accepts.Load(); n > 9 {
		t.Errorf("%d connections for 8 tests and 8 warms", n)
	}
}

func TestWarmSharesOneDial(t *testing.T) {
	p := newPKI(t)
	s := startServer(t, p.goodLeaf(t), nil, keyHandler("x", "y"))
	c := newClient(t, s, p, 5*time.Second)
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.Warm(context.Background()); err != nil {
				t.Errorf("Warm: %v", err)
			}
		}()
	}
	wg.Wait()
	if n := s.accepts.Load(); n != 1 {
		t.Errorf("10 concurrent Warms opened %d connections, want 1", n)
	}
}

func TestWarmFailures(t *testing.T) {
	p := newPKI(t)
	stranger := newPKI(t)
	s := startServer(t, stranger.goodLeaf(t), nil, keyHandler("x", "y"))
	c := newClient(t, s, p, 5*time.Second)
	err := c.Warm(context.Background())
	if err == nil {
		t.Fatal("Warm trusted an unknown certificate")
	}
	if msg := err.Error(); msg == "" || containsAny(msg, "x509", "tls:", "127.0.0.1") {
		t.Errorf("Warm's error is not plain words: %q", msg)
	}
	if s.requests.Load() != 0 {
		t.Errorf("a request was sent")
	}

	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	c2, _ := New(Config{BaseURL: "https://" + addr, Timeout: time.Second})
	if err := c2.Warm(context.Background()); err == nil {
		t.Error("Warm to a closed port succeeded")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c2.Warm(ctx); err == nil {
		t.Error("Warm with a cancelled context succeeded")
	}
}

// TestTestWaitsForWarmInProgress checks that a Test started while Warm is
// still dialing uses Warm's connection rather than opening its own.
func TestTestWaitsForWarmInProgress(t *testing.T) {
	p := newPKI(t)
	key := fakeKey(t)
	s := startServer(t, p.goodLeaf(t), nil, keyHandler(key, "admin@example.com"))
	c := newClient(t, s, p, 5*time.Second)

	gate := make(chan struct{})
	realAddr := s.Listener.Addr().String()
	var dials atomic.Int64
	c.resolve = func(a string) string {
		if dials.Add(1) == 1 {
			<-gate // hold Warm's dial
		}
		return realAddr
	}
	warmed := make(chan error, 1)
	go func() { warmed <- c.Warm(context.Background()) }()
	for dials.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	tested := make(chan Outcome, 1)
	go func() { tested <- c.Test(context.Background(), key) }()
	time.Sleep(20 * time.Millisecond) // let Test reach its dial
	close(gate)
	if err := <-warmed; err != nil {
		t.Fatal(err)
	}
	if o := <-tested; o.Kind != Works {
		t.Fatalf("Test: %v", o.Kind)
	}
	if n := s.accepts.Load(); n != 1 {
		t.Errorf("%d connections, want 1", n)
	}
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
