// Package apiclient checks a OnceHub API key against OnceHub's API over a
// strict HTTPS connection, and reports the result as a kind and its facts
// (status, Request-Id, account, whether the key was sent), from which the
// words package makes the plain words people read.
//
// The key is only ever sent in the API-Key header of one GET request to the
// configured API host. It never appears in errors, outcomes or logs.
package apiclient

import (
	"strconv"
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
	Gone                      // A webhook to delete was not there (404): deleted already.
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
	Gone:          "gone",
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

// Reason is the finer cause behind some kinds: which way a connection
// failed, which certificate problem, which odd reply. The words package
// turns it into sentences.
type Reason int

// The reasons. ReasonNone means the kind says it all.
const (
	ReasonNone             Reason = iota
	ReasonTimeout                 // no answer in time
	ReasonHandshakeTimeout        // no answer in time during the TLS handshake
	ReasonHandshakeClosed         // the connection closed during the TLS handshake
	ReasonNoName                  // the host name could not be looked up
	ReasonConnRefused             // the connection was refused
	ReasonBroken                  // the connection closed before a full answer
	ReasonProxy                   // the proxy could not be reached or refused the tunnel
	ReasonNetwork                 // another network error
	ReasonNoAnswer                // no answer, for no cause OnceKey can name
	ReasonUnreadable              // an answer came but could not be read
	ReasonOddReply                // a 200 without OnceHub's message
	ReasonOddStatus               // a status OnceHub does not document
	ReasonRedirect                // a redirect, never followed
	ReasonNotAPI                  // a refusal from something other than OnceHub (an HTML 403)
	ReasonCertUntrusted           // the certificate's authority is not trusted
	ReasonCertWrongName           // the certificate is for another name
	ReasonCertExpired             // the certificate expired or is not yet valid
	ReasonCertInvalid             // the certificate is not valid in another way
	ReasonNotTLS                  // the server did not answer in TLS
	ReasonTLSAlert                // the server refused the handshake; TLSAlert names its alert
	ReasonTLS                     // another TLS failure
	ReasonBadID                   // a webhook ID that is not one of OnceHub's; nothing was sent
)

var reasonNames = [...]string{
	ReasonNone:             "none",
	ReasonTimeout:          "timeout",
	ReasonHandshakeTimeout: "handshake-timeout",
	ReasonHandshakeClosed:  "handshake-closed",
	ReasonNoName:           "no-name",
	ReasonConnRefused:      "connection-refused",
	ReasonBroken:           "broken",
	ReasonProxy:            "proxy",
	ReasonNetwork:          "network",
	ReasonNoAnswer:         "no-answer",
	ReasonUnreadable:       "unreadable",
	ReasonOddReply:         "odd-reply",
	ReasonOddStatus:        "odd-status",
	ReasonRedirect:         "redirect",
	ReasonNotAPI:           "not-api",
	ReasonCertUntrusted:    "cert-untrusted",
	ReasonCertWrongName:    "cert-wrong-name",
	ReasonCertExpired:      "cert-expired",
	ReasonCertInvalid:      "cert-invalid",
	ReasonNotTLS:           "not-tls",
	ReasonTLSAlert:         "tls-alert",
	ReasonTLS:              "tls",
	ReasonBadID:            "bad-id",
}

// String returns the reason's stable identifier, such as "timeout".
func (r Reason) String() string {
	if r >= 0 && int(r) < len(reasonNames) {
		return reasonNames[r]
	}
	return "reason(" + strconv.Itoa(int(r)) + ")"
}

// Outcome is the result of one key test: its kind and the facts behind it.
// It holds no sentence for people; the words package makes those.
type Outcome struct {
	Kind   Kind
	Reason Reason

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

	// Host is the API host the test went to ("api.oncehub.com" for OnceHub).
	Host string

	// Input is why the text is not a usable key (InvalidKey only), and
	// InputLen its length in characters where that matters (too short).
	Input    InputProblem
	InputLen int

	// TLSAlert names the TLS alert a server sent (ReasonTLSAlert only),
	// such as "protocol version not supported": it tells IT what the
	// server disliked.
	TLSAlert string
}

// OnceHubHost reports whether the test went to OnceHub's own API host, not
// to another address set on this computer.
func (o Outcome) OnceHubHost() bool { return o.Host == "" || o.Host == defaultHost }

// Refused reports whether OnceHub answered and refused the key.
func (o Outcome) Refused() bool {
	return o.Kind == NotRecognised || o.Kind == NoAPIAccess
}

// ExitCode is the command line's exit status: 0 works (or, for a webhook
// to delete, gone already), 1 refused by OnceHub, 2 anything else.
func (o Outcome) ExitCode() int {
	switch {
	case o.Kind == Works || o.Kind == Gone:
		return 0
	case o.Refused():
		return 1
	default:
		return 2
	}
}

// Default and bounds for RetryAfter. The bounds keep a strange header from
// disabling Test for a day or from inviting a tight retry loop.
const (
	defaultRetryAfter = 60 * time.Second
	minRetryAfter     = 1 * time.Second
	maxRetryAfter     = 10 * time.Minute
)

// NewOutcome returns an Outcome of kind k, as if the test went to host (an
// API host such as "api.oncehub.com"; "" means the default). sent says
// whether the key may have left this computer. It lets other parts of the
// program rebuild an outcome, for example from a stored kind.
func NewOutcome(k Kind, host string, sent bool) Outcome {
	if host == "" {
		host = defaultHost
	}
	o := Outcome{Kind: k, KeySent: sent, Host: host}
	switch k {
	case NotSecure, InvalidKey:
		// Neither can have sent the key: the connection was refused
		// before it could carry it, or nothing was sent at all.
		o.KeySent = false
	case RateLimited:
		o.setRetryAfter(defaultRetryAfter)
	}
	return o
}

// setRetryAfter clamps d and puts it into RetryAfter.
func (o *Outcome) setRetryAfter(d time.Duration) {
	o.RetryAfter = min(max(d, minRetryAfter), maxRetryAfter).Round(time.Second)
}

// invalidKey returns the InvalidKey outcome for a refusal from NormalizeKey.
func invalidKey(host string, err error) Outcome {
	o := NewOutcome(InvalidKey, host, false)
	if ie, ok := err.(*InputError); ok {
		o.Input, o.InputLen = ie.Problem, ie.Len
	}
	return o
}
