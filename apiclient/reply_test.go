package apiclient

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestParseReply(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	hdr := func(kv ...string) http.Header {
		h := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	cases := []struct {
		name    string
		status  int
		header  http.Header
		body    string
		kind    Kind
		account string
		retry   time.Duration
		reason  Reason
	}{
		{"works", 200, nil, `{"message": "The API key is valid for account: admin@example.com"}`, Works, "admin@example.com", 0, ReasonNone},
		{"works, trailing dot", 200, nil, `{"message":"The API key is valid for account: a.b@c.example."}`, Works, "a.b@c.example", 0, ReasonNone},
		{"works, other words", 200, nil, `{"message":"OK"}`, Works, "", 0, ReasonNone},
		{"works, not an address", 200, nil, `{"message":"valid for account: nobody"}`, Works, "", 0, ReasonNone},
		{"works, address with space", 200, nil, `{"message":"valid for account: a b@c.example"}`, Works, "", 0, ReasonNone},
		{"works, extra fields", 200, nil, `{"message":"valid for account: x@y.example","extra":[1,2]}`, Works, "x@y.example", 0, ReasonNone},
		{"200 message not a string", 200, nil, `{"message": 5}`, Unexpected, "", 0, ReasonOddReply},
		{"200 without message", 200, nil, `{"ok": true}`, Unexpected, "", 0, ReasonOddReply},
		{"200 HTML", 200, hdr("Content-Type", "text/html"), `<html><body>Welcome to the hotel Wi-Fi</body></html>`, Unexpected, "", 0, ReasonOddReply},
		{"200 empty", 200, nil, ``, Unexpected, "", 0, ReasonOddReply},
		{"200 invalid JSON", 200, nil, `{"message": "The API key is valid for account: a@b.example"`, Unexpected, "", 0, ReasonOddReply},
		{"200 JSON array", 200, nil, `[{"message": "valid for account: a@b.example"}]`, Unexpected, "", 0, ReasonOddReply},
		{"200 JSON string", 200, nil, `"valid for account: a@b.example"`, Unexpected, "", 0, ReasonOddReply},
		{"200 binary", 200, nil, "\x00\xff\xfe{\x01", Unexpected, "", 0, ReasonOddReply},
		{"200 too big", 200, nil, `{"message":"valid for account: a@b.example","pad":"` + strings.Repeat("x", bodyCap) + `"}`, Unexpected, "", 0, ReasonOddReply},
		{"401", 401, nil, `{"type": "authentication_error", "message": "Invalid API key."}`, NotRecognised, "", 0, ReasonNone},
		{"401 HTML", 401, nil, `<h1>no</h1>`, NotRecognised, "", 0, ReasonNone},
		{"403", 403, nil, `{"type":"authentication_error","message":"Your account plan does not support API access."}`, NoAPIAccess, "", 0, ReasonNone},
		{"403 empty", 403, nil, ``, NoAPIAccess, "", 0, ReasonNone},
		{"403 HTML from a filter", 403, nil, `<html>Blocked by policy</html>`, Unexpected, "", 0, ReasonNotAPI},
		{"429 seconds", 429, hdr("Retry-After", "30"), `{"type":"rate_limit_error","message":"Request rate limit exceeded"}`, RateLimited, "", 30 * time.Second, ReasonNone},
		{"429 missing", 429, nil, `{"type":"rate_limit_error","message":"Request rate limit exceeded"}`, RateLimited, "", defaultRetryAfter, ReasonNone},
		{"429 date", 429, hdr("Retry-After", now.Add(90*time.Second).Format(http.TimeFormat)), ``, RateLimited, "", 90 * time.Second, ReasonNone},
		{"429 date against reply's Date", 429, hdr("Retry-After", now.Add(time.Hour+20*time.Second).Format(http.TimeFormat), "Date", now.Add(time.Hour).Format(http.TimeFormat)), ``, RateLimited, "", 20 * time.Second, ReasonNone},
		{"429 date passed", 429, hdr("Retry-After", now.Add(-time.Minute).Format(http.TimeFormat)), ``, RateLimited, "", minRetryAfter, ReasonNone},
		{"429 zero", 429, hdr("Retry-After", "0"), ``, RateLimited, "", minRetryAfter, ReasonNone},
		{"429 huge", 429, hdr("Retry-After", "99999999999999999999999"), ``, RateLimited, "", maxRetryAfter, ReasonNone},
		{"429 negative", 429, hdr("Retry-After", "-5"), ``, RateLimited, "", defaultRetryAfter, ReasonNone},
		{"429 garbage", 429, hdr("Retry-After", "soon"), ``, RateLimited, "", defaultRetryAfter, ReasonNone},
		{"500", 500, nil, `{"type":"api_error","message":"Internal error"}`, ServerTrouble, "", 0, ReasonNone},
		{"503 HTML", 503, nil, `<html>down</html>`, ServerTrouble, "", 0, ReasonNone},
		{"302", 302, hdr("Location", "https://elsewhere.example/"), ``, Unexpected, "", 0, ReasonRedirect},
		{"404", 404, nil, `{"type":"invalid_request_error","message":"Not found"}`, Unexpected, "", 0, ReasonOddStatus},
		{"204", 204, nil, ``, Unexpected, "", 0, ReasonOddStatus},
		{"407", 407, nil, ``, Unexpected, "", 0, ReasonOddStatus},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.header
			if h == nil {
				h = http.Header{}
			}
			h.Set("Request-Id", "req_1234567890abcdef")
			o := parseReply(tc.status, h, []byte(tc.body), defaultHost, now)
			if o.Kind != tc.kind || o.Reason != tc.reason {
				t.Fatalf("kind %v (%v), want %v (%v): %+v", o.Kind, o.Reason, tc.kind, tc.reason, o)
			}
			if o.Account != tc.account {
				t.Errorf("account %q, want %q", o.Account, tc.account)
			}
			if tc.kind == RateLimited && o.RetryAfter != tc.retry {
				t.Errorf("RetryAfter %v, want %v", o.RetryAfter, tc.retry)
			}
			if o.Status != tc.status || o.RequestID != "req_1234567890abcdef" {
				t.Errorf("Status %d RequestID %q", o.Status, o.RequestID)
			}
			if !o.KeySent {
				t.Errorf("an answer came, so the key was sent")
			}
			if o.Host != defaultHost {
				t.Errorf("Host %q", o.Host)
			}
			checkFacts(t, o)
		})
	}
}

func TestCleanRequestID(t *testing.T) {
	cases := map[string]string{
		"req_1234567890abcdef":    "req_1234567890abcdef",
		"  req_1 \t":              "req_1",
		"req\x00_\x1b[31m1\r\n2":  "req_[31m12",
		"réq_1":                   "rq_1",
		strings.Repeat("a", 1000): strings.Repeat("a", maxRequestIDLen),
		"":                        "",
		"\u202ereq_1\u200b":       "req_1",
	}
	for in, want := range cases {
		if got := cleanRequestID(in); got != want {
			t.Errorf("cleanRequestID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAccountFrom(t *testing.T) {
	cases := map[string]string{
		"The API key is valid for account: admin@example.com": "admin@example.com",
		"valid for ACCOUNT:admin@example.com":                 "admin@example.com",
		"account: ünïcode@例え.jp":                              "ünïcode@例え.jp",
		"account: @example.com":                               "",
		"account: admin@":                                     "",
		"account: <admin@example.com>":                        "",
		"account: admin@example.com\x00":                      "",
		"account: admin@example.com and more":                 "",
		"account: " + strings.Repeat("a", 250) + "@b.example": "",
		"no colon here admin@example.com":                     "",
	}
	for in, want := range cases {
		if got := accountFrom(in); got != want {
			t.Errorf("accountFrom(%q) = %q, want %q", in, got, want)
		}
	}
}
