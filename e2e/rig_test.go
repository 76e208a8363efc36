//go:build e2e

package e2e

import (
	"testing"

	"github.com/oncekey/oncekey/internal/fakeoncehub"
)

// rig is what a whole-program test runs OnceKey in: a home of its own, a
// private keyring, a stand-in for OnceHub trusted through SSL_CERT_FILE, and
// two hosts that must never hear the key: a proxy that must not be used
// (HTTPS_PROXY, which loopback addresses bypass) and the target of any
// redirect the stand-in sends.
type rig struct {
	t         *testing.T
	home      *scratch
	ca        *testCA
	api       *fakeoncehub.Server
	keyring   *keyring
	decoy     *recorder // HTTPS_PROXY
	elsewhere *recorder // where redirects point
}

func newRig(t *testing.T) *rig {
	t.Helper()
	r := &rig{t: t, home: newScratch(t)}
	r.ca = newTestCA(t, t.TempDir())
	r.api = startAPI(t, r.ca)
	r.keyring = startKeyring(t)
	r.decoy = startRecorder(t, "the proxy OnceKey must not use", r.ca)
	r.elsewhere = startRecorder(t, "the host a redirect points to", r.ca)
	return r
}

// env is OnceKey's environment in the rig, plus extra settings.
func (r *rig) env(extra ...string) []string {
	base := []string{
		"ONCEKEY_API_URL=" + r.api.URL,
		"SSL_CERT_FILE=" + r.ca.certFile,
		"HTTPS_PROXY=http://" + r.decoy.addr(),
	}
	return r.home.env(append(append(base, r.keyring.env()...), extra...)...)
}

// cli runs OnceKey's command line in the rig.
func (r *rig) cli(stdin string, args ...string) cliResult {
	r.t.Helper()
	return runCLI(r.t, r.env(), stdin, false, args...)
}

// window opens OnceKey's window in the rig on a display of its own.
func (r *rig) window() *session {
	r.t.Helper()
	return openMappedWindow(r)
}

// checkNothingElsewhere fails the test if any host other than the API host
// was contacted at all.
func (r *rig) checkNothingElsewhere() {
	r.t.Helper()
	for _, rec := range []*recorder{r.decoy, r.elsewhere} {
		if n := rec.conns.Load(); n > 0 {
			r.t.Errorf("%s was contacted %d times; it received %d bytes", rec.name, n, len(rec.received()))
		}
	}
}
