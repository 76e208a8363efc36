package keys

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keystore"
)

func TestResolve(t *testing.T) {
	r := newRig(t, nil)
	ctx := context.Background()
	if got, err := r.m.Resolve(""); err != nil || got != keystore.DefaultName {
		t.Errorf("no keys, no name: %q, %v; want the default name", got, err)
	}
	if got, err := r.m.Resolve("Zapier"); err != nil || got != "Zapier" {
		t.Errorf("no keys, a name: %q, %v", got, err)
	}
	if _, err := r.m.Save(ctx, "Zapier", keyA, false); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"", "zapier", "ZAPIER", "Zapier"} {
		if got, err := r.m.Resolve(name); err != nil || got != "Zapier" {
			t.Errorf("one key, name %q: %q, %v; want Zapier", name, got, err)
		}
	}
	if got, err := r.m.Resolve("HubSpot"); err != nil || got != "HubSpot" {
		t.Errorf("a name not listed: %q, %v; want it as given", got, err)
	}
	for _, n := range []string{"HubSpot", keystore.DefaultName, "alpha"} {
		if _, err := r.m.Save(ctx, n, keyB, false); err != nil {
			t.Fatal(err)
		}
	}
	_, err := r.m.Resolve("")
	var choose *ChooseNameError
	if !errors.As(err, &choose) || strings.Join(choose.Names, ",") != "default,alpha,HubSpot,Zapier" {
		t.Errorf("several keys, no name: %v (%+v)", err, choose)
	}
	if got, err := r.m.Resolve("hubspot"); err != nil || got != "HubSpot" {
		t.Errorf("several keys, %q: %q, %v", "hubspot", got, err)
	}
	if strings.Contains(err.Error(), "Zapier") {
		t.Error("the error names a key")
	}
}

// savedWithFacts saves key under name with a note and a test, on a rig
// over st.
func savedWithFacts(t *testing.T, r *rig, name, key string) Key {
	t.Helper()
	ctx := context.Background()
	if _, err := r.m.Save(ctx, name, key, false); err != nil {
		t.Fatal(err)
	}
	if err := r.m.SetNote(name, "used in: Zapier, HubSpot"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.m.Test(ctx, name); err != nil {
		t.Fatal(err)
	}
	k, _ := r.m.Key(name)
	return k
}

func TestRename(t *testing.T) {
	sh := newShelf()
	r := newRig(t, sh.store())
	ctx := context.Background()
	before := savedWithFacts(t, r, "Zapier", keyA)
	sh.watch(keyA)
	r.clock.Advance(time.Hour)
	ev := listen(r.m)
	if err := r.m.Rename(ctx, "Zapier", "Zapier CRM"); err != nil {
		t.Fatal(err)
	}
	if v, ok := sh.get(keystore.Service, "Zapier CRM"); !ok || v != keyA {
		t.Error("the keychain does not hold the key under the new name")
	}
	if _, ok := sh.get(keystore.Service, "Zapier"); ok {
		t.Error("the keychain still holds the old name")
	}
	if n := sh.least(keyA); n < 1 {
		t.Errorf("during the rename the keychain held %d copies of the key", n)
	}
	after, ok := r.index.Get("Zapier CRM")
	if !ok || after.Ending != before.Ending || !after.SavedAt.Equal(before.SavedAt) || after.Note != before.Note ||
		after.LastTest == nil || *after.LastTest != *before.LastTest {
		t.Errorf("listed after the rename as %+v, want the facts of %+v", after, before)
	}
	if _, ok := r.index.Get("Zapier"); ok {
		t.Error("the old name is still listed")
	}
	if c, ok := r.m.Cached("Zapier CRM"); !ok || c != keyA {
		t.Error("the key is not cached under its new name")
	}
	if _, ok := r.m.Cached("Zapier"); ok {
		t.Error("the key is still cached under its old name")
	}
	if e := ev.waitFor(t, KeysChanged); e.Name != "Zapier CRM" {
		t.Errorf("KeysChanged for %q", e.Name)
	}
	// The file says so, for the next process.
	fresh, _ := keystore.LoadIndex(r.index.Path())
	if _, ok := fresh.Get("Zapier CRM"); !ok {
		t.Error("the file does not list the new name")
	}
}

func TestRenameRefuses(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, nil)
	if _, err := r.m.Save(ctx, "Zapier", keyA, false); err != nil {
		t.Fatal(err)
	}
	if _, err := r.m.Save(ctx, "HubSpot", keyB, false); err != nil {
		t.Fatal(err)
	}
	unchanged := func(what string) {
		t.Helper()
		checkKey(t, what+": Zapier", stored(t, r.store, "Zapier"), keyA)
		checkKey(t, what+": HubSpot", stored(t, r.store, "HubSpot"), keyB)
		if n := len(r.index.Keys()); n != 2 {
			t.Errorf("%s: %d keys listed", what, n)
		}
	}
	var taken *NameTakenError
	for _, to := range []string{"HubSpot", "hubspot"} {
		err := r.m.Rename(ctx, "Zapier", to)
		if !errors.As(err, &taken) || taken.Name != "HubSpot" {
			t.Errorf("rename to %q: %v, want a NameTakenError for HubSpot", to, err)
		}
		noKeyIn(t, err)
		unchanged("a taken name")
	}
	if err := r.m.Rename(ctx, "Zapier", " padded "); keystore.KindOf(err) != keystore.Invalid {
		t.Errorf("rename to an invalid name: %v", err)
	}
	unchanged("an invalid name")
	var gone *GoneError
	if err := r.m.Rename(ctx, "Nope", "Other"); !errors.As(err, &gone) {
		t.Errorf("rename of a name not listed: %v, want a GoneError", err)
	}
	if err := r.m.Rename(ctx, "zapier", "Other"); !errors.As(err, &gone) {
		t.Errorf("rename of a name listed only in other case: %v, want a GoneError", err)
	}
	// A key in the keychain that the list does not know is not written over.
	other := "mgrTestKeyC-2Wq9Lm4Xz7Rb3Tc6-cccc"
	if err := r.store.Save(ctx, "Unlisted", other); err != nil {
		t.Fatal(err)
	}
	if err := r.m.Rename(ctx, "Zapier", "Unlisted"); !errors.As(err, &taken) || taken.Name != "Unlisted" {
		t.Errorf("rename onto an unlisted item: %v, want a NameTakenError", err)
	}
	checkKey(t, "the unlisted item", stored(t, r.store, "Unlisted"), other)
	unchanged("an unlisted item")
	// The same name: nothing to do.
	if err := r.m.Rename(ctx, "Zapier", "Zapier"); err != nil {
		t.Errorf("rename to the same name: %v", err)
	}
	unchanged("the same name")
}

// The keychain never holds fewer than one copy of the key, whichever step
// of a rename fails.
func TestRenameNeverHoldsFewerThanOneCopy(t *testing.T) {
	ctx := context.Background()
	for what, fail := range map[string]func(sh *shelf){
		"saving under the new name": func(sh *shelf) { sh.failSave[[2]string{keystore.Service, "New"}] = true },
		"removing the old name":     func(sh *shelf) { sh.failRemove[[2]string{keystore.Service, "Old"}] = true },
		"saving the retiring key":   func(sh *shelf) { sh.failSave[[2]string{keystore.RetiringService, "New"}] = true },
		"removing the retiring key": func(sh *shelf) { sh.failRemove[[2]string{keystore.RetiringService, "Old"}] = true },
	} {
		t.Run(what, func(t *testing.T) {
			sh := newShelf()
			r := newRig(t, sh.store())
			if _, err := r.m.Save(ctx, "Old", keyA, false); err != nil {
				t.Fatal(err)
			}
			if _, err := r.m.Rotate(ctx, "Old", keyB, "aaaa", true, apiclient.Outcome{}, time.Time{}); err != nil {
				t.Fatal(err)
			}
			before, _ := r.index.Get("Old")
			sh.watch(keyA, keyB)
			fail(sh)
			err := r.m.Rename(ctx, "Old", "New")
			if keystore.KindOf(err) != keystore.Refused {
				t.Fatalf("got %v, want the keychain's refusal", err)
			}
			noKeyIn(t, err)
			for _, k := range []string{keyA, keyB} {
				if n := sh.least(k); n < 1 {
					t.Errorf("the key ending in %s had %d copies at one point", ending(k), n)
				}
			}
			// Everything is as it was.
			if v, _ := sh.get(keystore.Service, "Old"); v != keyB {
				t.Error("the key is not under the old name")
			}
			if v, _ := sh.get(keystore.RetiringService, "Old"); v != keyA {
				t.Error("the retiring key is not under the old name")
			}
			for _, svc := range []string{keystore.Service, keystore.RetiringService} {
				if _, ok := sh.get(svc, "New"); ok {
					t.Errorf("a copy under the new name is left in %s", svc)
				}
			}
			if after, ok := r.index.Get("Old"); !ok || after.Ending != before.Ending || after.Retiring == nil {
				t.Errorf("the list changed: %+v", after)
			}
			if _, ok := r.index.Get("New"); ok {
				t.Error("the new name is listed")
			}
			checkKey(t, "Cached after the failed rename", mustCached(t, r.m, "Old"), keyB)
		})
	}
}

func mustCached(t *testing.T, m *Manager, name string) string {
	t.Helper()
	c, ok := m.Cached(name)
	if !ok {
		t.Fatalf("nothing cached under %q", name)
	}
	return c
}

func TestRenameMovesTheRetiringKey(t *testing.T) {
	ctx := context.Background()
	sh := newShelf()
	r := newRig(t, sh.store())
	if _, err := r.m.Save(ctx, "Old", keyA, false); err != nil {
		t.Fatal(err)
	}
	if _, err := r.m.Rotate(ctx, "Old", keyB, "aaaa", true, apiclient.Outcome{}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := r.m.Rename(ctx, "Old", "New"); err != nil {
		t.Fatal(err)
	}
	if v, _ := sh.get(keystore.RetiringService, "New"); v != keyA {
		t.Error("the retiring key did not move to the new name")
	}
	if _, ok := sh.get(keystore.RetiringService, "Old"); ok {
		t.Error("the retiring key is still under the old name")
	}
	if k, _ := r.index.Get("New"); k.Retiring == nil || k.Retiring.Ending != "aaaa" {
		t.Errorf("the new name's retiring key: %+v", k.Retiring)
	}
	// The rotation can be finished under the new name.
	r.tester.outcomes = []apiclient.Outcome{apiclient.NewOutcome(apiclient.NotRecognised, "", true)}
	if res, err := r.m.FinishRotation(ctx, "New"); err != nil || !res.Forgotten {
		t.Errorf("finishing the rotation under the new name: %+v, %v", res, err)
	}
}

func TestRenameThatChangesOnlyLetterCase(t *testing.T) {
	ctx := context.Background()
	t.Run("a keychain that folds case renames in place", func(t *testing.T) {
		sh := newShelf()
		sh.fold, sh.says = true, true
		r := newRig(t, sh.store())
		if _, err := r.m.Save(ctx, "zapier", keyA, false); err != nil {
			t.Fatal(err)
		}
		if _, err := r.m.Rotate(ctx, "zapier", keyB, "aaaa", true, apiclient.Outcome{}, time.Time{}); err != nil {
			t.Fatal(err)
		}
		sh.watch(keyA, keyB)
		if err := r.m.Rename(ctx, "zapier", "Zapier"); err != nil {
			t.Fatal(err)
		}
		for _, op := range sh.log() {
			if strings.HasPrefix(op, "remove ") {
				t.Errorf("a case-only rename on a keychain that folds case removed an item (%s): the only copy", op)
			}
		}
		if v, ok := sh.get(keystore.Service, "Zapier"); !ok || v != keyB {
			t.Error("the key is gone")
		}
		if v, ok := sh.get(keystore.RetiringService, "Zapier"); !ok || v != keyA {
			t.Error("the retiring key is gone")
		}
		if sh.least(keyA) < 1 || sh.least(keyB) < 1 {
			t.Error("a key had no copy at one point")
		}
		if _, ok := r.index.Get("Zapier"); !ok {
			t.Error("the new name is not listed")
		}
		if _, ok := r.index.Get("zapier"); ok {
			t.Error("the old name is still listed")
		}
	})
	t.Run("a keychain that does not fold case", func(t *testing.T) {
		sh := newShelf()
		r := newRig(t, sh.store())
		if _, err := r.m.Save(ctx, "zapier", keyA, false); err != nil {
			t.Fatal(err)
		}
		sh.watch(keyA)
		if err := r.m.Rename(ctx, "zapier", "Zapier"); err != nil {
			t.Fatal(err)
		}
		if _, ok := sh.get(keystore.Service, "zapier"); ok {
			t.Error("the old item is left")
		}
		if v, ok := sh.get(keystore.Service, "Zapier"); !ok || v != keyA {
			t.Error("the key is not under the new name")
		}
		if sh.least(keyA) < 1 {
			t.Error("the key had no copy at one point")
		}
	})
	t.Run("a keychain that folds case without saying so", func(t *testing.T) {
		sh := newShelf()
		sh.fold = true
		r := newRig(t, sh.store())
		if _, err := r.m.Save(ctx, "zapier", keyA, false); err != nil {
			t.Fatal(err)
		}
		if err := r.m.Rename(ctx, "zapier", "Zapier"); err != nil {
			t.Fatal(err)
		}
		// Deleting the old name deleted the one item; the manager saw it
		// gone and saved the key again.
		if v, ok := sh.get(keystore.Service, "Zapier"); !ok || v != keyA {
			t.Error("the key is lost")
		}
	})
}

func TestRenameOfASessionOnlyKey(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, nil)
	r.m.UseSessionStore()
	if _, err := r.m.Save(ctx, "Old", keyA, false); err != nil {
		t.Fatal(err)
	}
	if err := r.m.SetNote("Old", "used in: Zapier"); err != nil {
		t.Fatal(err)
	}
	if err := r.m.Rename(ctx, "Old", "New"); err != nil {
		t.Fatal(err)
	}
	if ks := r.m.Keys(); len(ks) != 1 || ks[0].Name != "New" || ks[0].Note != "used in: Zapier" {
		t.Errorf("session keys: %+v", ks)
	}
	got, err := r.m.Secret(ctx, "New")
	if err != nil {
		t.Fatal(err)
	}
	checkKey(t, "the session key under its new name", got, keyA)
	if _, err := r.m.Secret(ctx, "Old"); !keystore.IsNotFound(err) {
		t.Errorf("the old name: %v, want NotFound", err)
	}
	if _, err := os.Stat(r.index.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Error("a session rename wrote the list's file")
	}
}

// Two processes on one list: one renames, the other sees it.
func TestTwoManagersSeeEachOthersRename(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, nil)
	if _, err := r.m.Save(ctx, "Zapier", keyA, false); err != nil {
		t.Fatal(err)
	}
	other, err := keystore.LoadIndex(r.index.Path())
	if err != nil {
		t.Fatal(err)
	}
	window := New(Config{Store: r.store, Index: other, Clock: r.clock})
	if _, err := window.Secret(ctx, "Zapier"); err != nil {
		t.Fatal(err)
	}
	if err := r.m.Rename(ctx, "Zapier", "Zapier CRM"); err != nil {
		t.Fatal(err)
	}
	if changed, err := other.Refresh(); err != nil || !changed {
		t.Fatalf("the other process's list: changed %v, %v", changed, err)
	}
	if ks := window.Keys(); len(ks) != 1 || ks[0].Name != "Zapier CRM" {
		t.Errorf("the other process lists %+v", ks)
	}
	if got, err := window.Resolve("zapier crm"); err != nil || got != "Zapier CRM" {
		t.Errorf("the other process resolves %q, %v", got, err)
	}
	got, err := window.Secret(ctx, "Zapier CRM")
	if err != nil {
		t.Fatal(err)
	}
	checkKey(t, "the other process's read", got, keyA)
	if _, err := window.Secret(ctx, "Zapier"); !keystore.IsNotFound(err) {
		t.Errorf("the old name in the other process: %v, want NotFound", err)
	}
	// And the other way round, with the other's change made under its lock.
	if err := window.Rename(ctx, "Zapier CRM", "CRM"); err != nil {
		t.Fatal(err)
	}
	if err := r.m.SetNote("CRM", "renamed elsewhere"); err != nil {
		t.Errorf("a note on the name the other process gave: %v", err)
	}
	fresh, _ := keystore.LoadIndex(r.index.Path())
	if k, ok := fresh.Get("CRM"); !ok || k.Note != "renamed elsewhere" || len(fresh.Keys()) != 1 {
		t.Errorf("the file lists %+v", fresh.Keys())
	}
}

// When the list cannot be written after the keychain part of a rename, the
// items are moved back: the list and the keychain agree on the old name.
func TestRenameWhoseListWriteFailsIsUndone(t *testing.T) {
	ctx := context.Background()
	sh := newShelf()
	r := newRig(t, sh.store())
	if _, err := r.m.Save(ctx, "Old", keyA, false); err != nil {
		t.Fatal(err)
	}
	broken := false
	sh.after = func(op, service, name string) {
		if op == "save" && name == "New" && !broken {
			broken = true
			breakList(t, r.index)
		}
	}
	sh.watch(keyA)
	err := r.m.Rename(ctx, "Old", "New")
	var unusable *ListUnusableError
	if !errors.As(err, &unusable) || IsListError(err) {
		t.Fatalf("got %v, want a ListUnusableError", err)
	}
	if v, ok := sh.get(keystore.Service, "Old"); !ok || v != keyA {
		t.Error("the key is not back under the old name")
	}
	if _, ok := sh.get(keystore.Service, "New"); ok {
		t.Error("the copy under the new name is left")
	}
	if sh.least(keyA) < 1 {
		t.Error("the key had no copy at one point")
	}
	if _, ok := r.m.Key("Old"); !ok {
		t.Error("the old name is no longer listed")
	}
}

func TestSetNote(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, nil)
	if _, err := r.m.Save(ctx, "Zapier", keyA, false); err != nil {
		t.Fatal(err)
	}
	ev := listen(r.m)
	if err := r.m.SetNote("Zapier", "  used in: Zapier, HubSpot \n"); err != nil {
		t.Fatal(err)
	}
	if k, _ := r.index.Get("Zapier"); k.Note != "used in: Zapier, HubSpot" {
		t.Errorf("note %q, want it trimmed", k.Note)
	}
	if e := ev.waitFor(t, KeysChanged); e.Name != "Zapier" {
		t.Errorf("KeysChanged for %q", e.Name)
	}
	fresh, _ := keystore.LoadIndex(r.index.Path())
	if k, _ := fresh.Get("Zapier"); k.Note != "used in: Zapier, HubSpot" {
		t.Errorf("the file's note %q", k.Note)
	}
	// A replaced key keeps the note: it is about the name's use.
	if _, err := r.m.Save(ctx, "Zapier", keyB, true); err != nil {
		t.Fatal(err)
	}
	if k, _ := r.index.Get("Zapier"); k.Note != "used in: Zapier, HubSpot" {
		t.Errorf("after a replace the note is %q", k.Note)
	}
	if err := r.m.SetNote("Zapier", ""); err != nil {
		t.Fatal(err)
	}
	if k, _ := r.index.Get("Zapier"); k.Note != "" {
		t.Errorf("an empty note left %q", k.Note)
	}
	var gone *GoneError
	if err := r.m.SetNote("Nope", "x"); !errors.As(err, &gone) {
		t.Errorf("a note on a name not listed: %v, want a GoneError", err)
	}
}

func TestNoteRules(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, nil)
	if _, err := r.m.Save(ctx, "Zapier", keyA, false); err != nil {
		t.Fatal(err)
	}
	// A short key, which only its cached copy can give away.
	short := "tk_9Qx_short"
	if _, err := r.m.Save(ctx, "Short", short, false); err != nil {
		t.Fatal(err)
	}
	for note, want := range map[string]NoteProblem{
		"used in: Zapier, HubSpot":                        0,
		"owner: IT team; rotated 2026-11-25 (Production)": 0,
		strings.Repeat("é", keystore.MaxNoteLen):          0,
		strings.Repeat("é", keystore.MaxNoteLen+1):        NoteTooLong,
		"used in:\nZapier":                                NoteControl,
		"used\tin Zapier":                                 NoteControl,
		"bidi \u202etrick":                                NoteControl,
		"pasted " + keyA + " by mistake":                  NoteLooksLikeKey,
		"pasted " + keyB:                                  NoteLooksLikeKey, // not saved here, but shaped like one
		`"` + keyB + `"`:                                  NoteLooksLikeKey,
		"glued:" + short + ",":                            NoteLooksLikeKey,
		"a made-up token xQ7pL2vN9rT4kW8mZ3sB1":           NoteLooksLikeKey,
		// A key glued to punctuation or letters that are not ASCII.
		"“" + keyB + "”":             NoteLooksLikeKey,
		"Zapier—" + keyB:             NoteLooksLikeKey,
		keyB + "…":                   NoteLooksLikeKey,
		keyB + "。":                   NoteLooksLikeKey,
		"é" + keyB:                   NoteLooksLikeKey,
		"pasted \"" + keyB + " oops": NoteLooksLikeKey, // a quote mark with no partner
		"«" + short + "»":            NoteLooksLikeKey,
		// A short run that looks machine-made.
		"token 9Qx7Lp2Vz4Rt":                      NoteLooksLikeKey,
		"token “9Qx7Lp2Vz4Rt”":                    NoteLooksLikeKey,
		"used in: HubSpot2024, Salesforce2024":    0,
		"ask jane@example.com or j4n3x9@ex.co.uk": 0,
		"Zapier — HubSpot… « done »":              0,
	} {
		err := r.m.SetNote("Zapier", note)
		var ne *NoteError
		switch {
		case want == 0 && err != nil:
			t.Errorf("a note of %d characters refused: %v", len(note), err)
		case want != 0 && (!errors.As(err, &ne) || ne.Problem != want):
			t.Errorf("a note of %d characters: %v, want %v", len(note), err, want)
		}
		if want != 0 {
			if cerr := r.m.CheckNote(note); !errors.As(cerr, &ne) || ne.Problem != want {
				t.Errorf("CheckNote disagrees with SetNote: %v", cerr)
			}
		}
		noKeyIn(t, err)
		if err != nil && strings.Contains(err.Error(), short) {
			t.Error("the error holds the short key")
		}
	}
	data, err := os.ReadFile(r.index.Path())
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{keyA, keyB, short} {
		if strings.Contains(string(data), k) {
			t.Errorf("the list's file holds the key ending in %s", ending(k))
		}
	}
}

// A keychain may remove an item and still report an error: the undo of a
// rename never removes the copy under the new name unless the old name is
// seen to hold the same key, so no key ends up under neither name.
func TestRenameWhenARemovalGoesThroughButFails(t *testing.T) {
	ctx := context.Background()
	type setup struct {
		late     [2]string // removed, then a timeout
		failSave [2]string // refused afterwards ({} for none)
		// under is where each key must end up: the name's key, then the
		// retiring one.
		under [2]string
		ok    bool // the rename reports success
	}
	for what, c := range map[string]setup{
		"the old name's removal": {
			late: [2]string{keystore.Service, "Old"}, under: [2]string{"Old", "Old"}},
		"the old retiring key's removal": {
			late: [2]string{keystore.RetiringService, "Old"}, under: [2]string{"Old", "Old"}},
		"the old name's removal, and the key cannot be saved back": {
			late: [2]string{keystore.Service, "Old"}, failSave: [2]string{keystore.Service, "Old"},
			under: [2]string{"New", "New"}, ok: true},
		"the old retiring key's removal, and it cannot be saved back": {
			late: [2]string{keystore.RetiringService, "Old"}, failSave: [2]string{keystore.RetiringService, "Old"},
			under: [2]string{"Old", "New"}},
	} {
		t.Run(what, func(t *testing.T) {
			sh := newShelf()
			r := newRig(t, sh.store())
			if _, err := r.m.Save(ctx, "Old", keyA, false); err != nil {
				t.Fatal(err)
			}
			if _, err := r.m.Rotate(ctx, "Old", keyB, "aaaa", true, apiclient.Outcome{}, time.Time{}); err != nil {
				t.Fatal(err)
			}
			sh.watch(keyA, keyB)
			sh.lateRemove[c.late] = true
			if c.failSave != ([2]string{}) {
				sh.failSave[c.failSave] = true
			}
			err := r.m.Rename(ctx, "Old", "New")
			switch {
			case c.ok && err != nil:
				t.Errorf("got %v, want the rename done", err)
			case !c.ok && keystore.KindOf(err) != keystore.TimedOut:
				t.Errorf("got %v, want the keychain's timeout", err)
			}
			noKeyIn(t, err)
			for i, k := range []string{keyB, keyA} {
				svc := []string{keystore.Service, keystore.RetiringService}[i]
				if n := sh.least(k); n < 1 {
					t.Errorf("the key ending in %s had %d copies at one point", ending(k), n)
				}
				if v, ok := sh.get(svc, c.under[i]); !ok || v != k {
					t.Errorf("the key ending in %s is not under %q in %s", ending(k), c.under[i], svc)
				}
			}
			if c.under[0] == "New" {
				if k, ok := r.index.Get("New"); !ok || k.Retiring == nil {
					t.Errorf("the key is not listed where it is: %+v", k)
				}
			}
		})
	}
}
