//go:build e2e

package e2e

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oncekey/oncekey/internal/testpki"
)

// The contract test: the command line against a Prism mock built from
// OnceHub's published OpenAPI spec, with Prism's request validation on
// (--errors), behind a loopback TLS front. Any request Prism finds breaking
// the spec (it says so in an sl-violations header) fails the test. The
// spec is not part of this repository: ONCEHUB_SPEC names it, and Prism
// comes from the npm registry (make prism); without them the test is
// skipped, saying so.

// prismExampleSecret is the signing secret in the spec's example webhook,
// which Prism sends with every list: it must appear nowhere.
const prismExampleSecret = "d7686b8c83f04913929079aeae40189e"

type prismFront struct {
	*httptest.Server
	mu         sync.Mutex
	violations []string
	requests   []string
	prefer     string // a status for Prism to answer with ("404"), or ""
}

func (f *prismFront) setPrefer(code string) {
	f.mu.Lock()
	f.prefer = code
	f.mu.Unlock()
}

func (f *prismFront) seen() (requests, violations []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.requests...), append([]string(nil), f.violations...)
}

// startPrism starts Prism on a loopback port and a TLS front for it, whose
// CA is written to a file for SSL_CERT_FILE.
func startPrism(t *testing.T) (front *prismFront, certFile string) {
	t.Helper()
	spec := os.Getenv("ONCEHUB_SPEC")
	prism := os.Getenv("ONCEKEY_PRISM")
	if spec == "" || prism == "" {
		t.Skip("ONCEHUB_SPEC (OnceHub's OpenAPI spec) and ONCEKEY_PRISM (Prism, from make prism) are not set: the contract test needs both")
	}
	for _, f := range []string{spec, prism} {
		if _, err := os.Stat(f); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, prism, "mock", "--host", "127.0.0.1", "--port", strconv.Itoa(port), "--errors", spec)
	cmd.Env = append(os.Environ(), "SCARF_ANALYTICS=false", "DO_NOT_TRACK=1")
	log := capture("prism")
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		_ = cmd.Wait()
	})
	backend := &url.URL{Scheme: "http", Host: "127.0.0.1:" + strconv.Itoa(port)}
	waitUntil(t, 60*time.Second, "Prism to listen", func() bool {
		c, err := net.Dial("tcp", backend.Host)
		if err == nil {
			c.Close()
		}
		return err == nil
	})

	ca, err := testpki.NewCA("OnceKey contract test")
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := ca.LoopbackLeaf()
	if err != nil {
		t.Fatal(err)
	}
	front = &prismFront{}
	proxy := &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
		// OnceKey's base ends in /v2, as OnceHub's does; Prism serves the
		// spec's paths from the root.
		pr.SetURL(backend)
		pr.Out.URL.Path = strings.TrimPrefix(pr.In.URL.Path, "/v2")
		pr.Out.URL.RawPath = ""
		front.mu.Lock()
		front.requests = append(front.requests, pr.Out.Method+" "+pr.Out.URL.Path+"?"+pr.Out.URL.RawQuery)
		if front.prefer != "" {
			pr.Out.Header.Set("Prefer", "code="+front.prefer)
		}
		front.mu.Unlock()
	}}
	proxy.ModifyResponse = func(resp *http.Response) error {
		if v := resp.Header.Get("sl-violations"); v != "" {
			front.mu.Lock()
			front.violations = append(front.violations, resp.Request.Method+" "+resp.Request.URL.Path+": "+v)
			front.mu.Unlock()
		}
		return nil
	}
	front.Server = httptest.NewUnstartedServer(proxy)
	front.TLS = &tls.Config{Certificates: []tls.Certificate{leaf}}
	front.StartTLS()
	t.Cleanup(front.Close)
	certFile = filepath.Join(t.TempDir(), "contract-ca.crt")
	if err := ca.WriteCertFile(certFile); err != nil {
		t.Fatal(err)
	}
	return front, certFile
}

func TestCommandLineAgainstOnceHubsSpec(t *testing.T) {
	front, certFile := startPrism(t)
	home := newScratch(t)
	// A keyring of the test's own; Prism takes any key.
	ring := startKeyring(t)
	env := home.env(append([]string{"ONCEKEY_API_URL=" + front.URL + "/v2", "SSL_CERT_FILE=" + certFile}, ring.env()...)...)
	key := canaryKey(t)
	run := func(stdin string, args ...string) cliResult {
		t.Helper()
		res := runCLI(t, env, stdin, false, args...)
		if strings.Contains(res.output(), prismExampleSecret) {
			t.Fatalf("oncekey %s printed a webhook's signing secret", strings.Join(args, " "))
		}
		return res
	}
	if res := run(key+"\n", "set"); res.code != 0 {
		t.Fatalf("set: exit %d\n%s", res.code, redact(res.output()))
	}
	if res := run("", "test"); res.code != 0 || !strings.Contains(res.stdout, "admin@example.com") {
		t.Errorf("test against the spec's mock: exit %d\n%s", res.code, redact(res.output()))
	}

	res := run("", "webhooks", "--json")
	var doc struct {
		Complete bool `json:"complete"`
		Webhooks []struct {
			ID     string   `json:"id"`
			URL    string   `json:"url"`
			Events []string `json:"events"`
		} `json:"webhooks"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil || res.code != 0 || !doc.Complete || len(doc.Webhooks) == 0 || doc.Webhooks[0].ID == "" {
		t.Errorf("webhooks --json from the spec's example: exit %d, %v\n%s", res.code, err, redact(res.output()))
	}
	if res := run("", "webhooks"); res.code != 0 || !strings.Contains(res.stdout, "when a booking is") {
		t.Errorf("webhooks: exit %d\n%s", res.code, redact(res.output()))
	}
	if res := run("", "webhooks", "delete", "--yes", "WHK-7JD9LBVZTQ"); res.code != 0 || !strings.Contains(res.stdout, "Deleted the webhook WHK-7JD9LBVZTQ") {
		t.Errorf("webhooks delete: exit %d\n%s", res.code, redact(res.output()))
	}

	// The spec's other answers, as Prism gives them when asked to.
	for _, tc := range []struct {
		code string
		args []string
		exit int
		says string
	}{
		{"404", []string{"webhooks", "delete", "--yes", "WHK-7JD9LBVZTQ"}, 0, "deleted already"},
		{"401", []string{"webhooks"}, 1, "does not recognise this key"},
		{"429", []string{"webhooks", "delete", "--yes", "WHK-7JD9LBVZTQ"}, 2, "too many requests"},
		{"401", []string{"test"}, 1, "does not recognise this key"},
		{"403", []string{"test"}, 1, "does not include API access"},
	} {
		front.setPrefer(tc.code)
		res := run("", tc.args...)
		if res.code != tc.exit || !strings.Contains(res.output(), tc.says) {
			t.Errorf("oncekey %s, answered %s: exit %d, want %d saying %q:\n%s", strings.Join(tc.args, " "), tc.code, res.code, tc.exit, tc.says, redact(res.output()))
		}
	}
	front.setPrefer("")

	requests, violations := front.seen()
	for _, v := range violations {
		t.Errorf("Prism: a request broke OnceHub's spec: %s", v)
	}
	lists := 0
	for _, r := range requests {
		if strings.HasPrefix(r, "GET /webhooks?") {
			lists++
			if !strings.Contains(r, "limit=100") {
				t.Errorf("a list request without limit=100: %s", r)
			}
		}
	}
	if lists < 3 || len(requests) < 9 {
		t.Errorf("Prism saw %d requests, %d of them lists: %v", len(requests), lists, requests)
	}
	t.Logf("Prism answered %d requests with no violation of the spec", len(requests))

	// A control: a request that breaks the spec (limit above 100) is
	// caught, so the check above could have failed.
	pool := x509.NewCertPool()
	pem, err := os.ReadFile(certFile)
	if err != nil || !pool.AppendCertsFromPEM(pem) {
		t.Fatalf("the front's CA: %v", err)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	req, _ := http.NewRequest(http.MethodGet, front.URL+"/v2/webhooks?limit=500", nil)
	req.Header.Set("API-Key", "contract-control")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if _, after := front.seen(); len(after) != len(violations)+1 {
		t.Errorf("a request with limit=500 was not reported as breaking the spec (status %d): the check itself is broken", resp.StatusCode)
	}
}
