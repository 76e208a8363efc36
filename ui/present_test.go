package ui

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keystore"
	"github.com/oncekey/oncekey/words"
)

var allKinds = []apiclient.Kind{
	apiclient.Works, apiclient.NotRecognised, apiclient.NoAPIAccess, apiclient.RateLimited,
	apiclient.ServerTrouble, apiclient.Unreachable, apiclient.NotSecure, apiclient.Unexpected,
	apiclient.InvalidKey, apiclient.Cancelled,
}

func TestToneOfEveryKind(t *testing.T) {
	want := map[apiclient.Kind]tone{
		apiclient.Works:         toneSuccess,
		apiclient.NotRecognised: toneDanger,
		apiclient.NoAPIAccess:   toneDanger,
		apiclient.InvalidKey:    toneDanger,
		apiclient.NotSecure:     toneDanger,
		apiclient.RateLimited:   toneWarning,
		apiclient.ServerTrouble: toneWarning,
		apiclient.Unreachable:   toneWarning,
		apiclient.Unexpected:    toneWarning,
		apiclient.Cancelled:     toneNeutral,
	}
	for _, k := range allKinds {
		if got := toneOf(k); got != want[k] {
			t.Errorf("toneOf(%v) = %v, want %v", k, got, want[k])
		}
	}
	if toneSuccess.importance() != widget.SuccessImportance || toneDanger.importance() != widget.DangerImportance ||
		toneWarning.importance() != widget.WarningImportance || toneNeutral.importance() != widget.MediumImportance {
		t.Error("tones do not map to the theme's success, danger, warning and medium importances")
	}
}

func TestActionsFitTheNextStep(t *testing.T) {
	got := actionsOf(apiclient.NotRecognised)
	if !slices.Equal(got, []action{actionOpenKeysPage, actionRotate}) {
		t.Errorf("a key OnceHub does not recognise offers %v, want the API page and Rotate", got)
	}
	if actionOpenKeysPage.label() != "Open OnceHub API page" || actionRotate.label() != "Rotate key" {
		t.Errorf("action labels are %q and %q", actionOpenKeysPage.label(), actionRotate.label())
	}
	for _, k := range []apiclient.Kind{apiclient.Works, apiclient.ServerTrouble, apiclient.Unreachable, apiclient.Cancelled, apiclient.RateLimited} {
		if a := actionsOf(k); len(a) != 0 {
			t.Errorf("%v offers buttons %v; its next step needs none", k, a)
		}
	}
}

func TestPresentWorksReadsLikeTheSpec(t *testing.T) {
	o := apiclient.NewOutcome(apiclient.Works, "", true)
	o.Account = "admin@example.com"
	at := testEpoch
	v := presentOutcome(o, at, at.Add(10*time.Second), true)
	if v.Headline != "Works, account admin@example.com, checked just now" {
		t.Errorf("headline %q", v.Headline)
	}
	if v.Tone != toneSuccess || len(v.Lines) != 0 || v.When != "" {
		t.Errorf("works: tone %v, lines %q, when %q", v.Tone, v.Lines, v.When)
	}
	v = presentOutcome(o, at, at.Add(3*time.Minute+5*time.Second), true)
	if v.Headline != "Works, account admin@example.com, checked 3 minutes ago" {
		t.Errorf("three minutes later the headline is %q", v.Headline)
	}
}

func TestPresentFailureSaysWhatWhereAndWhatToDo(t *testing.T) {
	for _, k := range allKinds {
		if k == apiclient.Works {
			continue
		}
		o := apiclient.NewOutcome(k, "", true)
		o.Status, o.RequestID = 500, "req_0123456789abcdef"
		v := presentOutcome(o, testEpoch, testEpoch, true)
		if v.Headline != words.Outcome(o).Summary {
			t.Errorf("%v: headline %q, want the summary %q", k, v.Headline, words.Outcome(o).Summary)
		}
		if !slices.Contains(v.Lines, words.Outcome(o).KeyFate) {
			t.Errorf("%v: lines %q leave out whether the key left the computer", k, v.Lines)
		}
		hasNext := slices.Contains(v.Lines, words.Outcome(o).NextStep)
		if k == apiclient.RateLimited && hasNext {
			t.Errorf("rate limited: the fixed next step %q is shown, but a countdown replaces it", words.Outcome(o).NextStep)
		}
		if k != apiclient.RateLimited && !hasNext {
			t.Errorf("%v: lines %q leave out what to do", k, v.Lines)
		}
		if (k == apiclient.Cancelled) != (v.When == "") {
			t.Errorf("%v: when %q", k, v.When)
		}
		if !strings.Contains(v.Details, "HTTP status 500") || !strings.Contains(v.Details, "req_0123456789abcdef") || v.RequestID != o.RequestID {
			t.Errorf("%v: details %q, request id %q", k, v.Details, v.RequestID)
		}
	}
	o := apiclient.NewOutcome(apiclient.NotRecognised, "", true)
	if v := presentOutcome(o, testEpoch, testEpoch, false); slices.Contains(v.Lines, words.Outcome(o).KeyFate) {
		t.Errorf("a result read back from the list claims to know where the key went: %q", v.Lines)
	}
}

func TestSecondsRoundsUpAndNeverSaysZero(t *testing.T) {
	cases := map[time.Duration]string{
		0:                       "1 second",
		300 * time.Millisecond:  "1 second",
		time.Second:             "1 second",
		1001 * time.Millisecond: "2 seconds",
		30 * time.Second:        "30 seconds",
		119 * time.Second:       "119 seconds",
		2 * time.Minute:         "2 minutes",
		10*time.Minute - 1:      "10 minutes",
	}
	for d, want := range cases {
		if got := words.Wait(d); got != want {
			t.Errorf("Wait(%v) = %q, want %q", d, got, want)
		}
	}
	if got := words.CopyNote(30*time.Second, false); got != "Copied. The clipboard will be cleared in 30 seconds." {
		t.Errorf("copy note %q", got)
	}
	if got := words.CopyNote(0, true); strings.Contains(got, "cleared in") {
		t.Errorf("with Never chosen the copy note says %q", got)
	}
	if got := words.RetryNote(42 * time.Second); !strings.Contains(got, "42 seconds") {
		t.Errorf("retry note %q", got)
	}
}

func TestRemoveQuestionNamesEndingAndPlace(t *testing.T) {
	got := words.RemoveQuestionOf(keystore.KeyInfo{Name: keystore.DefaultName, Ending: "1a2b"}, false, keystore.PlaceGNOMEKeyring)
	if !strings.Contains(got, "the key ending in 1a2b") || !strings.Contains(got, "from GNOME Keyring") {
		t.Errorf("removeQuestion = %q", got)
	}
	if got := words.RemoveQuestionOf(keystore.KeyInfo{Name: keystore.DefaultName}, false, keystore.PlaceSession); !strings.Contains(got, "from this session") {
		t.Errorf("session-only removeQuestion = %q", got)
	}
	if got := words.RemovedNote("1a2b"); got != "The key ending in 1a2b was removed." {
		t.Errorf("removedNote = %q", got)
	}
}

func TestStoreErrorsOfferWhatFits(t *testing.T) {
	cases := []struct {
		kind          keystore.ErrorKind
		memory, retry bool
	}{
		{keystore.Missing, true, true},
		{keystore.Locked, true, true},
		{keystore.TimedOut, true, true},
		{keystore.Canceled, true, true},
		{keystore.Refused, false, true},
		{keystore.Mismatch, false, true},
		{keystore.TooBig, false, false},
		{keystore.Invalid, false, false},
	}
	for _, c := range cases {
		p := presentStoreError(keychainError(c.kind))
		if p.OfferMemory != c.memory || p.OfferRetry != c.retry {
			t.Errorf("%v: offers session-only %v and retry %v, want %v and %v", c.kind, p.OfferMemory, p.OfferRetry, c.memory, c.retry)
		}
		if p.Text == "" {
			t.Errorf("%v: no words", c.kind)
		}
	}
	if p := presentStoreError(errors.New("plain")); p.Text == "" || p.OfferMemory {
		t.Errorf("a foreign error: %+v", p)
	}
}

func TestControls(t *testing.T) {
	cases := []struct {
		s    viewState
		want controls
	}{
		{viewState{HaveKey: true}, controls{Test: true, Copy: true, Reveal: true, Rotate: true, Remove: true}},
		{viewState{}, controls{Rotate: true, Remove: true}},
		{viewState{HaveKey: true, Testing: true}, controls{Copy: true, Reveal: true}},
		{viewState{HaveKey: true, RateLimited: true}, controls{Copy: true, Reveal: true, Rotate: true, Remove: true}},
		{viewState{HaveKey: true, KeychainBusy: true}, controls{Copy: true, Reveal: true}},
	}
	for _, c := range cases {
		if got := controlsFor(c.s); got != c.want {
			t.Errorf("controlsFor(%+v) = %+v, want %+v", c.s, got, c.want)
		}
	}
}

func TestClearDelayLabels(t *testing.T) {
	want := []string{"10 seconds", "30 seconds", "1 minute", "2 minutes", "Never"}
	for i, d := range clearDelays {
		if got := words.ClearDelayLabel(d); got != want[i] {
			t.Errorf("delay %v is labelled %q, want %q", d, got, want[i])
		}
	}
	if words.ClearDelayLabel(defaultClearDelay) != "30 seconds" {
		t.Errorf("the default delay is %q", words.ClearDelayLabel(defaultClearDelay))
	}
	if got := words.ClearDelayLabel(45 * time.Second); got != "45 seconds" {
		t.Errorf("an unlisted delay is labelled %q", got)
	}
}

func TestWhereBeforeSave(t *testing.T) {
	if got := words.WhereBeforeSave(keystore.PlaceMacOSKeychain); got != "The key will be stored in macOS Keychain, never in a file." {
		t.Errorf("macOS: %q", got)
	}
	if got := words.WhereBeforeSave(keystore.PlaceSession); !strings.Contains(got, "this session only") {
		t.Errorf("session: %q", got)
	}
}

func TestOfferKeepAnyway(t *testing.T) {
	for _, k := range allKinds {
		want := k != apiclient.Works && k != apiclient.InvalidKey && k != apiclient.Cancelled
		if offerKeepAnyway(k) != want {
			t.Errorf("offerKeepAnyway(%v) = %v", k, !want)
		}
	}
}

func TestCandidateNextStepFitsTheRotateDialog(t *testing.T) {
	o := apiclient.NewOutcome(apiclient.NotRecognised, "", true)
	v := presentCandidate(o, testEpoch)
	if slices.Contains(v.Lines, words.Outcome(o).NextStep) {
		t.Errorf("inside the Rotate dialog the next step still says %q", words.Outcome(o).NextStep)
	}
	if !strings.Contains(strings.Join(v.Lines, " "), "Keep it anyway") || !slices.Contains(v.Lines, words.Outcome(o).KeyFate) {
		t.Errorf("lines %q", v.Lines)
	}
	if len(v.Actions) != 0 || v.When != "" {
		t.Errorf("the dialog would get buttons %v or a time %q", v.Actions, v.When)
	}
	// A key made a moment ago was not deleted (or regenerated) in OnceHub.
	if v.Headline != words.CandidateOutcome(o).Summary || strings.Contains(v.Headline, "deleted") {
		t.Errorf("headline %q", v.Headline)
	}
	u := apiclient.NewOutcome(apiclient.Unreachable, "", false)
	if w := presentCandidate(u, testEpoch); !slices.Contains(w.Lines, words.Outcome(u).NextStep) {
		t.Errorf("an unreachable OnceHub loses its next step: %q", w.Lines)
	}
}
