package fakeoncehub

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

const testKey = "fk_0123456789abcdef"

func start(t *testing.T, o Options) *Server {
	t.Helper()
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func client(t *testing.T, pool *x509.CertPool) *http.Client {
	t.Helper()
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

type answer struct {
	status int
	header http.Header
	body   map[string]string
}

func get(t *testing.T, c *http.Client, url, key string) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header["API-Key"] = []string{key}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	a := answer{status: resp.StatusCode, header: resp.Header}
	if len(data) > 0 {
		if err := json.Unmarshal(data, &a.body); err != nil {
			t.Fatalf("the body is not OnceHub's JSON: %q", data)
		}
	}
	return a
}

func TestAnswersAsOnceHubDoes(t *testing.T) {
	s := start(t, Options{})
	s.AddKey(testKey, "admin@example.com")
	c := client(t, s.Pool)
	ids := map[string]bool{}
	for _, tc := range []struct {
		name, path, key string
		reply           *Reply
		status          int
		body            map[string]string
	}{
		{"known key", "/test", testKey, nil, 200, map[string]string{"message": "The API key is valid for account: admin@example.com"}},
		{"unknown key", "/test", testKey + "x", nil, 401, map[string]string{"type": "authentication_error", "message": "Invalid API key."}},
		{"no such path", "/nothing", testKey, nil, 404, map[string]string{"type": "invalid_request_error", "message": "Not found."}},
		{"canned 403", "/test", testKey, &Reply{Status: 403, Type: "authentication_error", Message: "No API access."}, 403,
			map[string]string{"type": "authentication_error", "message": "No API access."}},
		{"canned 503", "/test", testKey, &Reply{Status: 503, Type: "api_error", Message: "Down."}, 503,
			map[string]string{"type": "api_error", "message": "Down."}},
	} {
		s.Answer(tc.reply)
		a := get(t, c, s.URL+tc.path, tc.key)
		if a.status != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, a.status, tc.status)
		}
		for k, v := range tc.body {
			if a.body[k] != v {
				t.Errorf("%s: %s is %q, want %q", tc.name, k, a.body[k], v)
			}
		}
		id := a.header.Get("Request-Id")
		if !strings.HasPrefix(id, "req_") || ids[id] {
			t.Errorf("%s: Request-Id %q, want a new req_ one", tc.name, id)
		}
		ids[id] = true
	}

	s.Answer(&Reply{Status: 429, Type: "rate_limit_error", Message: "Request rate limit exceeded", RetryAfter: "7"})
	if a := get(t, c, s.URL+"/test", testKey); a.status != 429 || a.header.Get("Retry-After") != "7" {
		t.Errorf("canned 429: %d with Retry-After %q", a.status, a.header.Get("Retry-After"))
	}
	s.Answer(&Reply{Status: 307, Location: "https://elsewhere.example/v2/test"})
	if a := get(t, c, s.URL+"/test", testKey); a.status != 307 || a.header.Get("Location") == "" || a.body != nil {
		t.Errorf("canned redirect: %d to %q with body %v", a.status, a.header.Get("Location"), a.body)
	}
	s.Answer(nil)
	s.RemoveKey(testKey)
	if a := get(t, c, s.URL+"/test", testKey); a.status != 401 {
		t.Errorf("a removed key got %d", a.status)
	}
}

func TestCountsConnectionsHandshakesAndKeys(t *testing.T) {
	s := start(t, Options{})
	s.AddKey(testKey, "admin@example.com")
	c := client(t, s.Pool)
	get(t, c, s.URL+"/test", testKey)
	get(t, c, s.URL+"/test", "fk_never-added-key")
	// Both requests went over one kept-alive connection.
	if got := s.Counts(); got != (Counts{Accepts: 1, Handshakes: 1, Requests: 2}) {
		t.Errorf("counts %+v, want 1 accept, 1 handshake, 2 requests", got)
	}
	if s.Sent(testKey) != 1 || s.Sent("fk_never-added-key") != 1 || s.Sent("fk_other") != 0 {
		t.Errorf("keys sent: %d, %d, %d; want 1, 1, 0", s.Sent(testKey), s.Sent("fk_never-added-key"), s.Sent("fk_other"))
	}
	before := s.Counts()
	s.DropConns()
	get(t, c, s.URL+"/test", testKey)
	if d := s.Counts().Sub(before); d != (Counts{Accepts: 1, Handshakes: 1, Requests: 1}) {
		t.Errorf("after DropConns a request counted %+v, want a new connection", d)
	}
	if s.MaxInFlight() != 1 || s.InFlight() != 0 {
		t.Errorf("in flight at most %d, now %d; want 1 and 0", s.MaxInFlight(), s.InFlight())
	}
}

// The certificate is for localhost as well as the loopback addresses, and
// the CA file is what SSL_CERT_FILE needs.
func TestCertificateNamesAndCAFile(t *testing.T) {
	s := start(t, Options{Names: []string{"api.oncehub.test"}})
	path, err := s.WriteCertFile(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(data) {
		t.Fatal("the CA file holds no certificate")
	}
	_, port, _ := net.SplitHostPort(s.Addr)
	for _, name := range []string{"127.0.0.1", "localhost", "::1", "api.oncehub.test"} {
		conn, err := tls.Dial("tcp", s.Addr, &tls.Config{RootCAs: pool, ServerName: name})
		if err != nil {
			t.Errorf("the certificate is not good for %s: %v", name, err)
			continue
		}
		conn.Close()
	}
	c := client(t, pool)
	if a := get(t, c, "https://localhost:"+port+"/v2/test", ""); a.status != 401 {
		t.Errorf("through localhost: %d", a.status)
	}
}

func TestTLSModes(t *testing.T) {
	s := start(t, Options{})
	for _, tc := range []struct {
		mode TLSMode
		want string
	}{
		{TLSWrongName, "doesn't contain any IP SANs"},
		{TLSExpired, "expired"},
		{TLSOnly11, "protocol version"},
		{TLSHangUp, ""}, // EOF or a reset, as the timing falls
	} {
		s.SetTLS(tc.mode)
		before := s.Counts()
		_, err := tls.Dial("tcp", s.Addr, &tls.Config{RootCAs: s.Pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("mode %d: %v, want an error with %q", tc.mode, err, tc.want)
		}
		want := Counts{Accepts: 1, Handshakes: 1}
		if tc.mode == TLSHangUp {
			want.Handshakes = 0
		}
		if d := s.Counts().Sub(before); d != want {
			t.Errorf("mode %d: counted %+v, want %+v", tc.mode, d, want)
		}
	}
	s.SetTLS(TLSGood)
	if a := get(t, client(t, s.Pool), s.URL+"/test", testKey); a.status != 401 {
		t.Errorf("back to TLSGood: %d", a.status)
	}
}

func TestReplyModes(t *testing.T) {
	s := start(t, Options{})
	s.SetSlowByteGap(time.Millisecond)
	do := func(headerCap int64) (*http.Response, []byte, error) {
		tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: s.Pool}, MaxResponseHeaderBytes: headerCap}
		defer tr.CloseIdleConnections()
		resp, err := (&http.Client{Transport: tr}).Get(s.URL + "/test")
		if err != nil {
			return nil, nil, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		return resp, body, err
	}

	s.SetReply(ReplySlow)
	start := time.Now()
	resp, body, err := do(0)
	if err != nil || resp.StatusCode != 200 || !strings.Contains(string(body), "slow@example.com") || resp.Header.Get("Request-Id") == "" {
		t.Errorf("slow: %v %q", err, body)
	} else if time.Since(start) < 100*time.Millisecond {
		t.Errorf("slow came in %v", time.Since(start))
	}

	s.SetReply(ReplyResetMidway)
	if _, _, err := do(0); err == nil {
		t.Error("reset mid-reply: the body was read whole")
	}

	s.SetReply(ReplyHugeHeader)
	if _, _, err := do(64 << 10); err == nil || !strings.Contains(err.Error(), "header") {
		t.Errorf("huge header: %v", err)
	}

	s.SetReply(ReplyHuge)
	resp, body, err = do(0)
	if err != nil || resp.ContentLength != HugeSize || len(body) != 1<<20 {
		t.Errorf("huge: %v, length %d, read %d", err, resp.ContentLength, len(body))
	}
	deadline := time.Now().Add(10 * time.Second)
	for s.InFlight() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if sent := s.HugeSent(); sent >= HugeSize/2 {
		t.Errorf("huge: %d bytes written to a client that read 1 MB", sent)
	}

	s.SetReply(ReplyNormal)
	if _, _, err := do(0); err != nil {
		t.Errorf("back to normal: %v", err)
	}
}

func TestHangsUntilReleasedOrTheClientGivesUp(t *testing.T) {
	s := start(t, Options{})
	s.AddKey(testKey, "admin@example.com")
	c := client(t, s.Pool)
	s.Hang()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/test", nil)
	done := make(chan error, 1)
	go func() {
		resp, err := c.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	waitFor(t, "the request to be held", func() bool { return s.InFlight() == 1 })
	select {
	case err := <-done:
		t.Fatalf("the held request ended: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled request: %v", err)
	}
	waitFor(t, "the server to let go of the cancelled request", func() bool { return s.InFlight() == 0 })
	if s.Abandoned() != 1 {
		t.Errorf("%d abandoned, want 1", s.Abandoned())
	}

	answered := make(chan int, 1)
	go func() { answered <- get(t, c, s.URL+"/test", testKey).status }()
	waitFor(t, "the second request to be held", func() bool { return s.InFlight() == 1 })
	s.Release()
	if status := <-answered; status != 200 {
		t.Errorf("a released request got %d", status)
	}
}

// Close lets go of a held request and waits for it.
func TestCloseEndsHeldRequests(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Hang()
	c := client(t, s.Pool)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if resp, err := c.Get(s.URL + "/test"); err == nil {
			resp.Body.Close()
		}
	}()
	waitFor(t, "the request to be held", func() bool { return s.InFlight() == 1 })
	s.Close()
	if s.InFlight() != 0 {
		t.Errorf("%d requests still in flight after Close", s.InFlight())
	}
	<-done
}

func TestHTTP2WhenAsked(t *testing.T) {
	s := start(t, Options{HTTP2: true})
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: s.Pool}, ForceAttemptHTTP2: true}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Get(s.URL + "/test")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.ProtoMajor != 2 || resp.StatusCode != 401 || resp.Header.Get("Request-Id") == "" {
		t.Errorf("got %s %d", resp.Proto, resp.StatusCode)
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}
