// Package fakeoncehub is a loopback stand-in for OnceHub's API, for tests
// of the command line, the window and the whole program. It answers
// GET /v2/test the way OnceHub's published OpenAPI spec describes, over TLS
// with a certificate made when it starts, so callers trust it through a root
// pool or SSL_CERT_FILE and never through an insecure switch.
package fakeoncehub

import (
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
)

// Reply is a canned answer that replaces the normal key check.
type Reply struct {
	Status     int
	Type       string // OnceHub's error "type", e.g. "rate_limit_error"
	Message    string
	RetryAfter string // Retry-After header, when set
}

// Server is a running fake OnceHub API.
type Server struct {
	// URL is the API base, like https://127.0.0.1:port/v2.
	URL string
	// Pool trusts the server's certificate.
	Pool *x509.CertPool

	srv      *httptest.Server
	requests atomic.Int64
	inFlight atomic.Int64
	maxIn    atomic.Int64

	mu       sync.Mutex
	accounts map[string]string // key -> account e-mail
	canned   *Reply
	hang     chan struct{} // non-nil: requests wait until it is closed
}

// Start starts a server on a loopback port. Keys are added with AddKey.
func Start() *Server {
	s := &Server{accounts: map[string]string{}}
	s.srv = httptest.NewTLSServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL + "/v2"
	s.Pool = x509.NewCertPool()
	s.Pool.AddCert(s.srv.Certificate())
	return s
}

// AddKey makes key valid for the account e-mail.
func (s *Server) AddKey(key, account string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accounts[key] = account
}

// RemoveKey makes key unknown, as regenerating it in OnceHub does.
func (s *Server) RemoveKey(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.accounts, key)
}

// Answer makes every request get r until Answer(nil).
func (s *Server) Answer(r *Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.canned = r
}

// Hang makes requests wait without answering until Release is called.
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
	if s.hang != nil {
		close(s.hang)
		s.hang = nil
	}
}

// Requests is how many requests reached the handler.
func (s *Server) Requests() int { return int(s.requests.Load()) }

// MaxInFlight is the most requests that were being handled at one time.
func (s *Server) MaxInFlight() int { return int(s.maxIn.Load()) }

// WriteCertFile writes the server's certificate as PEM into dir and
// returns the file's path, for SSL_CERT_FILE.
func (s *Server) WriteCertFile(dir string) (string, error) {
	path := filepath.Join(dir, "fake-oncehub-ca.crt")
	data := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.srv.Certificate().Raw})
	return path, os.WriteFile(path, data, 0o600)
}

// Close releases hanging requests and stops the server.
func (s *Server) Close() {
	s.Release()
	s.srv.CloseClientConnections()
	s.srv.Close()
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	n := s.requests.Add(1)
	in := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for {
		old := s.maxIn.Load()
		if in <= old || s.maxIn.CompareAndSwap(old, in) {
			break
		}
	}
	w.Header().Set("Request-Id", fmt.Sprintf("req_%016x", n))

	s.mu.Lock()
	hang, canned := s.hang, s.canned
	account, known := s.accounts[r.Header.Get("API-Key")]
	s.mu.Unlock()

	if hang != nil {
		select {
		case <-hang:
		case <-r.Context().Done():
			return
		}
	}
	switch {
	case r.Method != http.MethodGet || r.URL.Path != "/v2/test":
		writeError(w, http.StatusNotFound, "invalid_request_error", "Not found.", "")
	case canned != nil:
		writeError(w, canned.Status, canned.Type, canned.Message, canned.RetryAfter)
	case !known:
		writeError(w, http.StatusUnauthorized, "authentication_error", "Invalid API key.", "")
	default:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{
			"message": "The API key is valid for account: " + account,
		})
	}
}

func writeError(w http.ResponseWriter, status int, typ, message, retryAfter string) {
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"type": typ, "message": message})
}
