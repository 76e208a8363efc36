package apiclient

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

func TestWorksAndWhatIsSent(t *testing.T) {
	p := newPKI(t)
	key := fakeKey(t)
	s := startServer(t, p.goodLeaf(t), nil, keyHandler(key, "admin@example.com"))
	c := newClient(t, s, p, 5*time.Second)

	o := c.Test(withTimeout(t, 10*time.Second), "  \""+key+"\"\n")
	if o.Kind != Works || o.Account != "admin@example.com" {
		t.Fatalf("got %v (%v) account %q", o.Kind, o.Reason, o.Account)
	}
	if o.Status != 200 || o.RequestID != "req_0123456789abcdef" || !o.KeySent || o.ExitCode() != 0 || o.Host != c.Host() || o.OnceHubHost() {
		t.Errorf("outcome %+v", o)
	}
	checkFacts(t, o)
	checkNoKey(t, o, key)

	h := s.lastHeader()
	if got := h.Get("User-Agent"); got != "OnceKey/1.2.3 ("+runtime.GOOS+")" {
		t.Errorf("User-Agent %q", got)
	}
	if got := h.Get("Accept"); got != "application/json" {
		t.Errorf("Accept %q", got)
	}
	for name, values := range h {
		for _, v := range values {
			if strings.Contains(v, key) && name != "Api-Key" {
				t.Errorf("header %s carries %s", name, keyName(key))
			}
		}
	}
}

func TestWrongKeyNotRecognised(t *testing.T) {
	p := newPKI(t)
	s := startServer(t, p.goodLeaf(t), nil, keyHandler(fakeKey(t), "admin@example.com"))
	c := newClient(t, s, p, 5*time.Second)
	key := fakeKey(t)
	o := c.Test(context.Background(), key)
	if o.Kind != NotRecognised || o.Status != 401 || o.ExitCode() != 1 || !o.Refused() {
		t.Fatalf("got %+v", o)
	}
	if o.RequestID != "req_0123456789abcdef" || o.Reason != ReasonNone {
		t.Errorf("Request-Id %q, reason %v", o.RequestID, o.Reason)
	}
	checkNoKey(t, o, key)
}

// TestKeyOnTheWire reads the raw request to check that the key travels only
// in the API-Key header, spelled as OnceHub documents it, and nowhere else.
func TestKeyOnTheWire(t *testing.T) {
	p := newPKI(t)
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{p.goodLeaf(t)}})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	raw := make(chan string, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			raw <- ""
			return
		}
		defer conn.Close()
		var head strings.Builder
		br := bufio.NewReader(conn)
		for {
			line, err := br.ReadString('\n')
			head.WriteString(line)
			if err != nil || line == "\r\n" {
				break
			}
		}
		raw <- head.String()
		io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 64\r\n\r\n"+
			`{"message":"The API key is valid for account: one@example.com"}`+" ")
	}()
	c, err := New(Config{BaseURL: "https://" + ln.Addr().String() + "/v2/", RootCAs: p.Pool, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	key := fakeKey(t)
	o := c.Test(context.Background(), key)
	if o.Kind != Works || o.Account != "one@example.com" {
		t.Fatalf("got %v (%v) %q", o.Kind, o.Reason, o.Account)
	}
	head := <-raw
	if !strings.HasPrefix(head, "GET /v2/test HTTP/1.1\r\n") {
		t.Errorf("request line: %q", strings.SplitN(head, "\r\n", 2)[0])
	}
	if !strings.Contains(head, "\r\nAPI-Key: "+key+"\r\n") {
		t.Errorf("no API-Key header with %s", keyName(key))
	}
	if strings.Count(head, key) != 1 {
		t.Errorf("%s appears %d times in the request", keyName(key), strings.Count(head, key))
	}
}

func TestOnceHubAnswers(t *testing.T) {
	p := newPKI(t)
	cases := []struct {
		name    string
		status  int
		header  map[string]string
		body    string
		kind    Kind
		retry   time.Duration
		reqID   string
		account string
	}{
		{"401", 401, nil, `{"type": "authentication_error", "message": "Invalid API key."}`, NotRecognised, 0, "req_aaaa", ""},
		{"403", 403, nil, `{"type": "authentication_error", "message": "Your account plan does not support API access. To use the OnceHub API, you must upgrade to the Enterprise plan."}`, NoAPIAccess, 0, "req_bbbb", ""},
		{"429 seconds", 429, map[string]string{"Retry-After": "12"}, `{"type": "rate_limit_error", "message": "Request rate limit exceeded"}`, RateLimited, 12 * time.Second, "req_cccc", ""},
		{"429 date", 429, map[string]string{"Retry-After": time.Now().Add(5 * time.Minute).UTC().Format(http.TimeFormat)}, `{"type": "rate_limit_error", "message": "Request rate limit exceeded"}`, RateLimited, 5 * time.Minute, "", ""},
		{"429 without Retry-After", 429, nil, `{"type": "rate_limit_error", "message": "Request rate limit exceeded"}`, RateLimited, defaultRetryAfter, "", ""},
		{"500", 500, nil, `{"type": "api_error", "message": "Something went wrong"}`, ServerTrouble, 0, "req_dddd", ""},
		{"502 HTML", 502, map[string]string{"Content-Type": "text/html"}, `<html>Bad gateway</html>`, ServerTrouble, 0, "", ""},
		{"200 without account", 200, nil, `{"message": "OK"}`, Works, 0, "", ""},
		{"200 HTML", 200, map[string]string{"Content-Type": "text/html"}, `<!doctype html><title>Sign in to the Wi-Fi</title>`, Unexpected, 0, "", ""},
		{"200 empty", 200, nil, ``, Unexpected, 0, "", ""},
		{"200 invalid JSON", 200, nil, `{"message": `, Unexpected, 0, "", ""},
		{"200 JSON array", 200, nil, `[1,2,3]`, Unexpected, 0, "", ""},
		{"200 binary", 200, map[string]string{"Content-Type": "application/octet-stream"}, "\x89PNG\r\n\x1a\n\x00\x00", Unexpected, 0, "", ""},
		{"404", 404, nil, `{"type":"invalid_request_error","message":"Not found"}`, Unexpected, 0, "req_eeee", ""},
		{"Request-Id with invisible characters", 401, nil, `{}`, NotRecognised, 0, "req_ffff\u202e\u00a0x", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := startServer(t, p.goodLeaf(t), nil, func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tc.header {
					w.Header().Set(k, v)
				}
				if tc.reqID != "" {
					w.Header()["Request-Id"] = []string{tc.reqID}
				}
				w.WriteHeader(tc.status)
				io.WriteString(w, tc.body)
			})
			key := fakeKey(t)
			o := newClient(t, s, p, 5*time.Second).Test(context.Background(), key)
			if o.Kind != tc.kind {
				t.Fatalf("kind %v (%v), want %v", o.Kind, o.Reason, tc.kind)
			}
			if o.Status != tc.status {
				t.Errorf("status %d", o.Status)
			}
			if want := cleanRequestID(tc.reqID); o.RequestID != want {
				t.Errorf("RequestID %q, want %q", o.RequestID, want)
			}
			if tc.kind == RateLimited {
				// The date form is rounded to whole seconds by the format.
				if d := o.RetryAfter - tc.retry; d < -2*time.Second || d > 2*time.Second {
					t.Errorf("RetryAfter %v, want about %v", o.RetryAfter, tc.retry)
				}
			}
			if !o.KeySent {
				t.Errorf("KeySent false after an answer")
			}
			checkFacts(t, o)
			checkNoKey(t, o, key)
		})
	}
}

// TestRedirectNotFollowed checks that a redirect ends the test and that the
// place it points to is never even contacted.
func TestRedirectNotFollowed(t *testing.T) {
	p := newPKI(t)
	other := startServer(t, p.goodLeaf(t), nil, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"message":"The API key is valid for account: thief@example.com"}`)
	})
	plain := listenCounting(t, false)
	targets := map[string]string{
		"to another https host": other.URL + "/v2/test",
		"to plain http":         "http://" + plain.Addr().String() + "/v2/test",
		"relative":              "/v2/elsewhere",
	}
	for name, target := range targets {
		for _, code := range []int{301, 302, 303, 307, 308} {
			s := startServer(t, p.goodLeaf(t), nil, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Request-Id", "req_redirect")
				http.Redirect(w, r, target, code)
			})
			key := fakeKey(t)
			o := newClient(t, s, p, 5*time.Second).Test(context.Background(), key)
			if o.Kind != Unexpected || o.Status != code || o.Account != "" {
				t.Errorf("%s %d: got %v %+v", name, code, o.Kind, o)
			}
			// The words say "sent only to <host>, and not on to anywhere else".
			if o.Reason != ReasonRedirect || !o.KeySent || o.Host != s.Listener.Addr().String() {
				t.Errorf("%s: reason %v, KeySent %v, host %q", name, o.Reason, o.KeySent, o.Host)
			}
			if s.requests.Load() != 1 {
				t.Errorf("%s: the API host saw %d requests, want 1", name, s.requests.Load())
			}
			checkNoKey(t, o, key)
		}
	}
	if n := other.accepts.Load() + other.requests.Load(); n != 0 {
		t.Errorf("the redirect target was contacted (%d connections and requests)", n)
	}
	if n := plain.accepts.Load(); n != 0 {
		t.Errorf("the plain http target accepted %d connections", n)
	}
}

// TestNotSecure covers certificates and TLS versions that must be refused
// before the key is sent: the server's handler must never run.
func TestNotSecure(t *testing.T) {
	p := newPKI(t)
	stranger := newPKI(t)
	now := time.Now()
	cases := []struct {
		name   string
		cert   tls.Certificate
		conf   *tls.Config
		pool   *x509.CertPool
		reason Reason
		alert  string
	}{
		{"untrusted authority", stranger.goodLeaf(t), nil, p.Pool, ReasonCertUntrusted, ""},
		{"self-signed, empty trust", p.goodLeaf(t), nil, x509.NewCertPool(), ReasonCertUntrusted, ""},
		{"another host name", p.Leaf(t, now.Add(-time.Hour), now.Add(time.Hour), "other.example"), nil, p.Pool, ReasonCertWrongName, ""},
		{"expired", p.Leaf(t, now.Add(-48*time.Hour), now.Add(-24*time.Hour), "127.0.0.1"), nil, p.Pool, ReasonCertExpired, ""},
		{"not yet valid", p.Leaf(t, now.Add(time.Hour), now.Add(2*time.Hour), "127.0.0.1"), nil, p.Pool, ReasonCertExpired, ""},
		{"TLS 1.1 only", p.goodLeaf(t), &tls.Config{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}, p.Pool, ReasonTLSAlert, "protocol version not supported"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			key := fakeKey(t)
			s := startServer(t, tc.cert, tc.conf, keyHandler(key, "admin@example.com"))
			c, err := New(Config{BaseURL: s.URL + "/v2", RootCAs: tc.pool, Timeout: 5 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			o := c.Test(context.Background(), key)
			if o.Kind != NotSecure || o.KeySent || o.Status != 0 {
				t.Fatalf("got %v sent=%v: %+v", o.Kind, o.KeySent, o)
			}
			if o.Reason != tc.reason || o.TLSAlert != tc.alert {
				t.Errorf("reason %v alert %q, want %v %q", o.Reason, o.TLSAlert, tc.reason, tc.alert)
			}
			checkFacts(t, o)
			if s.requests.Load() != 0 {
				t.Errorf("the handler ran %d times", s.requests.Load())
			}
			if s.handshakes.Load() == 0 {
				t.Errorf("no handshake reached the server; the test proves nothing")
			}
			checkNoKey(t, o, key)
		})
	}
}

// TestTLS11ServerIsReal makes sure the TLS 1.1 server in TestNotSecure does
// serve TLS 1.1, so its refusal comes from the client's minimum.
func TestTLS11ServerIsReal(t *testing.T) {
	p := newPKI(t)
	s := startServer(t, p.goodLeaf(t), &tls.Config{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}, keyHandler("x", "y"))
	conn, err := tls.Dial("tcp", s.Listener.Addr().String(), &tls.Config{RootCAs: p.Pool, MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11, ServerName: "127.0.0.1"})
	if err != nil {
		t.Fatalf("a TLS 1.1 client cannot connect either: %v", err)
	}
	defer conn.Close()
	if v := conn.ConnectionState().Version; v != tls.VersionTLS11 {
		t.Errorf("negotiated %x", v)
	}
}

func TestClientTLSSettings(t *testing.T) {
	clearProxyEnv(t)
	c, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	if c.tlsConf.MinVersion != tls.VersionTLS12 || c.tlsConf.InsecureSkipVerify || c.tlsConf.RootCAs != nil {
		t.Errorf("TLS settings: min %x insecure %v roots %v", c.tlsConf.MinVersion, c.tlsConf.InsecureSkipVerify, c.tlsConf.RootCAs)
	}
	tr := c.hc.Transport.(*http.Transport)
	if tr.TLSClientConfig != c.tlsConf || tr.TLSHandshakeTimeout != handshakeTimeout || tr.ResponseHeaderTimeout != defaultTimeout {
		t.Errorf("transport settings differ")
	}
	if c.dialer.Timeout != dialTimeout || c.timeout != defaultTimeout || c.Host() != "api.oncehub.com" || c.testURL != "https://api.oncehub.com/v2/test" {
		t.Errorf("defaults: dial %v timeout %v host %q url %q", c.dialer.Timeout, c.timeout, c.Host(), c.testURL)
	}
}

// TestSystemRootsHonourSSLCertFile proves that RootCAs nil means the
// system's roots, as SSL_CERT_FILE sets them. It runs in a child process,
// since Go reads the system roots only once.
func TestSystemRootsHonourSSLCertFile(t *testing.T) {
	if addr := os.Getenv("APICLIENT_CHILD_SERVER"); addr != "" {
		c, err := New(Config{BaseURL: "https://" + addr + "/v2", Timeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		o := c.Test(context.Background(), os.Getenv("APICLIENT_CHILD_KEY"))
		fmt.Println("KIND=" + o.Kind.String())
		return
	}
	p := newPKI(t)
	key := fakeKey(t)
	s := startServer(t, p.goodLeaf(t), nil, keyHandler(key, "admin@example.com"))
	dir, emptyDir := t.TempDir(), t.TempDir()
	caFile := filepath.Join(dir, "ca.crt")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.Cert.Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(certFile string) string {
		cmd := exec.Command(os.Args[0], "-test.run=^TestSystemRootsHonourSSLCertFile$")
		cmd.Env = append(os.Environ(), "APICLIENT_CHILD_SERVER="+s.Listener.Addr().String(), "APICLIENT_CHILD_KEY="+key,
			"SSL_CERT_FILE="+certFile, "SSL_CERT_DIR="+emptyDir, "HTTPS_PROXY=", "https_proxy=")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("child failed: %v", err)
		}
		for _, line := range strings.Split(string(out), "\n") {
			if k, ok := strings.CutPrefix(line, "KIND="); ok {
				return k
			}
		}
		t.Fatalf("child printed no result")
		return ""
	}
	if got := run(caFile); got != "works" {
		t.Errorf("with SSL_CERT_FILE naming the test CA: %s, want works", got)
	}
	if got := run(filepath.Join(dir, "missing.crt")); got != "not-secure" {
		t.Errorf("without the test CA: %s, want not-secure", got)
	}
}

func TestBaseURLChecks(t *testing.T) {
	ln := listenCounting(t, false)
	bad := []struct {
		url     string
		problem ConfigProblem
	}{
		{"http://" + ln.Addr().String() + "/v2", ConfigNotHTTPS},
		{"HTTP://" + ln.Addr().String(), ConfigNotHTTPS},
		{"ftp://example.com", ConfigNotHTTPS},
		{"api.oncehub.com/v2", ConfigNotHTTPS},
		{"https://", ConfigNoHost},
		{"https:///v2", ConfigNoHost},
		{"https://user:pass@" + ln.Addr().String(), ConfigUserInfo},
		{"https://" + ln.Addr().String() + "/v2?x=1", ConfigQuery},
		{"https://" + ln.Addr().String() + "/v2#frag", ConfigQuery},
		{"https://host:port/", ConfigNotURL},
		{"https://exa mple.com", ConfigNotURL},
		{"https://example.com\n", ConfigNotURL},
		{"mailto:x@example.com", ConfigNotURL},
	}
	for _, tc := range bad {
		c, err := New(Config{BaseURL: tc.url})
		var ce *ConfigError
		if c != nil || !errors.As(err, &ce) || ce.Problem != tc.problem || ce.Setting != "" {
			t.Errorf("New(%q) = %v, %v; want a ConfigError %d", tc.url, c, err, tc.problem)
			continue
		}
		checkErrorClean(t, err, "user:pass", "pass@", ln.Addr().String())
	}
	if n := ln.accepts.Load(); n != 0 {
		t.Errorf("%d connections were made for refused addresses", n)
	}

	good := map[string]string{
		"https://api.oncehub.com/v2":       "https://api.oncehub.com/v2/test",
		"https://api.oncehub.com/v2/":      "https://api.oncehub.com/v2/test",
		"https://proxy.example:8443/once/": "https://proxy.example:8443/once/test",
		"HTTPS://API.example.com":          "https://API.example.com/test",
		"https://[::1]:8443/v2":            "https://[::1]:8443/v2/test",
	}
	for in, want := range good {
		c, err := New(Config{BaseURL: in})
		if err != nil {
			t.Errorf("New(%q): %v", in, err)
			continue
		}
		if c.testURL != want {
			t.Errorf("New(%q) tests %q, want %q", in, c.testURL, want)
		}
	}
	if c, _ := New(Config{BaseURL: "https://api.oncehub.com:443/v2"}); c.Host() != "api.oncehub.com" {
		t.Errorf("Host() = %q", c.Host())
	}
	if c, _ := New(Config{BaseURL: "https://127.0.0.1:8443/v2"}); c.Host() != "127.0.0.1:8443" {
		t.Errorf("Host() = %q", c.Host())
	}
}

func TestBaseURLFromEnv(t *testing.T) {
	t.Setenv("ONCEKEY_API_URL", "")
	if u, err := BaseURLFromEnv(); u != DefaultBaseURL || err != nil {
		t.Errorf("unset: %q %v", u, err)
	}
	t.Setenv("ONCEKEY_API_URL", " https://127.0.0.1:8443/v2/ ")
	if u, err := BaseURLFromEnv(); u != "https://127.0.0.1:8443/v2" || err != nil {
		t.Errorf("set: %q %v", u, err)
	}
	t.Setenv("ONCEKEY_API_URL", "http://127.0.0.1:8080/v2")
	u, err := BaseURLFromEnv()
	var ce *ConfigError
	if u != "" || !errors.As(err, &ce) || ce.Problem != ConfigNotHTTPS || ce.Setting != "ONCEKEY_API_URL" {
		t.Errorf("http: %q %v", u, err)
	}
	t.Setenv("ONCEKEY_API_URL", "https://a:sesame@example.com")
	_, err = BaseURLFromEnv()
	if !errors.As(err, &ce) || ce.Problem != ConfigUserInfo || ce.Setting != "ONCEKEY_API_URL" {
		t.Errorf("userinfo: %v", err)
	}
	checkErrorClean(t, err, "sesame", "a:sesame")
}

func TestInvalidKeyIsNotSent(t *testing.T) {
	p := newPKI(t)
	s := startServer(t, p.goodLeaf(t), nil, keyHandler("x", "y"))
	c := newClient(t, s, p, 5*time.Second)
	for raw, want := range map[string]InputProblem{"": InputEmpty, "short": InputTooShort, "has space inside": InputSpace, "two\nlines-of-key": InputLineBreak} {
		o := c.Test(context.Background(), raw)
		if o.Kind != InvalidKey || o.KeySent || o.ExitCode() != 2 || o.Input != want {
			t.Errorf("got %+v, want input problem %v", o, want)
		}
		checkFacts(t, o)
	}
	if n := s.accepts.Load(); n != 0 {
		t.Errorf("%d connections for refused keys", n)
	}
}

func TestCancelled(t *testing.T) {
	p := newPKI(t)
	release := make(chan struct{})
	defer close(release)
	s := startServer(t, p.goodLeaf(t), nil, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	c := newClient(t, s, p, 30*time.Second)
	key := fakeKey(t)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	o := c.Test(ctx, key)
	if o.Kind != Cancelled || o.KeySent || s.accepts.Load() != 0 {
		t.Errorf("already cancelled: %+v, %d connections", o, s.accepts.Load())
	}

	ctx, cancel = context.WithCancel(context.Background())
	go func() {
		for s.requests.Load() == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	o = c.Test(ctx, key)
	if o.Kind != Cancelled || !o.KeySent {
		t.Errorf("cancelled while waiting: %+v", o)
	}

	// A deadline on the caller's context is a time limit, not a cancel.
	ctx, cancel = context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if o := c.Test(ctx, key); o.Kind != Unreachable || o.Reason != ReasonTimeout || !o.KeySent {
		t.Errorf("caller's deadline passed while waiting: %+v", o)
	}
	if o := c.Test(ctx, key); o.Kind != Unreachable || o.KeySent {
		t.Errorf("caller's deadline already passed: %+v", o)
	}
	checkFacts(t, o)
	checkNoKey(t, o, key)
}

func TestServerNeverAnswers(t *testing.T) {
	p := newPKI(t)
	release := make(chan struct{})
	defer close(release)
	s := startServer(t, p.goodLeaf(t), nil, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	key := fakeKey(t)
	o := newClient(t, s, p, 300*time.Millisecond).Test(context.Background(), key)
	// The words say it "did not answer in time" and the key "may have reached" OnceHub.
	if o.Kind != Unreachable || !o.KeySent || o.Reason != ReasonTimeout {
		t.Fatalf("got %+v", o)
	}
	checkNoKey(t, o, key)
}

func TestServerNeverHandshakes(t *testing.T) {
	ln := listenCounting(t, true) // accepts TCP, never speaks TLS
	p := newPKI(t)
	base := "https://" + ln.Addr().String() + "/v2"

	c, err := New(Config{BaseURL: base, RootCAs: p.Pool, Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	o := c.Test(context.Background(), fakeKey(t))
	if o.Kind != Unreachable || o.KeySent || o.Reason != ReasonTimeout && o.Reason != ReasonHandshakeTimeout {
		t.Errorf("overall timeout: %+v", o)
	}

	// The handshake's own limit applies even when the caller allows more.
	c, err = New(Config{BaseURL: base, RootCAs: p.Pool, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	c.handshakeTimeout = 200 * time.Millisecond
	o = c.Test(context.Background(), fakeKey(t))
	if o.Kind != Unreachable || o.KeySent || o.Reason != ReasonHandshakeTimeout {
		t.Errorf("handshake timeout: %+v", o)
	}
	if ln.accepts.Load() < 2 {
		t.Errorf("the listener saw %d connections", ln.accepts.Load())
	}
}

func TestConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c, err := New(Config{BaseURL: "https://" + addr + "/v2", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	o := c.Test(context.Background(), fakeKey(t))
	if o.Kind != Unreachable || o.KeySent || o.Reason != ReasonConnRefused {
		t.Errorf("got %+v", o)
	}
}

// hijack runs f on the raw connection of a request, after the handler's
// HTTP machinery has let go of it.
func hijack(f func(conn net.Conn, tcp *net.TCPConn)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		tcp, _ := conn.(*tls.Conn).NetConn().(*net.TCPConn)
		f(conn, tcp)
	}
}

func TestBrokenReplies(t *testing.T) {
	p := newPKI(t)
	cases := []struct {
		name    string
		h       http.HandlerFunc
		kinds   []Kind
		status  int
		reasons []Reason // nil: any
	}{
		{"closed without an answer", hijack(func(conn net.Conn, _ *net.TCPConn) { conn.Close() }),
			[]Kind{Unreachable}, 0, []Reason{ReasonBroken}},
		{"reset without an answer", hijack(func(conn net.Conn, tcp *net.TCPConn) { tcp.SetLinger(0); tcp.Close() }),
			[]Kind{Unreachable}, 0, []Reason{ReasonBroken}},
		{"200 cut off mid-body", hijack(func(conn net.Conn, tcp *net.TCPConn) {
			io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n{\"message\": \"The API")
			time.Sleep(20 * time.Millisecond)
			tcp.SetLinger(0)
			tcp.Close()
		}), []Kind{Unreachable}, 200, []Reason{ReasonBroken}},
		{"401 cut off mid-body", hijack(func(conn net.Conn, tcp *net.TCPConn) {
			io.WriteString(conn, "HTTP/1.1 401 Unauthorized\r\nRequest-Id: req_cut\r\nContent-Length: 500\r\n\r\n{\"type\"")
			time.Sleep(20 * time.Millisecond)
			conn.Close()
		}), []Kind{NotRecognised}, 401, []Reason{ReasonNone}},
		{"garbage instead of HTTP", hijack(func(conn net.Conn, _ *net.TCPConn) {
			io.WriteString(conn, "\x00\x01 this is not HTTP at all\r\n\r\n")
			conn.Close()
		}), []Kind{Unexpected}, 0, []Reason{ReasonUnreadable}},
		{"headers cut off", hijack(func(conn net.Conn, _ *net.TCPConn) {
			io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Ty")
			conn.Close()
		}), []Kind{Unreachable, Unexpected}, 0, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := startServer(t, p.goodLeaf(t), nil, tc.h)
			key := fakeKey(t)
			o := newClient(t, s, p, 5*time.Second).Test(context.Background(), key)
			ok := false
			for _, k := range tc.kinds {
				ok = ok || o.Kind == k
			}
			okReason := tc.reasons == nil
			for _, r := range tc.reasons {
				okReason = okReason || o.Reason == r
			}
			if !ok || !okReason || o.Status != tc.status {
				t.Errorf("got %v (%v) status %d", o.Kind, o.Reason, o.Status)
			}
			if !o.KeySent {
				t.Errorf("the request was sent, yet KeySent is false")
			}
			checkFacts(t, o)
			checkNoKey(t, o, key)
		})
	}
}

// TestHugeBody checks that an endless reply is cut short, whatever its
// status, and that the client reads only a small part of it.
func TestHugeBody(t *testing.T) {
	p := newPKI(t)
	for _, status := range []int{200, 401, 500} {
		var written atomic.Int64
		s := startServer(t, p.goodLeaf(t), nil, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(status)
			chunk := []byte(`{"message":"` + strings.Repeat("A", 64<<10))
			for written.Load() < 64<<20 {
				n, err := w.Write(chunk)
				written.Add(int64(n))
				if err != nil {
					return
				}
			}
		})
		o := newClient(t, s, p, 5*time.Second).Test(context.Background(), fakeKey(t))
		want := statusKind(status)
		if status == 200 {
			want = Unexpected
		}
		if o.Kind != want || o.Status != status {
			t.Errorf("%d: got %v (%v)", status, o.Kind, o.Reason)
		}
		s.Close() // waits for the handler, so written is final
		if n := written.Load(); n >= 64<<20 {
			t.Errorf("%d: the whole 64 MB was sent; the client read it all", status)
		}
	}
}

func TestAccountCarryingTheKeyIsDropped(t *testing.T) {
	p := newPKI(t)
	key := fakeKey(t)
	s := startServer(t, p.goodLeaf(t), nil, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Request-Id", "req_"+key)
		io.WriteString(w, `{"message":"The API key is valid for account: `+key+`@example.com"}`)
	})
	o := newClient(t, s, p, 5*time.Second).Test(context.Background(), key)
	if o.Kind != Works || o.Account != "" || o.RequestID != "" {
		t.Errorf("got kind %v, account of %d characters, request id of %d", o.Kind, len(o.Account), len(o.RequestID))
	}
	checkNoKey(t, o, key)
}

func TestFailureClassification(t *testing.T) {
	clearProxyEnv(t)
	c, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	bg := context.Background()
	cases := []struct {
		name   string
		err    error
		sent   bool
		kind   Kind
		reason Reason
		alert  string
	}{
		{"DNS", &url.Error{Op: "Get", URL: "https://x", Err: &net.OpError{Op: "dial", Err: &net.DNSError{Err: "no such host", Name: "x", IsNotFound: true}}}, false, Unreachable, ReasonNoName, ""},
		{"proxy", &url.Error{Op: "Get", Err: &net.OpError{Op: "proxyconnect", Err: errors.New("Forbidden")}}, false, Unreachable, ReasonProxy, ""},
		{"refused", &url.Error{Op: "Get", Err: &net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}}, false, Unreachable, ReasonConnRefused, ""},
		{"unreachable network", &url.Error{Op: "Get", Err: &net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ENETUNREACH)}}, false, Unreachable, ReasonNetwork, ""},
		{"deadline", &url.Error{Op: "Get", Err: context.DeadlineExceeded}, true, Unreachable, ReasonTimeout, ""},
		{"reset", &url.Error{Op: "Get", Err: &net.OpError{Op: "read", Err: os.NewSyscallError("read", syscall.ECONNRESET)}}, true, Unreachable, ReasonBroken, ""},
		{"odd, after sending", errors.New("malformed HTTP response"), true, Unexpected, ReasonUnreadable, ""},
		{"odd, before sending", errors.New("something"), false, Unreachable, ReasonNoAnswer, ""},
		{"TLS alert", &tlsFailure{&net.OpError{Op: "remote error", Err: errors.New("tls: handshake failure")}}, false, NotSecure, ReasonTLSAlert, "handshake failure"},
		{"TLS not TLS", &tlsFailure{tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}}, false, NotSecure, ReasonNotTLS, ""},
		{"TLS certificate invalid", &tlsFailure{x509.CertificateInvalidError{Reason: x509.NotAuthorizedToSign}}, false, NotSecure, ReasonCertInvalid, ""},
		{"TLS other", &tlsFailure{errors.New("tls: unexpected message")}, false, NotSecure, ReasonTLS, ""},
		{"TLS timeout", &tlsFailure{context.DeadlineExceeded}, false, Unreachable, ReasonHandshakeTimeout, ""},
		{"TLS EOF", &tlsFailure{io.EOF}, false, Unreachable, ReasonHandshakeClosed, ""},
	}
	for _, tc := range cases {
		a := &attempt{}
		a.sent.Store(tc.sent)
		o := c.failure(bg, tc.err, a)
		if o.Kind != tc.kind || o.Reason != tc.reason || o.TLSAlert != tc.alert {
			t.Errorf("%s: got %v %v %q, want %v %v %q", tc.name, o.Kind, o.Reason, o.TLSAlert, tc.kind, tc.reason, tc.alert)
		}
		if tc.kind == NotSecure && o.KeySent {
			t.Errorf("%s: NotSecure with KeySent", tc.name)
		}
		checkFacts(t, o)
		// Only the TLS alert's own name is kept from an error, never its whole text.
		for _, s := range []string{o.Account, o.RequestID, o.Host, o.TLSAlert} {
			if strings.Contains(s, tc.err.Error()) {
				t.Errorf("%s: raw error text in %q", tc.name, s)
			}
		}
	}
	// The proxy path reports TLS failures through the trace, not tlsFailure.
	a := &attempt{}
	a.tlsError.Store(true)
	if o := c.failure(bg, &net.OpError{Op: "proxyconnect", Err: x509.UnknownAuthorityError{}}, a); o.Kind != NotSecure || o.Reason != ReasonCertUntrusted {
		t.Errorf("TLS failure through a proxy: %v %v", o.Kind, o.Reason)
	}
	ctx, cancel := context.WithCancel(bg)
	cancel()
	if o := c.failure(ctx, context.Canceled, &attempt{}); o.Kind != Cancelled || o.KeySent || o.Reason != ReasonNone {
		t.Errorf("cancelled: %+v", o)
	}
}

// A Request-Id is capped in length: a long key echoed in it would be cut,
// and a cut key must be caught as surely as a whole one.
func TestRequestIDCarryingPartOfALongKeyIsDropped(t *testing.T) {
	p := newPKI(t)
	key := fakeKey(t) + strings.Repeat("Z", 150) + fakeKey(t)
	s := startServer(t, p.goodLeaf(t), nil, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Request-Id", "req_"+key)
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"type":"authentication_error","message":"Invalid API key."}`)
	})
	o := newClient(t, s, p, 5*time.Second).Test(context.Background(), key)
	if o.Kind != NotRecognised || o.RequestID != "" {
		t.Errorf("got kind %v and a Request-Id of %d characters cut from the key", o.Kind, len(o.RequestID))
	}
}
