//go:build secretservice

package keystore

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// secretToolStoreFor writes an item for any service, as another program
// would.
func secretToolStoreFor(t *testing.T, service, name, secret string) {
	t.Helper()
	cmd := exec.Command("secret-tool", "store", "--label=another program's item", "service", service, "username", name)
	cmd.Stdin = strings.NewReader(secret)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("secret-tool store: %v (%s)", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() { _ = exec.Command("secret-tool", "clear", "service", service, "username", name).Run() })
}

func saveReal(t *testing.T, k *Keychain, name, secret string) {
	t.Helper()
	if err := k.Save(context.Background(), name, secret); err != nil {
		t.Fatalf("Save %s: %v", name, err)
	}
	t.Cleanup(func() { _ = k.Remove(context.Background(), name) })
}

// List finds OnceKey's items, whoever stored them, with their creation
// times, and nothing of other services.
func TestRealListFindsOnceKeysItems(t *testing.T) {
	requirePrivateKeyring(t)
	k := NewKeychain(long)
	base := uniqueName(t)[:40]
	before := time.Now().Truncate(time.Second)
	saveReal(t, k, base+"-one", canaryKey(t))
	saveReal(t, k, base+"-two", canaryKey(t))
	secretToolStoreFor(t, Service, base+"-by-secret-tool", canaryKey(t))
	secretToolStoreFor(t, "SomeOtherApp", base+"-other-service", canaryKey(t))
	secretToolStoreFor(t, "oncekey", base+"-lower-case-service", canaryKey(t))
	after := time.Now()

	t0 := time.Now()
	items, err := k.List(context.Background())
	t.Logf("List of %d items took %v", len(items), time.Since(t0))
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]Item{}
	for _, it := range items {
		if strings.HasPrefix(it.Name, base) {
			found[it.Name] = it
		}
	}
	for _, n := range []string{"-one", "-two", "-by-secret-tool"} {
		it, ok := found[base+n]
		if !ok {
			t.Errorf("%s not listed", n)
			continue
		}
		if it.Created.Before(before) || it.Created.After(after) {
			t.Errorf("%s: created %v, want between %v and %v", n, it.Created, before, after)
		}
	}
	for _, n := range []string{"-other-service", "-lower-case-service"} {
		if _, ok := found[base+n]; ok {
			t.Errorf("another service's item %s was listed", n)
		}
	}
}

// The list of keys is deleted, or damaged: Reconcile gives back every name,
// with the keychain's creation time as its age.
func TestRealReconcileRestoresEveryName(t *testing.T) {
	requirePrivateKeyring(t)
	for _, loss := range []string{"deleted", "damaged"} {
		t.Run(loss, func(t *testing.T) {
			k := NewKeychain(long)
			path := indexPath(t)
			idx := mustLoad(t, path)
			base := uniqueName(t)[:40]
			names := []string{base + "-a", base + "-b", base + "-c"}
			before := time.Now().Truncate(time.Second)
			for _, n := range names {
				saveReal(t, k, n, canaryKey(t))
				if err := idx.Put(KeyInfo{Name: n, Ending: "abcd", SavedAt: time.Now()}); err != nil {
					t.Fatal(err)
				}
			}
			if loss == "deleted" {
				if err := os.Remove(path); err != nil {
					t.Fatal(err)
				}
			} else if err := os.WriteFile(path, []byte(`{"version":1,"keys":[{"Na`), 0o600); err != nil {
				t.Fatal(err)
			}

			idx, err := LoadIndex(path)
			var rec *IndexRecoveredError
			switch {
			case loss == "deleted" && err != nil:
				t.Fatalf("LoadIndex of a missing file: %v", err)
			case loss == "damaged" && (!errors.As(err, &rec) || !rec.Rebuild):
				t.Fatalf("LoadIndex of a damaged file: %v", err)
			}
			if n := len(idx.Keys()); n != 0 {
				t.Fatalf("%d keys listed before the rebuild", n)
			}
			items, err := k.List(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			added, err := Reconcile(idx, items)
			if err != nil {
				t.Fatal(err)
			}
			fresh := mustLoad(t, path)
			for _, n := range names {
				info, ok := fresh.Get(n)
				if !ok {
					t.Errorf("%s not restored (added %d names)", n, len(added))
					continue
				}
				if !info.Rebuilt || info.Ending != "" || info.SavedAt.Before(before) || info.SavedAt.After(time.Now()) {
					t.Errorf("%s restored as %+v", n, info)
				}
			}
		})
	}
}
