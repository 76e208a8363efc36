package apiclient

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// connectProxy is a loopback HTTPS proxy: it answers CONNECT and relays
// bytes, sending every tunnel to one loopback server whatever host was asked.
type connectProxy struct {
	ln       net.Listener
	connects atomic.Int64
	refuse   bool // answer CONNECT with 403

	mu      sync.Mutex
	targets []string
	seen    bytes.Buffer // everything the client sent through the tunnels
}

func startProxy(t testing.TB, upstream string, refuse bool) *connectProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &connectProxy{ln: ln, refuse: refuse}
	var wg sync.WaitGroup
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				p.serve(c, upstream)
			}()
		}
	}()
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	return p
}

func (p *connectProxy) serve(c net.Conn, upstream string) {
	defer c.Close()
	br := bufio.NewReader(c)
	req, err := http.ReadRequest(br)
	if err != nil {
		return
	}
	if req.Method != http.MethodConnect {
		io.WriteString(c, "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
		return
	}
	p.connects.Add(1)
	p.mu.Lock()
	p.targets = append(p.targets, req.Host)
	p.mu.Unlock()
	if p.refuse {
		io.WriteString(c, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
		return
	}
	up, err := net.Dial("tcp", upstream)
	if err != nil {
		io.WriteString(c, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
		return
	}
	defer up.Close()
	io.WriteString(c, "HTTP/1.1 200 Connection established\r\n\r\n")
	done := make(chan struct{})
	go func() {
		io.Copy(c, up)
		c.Close()
		close(done)
	}()
	buf := make([]byte, 32<<10)
	for {
		n, err := br.Read(buf)
		if n > 0 {
			p.mu.Lock()
			p.seen.Write(buf[:n])
			p.mu.Unlock()
			if _, werr := up.Write(buf[:n]); werr != nil {
				break
			}
		}
		if err != nil {
			break
		}
	}
	up.Close()
	<-done
}

func (p *connectProxy) url() string { return "http://" + p.ln.Addr().String() }

func (p *connectProxy) sawText(s string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return bytes.Contains(p.seen.Bytes(), []byte(s))
}

// proxyClient makes a Client for https://api.oncehub.test/v2 whose direct
// connections go to s, after the environment has been set.
func proxyClient(t testing.TB, s *server, p *pki) *Client {
	t.Helper()
	c, err := New(Config{BaseURL: "https://" + testHost + "/v2", RootCAs: p.Pool, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(c.CloseIdleConnections) // lets the proxy's tunnels end
	addr := s.Listener.Addr().String()
	c.resolve = func(a string) string {
		if a == testHost+":443" {
			return addr
		}
		return a
	}
	return c
}

func clearProxyEnv(t *testing.T) {
	for _, v := range []string{"HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy", "HTTP_PROXY", "http_proxy"} {
		t.Setenv(v, "")
	}
}

func TestProxyIsUsed(t *testing.T) {
	pk := newPKI(t)
	key := fakeKey(t)
	s := startServer(t, pk.goodLeaf(t), nil, keyHandler(key, "admin@example.com"))
	for _, env := range []string{"HTTPS_PROXY", "https_proxy"} {
		t.Run(env, func(t *testing.T) {
			clearProxyEnv(t)
			proxy := startProxy(t, s.Listener.Addr().String(), false)
			t.Setenv(env, proxy.url())
			t.Setenv("NO_PROXY", "example.com,10.0.0.0/8")
			c := proxyClient(t, s, pk)
			o := c.Test(context.Background(), key)
			if o.Kind != Works || o.Account != "admin@example.com" {
				t.Fatalf("through the proxy: %v (%v) status %d", o.Kind, o.Reason, o.Status)
			}
			if n := proxy.connects.Load(); n != 1 {
				t.Errorf("the proxy saw %d CONNECTs, want 1", n)
			}
			proxy.mu.Lock()
			target := proxy.targets[0]
			proxy.mu.Unlock()
			if target != testHost+":443" {
				t.Errorf("CONNECT to %q", target)
			}
			if proxy.sawText(key) || proxy.sawText("API-Key") {
				t.Errorf("the proxy saw the request in clear")
			}
			// The words name the host the key went to: the API's, not the proxy's.
			if o.Host != testHost || !o.KeySent || o.OnceHubHost() {
				t.Errorf("Host %q, KeySent %v", o.Host, o.KeySent)
			}
			// Warm does nothing through a proxy.
			before := proxy.connects.Load()
			if err := c.Warm(context.Background()); err != nil {
				t.Errorf("Warm: %v", err)
			}
			if proxy.connects.Load() != before {
				t.Errorf("Warm went through the proxy")
			}
		})
	}
}

func TestNoProxyBypasses(t *testing.T) {
	pk := newPKI(t)
	key := fakeKey(t)
	s := startServer(t, pk.goodLeaf(t), nil, keyHandler(key, "admin@example.com"))
	for _, np := range []string{testHost, "oncehub.test", ".oncehub.test", "*.oncehub.test", "*", "example.com, API.ONCEHUB.TEST ", testHost + ":443"} {
		t.Run(np, func(t *testing.T) {
			clearProxyEnv(t)
			proxy := startProxy(t, s.Listener.Addr().String(), false)
			t.Setenv("HTTPS_PROXY", proxy.url())
			t.Setenv("no_proxy", np)
			o := proxyClient(t, s, pk).Test(context.Background(), key)
			if o.Kind != Works {
				t.Fatalf("direct: %v (%v)", o.Kind, o.Reason)
			}
			if n := proxy.connects.Load(); n != 0 {
				t.Errorf("NO_PROXY=%q, yet the proxy saw %d CONNECTs", np, n)
			}
		})
	}
	// A NO_PROXY entry for another port or a parent domain's
	// subdomains-only form must not bypass.
	for _, np := range []string{testHost + ":8443", ".api.oncehub.test", "other.test", "127.0.0.1"} {
		t.Run("not "+np, func(t *testing.T) {
			clearProxyEnv(t)
			proxy := startProxy(t, s.Listener.Addr().String(), false)
			t.Setenv("HTTPS_PROXY", proxy.url())
			t.Setenv("NO_PROXY", np)
			o := proxyClient(t, s, pk).Test(context.Background(), key)
			if o.Kind != Works || proxy.connects.Load() != 1 {
				t.Errorf("NO_PROXY=%q: %v, %d CONNECTs", np, o.Kind, proxy.connects.Load())
			}
		})
	}
}

func TestEnvironmentReadAtNew(t *testing.T) {
	pk := newPKI(t)
	key := fakeKey(t)
	s := startServer(t, pk.goodLeaf(t), nil, keyHandler(key, "a@b.example"))
	clearProxyEnv(t)
	direct := proxyClient(t, s, pk)
	proxy := startProxy(t, s.Listener.Addr().String(), false)
	t.Setenv("HTTPS_PROXY", proxy.url())
	proxied := proxyClient(t, s, pk)
	if o := direct.Test(context.Background(), key); o.Kind != Works || proxy.connects.Load() != 0 {
		t.Errorf("a Client made before HTTPS_PROXY was set used it: %v", o.Kind)
	}
	if o := proxied.Test(context.Background(), key); o.Kind != Works || proxy.connects.Load() != 1 {
		t.Errorf("a Client made after HTTPS_PROXY was set did not use it: %v", o.Kind)
	}
}

func TestProxyFailures(t *testing.T) {
	pk := newPKI(t)
	key := fakeKey(t)
	s := startServer(t, pk.goodLeaf(t), nil, keyHandler(key, "a@b.example"))

	t.Run("refuses CONNECT", func(t *testing.T) {
		clearProxyEnv(t)
		proxy := startProxy(t, s.Listener.Addr().String(), true)
		t.Setenv("HTTPS_PROXY", proxy.url())
		o := proxyClient(t, s, pk).Test(context.Background(), key)
		if o.Kind != Unreachable || o.KeySent || o.Reason != ReasonProxy {
			t.Errorf("got %+v", o)
		}
		if s.requests.Load() != 0 {
			t.Errorf("the request got through")
		}
	})
	t.Run("not running", func(t *testing.T) {
		clearProxyEnv(t)
		ln, _ := net.Listen("tcp", "127.0.0.1:0")
		addr := ln.Addr().String()
		ln.Close()
		t.Setenv("HTTPS_PROXY", addr) // a bare host:port means an http proxy
		o := proxyClient(t, s, pk).Test(context.Background(), key)
		if o.Kind != Unreachable || o.KeySent || o.Reason != ReasonProxy {
			t.Errorf("got %+v", o)
		}
	})
	t.Run("intercepts TLS", func(t *testing.T) {
		clearProxyEnv(t)
		stranger := newPKI(t)
		mitm := startServer(t, stranger.goodLeaf(t), nil, keyHandler(key, "thief@example.com"))
		proxy := startProxy(t, mitm.Listener.Addr().String(), false)
		t.Setenv("HTTPS_PROXY", proxy.url())
		o := proxyClient(t, s, pk).Test(context.Background(), key)
		if o.Kind != NotSecure || o.KeySent || o.Reason != ReasonCertUntrusted {
			t.Errorf("got %+v", o)
		}
		if mitm.requests.Load() != 0 || proxy.sawText(key) {
			t.Errorf("the key reached the interceptor")
		}
	})
	t.Run("bad setting", func(t *testing.T) {
		for _, bad := range []string{"ftp://proxy.example:21", "http://user:secret@:80", "http://%zz"} {
			clearProxyEnv(t)
			t.Setenv("HTTPS_PROXY", bad)
			c, err := New(Config{})
			var ce *ConfigError
			if c != nil || !errors.As(err, &ce) || ce.Problem != ConfigBadProxy || ce.Setting != "HTTPS_PROXY" {
				t.Errorf("HTTPS_PROXY=%q: %v, %v", bad, c, err)
			}
			checkErrorClean(t, err, "secret", "user:secret")
		}
	})
}

func TestNoProxyRules(t *testing.T) {
	cases := []struct {
		list, host, port string
		want             bool
	}{
		{"", "api.oncehub.com", "443", false},
		{"", "localhost", "443", true},
		{"", "127.0.0.1", "443", true},
		{"", "::1", "443", true},
		{"", "app.localhost", "443", true},
		{"*", "api.oncehub.com", "443", true},
		{"oncehub.com", "api.oncehub.com", "443", true},
		{"oncehub.com", "oncehub.com", "443", true},
		{"oncehub.com", "notoncehub.com", "443", false},
		{".oncehub.com", "oncehub.com", "443", false},
		{".oncehub.com", "api.oncehub.com", "443", true},
		{"*.oncehub.com", "api.oncehub.com", "443", true},
		{"oncehub.com.", "api.oncehub.com", "443", true},
		{"api.oncehub.com:443", "api.oncehub.com", "443", true},
		{"api.oncehub.com:8443", "api.oncehub.com", "443", false},
		{"10.0.0.0/8", "10.1.2.3", "443", true},
		{"10.0.0.0/8", "11.1.2.3", "443", false},
		{"192.0.2.7", "192.0.2.7", "443", true},
		{"192.0.2.7:443", "192.0.2.7", "443", true},
		{"[2001:db8::1]", "2001:db8::1", "443", true},
		{"[2001:db8::1]:8443", "2001:db8::1", "443", false},
		{"2001:db8::/32", "2001:db8::5", "443", true},
		{" , ,example.org ,", "example.org", "443", true},
		{".", "example.org", "443", false},
	}
	for _, tc := range cases {
		if got := parseNoProxy(tc.list).bypass(tc.host, tc.port); got != tc.want {
			t.Errorf("NO_PROXY=%q, host %s:%s: bypass %v, want %v", tc.list, tc.host, tc.port, got, tc.want)
		}
	}
}
