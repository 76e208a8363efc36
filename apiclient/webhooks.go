package apiclient

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Webhook is one of an account's webhook subscriptions, as OnceHub lists
// it. It has no field for the subscription's signing secret: that is
// never decoded, so it cannot be shown, logged or kept.
type Webhook struct {
	ID      string
	Name    string
	URL     string
	Events  []string  // OnceHub's event names, such as "booking.scheduled"
	Created time.Time // zero when OnceHub's time could not be read
}

// WebhookPage is one page of an account's webhooks.
type WebhookPage struct {
	Webhooks []Webhook
	HasMore  bool
}

// MaxWebhookPage is the most webhooks OnceHub gives on one page.
const MaxWebhookPage = 100

// Limits on what a webhook list is allowed to hold. They keep a strange
// answer from filling the window or the memory.
const (
	// webhookBodyCap is how much of a page is read: 100 webhooks with long
	// URLs and many events fit in well under a megabyte.
	webhookBodyCap = 4 << 20
	maxWebhookID   = 64
	maxWebhookName = 200
	maxWebhookURL  = 2048
	maxEventName   = 100
	maxEvents      = 50
)

// ValidWebhookID reports whether id looks like one of OnceHub's webhook
// IDs ("WHK-7JD9LBVZTQ"): letters, digits, '-' and '_', at most 64. Only
// such an ID is put into a request's path.
func ValidWebhookID(id string) bool {
	if id == "" || len(id) > maxWebhookID {
		return false
	}
	for i := 0; i < len(id); i++ {
		b := id[i]
		if !('a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '-' || b == '_') {
			return false
		}
	}
	return true
}

// Webhooks fetches one page of the account's webhooks: GET
// {base}/webhooks?limit=N[&after=ID], with key in the API-Key header, as a
// test sends it. limit is clamped to 1..MaxWebhookPage. The Outcome's kind
// is Works when the page was read; otherwise it says why not, in the
// kinds of a test (a 400 is Unexpected).
func (c *Client) Webhooks(ctx context.Context, key, after string, limit int) (WebhookPage, Outcome) {
	k, err := NormalizeKey(key)
	if err != nil {
		return WebhookPage{}, invalidKey(c.host, err)
	}
	q := url.Values{"limit": {strconv.Itoa(min(max(limit, 1), MaxWebhookPage))}}
	if after != "" {
		if !ValidWebhookID(after) || sharesPiece(after, k) {
			// An ID from a strange answer is not put into a request.
			o := NewOutcome(Unexpected, c.host, false)
			o.Reason = ReasonOddReply
			return WebhookPage{}, o
		}
		q.Set("after", after)
	}
	rep, o := c.send(ctx, http.MethodGet, c.baseURL+"/webhooks?"+q.Encode(), k, true)
	if rep == nil {
		return WebhookPage{}, o
	}
	o = parseReply(rep.status, rep.header, refusalBody(rep), c.host, time.Now())
	if rep.status != http.StatusOK {
		return WebhookPage{}, o
	}
	page, ok := parseWebhookPage(rep.body, k)
	if !ok {
		o = NewOutcome(Unexpected, c.host, true)
		o.Reason, o.Status, o.RequestID = ReasonOddReply, rep.status, cleanRequestID(rep.header.Get("Request-Id"))
		return WebhookPage{}, o
	}
	o.Kind, o.Reason = Works, ReasonNone
	return page, scrub(o, k)
}

// DeleteWebhook deletes the webhook id: DELETE {base}/webhooks/{id}. The
// kind is Works when OnceHub deleted it, Gone when OnceHub does not know
// it (404: deleted already), and otherwise says why not.
func (c *Client) DeleteWebhook(ctx context.Context, key, id string) Outcome {
	k, err := NormalizeKey(key)
	if err != nil {
		return invalidKey(c.host, err)
	}
	if !ValidWebhookID(id) || sharesPiece(id, k) {
		// Nothing that could be the key goes into a request's path.
		o := NewOutcome(Unexpected, c.host, false)
		o.Reason = ReasonBadID
		return o
	}
	// Not sent again on a fresh connection: the first may have reached
	// OnceHub, and a second would then say the webhook is gone.
	rep, o := c.send(ctx, http.MethodDelete, c.baseURL+"/webhooks/"+id, k, false)
	if rep == nil {
		return o
	}
	o = parseReply(rep.status, rep.header, refusalBody(rep), c.host, time.Now())
	switch {
	case rep.status == http.StatusNotFound && jsonObjectWithin(rep.body, webhookBodyCap):
		o.Kind, o.Reason = Gone, ReasonNone
	case rep.status == http.StatusOK:
		var done struct {
			Deleted *bool `json:"deleted"`
		}
		if !jsonObjectWithin(rep.body, webhookBodyCap) || json.Unmarshal(rep.body, &done) != nil || done.Deleted == nil || !*done.Deleted {
			o.Kind, o.Reason = Unexpected, ReasonOddReply
		} else {
			o.Kind, o.Reason = Works, ReasonNone
		}
	}
	return scrub(o, k)
}

// refusalBody is the body parseReply needs to tell OnceHub's refusals
// from others' (an HTML 403 is a filter's); a 200's is read by the caller.
func refusalBody(rep *reply) []byte {
	if rep.status == http.StatusOK {
		return nil
	}
	return rep.body
}

// send is exchange, tried again once on a fresh connection, when again is
// set, if a spare one turned out to be closed.
func (c *Client) send(ctx context.Context, method, target, key string, again bool) (*reply, Outcome) {
	if err := ctx.Err(); err != nil {
		return nil, c.failure(ctx, err, &attempt{})
	}
	rep, o, retry := c.exchange(ctx, method, target, key, webhookBodyCap)
	switch {
	case retry && again:
		rep, o, _ = c.exchange(ctx, method, target, key, webhookBodyCap)
	case retry:
		// The request may have been sent before the connection broke.
		o = c.unreachable(true, ReasonBroken)
	}
	if rep == nil {
		return nil, scrub(o, key)
	}
	return rep, o
}

// parseWebhookPage reads OnceHub's list object. Every text is made
// printable and capped, and blanked if it holds a piece of the key.
func parseWebhookPage(body []byte, key string) (WebhookPage, bool) {
	if !jsonObjectWithin(body, webhookBodyCap) {
		return WebhookPage{}, false
	}
	var list struct {
		Data []struct {
			ID       string          `json:"id"`
			Name     string          `json:"name"`
			URL      string          `json:"url"`
			Events   json.RawMessage `json:"events"`
			Creation string          `json:"creation_time"`
		} `json:"data"`
		HasMore *bool `json:"has_more"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if dec.Decode(&list) != nil || list.Data == nil || list.HasMore == nil {
		return WebhookPage{}, false
	}
	page := WebhookPage{HasMore: *list.HasMore, Webhooks: make([]Webhook, 0, len(list.Data))}
	for _, d := range list.Data {
		w := Webhook{
			ID:   cleanText(d.ID, maxWebhookID, key),
			Name: cleanText(d.Name, maxWebhookName, key),
			URL:  cleanText(d.URL, maxWebhookURL, key),
		}
		var events []string
		if len(d.Events) > 0 && json.Unmarshal(d.Events, &events) == nil {
			for _, e := range events {
				if e = cleanText(e, maxEventName, key); e != "" && len(w.Events) < maxEvents {
					w.Events = append(w.Events, e)
				}
			}
		}
		if t, err := time.Parse(time.RFC3339Nano, d.Creation); err == nil {
			w.Created = t
		}
		page.Webhooks = append(page.Webhooks, w)
	}
	return page, true
}

// cleanText keeps s to printable characters on one line, at most n bytes
// (cut at a character boundary), and "" if it holds a piece of key.
func cleanText(s string, n int, key string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == utf8.RuneError:
			return -1
		case unicode.IsSpace(r):
			return ' '
		case !unicode.IsPrint(r):
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if len(s) > n {
		cut := n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	if sharesPiece(s, key) {
		return ""
	}
	return s
}
