//go:build secretservice

package keystore

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// lookupIn reads the item (service, name) the way another program would;
// the secret is only compared, never shown.
func lookupIn(t *testing.T, service, name string) (string, bool) {
	t.Helper()
	out, err := exec.Command("secret-tool", "lookup", "service", service, "username", name).Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 1 && len(out) == 0 {
		return "", false
	}
	if err != nil {
		t.Fatalf("secret-tool lookup: %v", err)
	}
	return string(out), true
}

// countIn counts the items under (service, name). secret-tool prints each
// item's secret too: the output is only counted.
func countIn(t *testing.T, service, name string) int {
	t.Helper()
	out, _ := exec.Command("secret-tool", "search", "--all", "service", service, "username", name).Output()
	n := 0
	for line := range strings.Lines(string(out)) {
		if strings.HasPrefix(line, "[/") {
			n++
		}
	}
	return n
}

func TestRealRetiringKeysAreItemsOfTheirOwnService(t *testing.T) {
	requirePrivateKeyring(t)
	k := NewKeychain(10 * time.Second)
	r := k.Retiring()
	ctx := context.Background()
	name := uniqueName(t)
	onlyRetiring := name[:min(len(name), MaxNameLen-2)] + "-r"
	current, retiring, other := canaryKey(t), canaryKey(t), canaryKey(t)
	t.Cleanup(func() {
		_ = k.Remove(ctx, name)
		_ = r.Remove(ctx, name)
		_ = r.Remove(ctx, onlyRetiring)
	})
	if err := k.Save(ctx, name, current); err != nil {
		t.Fatal(err)
	}
	if err := r.Save(ctx, name, retiring); err != nil {
		t.Fatal(err)
	}
	if err := r.Save(ctx, onlyRetiring, other); err != nil {
		t.Fatal(err)
	}
	got, ok := lookupIn(t, RetiringService, name)
	if !ok {
		t.Fatalf("no item with service %q for the name", RetiringService)
	}
	sameSecret(t, "the retiring item", got, retiring)
	got, _ = lookupIn(t, Service, name)
	sameSecret(t, "the name's own item", got, current)
	if n := countIn(t, Service, name); n != 1 {
		t.Errorf("%d items with service %q for the name, want 1", n, Service)
	}

	// List (and so Reconcile and Rebuild) sees only the names' own items.
	items, err := k.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Name == onlyRetiring {
			t.Error("List shows a name that has only a retiring key")
		}
	}
	found := false
	for _, it := range items {
		found = found || it.Name == name
	}
	if !found {
		t.Error("List does not show the name's own key")
	}
	ritems, err := r.(Lister).List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := itemNames(ritems); !strings.Contains(got, onlyRetiring) || !strings.Contains(got, name) {
		t.Errorf("the retiring keychain lists %q", got)
	}

	if err := r.Remove(ctx, name); err != nil {
		t.Fatal(err)
	}
	if _, ok := lookupIn(t, RetiringService, name); ok {
		t.Error("the retiring item is still there after its Remove")
	}
	got, err = k.Get(ctx, name)
	if err != nil {
		t.Fatalf("removing the retiring key touched the name's own: %v", err)
	}
	sameSecret(t, "the name's key after the retiring one went", got, current)
}
