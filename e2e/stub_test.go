//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oncekey/oncekey/internal/fakeoncehub"
	"github.com/oncekey/oncekey/internal/testpki"
)

// apiName is the made-up host name the stand-in for OnceHub answers to when
// a proxy carries the connection; the .test top-level name never resolves.
const apiName = "api.oncehub.test"

// testCA is a certificate authority made when a test starts, for the
// stand-in for OnceHub and the hosts below alike. OnceKey trusts it through
// SSL_CERT_FILE only.
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
	t.Helper()
	cert, err := ca.LoopbackLeaf(apiName)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

// startAPI starts the stand-in for OnceHub on a loopback port, with a
// certificate from ca that is also good for apiName; it stops with the test.
func startAPI(t *testing.T, ca *testCA) *fakeoncehub.Server {
	t.Helper()
	s, err := fakeoncehub.New(fakeoncehub.Options{CA: ca.CA, Names: []string{apiName}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// portOf is the stand-in's TCP port.
func portOf(s *fakeoncehub.Server) string {
	_, p, _ := net.SplitHostPort(s.Addr)
	return p
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
