// Package fakeoncehub is the one loopback stand-in for OnceHub's API: for
// the unit tests of the window and the command line, the whole-program
// tests, the benchmark, and trying OnceKey by hand (internal/cmd/fakeoncehub).
// It answers GET /v2/test and the webhook endpoints the way OnceHub's published OpenAPI spec
// describes, over TLS with certificates from internal/testpki, so callers
// trust it through a root pool or SSL_CERT_FILE and never through an
// insecure switch. It can misbehave on purpose (faults.go) and counts what
// reaches it. It never logs a key, and keeps only salted digests of the
// keys it is given or sent, so that a key can be recognised but not read
// back.
package fakeoncehub

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/oncekey/oncekey/internal/testpki"
)

// Reply is a canned answer that replaces the key check of every OnceHub
// endpoint, for 403, 429, 5xx and odd replies.
type Reply struct {
	Status     int
	Type       string // OnceHub's error "type", e.g. "rate_limit_error"
	Message    string // with Type empty too, the reply has no body
	RetryAfter string // Retry-After header, when set
	Location   string // Location header, when set: a redirect
}

// Options adjust a Server. The zero value is a server with a CA of its own.
type Options struct {
	// CA signs the server's certificates; nil makes a new one. Sharing a CA
	// lets other test servers be trusted through the same SSL_CERT_FILE.
	CA *testpki.CA
	// Names are more names for the certificate, beyond testpki.Loopback:
	// a made-up host name that a proxy carries connections for.
	Names []string
	// HTTP2 offers HTTP/2 as well as HTTP/1.1, as OnceHub's own servers do,
	// for clients such as curl. The reply faults need HTTP/1.1.
	HTTP2 bool
}

// Server is a running stand-in for OnceHub's API.
type Server struct {
	URL  string         // the API base, like https://127.0.0.1:port/v2
	Addr string         // host:port
	CA   *testpki.CA    // signs the certificates
	Pool *x509.CertPool // trusts CA

	srv  *http.Server
	mux  *http.ServeMux
	salt [16]byte
	// TLS settings by TLSMode, made once when the server starts.
	tlsConfs [tlsModes]*tls.Config

	tlsMode   atomic.Int32
	replyMode atomic.Int32
	slowGap   atomic.Int64 // ReplySlow's pause between bytes, in nanoseconds

	accepts   atomic.Int64
	hellos    atomic.Int64
	requests  atomic.Int64
	inFlight  atomic.Int64
	maxIn     atomic.Int64
	abandoned atomic.Int64
	hugeSent  atomic.Int64

	mu       sync.Mutex
	accounts map[digest]string // key's digest -> account e-mail
	sent     map[digest]int    // key's digest -> requests that carried it
	canned   *Reply
	cannedN  int           // > 0: canned answers only this many more requests
	arrivals []time.Time   // when each request arrived
	hang     chan struct{} // non-nil: requests wait until it is closed
	conns    map[*trackedConn]bool
	closed   bool
	handlers sync.WaitGroup

	webhooks    map[string][]Webhook // account -> its webhooks, oldest first
	webhookSeq  int
	pageAfters  []string // the "after" of each list request
	pageFault   *Reply   // answers the pageFaultIn-th list request from now
	pageFaultIn int
}

// digest stands for a key: the server compares keys without keeping them.
type digest [sha256.Size]byte

// Start starts a server with default Options and panics if it cannot, as
// httptest.NewServer does: for tests. Programs call New.
func Start() *Server {
	s, err := New(Options{})
	if err != nil {
		panic("fakeoncehub: " + err.Error())
	}
	return s
}

// New starts a server on a loopback port. Keys are added with AddKey.
func New(o Options) (*Server, error) {
	ca := o.CA
	if ca == nil {
		var err error
		if ca, err = testpki.NewCA("OnceKey stand-in for OnceHub"); err != nil {
			return nil, err
		}
	}
	s := &Server{
		CA:       ca,
		Pool:     ca.Pool,
		accounts: map[digest]string{},
		sent:     map[digest]int{},
		conns:    map[*trackedConn]bool{},
	}
	if _, err := rand.Read(s.salt[:]); err != nil {
		return nil, err
	}
	if err := s.makeTLSConfs(o.Names, o.HTTP2); err != nil {
		return nil, err
	}
	s.slowGap.Store(int64(10 * time.Millisecond))

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.Addr = ln.Addr().String()
	s.URL = "https://" + s.Addr + "/v2"
	s.mux = http.NewServeMux()
	s.routes()
	s.srv = &http.Server{
		Handler:           http.HandlerFunc(s.serve),
		ReadHeaderTimeout: 10 * time.Second,
		// net/http's own complaints (a client that rejected the
		// certificate, on purpose) are noise in test output.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	tlsLn := tls.NewListener(&listener{Listener: ln, s: s}, &tls.Config{
		GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
			s.hellos.Add(1) // one ClientHello: one handshake begun
			return s.tlsConfs[s.tlsMode.Load()], nil
		},
	})
	go func() { _ = s.srv.Serve(tlsLn) }()
	return s, nil
}

// routes are OnceHub's endpoints the stand-in knows; anything else is 404.
func (s *Server) routes() {
	s.mux.HandleFunc("GET /v2/test", s.withKey(func(w http.ResponseWriter, _ *http.Request, account string) {
		writeJSON(w, http.StatusOK, map[string]string{"message": "The API key is valid for account: " + account})
	}))
	s.webhookRoutes()
	s.mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, http.StatusNotFound, "invalid_request_error", "Not found.")
	})
}

// AddKey makes key valid for the account e-mail.
func (s *Server) AddKey(key, account string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accounts[s.digest(key)] = account
}

// RemoveKey makes key unknown, as deleting or regenerating it in OnceHub does.
func (s *Server) RemoveKey(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.accounts, s.digest(key))
}

// Answer makes every request to a OnceHub endpoint get r until Answer(nil).
func (s *Server) Answer(r *Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.canned, s.cannedN = r, 0
}

// AnswerNext makes the next n requests to a OnceHub endpoint get r; those
// after them are answered as usual.
func (s *Server) AnswerNext(n int, r *Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.canned, s.cannedN = r, n
}

// Arrivals returns when each request arrived, in order.
func (s *Server) Arrivals() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.arrivals...)
}

// MaxPerSecond is the most requests that arrived within any one second.
func (s *Server) MaxPerSecond() int {
	at := s.Arrivals()
	most := 0
	for i := range at {
		n := 0
		for j := i; j < len(at) && at[j].Sub(at[i]) < time.Second; j++ {
			n++
		}
		most = max(most, n)
	}
	return most
}

// Hang makes requests wait without answering until Release is called or
// their client goes away (counted by Abandoned).
func (s *Server) Hang() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hang == nil {
		s.hang = make(chan struct{})
	}
}

// Release lets hanging requests go on and stops hanging new ones.
func (s *Server) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.releaseLocked()
}

func (s *Server) releaseLocked() {
	if s.hang != nil {
		close(s.hang)
		s.hang = nil
	}
}

// DropConns closes every open connection from the server's side, so that
// the next request connects anew and meets the current TLSMode.
func (s *Server) DropConns() {
	s.mu.Lock()
	open := make([]*trackedConn, 0, len(s.conns))
	for c := range s.conns {
		open = append(open, c)
	}
	s.mu.Unlock()
	for _, c := range open {
		c.Close()
	}
}

// Counts is a snapshot of what reached a Server.
type Counts struct {
	Accepts    int64 // TCP connections accepted
	Handshakes int64 // TLS handshakes begun (ClientHellos seen)
	Requests   int64 // HTTP requests read
}

// Sub returns the counts since an earlier snapshot.
func (c Counts) Sub(earlier Counts) Counts {
	return Counts{c.Accepts - earlier.Accepts, c.Handshakes - earlier.Handshakes, c.Requests - earlier.Requests}
}

// Counts returns the counters now.
func (s *Server) Counts() Counts {
	return Counts{s.accepts.Load(), s.hellos.Load(), s.requests.Load()}
}

// Requests is how many requests reached the server.
func (s *Server) Requests() int { return int(s.requests.Load()) }

// InFlight is how many requests are being answered (or held) now.
func (s *Server) InFlight() int { return int(s.inFlight.Load()) }

// MaxInFlight is the most requests that were being answered at one time.
func (s *Server) MaxInFlight() int { return int(s.maxIn.Load()) }

// Abandoned is how many hanging requests were given up by their client.
func (s *Server) Abandoned() int { return int(s.abandoned.Load()) }

// Sent is how many requests carried key in their API-Key header.
func (s *Server) Sent(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent[s.digest(key)]
}

// WriteCertFile writes the CA's certificate as PEM into dir and returns
// the file's path, for SSL_CERT_FILE.
func (s *Server) WriteCertFile(dir string) (string, error) {
	path := filepath.Join(dir, "fake-oncehub-ca.crt")
	return path, s.CA.WriteCertFile(path)
}

// Close releases hanging requests, stops the server and waits until every
// request it was answering has ended.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	s.releaseLocked()
	s.mu.Unlock()
	_ = s.srv.Close()
	s.DropConns() // http.Server.Close leaves hijacked connections open
	s.handlers.Wait()
}

func (s *Server) digest(key string) digest {
	return sha256.Sum256(append(s.salt[:], key...))
}

// serve counts and notes every request, holds it while hanging, and then
// misbehaves as the ReplyMode says or routes it.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.handlers.Add(1)
	defer s.handlers.Done()
	s.sent[s.digest(r.Header.Get("API-Key"))]++
	s.arrivals = append(s.arrivals, time.Now())
	hang := s.hang
	s.mu.Unlock()

	n := s.requests.Add(1)
	in := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for old := s.maxIn.Load(); in > old && !s.maxIn.CompareAndSwap(old, in); old = s.maxIn.Load() {
	}
	id := fmt.Sprintf("req_%016x", n)
	w.Header().Set("Request-Id", id)

	if hang != nil {
		select {
		case <-hang:
		case <-r.Context().Done():
			s.abandoned.Add(1)
			// Abort: returning would make net/http send an empty 200,
			// which a client racing its own cancel could still read.
			panic(http.ErrAbortHandler)
		}
	}
	if m := ReplyMode(s.replyMode.Load()); m != ReplyNormal {
		s.misreply(w, m, id)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// withKey answers with the canned Reply if there is one, 401 for a key
// OnceHub does not know, and otherwise calls h with the key's account.
func (s *Server) withKey(h func(w http.ResponseWriter, r *http.Request, account string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		canned := s.canned
		if s.cannedN > 0 {
			if s.cannedN--; s.cannedN == 0 {
				s.canned = nil
			}
		}
		account, known := s.accounts[s.digest(r.Header.Get("API-Key"))]
		s.mu.Unlock()
		switch {
		case canned != nil:
			writeReply(w, canned)
		case !known:
			writeError(w, http.StatusUnauthorized, "authentication_error", "Invalid API key.")
		default:
			h(w, r, account)
		}
	}
}

func writeReply(w http.ResponseWriter, c *Reply) {
	if c.RetryAfter != "" {
		w.Header().Set("Retry-After", c.RetryAfter)
	}
	if c.Location != "" {
		w.Header().Set("Location", c.Location)
	}
	if c.Type == "" && c.Message == "" {
		w.WriteHeader(c.Status)
		return
	}
	writeError(w, c.Status, c.Type, c.Message)
}

// writeError writes OnceHub's error body (components/schemas/Error).
func writeError(w http.ResponseWriter, status int, typ, message string) {
	writeJSON(w, status, map[string]string{"type": typ, "message": message})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// listener counts accepted connections, tracks them for DropConns, and
// hangs up at once in TLSHangUp.
type listener struct {
	net.Listener
	s *Server
}

func (l *listener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		l.s.accepts.Add(1)
		if TLSMode(l.s.tlsMode.Load()) == TLSHangUp {
			c.Close()
			continue
		}
		tc := &trackedConn{Conn: c, s: l.s}
		l.s.mu.Lock()
		l.s.conns[tc] = true
		l.s.mu.Unlock()
		return tc, nil
	}
}

// trackedConn leaves the server's set of open connections when closed.
type trackedConn struct {
	net.Conn
	s *Server
}

func (c *trackedConn) Close() error {
	c.s.mu.Lock()
	delete(c.s.conns, c)
	c.s.mu.Unlock()
	return c.Conn.Close()
}
