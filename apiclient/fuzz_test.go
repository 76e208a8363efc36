package apiclient

import (
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

var digits = regexp.MustCompile(`[0-9]+`)

// refusalTemplates are NormalizeKey's messages with numbers blanked out.
// Any refusal must be one of them, which proves the message depends on the
// input only through a count.
func refusalTemplates() map[string]bool {
	seeds := []string{"", `""`, "a b c d e f g h", "abcd\nefgh", "abcdefgh\nijklmnop", "abcdefgh\x00", "a", strings.Repeat("a", 600), `"abcdefgh`}
	set := map[string]bool{}
	for _, s := range seeds {
		if _, err := NormalizeKey(s); err != nil {
			set[digits.ReplaceAllString(err.Error(), "N")] = true
		}
	}
	return set
}

func FuzzNormalizeKey(f *testing.F) {
	for _, s := range []string{
		"", " ", "abcd1234", "  'abcd1234'  ", "“abcd1234”", `"abcd1234'`, "abcd 1234", "abcd\t1234",
		"abcd1234\nefgh5678", "abcd\r\n1234", "abcd1234\x00", "abcdé1234", "abcd\u200b1234", "🔑🔑🔑🔑🔑🔑🔑🔑",
		strings.Repeat("k", 512), strings.Repeat("k", 513), "abc1234", "\"\"", "`abcd1234`", "\xff\xfe\xfd",
	} {
		f.Add(s)
	}
	templates := refusalTemplates()
	f.Fuzz(func(t *testing.T, raw string) {
		key, err := NormalizeKey(raw)
		if err == nil {
			if len(key) < MinKeyLen || len(key) > MaxKeyLen {
				t.Fatalf("accepted a key of %d characters", len(key))
			}
			for i := 0; i < len(key); i++ {
				if key[i] < 0x21 || key[i] > 0x7e {
					t.Fatalf("accepted byte %#x at %d", key[i], i)
				}
			}
			if !strings.Contains(raw, key) {
				t.Fatalf("the key is not part of the input")
			}
			return
		}
		if key != "" {
			t.Fatalf("a key came with an error")
		}
		var ie *InputError
		if !errors.As(err, &ie) || ie.Problem == "" || err.Error() != ie.Problem {
			t.Fatalf("error %T %q", err, err)
		}
		msg := err.Error()
		if !templates[digits.ReplaceAllString(msg, "N")] {
			t.Fatalf("message %q is not one of the fixed texts", msg)
		}
		candidate := strings.TrimFunc(raw, unicode.IsSpace)
		if len(candidate) >= MinKeyLen && strings.Contains(msg, candidate) {
			fixed := false
			for tmpl := range templates {
				fixed = fixed || strings.Contains(tmpl, candidate)
			}
			if !fixed {
				t.Fatalf("message repeats the input")
			}
		}
	})
}

// replyTexts are every text parseReply may put into Summary, KeyFate,
// NextStep and Cause, apart from the account and the wait.
func replyTexts() map[string]bool {
	set := map[string]bool{"": true}
	for k := Works; k <= Cancelled; k++ {
		o := NewOutcome(k, defaultHost, true)
		set[o.Summary], set[o.KeyFate], set[o.NextStep] = true, true, true
	}
	for _, s := range []string{sumRedirect, sumNotAPI, sumOddReply, "unreadable reply", "refused by something other than OnceHub", "redirect not followed", "unexpected status"} {
		set[s] = true
	}
	return set
}

var waitText = regexp.MustCompile(`^Try again in [0-9]+ (second|seconds|minutes)\.$`)

func FuzzParseReply(f *testing.F) {
	f.Add(200, "", "req_1234567890abcdef", []byte(`{"message": "The API key is valid for account: admin@example.com"}`))
	f.Add(200, "", "", []byte(`{"message": "OK"}`))
	f.Add(200, "", "", []byte(`<html>portal</html>`))
	f.Add(200, "", "", []byte(`[1,2]`))
	f.Add(200, "", "", []byte{0, 1, 2, 0xff})
	f.Add(401, "", "req_x", []byte(`{"type": "authentication_error", "message": "Invalid API key."}`))
	f.Add(403, "", "", []byte(`{"type":"authentication_error","message":"plan"}`))
	f.Add(403, "", "", []byte(`<h1>blocked</h1>`))
	f.Add(429, "30", "", []byte(`{"type": "rate_limit_error", "message": "Request rate limit exceeded"}`))
	f.Add(429, "Wed, 21 Oct 2015 07:28:00 GMT", "", []byte(``))
	f.Add(429, "-1", "", []byte(``))
	f.Add(503, "", "req_\x00\r\n", []byte(`{"type":"api_error"}`))
	f.Add(302, "", "", []byte(``))
	f.Add(999, "", "", []byte(`{"message":"account: a@b"}`))
	texts := replyTexts()
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, status int, retry, reqID string, body []byte) {
		if status < 100 || status > 999 {
			status = 100 + (status%900+900)%900
		}
		h := http.Header{}
		h["Retry-After"] = []string{retry}
		h["Request-Id"] = []string{reqID}
		o := parseReply(status, h, body, defaultHost, now)

		if o.Status != status || !o.KeySent {
			t.Fatalf("status %d sent %v", o.Status, o.KeySent)
		}
		if want := statusKind(status); o.Kind != want && !(o.Kind == Unexpected && (want == Works || want == NoAPIAccess)) {
			t.Fatalf("status %d gave %v", status, o.Kind)
		}
		if o.Summary == "" || o.KeyFate == "" || (o.NextStep == "" && o.Kind != Works) {
			t.Fatalf("missing text: %+v", o)
		}
		if o.Account != "" {
			msg, _ := replyMessage(body)
			if !strings.Contains(msg, o.Account) || !strings.Contains(o.Account, "@") ||
				utf8.RuneCountInString(o.Account) > maxAccountLen || strings.IndexFunc(o.Account, unicode.IsSpace) >= 0 {
				t.Fatalf("account %q", o.Account)
			}
		}
		summary := o.Summary
		if o.Kind == Works && o.Account != "" {
			if summary != "Works: this key is valid for account "+o.Account+"." {
				t.Fatalf("summary %q", summary)
			}
			summary = NewOutcome(Works, defaultHost, true).Summary
		}
		next := o.NextStep
		if o.Kind == RateLimited {
			if !waitText.MatchString(next) || o.RetryAfter < minRetryAfter || o.RetryAfter > maxRetryAfter {
				t.Fatalf("wait %v %q", o.RetryAfter, next)
			}
			next = ""
		}
		for _, s := range []string{summary, next, o.KeyFate, o.Cause} {
			if !texts[s] {
				t.Fatalf("text %q is not one of the fixed texts", s)
			}
		}
		if len(o.RequestID) > maxRequestIDLen || strings.IndexFunc(o.RequestID, func(r rune) bool { return r < 0x21 || r > 0x7e }) >= 0 {
			t.Fatalf("request id %q", o.RequestID)
		}
	})
}
