package keystore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
)

func TestMemoryRoundTrip(t *testing.T) {
	m := NewMemory()
	ctx := context.Background()
	if m.Where() != PlaceSession {
		t.Errorf("Where() = %v", m.Where())
	}
	if _, err := m.Get(ctx, DefaultName); !IsNotFound(err) {
		t.Fatalf("Get on empty: %v, want NotFound", err)
	}
	if err := m.Save(ctx, DefaultName, fakeKey(1)); err != nil {
		t.Fatal(err)
	}
	if err := m.Save(ctx, DefaultName, fakeKey(2)); err != nil {
		t.Fatal(err)
	}
	got, err := m.Get(ctx, DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	sameSecret(t, "Get", got, fakeKey(2))
	if err := m.Remove(ctx, DefaultName); err != nil {
		t.Fatal(err)
	}
	if err := m.Remove(ctx, DefaultName); !IsNotFound(err) {
		t.Errorf("second Remove: %v, want NotFound", err)
	}
}

func TestMemoryRefusesLikeTheKeychain(t *testing.T) {
	m := NewMemory()
	ctx := context.Background()
	if err := m.Save(ctx, "bad\nname", fakeKey(1)); KindOf(err) != Invalid {
		t.Errorf("bad name: %v", err)
	}
	if err := m.Save(ctx, DefaultName, ""); KindOf(err) != Invalid {
		t.Errorf("empty secret: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := m.Save(cctx, DefaultName, fakeKey(1)); KindOf(err) != Canceled || !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if _, err := m.Get(ctx, DefaultName); !IsNotFound(err) {
		t.Error("a refused Save stored something")
	}
}

func TestMemoryConcurrentUse(t *testing.T) {
	m := NewMemory()
	ctx := context.Background()
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			name := fmt.Sprintf("k%d", w)
			for i := range 50 {
				if err := m.Save(ctx, name, fakeKey(i)); err != nil {
					t.Error(err)
				}
				got, err := m.Get(ctx, name)
				if err != nil {
					t.Error(err)
				}
				sameSecret(t, name, got, fakeKey(i))
			}
		})
	}
	wg.Wait()
}
