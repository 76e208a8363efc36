package words

import (
	"errors"
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

// How a key that left this computer may have fared.
type fateOfSent int

const (
	sentOnly      fateOfSent = iota // it reached the host, and no further
	sentNoAnswer                    // it may have reached it; no answer came
	sentNotOnward                   // it reached it, and was not passed on
	sentCancelled                   // it may have reached it before the test was cancelled
)

// sentFate says what became of a key that left this computer, naming the
// API host it went to: OnceHub's own, or another set on this computer.
// Each has whole sentences of its own, as the host's description sits in
// the middle of the sentence and other languages must bend around it.
func sentFate(o apiclient.Outcome, f fateOfSent) string {
	if o.OnceHubHost() {
		switch f {
		case sentNoAnswer:
			return tr("outcome.fate.noAnswer.onceHub")
		case sentNotOnward:
			return tr("outcome.fate.notPassedOn.onceHub")
		case sentCancelled:
			return tr("outcome.fate.cancelled.onceHub")
		}
		return tr("outcome.fate.sentOnlyTo.onceHub")
	}
	switch f {
	case sentNoAnswer:
		return tr("outcome.fate.noAnswer.other", "Host", o.Host)
	case sentNotOnward:
		return tr("outcome.fate.notPassedOn.other", "Host", o.Host)
	case sentCancelled:
		return tr("outcome.fate.cancelled.other", "Host", o.Host)
	}
	return tr("outcome.fate.sentOnlyTo.other", "Host", o.Host)
}

// Outcome says what a test's outcome means, in the window's words.
func Outcome(o apiclient.Outcome) Said {
	s := Said{KeyFate: tr("outcome.fate.notSent")}
	if o.KeySent {
		s.KeyFate = sentFate(o, sentOnly)
	}
	switch o.Kind {
	case apiclient.Works:
		s.Summary = tr("outcome.works")
		if o.Account != "" {
			s.Summary = tr("outcome.works.account", "Account", o.Account)
		}
	case apiclient.NotRecognised:
		s.Summary = tr("outcome.notRecognised")
		s.NextStep = tr("outcome.notRecognised.next")
	case apiclient.NoAPIAccess:
		s.Summary = tr("outcome.noAPIAccess")
		s.NextStep = tr("outcome.noAPIAccess.next")
	case apiclient.RateLimited:
		s.Summary = tr("outcome.rateLimited")
		s.NextStep = tr("outcome.rateLimited.next", "Wait", Wait(o.RetryAfter))
	case apiclient.ServerTrouble:
		s.Summary = tr("outcome.serverTrouble")
		s.NextStep = tr("outcome.next.tryLater")
	case apiclient.Unreachable:
		s.Summary, s.NextStep = unreachable(o.Reason)
		if o.KeySent {
			s.KeyFate = sentFate(o, sentNoAnswer)
		}
	case apiclient.NotSecure:
		s.Summary = tr("outcome.notSecure")
		s.KeyFate = tr("outcome.fate.notSentStressed")
		s.NextStep = tr("outcome.notSecure.next")
	case apiclient.Unexpected:
		s.Summary = unexpected(o.Reason)
		if o.KeySent {
			s.KeyFate = sentFate(o, sentNotOnward)
		}
		s.NextStep = tr("outcome.next.tryLater")
	case apiclient.InvalidKey:
		s.Summary, s.NextStep = input(o.Input, o.InputLen)
		s.KeyFate = tr("outcome.fate.notSent")
	case apiclient.Cancelled:
		s.Summary = tr("outcome.cancelled")
		if o.KeySent {
			s.KeyFate = sentFate(o, sentCancelled)
		}
		s.NextStep = tr("outcome.cancelled.next")
	case apiclient.Gone:
		s.Summary = tr("outcome.gone")
	default:
		s.Summary = tr("outcome.unknown")
		s.NextStep = tr("outcome.next.tryLater")
	}
	return s
}

func unreachable(r apiclient.Reason) (summary, next string) {
	next = tr("outcome.next.network")
	switch r {
	case apiclient.ReasonTimeout, apiclient.ReasonHandshakeTimeout:
		summary = tr("outcome.unreachable.timeout")
	case apiclient.ReasonNoName:
		summary = tr("outcome.unreachable.noName")
	case apiclient.ReasonConnRefused:
		summary = tr("outcome.unreachable.refused")
	case apiclient.ReasonBroken, apiclient.ReasonHandshakeClosed:
		summary = tr("outcome.unreachable.broken")
	case apiclient.ReasonProxy:
		summary = tr("outcome.unreachable.proxy")
		next = tr("outcome.unreachable.proxy.next")
	default:
		summary = tr("outcome.unreachable")
	}
	return summary, next
}

func unexpected(r apiclient.Reason) string {
	switch r {
	case apiclient.ReasonRedirect:
		return tr("outcome.unexpected.redirect")
	case apiclient.ReasonNotAPI:
		return tr("outcome.unexpected.notAPI")
	case apiclient.ReasonUnreadable:
		return tr("outcome.unexpected.unreadable")
	case apiclient.ReasonBadID:
		return tr("outcome.unexpected.badID")
	default:
		return tr("outcome.unexpected")
	}
}

// input says what is wrong with a text given as a key, and what to do.
func input(p apiclient.InputProblem, length int) (what, next string) {
	copyAgain := tr("outcome.input.next.copyAgain")
	switch p {
	case apiclient.InputEmpty:
		return tr("outcome.input.empty"), tr("outcome.input.next.pasteKey")
	case apiclient.InputEmptyQuotes:
		return tr("outcome.input.emptyQuotes"), tr("outcome.input.next.pasteKey")
	case apiclient.InputOneQuote:
		return tr("outcome.input.oneQuote"), tr("outcome.input.oneQuote.next")
	case apiclient.InputTwoKeys:
		return tr("outcome.input.twoKeys"), tr("outcome.input.twoKeys.next")
	case apiclient.InputLineBreak:
		return tr("outcome.input.lineBreak"), copyAgain
	case apiclient.InputSpace:
		return tr("outcome.input.space"), copyAgain
	case apiclient.InputNotASCII:
		return tr("outcome.input.notASCII"), copyAgain
	case apiclient.InputTooShort:
		return trN("outcome.input.tooShort", length, "Min", apiclient.MinKeyLen), tr("outcome.input.tooShort.next")
	case apiclient.InputTooLong:
		return tr("outcome.input.tooLong", "Max", apiclient.MaxKeyLen), copyAgain
	default:
		return tr("outcome.input.unusable"), copyAgain
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
		parts = append(parts, tr("outcome.details.status", "Status", o.Status))
	}
	if o.RequestID != "" {
		parts = append(parts, tr("outcome.details.requestID", "ID", o.RequestID))
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
		return tr("outcome.cause.timeout")
	case apiclient.ReasonHandshakeTimeout:
		return tr("outcome.cause.handshakeTimeout")
	case apiclient.ReasonHandshakeClosed:
		return tr("outcome.cause.handshakeClosed")
	case apiclient.ReasonNoName:
		return tr("outcome.cause.noName")
	case apiclient.ReasonConnRefused:
		return tr("outcome.cause.connRefused")
	case apiclient.ReasonBroken:
		return tr("outcome.cause.broken")
	case apiclient.ReasonProxy:
		return tr("outcome.cause.proxy")
	case apiclient.ReasonNetwork:
		return tr("outcome.cause.network")
	case apiclient.ReasonUnreadable, apiclient.ReasonOddReply:
		return tr("outcome.cause.unreadable")
	case apiclient.ReasonOddStatus:
		return tr("outcome.cause.oddStatus")
	case apiclient.ReasonRedirect:
		return tr("outcome.cause.redirect")
	case apiclient.ReasonNotAPI:
		return tr("outcome.cause.notAPI")
	case apiclient.ReasonCertUntrusted:
		return tr("outcome.cause.certUntrusted")
	case apiclient.ReasonCertWrongName:
		return tr("outcome.cause.certWrongName")
	case apiclient.ReasonCertExpired:
		return tr("outcome.cause.certExpired")
	case apiclient.ReasonCertInvalid:
		return tr("outcome.cause.certInvalid")
	case apiclient.ReasonNotTLS:
		return tr("outcome.cause.notTLS")
	case apiclient.ReasonTLSAlert:
		if o.TLSAlert != "" {
			// The alert is Go's own English name for it, as support
			// would search for it.
			return tr("outcome.cause.tlsAlert.named", "Alert", o.TLSAlert)
		}
		return tr("outcome.cause.tlsAlert")
	case apiclient.ReasonTLS:
		return tr("outcome.cause.tls")
	case apiclient.ReasonBadID:
		return tr("outcome.cause.badID")
	}
	return ""
}

// Config says why a setting cannot be used, and how to fix it. It never
// repeats the setting's value, which may hold a password. A setting named
// (ONCEKEY_API_URL) and the API address given another way each have whole
// sentences, as the subject's gender and case differ by language.
func Config(err error) string {
	var ce *apiclient.ConfigError
	if !errors.As(err, &ce) {
		return tr("outcome.config.unusable")
	}
	name := ce.Setting
	example := apiclient.DefaultBaseURL
	if name == "" {
		switch ce.Problem {
		case apiclient.ConfigNotURL:
			return tr("outcome.config.address.notURL", "Example", example)
		case apiclient.ConfigNotHTTPS:
			return tr("outcome.config.address.notHTTPS")
		case apiclient.ConfigNoHost:
			return tr("outcome.config.address.noHost", "Example", example)
		case apiclient.ConfigUserInfo:
			return tr("outcome.config.address.userInfo")
		case apiclient.ConfigQuery:
			return tr("outcome.config.address.query")
		case apiclient.ConfigBadProxy:
			return tr("outcome.config.address.badProxy")
		}
		return tr("outcome.config.address.cannotBeUsed")
	}
	switch ce.Problem {
	case apiclient.ConfigNotURL:
		return tr("outcome.config.notURL", "Setting", name, "Example", example)
	case apiclient.ConfigNotHTTPS:
		return tr("outcome.config.notHTTPS", "Setting", name)
	case apiclient.ConfigNoHost:
		return tr("outcome.config.noHost", "Setting", name, "Example", example)
	case apiclient.ConfigUserInfo:
		return tr("outcome.config.userInfo", "Setting", name)
	case apiclient.ConfigQuery:
		return tr("outcome.config.query", "Setting", name)
	case apiclient.ConfigBadProxy:
		return tr("outcome.config.badProxy", "Setting", name)
	}
	return tr("outcome.config.cannotBeUsed", "Setting", name)
}

// KeyEnding names a key without revealing it: "the key ending in 1a2b", or
// "the key" when it is too short to show an ending. It is a noun phrase as
// a sentence's subject has it (German: nominative); a sentence that needs
// the key in another place should say it whole with {{.Ending}} instead.
func KeyEnding(ending string) string {
	if ending == "" {
		return tr("outcome.keyEnding.none")
	}
	return tr("outcome.keyEnding", "Ending", ending)
}
