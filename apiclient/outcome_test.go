package apiclient

import (
	"strings"
	"testing"
	"time"
)

var allKinds = []Kind{Works, NotRecognised, NoAPIAccess, RateLimited, ServerTrouble, Unreachable, NotSecure, Unexpected, InvalidKey, Cancelled}

func TestKindNamesAreStable(t *testing.T) {
	want := []string{"works", "not-recognised", "no-api-access", "rate-limited", "server-trouble", "unreachable", "not-secure", "unexpected", "invalid-key", "cancelled"}
	for i, k := range allKinds {
		if int(k) != i {
			t.Errorf("%v has value %d, want %d", k, int(k), i)
		}
		if k.String() != want[i] {
			t.Errorf("Kind(%d).String() = %q, want %q", i, k.String(), want[i])
		}
		back, ok := ParseKind(want[i])
		if !ok || back != k {
			t.Errorf("ParseKind(%q) = %v, %v", want[i], back, ok)
		}
	}
	for _, s := range []string{"", "Works", "works ", "kind(42)", "unknown"} {
		if k, ok := ParseKind(s); ok {
			t.Errorf("ParseKind(%q) = %v, want not ok", s, k)
		}
	}
	if s := Kind(42).String(); s != "kind(42)" {
		t.Errorf("unknown kind prints as %q", s)
	}
}

func TestExitCodeAndRefused(t *testing.T) {
	for _, k := range allKinds {
		o := Outcome{Kind: k}
		wantCode, wantRefused := 2, false
		switch k {
		case Works:
			wantCode = 0
		case NotRecognised, NoAPIAccess:
			wantCode, wantRefused = 1, true
		}
		if o.ExitCode() != wantCode || o.Refused() != wantRefused {
			t.Errorf("%v: ExitCode %d Refused %v, want %d %v", k, o.ExitCode(), o.Refused(), wantCode, wantRefused)
		}
	}
}

func TestDetails(t *testing.T) {
	cases := []struct {
		o    Outcome
		want string
	}{
		{Outcome{}, ""},
		{Outcome{Status: 401}, "HTTP status 401"},
		{Outcome{RequestID: "req_123"}, "Request-Id req_123"},
		{Outcome{Status: 401, RequestID: "req_123"}, "HTTP status 401 · Request-Id req_123"},
		{Outcome{Cause: "timed out"}, "timed out"},
		{Outcome{Status: 302, RequestID: "req_9", Cause: "redirect not followed"}, "HTTP status 302 · Request-Id req_9 · redirect not followed"},
	}
	for _, tc := range cases {
		if got := tc.o.Details(); got != tc.want {
			t.Errorf("Details() = %q, want %q", got, tc.want)
		}
	}
}

// jargon are words a non-developer should not have to read in a summary
// or a next step; they belong in Details.
var jargon = []string{"HTTP", "http", "status", "401", "403", "429", "500", "TLS", "x509", "tls:", "dial", "tcp", "EOF", "header", "Request-Id", "nil", "error:"}

func TestNewOutcomeTexts(t *testing.T) {
	for _, k := range allKinds {
		for _, sent := range []bool{false, true} {
			o := NewOutcome(k, "", sent)
			if o.Kind != k {
				t.Fatalf("NewOutcome(%v).Kind = %v", k, o.Kind)
			}
			checkTexts(t, o)
			for _, s := range []string{o.Summary, o.NextStep, o.KeyFate} {
				for _, j := range jargon {
					if strings.Contains(s, j) {
						t.Errorf("%v: text %q has the jargon %q", k, s, j)
					}
				}
			}
			notSent := o.KeyFate == fateNotSent || o.KeyFate == "Your key was NOT sent."
			if o.KeySent == notSent {
				t.Errorf("%v sent=%v: KeySent %v but KeyFate %q", k, sent, o.KeySent, o.KeyFate)
			}
			if o.KeySent && !strings.Contains(o.KeyFate, "OnceHub (api.oncehub.com)") {
				t.Errorf("%v: KeyFate %q does not say where the key went", k, o.KeyFate)
			}
		}
	}
	if o := NewOutcome(NotSecure, "", true); o.KeySent || !strings.Contains(o.KeyFate, "NOT sent") {
		t.Errorf("NotSecure must say the key was not sent: %+v", o)
	}
	if o := NewOutcome(Works, "", true); o.NextStep != "" {
		t.Errorf("Works has a next step: %q", o.NextStep)
	}
	if o := NewOutcome(NotRecognised, "", true); !strings.Contains(o.Summary, "does not recognise") || !strings.Contains(o.NextStep, "Replace") {
		t.Errorf("NotRecognised texts miss the point: %+v", o)
	}
	if o := NewOutcome(NoAPIAccess, "", true); !strings.Contains(o.Summary, "plan") || !strings.Contains(o.Summary, "Enterprise") {
		t.Errorf("NoAPIAccess texts miss the plan: %+v", o)
	}
	o := NewOutcome(Unreachable, "127.0.0.1:8443", true)
	if !strings.Contains(o.KeyFate, "127.0.0.1:8443") || strings.Contains(o.KeyFate, "api.oncehub.com") {
		t.Errorf("KeyFate for another host = %q", o.KeyFate)
	}
	if o := worksFor("", "admin@example.com"); o.Summary != "Works: this key is valid for account admin@example.com." || o.Account != "admin@example.com" {
		t.Errorf("Works summary = %q", o.Summary)
	}
}

func TestRetryAfterWords(t *testing.T) {
	cases := []struct {
		d        time.Duration
		want     time.Duration
		wantStep string
	}{
		{0, time.Second, "Try again in 1 second."},
		{-time.Hour, time.Second, "Try again in 1 second."},
		{1500 * time.Millisecond, 2 * time.Second, "Try again in 2 seconds."},
		{45 * time.Second, 45 * time.Second, "Try again in 45 seconds."},
		{119 * time.Second, 119 * time.Second, "Try again in 119 seconds."},
		{150 * time.Second, 150 * time.Second, "Try again in 3 minutes."},
		{24 * time.Hour, maxRetryAfter, "Try again in 10 minutes."},
	}
	for _, tc := range cases {
		var o Outcome
		o.setRetryAfter(tc.d)
		if o.RetryAfter != tc.want || o.NextStep != tc.wantStep {
			t.Errorf("setRetryAfter(%v) = %v %q, want %v %q", tc.d, o.RetryAfter, o.NextStep, tc.want, tc.wantStep)
		}
	}
	if o := NewOutcome(RateLimited, "", true); o.RetryAfter != defaultRetryAfter || o.NextStep != "Try again in 60 seconds." {
		t.Errorf("default rate limit wait: %v %q", o.RetryAfter, o.NextStep)
	}
}

func TestInvalidKeyOutcome(t *testing.T) {
	_, err := NormalizeKey("abc")
	o := invalidKey("", err)
	if o.Kind != InvalidKey || o.KeySent || o.KeyFate != fateNotSent {
		t.Fatalf("invalidKey = %+v", o)
	}
	if o.Summary+" "+o.NextStep != err.Error() {
		t.Errorf("summary and next step %q + %q do not make up the refusal %q", o.Summary, o.NextStep, err.Error())
	}
	o = invalidKey("", &InputError{Problem: "Made elsewhere."})
	if o.Summary != "Made elsewhere." {
		t.Errorf("an InputError made elsewhere lost its text: %+v", o)
	}
}
