package apiclient

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// maxRequestIDLen caps the Request-Id kept: OnceHub's look like
// "req_1234567890abcdef"; a longer one is not worth showing in full.
const maxRequestIDLen = 100

// statusKind maps an HTTP status to the kind it means on its own.
func statusKind(status int) Kind {
	switch {
	case status == http.StatusOK:
		return Works
	case status == http.StatusUnauthorized:
		return NotRecognised
	case status == http.StatusForbidden:
		return NoAPIAccess
	case status == http.StatusTooManyRequests:
		return RateLimited
	case status >= 500 && status <= 599:
		return ServerTrouble
	default:
		return Unexpected
	}
}

// parseReply turns OnceHub's answer into an Outcome. body is at most
// bodyCap+1 bytes (more means it was cut). Of the body, only the account
// e-mail is ever kept.
func parseReply(status int, header http.Header, body []byte, host string, now time.Time) Outcome {
	kind := statusKind(status)
	o := NewOutcome(kind, host, true)
	switch kind {
	case Works:
		msg, ok := replyMessage(body)
		if !ok {
			// A 200 without OnceHub's message is not proof the key works:
			// it could come from a captive portal or a misconfigured proxy.
			o = NewOutcome(Unexpected, host, true)
			o.Reason = ReasonOddReply
		} else {
			o.Account = accountFrom(msg)
		}
	case NoAPIAccess:
		if len(bytes.TrimSpace(body)) > 0 && !isJSONObject(body) {
			// OnceHub's 403 is a JSON error. A 403 page in HTML or
			// the like is a firewall's or filter's, not a plan problem.
			o = NewOutcome(Unexpected, host, true)
			o.Reason = ReasonNotAPI
		}
	case RateLimited:
		o.setRetryAfter(retryAfter(header, now))
	case Unexpected:
		if status >= 300 && status <= 399 {
			o.Reason = ReasonRedirect
		} else {
			o.Reason = ReasonOddStatus
		}
	}
	o.Status = status
	o.RequestID = cleanRequestID(header.Get("Request-Id"))
	return o
}

// replyMessage returns the "message" of a 200 reply; ok is false unless the
// body is a JSON object whose message is a string.
func replyMessage(body []byte) (msg string, ok bool) {
	if len(body) > bodyCap {
		return "", false
	}
	var reply struct {
		Message *string `json:"message"`
	}
	if !isJSONObject(body) || json.Unmarshal(body, &reply) != nil || reply.Message == nil {
		return "", false
	}
	return *reply.Message, true
}

func isJSONObject(body []byte) bool { return jsonObjectWithin(body, bodyCap) }

// jsonObjectWithin reports whether body is one JSON object of at most
// capBytes bytes.
func jsonObjectWithin(body []byte, capBytes int) bool {
	b := bytes.TrimSpace(body)
	return len(b) > 0 && b[0] == '{' && len(body) <= capBytes && json.Valid(b)
}

// maxAccountLen is the longest e-mail address the standards allow.
const maxAccountLen = 254

// accountFrom takes the account e-mail from OnceHub's message, which reads
// "The API key is valid for account: admin@example.com". It returns "" for
// anything that does not look like one e-mail address.
func accountFrom(msg string) string {
	i := strings.LastIndex(strings.ToLower(msg), "account:")
	if i < 0 {
		return ""
	}
	a := strings.TrimFunc(msg[i+len("account:"):], unicode.IsSpace)
	a = strings.TrimSuffix(a, ".")
	at := strings.LastIndexByte(a, '@')
	if at <= 0 || at == len(a)-1 || !utf8.ValidString(a) || utf8.RuneCountInString(a) > maxAccountLen {
		return ""
	}
	for _, r := range a {
		// U+FFFD stands for bytes that were not valid text: a mangled address.
		if !unicode.IsPrint(r) || unicode.IsSpace(r) || r == utf8.RuneError || strings.ContainsRune(`<>()[]\,;:"`, r) {
			return ""
		}
	}
	return a
}

// retryAfter reads Retry-After, in seconds or as an HTTP date. A date is
// measured against the reply's own Date header when there is one, so a
// wrong clock on this computer does not matter. The result is clamped later.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return defaultRetryAfter
	}
	if isDigits(v) {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter
		}
		return time.Duration(n) * time.Second
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return defaultRetryAfter
	}
	if date, err := http.ParseTime(h.Get("Date")); err == nil {
		now = date
	}
	return at.Sub(now)
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// cleanRequestID keeps the printable ASCII of a Request-Id, capped in length,
// so that it is safe to show and to copy.
func cleanRequestID(id string) string {
	id = strings.Map(func(r rune) rune {
		if r > 0x20 && r < 0x7f {
			return r
		}
		return -1
	}, id)
	if len(id) > maxRequestIDLen {
		id = id[:maxRequestIDLen]
	}
	return id
}
