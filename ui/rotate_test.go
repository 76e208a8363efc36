package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/internal/fakeoncehub"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
	"github.com/oncekey/oncekey/words"
)

// These tests take every step of Rotate as an admin would, with the real
// API client against the fake OnceHub and the fake keychain, whose retiring
// keys live in a store of their own (fakeStore.Retiring).

// rotationHarness is a window showing old, a key OnceHub knows for
// admin@example.com and last tested as working, noted as used in Zapier
// and HubSpot.
func rotationHarness(t *testing.T, old string) *harness {
	t.Helper()
	listed := listedWorking(old, "admin@example.com")
	listed.Note = "used in: Zapier, HubSpot"
	h := newHarness(t, setup{storedKey: old, listed: listed})
	h.srv.AddKey(old, "admin@example.com")
	return h
}

// retiring is the retiring key the fake keychain holds for the default key.
func (h *harness) retiring() (string, bool) { return h.store.retiring.secret(keystore.DefaultName) }

// listedRetiring is the list's retiring key of the default key, or nil.
func (h *harness) listedRetiring() *keystore.RetiringInfo {
	info, _ := h.index.Get(keystore.DefaultName)
	return info.Retiring
}

func (h *harness) openedPages() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.opened...)
}

func TestRotateFirstSaysWhereAndAsksWhichPage(t *testing.T) {
	old := newKey(t)
	h := rotationHarness(t, old)
	d := h.openRotate()
	if d.step != stepCreate {
		t.Fatalf("Rotate opens at step %d, not at where to create the new key", d.step)
	}
	said := dialogText(d)
	for _, part := range []string{words.CreateKeyClicks(), "25 keys", "delete a key you no longer use", words.RotateQuestion()} {
		if !strings.Contains(said, part) {
			t.Errorf("the first step leaves out %q; it says:\n%s", part, said)
		}
	}
	if !d.keepOldChoice.Visible() || !d.regenerateChoice.Visible() {
		t.Fatal("the two answers are not both shown")
	}
	if d.keepOldChoice.Text != "It shows Create API key" || d.regenerateChoice.Text != "It shows Regenerate" {
		t.Errorf("the answers read %q and %q", d.keepOldChoice.Text, d.regenerateChoice.Text)
	}
	ls := links(d)
	if len(ls) != 1 || ls[0].URL.String() != apiclient.KeysPageURL {
		t.Fatalf("the first step's links: %v", ls)
	}
	ls[0].OnTapped()
	if got := h.openedPages(); !slices.Equal(got, []string{apiclient.KeysPageURL}) {
		t.Errorf("the link opened %q", got)
	}

	h.tap(d.keepOldChoice)
	if d.step != stepPaste || !d.keepsOld() {
		t.Fatalf("Create API key led to step %d, keeping the old key: %v", d.step, d.keepsOld())
	}
	if got := d.pasteIntro.Text; got != words.RotatePasteIntro(apiclient.Ending(old), true, false) || !strings.Contains(got, "beside") {
		t.Errorf("the paste step for OnceHub's current page says %q", got)
	}
	h.q.drain()
	if h.m.win.Canvas().Focused() != d.entry {
		t.Error("the paste step does not focus the entry")
	}
	h.tap(d.back)
	if d.step != stepCreate {
		t.Fatalf("Back led to step %d", d.step)
	}
	h.tap(d.regenerateChoice)
	if d.step != stepPaste || d.keepsOld() {
		t.Fatalf("Regenerate led to step %d, keeping the old key: %v", d.step, d.keepsOld())
	}
	if got := d.pasteIntro.Text; !strings.Contains(got, "Regenerate") || !strings.Contains(got, "ending in "+apiclient.Ending(old)) {
		t.Errorf("the paste step for the Regenerate page says %q", got)
	}
	if h.requests() != 0 {
		t.Errorf("%d requests before any key was pasted", h.requests())
	}
}

func TestRotateKeepsTheOldKeyBesideTheNewOne(t *testing.T) {
	old, fresh := newKey(t), newKey(t)
	h := rotationHarness(t, old)
	h.srv.AddKey(fresh, "admin@example.com")

	d := h.rotateToChecklist(fresh)
	if got, _ := h.store.secret(keystore.DefaultName); got != fresh {
		t.Errorf("the name's key in the keychain is not the new key %s", describe(fresh))
	}
	if got, ok := h.retiring(); !ok || got != old {
		t.Errorf("the retiring store does not hold the old key %s", describe(old))
	}
	for _, op := range append(h.store.ops(), h.store.retiring.ops()...) {
		if op == "remove" {
			t.Error("a key was removed from the keychain during the rotation")
		}
	}
	if r := h.listedRetiring(); r == nil || r.Ending != apiclient.Ending(old) || r.Account != "admin@example.com" {
		t.Errorf("the list's retiring key: %+v", r)
	}
	info, _ := h.index.Get(keystore.DefaultName)
	if info.Ending != apiclient.Ending(fresh) || info.LastTest == nil || info.LastTest.Result != "works" || info.Note != "used in: Zapier, HubSpot" {
		t.Errorf("the list after the rotation: %+v", info)
	}
	if h.key() != fresh || h.m.keyView.key.Text != apiclient.Masked(fresh) {
		t.Error("the main view does not show the new key")
	}
	// Once tested, and then once to count the account's webhooks.
	if h.srv.Sent(fresh) != 1+len(h.srv.WebhookPages()) || len(h.srv.WebhookPages()) != 1 || h.srv.Sent(old) != 0 {
		t.Errorf("sent the new key %d times (%d to list webhooks) and the old one %d times; want once, once, and never", h.srv.Sent(fresh), len(h.srv.WebhookPages()), h.srv.Sent(old))
	}

	// The checklist: update the tools (Copy, and the admin's note), then
	// delete the old key in OnceHub.
	said := dialogText(d)
	for _, part := range []string{
		words.RotationStored(apiclient.Ending(fresh), apiclient.Ending(old)),
		"1. Update each tool that uses this key",
		"Your note: used in: Zapier, HubSpot",
		"2. Delete the old key (ending in " + apiclient.Ending(old) + ") on OnceHub's API Keys page",
		// No webhooks at the stand-in: nothing is left behind to check.
		words.WebhooksAfterRotation(0),
	} {
		if !strings.Contains(said, part) {
			t.Errorf("the checklist leaves out %q; it says:\n%s", part, said)
		}
	}
	if ls := links(d); len(ls) != 1 || ls[0].URL.String() != apiclient.KeysPageURL {
		t.Errorf("the checklist's links: %v", ls)
	}
	if !visibleIn(d.showHooks, d.pages) {
		t.Error("the checklist has no way to the account's webhooks")
	}
	h.tap(d.copy)
	if h.clipboard() != fresh {
		t.Errorf("Copy in the checklist did not copy the new key %s", describe(fresh))
	}
	if got := d.copyNote.Text; got != words.CopyNote(30e9, false) || !d.copyNote.Visible() {
		t.Errorf("beside Copy the checklist says %q", got)
	}
	if strings.Contains(test.RenderToMarkup(h.m.win.Canvas()), old) || strings.Contains(test.RenderToMarkup(h.m.win.Canvas()), fresh) {
		t.Error("a key appears in the window")
	}

	// Later closes the checklist; the rotation stays pending.
	h.tap(d.later)
	if h.m.rotate != nil || len(h.m.dialogs) != 0 {
		t.Fatal("Later did not close the checklist")
	}
	if got := h.m.keyView.rotation.text.Text; !h.m.keyView.rotation.box.Visible() || got != words.RotationPending(apiclient.Ending(old)) {
		t.Errorf("after Later the main view says %q about the rotation", got)
	}
	if _, ok := h.retiring(); !ok {
		t.Error("Later forgot the old key")
	}
}

func TestRotateStillWorksThenForgotten(t *testing.T) {
	old, fresh := newKey(t), newKey(t)
	h := rotationHarness(t, old)
	h.srv.AddKey(fresh, "admin@example.com")
	d := h.rotateToChecklist(fresh)

	// The admin says the old key is deleted, but OnceHub still knows it.
	h.tap(d.deleted)
	h.settled()
	if d.step != stepChecklist || !d.oldResult.box.Visible() {
		t.Fatalf("after a check of an old key that still works the dialog shows step %d", d.step)
	}
	want := words.OldKeyChecked(keysRetire(apiclient.Works), apiclient.Ending(old))
	if got := d.oldResult.headline.Text; got != want.Headline || !strings.Contains(got, "still works in OnceHub") {
		t.Errorf("the check says %q", got)
	}
	if !strings.Contains(d.oldResult.lines.Text, "then press “I deleted the old key” again") {
		t.Errorf("the check's next step: %q", d.oldResult.lines.Text)
	}
	if ls := links(d); len(ls) != 1 {
		t.Error("the link to OnceHub's API Keys page is not beside the check")
	}
	if got, ok := h.retiring(); !ok || got != old {
		t.Error("an old key that still works was not kept")
	}
	if r := h.listedRetiring(); r == nil || r.LastTest == nil || r.LastTest.Result != "works" {
		t.Errorf("the list's retiring key after its check: %+v", r)
	}
	if h.srv.Sent(old) != 1 {
		t.Errorf("the old key was sent %d times, want once", h.srv.Sent(old))
	}

	// Now deleted in OnceHub: the next check forgets it.
	h.srv.RemoveKey(old)
	h.tap(d.deleted)
	h.settled()
	if d.step != stepDone {
		t.Fatalf("after OnceHub forgot the old key the dialog shows step %d", d.step)
	}
	if got := d.done.headline.Text; got != "OnceHub no longer knows the old key ending in "+apiclient.Ending(old)+", so OnceKey has forgotten it. The rotation is done." {
		t.Errorf("the end says %q", got)
	}
	if _, ok := h.retiring(); ok {
		t.Error("the keychain still holds the old key")
	}
	if h.listedRetiring() != nil {
		t.Error("the list still has a retiring key")
	}
	if got, _ := h.store.secret(keystore.DefaultName); got != fresh {
		t.Error("finishing the rotation touched the new key")
	}
	h.tap(d.closeBtn)
	if h.m.rotate != nil || h.m.keyView.rotation.box.Visible() {
		t.Error("after the rotation is done the dialog stays or the main view still says it is in progress")
	}
}

// onScreen reports whether o is part of the top dialog as it shows now.
func onScreen(h *harness, o fyne.CanvasObject) bool {
	top := h.m.win.Canvas().Overlays().Top()
	return top != nil && o.Visible() && slices.Contains(test.LaidOutObjects(top), o)
}

// keysRetire is what FinishRotation finds when the old key's test is k.
func keysRetire(k apiclient.Kind) (r keys.RetireResult) {
	r.Outcome = apiclient.NewOutcome(k, "", true)
	switch k {
	case apiclient.NotRecognised:
		r.Forgotten = true
	case apiclient.Works, apiclient.NoAPIAccess:
		r.StillWorks = true
	}
	return r
}

func TestRotateOldKeyCouldNotBeChecked(t *testing.T) {
	old, fresh := newKey(t), newKey(t)
	h := rotationHarness(t, old)
	h.srv.AddKey(fresh, "admin@example.com")
	d := h.rotateToChecklist(fresh)
	h.srv.RemoveKey(old) // deleted in OnceHub, but OnceHub has trouble of its own
	h.srv.Answer(&fakeoncehub.Reply{Status: 503, Type: "api_error", Message: "Service unavailable."})
	h.tap(d.deleted)
	h.settled()
	o := apiclient.NewOutcome(apiclient.ServerTrouble, "", true)
	if got := d.oldResult.headline.Text; got != "OnceKey could not check the old key ending in "+apiclient.Ending(old)+". It is kept; try again later." {
		t.Errorf("a 503 reads %q", got)
	}
	if got := d.oldResult.lines.Text; got != words.Outcome(o).Summary {
		t.Errorf("the reason reads %q", got)
	}
	if _, ok := h.retiring(); !ok || h.listedRetiring() == nil {
		t.Error("an old key that could not be checked was forgotten")
	}

	// Offline: the same, with the network's reason.
	h.srv.Answer(nil)
	h.srv.SetTLS(fakeoncehub.TLSHangUp)
	h.srv.DropConns()
	h.tap(d.deleted)
	h.settled()
	if !strings.HasPrefix(d.oldResult.headline.Text, "OnceKey could not check the old key") || d.oldResult.lines.Text == "" {
		t.Errorf("offline: %q / %q", d.oldResult.headline.Text, d.oldResult.lines.Text)
	}
	if _, ok := h.retiring(); !ok {
		t.Error("offline, the old key was forgotten")
	}
	h.srv.SetTLS(fakeoncehub.TLSGood)
	h.srv.DropConns()
	h.tap(d.deleted)
	h.settled()
	if d.step != stepDone {
		t.Errorf("once OnceHub answers again, the check shows step %d", d.step)
	}
}

func TestRotateForgetTheOldKeyNow(t *testing.T) {
	old, fresh := newKey(t), newKey(t)
	h := rotationHarness(t, old)
	h.srv.AddKey(fresh, "admin@example.com")
	d := h.rotateToChecklist(fresh)
	if d.forget.Importance != widget.LowImportance || d.deleted.Importance != widget.HighImportance {
		t.Error("Forget the old key now is not less prominent than I deleted the old key")
	}

	h.tap(d.forget)
	if len(h.m.dialogs) != 2 {
		t.Fatal("Forget the old key now did not ask first")
	}
	question := h.m.win.Canvas().Overlays().Top()
	// Offered after a check that could not be made: whether the old key
	// still works is not known, so the question says what holds if it does.
	asked := false
	for _, o := range test.LaidOutObjects(question) {
		if l, ok := o.(*widget.Label); ok && l.Text == words.ForgetOldKeyQuestion(apiclient.Ending(old)) {
			asked = true
		}
	}
	if !asked || !strings.Contains(words.ForgetOldKeyQuestion(""), "If it is still on OnceHub's API Keys page, it keeps working") {
		t.Error("the question does not say the old key keeps working in OnceHub, if it is still there, until deleted there")
	}
	h.tap(findButtonIn(t, question, "Keep it"))
	if _, ok := h.retiring(); !ok || d.isClosed() {
		t.Fatal("Keep it forgot the old key or closed the checklist")
	}

	h.tap(d.forget)
	h.tap(findButtonIn(t, h.m.win.Canvas().Overlays().Top(), "Forget it"))
	h.settled()
	if _, ok := h.retiring(); ok || h.listedRetiring() != nil {
		t.Error("the old key is still kept after Forget it")
	}
	if h.srv.Sent(old) != 0 {
		t.Error("forgetting the old key tested it")
	}
	if d.step != stepDone || d.done.headline.Text != words.OldKeyForgotten(apiclient.Ending(old)) || !d.doneLink.Visible() {
		t.Errorf("after Forget it the dialog shows step %d: %q", d.step, d.done.headline.Text)
	}
}

func TestRotateNewKeyForAnotherAccount(t *testing.T) {
	old, fresh := newKey(t), newKey(t)
	h := rotationHarness(t, old)
	h.srv.AddKey(fresh, "b@example.org")
	d := h.openRotate()
	h.tap(d.keepOldChoice)
	h.pasteAndTest(d, fresh)
	if got := d.result.headline.Text; got != "This new key is for account b@example.org; the old one was for admin@example.com." {
		t.Errorf("the warning reads %q", got)
	}
	if !d.keepAnyway.Visible() || !onScreen(h, d.back) {
		t.Fatal("the warning offers no Keep it anyway or no Back")
	}
	if got, _ := h.store.secret(keystore.DefaultName); got != old {
		t.Fatal("the key for another account was stored before the admin said so")
	}
	if _, ok := h.retiring(); ok {
		t.Fatal("the old key was set aside before the admin said so")
	}

	h.tap(d.back)
	if d.step != stepCreate || d.entry.Text != "" {
		t.Fatalf("Back led to step %d, with the entry kept: %v", d.step, d.entry.Text != "")
	}
	h.tap(d.keepOldChoice)
	h.pasteAndTest(d, fresh)
	h.tap(d.keepAnyway)
	h.settled()
	if d.step != stepChecklist {
		t.Fatalf("Keep it anyway led to step %d", d.step)
	}
	if got, _ := h.store.secret(keystore.DefaultName); got != fresh {
		t.Error("Keep it anyway did not store the new key")
	}
	if got, _ := h.retiring(); got != old {
		t.Error("Keep it anyway did not keep the old key beside it")
	}
	if h.srv.Sent(fresh) != 2+len(h.srv.WebhookPages()) {
		t.Errorf("the new key was sent %d times; want one test per Test and save, none for Keep it anyway", h.srv.Sent(fresh))
	}
}

func TestRotateRefusesTheKeySavedAlreadyAndBadInput(t *testing.T) {
	old := newKey(t)
	h := rotationHarness(t, old)
	d := h.openRotate()
	h.tap(d.keepOldChoice)
	h.pasteAndTest(d, old)
	if got := d.problem.Text; got != words.SameKeyAgain() || !strings.HasPrefix(got, "This is the key already saved") {
		t.Errorf("the key saved already reads %q", got)
	}
	d.entry.SetText("not a key")
	h.tap(d.test)
	if !d.problem.Visible() || strings.Contains(d.problem.Text, "not a key") {
		t.Errorf("bad input reads %q", d.problem.Text)
	}
	if h.requests() != 0 {
		t.Errorf("%d requests for refused input", h.requests())
	}
	if _, ok := h.retiring(); ok {
		t.Error("refused input set the old key aside")
	}
}

func TestRotateRefusedNewKeyKeptAnyway(t *testing.T) {
	old, fresh := newKey(t), newKey(t) // fresh is not known to OnceHub yet
	h := rotationHarness(t, old)
	d := h.openRotate()
	h.tap(d.keepOldChoice)
	if d.keepAnyway.Visible() {
		t.Error("Keep it anyway is offered before any test")
	}
	h.pasteAndTest(d, fresh)
	refused := apiclient.NewOutcome(apiclient.NotRecognised, "", true)
	if got := d.result.headline.Text; got != words.CandidateOutcome(refused).Summary {
		t.Errorf("the refused new key reads %q", got)
	}
	if !strings.Contains(d.result.lines.Text, words.CandidateNextStep(apiclient.NotRecognised)) {
		t.Errorf("the refused new key's next step: %q", d.result.lines.Text)
	}
	if !d.keepAnyway.Visible() || d.keepAnyway.Disabled() {
		t.Fatal("a refused new key is not offered Keep it anyway")
	}
	if got, _ := h.store.secret(keystore.DefaultName); got != old {
		t.Fatal("a refused key took the old key's place before Keep it anyway")
	}
	// Another paste is another key: the last one's offer goes.
	test.Type(d.entry, "x")
	if d.keepAnyway.Visible() || d.result.box.Visible() {
		t.Error("after the entry changed, the last key's result and Keep it anyway stay")
	}
	h.pasteAndTest(d, fresh)
	h.tap(d.keepAnyway)
	h.settled()
	if d.step != stepChecklist {
		t.Fatalf("Keep it anyway led to step %d", d.step)
	}
	if got, _ := h.store.secret(keystore.DefaultName); got != fresh {
		t.Error("Keep it anyway did not store the new key")
	}
	if got, _ := h.retiring(); got != old {
		t.Error("Keep it anyway did not keep the old key")
	}
	if h.resultHeadline() != words.Outcome(refused).Summary {
		t.Errorf("after Keep it anyway the main view says %q, not the refusal it was kept with", h.resultHeadline())
	}
}

func TestRotateCancelWhileTesting(t *testing.T) {
	old, fresh := newKey(t), newKey(t)
	h := rotationHarness(t, old)
	h.srv.AddKey(fresh, "admin@example.com")
	h.srv.Hang()
	d := h.openRotate()
	h.tap(d.keepOldChoice)
	test.Type(d.entry, fresh)
	h.tap(d.test)
	if !d.busy.box.Visible() || !d.test.Disabled() || d.cancel.Disabled() {
		t.Fatal("a test in flight shows no busy line, leaves Test and save enabled, or disables Cancel")
	}
	h.waitFor("the request to reach OnceHub", func() bool { return h.srv.Requests() >= 1 })
	h.tap(d.cancel)
	if h.m.rotate != nil {
		t.Fatal("Cancel did not close the dialog")
	}
	h.settled()
	if got, _ := h.store.secret(keystore.DefaultName); got != old {
		t.Error("a cancelled rotation stored the new key")
	}
	if _, ok := h.retiring(); ok {
		t.Error("a cancelled rotation set the old key aside")
	}
	if h.m.keyView.rotate.Disabled() || h.m.keyView.test.Disabled() {
		t.Error("after Cancel, Rotate or Test stays disabled")
	}
	if d.entry.Text != "" {
		t.Error("the closed dialog keeps the new key")
	}
}

func TestRotateRegenerateReplacesInPlace(t *testing.T) {
	old, fresh := newKey(t), newKey(t)
	h := rotationHarness(t, old)
	h.srv.RemoveKey(old) // Regenerate stopped the old key at once
	h.srv.AddKey(fresh, "admin@example.com")
	d := h.openRotate()
	h.tap(d.regenerateChoice)
	h.pasteAndTest(d, fresh)
	h.settled()
	if h.m.rotate != nil || !d.isClosed() {
		t.Fatalf("after a plain replacement the dialog shows step %d", d.step)
	}
	if got, _ := h.store.secret(keystore.DefaultName); got != fresh {
		t.Error("the keychain does not hold the new key")
	}
	if _, ok := h.retiring(); ok || h.listedRetiring() != nil {
		t.Error("a regenerated key was kept as a retiring key")
	}
	if got := h.m.notice.message(); got != words.RotatedNote() {
		t.Errorf("after a plain replacement the note says %q", got)
	}
	if h.m.keyView.rotation.box.Visible() {
		t.Error("the main view says a rotation is in progress")
	}
	if got := h.resultHeadline(); got != "Works, account admin@example.com, checked just now" {
		t.Errorf("the new key's test reads %q", got)
	}
}

// The admin's "Regenerate" may be wrong: the manager tests the old key
// once the new one is stored, and one that still works is kept, with the
// checklist, instead of "Key replaced".
func TestRotateRegenerateWhoseOldKeyStillWorks(t *testing.T) {
	old, fresh := newKey(t), newKey(t)
	h := rotationHarness(t, old) // OnceHub still knows the old key
	h.srv.AddKey(fresh, "admin@example.com")
	d := h.openRotate()
	h.tap(d.regenerateChoice)
	h.pasteAndTest(d, fresh)
	h.settled()
	if d.isClosed() || d.step != stepChecklist {
		t.Fatalf("after a Regenerate whose old key still works the dialog shows step %d (closed: %v), want the checklist", d.step, d.isClosed())
	}
	if got, _ := h.store.secret(keystore.DefaultName); got != fresh {
		t.Error("the keychain does not hold the new key")
	}
	if got, ok := h.retiring(); !ok || got != old {
		t.Error("the old key, which still works, was not kept as the retiring key")
	}
	if r := h.listedRetiring(); r == nil || r.Ending != apiclient.Ending(old) {
		t.Errorf("the list's retiring key: %+v", r)
	}
	if h.srv.Sent(old) != 1 {
		t.Errorf("the old key was tested %d times, want once", h.srv.Sent(old))
	}
	if !strings.Contains(dialogText(d), words.RotationStored(apiclient.Ending(fresh), apiclient.Ending(old))) {
		t.Errorf("the checklist does not say both keys are kept:\n%s", dialogText(d))
	}
	if got := h.m.notice.message(); got == words.RotatedNote() {
		t.Error("the note says the key was replaced, though the old key still works")
	}
	info, _ := h.index.Get(keystore.DefaultName)
	if info.LastTest == nil || info.LastTest.Result != "works" || info.LastTest.Account != "admin@example.com" {
		t.Errorf("the new key's test is not recorded: %+v", info.LastTest)
	}
}

func TestRotateAKeyOnceHubRefusesAsksNothing(t *testing.T) {
	old, fresh := newKey(t), newKey(t)
	h := newHarness(t, setup{storedKey: old, listed: &keystore.KeyInfo{Name: keystore.DefaultName, Ending: apiclient.Ending(old)}})
	h.srv.AddKey(fresh, "admin@example.com") // the old key is not known: deleted or regenerated in OnceHub
	h.waitFor("the key to be read", func() bool { return h.key() != "" })
	h.tap(h.m.keyView.test)
	h.waitForResult()
	rotateBtn := findButton(t, h.m.keyView.result.actions, "Rotate key")

	h.tap(rotateBtn)
	d := h.m.rotate
	if d == nil || d.step != stepPaste {
		t.Fatal("Rotate key on a refused key did not open at the paste step")
	}
	if onScreen(h, d.back) || d.keepsOld() {
		t.Error("a refused key's rotation offers Back to the question, or keeps the old key")
	}
	intro := d.pasteIntro.Text
	if !strings.Contains(intro, words.CreateKeyClicks()) || !strings.Contains(intro, "no longer accepts the old key ending in "+apiclient.Ending(old)) {
		t.Errorf("the refused key's paste step says %q", intro)
	}
	if len(links(d)) != 1 {
		t.Error("the refused key's paste step has no link to OnceHub's API Keys page")
	}
	h.q.drain()
	if h.m.win.Canvas().Focused() != d.entry {
		t.Error("the paste step does not focus its entry")
	}
	h.pasteAndTest(d, fresh)
	h.settled()
	if !d.isClosed() {
		t.Fatalf("a plain replacement shows step %d", d.step)
	}
	if got, _ := h.store.secret(keystore.DefaultName); got != fresh {
		t.Error("the new key was not stored")
	}
	if _, ok := h.retiring(); ok || h.listedRetiring() != nil {
		t.Error("a key OnceHub refuses was kept as a retiring key")
	}
	if h.m.keyView.key.Text != apiclient.Masked(fresh) {
		t.Error("the main view does not show the new key")
	}
}

func TestRotationPendingLineAndContinue(t *testing.T) {
	old, fresh := newKey(t), newKey(t)
	listed := listedWorking(fresh, "admin@example.com")
	listed.Note = "used in: Zapier"
	listed.Retiring = &keystore.RetiringInfo{Ending: apiclient.Ending(old), RetiredAt: testEpoch.Add(-48 * time.Hour)}
	h := newHarness(t, setup{storedKey: fresh, listed: listed})
	h.store.retiring.setSecret(keystore.DefaultName, old)
	h.srv.AddKey(fresh, "admin@example.com")
	h.srv.AddKey(old, "admin@example.com")
	h.waitFor("the key to be read", func() bool { return h.key() != "" })

	line := h.m.keyView.rotation
	want := "Rotation in progress: the old key ending in " + apiclient.Ending(old) + " is kept until you delete it in OnceHub."
	if !line.box.Visible() || line.text.Text != want {
		t.Fatalf("the main view's rotation line: %q (shown: %v)", line.text.Text, line.box.Visible())
	}
	if strings.Contains(test.RenderToMarkup(h.m.win.Canvas()), old) {
		t.Error("the retiring key appears in the window")
	}
	// The retiring key is never what Copy or the eye give.
	h.tap(h.m.keyView.copy)
	if h.clipboard() != fresh {
		t.Error("Copy does not give the name's new key")
	}
	h.tap(h.m.keyView.eye)
	if h.m.keyView.key.Text != fresh {
		t.Error("the eye does not reveal the name's new key")
	}
	h.tap(h.m.keyView.eye)

	h.tap(line.next)
	d := h.m.rotate
	if d == nil || d.step != stepChecklist {
		t.Fatal("Continue did not open the checklist")
	}
	if said := dialogText(d); !strings.Contains(said, "Your note: used in: Zapier") || !strings.Contains(said, "key ending in "+apiclient.Ending(old)) {
		t.Errorf("the reopened checklist says:\n%s", said)
	}
	h.tap(d.later)

	// Rotate while a rotation is pending opens its checklist too, not a
	// new rotation.
	h.tap(h.m.keyView.rotate)
	if d := h.m.rotate; d == nil || d.step != stepChecklist {
		t.Fatal("Rotate during a pending rotation did not open its checklist")
	}
	h.tap(h.m.rotate.deleted)
	h.settled()
	if h.m.rotate.step != stepChecklist || !strings.Contains(h.m.rotate.oldResult.headline.Text, "still works") {
		t.Errorf("the reopened checklist's check says %q", h.m.rotate.oldResult.headline.Text)
	}
}

func TestRotateWhileAnotherRotationIsPendingShowsItsChecklist(t *testing.T) {
	// Another OnceKey process (a script) started a rotation of the key
	// shown while the dialog was open: Rotate stores nothing and the
	// checklist of that rotation follows, saying so.
	old, fresh, elsewhere := newKey(t), newKey(t), newKey(t)
	h := rotationHarness(t, old)
	h.srv.AddKey(fresh, "admin@example.com")
	d := h.openRotate()
	h.tap(d.keepOldChoice)
	test.Type(d.entry, fresh)
	if err := h.index.Put(keystore.KeyInfo{Name: keystore.DefaultName, Ending: apiclient.Ending(old),
		Retiring: &keystore.RetiringInfo{Ending: apiclient.Ending(elsewhere)}}); err != nil {
		t.Fatal(err)
	}
	h.tap(d.test)
	h.settled()
	if d.step != stepChecklist || !d.listNote.Visible() || !strings.HasPrefix(d.listNote.Text, "Nothing was saved: the last rotation of this key is not finished") {
		t.Fatalf("a pending rotation elsewhere shows step %d: %q", d.step, d.listNote.Text)
	}
	if got, _ := h.store.secret(keystore.DefaultName); got != old {
		t.Error("the new key was stored over a pending rotation")
	}
}

func TestRotateSaveFailsKeepsTheOldKey(t *testing.T) {
	old, fresh := newKey(t), newKey(t)
	h := rotationHarness(t, old)
	h.srv.AddKey(fresh, "admin@example.com")
	h.store.setFail("save", keychainError(keystore.Locked))
	d := h.openRotate()
	h.tap(d.keepOldChoice)
	h.pasteAndTest(d, fresh)
	h.settled()
	if !d.isClosed() || !h.m.problem.visible() {
		t.Fatal("a keychain that will not save shows no banner, or the dialog stays")
	}
	if got, _ := h.store.secret(keystore.DefaultName); got != old {
		t.Error("the old key is gone after a failed save")
	}
	if _, ok := h.retiring(); ok || h.listedRetiring() != nil {
		t.Error("a failed save left a retiring copy")
	}
	h.store.setFail("save", nil)
	h.tap(bannerButtonOf(t, h.m.problem, "Try again"))
	h.settled()
	if got, _ := h.store.secret(keystore.DefaultName); got != fresh {
		t.Error("Try again did not store the new key")
	}
	if got, _ := h.retiring(); got != old {
		t.Error("Try again did not keep the old key beside it")
	}
	if h.m.rotate == nil || h.m.rotate.step != stepChecklist {
		t.Error("after Try again the checklist does not follow")
	}
}

func TestEnterTestsAndEscapeClosesRotate(t *testing.T) {
	old, fresh := newKey(t), newKey(t)
	h := rotationHarness(t, old)
	h.srv.AddKey(fresh, "admin@example.com")
	d := h.openRotate()
	// Enter on the first step does nothing: it has no entry to test.
	h.m.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if d.step != stepCreate || h.requests() != 0 {
		t.Fatal("Enter on the first step did something")
	}
	h.tap(d.keepOldChoice)
	test.Type(d.entry, fresh)
	d.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settled()
	if d.step != stepChecklist {
		t.Fatalf("Enter in the entry led to step %d", d.step)
	}
	// Enter never confirms that the old key was deleted.
	h.m.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settled()
	if h.srv.Sent(old) != 0 {
		t.Error("Enter on the checklist checked the old key")
	}
	h.m.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.m.rotate != nil || len(h.m.dialogs) != 0 {
		t.Error("Escape did not close the checklist")
	}
	if _, ok := h.retiring(); !ok {
		t.Error("Escape on the checklist forgot the old key")
	}
}

func TestEscapeInTheEntryClosesRotate(t *testing.T) {
	old := newKey(t)
	h := rotationHarness(t, old)
	d := h.openRotate()
	h.tap(d.keepOldChoice)
	test.Type(d.entry, "typed")
	d.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.m.rotate != nil || len(h.m.dialogs) != 0 {
		t.Error("Escape in the entry did not close the dialog")
	}
	if d.entry.Text != "" {
		t.Error("the closed dialog keeps what was typed")
	}
}

func TestRotateKeychainWaitInsideTheChecklist(t *testing.T) {
	old, fresh := newKey(t), newKey(t)
	h := rotationHarness(t, old)
	h.srv.AddKey(fresh, "admin@example.com")
	d := h.rotateToChecklist(fresh)

	// The keychain waits on its unlock prompt while the old key is
	// forgotten: the dialog says so, and Later stops waiting and closes it.
	h.store.hold()
	h.tap(d.forget)
	// Counted before the tap: the call may begin before the tap returns.
	calls := h.store.callCount() + h.store.retiring.callCount()
	h.tap(findButtonIn(t, h.m.win.Canvas().Overlays().Top(), "Forget it"))
	if !d.checkBusy.box.Visible() || d.checkBusy.text.Text != words.ForgettingOldKey() || !d.deleted.Disabled() {
		t.Fatalf("while forgetting, the checklist's busy line says %q and I deleted the old key is enabled: %v",
			d.checkBusy.text.Text, !d.deleted.Disabled())
	}
	h.waitFor("the keychain call", func() bool { return h.store.callCount()+h.store.retiring.callCount() > calls })
	h.advance(2 * time.Second)
	if got := d.checkBusy.text.Text; got != words.KeychainWaitNote() {
		t.Errorf("while the keychain waits, the checklist says %q", got)
	}
	h.tap(d.later)
	h.settled()
	if h.m.rotate != nil {
		t.Error("Later did not close the checklist while the keychain waited")
	}
	h.store.release()
	if _, ok := h.retiring(); !ok || h.listedRetiring() == nil {
		t.Error("a forget the admin stopped waiting for forgot the old key")
	}
	if !h.m.keyView.rotation.box.Visible() {
		t.Error("the main view no longer says the rotation is in progress")
	}
}
