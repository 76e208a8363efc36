package words

import (
	"errors"
	"strconv"
	"strings"

	"github.com/oncekey/oncekey/apiclient"
)

// Said is what OnceKey says about a test: what happened, whether the key
// left this computer, and what to do next ("" when nothing is needed).
type Said struct {
	Summary  string
	KeyFate  string
	NextStep string
}

// Texts shared by several outcomes.
const (
	fateNotSent  = "Your key was not sent."
	nextNetwork  = "Check this computer's internet connection, then try again. If other websites work, a firewall or proxy may be blocking OnceHub: ask your IT team."
	nextTryLater = "Try again in a few minutes. If this keeps happening, give the details to OnceHub support or your IT team."
	copyAgain    = "Copy the key again and paste only the key."
	pasteKey     = "Paste the key OnceHub showed you when you created it."
)

// hostPhrase names the API host a key went to.
func hostPhrase(o apiclient.Outcome) string {
	if o.OnceHubHost() {
		return "OnceHub (api.oncehub.com)"
	}
	return o.Host + ", the OnceHub address set on this computer"
}

// Outcome says what a test's outcome means, in the window's words.
func Outcome(o apiclient.Outcome) Said {
	s := Said{KeyFate: fateNotSent}
	if o.KeySent {
		s.KeyFate = "Your key was sent only to " + hostPhrase(o) + "."
	}
	switch o.Kind {
	case apiclient.Works:
		s.Summary = "Works: OnceHub accepted this key."
		if o.Account != "" {
			s.Summary = "Works: this key is valid for account " + o.Account + "."
		}
	case apiclient.NotRecognised:
		s.Summary = "OnceHub does not recognise this key. It may have been deleted (or regenerated) in OnceHub."
		s.NextStep = "OnceHub shows a key only once, so it cannot give this one back: create a new key in OnceHub, then use Rotate to save it here."
	case apiclient.NoAPIAccess:
		s.Summary = "The key is right, but this OnceHub account's plan does not include API access (the Enterprise plan is needed)."
		s.NextStep = "Ask the owner of the OnceHub account about the plan. The key will work as it is once the plan includes API access."
	case apiclient.RateLimited:
		s.Summary = "OnceHub says there have been too many tests just now."
		s.NextStep = "Try again in " + Wait(o.RetryAfter) + "."
	case apiclient.ServerTrouble:
		s.Summary = "OnceHub has a problem on its side right now. This says nothing about your key."
		s.NextStep = nextTryLater
	case apiclient.Unreachable:
		s.Summary, s.NextStep = unreachable(o.Reason)
		if o.KeySent {
			s.KeyFate = "Your key may have reached " + hostPhrase(o) + ", but no answer came back. It was not sent anywhere else."
		}
	case apiclient.NotSecure:
		s.Summary = "The connection to OnceHub was not secure: there was a problem with its certificate or encryption. This can happen on a network that inspects traffic, such as some office, hotel or public Wi-Fi networks."
		s.KeyFate = "Your key was NOT sent."
		s.NextStep = "Try another network, or ask your IT team whether this network inspects secure connections."
	case apiclient.Unexpected:
		s.Summary = unexpected(o.Reason)
		if o.KeySent {
			s.KeyFate = "Your key was sent only to " + hostPhrase(o) + ", and not on to anywhere else."
		}
		s.NextStep = nextTryLater
	case apiclient.InvalidKey:
		s.Summary, s.NextStep = input(o.Input, o.InputLen)
		s.KeyFate = fateNotSent
	case apiclient.Cancelled:
		s.Summary = "The test was cancelled."
		if o.KeySent {
			s.KeyFate = "Your key may have reached " + hostPhrase(o) + " before the test was cancelled. It was not sent anywhere else."
		}
		s.NextStep = "Start the test again when you are ready."
	case apiclient.Gone:
		s.Summary = "OnceHub no longer has this webhook: it was deleted already, perhaps by the tool that made it."
	default:
		s.Summary = "Something unexpected happened."
		s.NextStep = nextTryLater
	}
	return s
}

func unreachable(r apiclient.Reason) (summary, next string) {
	next = nextNetwork
	switch r {
	case apiclient.ReasonTimeout, apiclient.ReasonHandshakeTimeout:
		summary = "Could not reach OnceHub: it did not answer in time."
	case apiclient.ReasonNoName:
		summary = "Could not reach OnceHub: its address could not be found. This computer may be offline."
	case apiclient.ReasonConnRefused:
		summary = "Could not reach OnceHub: the connection was refused."
	case apiclient.ReasonBroken, apiclient.ReasonHandshakeClosed:
		summary = "The connection to OnceHub broke off before an answer came."
	case apiclient.ReasonProxy:
		summary = "Could not reach OnceHub through the proxy server set on this computer."
		next = "Check the proxy setting (HTTPS_PROXY) with your IT team, then try again."
	default:
		summary = "Could not reach OnceHub."
	}
	return summary, next
}

func unexpected(r apiclient.Reason) string {
	switch r {
	case apiclient.ReasonRedirect:
		return "OnceHub's answer pointed to another address. OnceKey never follows such answers."
	case apiclient.ReasonNotAPI:
		return "The answer did not come from OnceHub's key check. Something on the way, such as a web filter, may have blocked the test."
	case apiclient.ReasonUnreadable:
		return "OnceHub's answer could not be read."
	case apiclient.ReasonBadID:
		return "That is not one of OnceHub's webhook IDs (they look like WHK-7JD9LBVZTQ), so nothing was sent."
	default:
		return "OnceHub gave an answer OnceKey did not expect."
	}
}

// input says what is wrong with a text given as a key, and what to do.
func input(p apiclient.InputProblem, length int) (what, next string) {
	switch p {
	case apiclient.InputEmpty:
		return "No key was entered.", pasteKey
	case apiclient.InputEmptyQuotes:
		return "There is nothing between the quote marks.", pasteKey
	case apiclient.InputOneQuote:
		return "The key has a quote mark at one end but not a matching one at the other.", "Remove the quote marks, or copy the key again."
	case apiclient.InputTwoKeys:
		return "This looks like two keys, one on each line.", "Paste only one key."
	case apiclient.InputLineBreak:
		return "The key has a line break inside it.", copyAgain
	case apiclient.InputSpace:
		return "The key has a space inside it, and keys have no spaces.", copyAgain
	case apiclient.InputNotASCII:
		return "The key has characters that are not plain letters, digits or punctuation (such as accented letters, symbols or invisible characters).", copyAgain
	case apiclient.InputTooShort:
		return "The key is too short: it has " + strconv.Itoa(length) + " characters, and a key has at least " + strconv.Itoa(apiclient.MinKeyLen) + ".", "Copy the whole key and paste it again."
	case apiclient.InputTooLong:
		return "The text is too long to be a key: a key has at most " + strconv.Itoa(apiclient.MaxKeyLen) + " characters.", copyAgain
	default:
		return "This is not a usable key.", copyAgain
	}
}

// Input says in one or two sentences why err (from apiclient.NormalizeKey)
// refused a text, and what to do. It never repeats the text.
func Input(err error) string {
	var ie *apiclient.InputError
	if !errors.As(err, &ie) {
		what, next := input(apiclient.InputOK, 0)
		return what + " " + next
	}
	what, next := input(ie.Problem, ie.Len)
	return what + " " + next
}

// Details are the technical facts for support, such as
// "HTTP status 401 · Request-Id req_123". Missing parts are left out.
func Details(o apiclient.Outcome) string {
	var parts []string
	if o.Status != 0 {
		parts = append(parts, "HTTP status "+strconv.Itoa(o.Status))
	}
	if o.RequestID != "" {
		parts = append(parts, "Request-Id "+o.RequestID)
	}
	if c := cause(o); c != "" {
		parts = append(parts, c)
	}
	return strings.Join(parts, " · ")
}

// cause is a short technical note for Details, for the IT team.
func cause(o apiclient.Outcome) string {
	switch o.Reason {
	case apiclient.ReasonTimeout:
		return "timed out"
	case apiclient.ReasonHandshakeTimeout:
		return "timed out during the secure handshake"
	case apiclient.ReasonHandshakeClosed:
		return "connection closed during the secure handshake"
	case apiclient.ReasonNoName:
		return "name lookup failed"
	case apiclient.ReasonConnRefused:
		return "connection refused"
	case apiclient.ReasonBroken:
		return "connection closed before a full answer"
	case apiclient.ReasonProxy:
		return "proxy connection failed"
	case apiclient.ReasonNetwork:
		return "network error"
	case apiclient.ReasonUnreadable, apiclient.ReasonOddReply:
		return "unreadable reply"
	case apiclient.ReasonOddStatus:
		return "unexpected status"
	case apiclient.ReasonRedirect:
		return "redirect not followed"
	case apiclient.ReasonNotAPI:
		return "refused by something other than OnceHub"
	case apiclient.ReasonCertUntrusted:
		return "certificate not trusted"
	case apiclient.ReasonCertWrongName:
		return "certificate is for another name"
	case apiclient.ReasonCertExpired:
		return "certificate expired or not yet valid"
	case apiclient.ReasonCertInvalid:
		return "certificate not valid"
	case apiclient.ReasonNotTLS:
		return "the server did not answer securely"
	case apiclient.ReasonTLSAlert:
		if o.TLSAlert != "" {
			return "the server refused the secure connection: " + o.TLSAlert
		}
		return "the server refused the secure connection"
	case apiclient.ReasonTLS:
		return "secure connection failed"
	case apiclient.ReasonBadID:
		return "not a webhook ID"
	}
	return ""
}

// Config says why a setting cannot be used, and how to fix it. It never
// repeats the setting's value, which may hold a password.
func Config(err error) string {
	var ce *apiclient.ConfigError
	if !errors.As(err, &ce) {
		return "OnceKey's settings could not be used."
	}
	name := ce.Setting
	if name == "" {
		name = "The OnceHub API address"
	}
	switch ce.Problem {
	case apiclient.ConfigNotURL:
		return name + " is not a valid web address. It should look like " + apiclient.DefaultBaseURL + "."
	case apiclient.ConfigNotHTTPS:
		return name + " must start with https:// so that the key is always encrypted on its way. Change it to an https:// address, or remove it to use OnceHub itself."
	case apiclient.ConfigNoHost:
		return name + " has no server name after https://. It should look like " + apiclient.DefaultBaseURL + "."
	case apiclient.ConfigUserInfo:
		return name + " must not contain a user name or password. Remove them from the address."
	case apiclient.ConfigQuery:
		return name + " must not contain a '?' or '#' part. Remove it from the address."
	case apiclient.ConfigBadProxy:
		return "The proxy setting " + name + " is not a valid proxy address. Correct it with your IT team, or remove it."
	}
	return name + " cannot be used."
}

// KeyEnding names a key without revealing it: "the key ending in 1a2b", or
// "the key" when it is too short to show an ending.
func KeyEnding(ending string) string {
	if ending == "" {
		return "the key"
	}
	return "the key ending in " + ending
}
