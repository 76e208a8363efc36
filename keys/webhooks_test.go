package keys

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/internal/fakeoncehub"
)

const hookAccount = "hooks@example.com"

// hookRig is a manager with one saved key, whose client reaches a loopback
// stand-in for OnceHub holding n webhooks for the key's account.
func hookRig(t *testing.T, n int) (*rig, *fakeoncehub.Server, []fakeoncehub.Webhook, string) {
	t.Helper()
	srv := fakeoncehub.Start()
	t.Cleanup(srv.Close)
	key := numberedKey(1)
	srv.AddKey(key, hookAccount)
	made := srv.AddWebhooks(hookAccount, n)
	c, err := apiclient.New(apiclient.Config{BaseURL: srv.URL, RootCAs: srv.Pool})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	r := newRig(t, nil)
	r.m = New(Config{Store: r.store, Index: r.index, Tester: c, Clock: r.clock})
	if _, err := r.m.Save(context.Background(), "Production CRM", key, false); err != nil {
		t.Fatal(err)
	}
	return r, srv, made, key
}

// listDriven runs Webhooks with the fake clock driven, and returns the list
// and the time it took on that clock.
func listDriven(t *testing.T, r *rig) (WebhookList, []WebhooksStep, time.Duration) {
	t.Helper()
	var steps []WebhooksStep
	var list WebhookList
	var err error
	done := make(chan struct{})
	began := r.clock.Now()
	go func() {
		defer close(done)
		list, err = r.m.Webhooks(context.Background(), "Production CRM", func(s WebhooksStep) { steps = append(steps, s) })
	}()
	r.clock.drive(t, done)
	<-done
	if err != nil {
		t.Fatal(err)
	}
	return list, steps, r.clock.Now().Sub(began)
}

func TestWebhooksFollowsThePagingThroughA429(t *testing.T) {
	for _, tc := range []struct {
		name       string
		retryAfter string
		wait       time.Duration
	}{
		{"Retry-After", "7", 7 * time.Second},
		{"no Retry-After", "", DefaultPause},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, srv, made, key := hookRig(t, 250)
			// The second page is refused once, for too many requests.
			srv.AnswerWebhookPage(2, fakeoncehub.Reply{Status: 429, Type: "rate_limit_error", Message: "Request rate limit exceeded", RetryAfter: tc.retryAfter})
			list, steps, took := listDriven(t, r)

			if list.Outcome.Kind != apiclient.Works || list.Cut {
				t.Fatalf("outcome %v, cut %v; want every page read", list.Outcome.Kind, list.Cut)
			}
			if len(list.Webhooks) != 250 {
				t.Fatalf("found %d webhooks, want 250", len(list.Webhooks))
			}
			for i, w := range list.Webhooks {
				want := made[i]
				if w.ID != want.ID || w.Name != want.Name || w.URL != want.URL || strings.Join(w.Events, ",") != strings.Join(want.Events, ",") || !w.Created.Equal(want.Created) {
					t.Fatalf("webhook %d is %+v, want %s %q %s %v %v", i, w, want.ID, want.Name, want.URL, want.Events, want.Created)
				}
			}
			// The page after the 429 is the same page again, not the next.
			wantPages := []string{"", made[99].ID, made[99].ID, made[199].ID}
			if got := srv.WebhookPages(); fmt.Sprint(got) != fmt.Sprint(wantPages) {
				t.Errorf("pages asked for after %v, want %v", got, wantPages)
			}
			if took != tc.wait {
				t.Errorf("the paging took %v on the clock, want the pause of %v", took, tc.wait)
			}
			waits := 0
			for _, s := range steps {
				if s.Waiting > 0 {
					waits++
					if s.Waiting != tc.wait || s.Found != 100 {
						t.Errorf("wait step %+v, want %v after 100 found", s, tc.wait)
					}
				}
			}
			if last := steps[len(steps)-1]; waits != 1 || last.Pages != 3 || last.Found != 250 {
				t.Errorf("steps %+v: want one wait and 3 pages, 250 found", steps)
			}
			// The secrets were sent by the stand-in, and are kept nowhere.
			dump := fmt.Sprintf("%#v %#v", list, steps)
			for _, w := range made {
				if strings.Contains(dump, w.Secret) {
					t.Fatalf("a webhook's secret is in the list Webhooks returned")
				}
			}
			if strings.Contains(dump, key) {
				t.Fatal("the key is in the list Webhooks returned")
			}
		})
	}
}

func TestWebhooksOfAnEmptyAccount(t *testing.T) {
	r, srv, _, _ := hookRig(t, 0)
	list, _, _ := listDriven(t, r)
	if list.Outcome.Kind != apiclient.Works || len(list.Webhooks) != 0 || list.Cut {
		t.Errorf("got %v, %d webhooks, cut %v; want works and none", list.Outcome.Kind, len(list.Webhooks), list.Cut)
	}
	if got := srv.WebhookPages(); len(got) != 1 {
		t.Errorf("asked for %d pages, want 1", len(got))
	}
}

func TestWebhooksStopsWhenOnceHubRefuses(t *testing.T) {
	r, srv, _, _ := hookRig(t, 150)
	srv.AnswerWebhookPage(2, fakeoncehub.Reply{Status: 503, Type: "api_error", Message: "down"})
	list, _, _ := listDriven(t, r)
	if list.Outcome.Kind != apiclient.ServerTrouble || len(list.Webhooks) != 100 {
		t.Errorf("got %v with %d webhooks, want server trouble after the first 100", list.Outcome.Kind, len(list.Webhooks))
	}
	srv.RemoveKey(numberedKey(1))
	list, _, _ = listDriven(t, r)
	if list.Outcome.Kind != apiclient.NotRecognised || len(list.Webhooks) != 0 {
		t.Errorf("got %v with %d webhooks, want not recognised", list.Outcome.Kind, len(list.Webhooks))
	}
}

func TestWebhooksGivesUpAfterRepeated429s(t *testing.T) {
	r, srv, _, _ := hookRig(t, 5)
	srv.Answer(&fakeoncehub.Reply{Status: 429, Type: "rate_limit_error", Message: "Request rate limit exceeded", RetryAfter: "2"})
	list, _, took := listDriven(t, r)
	if list.Outcome.Kind != apiclient.RateLimited {
		t.Errorf("outcome %v, want rate limited", list.Outcome.Kind)
	}
	if n := srv.Requests(); n != maxPageRetries+1 {
		t.Errorf("asked %d times, want %d", n, maxPageRetries+1)
	}
	if took != maxPageRetries*2*time.Second {
		t.Errorf("took %v on the clock, want %v", took, maxPageRetries*2*time.Second)
	}
}

// loopingPages is a webhook client whose pages never end: each holds one
// webhook, with has_more set; with repeat, every page ends with one ID.
type loopingPages struct {
	repeat bool
	asked  int
}

func (l *loopingPages) Test(context.Context, string) apiclient.Outcome { return works() }
func (l *loopingPages) Warm(context.Context) error                     { return nil }
func (l *loopingPages) DeleteWebhook(context.Context, string, string) apiclient.Outcome {
	return works()
}

func (l *loopingPages) Webhooks(_ context.Context, _, _ string, limit int) (apiclient.WebhookPage, apiclient.Outcome) {
	l.asked++
	id := fmt.Sprintf("WHK-%d", l.asked)
	if l.repeat {
		id = "WHK-SAME"
	}
	return apiclient.WebhookPage{HasMore: true, Webhooks: []apiclient.Webhook{{ID: id}}}, works()
}

func TestWebhooksPagingGuards(t *testing.T) {
	for _, tc := range []struct {
		name   string
		repeat bool
		pages  int
	}{
		{"a last ID that repeats", true, 2},
		{"pages without end", false, MaxWebhookPages},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, nil)
			lp := &loopingPages{repeat: tc.repeat}
			r.m = New(Config{Store: r.store, Index: r.index, Tester: lp, Clock: r.clock})
			if _, err := r.m.Save(context.Background(), "Production CRM", numberedKey(2), false); err != nil {
				t.Fatal(err)
			}
			list, _, _ := listDriven(t, r)
			if !list.Cut || list.Outcome.Kind != apiclient.Works || lp.asked != tc.pages || len(list.Webhooks) != tc.pages {
				t.Errorf("cut %v, %v, asked %d pages, %d webhooks; want cut after %d", list.Cut, list.Outcome.Kind, lp.asked, len(list.Webhooks), tc.pages)
			}
		})
	}
}

func TestDeleteWebhook(t *testing.T) {
	r, srv, made, _ := hookRig(t, 3)
	ctx := context.Background()
	o, err := r.m.DeleteWebhook(ctx, "Production CRM", made[1].ID)
	if err != nil || o.Kind != apiclient.Works || o.ExitCode() != 0 {
		t.Fatalf("delete: %v, %v; want works", o.Kind, err)
	}
	if left := srv.Webhooks(hookAccount); len(left) != 2 || left[0].ID != made[0].ID || left[1].ID != made[2].ID {
		t.Errorf("left %v, want the first and the last", left)
	}
	o, err = r.m.DeleteWebhook(ctx, "Production CRM", made[1].ID)
	if err != nil || o.Kind != apiclient.Gone || o.ExitCode() != 0 {
		t.Errorf("second delete: %v, %v; want gone, exit 0", o.Kind, err)
	}
	// An ID that is not one of OnceHub's is never sent.
	before := srv.Requests()
	o, _ = r.m.DeleteWebhook(ctx, "Production CRM", "../test")
	if o.Kind != apiclient.Unexpected || o.Reason != apiclient.ReasonBadID || o.KeySent || srv.Requests() != before {
		t.Errorf("bad ID: %v %v sent %v, %d requests; want refused here", o.Kind, o.Reason, o.KeySent, srv.Requests()-before)
	}
	// A 429 pauses what follows, without sending it.
	srv.AnswerNext(1, &fakeoncehub.Reply{Status: 429, Type: "rate_limit_error", Message: "Request rate limit exceeded", RetryAfter: "30"})
	if o, _ = r.m.DeleteWebhook(ctx, "Production CRM", made[0].ID); o.Kind != apiclient.RateLimited {
		t.Fatalf("got %v, want rate limited", o.Kind)
	}
	before = srv.Requests()
	if o, _ = r.m.DeleteWebhook(ctx, "Production CRM", made[0].ID); o.Kind != apiclient.RateLimited || o.RetryAfter != 30*time.Second || srv.Requests() != before {
		t.Errorf("during the pause: %v after %v, %d sent; want rate limited, 30 s, none sent", o.Kind, o.RetryAfter, srv.Requests()-before)
	}
	if _, err := r.m.DeleteWebhook(ctx, "Nobody", made[0].ID); err == nil {
		t.Error("a key that is not saved: no error")
	}
}
