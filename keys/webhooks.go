package keys

import (
	"context"
	"errors"
	"time"

	"github.com/oncekey/oncekey/apiclient"
)

// WebhookClient lists and deletes an account's webhooks
// (apiclient.*Client satisfies it). A Tester that is one too lets the
// manager do so.
type WebhookClient interface {
	Webhooks(ctx context.Context, key, after string, limit int) (apiclient.WebhookPage, apiclient.Outcome)
	DeleteWebhook(ctx context.Context, key, id string) apiclient.Outcome
}

// Guards of the paging: OnceHub's cursor could, by a fault on its side,
// lead round in circles or never end.
const (
	MaxWebhookPages = 100
	// maxPageRetries is how many times in a row one page is asked for
	// again after a 429 before the paging gives up.
	maxPageRetries = 5
)

// ErrNoWebhookClient: the manager was made without a client that can
// reach OnceHub's webhooks.
var ErrNoWebhookClient = errors.New("keys: no webhook client")

// WebhookList is what Webhooks found of an account's webhooks.
type WebhookList struct {
	// Webhooks are those read, in OnceHub's order (oldest first).
	Webhooks []apiclient.Webhook
	// Outcome is Works when the paging ended as OnceHub said (has_more
	// false, or an empty page); otherwise it says why it stopped, and
	// Webhooks holds the pages read before.
	Outcome apiclient.Outcome
	// Cut reports that the paging stopped at a guard: a page ended with
	// the ID the one before ended with, or MaxWebhookPages were read.
	// Webhooks may then be only some of them.
	Cut bool
	// Ending is the ending of the key that asked.
	Ending string
}

// WebhooksStep tells how far Webhooks has come.
type WebhooksStep struct {
	Pages, Found int
	// Waiting is how long the paging waits now, as OnceHub asked (a
	// 429), before asking for the same page again; 0 when not waiting.
	Waiting time.Duration
}

func (m *Manager) webhookClient() (WebhookClient, error) {
	wc, ok := m.cfg.Tester.(WebhookClient)
	if !ok {
		return nil, ErrNoWebhookClient
	}
	return wc, nil
}

// Webhooks lists every webhook of the account of the key saved under
// name, following OnceHub's cursor paging: 100 at a time, each page after
// the last ID of the one before. After a 429 it waits as OnceHub asked
// (Retry-After, or DefaultPause) and asks for the same page again, and
// other tests in this process wait too. progress, if not nil, is called
// after each page and before each wait. The error is a keychain error
// when the key could not be read.
func (m *Manager) Webhooks(ctx context.Context, name string, progress func(WebhooksStep)) (WebhookList, error) {
	wc, err := m.webhookClient()
	if err != nil {
		return WebhookList{}, err
	}
	key, err := m.secretForTest(ctx, name)
	if err != nil {
		return WebhookList{}, err
	}
	list := WebhookList{Webhooks: []apiclient.Webhook{}, Ending: apiclient.Ending(key)}
	after, pages, retries := "", 0, 0
	report := func(wait time.Duration) {
		if progress != nil {
			progress(WebhooksStep{Pages: pages, Found: len(list.Webhooks), Waiting: wait})
		}
	}
	for {
		if left := m.PausedFor(); left > 0 {
			report(left)
			if err := m.sleep(ctx, left); err != nil {
				// The pages before the pause carried the key.
				list.Outcome = apiclient.NewOutcome(apiclient.Cancelled, "", pages > 0 || retries > 0)
				return list, nil
			}
		}
		page, o := wc.Webhooks(ctx, key, after, apiclient.MaxWebhookPage)
		if o.Kind == apiclient.RateLimited {
			m.pauseFor(o)
			if retries++; retries <= maxPageRetries {
				continue // waits at the top, then asks for the same page
			}
		}
		if o.Kind != apiclient.Works {
			list.Outcome = o
			return list, nil
		}
		retries = 0
		pages++
		list.Webhooks = append(list.Webhooks, page.Webhooks...)
		list.Outcome = o
		report(0)
		if !page.HasMore || len(page.Webhooks) == 0 {
			return list, nil
		}
		last := page.Webhooks[len(page.Webhooks)-1].ID
		if last == after || pages >= MaxWebhookPages || !apiclient.ValidWebhookID(last) {
			list.Cut = true
			return list, nil
		}
		after = last
	}
}

// DeleteWebhook deletes the webhook id of the account of the key saved
// under name. The outcome is Works when OnceHub deleted it and Gone when
// OnceHub no longer had it. During a pause OnceHub asked for, nothing is
// sent and the outcome is RateLimited with the time left.
func (m *Manager) DeleteWebhook(ctx context.Context, name, id string) (apiclient.Outcome, error) {
	wc, err := m.webhookClient()
	if err != nil {
		return apiclient.Outcome{}, err
	}
	key, err := m.secretForTest(ctx, name)
	if err != nil {
		return apiclient.Outcome{}, err
	}
	if o, paused := m.pausedOutcome(); paused {
		return o, nil
	}
	o := wc.DeleteWebhook(ctx, key, id)
	if o.Kind == apiclient.RateLimited {
		m.pauseFor(o)
	}
	return o, nil
}

// pausedOutcome is the RateLimited outcome with the time left while
// OnceHub's pause lasts; paused is false when requests may go ahead.
func (m *Manager) pausedOutcome() (o apiclient.Outcome, paused bool) {
	left := m.PausedFor()
	if left <= 0 {
		return apiclient.Outcome{}, false
	}
	o = apiclient.NewOutcome(apiclient.RateLimited, "", false)
	o.RetryAfter = max(left.Round(time.Second), time.Second)
	return o, true
}

// pauseFor starts the pause the 429 o asks for.
func (m *Manager) pauseFor(o apiclient.Outcome) {
	m.mu.Lock()
	m.pausedUntil = m.clock.Now().Add(pauseOf(o))
	m.mu.Unlock()
	m.emit(Event{Kind: Paused})
}
