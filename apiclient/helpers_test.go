package apiclient

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oncekey/oncekey/internal/testpki"
)

// testHost is a made-up API host name. Requests for it are sent to a
// loopback server by Client.resolve; unlike 127.0.0.1 it is a name a proxy
// is used for.
const testHost = "api.oncehub.test"

// fakeKey returns a new random key, different on every run.
func fakeKey(t testing.TB) string {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "fk_" + hex.EncodeToString(b)
}

// pki is a certificate authority made for one test.
type pki struct{ *testpki.CA }

func newPKI(t testing.TB) *pki {
	t.Helper()
	ca, err := testpki.NewCA("OnceKey test CA")
	if err != nil {
		t.Fatal(err)
	}
	return &pki{ca}
}

// goodLeaf is a currently valid certificate for the loopback names and testHost.
func (p *pki) goodLeaf(t testing.TB) tls.Certificate {
	t.Helper()
	cert, err := p.LoopbackLeaf(testHost)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

// Leaf is a certificate for names, valid from notBefore to notAfter.
func (p *pki) Leaf(t testing.TB, notBefore, notAfter time.Time, names ...string) tls.Certificate {
	t.Helper()
	cert, err := p.Issue(notBefore, notAfter, names...)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

// server is a loopback HTTPS server that counts what reaches it.
type server struct {
	*httptest.Server
	accepts    atomic.Int64 // TCP connections accepted
	handshakes atomic.Int64 // TLS handshakes begun (ClientHellos seen)
	requests   atomic.Int64 // HTTP requests that reached the handler

	mu      sync.Mutex
	headers []http.Header
	conns   []net.Conn
}

// startServer starts a loopback HTTPS server with the given certificate and
// TLS settings (nil for defaults) and handler.
func startServer(t testing.TB, cert tls.Certificate, conf *tls.Config, h http.HandlerFunc) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		s.mu.Lock()
		s.headers = append(s.headers, r.Header.Clone())
		s.mu.Unlock()
		h(w, r)
	}))
	if conf == nil {
		conf = &tls.Config{}
	}
	conf.Certificates = []tls.Certificate{cert}
	conf.GetConfigForClient = func(*tls.ClientHelloInfo) (*tls.Config, error) {
		s.handshakes.Add(1)
		return nil, nil
	}
	s.TLS = conf
	s.Config.ConnState = func(c net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.accepts.Add(1)
			s.mu.Lock()
			s.conns = append(s.conns, c)
			s.mu.Unlock()
		}
	}
	s.Config.ErrorLog = discardLog()
	s.StartTLS()
	t.Cleanup(s.Close)
	return s
}

// lastHeader returns the headers of the last request the handler saw.
func (s *server) lastHeader() http.Header {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.headers) == 0 {
		return nil
	}
	return s.headers[len(s.headers)-1]
}

// closeConns closes, from the server's side, every connection accepted so far.
func (s *server) closeConns() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.conns {
		c.Close()
	}
}

// keyHandler answers like OnceHub's /v2/test: 200 for key, 401 otherwise.
func keyHandler(key, account string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Request-Id", "req_0123456789abcdef")
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path != "/v2/test" || r.Method != http.MethodGet {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"type":"invalid_request_error","message":"Not found"}`)
			return
		}
		if r.Header.Get("API-Key") != key {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"type": "authentication_error", "message": "Invalid API key."}`)
			return
		}
		io.WriteString(w, `{"message": "The API key is valid for account: `+account+`"}`)
	}
}

// newClient makes a Client for s's /v2 base that trusts p.
func newClient(t testing.TB, s *server, p *pki, timeout time.Duration) *Client {
	t.Helper()
	c, err := New(Config{BaseURL: s.URL + "/v2", Version: "1.2.3", RootCAs: p.Pool, Timeout: timeout})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

// countingListener is a loopback TCP listener that counts accepted
// connections and then either holds them silently or closes them.
type countingListener struct {
	net.Listener
	accepts atomic.Int64
	mu      sync.Mutex
	held    []net.Conn
}

func listenCounting(t testing.TB, hold bool) *countingListener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := &countingListener{Listener: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			l.accepts.Add(1)
			if hold {
				l.mu.Lock()
				l.held = append(l.held, c)
				l.mu.Unlock()
			} else {
				c.Close()
			}
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		l.mu.Lock()
		for _, c := range l.held {
			c.Close()
		}
		l.mu.Unlock()
	})
	return l
}

// keyName names key in a failure message without revealing it.
func keyName(key string) string {
	if e := Ending(key); e != "" {
		return "the key ending in " + e
	}
	return "the key"
}

// checkNoKey fails the test if key appears in any text an Outcome carries:
// these facts are shown, copied and stored.
func checkNoKey(t testing.TB, o Outcome, key string) {
	t.Helper()
	for name, s := range map[string]string{
		"Account": o.Account, "RequestID": o.RequestID, "Host": o.Host, "TLSAlert": o.TLSAlert,
	} {
		if strings.Contains(s, key) {
			t.Errorf("Outcome.%s contains %s", name, keyName(key))
		}
	}
}

// checkErrorClean fails the test if err's text holds any of secrets (a key,
// or a password in a URL): Error() ends up in logs and scripts' output.
func checkErrorClean(t testing.TB, err error, secrets ...string) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range secrets {
		if s != "" && strings.Contains(err.Error(), s) {
			t.Errorf("error text repeats a secret of %d characters", len(s))
		}
	}
}

// notSecureReasons are the reasons a NotSecure outcome may carry.
var notSecureReasons = map[Reason]bool{
	ReasonCertUntrusted: true, ReasonCertWrongName: true, ReasonCertExpired: true,
	ReasonCertInvalid: true, ReasonNotTLS: true, ReasonTLSAlert: true, ReasonTLS: true,
}

// checkFacts fails the test unless o carries the facts the words package
// needs for its kind, and none that belong to another kind.
func checkFacts(t testing.TB, o Outcome) {
	t.Helper()
	if o.Host == "" {
		t.Errorf("%v: no host", o.Kind)
	}
	if o.Kind != InvalidKey && (o.Input != InputOK || o.InputLen != 0) {
		t.Errorf("%v carries an input problem %v", o.Kind, o.Input)
	}
	if (o.Reason == ReasonTLSAlert) != (o.TLSAlert != "") {
		t.Errorf("%v: reason %v with TLS alert %q", o.Kind, o.Reason, o.TLSAlert)
	}
	if (o.Kind == RateLimited) != (o.RetryAfter != 0) ||
		o.Kind == RateLimited && (o.RetryAfter < minRetryAfter || o.RetryAfter > maxRetryAfter) {
		t.Errorf("%v: RetryAfter %v", o.Kind, o.RetryAfter)
	}
	switch o.Kind {
	case Unreachable:
		if o.Reason == ReasonNone || notSecureReasons[o.Reason] {
			t.Errorf("Unreachable with reason %v", o.Reason)
		}
	case NotSecure:
		if o.KeySent || !notSecureReasons[o.Reason] {
			t.Errorf("NotSecure with reason %v, KeySent %v", o.Reason, o.KeySent)
		}
	case Unexpected:
		if o.Reason == ReasonNone || notSecureReasons[o.Reason] {
			t.Errorf("Unexpected with reason %v", o.Reason)
		}
	case InvalidKey:
		if o.KeySent || o.Input == InputOK {
			t.Errorf("InvalidKey with input %v, KeySent %v", o.Input, o.KeySent)
		}
	default:
		if o.Reason != ReasonNone {
			t.Errorf("%v with reason %v", o.Kind, o.Reason)
		}
	}
}

func withTimeout(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func discardLog() *log.Logger { return log.New(io.Discard, "", 0) }
