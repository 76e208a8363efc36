package words

import (
	"crypto/x509"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/oncekey/oncekey/apiclient"
)

// TestWordsOfARealTest runs a real Client against a loopback TLS server and
// reads what the window would show, end to end.
func TestWordsOfARealTest(t *testing.T) {
	for _, v := range []string{"HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy"} {
		t.Setenv(v, "")
	}
	key := fakeKey(t)
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Request-Id", "req_0123456789abcdef")
		switch {
		case r.URL.Path == "/moved/test":
			http.Redirect(w, r, "https://elsewhere.example/v2/test", http.StatusFound)
		case r.Header.Get("API-Key") == key:
			io.WriteString(w, `{"message": "The API key is valid for account: admin@example.com"}`)
		default:
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"type": "authentication_error", "message": "Invalid API key."}`)
		}
	}))
	defer srv.Close()
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	host := srv.Listener.Addr().String()

	test := func(path string, roots *x509.CertPool, k string) (apiclient.Outcome, Said) {
		t.Helper()
		c, err := apiclient.New(apiclient.Config{BaseURL: srv.URL + path, RootCAs: roots, Timeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		defer c.CloseIdleConnections()
		o := c.Test(t.Context(), k)
		s := Outcome(o)
		for _, text := range []string{s.Summary, s.KeyFate, s.NextStep, Details(o)} {
			if strings.Contains(text, k) {
				t.Errorf("%v: the words repeat the key", o.Kind)
			}
		}
		return o, s
	}

	o, s := test("/v2", pool, key)
	if o.Kind != apiclient.Works || s.Summary != "Works: this key is valid for account admin@example.com." {
		t.Errorf("works: %v %+v", o.Kind, s)
	}
	if want := "Your key was sent only to " + host + ", the OnceHub address set on this computer."; s.KeyFate != want {
		t.Errorf("works: KeyFate %q, want %q", s.KeyFate, want)
	}

	o, s = test("/v2", pool, fakeKey(t))
	if o.Kind != apiclient.NotRecognised || !strings.Contains(s.Summary, "does not recognise") {
		t.Errorf("wrong key: %v %+v", o.Kind, s)
	}
	if d := Details(o); d != "HTTP status 401 · Request-Id req_0123456789abcdef" {
		t.Errorf("wrong key: Details %q", d)
	}

	o, s = test("/moved", pool, key)
	if o.Kind != apiclient.Unexpected || !strings.Contains(s.KeyFate, "not on to anywhere else") || !strings.Contains(s.Summary, "never follows") {
		t.Errorf("redirect: %v %+v", o.Kind, s)
	}
	if d := Details(o); d != "HTTP status 302 · Request-Id req_0123456789abcdef · redirect not followed" {
		t.Errorf("redirect: Details %q", d)
	}

	o, s = test("/v2", x509.NewCertPool(), key)
	if o.Kind != apiclient.NotSecure || s.KeyFate != "Your key was NOT sent." || Details(o) != "certificate not trusted" {
		t.Errorf("untrusted: %v %+v (%s)", o.Kind, s, Details(o))
	}
}
