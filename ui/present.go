package ui

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keystore"
	"github.com/oncekey/oncekey/words"
)

// This file holds the window's presentation decisions (which colour, which
// buttons, which of package words' sentences go where) as plain functions,
// so they can be tested without a window.

// tone is how prominent and which colour a message is.
type tone int

const (
	toneNeutral tone = iota
	toneSuccess
	toneWarning
	toneDanger
)

// importance is the widget importance that gives a tone its theme colour,
// so light and dark themes both get the right green and red.
func (t tone) importance() widget.Importance {
	switch t {
	case toneSuccess:
		return widget.SuccessImportance
	case toneWarning:
		return widget.WarningImportance
	case toneDanger:
		return widget.DangerImportance
	default:
		return widget.MediumImportance
	}
}

// icon is the theme icon that goes with a tone, coloured to match.
func (t tone) icon() fyne.Resource {
	switch t {
	case toneSuccess:
		return theme.NewSuccessThemedResource(theme.ConfirmIcon())
	case toneWarning:
		return theme.NewWarningThemedResource(theme.WarningIcon())
	case toneDanger:
		return theme.NewErrorThemedResource(theme.ErrorIcon())
	default:
		return theme.InfoIcon()
	}
}

// action is a button a result may offer besides the window's own buttons.
type action int

const (
	actionOpenKeysPage action = iota + 1
	actionRotate
)

// label is the button text of an action.
func (a action) label() string {
	switch a {
	case actionOpenKeysPage:
		return words.ButtonOpenAPIPage()
	case actionRotate:
		return words.ButtonRotateKey()
	default:
		return ""
	}
}

// widgetName names an action's button in the widget map: its English
// label, in every language, so that a test finds it by one name.
func (a action) widgetName() string {
	switch a {
	case actionOpenKeysPage:
		return "Open OnceHub API page"
	case actionRotate:
		return "Rotate key"
	default:
		return ""
	}
}

// toneOf says how a test outcome looks: green when the key works, red when
// OnceHub refused it or the connection was not secure, amber when the
// trouble is elsewhere and says nothing about the key.
func toneOf(k apiclient.Kind) tone {
	switch k {
	case apiclient.Works:
		return toneSuccess
	case apiclient.NotRecognised, apiclient.NoAPIAccess, apiclient.InvalidKey, apiclient.NotSecure:
		return toneDanger
	case apiclient.Cancelled:
		return toneNeutral
	default:
		return toneWarning
	}
}

// actionsOf are the buttons that fit an outcome's next step.
func actionsOf(k apiclient.Kind) []action {
	switch k {
	case apiclient.NotRecognised:
		return []action{actionOpenKeysPage, actionRotate}
	case apiclient.InvalidKey:
		return []action{actionRotate}
	default:
		return nil
	}
}

// outcomeView is everything the window shows about one test.
type outcomeView struct {
	Headline  string   // the first line: what happened, and when
	Lines     []string // whether the key left this computer, and what to do
	When      string   // "Checked 3 minutes ago.", when not in Headline
	Tone      tone
	Actions   []action
	Details   string // HTTP status and Request-Id, for support
	RequestID string // "" when there is none to copy
}

// presentOutcome turns a test outcome into what the window shows. at is
// when the test ran and now is the current time, for "checked 3 minutes
// ago". live is false for a result read back from the list of keys: its
// note on where the key went is not known any more, so it is left out.
func presentOutcome(o apiclient.Outcome, at, now time.Time, live bool) outcomeView {
	v := outcomeView{
		Tone:      toneOf(o.Kind),
		Actions:   actionsOf(o.Kind),
		Details:   words.Details(o),
		RequestID: o.RequestID,
		Headline:  words.Headline(o, at, now),
	}
	if o.Kind == apiclient.Works {
		return v
	}
	said := words.Outcome(o)
	if o.Kind != apiclient.Cancelled {
		// A cancelled test says nothing about the key, so it gets no
		// "checked" time.
		v.When = words.Checked(at, now)
	}
	if live && said.KeyFate != "" {
		v.Lines = append(v.Lines, said.KeyFate)
	}
	if said.NextStep != "" && o.Kind != apiclient.RateLimited {
		// The rate limit's next step is a countdown, shown beside Test.
		v.Lines = append(v.Lines, said.NextStep)
	}
	return v
}

// presentCandidate is presentOutcome for a new key tested in the Rotate
// dialog, in words.CandidateOutcome's words: a key made a moment ago was
// not deleted in OnceHub, and "use Rotate" would be no help: the next step
// there is to check the key, or to keep it anyway.
func presentCandidate(o apiclient.Outcome, at time.Time) outcomeView {
	v := presentOutcome(o, at, at, true)
	v.When, v.Actions = "", nil
	said, usual := words.CandidateOutcome(o), words.Outcome(o)
	if o.Kind != apiclient.Works {
		v.Headline = said.Summary
	}
	if said.NextStep != usual.NextStep {
		v.Lines = slices.DeleteFunc(v.Lines, func(l string) bool { return l == usual.NextStep })
		v.Lines = append(v.Lines, said.NextStep)
	}
	return v
}

// offerKeepAnyway says whether a key that did not pass its test may still be
// saved: yes whenever the text is a key and the test was not cancelled. The
// admin may know better, for example about a key not active yet.
func offerKeepAnyway(k apiclient.Kind) bool {
	return k != apiclient.Works && k != apiclient.InvalidKey && k != apiclient.Cancelled
}

// storeProblem is what a banner says and offers when the keychain fails.
type storeProblem struct {
	Text        string
	Tone        tone
	OfferRetry  bool // "Try again"
	OfferMemory bool // "Keep for this session only"
}

// presentStoreError turns a keychain error into a banner. A missing, locked
// or unanswering keychain (or a wait the admin stopped) can be replaced by a
// session-only store.
func presentStoreError(err error) storeProblem {
	p := storeProblem{Text: words.Keychain(err).Sentence(), Tone: toneDanger, OfferRetry: true}
	switch keystore.KindOf(err) {
	case keystore.Missing, keystore.Locked, keystore.TimedOut:
		p.OfferMemory = true
		p.Tone = toneWarning
	case keystore.Canceled:
		// The admin stopped a wait, likely on a keychain that will not
		// unlock: the same way out fits.
		p.Text = words.StoppedWaiting()
		p.Tone = toneNeutral
		p.OfferMemory = true
	case keystore.Invalid, keystore.TooBig:
		p.OfferRetry = false
	}
	return p
}

// viewState is what decides which of the main view's buttons work.
type viewState struct {
	HaveKey      bool // the key has been read from the keychain
	Testing      bool // a test is in flight
	RateLimited  bool // OnceHub asked for a pause
	KeychainBusy bool // a keychain call is under way
}

// controls says which of the main view's buttons are enabled.
type controls struct {
	Test, Copy, Reveal, Rotate, Remove bool
}

// controlsFor decides which buttons work. Only one test runs at a time, and
// none while OnceHub asks for a pause; nothing changes the keychain while
// another keychain call is under way.
func controlsFor(s viewState) controls {
	return controls{
		Test:   s.HaveKey && !s.Testing && !s.RateLimited && !s.KeychainBusy,
		Copy:   s.HaveKey,
		Reveal: s.HaveKey,
		Rotate: !s.KeychainBusy && !s.Testing,
		Remove: !s.KeychainBusy && !s.Testing,
	}
}

// markOf is the colour of a key's last test in the list of keys: green when
// it worked, red when OnceHub refused the key, amber when the test could not
// say either way, grey when there is none. It agrees with
// words.LastTestWord, which names the same test in a word.
func markOf(rec *keystore.TestRecord) tone {
	if rec == nil || rec.At.IsZero() {
		return toneNeutral
	}
	k, ok := apiclient.ParseKind(rec.Result)
	switch {
	case !ok || k == apiclient.Cancelled:
		return toneNeutral
	case k == apiclient.Works:
		return toneSuccess
	case words.RefusedKind(k):
		return toneDanger
	}
	return toneWarning
}

// colorName is the theme colour of a tone's mark.
func (t tone) colorName() fyne.ThemeColorName {
	switch t {
	case toneSuccess:
		return theme.ColorNameSuccess
	case toneWarning:
		return theme.ColorNameWarning
	case toneDanger:
		return theme.ColorNameError
	default:
		return theme.ColorNameDisabled
	}
}

// markIcon is the mark a tone gives a line of Test all's summary: a tick,
// a cross, a warning sign, or an empty circle for a key not tested.
func (t tone) markIcon() fyne.Resource {
	switch t {
	case toneSuccess:
		return theme.NewSuccessThemedResource(theme.ConfirmIcon())
	case toneWarning:
		return theme.NewWarningThemedResource(theme.WarningIcon())
	case toneDanger:
		return theme.NewErrorThemedResource(theme.CancelIcon())
	default:
		return theme.NewDisabledResource(theme.RadioButtonIcon())
	}
}
