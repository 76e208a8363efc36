package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/internal/fakeoncehub"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
	"github.com/oncekey/oncekey/words"
)

// These tests drive the window as an admin would, with Fyne's test driver,
// the real API client against a loopback TLS fake of OnceHub, a fake
// keychain and a clock moved by hand.

func TestFirstRunSaveTestsAtOnce(t *testing.T) {
	h := newHarness(t, setup{})
	key := newKey(t)
	h.srv.AddKey(key, "admin@example.com")

	h.waitFor("the first-run view", func() bool { return h.view() == viewFirstRun })
	if h.m.win.Canvas().Focused() != h.m.firstRun.entry {
		t.Error("the first-run view does not put the focus in the key entry")
	}
	if got := h.m.firstRun.where.Text; got != "The key will be stored in GNOME Keyring, never in a file." {
		t.Errorf("the first-run view says %q about where the key goes", got)
	}

	// Surrounding spaces and quotes are a common copy accident.
	test.Type(h.m.firstRun.entry, `  "`+key+`"  `)
	h.tap(h.m.firstRun.save)
	h.waitForResult()

	if got := h.resultHeadline(); got != "Works, account admin@example.com, checked just now" {
		t.Errorf("result %q", got)
	}
	if h.m.keyView.result.headline.Importance != toneSuccess.importance() {
		t.Error("a working key is not shown in the success colour")
	}
	if got, ok := h.store.secret(keystore.DefaultName); !ok || got != key {
		t.Errorf("the keychain does not hold %s, trimmed of quotes and spaces", describe(key))
	}
	if h.view() != viewKey {
		t.Errorf("after saving the window shows view %v, not the key", h.view())
	}
	if got := h.m.keyView.key.Text; got != apiclient.Masked(key) {
		t.Errorf("the key is shown as %q, want it masked to its ending %s", got, apiclient.Ending(key))
	}
	if h.m.firstRun.entry.Text != "" {
		t.Error("the entry still holds the key after saving")
	}
	if h.requests() != 1 {
		t.Errorf("saving sent %d requests, want exactly 1", h.requests())
	}
	h.waitFor("the list to note the test", func() bool {
		info, ok := h.index.Get(keystore.DefaultName)
		return ok && info.LastTest != nil
	})
	info, _ := h.index.Get(keystore.DefaultName)
	if info.Ending != apiclient.Ending(key) || info.LastTest.Result != "works" || info.LastTest.Account != "admin@example.com" {
		t.Errorf("the list holds %+v", info)
	}
	if strings.Contains(test.RenderToMarkup(h.m.win.Canvas()), key) {
		t.Errorf("%s appears in the window while masked", describe(key))
	}
}

func TestBadInputIsRefusedWithoutEchoingIt(t *testing.T) {
	h := newHarness(t, setup{})
	for _, input := range []string{"abc123", "abcd efgh ijkl", "tk_zzzzzzzzzzzzzzzzz\ntk_yyyyyyyyyyyyyyyyyy", "\"tk_unmatched_quote_123"} {
		h.m.firstRun.entry.SetText(input)
		h.tap(h.m.firstRun.save)
		msg := h.m.firstRun.problem.Text
		if !h.m.firstRun.problem.Visible() || msg == "" {
			t.Errorf("input #%d was not refused with a message", len(input))
			continue
		}
		for _, part := range strings.Fields(input) {
			if len(part) >= 4 && strings.Contains(msg, strings.Trim(part, `"`)) {
				t.Errorf("the refusal %q repeats part of the input", msg)
			}
		}
	}
	h.m.firstRun.entry.SetText("tk_now_a_good_key_1234")
	if h.m.firstRun.problem.Visible() {
		t.Error("the refusal stays after the entry changed")
	}
	for _, c := range h.store.ops() {
		if c == "save" {
			t.Error("refused input reached the keychain")
		}
	}
	if h.requests() != 0 {
		t.Errorf("refused input sent %d requests", h.requests())
	}
}

func TestEnterInEntrySaves(t *testing.T) {
	h := newHarness(t, setup{tester: &cannedTester{outcome: apiclient.NewOutcome(apiclient.Works, "", true)}})
	key := newKey(t)
	h.waitFor("the first-run view", func() bool { return h.view() == viewFirstRun })
	test.Type(h.m.firstRun.entry, key)
	h.m.firstRun.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.waitForResult()
	if got, _ := h.store.secret(keystore.DefaultName); got != key {
		t.Errorf("Enter did not save %s", describe(key))
	}
}

func TestCopyIsClearedAfterTheDelay(t *testing.T) {
	key := newKey(t)
	h := newHarness(t, setup{storedKey: key, tester: &cannedTester{}})
	h.waitFor("the key to be read", func() bool { return h.key() != "" })

	h.tap(h.m.keyView.copy)
	if h.clipboard() != key {
		t.Fatalf("Copy did not put %s on the clipboard", describe(key))
	}
	if got := h.m.keyView.copyNote.Text; got != "Copied. The clipboard will be cleared in 30 seconds." {
		t.Errorf("note %q", got)
	}
	h.advance(10 * time.Second)
	if got := h.m.keyView.copyNote.Text; got != "Copied. The clipboard will be cleared in 20 seconds." {
		t.Errorf("after 10 s the note says %q", got)
	}
	if h.clipboard() != key {
		t.Error("the clipboard was cleared early")
	}
	h.advance(20 * time.Second)
	if h.clipboard() != "" {
		t.Error("the clipboard still holds the key after 30 s")
	}
	if got := h.m.keyView.copyNote.Text; got != words.ClipboardCleared() {
		t.Errorf("after clearing the note says %q", got)
	}
}

func TestCopyLeavesSomethingElseAlone(t *testing.T) {
	key := newKey(t)
	h := newHarness(t, setup{storedKey: key, tester: &cannedTester{}})
	h.waitFor("the key to be read", func() bool { return h.key() != "" })
	h.tap(h.m.keyView.copy)
	h.advance(5 * time.Second)
	h.app.Clipboard().SetContent("the admin's own text")
	h.advance(30 * time.Second)
	if got := h.clipboard(); got != "the admin's own text" {
		t.Errorf("the admin's own copy was replaced by %q", got)
	}
	if got := h.m.keyView.copyNote.Text; got != words.ClipboardReplaced() {
		t.Errorf("note %q", got)
	}
}

func TestCopyDelayIsASetting(t *testing.T) {
	key := newKey(t)
	h := newHarness(t, setup{storedKey: key, tester: &cannedTester{}})
	h.waitFor("the key to be read", func() bool { return h.key() != "" })

	h.tap(h.m.keyView.settings)
	sd, ok := h.m.dialogs[0].(interface{ Hide() })
	if !ok || len(h.m.dialogs) != 1 {
		t.Fatal("Settings did not open a dialog")
	}
	sel := findSelect(t, h.m.win.Canvas().Overlays().Top())
	if sel.Selected != "30 seconds" {
		t.Errorf("the default delay shows as %q", sel.Selected)
	}
	sel.SetSelected("10 seconds")
	sd.Hide()
	h.q.drain()

	h.tap(h.m.keyView.copy)
	h.advance(10 * time.Second)
	if h.clipboard() != "" {
		t.Error("with 10 seconds chosen the clipboard still holds the key after 10 s")
	}

	h.m.settings.setClearDelay(0)
	h.tap(h.m.keyView.copy)
	if !strings.Contains(h.m.keyView.copyNote.Text, "not be cleared") {
		t.Errorf("with Never chosen the note says %q", h.m.keyView.copyNote.Text)
	}
	h.advance(time.Hour)
	if h.clipboard() != key {
		t.Error("with Never chosen the clipboard was cleared")
	}
}

func TestClosingClearsOnlyOurCopy(t *testing.T) {
	for _, replaced := range []bool{false, true} {
		key := newKey(t)
		h := newHarness(t, setup{storedKey: key, tester: &cannedTester{}})
		h.waitFor("the key to be read", func() bool { return h.key() != "" })
		h.tap(h.m.keyView.copy)
		if replaced {
			h.app.Clipboard().SetContent("other")
		}
		h.m.win.Close()
		want := ""
		if replaced {
			want = "other"
		}
		if got := h.clipboard(); got != want {
			t.Errorf("closing the window (something else copied: %v) left the clipboard wrong", replaced)
		}
	}
}

func TestCopyShortcutAndReveal(t *testing.T) {
	key := newKey(t)
	h := newHarness(t, setup{storedKey: key, tester: &cannedTester{}})
	h.waitFor("the key to be read", func() bool { return h.key() != "" })

	h.m.win.Canvas().(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutCopy{})
	h.q.drain()
	if h.clipboard() != key {
		t.Error("Ctrl+C did not copy the key")
	}

	h.tap(h.m.keyView.eye)
	if h.m.keyView.key.Text != key || !h.m.keyView.key.TextStyle.Monospace {
		t.Error("the eye did not reveal the key in a monospace font")
	}
	h.tap(h.m.keyView.eye)
	if h.m.keyView.key.Text != apiclient.Masked(key) || h.m.keyView.key.TextStyle.Monospace {
		t.Error("the eye did not hide the key again, in the ordinary font")
	}
}

func TestRemoveAsksNamingTheEnding(t *testing.T) {
	key := newKey(t)
	h := newHarness(t, setup{storedKey: key, tester: &cannedTester{}, listed: &keystore.KeyInfo{Name: keystore.DefaultName, Ending: apiclient.Ending(key)}})
	h.waitFor("the key to be read", func() bool { return h.key() != "" })
	h.tap(h.m.keyView.copy)

	// Escape closes the confirmation without removing anything.
	h.tap(h.m.keyView.remove)
	if len(h.m.dialogs) != 1 {
		t.Fatal("Remove did not ask first")
	}
	h.m.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(h.m.dialogs) != 0 {
		t.Error("Escape did not close the confirmation")
	}
	if _, ok := h.store.secret(keystore.DefaultName); !ok {
		t.Fatal("Escape removed the key")
	}

	h.tap(h.m.keyView.remove)
	markup := test.RenderToMarkup(h.m.win.Canvas())
	if !strings.Contains(markup, "the key ending in "+apiclient.Ending(key)) {
		t.Error("the confirmation does not name the key's ending")
	}
	h.tap(findButtonIn(t, h.m.win.Canvas().Overlays().Top(), "Remove"))
	h.waitFor("the removal", func() bool { return h.view() == viewFirstRun })
	if _, ok := h.store.secret(keystore.DefaultName); ok {
		t.Error("the keychain still holds the key")
	}
	if h.clipboard() != "" {
		t.Error("the copied key stayed on the clipboard after removal")
	}
	if got := h.m.notice.message(); got != words.RemovedNote(apiclient.Ending(key)) {
		t.Errorf("after removal the note says %q", got)
	}
	h.waitFor("the list to forget the key", func() bool { _, ok := h.index.Get(keystore.DefaultName); return !ok })
}

func TestKeychainMissingKeepsForSessionOnly(t *testing.T) {
	h := newHarness(t, setup{})
	key := newKey(t)
	h.srv.AddKey(key, "admin@example.com")
	h.store.setFail("save", keychainError(keystore.Missing))

	h.saveFirstKey(key)
	h.waitFor("the keychain problem", func() bool { return h.m.problem.visible() })
	if h.view() != viewFirstRun || h.m.firstRun.entry.Text == "" {
		t.Error("a failed save lost what the admin pasted")
	}
	h.tap(bannerButtonOf(t, h.m.problem, "Keep for this session only"))
	h.waitForResult()
	if got := h.m.keyView.where.Text; got != "Kept for this session only (not saved)" {
		t.Errorf("the where line says %q, want session only", got)
	}
	if _, ok := h.store.secret(keystore.DefaultName); ok {
		t.Error("the failing keychain got the key")
	}
	if got := h.resultHeadline(); got != "Works, account admin@example.com, checked just now" {
		t.Errorf("the session key's test says %q", got)
	}
	if h.m.problem.visible() {
		t.Errorf("the banner still shows %q", h.m.problem.message())
	}
	h.m.flows.Wait()
	if _, ok := h.index.Get(keystore.DefaultName); ok {
		t.Error("a session-only key was put in the list of keys")
	}
}

func TestKeychainLockedAtStartOffersRetry(t *testing.T) {
	key := newKey(t)
	h2 := newHarness(t, setup{noStart: true, storedKey: key, tester: &cannedTester{}, listed: &keystore.KeyInfo{Name: keystore.DefaultName, Ending: apiclient.Ending(key)}})
	h2.store.setFail("read", keychainError(keystore.Locked))
	h2.m.start()
	h2.waitFor("the keychain problem", func() bool { return h2.m.problem.visible() })
	if h2.view() != viewKey || h2.m.keyView.key.Text != apiclient.MaskedEnding(apiclient.Ending(key)) {
		t.Error("while the keychain is locked the window does not show which key is stored")
	}
	if !h2.m.keyView.test.Disabled() || !h2.m.keyView.copy.Disabled() {
		t.Error("Test or Copy works without the key")
	}
	h2.store.setFail("read", nil)
	h2.tap(bannerButtonOf(t, h2.m.problem, "Try again"))
	h2.waitFor("the key", func() bool { return h2.key() == key })
	if h2.m.problem.visible() || h2.m.keyView.test.Disabled() {
		t.Error("after unlocking, the banner stays or Test is disabled")
	}
}

func TestKeychainWaitShowsMessageAndCancel(t *testing.T) {
	key := newKey(t)
	h := newHarness(t, setup{noStart: true, storedKey: key, tester: &cannedTester{},
		listed: &keystore.KeyInfo{Name: keystore.DefaultName, Ending: apiclient.Ending(key)}})
	h.store.hold()
	h.m.start()
	h.q.drain()
	if h.m.problem.visible() {
		t.Error("the wait message shows before the keychain had time to answer")
	}
	if !strings.HasPrefix(h.m.keyView.status.Text, "Reading the key from GNOME Keyring") {
		t.Errorf("status %q", h.m.keyView.status.Text)
	}
	h.waitFor("the keychain call", func() bool { return h.store.callCount() > 0 })
	h.advance(2 * time.Second)
	if got := h.m.problem.message(); got != words.KeychainWaitNote() {
		t.Fatalf("after the wait the banner says %q", got)
	}
	// The window stays usable: the settings dialog opens and closes.
	h.tap(h.m.keyView.settings)
	h.m.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(h.m.dialogs) != 0 {
		t.Error("the window did not respond while the keychain waits")
	}
	h.tap(bannerButtonOf(t, h.m.problem, "Cancel"))
	h.waitFor("the cancelled read", func() bool { return h.m.pending == 0 })
	if got := h.m.problem.message(); !strings.Contains(got, "Stopped waiting") {
		t.Errorf("after Cancel the banner says %q", got)
	}
	bannerButtonOf(t, h.m.problem, "Try again")
	bannerButtonOf(t, h.m.problem, "Keep for this session only")
}

func TestHangingServerCancelKeepsWindowResponsive(t *testing.T) {
	key := newKey(t)
	h := newHarness(t, setup{storedKey: key})
	h.srv.AddKey(key, "admin@example.com")
	h.waitFor("the key to be read", func() bool { return h.key() != "" })
	h.srv.Hang()

	h.tap(h.m.keyView.test)
	if !h.m.keyView.testing.Visible() || !h.m.keyView.test.Disabled() {
		t.Fatal("a test in flight shows no busy line, or Test stays enabled")
	}
	// Repeated clicks and Enter do not start another test.
	for range 5 {
		test.Tap(h.m.keyView.test)
		h.m.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	}
	h.waitFor("the request to reach OnceHub", func() bool { return h.srv.Requests() >= 1 })
	// The window still works: Copy and reveal answer while the test hangs.
	h.tap(h.m.keyView.copy)
	if h.clipboard() != key {
		t.Error("Copy did not work during a test")
	}
	h.tap(h.m.keyView.cancel)
	h.waitForResult()
	if got := h.resultHeadline(); got != words.Outcome(apiclient.NewOutcome(apiclient.Cancelled, "", false)).Summary {
		t.Errorf("after Cancel the result says %q", got)
	}
	if h.m.keyView.test.Disabled() || h.m.keyView.testing.Visible() {
		t.Error("after Cancel Test is still disabled or the busy line still shows")
	}
	if h.srv.Requests() != 1 || h.srv.MaxInFlight() != 1 {
		t.Errorf("%d requests, %d at once; want 1 and 1", h.srv.Requests(), h.srv.MaxInFlight())
	}
	h.m.flows.Wait()
	if info, ok := h.index.Get(keystore.DefaultName); ok && info.LastTest != nil {
		t.Errorf("a cancelled test was kept as the last test: %q", info.LastTest.Result)
	}
}

func TestRapidTestsSendOneRequestAtATime(t *testing.T) {
	key := newKey(t)
	h := newHarness(t, setup{storedKey: key})
	h.srv.AddKey(key, "admin@example.com")
	h.waitFor("the key to be read", func() bool { return h.key() != "" })
	for round := 1; round <= 3; round++ {
		for range 10 {
			test.Tap(h.m.keyView.test)
		}
		h.waitForResult()
		if h.srv.Requests() != round {
			t.Fatalf("after %d rounds of rapid taps, %d requests were sent", round, h.srv.Requests())
		}
	}
	if h.srv.MaxInFlight() != 1 {
		t.Errorf("%d requests were in flight at once", h.srv.MaxInFlight())
	}
}

func TestRateLimitCountsDownThenEnablesTest(t *testing.T) {
	key := newKey(t)
	h := newHarness(t, setup{storedKey: key})
	h.srv.AddKey(key, "admin@example.com")
	h.srv.Answer(&fakeoncehub.Reply{Status: 429, Type: "rate_limit_error", Message: "Request rate limit exceeded", RetryAfter: "5"})
	h.waitFor("the key to be read", func() bool { return h.key() != "" })

	h.tap(h.m.keyView.test)
	h.waitForResult()
	if got := h.resultHeadline(); got != words.Outcome(apiclient.NewOutcome(apiclient.RateLimited, "", true)).Summary {
		t.Errorf("429 reads %q", got)
	}
	if !h.m.keyView.test.Disabled() {
		t.Error("Test is enabled while OnceHub asks for a pause")
	}
	if got := h.m.keyView.retry.Text; got != words.RetryNote(5*time.Second) {
		t.Errorf("countdown %q", got)
	}
	h.advance(2 * time.Second)
	if got := h.m.keyView.retry.Text; got != words.RetryNote(3*time.Second) {
		t.Errorf("after 2 s the countdown says %q", got)
	}
	h.m.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.q.drain()
	if h.srv.Requests() != 1 {
		t.Error("Enter started a test during the pause")
	}
	h.advance(3 * time.Second)
	if h.m.keyView.test.Disabled() || h.m.keyView.retry.Visible() {
		t.Error("after the pause Test is still disabled or the countdown still shows")
	}
	h.srv.Answer(nil)
	h.tap(h.m.keyView.test)
	h.waitForResult()
	if !strings.HasPrefix(h.resultHeadline(), "Works") {
		t.Errorf("the test after the pause says %q", h.resultHeadline())
	}
}

func TestRequestIDCopiesAndLinkOpens(t *testing.T) {
	key := newKey(t)
	h := newHarness(t, setup{storedKey: key})
	h.waitFor("the key to be read", func() bool { return h.key() != "" })
	h.tap(h.m.keyView.test)
	h.waitForResult()
	id := h.m.keyView.result.outcome.RequestID
	if !strings.HasPrefix(id, "req_") {
		t.Fatalf("the outcome has no Request-Id: %q", id)
	}
	h.tap(h.m.keyView.result.copyID)
	if h.clipboard() != id {
		t.Errorf("Copy Request-Id put %q on the clipboard", h.clipboard())
	}
	h.tap(findButton(t, h.m.keyView.result.actions, "Open OnceHub API page"))
	h.mu.Lock()
	opened := append([]string(nil), h.opened...)
	h.mu.Unlock()
	if len(opened) != 1 || opened[0] != apiclient.KeysPageURL {
		t.Errorf("opened %q", opened)
	}
}

func TestNothingHappensBeforeTheWindowShows(t *testing.T) {
	tester := &cannedTester{}
	h := newHarness(t, setup{noStart: true, tester: tester, storedKey: "tk_stored_before_0001"})
	h.q.drain()
	if n := h.store.callCount(); n != 0 {
		t.Errorf("building the window made %d keychain calls", n)
	}
	if tests, warms := tester.counts(); tests+warms != 0 {
		t.Errorf("building the window made %d tests and %d warm-ups", tests, warms)
	}
	if h.view() != viewLoading {
		t.Errorf("before start the window shows view %v", h.view())
	}
	h.m.start()
	h.waitFor("the key", func() bool { return h.key() != "" })
	h.waitFor("the warm-up", func() bool { _, w := tester.counts(); return w == 1 })
	if tests, _ := tester.counts(); tests != 0 {
		t.Error("opening the window tested the key by itself")
	}
}

func TestListShowsEndingAndLastTestWhileKeychainReads(t *testing.T) {
	key := newKey(t)
	rec := &keystore.TestRecord{At: testEpoch.Add(-3 * time.Minute), Result: "works", Account: "admin@example.com", Status: 200}
	h := newHarness(t, setup{noStart: true, tester: &cannedTester{}, storedKey: key,
		listed: &keystore.KeyInfo{Name: keystore.DefaultName, Ending: apiclient.Ending(key), LastTest: rec}})
	if h.view() != viewKey || h.m.keyView.key.Text != apiclient.Masked(key) {
		t.Error("the window does not show the stored key's ending before reading the keychain")
	}
	if got := h.resultHeadline(); got != "Works, account admin@example.com, checked 3 minutes ago" {
		t.Errorf("the last test reads %q", got)
	}
	if !h.m.keyView.test.Disabled() {
		t.Error("Test is enabled before the key is read")
	}
	h.advance(2 * time.Minute)
	h.m.start()
	h.waitFor("the key", func() bool { return h.key() != "" })
	h.advance(agoEvery)
	if got := h.resultHeadline(); got != "Works, account admin@example.com, checked 5 minutes ago" {
		t.Errorf("later the last test reads %q", got)
	}
	if h.m.keyView.test.Disabled() {
		t.Error("Test stays disabled after the key is read")
	}
}

func TestStaleListEntryIsDropped(t *testing.T) {
	h := newHarness(t, setup{tester: &cannedTester{}, listed: &keystore.KeyInfo{Name: keystore.DefaultName, Ending: "zzzz"}})
	h.waitFor("the first-run view", func() bool { return h.view() == viewFirstRun })
	h.waitFor("the list to drop the entry", func() bool { _, ok := h.index.Get(keystore.DefaultName); return !ok })
}

func TestPasteOffersToClearClipboard(t *testing.T) {
	key := newKey(t)
	h := newHarness(t, setup{tester: &cannedTester{outcome: apiclient.NewOutcome(apiclient.Works, "", true)}})
	h.waitFor("the first-run view", func() bool { return h.view() == viewFirstRun })
	h.app.Clipboard().SetContent(key + "\n")
	h.tap(h.m.firstRun.paste)
	h.tap(h.m.firstRun.save)
	h.waitForResult()
	if got := h.m.notice.message(); got != words.ClipboardStillHoldsNote() {
		t.Fatalf("after saving a pasted key the note says %q", got)
	}
	h.tap(bannerButtonOf(t, h.m.notice, "Clear clipboard"))
	if h.clipboard() != "" || h.m.notice.visible() {
		t.Error("Clear clipboard did not clear it, or the note stays")
	}
}

func TestIndexProblemIsShown(t *testing.T) {
	problem := &keystore.IndexRecoveredError{MovedTo: "/somewhere/keys.json.corrupt-1"}
	h := newHarness(t, setup{tester: &cannedTester{}, listReset: problem})
	if got := h.m.notice.message(); got != words.ListReset(problem.MovedTo) || strings.Contains(got, "oncekey ") {
		t.Errorf("the notice says %q", got)
	}
	h.tap(bannerButtonOf(t, h.m.notice, "OK"))
	if h.m.notice.visible() {
		t.Error("OK did not close the notice")
	}
}

func TestWindowSizeIsRemembered(t *testing.T) {
	h := newHarness(t, setup{tester: &cannedTester{}})
	h.m.win.Resize(fyne.NewSize(700, 610))
	h.m.win.Close()
	m2 := newMainWindow(h.app, Deps{Keys: keys.New(keys.Config{Store: newFakeStore(), Tester: &cannedTester{}})}, h.clock, h.q.post)
	if got := m2.settings.windowSize(firstWindowSize, minWindowSize); got != fyne.NewSize(700, 610) {
		t.Errorf("the next window opens at %v", got)
	}
	m2.win.Close()
}

// fakeMarkedClipboard stands for Windows' clipboard: it keeps the text, a
// sequence number that every copy moves on, and can be made to fail.
type fakeMarkedClipboard struct {
	text   string
	seq    uint32
	fail   bool // the system's clipboard is there, and refuses
	absent bool // there is no such clipboard (no X display)
	copies int
}

func (c *fakeMarkedClipboard) copySecret(text string) (clipMark, error) {
	if c.absent {
		return 0, errMarkedUnavailable
	}
	if c.fail {
		return 0, errors.New("OpenClipboard: access denied")
	}
	c.copies++
	c.text, c.seq = text, c.seq+1
	return clipMark(c.seq), nil
}

func (c *fakeMarkedClipboard) clearIfUnchanged(mark clipMark) (bool, error) {
	if uint32(mark) != c.seq {
		return false, nil
	}
	c.text, c.seq = "", c.seq+1
	return true, nil
}

// otherCopy is another program copying text.
func (c *fakeMarkedClipboard) otherCopy(text string) { c.text, c.seq = text, c.seq+1 }

func TestCopyGoesThroughTheMarkedClipboardWhereThereIsOne(t *testing.T) {
	key := newKey(t)
	h := newHarness(t, setup{storedKey: key, tester: &cannedTester{}})
	h.waitFor("the key to be read", func() bool { return h.key() != "" })
	marked := &fakeMarkedClipboard{}
	h.m.clip.marked = marked

	h.tap(h.m.keyView.copy)
	if marked.text != key || h.clipboard() == key {
		t.Fatalf("Copy did not put %s on the marked clipboard alone", describe(key))
	}
	h.advance(30 * time.Second)
	if marked.text != "" || h.m.keyView.copyNote.Text != words.ClipboardCleared() {
		t.Errorf("after 30 s the marked clipboard still holds the key (note %q)", h.m.keyView.copyNote.Text)
	}

	// Another program copies the same text meanwhile: it is not OnceKey's
	// copy any more, and is left alone.
	h.tap(h.m.keyView.copy)
	marked.otherCopy(key)
	h.advance(30 * time.Second)
	if marked.text != key || h.m.keyView.copyNote.Text != words.ClipboardReplaced() {
		t.Errorf("another program's copy was cleared (note %q)", h.m.keyView.copyNote.Text)
	}

	// A marked clipboard that refuses: no unmarked copy instead, which
	// clipboard histories would keep, and the admin is told.
	marked.fail = true
	h.tap(h.m.keyView.copy)
	if h.clipboard() == key || h.m.keyView.copyNote.Text != words.CopyFailed() {
		t.Fatalf("with the marked clipboard refusing, Copy put the key on the plain one or did not say so (note %q)", h.m.keyView.copyNote.Text)
	}

	// No such clipboard at all (no X display): the plain one does the work.
	marked.fail, marked.absent = false, true
	h.tap(h.m.keyView.copy)
	if h.clipboard() != key {
		t.Fatalf("with no marked clipboard, Copy did not put %s on the plain one", describe(key))
	}
	h.advance(30 * time.Second)
	if h.clipboard() != "" {
		t.Error("the plain clipboard still holds the key after 30 s")
	}
}
