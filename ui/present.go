package ui

import (
	"slices"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/internal/ago"
	"github.com/oncekey/oncekey/keystore"
	"github.com/oncekey/oncekey/words"
)

// This file holds the window's presentation decisions (which words, which
// colour, which buttons) as plain functions, so they can be tested without
// a window.

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
	actionReplace
)

// label is the button text of an action.
func (a action) label() string {
	switch a {
	case actionOpenKeysPage:
		return "Open OnceHub API page"
	case actionReplace:
		return "Replace key"
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
		return []action{actionOpenKeysPage, actionReplace}
	case apiclient.InvalidKey:
		return []action{actionReplace}
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
		Details:   o.Details(),
		RequestID: o.RequestID,
	}
	checked := "checked " + ago.Since(at, now)
	if o.Kind == apiclient.Works {
		v.Headline = "Works"
		if o.Account != "" {
			v.Headline += ", account " + o.Account
		}
		v.Headline += ", " + checked
		return v
	}
	v.Headline = o.Summary
	if o.Kind != apiclient.Cancelled {
		// A cancelled test says nothing about the key, so it gets no
		// "checked" time.
		v.When = "Checked " + ago.Since(at, now) + "."
	}
	if live && o.KeyFate != "" {
		v.Lines = append(v.Lines, o.KeyFate)
	}
	if o.NextStep != "" && o.Kind != apiclient.RateLimited {
		// The rate limit's next step is a countdown, shown beside Test.
		v.Lines = append(v.Lines, o.NextStep)
	}
	return v
}

// presentCandidate is presentOutcome for a new key tested in the replace
// dialog, where "use Replace" would be no help: the next step there is to
// check the key, or to save it anyway.
func presentCandidate(o apiclient.Outcome, at time.Time) outcomeView {
	v := presentOutcome(o, at, at, true)
	v.When, v.Actions = "", nil
	var next string
	switch o.Kind {
	case apiclient.NotRecognised:
		next = "Check that this is the current key on OnceHub's API page. If you know it is right (a key made a moment ago, for example), choose Save anyway."
	case apiclient.NoAPIAccess:
		next = "You can save it anyway: it will work once the account's plan includes API access."
	}
	if next != "" {
		v.Lines = slices.DeleteFunc(v.Lines, func(l string) bool { return l == o.NextStep })
		v.Lines = append(v.Lines, next)
	}
	return v
}

// outcomeFromRecord rebuilds the outcome of the last test from the list of
// keys, with the same words a live test uses. ok is false when there is no
// usable record.
func outcomeFromRecord(rec *keystore.TestRecord) (o apiclient.Outcome, ok bool) {
	if rec == nil || rec.At.IsZero() {
		return apiclient.Outcome{}, false
	}
	k, ok := apiclient.ParseKind(rec.Result)
	if !ok {
		return apiclient.Outcome{}, false
	}
	o = apiclient.NewOutcome(k, "", rec.Status != 0)
	o.Account = rec.Account
	o.Status = rec.Status
	o.RequestID = rec.RequestID
	if k == apiclient.Works && o.Account != "" {
		o.Summary = "Works: this key is valid for account " + o.Account + "."
	}
	return o, true
}

// recordOf is what the list of keys keeps about a test. It holds no text
// from the outcome, only its kind and facts, so the words can improve later.
func recordOf(o apiclient.Outcome, at time.Time) *keystore.TestRecord {
	return &keystore.TestRecord{
		At:        at,
		Result:    o.Kind.String(),
		Account:   o.Account,
		Status:    o.Status,
		RequestID: o.RequestID,
	}
}

// worthRecording reports whether an outcome says something about the key
// worth keeping as "the last test". A cancelled test does not.
func worthRecording(o apiclient.Outcome) bool {
	return o.Kind != apiclient.Cancelled
}

// seconds says a short wait in words, rounding up so a countdown never
// shows "0 seconds" while there is still time left: "1 second", "42 seconds".
// From two minutes on it counts whole minutes.
func seconds(d time.Duration) string {
	n := int((d + time.Second - 1) / time.Second)
	if n < 1 {
		n = 1
	}
	switch {
	case n == 1:
		return "1 second"
	case n < 120:
		return strconv.Itoa(n) + " seconds"
	default:
		return strconv.Itoa((n+59)/60) + " minutes"
	}
}

// retryNote is the countdown shown while OnceHub asks for a pause.
func retryNote(left time.Duration) string {
	return "OnceHub asked for a pause: you can test again in " + seconds(left) + "."
}

// copyNote is the note after Copy, counting down to the clearing of the
// clipboard. A delay of 0 means the clipboard is never cleared.
func copyNote(left time.Duration, never bool) string {
	if never {
		return "Copied. The clipboard will not be cleared automatically (see Settings)."
	}
	return "Copied. The clipboard will be cleared in " + seconds(left) + "."
}

// Notes after a copy's time is up.
const (
	noteClipboardCleared  = "The clipboard was cleared."
	noteClipboardReplaced = "Something else was copied since, so the clipboard was left as it is."
)

// firstRunIntro is the one sentence on where the key is.
const firstRunIntro = "Your OnceHub API key is on OnceHub's \"API & Webhooks Integration\" page: copy it there and paste it here."

// keychainWaitNote is shown when the keychain takes long to answer,
// usually because it waits on its own unlock prompt.
const keychainWaitNote = "Waiting for your keychain to unlock (a system prompt may be open)."

// replacedNote is what OnceHub's documentation says regenerating a key
// means, shown after a replace.
const replacedNote = "Key replaced. If you regenerated it in OnceHub, the old key has stopped working in every tool it was pasted into: " +
	"paste the new key there too (Copy is one click away). Webhooks made with the old key keep working."

// clipboardStillHoldsNote offers to clear a key pasted from the clipboard.
const clipboardStillHoldsNote = "The key you pasted is still on the clipboard, where other programs can read it."

// removeQuestion is the text of the confirmation before Remove. It names
// the key's ending and where it is, so the admin knows which key goes.
func removeQuestion(ending string, where keystore.Place) string {
	what := "the key"
	if ending != "" {
		what = "the key ending in " + ending
	}
	place := words.PlaceName(where)
	return "OnceKey will remove " + what + " from " + place + ". " +
		"The key keeps working in OnceHub and in the tools it was pasted into; you can copy it again from OnceHub's API page."
}

// removedNote confirms a removal.
func removedNote(ending string) string {
	if ending == "" {
		return "The key was removed."
	}
	return "The key ending in " + ending + " was removed."
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
// session-only store; an error that is not the keychain's own is reported
// as it is.
func presentStoreError(err error) storeProblem {
	p := storeProblem{Text: err.Error(), Tone: toneDanger, OfferRetry: true}
	switch keystore.KindOf(err) {
	case keystore.Missing, keystore.Locked, keystore.TimedOut:
		p.OfferMemory = true
		p.Tone = toneWarning
	case keystore.Canceled:
		// The admin stopped a wait, likely on a keychain that will not
		// unlock: the same way out fits.
		p.Text = "Stopped waiting for your keychain. Nothing was changed."
		p.Tone = toneNeutral
		p.OfferMemory = true
	case keystore.Invalid, keystore.TooBig:
		p.OfferRetry = false
	}
	return p
}

// clearDelay is one choice of how long a copied key stays on the clipboard.
type clearDelay struct {
	Label string
	Delay time.Duration // 0: never cleared
}

// clearDelays are the choices offered in Settings.
var clearDelays = []clearDelay{
	{"10 seconds", 10 * time.Second},
	{"30 seconds", 30 * time.Second},
	{"1 minute", time.Minute},
	{"2 minutes", 2 * time.Minute},
	{"Never", 0},
}

// defaultClearDelay is used until the admin chooses another.
const defaultClearDelay = 30 * time.Second

// clearDelayLabel names a delay as Settings shows it; a delay that is not
// one of the choices (from an older or edited preference) is named plainly.
func clearDelayLabel(d time.Duration) string {
	for _, c := range clearDelays {
		if c.Delay == d {
			return c.Label
		}
	}
	return seconds(d)
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
	Test, Copy, Reveal, Replace, Remove bool
}

// controlsFor decides which buttons work. Only one test runs at a time, and
// none while OnceHub asks for a pause; nothing changes the keychain while
// another keychain call is under way.
func controlsFor(s viewState) controls {
	return controls{
		Test:    s.HaveKey && !s.Testing && !s.RateLimited && !s.KeychainBusy,
		Copy:    s.HaveKey,
		Reveal:  s.HaveKey,
		Replace: !s.KeychainBusy && !s.Testing,
		Remove:  !s.KeychainBusy && !s.Testing,
	}
}

// whereBeforeSave tells the admin, before saving, where the key will go.
// noFileNote replaces whereBeforeSave's line while the keychain cannot be
// used.
const noFileNote = "OnceKey never saves your key to a file."

func whereBeforeSave(where keystore.Place) string {
	if where == keystore.PlaceSession {
		return "The key will be kept for this session only: OnceKey forgets it when it closes."
	}
	return "The key will be stored in " + words.PlaceName(where) + ", never in a file."
}
