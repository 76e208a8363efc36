package apiclient

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var allKinds = []Kind{Works, NotRecognised, NoAPIAccess, RateLimited, ServerTrouble, Unreachable, NotSecure, Unexpected, InvalidKey, Cancelled, Gone}

func TestKindNamesAreStable(t *testing.T) {
	want := []string{"works", "not-recognised", "no-api-access", "rate-limited", "server-trouble", "unreachable", "not-secure", "unexpected", "invalid-key", "cancelled", "gone"}
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
		case Works, Gone:
			wantCode = 0
		case NotRecognised, NoAPIAccess:
			wantCode, wantRefused = 1, true
		}
		if o.ExitCode() != wantCode || o.Refused() != wantRefused {
			t.Errorf("%v: ExitCode %d Refused %v, want %d %v", k, o.ExitCode(), o.Refused(), wantCode, wantRefused)
		}
	}
}

// Reasons and input problems are named in logs and by the words package's
// tests; their names must be distinct and never the fallback form.
func TestReasonAndInputNames(t *testing.T) {
	seen := map[string]bool{}
	for r := ReasonNone; r <= ReasonBadID; r++ {
		name := r.String()
		if name == "" || strings.HasPrefix(name, "reason(") || seen[name] {
			t.Errorf("Reason(%d) is named %q", int(r), name)
		}
		seen[name] = true
	}
	if s := (ReasonBadID + 1).String(); s != "reason(23)" {
		t.Errorf("an unknown reason prints as %q", s)
	}
	if s := Reason(-1).String(); s != "reason(-1)" {
		t.Errorf("a negative reason prints as %q", s)
	}
	seen = map[string]bool{}
	for p := InputOK; p <= InputTooLong; p++ {
		name := p.String()
		if name == "" || strings.HasPrefix(name, "input(") || seen[name] {
			t.Errorf("InputProblem(%d) is named %q", int(p), name)
		}
		seen[name] = true
		if got := (&InputError{Problem: p}).Error(); got != "not a usable key: "+name {
			t.Errorf("InputError{%v}.Error() = %q", p, got)
		}
	}
	if s := InputProblem(99).String(); s != "input(99)" {
		t.Errorf("an unknown input problem prints as %q", s)
	}
}

func TestConfigErrorText(t *testing.T) {
	seen := map[string]bool{}
	for p := ConfigNotURL; p <= ConfigBadProxy; p++ {
		got := (&ConfigError{Problem: p}).Error()
		if !strings.HasPrefix(got, "API base URL: ") || strings.HasSuffix(got, ": ") || seen[got] {
			t.Errorf("ConfigError{%d}.Error() = %q", int(p), got)
		}
		seen[got] = true
	}
	if got := (&ConfigError{ConfigBadProxy, "HTTPS_PROXY"}).Error(); got != "HTTPS_PROXY: bad proxy address" {
		t.Errorf("a named setting: %q", got)
	}
	for _, p := range []ConfigProblem{0, ConfigBadProxy + 1, -1} {
		if got := (&ConfigError{Problem: p}).Error(); got != "API base URL: " {
			t.Errorf("ConfigError{%d}.Error() = %q", int(p), got)
		}
	}
}

func TestNewOutcomeFacts(t *testing.T) {
	for _, k := range allKinds {
		for _, sent := range []bool{false, true} {
			for _, host := range []string{"", defaultHost, "127.0.0.1:8443"} {
				o := NewOutcome(k, host, sent)
				if o.Kind != k {
					t.Fatalf("NewOutcome(%v).Kind = %v", k, o.Kind)
				}
				wantHost := host
				if host == "" {
					wantHost = defaultHost
				}
				if o.Host != wantHost || o.OnceHubHost() != (wantHost == defaultHost) {
					t.Errorf("%v on %q: Host %q, OnceHubHost %v", k, host, o.Host, o.OnceHubHost())
				}
				// Neither a refused connection nor a refused text can have carried the key.
				wantSent := sent && k != NotSecure && k != InvalidKey
				if o.KeySent != wantSent {
					t.Errorf("%v sent=%v: KeySent %v", k, sent, o.KeySent)
				}
				if o.Reason != ReasonNone || o.Status != 0 || o.RequestID != "" || o.Account != "" {
					t.Errorf("%v: NewOutcome invents facts: %+v", k, o)
				}
				wantRetry := time.Duration(0)
				if k == RateLimited {
					wantRetry = defaultRetryAfter
				}
				if o.RetryAfter != wantRetry {
					t.Errorf("%v: RetryAfter %v", k, o.RetryAfter)
				}
			}
		}
	}
	if (Outcome{}).OnceHubHost() != true {
		t.Error("an Outcome without a host is not OnceHub's")
	}
}

func TestRetryAfterClamped(t *testing.T) {
	cases := []struct {
		d, want time.Duration
	}{
		{0, time.Second},
		{-time.Hour, time.Second},
		{1500 * time.Millisecond, 2 * time.Second},
		{45 * time.Second, 45 * time.Second},
		{119 * time.Second, 119 * time.Second},
		{150 * time.Second, 150 * time.Second},
		{24 * time.Hour, maxRetryAfter},
	}
	for _, tc := range cases {
		var o Outcome
		o.setRetryAfter(tc.d)
		if o.RetryAfter != tc.want {
			t.Errorf("setRetryAfter(%v) = %v, want %v", tc.d, o.RetryAfter, tc.want)
		}
	}
}

func TestInvalidKeyOutcome(t *testing.T) {
	_, err := NormalizeKey("abc")
	o := invalidKey("", err)
	if o.Kind != InvalidKey || o.KeySent || o.Input != InputTooShort || o.InputLen != 3 {
		t.Fatalf("invalidKey = %+v", o)
	}
	checkFacts(t, o)
	if o := invalidKey("", &InputError{Problem: InputSpace}); o.Input != InputSpace {
		t.Errorf("an InputError made elsewhere lost its problem: %+v", o)
	}
	// Not an InputError: still a refusal, with no problem the words could name.
	if o := invalidKey("", errors.New("other")); o.Kind != InvalidKey || o.KeySent || o.Input != InputOK {
		t.Errorf("a foreign error: %+v", o)
	}
}
