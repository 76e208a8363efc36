package apiclient

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// defaultHost is DefaultBaseURL's host, named in texts about where the key went.
const defaultHost = "api.oncehub.com"

// Limits of one test. The overall Timeout bounds everything; the others make
// a stuck step fail on its own even when the caller allows more time.
const (
	defaultTimeout   = 15 * time.Second
	dialTimeout      = 10 * time.Second
	handshakeTimeout = 10 * time.Second
	// idleTimeout is how long a spare or pooled connection is kept. It is
	// shorter than common server idle limits (60 s and more), so a kept
	// connection is rarely one the server is just closing.
	idleTimeout = 30 * time.Second
	// bodyCap is how much of a reply is read. OnceHub's replies are tiny;
	// anything bigger is not one of them and is not read further.
	bodyCap = 64 << 10
)

// Config configures a Client. The zero value tests against OnceHub itself.
type Config struct {
	// BaseURL is the API base; "" means DefaultBaseURL. It must be https.
	BaseURL string
	// Version goes into the User-Agent "OnceKey/<version> (<GOOS>)".
	Version string
	// RootCAs are the trusted certificate authorities; nil means the
	// system's, which honours SSL_CERT_FILE and SSL_CERT_DIR.
	RootCAs *x509.CertPool
	// Timeout bounds one whole test; 0 means 15 seconds.
	Timeout time.Duration
}

// ConfigProblem says what is wrong with a setting.
type ConfigProblem int

// The problems with a setting.
const (
	ConfigNotURL   ConfigProblem = iota + 1 // not a web address
	ConfigNotHTTPS                          // not https://
	ConfigNoHost                            // no server name
	ConfigUserInfo                          // holds a user name or password
	ConfigQuery                             // holds a ? or # part
	ConfigBadProxy                          // HTTPS_PROXY is not a proxy address
)

var configNames = [...]string{
	ConfigNotURL:   "not a URL",
	ConfigNotHTTPS: "not https",
	ConfigNoHost:   "no host",
	ConfigUserInfo: "has user info",
	ConfigQuery:    "has a query or fragment",
	ConfigBadProxy: "bad proxy address",
}

// ConfigError says why a Client cannot be made. It never holds the
// setting's value: an address may carry a password.
type ConfigError struct {
	Problem ConfigProblem
	// Setting names the setting, such as "ONCEKEY_API_URL"; "" is the
	// base URL given to New.
	Setting string
}

// Error returns a short technical description.
func (e *ConfigError) Error() string {
	what := "API base URL"
	if e.Setting != "" {
		what = e.Setting
	}
	name := ""
	if e.Problem > 0 && int(e.Problem) < len(configNames) {
		name = configNames[e.Problem]
	}
	return what + ": " + name
}

// apiURLEnv names the setting that points OnceKey at another API base.
const apiURLEnv = "ONCEKEY_API_URL"

// BaseURLFromEnv returns ONCEKEY_API_URL, checked and without a trailing
// slash, or DefaultBaseURL when it is not set.
func BaseURLFromEnv() (string, error) {
	v := strings.TrimSpace(os.Getenv(apiURLEnv))
	if v == "" {
		return DefaultBaseURL, nil
	}
	u, err := parseBaseURL(v, apiURLEnv)
	if err != nil {
		return "", err
	}
	return u.String(), nil
}

// parseBaseURL checks an API base. setting says where it came from ("" for
// the base given to New). The URL itself is never kept in the error: it
// might carry a password.
func parseBaseURL(s, setting string) (*url.URL, error) {
	u, err := url.Parse(s)
	switch {
	case err != nil || u.Opaque != "":
		return nil, &ConfigError{ConfigNotURL, setting}
	case u.Scheme != "https":
		return nil, &ConfigError{ConfigNotHTTPS, setting}
	case u.Host == "" || u.Hostname() == "":
		return nil, &ConfigError{ConfigNoHost, setting}
	case u.User != nil:
		return nil, &ConfigError{ConfigUserInfo, setting}
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(s, "#"):
		return nil, &ConfigError{ConfigQuery, setting}
	}
	return &url.URL{Scheme: "https", Host: u.Host, Path: strings.TrimRight(u.Path, "/"), RawPath: strings.TrimRight(u.RawPath, "/")}, nil
}

// Client tests API keys against one API base. It is safe for concurrent use.
type Client struct {
	baseURL   string
	testURL   string
	host      string // for messages: host, with the port unless it is 443
	addr      string // host:port the TLS connections go to
	userAgent string
	timeout   time.Duration

	tlsConf          *tls.Config
	dialer           *net.Dialer
	handshakeTimeout time.Duration
	proxied          bool // a proxy carries the connections; Warm does nothing
	hc               *http.Client
	warm             warmer

	// resolve lets tests send connections for a made-up host name to a
	// loopback server; nil in normal use.
	resolve func(addr string) string
}

// New makes a Client. It reads HTTPS_PROXY and NO_PROXY now, so changes to
// them later do not affect this Client.
func New(cfg Config) (*Client, error) {
	base := cfg.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	u, err := parseBaseURL(base, "")
	if err != nil {
		return nil, err
	}
	proxy, err := proxyFromEnv()
	if err != nil {
		return nil, err
	}
	c := &Client{
		baseURL:   u.String(),
		testURL:   u.String() + "/test",
		host:      u.Host,
		addr:      net.JoinHostPort(u.Hostname(), portOr443(u)),
		userAgent: "OnceKey/" + cleanVersion(cfg.Version) + " (" + runtime.GOOS + ")",
		timeout:   cfg.Timeout,
		tlsConf: &tls.Config{
			MinVersion: tls.VersionTLS12,
			RootCAs:    cfg.RootCAs,
			// One request at a time needs no HTTP/2, and HTTP/1.1 lets Warm
			// hand a ready connection to the Transport.
			NextProtos: []string{"http/1.1"},
		},
		dialer:           &net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second},
		handshakeTimeout: handshakeTimeout,
	}
	if u.Port() == "443" {
		c.host = u.Hostname()
	}
	if c.timeout <= 0 {
		c.timeout = defaultTimeout
	}
	if p, _ := proxy(&http.Request{URL: u}); p != nil {
		c.proxied = true
	}
	c.warm.init(c.addr)
	tr := &http.Transport{
		Proxy:                  proxy,
		DialContext:            c.dialContext,
		DialTLSContext:         c.dialTLSContext,
		TLSClientConfig:        c.tlsConf,
		TLSHandshakeTimeout:    handshakeTimeout,
		ResponseHeaderTimeout:  c.timeout,
		IdleConnTimeout:        idleTimeout,
		MaxIdleConnsPerHost:    2,
		MaxResponseHeaderBytes: bodyCap,
		// A non-nil empty map turns HTTP/2 off.
		TLSNextProto: map[string]func(string, *tls.Conn) http.RoundTripper{},
	}
	c.hc = &http.Client{
		Transport: tr,
		// A redirect is never followed: the key must go to the API host only.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return c, nil
}

func portOr443(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	return "443"
}

// cleanVersion keeps a version string to characters safe in a header.
func cleanVersion(v string) string {
	v = strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune(".-_+~", r) {
			return r
		}
		return -1
	}, v)
	if len(v) > 64 {
		v = v[:64]
	}
	if v == "" {
		return "dev"
	}
	return v
}

// Host returns the API host, for messages: "api.oncehub.com" by default.
func (c *Client) Host() string { return c.host }

// CloseIdleConnections closes the connections kept open for the next test,
// including Warm's. Call it when the program no longer needs the Client.
func (c *Client) CloseIdleConnections() {
	c.hc.CloseIdleConnections()
	c.warm.closeSpare()
}

// dialContext opens a TCP connection (to the API host, or to a proxy).
func (c *Client) dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	if c.resolve != nil {
		addr = c.resolve(addr)
	}
	return c.dialer.DialContext(ctx, network, addr)
}

// tlsFailure marks an error from a TLS handshake this package ran itself.
type tlsFailure struct{ err error }

func (e *tlsFailure) Error() string { return "secure connection failed: " + e.err.Error() }
func (e *tlsFailure) Unwrap() error { return e.err }

// dialTLS opens a TCP connection to addr and completes a TLS handshake with
// the host named in addr, within handshakeTimeout.
func (c *Client) dialTLS(ctx context.Context, network, addr string) (*tls.Conn, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	raw, err := c.dialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	conf := c.tlsConf.Clone()
	conf.ServerName = host
	tc := tls.Client(raw, conf)
	hctx, cancel := context.WithTimeout(ctx, c.handshakeTimeout)
	defer cancel()
	if err := tc.HandshakeContext(hctx); err != nil {
		raw.Close()
		return nil, &tlsFailure{err}
	}
	return tc, nil
}

// attempt records what one request did, as seen by its trace hooks, which
// may run on the Transport's goroutines.
type attempt struct {
	sent     atomic.Bool // a connection to the API host was ready to carry the key
	tlsError atomic.Bool // the Transport's own TLS handshake failed (proxy path)

	mu        sync.Mutex
	conn      *trackedConn // the tracked connection the request got, if any
	use       uint64       // that connection's use number for this request
	usedSpare bool         // it was a spare made by Warm, used for the first time
}

func (c *Client) trace(a *attempt) *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) {
			a.sent.Store(true)
			if tc, ok := info.Conn.(*trackedConn); ok {
				use, spare := tc.taken()
				a.mu.Lock()
				a.conn, a.use, a.usedSpare = tc, use, spare
				a.mu.Unlock()
			}
		},
		PutIdleConn: func(err error) {
			a.mu.Lock()
			tc, use := a.conn, a.use
			a.mu.Unlock()
			if err == nil && tc != nil {
				tc.idled(use)
			}
		},
		TLSHandshakeDone: func(_ tls.ConnectionState, err error) {
			if err != nil {
				a.tlsError.Store(true)
			}
		},
	}
}

// Test checks key against OnceHub: GET {base}/test with the key in the
// API-Key header. A key NormalizeKey refuses is not sent at all.
// Cancelling ctx gives Cancelled; a deadline on ctx counts like Timeout.
func (c *Client) Test(ctx context.Context, key string) Outcome {
	k, err := NormalizeKey(key)
	if err != nil {
		return invalidKey(c.host, err)
	}
	if err := ctx.Err(); err != nil {
		return c.failure(ctx, err, &attempt{})
	}
	o, retry := c.try(ctx, k)
	if retry {
		// The spare connection from Warm had been closed by the server
		// before the request could use it; a fresh one settles it.
		o, _ = c.try(ctx, k)
	}
	return scrub(o, k)
}

// try makes one test request. retry reports that it failed only because a
// spare connection turned out to be closed, before any answer.
func (c *Client) try(ctx context.Context, key string) (o Outcome, retry bool) {
	rep, o, retry := c.exchange(ctx, http.MethodGet, c.testURL, key, bodyCap)
	if rep == nil {
		return o, retry
	}
	return parseReply(rep.status, rep.header, rep.body, c.host, time.Now()), false
}

// reply is an answer from the API host: its status, headers and the body,
// read up to a cap (one byte more means it was cut); the body is nil when
// reading it failed after a status that says enough on its own.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// exchange sends one request with key in the API-Key header to target, a
// URL on the API host. It returns the answer, or, when there is none to
// read, rep is nil and o says why. retry reports that it failed only
// because a spare connection turned out to be closed, before any answer.
func (c *Client) exchange(ctx context.Context, method, target, key string, capBytes int64) (rep *reply, o Outcome, retry bool) {
	tctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	a := &attempt{}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(tctx, c.trace(a)), method, target, nil)
	if err != nil {
		// The URL was made from the one checked in New, so this cannot happen.
		return nil, NewOutcome(Unexpected, c.host, false), false
	}
	// Set directly, not with Header.Set, to keep OnceHub's documented spelling.
	req.Header["API-Key"] = []string{key}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)

	resp, err := c.hc.Do(req)
	if err != nil {
		a.mu.Lock()
		spare := a.usedSpare
		a.mu.Unlock()
		if spare && ctx.Err() == nil && brokenConn(err) && !isTimeout(err) {
			return nil, Outcome{}, true
		}
		return nil, c.failure(ctx, err, a), false
	}
	defer resp.Body.Close()
	body, readErr := io.ReadAll(io.LimitReader(resp.Body, capBytes+1))
	if ctx.Err() != nil {
		// The caller gave up (cancelled, or its deadline passed) while the
		// answer arrived: report that, not whatever a server hanging up on
		// the closed connection managed to send.
		return nil, c.failure(ctx, ctx.Err(), a), false
	}
	if tctx.Err() != nil {
		// The same for the client's own time limit: a server that answers
		// only once the request is given up has not answered in time.
		return nil, c.failure(ctx, tctx.Err(), a), false
	}
	if readErr != nil {
		o := c.failure(ctx, readErr, a)
		o.Status = resp.StatusCode
		o.RequestID = cleanRequestID(resp.Header.Get("Request-Id"))
		if o.Kind == Unreachable || o.Kind == Unexpected {
			// OnceHub's status already answers the question for refusals
			// and rate limits; only a cut-off 200 leaves it open.
			if k := statusKind(resp.StatusCode); k != Works && k != Unexpected {
				return &reply{status: resp.StatusCode, header: resp.Header}, Outcome{}, false
			}
		}
		return nil, o, false
	}
	return &reply{status: resp.StatusCode, header: resp.Header, body: body}, Outcome{}, false
}

// failure turns an error from the request into an Outcome.
func (c *Client) failure(parent context.Context, err error, a *attempt) Outcome {
	sent := a.sent.Load()
	if errors.Is(parent.Err(), context.Canceled) {
		return NewOutcome(Cancelled, c.host, sent)
	}
	// A deadline on the caller's context is a time limit like Timeout, and
	// is reported as one below.
	var tf *tlsFailure
	if a.tlsError.Load() || errors.As(err, &tf) {
		switch {
		case isTimeout(err):
			return c.unreachable(false, ReasonHandshakeTimeout)
		case brokenConn(err):
			return c.unreachable(false, ReasonHandshakeClosed)
		}
		o := NewOutcome(NotSecure, c.host, false)
		o.Reason, o.TLSAlert = tlsReason(err)
		return o
	}
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case isTimeout(err):
		return c.unreachable(sent, ReasonTimeout)
	case errors.As(err, &opErr) && opErr.Op == "proxyconnect" || c.proxied && !sent:
		// Before a tunnel exists, every failure is the proxy's, or
		// reported by it; a refused CONNECT comes back as a bare error.
		return c.unreachable(false, ReasonProxy)
	case errors.As(err, &dnsErr):
		return c.unreachable(false, ReasonNoName)
	case errors.Is(err, syscall.ECONNREFUSED):
		return c.unreachable(false, ReasonConnRefused)
	case brokenConn(err):
		return c.unreachable(sent, ReasonBroken)
	case errors.As(err, &opErr):
		return c.unreachable(sent, ReasonNetwork)
	case sent:
		o := NewOutcome(Unexpected, c.host, true)
		o.Reason = ReasonUnreadable
		return o
	default:
		return c.unreachable(false, ReasonNoAnswer)
	}
}

func (c *Client) unreachable(sent bool, r Reason) Outcome {
	o := NewOutcome(Unreachable, c.host, sent)
	o.Reason = r
	return o
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) ||
		errors.As(err, &ne) && ne.Timeout()
}

// brokenConn reports an error from a connection that closed or was reset.
func brokenConn(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNABORTED) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, net.ErrClosed)
}

// tlsReason names a TLS failure, and the alert's name when the server sent
// one (such as "protocol version not supported").
func tlsReason(err error) (Reason, string) {
	var unknown x509.UnknownAuthorityError
	var name x509.HostnameError
	var invalid x509.CertificateInvalidError
	var record tls.RecordHeaderError
	var opErr *net.OpError
	switch {
	case errors.As(err, &unknown):
		return ReasonCertUntrusted, ""
	case errors.As(err, &name):
		return ReasonCertWrongName, ""
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return ReasonCertExpired, ""
	case errors.As(err, &invalid):
		return ReasonCertInvalid, ""
	case errors.As(err, &record):
		return ReasonNotTLS, ""
	case errors.As(err, &opErr) && opErr.Op == "remote error" && opErr.Err != nil:
		return ReasonTLSAlert, strings.TrimPrefix(opErr.Err.Error(), "tls: ")
	default:
		return ReasonTLS, ""
	}
}

// scrub removes anything that contains the key from the fields a server
// controls. OnceHub never echoes keys, but a stand-in server might.
func scrub(o Outcome, key string) Outcome {
	if o.Account != "" && sharesPiece(o.Account, key) {
		o.Account = ""
	}
	if sharesPiece(o.RequestID, key) {
		o.RequestID = ""
	}
	return o
}

// sharesPiece reports whether s holds any MinKeyLen characters of key in a
// row: a field cut short (the Request-Id is capped) may hold part of a key
// without holding all of it.
func sharesPiece(s, key string) bool {
	if len(key) < MinKeyLen {
		return strings.Contains(s, key)
	}
	for i := 0; i+MinKeyLen <= len(key); i++ {
		if strings.Contains(s, key[i:i+MinKeyLen]) {
			return true
		}
	}
	return false
}
