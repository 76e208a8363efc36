package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// apiServer is a loopback HTTPS stand-in for OnceHub's GET /v2/test that
// counts what it sees: TCP connections accepted, TLS handshakes begun and
// requests. Its certificate is made when it starts.
type apiServer struct {
	URL      string // API base, like https://127.0.0.1:port/v2
	Addr     string // host:port
	Pool     *x509.CertPool
	CertPEM  []byte
	key      string
	account  string
	hang     bool // requests to /v2/test never get an answer
	srv      *http.Server
	ln       net.Listener
	accepts  atomic.Int64
	hellos   atomic.Int64
	requests atomic.Int64
	waiting  atomic.Int64 // requests being held (hang)

	mu   sync.Mutex
	stop chan struct{}
}

// serverCounts is a snapshot of an apiServer's counters.
type serverCounts struct {
	Accepts, Handshakes, Requests int64
}

// Sub returns the counts since an earlier snapshot.
func (c serverCounts) Sub(earlier serverCounts) serverCounts {
	return serverCounts{c.Accepts - earlier.Accepts, c.Handshakes - earlier.Handshakes, c.Requests - earlier.Requests}
}

// startAPIServer starts a server that accepts key (and only key) for
// account. With hang, no request to /v2/test is ever answered: the server
// holds it until the client gives up.
func startAPIServer(key, account string, hang bool) (*apiServer, error) {
	cert, certPEM, err := selfSignedLoopback()
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &apiServer{key: key, account: account, hang: hang, CertPEM: certPEM, stop: make(chan struct{})}
	s.Pool = x509.NewCertPool()
	s.Pool.AppendCertsFromPEM(certPEM)
	s.Addr = ln.Addr().String()
	s.URL = "https://" + s.Addr + "/v2"
	s.ln = &countingListener{Listener: ln, n: &s.accepts}
	conf := &tls.Config{
		Certificates: []tls.Certificate{cert},
		MinVersion:   tls.VersionTLS12,
		NextProtos:   []string{"h2", "http/1.1"},
		GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
			s.hellos.Add(1) // one ClientHello: one handshake begun
			return nil, nil
		},
	}
	s.srv = &http.Server{Handler: http.HandlerFunc(s.serve), TLSConfig: conf, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.srv.ServeTLS(s.ln, "", "") }()
	return s, nil
}

// Counts returns the counters now.
func (s *apiServer) Counts() serverCounts {
	return serverCounts{s.accepts.Load(), s.hellos.Load(), s.requests.Load()}
}

// Waiting is how many requests are being held unanswered now.
func (s *apiServer) Waiting() int64 { return s.waiting.Load() }

// WriteCert writes the certificate as PEM to path, for curl --cacert and
// SSL_CERT_FILE.
func (s *apiServer) WriteCert(path string) error {
	return os.WriteFile(path, s.CertPEM, 0o600)
}

// Close stops the server and lets held requests go.
func (s *apiServer) Close() {
	s.mu.Lock()
	select {
	case <-s.stop:
	default:
		close(s.stop)
	}
	s.mu.Unlock()
	_ = s.srv.Close()
}

func (s *apiServer) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v2/test" {
		http.NotFound(w, r)
		return
	}
	s.requests.Add(1)
	if s.hang {
		s.waiting.Add(1)
		defer s.waiting.Add(-1)
		select {
		case <-r.Context().Done():
		case <-s.stop:
		}
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Request-Id", "req_bench0000000000")
	if r.Header.Get("API-Key") != s.key {
		w.WriteHeader(http.StatusUnauthorized)
		_ = json.NewEncoder(w).Encode(map[string]string{"type": "authentication_error", "message": "Invalid API key."})
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]string{"message": "The API key is valid for account: " + s.account})
}

// countingListener counts accepted TCP connections.
type countingListener struct {
	net.Listener
	n *atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.n.Add(1)
	}
	return c, err
}

// selfSignedLoopback makes a certificate for 127.0.0.1 and ::1 that is its
// own authority, so clients trust it through a root pool or a CA file.
func selfSignedLoopback() (tls.Certificate, []byte, error) {
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "OnceKey benchmark stand-in"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: priv}, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), nil
}
