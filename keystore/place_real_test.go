//go:build secretservice

package keystore

import (
	"testing"
	"time"
)

// Under .ci/with-secret-service, gnome-keyring-daemon owns the Secret
// Service's name, and the place says so.
func TestRealPlaceIsNamedFromTheBus(t *testing.T) {
	requirePrivateKeyring(t)
	forgetPlace(t)
	t0 := time.Now()
	p := NewKeychain(long).Where()
	first := time.Since(t0)
	if p != PlaceGNOMEKeyring {
		t.Errorf("Where() = %v, want %v", p, PlaceGNOMEKeyring)
	}
	t0 = time.Now()
	again := placeOS()
	cached := time.Since(t0)
	if again != p {
		t.Errorf("a second answer differs: %v", again)
	}
	t.Logf("first answer %v, cached %v", first, cached)
	if first > placeTimeout {
		t.Errorf("the first answer took %v", first)
	}
}
