//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oncekey/oncekey/internal/fakeoncehub"
)

func TestRealWindowSaveAndTest(t *testing.T) {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Fatal("run this test under .ci/with-secret-service: it needs a real Secret Service")
	}
	key := canaryKey(t)
	s := start(t)
	s.api.AddKey(key, "admin@example.com")

	s.settle()
	s.screenshot("1-first-run.png")

	// The first-run view focuses the key entry: type the key (through
	// standard input, so it is in no process's arguments) and press Enter.
	s.typeSecret(key)
	s.xdotool("key", "--window", s.window, "Return")
	s.waitFor("the key to be saved and tested", func() bool { return s.api.Requests() >= 1 && s.lastTest() == "works" })
	if got := s.secretToolLookup(); got != key {
		t.Errorf("secret-tool does not read back the key ending in %s from service OnceKey", key[len(key)-4:])
	}
	s.settle()
	s.screenshot("2-main-view-works.png")

	// Enter tests again from the main view.
	s.xdotool("key", "--window", s.window, "Return")
	s.waitFor("a second test", func() bool { return s.api.Requests() >= 2 })
	// As a person would, wait for its result before pressing Enter again:
	// an Enter while a test is in flight is ignored.
	s.settle()

	// OnceHub now refuses the key, as after the key was deleted there.
	s.api.RemoveKey(key)
	s.xdotool("key", "--window", s.window, "Return")
	s.waitFor("the refused test to be recorded", func() bool { return s.lastTest() == "not-recognised" })
	s.settle()
	s.screenshot("3-main-view-not-recognised.png")

	s.assertNoKeyInFiles(key)
}

// windowSession is a window tested against the loopback fake OnceHub and
// the Secret Service the test runs under.
type windowSession struct {
	*session
	api *fakeoncehub.Server
}

func start(t *testing.T) *windowSession {
	requireTools(t, "Xvfb", "xdotool", "secret-tool")
	home := t.TempDir()
	api := fakeoncehub.Start()
	t.Cleanup(api.Close)
	certFile, err := api.WriteCertFile(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	display := startXvfb(t)
	env := append(os.Environ(),
		"HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"ONCEKEY_API_URL="+api.URL,
		"SSL_CERT_FILE="+certFile,
		"LANG=en_US.UTF-8",
	)
	return &windowSession{session: startWindow(t, display, home, env), api: api}
}

func (s *windowSession) secretToolLookup() string {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "secret-tool", "lookup", "service", "OnceKey", "username", "default").Output()
	if err != nil {
		s.t.Errorf("secret-tool lookup: %v", err)
	}
	return strings.TrimRight(string(out), "\n")
}

func (s *windowSession) assertNoKeyInFiles(key string) {
	s.t.Helper()
	err := filepath.Walk(s.home, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(data, []byte(key)) {
			return fmt.Errorf("the key ending in %s was found in %s", key[len(key)-4:], path)
		}
		return nil
	})
	if err != nil {
		s.t.Error(err)
	}
}
