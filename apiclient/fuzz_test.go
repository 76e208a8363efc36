package apiclient

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// refusalTexts are the only texts a refusal's Error() may have, one per
// problem. A refusal whose text is one of them cannot carry the input.
func refusalTexts() map[string]bool {
	set := map[string]bool{}
	for p := InputEmpty; p <= InputTooLong; p++ {
		set[(&InputError{Problem: p}).Error()] = true
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
	texts := refusalTexts()
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
		if !errors.As(err, &ie) {
			t.Fatalf("error %T, want *InputError", err)
		}
		if ie.Problem < InputEmpty || ie.Problem > InputTooLong {
			t.Fatalf("refused with problem %d", int(ie.Problem))
		}
		// Only a too-short text's length is kept: it is the one fact the
		// words need, and says nothing else about the text.
		if ie.Problem == InputTooShort {
			if ie.Len < 1 || ie.Len >= MinKeyLen {
				t.Fatalf("too short, with length %d", ie.Len)
			}
		} else if ie.Len != 0 {
			t.Fatalf("%v with length %d", ie.Problem, ie.Len)
		}
		if !texts[err.Error()] {
			t.Fatalf("Error() %q is not one of the fixed texts", err.Error())
		}
	})
}

// replyReasons are the reasons parseReply may give each kind; any other
// kind must have none.
var replyReasons = map[Kind]map[Reason]bool{
	Unexpected: {ReasonOddReply: true, ReasonNotAPI: true, ReasonRedirect: true, ReasonOddStatus: true},
}

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
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, status int, retry, reqID string, body []byte) {
		if status < 100 || status > 999 {
			status = 100 + (status%900+900)%900
		}
		h := http.Header{}
		h["Retry-After"] = []string{retry}
		h["Request-Id"] = []string{reqID}
		o := parseReply(status, h, body, defaultHost, now)

		if o.Status != status || !o.KeySent || o.Host != defaultHost {
			t.Fatalf("status %d sent %v host %q", o.Status, o.KeySent, o.Host)
		}
		if want := statusKind(status); o.Kind != want && !(o.Kind == Unexpected && (want == Works || want == NoAPIAccess)) {
			t.Fatalf("status %d gave %v", status, o.Kind)
		}
		if (o.Reason != ReasonNone || o.Kind == Unexpected) && !replyReasons[o.Kind][o.Reason] {
			t.Fatalf("%v with reason %v", o.Kind, o.Reason)
		}
		// An answer never carries facts of a refused text or a failed handshake.
		if o.Input != InputOK || o.InputLen != 0 || o.TLSAlert != "" {
			t.Fatalf("facts of another kind: %+v", o)
		}
		if o.Kind == RateLimited {
			if o.RetryAfter < minRetryAfter || o.RetryAfter > maxRetryAfter || o.RetryAfter%time.Second != 0 {
				t.Fatalf("wait %v", o.RetryAfter)
			}
		} else if o.RetryAfter != 0 {
			t.Fatalf("%v with a wait of %v", o.Kind, o.RetryAfter)
		}
		if o.Account != "" {
			msg, _ := replyMessage(body)
			if o.Kind != Works || !strings.Contains(msg, o.Account) || !strings.Contains(o.Account, "@") ||
				utf8.RuneCountInString(o.Account) > maxAccountLen || strings.IndexFunc(o.Account, unicode.IsSpace) >= 0 {
				t.Fatalf("account %q", o.Account)
			}
		}
		if len(o.RequestID) > maxRequestIDLen || strings.IndexFunc(o.RequestID, func(r rune) bool { return r < 0x21 || r > 0x7e }) >= 0 {
			t.Fatalf("request id %q", o.RequestID)
		}
	})
}
