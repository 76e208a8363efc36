package apiclient

import (
	"context"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestWebhookHasNoPlaceForTheSecret(t *testing.T) {
	typ := reflect.TypeOf(Webhook{})
	for i := 0; i < typ.NumField(); i++ {
		if strings.Contains(strings.ToLower(typ.Field(i).Name), "secret") {
			t.Errorf("Webhook has a field %s: the signing secret must never be decoded", typ.Field(i).Name)
		}
	}
}

// hookServer answers every request with status and body, and notes the
// request it got.
func hookServer(t *testing.T, status int, body string, got *http.Request) (*Client, *server) {
	t.Helper()
	p := newPKI(t)
	s := startServer(t, p.goodLeaf(t), nil, func(w http.ResponseWriter, r *http.Request) {
		if got != nil {
			*got = *r.Clone(context.Background())
		}
		w.Header().Set("Request-Id", "req_hooks")
		if strings.HasPrefix(body, "{") {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	})
	return newClient(t, s, p, 5*time.Second), s
}

func TestWebhooksRequestAndReply(t *testing.T) {
	key := fakeKey(t)
	var got http.Request
	body := `{"object":"list","has_more":true,"data":[
		{"object":"webhook","id":"WHK-7JD9LBVZTQ","name":"New\nbooking\u0007 webhook","url":"https://mywebsite.com/webhooks/booking",
		 "events":["booking.completed","booking.rescheduled"],"creation_time":"2020-09-06T20:57:17.467Z","secret":"d7686b8c83f04913929079aeae40189e"},
		{"id":"WHK-2","name":"` + key + `","url":"","events":"not a list","creation_time":"yesterday","secret":"d7686b8c83f04913929079aeae40189f"}]}`
	c, _ := hookServer(t, 200, body, &got)
	page, o := c.Webhooks(context.Background(), key, "WHK-1", 500)
	if o.Kind != Works || o.Status != 200 || o.RequestID != "req_hooks" || !page.HasMore || len(page.Webhooks) != 2 {
		t.Fatalf("got %v %d %q, %d webhooks, more %v", o.Kind, o.Status, o.RequestID, len(page.Webhooks), page.HasMore)
	}
	if got.Method != http.MethodGet || got.URL.Path != "/v2/webhooks" || got.URL.Query().Get("limit") != "100" || got.URL.Query().Get("after") != "WHK-1" || got.Header.Get("API-Key") != key {
		t.Errorf("request %s %s, key sent %v", got.Method, got.URL, got.Header.Get("API-Key") == key)
	}
	w := page.Webhooks[0]
	if w.ID != "WHK-7JD9LBVZTQ" || w.Name != "New booking webhook" || w.URL != "https://mywebsite.com/webhooks/booking" ||
		strings.Join(w.Events, " ") != "booking.completed booking.rescheduled" || !w.Created.Equal(time.Date(2020, 9, 6, 20, 57, 17, 467e6, time.UTC)) {
		t.Errorf("first webhook %+v", w)
	}
	// A field holding the key is blanked; odd events and times are left out.
	if w := page.Webhooks[1]; w.Name != "" || w.Events != nil || !w.Created.IsZero() {
		t.Errorf("second webhook %+v: want no name, no events, no time", w)
	}
}

func TestWebhooksOddReplies(t *testing.T) {
	key := fakeKey(t)
	for _, tc := range []struct {
		name   string
		status int
		body   string
		want   Kind
		reason Reason
	}{
		{"no has_more", 200, `{"object":"list","data":[]}`, Unexpected, ReasonOddReply},
		{"no data", 200, `{"object":"list","has_more":false}`, Unexpected, ReasonOddReply},
		{"a web page", 200, `<html>portal</html>`, Unexpected, ReasonOddReply},
		{"400", 400, `{"type":"invalid_request_error","message":"Out of range value"}`, Unexpected, ReasonOddStatus},
		{"401", 401, `{"type":"authentication_error","message":"Invalid API key."}`, NotRecognised, ReasonNone},
		{"403", 403, `{"type":"authentication_error","message":"Your account plan does not support API access."}`, NoAPIAccess, ReasonNone},
		{"500", 500, `{"type":"api_error"}`, ServerTrouble, ReasonNone},
		{"redirect", 302, ``, Unexpected, ReasonRedirect},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := hookServer(t, tc.status, tc.body, nil)
			page, o := c.Webhooks(context.Background(), key, "", 100)
			if o.Kind != tc.want || o.Reason != tc.reason || len(page.Webhooks) != 0 {
				t.Errorf("got %v (%v) with %d webhooks, want %v (%v)", o.Kind, o.Reason, len(page.Webhooks), tc.want, tc.reason)
			}
		})
	}
}

func TestDeleteWebhookReplies(t *testing.T) {
	key := fakeKey(t)
	for _, tc := range []struct {
		name   string
		status int
		body   string
		want   Kind
	}{
		{"deleted", 200, `{"id":"WHK-1","deleted":true}`, Works},
		{"not deleted", 200, `{"id":"WHK-1","deleted":false}`, Unexpected},
		{"an empty 200", 200, ``, Unexpected},
		{"already gone", 404, `{"type":"invalid_request_error","message":"No such webhook: 'WHK-1'","param":"id"}`, Gone},
		{"a 404 page", 404, `<html>not here</html>`, Unexpected},
		{"401", 401, `{"type":"authentication_error","message":"Invalid API key."}`, NotRecognised},
		{"429", 429, `{"type":"rate_limit_error","message":"Request rate limit exceeded"}`, RateLimited},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got http.Request
			c, _ := hookServer(t, tc.status, tc.body, &got)
			o := c.DeleteWebhook(context.Background(), key, "WHK-1")
			if o.Kind != tc.want {
				t.Errorf("got %v (%v), want %v", o.Kind, o.Reason, tc.want)
			}
			if got.Method != http.MethodDelete || got.URL.Path != "/v2/webhooks/WHK-1" {
				t.Errorf("request %s %s", got.Method, got.URL.Path)
			}
		})
	}
}

func TestWebhookIDsThatAreNeverSent(t *testing.T) {
	key := fakeKey(t)
	c, s := hookServer(t, 200, `{}`, nil)
	for _, id := range []string{"", "../test", "WHK 1", "WHK-1?x=1", "WHK-1/2", "WHK-%2F", strings.Repeat("A", 65)} {
		if ValidWebhookID(id) {
			t.Errorf("ValidWebhookID(%q) = true", id)
		}
		if o := c.DeleteWebhook(context.Background(), key, id); o.Kind != Unexpected || o.Reason != ReasonBadID || o.KeySent {
			t.Errorf("delete %q: %v %v sent %v", id, o.Kind, o.Reason, o.KeySent)
		}
		if id != "" {
			if _, o := c.Webhooks(context.Background(), key, id, 10); o.Kind != Unexpected || o.KeySent {
				t.Errorf("list after %q: %v sent %v", id, o.Kind, o.KeySent)
			}
		}
	}
	if n := s.requests.Load(); n != 0 {
		t.Errorf("%d requests reached the server, want none", n)
	}
}

func TestWebhooksPageOverTheTestsCap(t *testing.T) {
	// 100 webhooks with long addresses and every event: well over the
	// 64 KiB a test's reply may have, and still one page.
	var b strings.Builder
	b.WriteString(`{"object":"list","has_more":false,"data":[`)
	for i := 0; i < 100; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"id":"WHK-` + strings.Repeat("A", 6) + string(rune('A'+i%26)) + `","name":"Hook","url":"https://example.com/` + strings.Repeat("p", 900) +
			`","events":["booking.scheduled","booking.rescheduled","booking.canceled","booking.completed"],"creation_time":"2026-01-02T03:04:05Z","secret":"s"}`)
	}
	b.WriteString("]}")
	if b.Len() <= bodyCap {
		t.Fatalf("the page is only %d bytes", b.Len())
	}
	c, _ := hookServer(t, 200, b.String(), nil)
	page, o := c.Webhooks(context.Background(), fakeKey(t), "", 100)
	if o.Kind != Works || len(page.Webhooks) != 100 {
		t.Errorf("a page of %d bytes: %v (%v), %d webhooks", b.Len(), o.Kind, o.Reason, len(page.Webhooks))
	}
}

func TestWebhookRefusalsFromSomethingElse(t *testing.T) {
	c, _ := hookServer(t, 403, `<html>blocked by policy</html>`, nil)
	if _, o := c.Webhooks(context.Background(), fakeKey(t), "", 100); o.Kind != Unexpected || o.Reason != ReasonNotAPI {
		t.Errorf("an HTML 403: %v (%v), want not OnceHub's", o.Kind, o.Reason)
	}
}

func TestAWebhookIDThatHoldsTheKeyIsNeverSent(t *testing.T) {
	c, s := hookServer(t, 200, `{}`, nil)
	key := "Short_Key-123"
	if o := c.DeleteWebhook(context.Background(), key, key); o.Reason != ReasonBadID || o.KeySent {
		t.Errorf("delete of the key as an ID: %v %v", o.Kind, o.Reason)
	}
	if n := s.requests.Load(); n != 0 {
		t.Errorf("%d requests reached the server", n)
	}
}
