package apiclient

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"sync"
	"time"
)

// Warm opens a secure connection to the API host ahead of time, without
// sending any request, so that the next Test needs a single round trip.
// It does nothing when a fresh connection is already open, and nothing when
// a proxy carries the connections. Its error, if any, is plain words; Test
// works the same after a failed Warm, only slower.
func (c *Client) Warm(ctx context.Context) error {
	if c.proxied {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	return c.warm.ensure(ctx, func(ctx context.Context) (*tls.Conn, error) {
		return c.dialTLS(ctx, "tcp", c.addr)
	})
}

// errWarm is Warm's error. It wraps the cause, which stays out of the text.
type errWarm struct{ cause error }

func (e *errWarm) Error() string {
	return "warm: no spare connection"
}
func (e *errWarm) Unwrap() error { return e.cause }

// dialTLSContext is the Transport's DialTLSContext. For the API host it hands
// over Warm's spare connection when there is a live one, and otherwise dials.
// Connections to the API host are tracked so Warm knows when one is idle.
func (c *Client) dialTLSContext(ctx context.Context, network, addr string) (net.Conn, error) {
	if addr != c.addr {
		// A TLS connection to an https proxy; not for Warm.
		return c.dialTLS(ctx, network, addr)
	}
	if tc := c.warm.takeSpare(ctx); tc != nil {
		return tc, nil
	}
	conn, err := c.dialTLS(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	return c.warm.track(conn, false), nil
}

// warmer keeps Warm's spare connection and knows which tracked connections
// the Transport holds idle.
type warmer struct {
	addr string

	mu       sync.Mutex
	spare    *trackedConn
	spareAt  time.Time
	idle     map[*trackedConn]bool // tracked connections idle in the Transport's pool
	inflight *warmCall             // Warm's dial in progress, shared by concurrent callers
}

type warmCall struct {
	done chan struct{}
	err  error
}

func (w *warmer) init(addr string) {
	w.addr = addr
	w.idle = map[*trackedConn]bool{}
}

// ensure makes sure a spare or idle connection exists, dialing one if not.
func (w *warmer) ensure(ctx context.Context, dial func(context.Context) (*tls.Conn, error)) error {
	w.mu.Lock()
	if len(w.idle) > 0 || w.liveSpareLocked() {
		w.mu.Unlock()
		return nil
	}
	if call := w.inflight; call != nil {
		w.mu.Unlock()
		select {
		case <-call.done:
			return call.err
		case <-ctx.Done():
			return &errWarm{ctx.Err()}
		}
	}
	call := &warmCall{done: make(chan struct{})}
	w.inflight = call
	w.mu.Unlock()

	conn, err := dial(ctx)
	w.mu.Lock()
	w.inflight = nil
	if err == nil {
		w.spare, w.spareAt = w.track(conn, true), time.Now()
	} else {
		call.err = &errWarm{err}
	}
	w.mu.Unlock()
	close(call.done)
	return call.err
}

// liveSpareLocked reports whether the spare is young and still open,
// discarding it if not. w.mu must be held.
func (w *warmer) liveSpareLocked() bool {
	if w.spare == nil {
		return false
	}
	if time.Since(w.spareAt) < idleTimeout && w.spare.alive() {
		return true
	}
	spare := w.spare
	spare.dropLocked()
	go spare.Conn.Close() // may block on a write; not under w.mu
	return false
}

// takeSpare hands over the spare connection if it is live, waiting for a
// Warm in progress first so a Test started just after Warm still uses it.
func (w *warmer) takeSpare(ctx context.Context) *trackedConn {
	w.mu.Lock()
	if call := w.inflight; call != nil {
		w.mu.Unlock()
		select {
		case <-call.done:
		case <-ctx.Done():
			return nil
		}
		w.mu.Lock()
	}
	defer w.mu.Unlock()
	if !w.liveSpareLocked() {
		return nil
	}
	spare := w.spare
	w.spare = nil
	return spare
}

// closeSpare closes the spare connection, if any.
func (w *warmer) closeSpare() {
	w.mu.Lock()
	spare := w.spare
	w.spare = nil
	w.mu.Unlock()
	if spare != nil {
		spare.Close()
	}
}

func (w *warmer) track(conn *tls.Conn, spare bool) *trackedConn {
	return &trackedConn{Conn: conn, w: w, fresh: spare}
}

// trackedConn is a connection to the API host whose use, idleness and
// closing the warmer follows. The Transport closes it when the server hangs
// up or when it has been idle too long, so Close is a reliable signal.
type trackedConn struct {
	*tls.Conn
	w *warmer

	// Guarded by w.mu.
	uses   uint64 // how many requests have got this connection
	fresh  bool   // a spare from Warm not used by any request yet
	closed bool
}

// taken records that a request got the connection. It returns the use
// number and whether this is the first use of a spare from Warm.
func (tc *trackedConn) taken() (use uint64, spare bool) {
	tc.w.mu.Lock()
	defer tc.w.mu.Unlock()
	delete(tc.w.idle, tc)
	tc.uses++
	spare, tc.fresh = tc.fresh, false
	return tc.uses, spare
}

// idled records that the request with the given use number returned the
// connection to the pool. A stale report, from a request that finished after
// another had already got the connection, is ignored.
func (tc *trackedConn) idled(use uint64) {
	tc.w.mu.Lock()
	defer tc.w.mu.Unlock()
	if tc.uses == use && !tc.closed {
		tc.w.idle[tc] = true
	}
}

// Close closes the connection and drops it from the warmer's books.
func (tc *trackedConn) Close() error {
	tc.w.mu.Lock()
	tc.dropLocked()
	tc.w.mu.Unlock()
	return tc.Conn.Close()
}

// dropLocked marks the connection closed and forgets it. w.mu must be held.
func (tc *trackedConn) dropLocked() {
	tc.closed = true
	delete(tc.w.idle, tc)
	if tc.w.spare == tc {
		tc.w.spare = nil
	}
}

// alivePeek is how long alive waits for a sign that the server hung up.
const alivePeek = time.Millisecond

// alive reports whether an unused connection is still open, by reading
// for a moment: a live one has nothing to say and times out, while one the
// server has closed reports the end at once. Anything else it might say
// makes the connection unusable for HTTP, so that counts as dead too.
func (tc *trackedConn) alive() bool {
	if err := tc.SetReadDeadline(time.Now().Add(alivePeek)); err != nil {
		return false
	}
	var b [1]byte
	n, err := tc.Conn.Read(b[:])
	_ = tc.SetReadDeadline(time.Time{})
	var ne net.Error
	return n == 0 && errors.As(err, &ne) && ne.Timeout()
}
