//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oncekey/oncekey/internal/testpki"
)

// apiName is the made-up host name the stand-in for OnceHub answers to when
// a proxy carries the connection; the .test top-level name never resolves.
const apiName = "api.oncehub.test"

// testCA is a certificate authority made when a test starts. OnceKey trusts
// it through SSL_CERT_FILE only.
type testCA struct {
	*testpki.CA
	certFile string
}

func newTestCA(t *testing.T, dir string) *testCA {
	t.Helper()
	pki, err := testpki.NewCA("OnceKey end-to-end test CA")
	if err != nil {
		t.Fatal(err)
	}
	ca := &testCA{CA: pki, certFile: filepath.Join(dir, "e2e-ca.crt")}
	if err := ca.WriteCertFile(ca.certFile); err != nil {
		t.Fatal(err)
	}
	return ca
}

// goodLeaf is valid now for the loopback names and apiName.
func (ca *testCA) goodLeaf(t *testing.T) tls.Certificate {
	return ca.Leaf(t, time.Now().Add(-time.Hour), time.Now().Add(time.Hour), "127.0.0.1", "::1", "localhost", apiName)
}

// Leaf is a certificate for names, valid from notBefore to notAfter.
func (ca *testCA) Leaf(t *testing.T, notBefore, notAfter time.Time, names ...string) tls.Certificate {
	t.Helper()
	cert, err := ca.Issue(notBefore, notAfter, names...)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

// tlsMode is how the stand-in for OnceHub sets up a new connection.
type tlsMode int32

const (
	tlsGood      tlsMode = iota // a certificate from testCA for the right names
	tlsWrongName                // a trusted certificate, for another name
	tlsExpired                  // the right names, expired yesterday
	tlsOnly11                   // the right certificate, but TLS 1.1 at most
	tcpHangUp                   // the connection is closed before any handshake
)

// replyMode is how the stand-in answers a request that reached it.
type replyMode int32

const (
	replyNormal      replyMode = iota // like OnceHub: 200 for a known key, else 401, or the canned answer
	replyResetMidway                  // headers and part of the body, then a TCP reset
	replySlow                         // a whole 200 reply, one byte at a time, slowByteGap apart
	replyHuge                         // a 200 whose body is far larger than OnceKey reads
	replyHugeHeader                   // a 200 whose headers alone are far larger than OnceKey reads
	replyHang                         // nothing, until released or the client goes
)

// hugeSize is the body replyHuge announces and tries to send.
const hugeSize = 256 << 20

// canned is a fixed answer to every request in replyNormal mode.
type canned struct {
	status int
	header map[string]string
	body   string
}

// stub is a loopback stand-in for OnceHub's API that can also misbehave in
// every way the fault tests need. It speaks HTTP/1.1 over TLS by hand, so a
// reply can be cut, slowed or inflated at any byte.
type stub struct {
	t   *testing.T
	ln  net.Listener
	ca  *testCA
	URL string // https://127.0.0.1:port/v2

	good, wrongName, expired tls.Certificate

	tlsMode   atomic.Int32
	replyMode atomic.Int32
	// slowByteGap is the pause between bytes in replySlow, in nanoseconds.
	slowByteGap atomic.Int64

	hellos     atomic.Int64 // TLS ClientHellos seen
	handshakes atomic.Int64 // TLS handshakes completed
	requests   atomic.Int64 // HTTP requests read
	inFlight   atomic.Int64
	maxIn      atomic.Int64
	abandoned  atomic.Int64 // hanging requests whose client went away
	hugeSent   atomic.Int64 // bytes of replyHuge's body that could be written

	mu       sync.Mutex
	accounts map[string]string // key -> account e-mail
	byKey    map[string]int    // requests that carried each key
	reply    *canned
	release  chan struct{}
	conns    map[net.Conn]bool
	wg       sync.WaitGroup
}

// startStub starts the stand-in on a loopback port; it stops with the test.
func startStub(t *testing.T, ca *testCA) *stub {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &stub{
		t: t, ln: ln, ca: ca,
		URL:       "https://" + ln.Addr().String() + "/v2",
		good:      ca.goodLeaf(t),
		wrongName: ca.Leaf(t, time.Now().Add(-time.Hour), time.Now().Add(time.Hour), "not-oncehub.example"),
		expired:   ca.Leaf(t, time.Now().Add(-48*time.Hour), time.Now().Add(-24*time.Hour), "127.0.0.1", "::1", "localhost", apiName),
		accounts:  map[string]string{},
		byKey:     map[string]int{},
		release:   make(chan struct{}),
		conns:     map[net.Conn]bool{},
	}
	s.slowByteGap.Store(int64(10 * time.Millisecond))
	s.wg.Add(1)
	go s.acceptLoop()
	t.Cleanup(s.close)
	return s
}

// port is the stub's TCP port.
func (s *stub) port() string {
	_, p, _ := net.SplitHostPort(s.ln.Addr().String())
	return p
}

func (s *stub) addKey(key, account string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accounts[key] = account
}

// sent is how many requests carried key.
func (s *stub) sent(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.byKey[key]
}

func (s *stub) removeKey(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.accounts, key)
}

// answer makes every request get c (nil: answer like OnceHub again).
func (s *stub) answer(c *canned) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reply = c
}

func (s *stub) setTLS(m tlsMode)     { s.tlsMode.Store(int32(m)) }
func (s *stub) setReply(m replyMode) { s.replyMode.Store(int32(m)) }

// releaseHung lets every request waiting in replyHang go on (as replyNormal).
func (s *stub) releaseHung() {
	s.mu.Lock()
	defer s.mu.Unlock()
	close(s.release)
	s.release = make(chan struct{})
}

// dropConns closes every open connection, so the next test connects anew
// and meets the current TLS mode.
func (s *stub) dropConns() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.Close()
	}
}

func (s *stub) close() {
	s.ln.Close()
	s.mu.Lock()
	close(s.release)
	s.release = make(chan struct{})
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

func (s *stub) acceptLoop() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.conns[c] = true
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer func() {
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
				c.Close()
			}()
			s.serveConn(c)
		}()
	}
}

func (s *stub) tlsConfig() *tls.Config {
	conf := &tls.Config{
		GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
			s.hellos.Add(1)
			return nil, nil
		},
	}
	switch tlsMode(s.tlsMode.Load()) {
	case tlsWrongName:
		conf.Certificates = []tls.Certificate{s.wrongName}
	case tlsExpired:
		conf.Certificates = []tls.Certificate{s.expired}
	case tlsOnly11:
		conf.Certificates = []tls.Certificate{s.good}
		conf.MinVersion, conf.MaxVersion = tls.VersionTLS10, tls.VersionTLS11
	default:
		conf.Certificates = []tls.Certificate{s.good}
	}
	return conf
}

func (s *stub) serveConn(raw net.Conn) {
	if tlsMode(s.tlsMode.Load()) == tcpHangUp {
		return
	}
	tc := tls.Server(raw, s.tlsConfig())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	err := tc.HandshakeContext(ctx)
	cancel()
	if err != nil {
		return
	}
	s.handshakes.Add(1)
	br := bufio.NewReader(tc)
	for {
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		_, _ = io.Copy(io.Discard, req.Body)
		s.mu.Lock()
		s.byKey[req.Header.Get("API-Key")]++
		s.mu.Unlock()
		n := s.requests.Add(1)
		in := s.inFlight.Add(1)
		for old := s.maxIn.Load(); in > old && !s.maxIn.CompareAndSwap(old, in); old = s.maxIn.Load() {
		}
		keep := s.respond(raw, tc, br, req, n)
		s.inFlight.Add(-1)
		if !keep {
			return
		}
	}
}

// respond answers one request and reports whether the connection may carry
// another.
func (s *stub) respond(raw net.Conn, tc *tls.Conn, br *bufio.Reader, req *http.Request, n int64) bool {
	id := fmt.Sprintf("req_%016x", n)
	switch replyMode(s.replyMode.Load()) {
	case replyHang:
		s.mu.Lock()
		release := s.release
		s.mu.Unlock()
		gone := make(chan struct{})
		go func() {
			// The client has nothing more to send: a read ends only when
			// it closes the connection (a cancelled test) or on release.
			_, _ = br.ReadByte()
			close(gone)
		}()
		select {
		case <-release:
			// Stop the read above, answer, and close: one answer per
			// connection keeps the read and the next request apart.
			_ = tc.SetReadDeadline(time.Now())
			<-gone
			s.writeNormal(tc, req, id)
			return false
		case <-gone:
			s.abandoned.Add(1)
			return false
		}
	case replyResetMidway:
		head := "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nRequest-Id: " + id + "\r\nContent-Length: 200\r\n\r\n"
		_, _ = io.WriteString(tc, head+`{"message": "The API key is valid`)
		if c, ok := raw.(*net.TCPConn); ok {
			_ = c.SetLinger(0) // closing now sends a reset, not a clean end
		}
		return false
	case replySlow:
		reply := normalBytes(http.StatusOK, map[string]string{"Request-Id": id},
			`{"message": "The API key is valid for account: slow@example.com"}`)
		gap := time.Duration(s.slowByteGap.Load())
		for i := range reply {
			if _, err := tc.Write(reply[i : i+1]); err != nil {
				return false
			}
			time.Sleep(gap)
		}
		return true
	case replyHuge:
		head := "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nRequest-Id: " + id +
			"\r\nContent-Length: " + strconv.Itoa(hugeSize) + "\r\n\r\n"
		if _, err := io.WriteString(tc, head+`{"message": "`); err != nil {
			return false
		}
		chunk := bytes.Repeat([]byte("a"), 64<<10)
		for sent := 0; sent < hugeSize-16; sent += len(chunk) {
			_ = tc.SetWriteDeadline(time.Now().Add(5 * time.Second))
			n, err := tc.Write(chunk)
			s.hugeSent.Add(int64(n))
			if err != nil {
				return false
			}
		}
		return false
	case replyHugeHeader:
		var b strings.Builder
		b.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nRequest-Id: " + id + "\r\n")
		for i := 0; b.Len() < 4<<20; i++ {
			fmt.Fprintf(&b, "X-Filler-%d: %s\r\n", i, strings.Repeat("b", 1000))
		}
		b.WriteString("Content-Length: 2\r\n\r\n{}")
		_ = tc.SetWriteDeadline(time.Now().Add(5 * time.Second))
		_, _ = io.WriteString(tc, b.String())
		return false
	default:
		return s.writeNormal(tc, req, id)
	}
}

// writeNormal answers as OnceHub does, or with the canned answer.
func (s *stub) writeNormal(w io.Writer, req *http.Request, id string) bool {
	s.mu.Lock()
	reply := s.reply
	account, known := s.accounts[req.Header.Get("API-Key")]
	s.mu.Unlock()
	var out []byte
	switch {
	case req.Method != http.MethodGet || req.URL.Path != "/v2/test":
		out = normalBytes(http.StatusNotFound, map[string]string{"Request-Id": id}, `{"type": "invalid_request_error", "message": "Not found."}`)
	case reply != nil:
		h := map[string]string{"Request-Id": id}
		for k, v := range reply.header {
			h[k] = v
		}
		out = normalBytes(reply.status, h, reply.body)
	case !known:
		out = normalBytes(http.StatusUnauthorized, map[string]string{"Request-Id": id}, `{"type": "authentication_error", "message": "Invalid API key."}`)
	default:
		out = normalBytes(http.StatusOK, map[string]string{"Request-Id": id}, `{"message": "The API key is valid for account: `+account+`"}`)
	}
	_, err := w.Write(out)
	return err == nil
}

// normalBytes is a whole HTTP/1.1 reply.
func normalBytes(status int, header map[string]string, body string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	b.WriteString("Content-Type: application/json\r\n")
	for k, v := range header {
		fmt.Fprintf(&b, "%s: %s\r\n", k, v)
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s", len(body), body)
	return b.Bytes()
}

// ---- Hosts that must never hear the key ----

// recorder is a loopback server that keeps every byte any client sends it.
// It speaks plain HTTP and, when the first byte is a TLS handshake, TLS with
// a certificate OnceKey trusts, so that a key sent to it would be read in
// clear. It stands for every host other than the API host: a redirect's
// target, a proxy that must not be used.
type recorder struct {
	name string
	ln   net.Listener
	cert tls.Certificate

	conns atomic.Int64
	mu    sync.Mutex
	got   bytes.Buffer
	open  map[net.Conn]bool
	wg    sync.WaitGroup
}

func startRecorder(t *testing.T, name string, ca *testCA) *recorder {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &recorder{name: name, ln: ln, cert: ca.goodLeaf(t), open: map[net.Conn]bool{}}
	r.wg.Add(1)
	go r.acceptLoop()
	t.Cleanup(r.close)
	return r
}

// addr is the recorder's host:port.
func (r *recorder) addr() string { return r.ln.Addr().String() }

func (r *recorder) acceptLoop() {
	defer r.wg.Done()
	for {
		c, err := r.ln.Accept()
		if err != nil {
			return
		}
		r.conns.Add(1)
		r.mu.Lock()
		r.open[c] = true
		r.mu.Unlock()
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			defer func() {
				r.mu.Lock()
				delete(r.open, c)
				r.mu.Unlock()
				c.Close()
			}()
			r.serve(c)
		}()
	}
}

func (r *recorder) serve(c net.Conn) {
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(c)
	first, err := br.Peek(1)
	if err != nil {
		return
	}
	var conn io.ReadWriter = struct {
		io.Reader
		io.Writer
	}{br, c}
	if first[0] == 0x16 { // a TLS handshake record: keep what is inside it
		tc := tls.Server(&peekedConn{Conn: c, r: br}, &tls.Config{Certificates: []tls.Certificate{r.cert}})
		if tc.Handshake() != nil {
			return
		}
		conn = tc
	}
	// Keep whatever arrives; answer each request with a refusal.
	buf := make([]byte, 4096)
	var pending bytes.Buffer
	for {
		n, err := conn.Read(buf)
		r.keep(buf[:n])
		pending.Write(buf[:n])
		if bytes.Contains(pending.Bytes(), []byte("\r\n\r\n")) {
			pending.Reset()
			_, _ = io.WriteString(conn, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
		}
		if err != nil {
			return
		}
	}
}

func (r *recorder) keep(b []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got.Write(b)
}

// received returns everything the recorder was sent.
func (r *recorder) received() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return bytes.Clone(r.got.Bytes())
}

func (r *recorder) close() {
	r.ln.Close()
	r.mu.Lock()
	for c := range r.open {
		c.Close()
	}
	r.mu.Unlock()
	r.wg.Wait()
}

// peekedConn is a connection whose first bytes were already read into r.
type peekedConn struct {
	net.Conn
	r *bufio.Reader
}

func (p *peekedConn) Read(b []byte) (int, error) { return p.r.Read(b) }

// tunnel is an HTTP CONNECT proxy that carries connections for apiName to
// the stub, and keeps every byte that passes through it in both directions:
// what a proxy on the way can see.
type tunnel struct {
	ln     net.Listener
	target string // host:port the tunnels go to

	connects atomic.Int64
	mu       sync.Mutex
	seen     bytes.Buffer
	open     map[net.Conn]bool
	wg       sync.WaitGroup
}

func startTunnel(t *testing.T, target string) *tunnel {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &tunnel{ln: ln, target: target, open: map[net.Conn]bool{}}
	p.wg.Add(1)
	go p.acceptLoop()
	t.Cleanup(p.close)
	return p
}

func (p *tunnel) URL() string { return "http://" + p.ln.Addr().String() }

func (p *tunnel) track(c net.Conn, on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if on {
		p.open[c] = true
	} else {
		delete(p.open, c)
	}
}

func (p *tunnel) acceptLoop() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.track(c, true)
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			defer func() { p.track(c, false); c.Close() }()
			p.serve(c)
		}()
	}
}

func (p *tunnel) write(b []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seen.Write(b)
}

func (p *tunnel) serve(c net.Conn) {
	br := bufio.NewReader(c)
	req, err := http.ReadRequest(br)
	if err != nil {
		return
	}
	var head bytes.Buffer
	_ = req.Write(&head)
	p.write(head.Bytes())
	if req.Method != http.MethodConnect || req.Host != net.JoinHostPort(apiName, "443") && !strings.HasPrefix(req.Host, apiName+":") {
		_, _ = io.WriteString(c, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
		return
	}
	p.connects.Add(1)
	up, err := net.DialTimeout("tcp", p.target, 5*time.Second)
	if err != nil {
		_, _ = io.WriteString(c, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
		return
	}
	p.track(up, true)
	defer func() { p.track(up, false); up.Close() }()
	_, _ = io.WriteString(c, "HTTP/1.1 200 Connection established\r\n\r\n")
	done := make(chan struct{}, 2)
	pipe := func(dst io.Writer, src io.Reader) {
		buf := make([]byte, 32<<10)
		for {
			n, err := src.Read(buf)
			if n > 0 {
				p.write(buf[:n])
				if _, werr := dst.Write(buf[:n]); werr != nil {
					break
				}
			}
			if err != nil {
				break
			}
		}
		done <- struct{}{}
	}
	go pipe(up, br)
	go pipe(c, up)
	<-done
}

// passed returns every byte that went through the proxy.
func (p *tunnel) passed() []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return bytes.Clone(p.seen.Bytes())
}

func (p *tunnel) close() {
	p.ln.Close()
	p.mu.Lock()
	for c := range p.open {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}
