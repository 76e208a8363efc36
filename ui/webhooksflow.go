package ui

import (
	"context"
	"strings"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/words"
)

// This file wires the Webhooks view to the key manager: the list is asked
// for, page by page, off the UI goroutine, and a delete is confirmed, sent
// and followed by a fresh list.

// webhooksFlow is the open Webhooks view and the key whose account it shows.
type webhooksFlow struct {
	view   *webhooksView
	name   string
	cancel context.CancelFunc // ends the request under way when the view closes
}

func (m *MainWindow) openWebhooks() {
	if m.hooks != nil || m.view != viewKey || m.closed || !m.controls().Copy {
		return
	}
	ctx, cancel := context.WithCancel(m.ctx)
	f := &webhooksFlow{name: m.name, cancel: cancel}
	f.view = newWebhooksView(webhooksCallbacks{
		OnRefresh: func() {
			f.view.setNote("", false)
			m.listWebhooks(ctx, f)
		},
		OnDelete: func(w apiclient.Webhook) {
			m.showDialog(newDeleteWebhookDialog(w, func() { m.deleteWebhook(ctx, f, w) }, m.win))
		},
		OnClosed: func() {
			cancel()
			if m.hooks == f {
				m.hooks = nil
			}
		},
	}, m.zone, m.win)
	m.hooks = f
	m.showDialog(f.view.dialog)
	m.listWebhooks(ctx, f)
}

// listWebhooks asks OnceHub for every webhook of the flow's account and
// shows them, with the pages' progress and any pause on the way.
func (m *MainWindow) listWebhooks(ctx context.Context, f *webhooksFlow) {
	f.view.setWorking(words.WebhooksLoading())
	var list keys.WebhookList
	m.background(func(context.Context) error {
		var err error
		list, err = m.keys.Webhooks(ctx, f.name, func(s keys.WebhooksStep) {
			m.do(func() {
				if f.view.isClosed() {
					return
				}
				if s.Waiting > 0 {
					f.view.setWorking(words.WebhooksWaiting(s.Found, s.Waiting))
				} else {
					f.view.setWorking(words.WebhooksProgress(s.Found))
				}
			})
		})
		return err
	}, func(err error) {
		if f.view.isClosed() {
			return
		}
		f.view.setWorking("")
		switch {
		case err != nil:
			f.view.setTrouble(words.Keychain(err).Sentence(), "")
		case list.Outcome.Kind != apiclient.Works:
			s := words.WebhooksTrouble(list.Outcome)
			if len(list.Webhooks) > 0 {
				// The pages read before the trouble are shown.
				f.view.setList(list.Webhooks, "")
			}
			f.view.setTrouble(s.Summary, troubleRest(s, list.Outcome))
		default:
			f.view.setList(list.Webhooks, words.WebhooksFound(list))
		}
	})
}

// troubleRest is what follows a trouble's summary: the next step and the
// details for support.
func troubleRest(s words.Said, o apiclient.Outcome) string {
	rest := s.NextStep
	if d := words.Details(o); d != "" {
		rest = strings.TrimSpace(rest + "\n" + d)
	}
	return rest
}

// deleteWebhook deletes w, then lists the webhooks again: a webhook
// already gone is said so, and the fresh list shows it gone.
func (m *MainWindow) deleteWebhook(ctx context.Context, f *webhooksFlow, w apiclient.Webhook) {
	if f.view.isClosed() || f.view.working {
		return
	}
	f.view.setWorking(words.WebhookDeleting(w))
	var o apiclient.Outcome
	m.background(func(context.Context) error {
		var err error
		o, err = m.keys.DeleteWebhook(ctx, f.name, w.ID)
		return err
	}, func(err error) {
		if f.view.isClosed() {
			return
		}
		f.view.setWorking("")
		switch {
		case err != nil:
			f.view.setNote(words.Keychain(err).Sentence(), true)
			return
		case o.Kind == apiclient.Works:
			f.view.setNote(words.WebhookDeleted(w), false)
		case o.Kind == apiclient.Gone:
			f.view.setNote(words.WebhookAlreadyGone(w), true)
		default:
			s := words.WebhooksTrouble(o)
			f.view.setNote(s.Summary+" "+troubleRest(s, o), true)
			return
		}
		m.listWebhooks(ctx, f)
	})
}

// countWebhooks tells the rotation checklist d how many webhooks the
// account has: they stay active after the old key is deleted. It asks
// once per dialog.
func (m *MainWindow) countWebhooks(d *rotateDialog) {
	if d.webhooksAsked {
		return
	}
	d.webhooksAsked = true
	d.setWebhooks(words.WebhooksCounting())
	name := m.name
	// The count ends with the dialog: it must not go on paging, and
	// waiting out OnceHub's pauses, for a checklist nobody sees.
	ctx, cancel := context.WithCancel(m.ctx)
	m.stopCount = cancel
	var list keys.WebhookList
	m.background(func(context.Context) error {
		var err error
		list, err = m.keys.Webhooks(ctx, name, nil)
		return err
	}, func(err error) {
		cancel()
		if d.isClosed() {
			return
		}
		if err != nil || list.Outcome.Kind != apiclient.Works || list.Cut {
			d.setWebhooks(words.WebhooksAfterRotationUnknown())
			return
		}
		d.setWebhooks(words.WebhooksAfterRotation(len(list.Webhooks)))
	})
}
