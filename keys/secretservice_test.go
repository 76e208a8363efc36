//go:build secretservice

// Tests of the manager against a real Secret Service (gnome-keyring). Run
// them through .ci/with-secret-service, which provides a private D-Bus
// session with a fresh, unlocked keyring:
//
//	.ci/with-secret-service go test -race -tags secretservice ./keys/

package keys

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keystore"
)

func requirePrivateKeyring(t *testing.T) {
	t.Helper()
	if os.Getenv("ONCEKEY_PRIVATE_KEYRING") == "" || os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Fatal("these tests need a private keyring and must not touch yours: run them through .ci/with-secret-service")
	}
}

// canary is a made-up key unique to this run.
func canary(t *testing.T) string {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "canary-" + hex.EncodeToString(b)
}

// realItems counts the items under (service, name) and returns the secret
// of the last; secret-tool prints each item's secret, which is only
// compared.
func realItems(t *testing.T, service, name string) (int, string) {
	t.Helper()
	out, err := exec.Command("secret-tool", "search", "--all", "--unlock", "service", service, "username", name).CombinedOutput()
	if err != nil && len(out) > 0 && !strings.Contains(string(out), "[/") {
		t.Fatalf("secret-tool search: %v", err)
	}
	n, secret := 0, ""
	for line := range strings.Lines(string(out)) {
		switch {
		case strings.HasPrefix(line, "[/"):
			n++
		case strings.HasPrefix(line, "secret = "):
			secret = strings.TrimSuffix(strings.TrimPrefix(line, "secret = "), "\n")
		}
	}
	return n, secret
}

// oneItem fails the test unless exactly one item (service, name) holds
// secret, and none is left under gone.
func oneItem(t *testing.T, service, name, gone, secret string) {
	t.Helper()
	n, got := realItems(t, service, name)
	if n != 1 || got != secret {
		t.Errorf("%s: %d items under the new name (want 1), holding the key: %v", service, n, got == secret)
	}
	if n, _ := realItems(t, service, gone); n != 0 {
		t.Errorf("%s: %d items left under the old name", service, n)
	}
}

func realRig(t *testing.T) (*Manager, keystore.Store) {
	t.Helper()
	requirePrivateKeyring(t)
	idx, err := keystore.LoadIndex(filepath.Join(t.TempDir(), "keys.json"))
	if err != nil {
		t.Fatal(err)
	}
	store := keystore.NewKeychain(10 * time.Second)
	return New(Config{Store: store, Index: idx, Tester: &fakeTester{}}), store
}

func uniqueName(t *testing.T, tail string) string {
	return fmt.Sprintf("it-%d-%s", time.Now().UnixNano(), tail)
}

func TestRealRename(t *testing.T) {
	m, store := realRig(t)
	ctx := context.Background()
	from, to := uniqueName(t, "zapier"), uniqueName(t, "hubspot")
	current, retiring := canary(t), canary(t)
	t.Cleanup(func() {
		for _, n := range []string{from, to} {
			_ = store.Remove(ctx, n)
			_ = store.Retiring().Remove(ctx, n)
		}
	})
	if _, err := m.Save(ctx, from, retiring, false); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Rotate(ctx, from, current, retiring[len(retiring)-4:], true, apiclient.Outcome{}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := m.Rename(ctx, from, to); err != nil {
		t.Fatal(err)
	}
	oneItem(t, keystore.Service, to, from, current)
	oneItem(t, keystore.RetiringService, to, from, retiring)
	if _, ok := m.Key(to); !ok {
		t.Error("the new name is not listed")
	}
	got, err := m.Secret(ctx, to)
	if err != nil || got != current {
		t.Errorf("reading the key under its new name: %v (the key: %v)", err, got == current)
	}
}

func TestRealRenameThatChangesOnlyLetterCase(t *testing.T) {
	m, store := realRig(t)
	ctx := context.Background()
	from := uniqueName(t, "zapier")
	to := strings.Replace(from, "zapier", "Zapier", 1)
	secret := canary(t)
	t.Cleanup(func() {
		for _, n := range []string{from, to} {
			_ = store.Remove(ctx, n)
		}
	})
	if _, err := m.Save(ctx, from, secret, false); err != nil {
		t.Fatal(err)
	}
	if err := m.Rename(ctx, from, to); err != nil {
		t.Fatal(err)
	}
	// The Secret Service matches names exactly: two items for a moment,
	// then exactly one, under the new name.
	oneItem(t, keystore.Service, to, from, secret)
	if _, err := store.Get(ctx, from); !keystore.IsNotFound(err) {
		t.Errorf("the old name: %v, want NotFound", err)
	}
	// And back again.
	if err := m.Rename(ctx, to, from); err != nil {
		t.Fatal(err)
	}
	oneItem(t, keystore.Service, from, to, secret)
}
