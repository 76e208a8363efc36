package keys

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keystore"
)

const keyC = "mgrTestKeyC-2Wq9Lm4Xz7Rb3Tc6-cccc"

func withAccount(o apiclient.Outcome, account string) apiclient.Outcome {
	o.Account = account
	return o
}

func TestCheckRotation(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, nil)
	if _, err := r.m.Save(ctx, "Zapier", keyA, false); err != nil {
		t.Fatal(err)
	}
	// The old key's account is not known yet.
	r.tester.outcomes = []apiclient.Outcome{withAccount(works(), "other@example.com")}
	rc, err := r.m.CheckRotation(ctx, "Zapier", keyB)
	if err != nil || rc.Outcome.Kind != apiclient.Works || rc.OldAccount != "" || rc.AccountDiffers || rc.SameKey {
		t.Errorf("with the old account unknown: %+v, %v", rc, err)
	}
	if _, err := r.m.Test(ctx, "Zapier"); err != nil { // the old key tests as other@example.com
		t.Fatal(err)
	}
	for account, differs := range map[string]bool{"other@example.com": false, "OTHER@Example.com": false, "new@example.com": true, "": false} {
		r.tester.outcomes = []apiclient.Outcome{withAccount(works(), account)}
		rc, err := r.m.CheckRotation(ctx, "Zapier", keyB)
		if err != nil || rc.OldAccount != "other@example.com" || rc.AccountDiffers != differs || rc.Outcome.Account != account {
			t.Errorf("new key's account %q: %+v, %v; want AccountDiffers %v", account, rc, err, differs)
		}
	}
	// The key saved already: nothing is sent.
	calls := r.tester.Calls()
	rc, err = r.m.CheckRotation(ctx, "Zapier", " "+keyA+"\n")
	if err != nil || !rc.SameKey {
		t.Errorf("the same key: %+v, %v", rc, err)
	}
	if r.tester.Calls() != calls {
		t.Error("the same key was sent to OnceHub")
	}
	var ie *apiclient.InputError
	if _, err := r.m.CheckRotation(ctx, "Zapier", "two words"); !errors.As(err, &ie) {
		t.Errorf("a text that cannot be a key: %v", err)
	}
	var gone *GoneError
	if _, err := r.m.CheckRotation(ctx, "Nope", keyB); !errors.As(err, &gone) {
		t.Errorf("a name not listed: %v", err)
	}
	if r.tester.Calls() != calls {
		t.Error("a refused check sent a test")
	}
	// One test at a time.
	r.tester.outcomes = nil
	r.tester.gate, r.tester.entered = make(chan struct{}), make(chan struct{}, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = r.m.Test(ctx, "Zapier")
	}()
	<-r.tester.entered
	if _, err := r.m.CheckRotation(ctx, "Zapier", keyB); !errors.Is(err, ErrBusy) {
		t.Errorf("during a test: %v, want ErrBusy", err)
	}
	close(r.tester.gate)
	<-done
}

// rotated is a rig with "Zapier" saved as keyA (noted and tested) and then
// rotated to keyB keeping keyA, an hour later.
func rotated(t *testing.T, store keystore.Store) *rig {
	t.Helper()
	r := newRig(t, store)
	savedWithFacts(t, r, "Zapier", keyA)
	r.clock.Advance(time.Hour)
	got, err := r.m.Rotate(context.Background(), "Zapier", keyB, "aaaa", true, apiclient.Outcome{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Ending != "bbbb" || !got.OldKept {
		t.Errorf("Rotate's result: %+v", got)
	}
	return r
}

func TestRotateKeepsBothKeys(t *testing.T) {
	ctx := context.Background()
	sh := newShelf()
	r := newRig(t, sh.store())
	savedWithFacts(t, r, "Zapier", keyA)
	sh.watch(keyA)
	r.clock.Advance(time.Hour)
	ev := listen(r.m)
	if _, err := r.m.Rotate(ctx, "Zapier", keyB, "aaaa", true, apiclient.Outcome{}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if e := ev.waitFor(t, KeysChanged); e.Name != "Zapier" {
		t.Errorf("KeysChanged for %q", e.Name)
	}
	checkKey(t, "Cached", mustCached(t, r.m, "Zapier"), keyB)
	got, err := r.m.Secret(ctx, "Zapier")
	if err != nil {
		t.Fatal(err)
	}
	checkKey(t, "Secret", got, keyB)
	if v, ok := sh.get(keystore.RetiringService, "Zapier"); !ok || v != keyA {
		t.Error("the old key is not the retiring key in the keychain")
	}
	if sh.least(keyA) < 1 {
		t.Error("the old key had no copy at one point")
	}
	// The retiring copy was made before the new key was saved.
	var order []string
	for _, op := range sh.log() {
		if op == "save OnceKey (retiring) Zapier" || op == "save OnceKey Zapier" {
			order = append(order, op)
		}
	}
	if len(order) < 2 || order[len(order)-2] != "save OnceKey (retiring) Zapier" || order[len(order)-1] != "save OnceKey Zapier" {
		t.Errorf("saves in this order: %q", order)
	}
	k, _ := r.index.Get("Zapier")
	now := start.Add(time.Hour)
	if k.Ending != "bbbb" || !k.SavedAt.Equal(now) || k.Note != "used in: Zapier, HubSpot" || k.LastTest != nil {
		t.Errorf("listed as %+v", k)
	}
	if ret := k.Retiring; ret == nil || ret.Ending != "aaaa" || !ret.SavedAt.Equal(start) || !ret.RetiredAt.Equal(now) ||
		ret.Account != "admin@example.com" || ret.LastTest != nil {
		t.Errorf("the retiring key listed as %+v", k.Retiring)
	}
	// Only the names' keys are listed, as ever.
	if n := len(r.m.Keys()); n != 1 {
		t.Errorf("%d keys listed, want 1", n)
	}
}

func TestRotateWhenTheNewKeyCannotBeSaved(t *testing.T) {
	ctx := context.Background()
	sh := newShelf()
	r := newRig(t, sh.store())
	before := savedWithFacts(t, r, "Zapier", keyA)
	sh.failSave[[2]string{keystore.Service, "Zapier"}] = true
	_, err := r.m.Rotate(ctx, "Zapier", keyB, "aaaa", true, apiclient.Outcome{}, time.Time{})
	if keystore.KindOf(err) != keystore.Refused {
		t.Fatalf("got %v, want the keychain's refusal", err)
	}
	noKeyIn(t, err)
	if v, _ := sh.get(keystore.Service, "Zapier"); v != keyA {
		t.Error("the old key is not under its name")
	}
	if _, ok := sh.get(keystore.RetiringService, "Zapier"); ok {
		t.Error("a retiring copy is left")
	}
	if k, _ := r.index.Get("Zapier"); k.Ending != "aaaa" || k.Retiring != nil || !k.SavedAt.Equal(before.SavedAt) || k.LastTest == nil {
		t.Errorf("the list changed: %+v", k)
	}
	checkKey(t, "Cached", mustCached(t, r.m, "Zapier"), keyA)

	// Nor is anything changed when the retiring copy cannot be made.
	delete(sh.failSave, [2]string{keystore.Service, "Zapier"})
	sh.failSave[[2]string{keystore.RetiringService, "Zapier"}] = true
	if _, err := r.m.Rotate(ctx, "Zapier", keyB, "aaaa", true, apiclient.Outcome{}, time.Time{}); keystore.KindOf(err) != keystore.Refused {
		t.Fatalf("got %v, want the keychain's refusal", err)
	}
	if v, _ := sh.get(keystore.Service, "Zapier"); v != keyA {
		t.Error("the old key was replaced without a retiring copy")
	}
}

func TestRotateRefuses(t *testing.T) {
	ctx := context.Background()
	r := rotated(t, nil)
	var pending *RotationPendingError
	_, err := r.m.Rotate(ctx, "Zapier", keyC, "bbbb", true, apiclient.Outcome{}, time.Time{})
	if !errors.As(err, &pending) || pending.Name != "Zapier" || pending.Ending != "aaaa" {
		t.Errorf("a second rotation: %v (%+v), want a RotationPendingError", err, pending)
	}
	checkKey(t, "after the refusal", stored(t, r.store, "Zapier"), keyB)
	checkKey(t, "the retiring key after the refusal", stored(t, r.store.Retiring(), "Zapier"), keyA)

	r2 := newRig(t, nil)
	if _, err := r2.m.Save(ctx, "Zapier", keyA, false); err != nil {
		t.Fatal(err)
	}
	var changed *ChangedError
	if _, err := r2.m.Rotate(ctx, "Zapier", keyB, "zzzz", true, apiclient.Outcome{}, time.Time{}); !errors.As(err, &changed) {
		t.Errorf("a key shown with another ending: %v, want a ChangedError", err)
	}
	if _, err := r2.m.Rotate(ctx, "Zapier", keyA, "aaaa", true, apiclient.Outcome{}, time.Time{}); !errors.Is(err, ErrSameKey) {
		t.Errorf("the key saved already: %v, want ErrSameKey", err)
	}
	var gone *GoneError
	if _, err := r2.m.Rotate(ctx, "Nope", keyB, "aaaa", true, apiclient.Outcome{}, time.Time{}); !errors.As(err, &gone) {
		t.Errorf("a name not listed: %v, want a GoneError", err)
	}
	var ie *apiclient.InputError
	if _, err := r2.m.Rotate(ctx, "Zapier", "not a key", "aaaa", true, apiclient.Outcome{}, time.Time{}); !errors.As(err, &ie) {
		t.Errorf("a text that cannot be a key: %v", err)
	}
	if _, err := r2.store.Retiring().Get(ctx, "Zapier"); !keystore.IsNotFound(err) {
		t.Error("a refused rotation left a retiring copy")
	}
	checkKey(t, "after the refusals", stored(t, r2.store, "Zapier"), keyA)

	// Another process put another key there meanwhile: the keychain says
	// so even where the list has not caught up.
	other := New(Config{Store: r2.store, Clock: r2.clock})
	if _, err := other.Save(ctx, "Zapier", keyC, true); err != nil {
		t.Fatal(err)
	}
	if _, err := r2.m.Rotate(ctx, "Zapier", keyB, "aaaa", true, apiclient.Outcome{}, time.Time{}); !errors.As(err, &changed) {
		t.Errorf("a key changed in the keychain only: %v, want a ChangedError", err)
	}
	checkKey(t, "the other process's key", stored(t, r2.store, "Zapier"), keyC)
}

// A retiring key the list lost track of (the list was rebuilt) is never
// written over: the rotation is refused and the list shows it again.
func TestRotateNeverWritesOverAnUnlistedRetiringKey(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, nil)
	if _, err := r.m.Save(ctx, "Zapier", keyA, false); err != nil {
		t.Fatal(err)
	}
	if err := r.store.Retiring().Save(ctx, "Zapier", keyC); err != nil {
		t.Fatal(err)
	}
	var pending *RotationPendingError
	if _, err := r.m.Rotate(ctx, "Zapier", keyB, "aaaa", true, apiclient.Outcome{}, time.Time{}); !errors.As(err, &pending) || pending.Ending != "cccc" {
		t.Fatalf("got %v, want a RotationPendingError for the key ending in cccc", err)
	}
	checkKey(t, "the unlisted retiring key", stored(t, r.store.Retiring(), "Zapier"), keyC)
	checkKey(t, "the name's key", stored(t, r.store, "Zapier"), keyA)
	if k, _ := r.index.Get("Zapier"); k.Retiring == nil || k.Retiring.Ending != "cccc" {
		t.Errorf("the list does not show the retiring key: %+v", k.Retiring)
	}
}

// Without keepOld (the "Regenerate" page, or an old key refused when last
// tested) the old key is still copied first, then tested once the new key
// is stored: only a 401 makes the rotation a plain replacement.
func TestRotateWithoutKeepingTheOldKeyTestsIt(t *testing.T) {
	ctx := context.Background()
	status := func(k apiclient.Kind, code int) apiclient.Outcome {
		o := apiclient.NewOutcome(k, "", true)
		o.Status = code
		return o
	}
	for what, c := range map[string]struct {
		old  apiclient.Outcome
		kept bool
	}{
		"OnceHub no longer knows it": {status(apiclient.NotRecognised, 401), false},
		"it still works":             {works(), true},
		"it has no API access":       {status(apiclient.NoAPIAccess, 403), true},
		"offline":                    {apiclient.NewOutcome(apiclient.Unreachable, "", false), true},
		"a 429":                      {limited(30 * time.Second), true},
		"OnceHub's trouble":          {status(apiclient.ServerTrouble, 503), true},
	} {
		t.Run(what, func(t *testing.T) {
			sh := newShelf()
			r := newRig(t, sh.store())
			savedWithFacts(t, r, "Zapier", keyA)
			sh.watch(keyA)
			r.clock.Advance(time.Hour)
			r.tester.outcomes = []apiclient.Outcome{c.old}
			calls := r.tester.Calls()
			tested := withAccount(works(), "admin@example.com")
			at := r.clock.Now()
			res, err := r.m.Rotate(ctx, "Zapier", keyB, "aaaa", false, tested, at)
			if err != nil {
				t.Fatal(err)
			}
			if res.Ending != "bbbb" || res.OldKept != c.kept || res.Old.Kind != c.old.Kind {
				t.Errorf("got %+v, want the old key kept: %v, its test %v", res, c.kept, c.old.Kind)
			}
			if n := r.tester.Calls() - calls; n != 1 {
				t.Errorf("%d tests sent, want the old key's one", n)
			}
			if keys := r.tester.keys; len(keys) == 0 || keys[len(keys)-1] != keyA {
				t.Error("the test sent was not the old key's")
			}
			checkKey(t, "the name's key", stored(t, r.store, "Zapier"), keyB)
			// The copy came first: the old key was never without one
			// until OnceHub said it no longer knows it.
			var order []string
			for _, op := range sh.log() {
				if op == "save OnceKey (retiring) Zapier" || op == "save OnceKey Zapier" {
					order = append(order, op)
				}
			}
			if len(order) < 2 || order[len(order)-2] != "save OnceKey (retiring) Zapier" {
				t.Errorf("saves in this order: %q", order)
			}
			if c.kept && sh.least(keyA) < 1 {
				t.Error("the old key had no copy at one point")
			}
			v, err := r.store.Retiring().Get(ctx, "Zapier")
			switch {
			case c.kept && v != keyA:
				t.Errorf("the old key is not kept as the retiring key (%v)", err)
			case !c.kept && !keystore.IsNotFound(err):
				t.Error("a key OnceHub no longer knows is kept")
			}
			k, _ := r.index.Get("Zapier")
			if k.Ending != "bbbb" || k.Note != "used in: Zapier, HubSpot" || !k.SavedAt.Equal(at) {
				t.Errorf("listed as %+v", k)
			}
			if k.LastTest == nil || k.LastTest.Result != apiclient.Works.String() || !k.LastTest.At.Equal(at) {
				t.Errorf("the new key's test is not recorded: %+v", k.LastTest)
			}
			if (k.Retiring != nil) != c.kept || (c.kept && k.Retiring.Ending != "aaaa") {
				t.Errorf("the retiring key listed as %+v", k.Retiring)
			}
		})
	}
	r := newRig(t, nil)
	savedWithFacts(t, r, "Zapier", keyA)
	var changed *ChangedError
	if _, err := r.m.Rotate(ctx, "Zapier", keyC, "zzzz", false, works(), r.clock.Now()); !errors.As(err, &changed) {
		t.Errorf("with a stale ending: %v, want a ChangedError", err)
	}
}

func TestFinishRotation(t *testing.T) {
	ctx := context.Background()
	status := func(k apiclient.Kind, code int) apiclient.Outcome {
		o := apiclient.NewOutcome(k, "", true)
		o.Status = code
		return o
	}
	t.Run("401: OnceHub no longer knows it", func(t *testing.T) {
		r := rotated(t, nil)
		r.tester.outcomes = []apiclient.Outcome{status(apiclient.NotRecognised, 401)}
		calls := r.tester.Calls()
		ev := listen(r.m)
		res, err := r.m.FinishRotation(ctx, "Zapier")
		if err != nil || !res.Forgotten || res.StillWorks || res.Outcome.Kind != apiclient.NotRecognised {
			t.Fatalf("got %+v, %v", res, err)
		}
		if r.tester.Calls() != calls+1 || r.tester.keys[len(r.tester.keys)-1] != keyA {
			t.Error("the retiring key was not the one tested")
		}
		if _, err := r.store.Retiring().Get(ctx, "Zapier"); !keystore.IsNotFound(err) {
			t.Error("the retiring key is still in the keychain")
		}
		if k, _ := r.index.Get("Zapier"); k.Retiring != nil || k.Ending != "bbbb" {
			t.Errorf("listed as %+v", k)
		}
		checkKey(t, "the name's key", stored(t, r.store, "Zapier"), keyB)
		ev.waitFor(t, KeysChanged)
		// Finished: a new rotation may start.
		if _, err := r.m.Rotate(ctx, "Zapier", keyC, "bbbb", true, apiclient.Outcome{}, time.Time{}); err != nil {
			t.Errorf("rotating again: %v", err)
		}
	})
	for _, c := range []struct {
		what string
		o    apiclient.Outcome
	}{
		{"200: it still works", withAccount(works(), "admin@example.com")},
		{"403: known, without API access", status(apiclient.NoAPIAccess, 403)},
	} {
		t.Run(c.what, func(t *testing.T) {
			r := rotated(t, nil)
			r.clock.Advance(time.Minute)
			r.tester.outcomes = []apiclient.Outcome{c.o}
			res, err := r.m.FinishRotation(ctx, "Zapier")
			if err != nil || res.Forgotten || !res.StillWorks || res.Outcome.Kind != c.o.Kind {
				t.Fatalf("got %+v, %v", res, err)
			}
			checkKey(t, "the retiring key", stored(t, r.store.Retiring(), "Zapier"), keyA)
			k, _ := r.index.Get("Zapier")
			if k.Retiring == nil || k.Retiring.LastTest == nil || k.Retiring.LastTest.Result != c.o.Kind.String() ||
				!k.Retiring.LastTest.At.Equal(start.Add(time.Hour+time.Minute)) {
				t.Errorf("the retiring key listed as %+v", k.Retiring)
			}
			if k.LastTest != nil {
				t.Error("the retiring key's test was recorded as the name's key's")
			}
		})
	}
	for _, c := range []struct {
		what string
		o    apiclient.Outcome
	}{
		{"503: OnceHub's trouble", status(apiclient.ServerTrouble, 503)},
		{"offline", apiclient.NewOutcome(apiclient.Unreachable, "", false)},
		{"429", limited(10 * time.Second)},
	} {
		t.Run(c.what, func(t *testing.T) {
			r := rotated(t, nil)
			r.tester.outcomes = []apiclient.Outcome{c.o}
			res, err := r.m.FinishRotation(ctx, "Zapier")
			if err != nil || res.Forgotten || res.StillWorks || res.Outcome.Kind != c.o.Kind {
				t.Fatalf("got %+v, %v", res, err)
			}
			checkKey(t, "the retiring key", stored(t, r.store.Retiring(), "Zapier"), keyA)
			if k, _ := r.index.Get("Zapier"); k.Retiring == nil || k.Retiring.LastTest != nil {
				t.Errorf("the retiring key listed as %+v", k.Retiring)
			}
		})
	}
	t.Run("no retiring key", func(t *testing.T) {
		r := newRig(t, nil)
		if _, err := r.m.Save(ctx, "Zapier", keyA, false); err != nil {
			t.Fatal(err)
		}
		var gone *GoneError
		if _, err := r.m.FinishRotation(ctx, "Zapier"); !errors.As(err, &gone) {
			t.Errorf("got %v, want a GoneError", err)
		}
		if _, err := r.m.FinishRotation(ctx, "Nope"); !errors.As(err, &gone) {
			t.Errorf("a name not listed: %v, want a GoneError", err)
		}
		if r.tester.Calls() != 0 {
			t.Error("a test was sent")
		}
	})
	t.Run("gone from the keychain", func(t *testing.T) {
		r := rotated(t, nil)
		if err := r.store.Retiring().Remove(ctx, "Zapier"); err != nil {
			t.Fatal(err)
		}
		var gone *GoneError
		if _, err := r.m.FinishRotation(ctx, "Zapier"); !errors.As(err, &gone) {
			t.Errorf("got %v, want a GoneError", err)
		}
		if k, _ := r.index.Get("Zapier"); k.Retiring != nil {
			t.Error("the list still shows a retiring key the keychain lost")
		}
	})
	t.Run("one test at a time, and OnceHub's pause", func(t *testing.T) {
		r := rotated(t, nil)
		r.tester.gate, r.tester.entered = make(chan struct{}), make(chan struct{}, 1)
		done := make(chan struct{})
		go func() {
			defer close(done)
			_, _ = r.m.Test(ctx, "Zapier")
		}()
		<-r.tester.entered
		if _, err := r.m.FinishRotation(ctx, "Zapier"); !errors.Is(err, ErrBusy) {
			t.Errorf("during a test: %v, want ErrBusy", err)
		}
		close(r.tester.gate)
		<-done
		r.tester.gate = nil
		r.tester.outcomes = []apiclient.Outcome{limited(30 * time.Second)}
		if _, err := r.m.Test(ctx, "Zapier"); err != nil {
			t.Fatal(err)
		}
		calls := r.tester.Calls()
		res, err := r.m.FinishRotation(ctx, "Zapier")
		if err != nil || res.Outcome.Kind != apiclient.RateLimited || r.tester.Calls() != calls {
			t.Errorf("during OnceHub's pause: %+v, %v, %d tests sent", res, err, r.tester.Calls()-calls)
		}
	})
}

func TestForgetRetiring(t *testing.T) {
	ctx := context.Background()
	r := rotated(t, nil)
	calls := r.tester.Calls()
	// Another retiring key than the one the admin was shown is left alone.
	var changed *ChangedError
	if err := r.m.ForgetRetiring(ctx, "Zapier", "zzzz"); !errors.As(err, &changed) {
		t.Errorf("with another ending: %v, want a ChangedError", err)
	}
	checkKey(t, "the retiring key", stored(t, r.store.Retiring(), "Zapier"), keyA)
	// Nor one the list does not show yet (another process's rotation).
	if err := r.store.Retiring().Save(ctx, "Zapier", keyC); err != nil {
		t.Fatal(err)
	}
	if err := r.m.ForgetRetiring(ctx, "Zapier", "aaaa"); !errors.As(err, &changed) {
		t.Errorf("with another retiring key in the keychain: %v, want a ChangedError", err)
	}
	checkKey(t, "the other retiring key", stored(t, r.store.Retiring(), "Zapier"), keyC)
	if k, _ := r.index.Get("Zapier"); k.Retiring == nil {
		t.Error("a refused forget changed the list")
	}
	if err := r.store.Retiring().Save(ctx, "Zapier", keyA); err != nil {
		t.Fatal(err)
	}
	if err := r.m.ForgetRetiring(ctx, "Zapier", "aaaa"); err != nil {
		t.Fatal(err)
	}
	if r.tester.Calls() != calls {
		t.Error("forgetting tested the key")
	}
	if _, err := r.store.Retiring().Get(ctx, "Zapier"); !keystore.IsNotFound(err) {
		t.Error("the retiring key is still in the keychain")
	}
	if k, _ := r.index.Get("Zapier"); k.Retiring != nil {
		t.Error("the retiring key is still listed")
	}
	checkKey(t, "the name's key", stored(t, r.store, "Zapier"), keyB)
	var gone *GoneError
	if err := r.m.ForgetRetiring(ctx, "Zapier", "aaaa"); !errors.As(err, &gone) {
		t.Errorf("again: %v, want a GoneError", err)
	}
}

func TestRemoveTakesTheRetiringKeyToo(t *testing.T) {
	ctx := context.Background()
	r := rotated(t, nil)
	if err := r.m.Remove(ctx, "Zapier"); err != nil {
		t.Fatal(err)
	}
	for _, s := range []keystore.Store{r.store, r.store.Retiring()} {
		if _, err := s.Get(ctx, "Zapier"); !keystore.IsNotFound(err) {
			t.Errorf("after Remove: %v, want NotFound", err)
		}
	}
	if _, ok := r.index.Get("Zapier"); ok {
		t.Error("still listed")
	}
	// A retiring key the list does not know of goes too.
	if _, err := r.m.Save(ctx, "Other", keyA, false); err != nil {
		t.Fatal(err)
	}
	if err := r.store.Retiring().Save(ctx, "Other", keyC); err != nil {
		t.Fatal(err)
	}
	if err := r.m.Remove(ctx, "Other"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.store.Retiring().Get(ctx, "Other"); !keystore.IsNotFound(err) {
		t.Error("an unlisted retiring key outlived its name's removal")
	}

	// When the keychain refuses to remove the retiring key, nothing is removed.
	sh := newShelf()
	r2 := rotated(t, sh.store())
	sh.failRemove[[2]string{keystore.RetiringService, "Zapier"}] = true
	if err := r2.m.Remove(ctx, "Zapier"); keystore.KindOf(err) != keystore.Refused {
		t.Fatalf("got %v, want the keychain's refusal", err)
	}
	if v, _ := sh.get(keystore.Service, "Zapier"); v != keyB {
		t.Error("the name's key was removed")
	}
	if _, ok := r2.index.Get("Zapier"); !ok {
		t.Error("the key is no longer listed")
	}
}

func TestRotationOfASessionOnlyKey(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, nil)
	r.m.UseSessionStore()
	if _, err := r.m.Save(ctx, "Zapier", keyA, false); err != nil {
		t.Fatal(err)
	}
	if _, err := r.m.Rotate(ctx, "Zapier", keyB, "aaaa", true, apiclient.Outcome{}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if k, _ := r.m.Key("Zapier"); k.Ending != "bbbb" || k.Retiring == nil || k.Retiring.Ending != "aaaa" {
		t.Errorf("session key: %+v", k)
	}
	r.tester.outcomes = []apiclient.Outcome{apiclient.NewOutcome(apiclient.NotRecognised, "", true)}
	if res, err := r.m.FinishRotation(ctx, "Zapier"); err != nil || !res.Forgotten {
		t.Errorf("finishing: %+v, %v", res, err)
	}
	if k, _ := r.m.Key("Zapier"); k.Retiring != nil {
		t.Error("the retiring key is still kept for the session")
	}
	if _, err := r.store.Retiring().Get(ctx, "Zapier"); !keystore.IsNotFound(err) {
		t.Error("a session rotation reached the keychain")
	}
}

func TestRotateDue(t *testing.T) {
	now := start
	for _, c := range []struct {
		age   time.Duration
		after time.Duration
		want  bool
	}{
		{DefaultRotateAfter - time.Hour, 0, false},
		{DefaultRotateAfter, 0, true},
		{DefaultRotateAfter + time.Hour, 0, true},
		{10 * 24 * time.Hour, 7 * 24 * time.Hour, true},
		{6 * 24 * time.Hour, 7 * 24 * time.Hour, false},
	} {
		k := Key{Name: "x", SavedAt: now.Add(-c.age)}
		if got := RotateDue(k, now, c.after); got != c.want {
			t.Errorf("age %v, after %v: %v, want %v", c.age, c.after, got, c.want)
		}
	}
	if RotateDue(Key{Name: "x"}, now, 0) {
		t.Error("a key of unknown age is due")
	}
}

// notListTrouble fails if err is reported as the list's trouble: a refusal
// is not.
func notListTrouble(t *testing.T, what string, err error) {
	t.Helper()
	var unusable *ListUnusableError
	if errors.As(err, &unusable) || IsListError(err) {
		t.Errorf("%s: %v is reported as the list's trouble", what, err)
	}
}

func TestRefusalsAreNotTheListsTrouble(t *testing.T) {
	ctx := context.Background()
	r := rotated(t, nil)
	if _, err := r.m.Save(ctx, "Other", keyC, false); err != nil {
		t.Fatal(err)
	}
	_, err := r.m.Rotate(ctx, "Zapier", keyC, "bbbb", true, apiclient.Outcome{}, time.Time{})
	notListTrouble(t, "a pending rotation", err)
	_, err = r.m.Rotate(ctx, "Other", keyC, "cccc", true, apiclient.Outcome{}, time.Time{})
	notListTrouble(t, "the same key", err)
	_, err = r.m.Rotate(ctx, "Other", keyB, "zzzz", true, apiclient.Outcome{}, time.Time{})
	notListTrouble(t, "a changed key", err)
	_, err = r.m.Rotate(ctx, "Nope", keyB, "zzzz", true, apiclient.Outcome{}, time.Time{})
	notListTrouble(t, "a name not listed", err)
	notListTrouble(t, "a rename to a taken name", r.m.Rename(ctx, "Zapier", "other"))
	notListTrouble(t, "a rename of a name not listed", r.m.Rename(ctx, "Nope", "New"))
	notListTrouble(t, "forgetting what is not there", r.m.ForgetRetiring(ctx, "Other", "aaaa"))
	notListTrouble(t, "a note that looks like a key", r.m.SetNote("Zapier", keyC))
}

// With a list that cannot be written, the changes that live in it are not
// made, and the keychain is as it was.
func TestChangesWhenTheListCannotBeWritten(t *testing.T) {
	ctx := context.Background()
	r := rotated(t, nil)
	if _, err := r.m.Save(ctx, "Other", keyC, false); err != nil {
		t.Fatal(err)
	}
	breakList(t, r.index)
	var unusable *ListUnusableError
	if err := r.m.SetNote("Zapier", "new note"); !errors.As(err, &unusable) {
		t.Errorf("SetNote: %v, want a ListUnusableError", err)
	}
	if err := r.m.Rename(ctx, "Other", "Renamed"); !errors.As(err, &unusable) {
		t.Errorf("Rename: %v, want a ListUnusableError", err)
	}
	checkKey(t, "after the rename", stored(t, r.store, "Other"), keyC)
	if _, err := r.store.Get(ctx, "Renamed"); !keystore.IsNotFound(err) {
		t.Error("a copy under the new name is left")
	}
	if _, err := r.m.Rotate(ctx, "Other", keyA, "cccc", true, apiclient.Outcome{}, time.Time{}); !errors.As(err, &unusable) {
		t.Errorf("Rotate: %v, want a ListUnusableError", err)
	}
	checkKey(t, "after the rotation", stored(t, r.store, "Other"), keyC)
	if _, err := r.store.Retiring().Get(ctx, "Other"); !keystore.IsNotFound(err) {
		t.Error("a retiring copy is left")
	}
	if err := r.m.ForgetRetiring(ctx, "Zapier", "aaaa"); !errors.As(err, &unusable) {
		t.Errorf("ForgetRetiring: %v, want a ListUnusableError", err)
	}
	checkKey(t, "the retiring key", stored(t, r.store.Retiring(), "Zapier"), keyA)
}

// When the list cannot be written once the keys are stored, the rotation
// stands and says so: the name means the new key.
func TestRotateWhoseListWriteFails(t *testing.T) {
	ctx := context.Background()
	sh := newShelf()
	r := newRig(t, sh.store())
	if _, err := r.m.Save(ctx, "Zapier", keyA, false); err != nil {
		t.Fatal(err)
	}
	sh.after = func(op, service, name string) {
		if op == "save" && service == keystore.Service {
			breakList(t, r.index)
		}
	}
	got, err := r.m.Rotate(ctx, "Zapier", keyB, "aaaa", true, apiclient.Outcome{}, time.Time{})
	if !IsListError(err) {
		t.Fatalf("got %v, want a ListError", err)
	}
	if got.Ending != "bbbb" || !got.OldKept {
		t.Errorf("Rotate's result: %+v", got)
	}
	// The list still says the old ending, so the next use reads the
	// keychain, which holds the new key.
	now, err := r.m.Secret(ctx, "Zapier")
	if err != nil && !IsListError(err) {
		t.Fatal(err)
	}
	checkKey(t, "Secret", now, keyB)
	if v, _ := sh.get(keystore.RetiringService, "Zapier"); v != keyA {
		t.Error("the old key is not kept as the retiring key")
	}
}

// A name whose own key is gone from the keychain stays listed while it has
// a retiring key: that key must not become invisible.
func TestAGoneKeyKeepsItsRetiringKeyListed(t *testing.T) {
	ctx := context.Background()
	for _, session := range []bool{false, true} {
		r := newRig(t, nil)
		if session {
			r.m.UseSessionStore()
		}
		savedWithFacts(t, r, "Zapier", keyA)
		if _, err := r.m.Rotate(ctx, "Zapier", keyB, "aaaa", true, works(), r.clock.Now()); err != nil {
			t.Fatal(err)
		}
		store := r.m.store
		if err := store.Remove(ctx, "Zapier"); err != nil { // behind OnceKey's back
			t.Fatal(err)
		}
		r.m.forget("Zapier")
		if _, err := r.m.Secret(ctx, "Zapier"); !keystore.IsNotFound(err) {
			t.Fatalf("session %v: got %v, want NotFound", session, err)
		}
		k, ok := r.m.Key("Zapier")
		if !ok || k.Retiring == nil || k.Retiring.Ending != "aaaa" {
			t.Fatalf("session %v: the retiring key is no longer listed: %+v", session, k)
		}
		if k.Ending != "" || k.LastTest != nil || !k.SavedAt.IsZero() || k.Note != "used in: Zapier, HubSpot" {
			t.Errorf("session %v: the name's own facts stayed, or its note went: %+v", session, k)
		}
		// Again: nothing more to drop.
		if _, err := r.m.Secret(ctx, "Zapier"); !keystore.IsNotFound(err) {
			t.Fatal(err)
		}
		if k, ok := r.m.Key("Zapier"); !ok || k.Retiring == nil {
			t.Errorf("session %v: a second read dropped the retiring key", session)
		}
		// Its rotation can still be finished; then the name goes at the
		// next read.
		r.tester.outcomes = []apiclient.Outcome{apiclient.NewOutcome(apiclient.NotRecognised, "", true)}
		if res, err := r.m.FinishRotation(ctx, "Zapier"); err != nil || !res.Forgotten {
			t.Errorf("session %v: finishing the rotation: %+v, %v", session, res, err)
		}
		if _, err := r.m.Secret(ctx, "Zapier"); !keystore.IsNotFound(err) {
			t.Fatal(err)
		}
		if k, ok := r.m.Key("Zapier"); ok {
			t.Errorf("session %v: still listed after its rotation: %+v", session, k)
		}
	}
}
