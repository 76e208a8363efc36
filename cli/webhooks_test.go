package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/oncekey/oncekey/internal/fakeoncehub"
)

// noSecrets fails the test if any webhook's signing secret is in out.
func noSecrets(t *testing.T, hooks []fakeoncehub.Webhook, outs ...string) {
	t.Helper()
	for _, out := range outs {
		if strings.Contains(strings.ToLower(out), "secret") {
			t.Errorf("the output speaks of a secret:\n%s", out)
		}
		for _, w := range hooks {
			if strings.Contains(out, w.Secret) {
				t.Fatalf("the signing secret of %s is in the output", w.ID)
			}
		}
	}
}

func TestWebhooksLists250ThroughA429(t *testing.T) {
	h := newHarness(t)
	h.moving = true
	hooks := h.api.AddWebhooks("admin@example.com", 250)
	h.run(testKey, "set", "--name", "Production CRM")
	h.api.AnswerWebhookPage(2, fakeoncehub.Reply{Status: 429, Type: "rate_limit_error", Message: "Request rate limit exceeded", RetryAfter: "1"})

	r := h.run("", "webhooks")
	if r.code != ExitWorks {
		t.Fatalf("webhooks: exit %d\n%s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 250 {
		t.Fatalf("%d lines, want one per webhook (250)", len(lines))
	}
	first := lines[0]
	if !strings.HasPrefix(first, hooks[0].ID+"  "+hooks[0].Name+"  "+hooks[0].URL) || !strings.Contains(first, "when a booking is") || !strings.Contains(first, "created 2 Mar 2026") {
		t.Errorf("first line %q", first)
	}
	if !strings.Contains(r.stderr, "slow down") || !strings.Contains(r.stderr, "250 webhooks") || !strings.Contains(r.stderr, "1a2b") {
		t.Errorf("stderr %q: want the pause, the count and the key's ending", r.stderr)
	}
	noSecrets(t, hooks, r.stdout, r.stderr)

	r = h.run("", "webhooks", "--json")
	var doc struct {
		Name     string `json:"name"`
		Complete bool   `json:"complete"`
		Result   string `json:"result"`
		ExitCode int    `json:"exit_code"`
		Webhooks []struct {
			ID      string   `json:"id"`
			Name    string   `json:"name"`
			URL     string   `json:"url"`
			Events  []string `json:"events"`
			Created string   `json:"created"`
		} `json:"webhooks"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("webhooks --json: %v\n%s", err, r.stdout)
	}
	if r.code != ExitWorks || doc.Name != "Production CRM" || !doc.Complete || doc.Result != "works" || len(doc.Webhooks) != 250 {
		t.Fatalf("webhooks --json: exit %d, %+v", r.code, doc)
	}
	if w := doc.Webhooks[249]; w.ID != hooks[249].ID || w.Events[0] != hooks[249].Events[0] || w.Created != "2026-03-02T13:10:00Z" {
		t.Errorf("last webhook %+v", w)
	}
	noSecrets(t, hooks, r.stdout, r.stderr)
}

func TestWebhooksExitCodes(t *testing.T) {
	h := newHarness(t)
	h.api.AddWebhooks("admin@example.com", 3)
	h.run(testKey, "set")
	h.api.AnswerNext(1, &fakeoncehub.Reply{Status: 503, Type: "api_error", Message: "Service unavailable"})
	if r := h.run("", "webhooks"); r.code != ExitTrouble || !strings.Contains(r.stderr, "problem on its side") || !strings.Contains(r.stderr, "HTTP status 503") {
		t.Errorf("503: exit %d, stderr %q", r.code, r.stderr)
	}
	h.api.RemoveKey(testKey)
	r := h.run("", "webhooks", "--json")
	if r.code != ExitRefused || !strings.Contains(r.stdout, `"result": "not-recognised"`) || !strings.Contains(r.stdout, `"webhooks": []`) {
		t.Errorf("401: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := h.run("", "webhooks"); r.code != ExitRefused || !strings.Contains(r.stderr, "stay active") {
		t.Errorf("401: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestWebhooksDelete(t *testing.T) {
	h := newHarness(t)
	hooks := h.api.AddWebhooks("admin@example.com", 3)
	h.run(testKey, "set")
	id := hooks[1].ID

	// No terminal to ask on: --yes is needed, and nothing is sent.
	before := h.api.Requests()
	r := h.run("", "webhooks", "delete", id)
	if r.code != ExitTrouble || !strings.Contains(r.stderr, "--yes") || h.api.Requests() != before || len(h.api.Webhooks("admin@example.com")) != 3 {
		t.Fatalf("delete without a terminal or --yes: exit %d %q, %d requests", r.code, r.stderr, h.api.Requests()-before)
	}
	r = h.run("", "webhooks", "delete", id, "--yes")
	if r.code != ExitWorks || !strings.Contains(r.stdout, "Deleted the webhook "+id) {
		t.Fatalf("delete --yes: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if left := h.api.Webhooks("admin@example.com"); len(left) != 2 {
		t.Fatalf("%d webhooks left, want 2", len(left))
	}
	// Already gone: said so, and done.
	r = h.run("", "webhooks", "delete", "--yes", id)
	if r.code != ExitWorks || !strings.Contains(r.stdout, "OnceHub has no webhook "+id+" in the account of the key ending in 1a2b") {
		t.Errorf("delete of one already gone: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// --json is for scripts: they cannot answer the question.
	if r := h.run("", "webhooks", "delete", "--json", hooks[0].ID); r.code != ExitTrouble || !strings.Contains(r.stdout, `"trouble": "needs-yes"`) {
		t.Errorf("delete --json without --yes: exit %d\n%s", r.code, r.stdout)
	}
	r = h.run("", "webhooks", "delete", "--yes", "--json", id)
	if r.code != ExitWorks || !strings.Contains(r.stdout, `"result": "gone"`) || !strings.Contains(r.stdout, `"deleted": false`) {
		t.Errorf("delete --json of one already gone: exit %d\n%s", r.code, r.stdout)
	}
	// An ID that is not one of OnceHub's is refused here.
	before = h.api.Requests()
	r = h.run("", "webhooks", "delete", "--yes", "../test")
	if r.code != ExitTrouble || !strings.Contains(r.stderr, "WHK-") || strings.Contains(r.stderr, "../test") || h.api.Requests() != before {
		t.Errorf("delete of a bad ID: exit %d %q", r.code, r.stderr)
	}
	before = h.api.Requests()
	r = h.run("", "webhooks", "delete", "--yes", testKey)
	if r.code != ExitTrouble || strings.Contains(r.stderr+r.stdout, testKey) || !strings.Contains(r.stderr, "API key") || h.api.Requests() != before {
		t.Errorf("delete with a key for an ID: exit %d %q", r.code, r.stderr)
	}
	if r := h.run("", "webhooks", "delete", "--yes"); r.code != ExitTrouble {
		t.Errorf("delete without an ID: exit %d", r.code)
	}
	noSecrets(t, hooks, r.stdout, r.stderr)
}
