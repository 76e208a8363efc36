package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/internal/fakeoncehub"
	"github.com/oncekey/oncekey/keystore"
	"github.com/oncekey/oncekey/words"
)

const hooksAccount = "admin@example.com"

// webhooksHarness is a window with one key whose account has n webhooks
// at a loopback stand-in for OnceHub.
func webhooksHarness(t *testing.T, n int) (*harness, []fakeoncehub.Webhook) {
	t.Helper()
	// A fixed key: the masters show its ending.
	key := "tk_9d41c07be2f3a8650b1e7d29c4f85a7c"
	h := newHarness(t, setup{storedKey: key, listed: &keystore.KeyInfo{Name: keystore.DefaultName, Ending: apiclient.Ending(key)}})
	h.srv.AddKey(key, hooksAccount)
	hooks := h.srv.AddWebhooks(hooksAccount, n)
	h.waitFor("the key to be read", func() bool { return h.key() != "" })
	return h, hooks
}

// openHooks opens the Webhooks view and waits for its list.
func (h *harness) openHooks() *webhooksView {
	h.t.Helper()
	h.tap(h.m.keyView.webhooks)
	if h.m.hooks == nil {
		h.t.Fatal("Webhooks did not open the view")
	}
	v := h.m.hooks.view
	h.waitFor("the webhooks", func() bool { return !v.working })
	return v
}

// noHookSecrets fails if a webhook's signing secret is anywhere in what the
// window draws.
func noHookSecrets(t *testing.T, h *harness, hooks []fakeoncehub.Webhook) {
	t.Helper()
	markup := test.RenderToMarkup(h.m.win.Canvas())
	for _, w := range hooks {
		if strings.Contains(markup, w.Secret) {
			t.Fatalf("the signing secret of %s is on screen", w.ID)
		}
	}
}

// hasLabel reports whether a label or a text under root says text.
func hasLabel(root fyne.CanvasObject, text string) bool {
	for _, o := range test.LaidOutObjects(root) {
		if l, ok := o.(*widget.Label); ok && l.Text == text {
			return true
		}
	}
	return false
}

func TestWebhooksViewLists(t *testing.T) {
	h, hooks := webhooksHarness(t, 3)
	v := h.openHooks()
	if len(v.hooks) != 3 || v.hooks[2].ID != hooks[2].ID {
		t.Fatalf("the view lists %d webhooks", len(v.hooks))
	}
	if !strings.HasPrefix(v.heading.Text, "This OnceHub account has 3 webhooks.") {
		t.Errorf("heading %q", v.heading.Text)
	}
	test.AssertObjectRendersToMarkup(t, "webhooks/three.xml", h.m.win.Canvas().Overlays().Top())
	noHookSecrets(t, h, hooks)

	// Escape closes it, and it can be opened again.
	h.m.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.m.hooks != nil || len(h.m.dialogs) != 0 {
		t.Fatal("Escape did not close the Webhooks view")
	}
	h.openHooks()
}

func TestWebhooksViewDeletes(t *testing.T) {
	h, hooks := webhooksHarness(t, 3)
	v := h.openHooks()
	// The second row's Delete asks first, naming the webhook and saying what stops.
	v.cb.OnDelete(v.hooks[1])
	confirm := h.m.win.Canvas().Overlays().Top()
	if !hasLabel(confirm, words.DeleteWebhookTitle(v.hooks[1])) || !hasLabel(confirm, words.DeleteWebhookWarning(v.hooks[1])) {
		t.Error("the confirmation does not name the webhook and what stops")
	}
	test.AssertObjectRendersToMarkup(t, "webhooks/delete_confirm.xml", confirm)
	h.tap(findButtonIn(t, confirm, words.WebhookDeleteKeep()))
	if n := len(h.srv.Webhooks(hooksAccount)); n != 3 {
		t.Fatalf("Keep it deleted a webhook: %d left", n)
	}

	deleted := v.hooks[1]
	v.cb.OnDelete(deleted)
	h.tap(findButtonIn(t, h.m.win.Canvas().Overlays().Top(), words.WebhookDeleteOK()))
	h.waitFor("the delete and the fresh list", func() bool { return !v.working && len(v.hooks) == 2 })
	if left := h.srv.Webhooks(hooksAccount); len(left) != 2 || left[1].ID != hooks[2].ID {
		t.Fatalf("left at OnceHub: %v", left)
	}
	if v.detail.Text != words.WebhookDeleted(deleted) {
		t.Errorf("after the delete the view says %q", v.detail.Text)
	}

	// One deleted meanwhile by another tool: said so, and the list refreshed.
	if _, err := h.keys.DeleteWebhook(h.m.ctx, keystore.DefaultName, hooks[0].ID); err != nil {
		t.Fatal(err)
	}
	gone := v.hooks[0]
	v.cb.OnDelete(gone)
	h.tap(findButtonIn(t, h.m.win.Canvas().Overlays().Top(), words.WebhookDeleteOK()))
	h.waitFor("the fresh list", func() bool { return !v.working && len(v.hooks) == 1 })
	if v.detail.Text != words.WebhookAlreadyGone(gone) || v.detail.Importance != widget.WarningImportance {
		t.Errorf("after deleting one already gone the view says %q", v.detail.Text)
	}
	noHookSecrets(t, h, hooks)
}

func TestWebhooksViewTrouble(t *testing.T) {
	h, _ := webhooksHarness(t, 3)
	h.srv.RemoveKey(h.key())
	v := h.openHooks()
	if v.heading.Text != words.WebhooksTrouble(apiclient.Outcome{Kind: apiclient.NotRecognised}).Summary || len(v.hooks) != 0 {
		t.Errorf("a key OnceHub refuses: heading %q, %d webhooks", v.heading.Text, len(v.hooks))
	}
	test.AssertObjectRendersToMarkup(t, "webhooks/not_recognised.xml", h.m.win.Canvas().Overlays().Top())
}

func TestWebhooksViewWaitsOutA429(t *testing.T) {
	h, hooks := webhooksHarness(t, 250)
	h.srv.AnswerWebhookPage(2, fakeoncehub.Reply{Status: 429, Type: "rate_limit_error", Message: "Request rate limit exceeded", RetryAfter: "7"})
	h.tap(h.m.keyView.webhooks)
	v := h.m.hooks.view
	h.waitFor("the pause", func() bool { return strings.Contains(v.busy.text.Text, "slow down") })
	if want := words.WebhooksWaiting(100, 7*time.Second); v.busy.text.Text != want {
		t.Errorf("while waiting the view says %q, want %q", v.busy.text.Text, want)
	}
	h.advance(7 * time.Second)
	h.waitFor("every page", func() bool { return !v.working })
	if len(v.hooks) != 250 || v.hooks[249].ID != hooks[249].ID {
		t.Fatalf("%d webhooks after the pause", len(v.hooks))
	}
	if got := h.srv.WebhookPages(); len(got) != 4 || got[1] != got[2] {
		t.Errorf("pages asked for after %v: want the second asked for again", got)
	}
	noHookSecrets(t, h, hooks)
}

func TestRotationChecklistCountsTheWebhooks(t *testing.T) {
	h, _ := webhooksHarness(t, 3)
	fresh := newKey(t)
	h.srv.AddKey(fresh, hooksAccount)
	d := h.rotateToChecklist(fresh)
	if want := words.WebhooksAfterRotation(3); !strings.HasSuffix(d.deleteOld.Text, " "+want) {
		t.Errorf("the checklist says %q, want it to end with %q", d.deleteOld.Text, want)
	}
	// Show webhooks opens their view over the checklist, for the new key.
	// A link takes taps on its text only.
	test.TapAt(d.showHooks, fyne.NewPos(d.showHooks.Size().Width/2, d.showHooks.Size().Height/2))
	h.q.drain()
	if h.m.hooks == nil {
		t.Fatal("Show webhooks did not open the view")
	}
	v := h.m.hooks.view
	h.waitFor("the webhooks", func() bool { return !v.working })
	if len(v.hooks) != 3 || !strings.Contains(v.heading.Text, apiclient.Ending(fresh)) {
		t.Errorf("the view lists %d webhooks and says %q", len(v.hooks), v.heading.Text)
	}
}
