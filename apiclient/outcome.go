// Package apiclient checks a OnceHub API key against OnceHub's API over a
// strict HTTPS connection, and describes the result in plain words for
// people who do not read HTTP status codes.
//
// The key is only ever sent in the API-Key header of one GET request to the
// configured API host. It never appears in errors, outcomes or logs.
package apiclient

import (
	"strconv"
	"strings"
	"time"
)

// DefaultBaseURL is OnceHub's API base. Version 1 is deprecated and not offered.
const DefaultBaseURL = "https://api.oncehub.com/v2"

// KeysPageURL is where admins view, copy and regenerate their API keys.
const KeysPageURL = "https://app.oncehub.com/integrations/api"

// Kind is the class of result of a key test.
type Kind int

// The kinds of result. Their String forms are stored in metadata files, so
// they must never change; new kinds go at the end.
const (
	Works         Kind = iota // OnceHub accepted the key (200).
	NotRecognised             // OnceHub does not know the key (401).
	NoAPIAccess               // The key is right but the plan has no API access (403).
	RateLimited               // Too many tests just now (429).
	ServerTrouble             // OnceHub has a problem on its side (5xx).
	Unreachable               // No answer: DNS, refused, reset, timeout, offline.
	NotSecure                 // The TLS connection could not be trusted; the key was not sent.
	Unexpected                // A redirect, an odd reply, another status or an unreadable 200.
	InvalidKey                // NormalizeKey refused the text; nothing was sent.
	Cancelled                 // The caller cancelled the test.
)

var kindNames = [...]string{
	Works:         "works",
	NotRecognised: "not-recognised",
	NoAPIAccess:   "no-api-access",
	RateLimited:   "rate-limited",
	ServerTrouble: "server-trouble",
	Unreachable:   "unreachable",
	NotSecure:     "not-secure",
	Unexpected:    "unexpected",
	InvalidKey:    "invalid-key",
	Cancelled:     "cancelled",
}

// String returns the kind's stable identifier, such as "not-recognised".
func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// ParseKind is the inverse of Kind.String.
func ParseKind(s string) (Kind, bool) {
	for k, name := range kindNames {
		if s == name {
			return Kind(k), true
		}
	}
	return 0, false
}

// Outcome is the result of one key test, with the plain-words texts the
// window and the command line show.
type Outcome struct {
	Kind Kind

	// Account is the account e-mail from OnceHub's 200 message, or "".
	Account string

	// RetryAfter is how long to wait before testing again (RateLimited only).
	RetryAfter time.Duration

	// Status is the HTTP status, or 0 when no answer came.
	Status int

	// RequestID is the Request-Id header OnceHub support asks for, made
	// printable and capped in length.
	RequestID string

	// KeySent reports whether the key may have left this computer: true
	// once a secure connection to the API host was ready to carry it.
	KeySent bool

	// Summary says what happened, in one or two plain sentences.
	Summary string

	// KeyFate says in plain words whether the key left this computer.
	KeyFate string

	// NextStep says what to do, in plain words. It is empty for Works.
	NextStep string

	// Cause is a short technical note for Details (such as "timed out"),
	// or "". It is written by this package, never copied from an error.
	Cause string
}

// Refused reports whether OnceHub answered and refused the key.
func (o Outcome) Refused() bool {
	return o.Kind == NotRecognised || o.Kind == NoAPIAccess
}

// ExitCode is the command line's exit status: 0 works, 1 refused by
// OnceHub, 2 anything else.
func (o Outcome) ExitCode() int {
	switch {
	case o.Kind == Works:
		return 0
	case o.Refused():
		return 1
	default:
		return 2
	}
}

// Details returns the technical facts for support, such as
// "HTTP status 401 · Request-Id req_123". Missing parts are left out.
func (o Outcome) Details() string {
	var parts []string
	if o.Status != 0 {
		parts = append(parts, "HTTP status "+strconv.Itoa(o.Status))
	}
	if o.RequestID != "" {
		parts = append(parts, "Request-Id "+o.RequestID)
	}
	if o.Cause != "" {
		parts = append(parts, o.Cause)
	}
	return strings.Join(parts, " · ")
}

// Default and bounds for RetryAfter. The bounds keep a strange header from
// disabling Test for a day or from inviting a tight retry loop.
const (
	defaultRetryAfter = 60 * time.Second
	minRetryAfter     = 1 * time.Second
	maxRetryAfter     = 10 * time.Minute
)

// Texts shared by several outcomes.
const (
	fateNotSent  = "Your key was not sent."
	nextNetwork  = "Check this computer's internet connection, then try again. If other websites work, a firewall or proxy may be blocking OnceHub: ask your IT team."
	nextTryLater = "Try again in a few minutes. If this keeps happening, give the details to OnceHub support or your IT team."
)

// hostPhrase names the API host for KeyFate texts.
func hostPhrase(host string) string {
	if host == defaultHost {
		return "OnceHub (" + host + ")"
	}
	return host + ", the OnceHub address set on this computer"
}

func fateSentTo(host string) string {
	return "Your key was sent only to " + hostPhrase(host) + "."
}

func fateMaybeArrived(host string) string {
	return "Your key may have reached " + hostPhrase(host) + ", but no answer came back. It was not sent anywhere else."
}

// NewOutcome returns an Outcome of kind k with its standard texts, as if the
// test went to host (an API host such as "api.oncehub.com"; "" means the
// default). sent says whether the key may have left this computer.
// It lets other parts of the program show or rebuild an outcome, for example
// from a stored kind, with the same words the client uses.
func NewOutcome(k Kind, host string, sent bool) Outcome {
	if host == "" {
		host = defaultHost
	}
	o := Outcome{Kind: k, KeySent: sent}
	if sent {
		o.KeyFate = fateSentTo(host)
	} else {
		o.KeyFate = fateNotSent
	}
	switch k {
	case Works:
		o.Summary = "Works: OnceHub accepted this key."
	case NotRecognised:
		o.Summary = "OnceHub does not recognise this key. It may have been regenerated, which makes the old key stop working at once."
		o.NextStep = "Open OnceHub's API page, copy the current key, and use Replace to save it here."
	case NoAPIAccess:
		o.Summary = "The key is right, but this OnceHub account's plan does not include API access (the Enterprise plan is needed)."
		o.NextStep = "Ask the owner of the OnceHub account about the plan. The key will work as it is once the plan includes API access."
	case RateLimited:
		o.Summary = "OnceHub says there have been too many tests just now."
		o.setRetryAfter(defaultRetryAfter)
	case ServerTrouble:
		o.Summary = "OnceHub has a problem on its side right now. This says nothing about your key."
		o.NextStep = nextTryLater
	case Unreachable:
		o.Summary = "Could not reach OnceHub."
		o.NextStep = nextNetwork
		if sent {
			o.KeyFate = fateMaybeArrived(host)
		}
	case NotSecure:
		o.Summary = "The connection to OnceHub was not secure: there was a problem with its certificate or encryption. This can happen on a network that inspects traffic, such as some office, hotel or public Wi-Fi networks."
		o.KeyFate = "Your key was NOT sent."
		o.KeySent = false
		o.NextStep = "Try another network, or ask your IT team whether this network inspects secure connections."
	case Unexpected:
		o.Summary = "OnceHub gave an answer OnceKey did not expect."
		if sent {
			o.KeyFate = "Your key was sent only to " + hostPhrase(host) + ", and not on to anywhere else."
		}
		o.NextStep = nextTryLater
	case InvalidKey:
		o.Summary = "This is not a usable key."
		o.KeyFate = fateNotSent
		o.KeySent = false
		o.NextStep = copyAgain
	case Cancelled:
		o.Summary = "The test was cancelled."
		if sent {
			o.KeyFate = "Your key may have reached " + hostPhrase(host) + " before the test was cancelled. It was not sent anywhere else."
		}
		o.NextStep = "Start the test again when you are ready."
	default:
		o.Summary = "Something unexpected happened."
		o.NextStep = nextTryLater
	}
	return o
}

// setRetryAfter clamps d and puts it into RetryAfter and NextStep.
func (o *Outcome) setRetryAfter(d time.Duration) {
	d = min(max(d, minRetryAfter), maxRetryAfter).Round(time.Second)
	o.RetryAfter = d
	o.NextStep = "Try again in " + waitWords(d) + "."
}

// waitWords writes a wait in plain words: "1 second", "45 seconds", "3 minutes".
func waitWords(d time.Duration) string {
	if d < 2*time.Minute {
		n := int((d + time.Second - 1) / time.Second)
		if n == 1 {
			return "1 second"
		}
		return strconv.Itoa(n) + " seconds"
	}
	n := int((d + time.Minute - 1) / time.Minute)
	return strconv.Itoa(n) + " minutes"
}

// worksFor returns the Works outcome for an account e-mail ("" if unknown).
func worksFor(host, account string) Outcome {
	o := NewOutcome(Works, host, true)
	o.Account = account
	if account != "" {
		o.Summary = "Works: this key is valid for account " + account + "."
	}
	return o
}

// invalidKey returns the InvalidKey outcome for a refusal from NormalizeKey.
func invalidKey(host string, err error) Outcome {
	o := NewOutcome(InvalidKey, host, false)
	if ie, ok := err.(*InputError); ok {
		if ie.what != "" {
			o.Summary, o.NextStep = ie.what, ie.next
		} else if ie.Problem != "" {
			o.Summary, o.NextStep = ie.Problem, ""
		}
	}
	return o
}
