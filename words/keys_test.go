package words

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
)

// French and Spanish keyboards say Ctrl as English ones do, and the
// summary of Test all only ends its own list of clauses.
var (
	_ = allowSameAsEnglish("de", "keys.testAll.summary")
	_ = allowSameAsEnglish("fr", "keys.testAll.summary", "help.key.ctrl")
	_ = allowSameAsEnglish("es", "keys.testAll.summary", "help.key.ctrl")
)

// Every way a name can be refused has its own plain sentence, which
// repeats no name but the one already saved.
func TestEveryNameProblemHasPlainWords(t *testing.T) {
	if NameProblem(nil) != "" {
		t.Error("a name that can be used has a problem")
	}
	var errs []error
	for p := keystore.ProblemNameEmpty; p <= keystore.ProblemNameControl; p++ {
		errs = append(errs, &keystore.Error{Kind: keystore.Invalid, Problem: p})
	}
	errs = append(errs,
		&keys.NameTakenError{Name: "Production CRM"},
		&keys.LimitError{Max: keys.MaxKeys},
		errors.New("keys: list file locked"),
		&keystore.LockError{Err: keystore.ErrLockTimeout},
	)
	seen := map[string]bool{}
	for _, err := range errs {
		msg := NameProblem(err)
		if msg == "" || !strings.HasSuffix(msg, ".") {
			t.Errorf("%v: %q", err, msg)
		}
		if j := jargonIn(msg, plainJargon); j != "" {
			t.Errorf("%v: %q has the jargon %q", err, msg, j)
		}
		if seen[msg] && !strings.HasPrefix(msg, "Something went wrong") {
			t.Errorf("%v: %q is said of another problem too", err, msg)
		}
		seen[msg] = true
	}
	if got := NameProblem(&keys.NameTakenError{Name: "Production CRM"}); !strings.Contains(got, "“Production CRM”") || !strings.Contains(got, "capital letters") {
		t.Errorf("a name taken says %q", got)
	}
	if got := NameProblem(&keys.LimitError{Max: 25}); got != "OnceHub keeps up to 25 keys per account, and OnceKey keeps 25 already. Delete a key you no longer use in OnceHub, then remove it here too." {
		t.Errorf("the 26th key is refused with %q", got)
	}
}

// Every kind of test has a word for the list of keys, and only the kinds
// that say the key itself was refused are called Refused.
func TestEveryKindHasAListWord(t *testing.T) {
	words := map[string]bool{"Works": true, "Refused": true, "Could not test": true, "Not tested": true}
	for k := apiclient.Works; !strings.HasPrefix(k.String(), "kind("); k++ {
		w := LastTestWord(&keystore.TestRecord{At: time.Unix(1, 0), Result: k.String()})
		if !words[w] {
			t.Errorf("%v: %q", k, w)
		}
		if (w == "Refused") != (k == apiclient.NotRecognised || k == apiclient.NoAPIAccess || k == apiclient.InvalidKey) {
			t.Errorf("%v is called %q", k, w)
		}
	}
	if got := LastTestWord(nil); got != "Not tested" {
		t.Errorf("a key never tested is %q", got)
	}
	if got := LastTestWord(&keystore.TestRecord{At: time.Unix(1, 0), Result: "from-a-newer-oncekey"}); got != "Tested" {
		t.Errorf("a result a newer OnceKey wrote is %q", got)
	}
}

func TestAge(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	day := 24 * time.Hour
	for back, want := range map[time.Duration]string{
		0:                   "saved just now",
		3 * time.Hour:       "saved 3 hours ago",
		3 * day:             "saved 3 days ago",
		59 * day:            "saved 59 days ago",
		60 * day:            "saved 2 months ago",
		182 * day:           "saved 6 months ago",
		7*30*day + 12*day:   "saved 7 months ago",
		729 * day:           "saved 24 months ago",
		730 * day:           "saved 2 years ago",
		3*365*day + 100*day: "saved 3 years ago",
	} {
		if got := Age(now.Add(-back), now); got != want {
			t.Errorf("a key saved %v ago: %q, want %q", back, got, want)
		}
	}
	if got := Age(time.Time{}, now); got != "age unknown" {
		t.Errorf("a key of unknown age: %q", got)
	}
}

func TestAgeReminder(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	day := 24 * time.Hour
	for _, c := range []struct {
		age, after time.Duration
		want       string
	}{
		{214 * day, 182 * day, "Saved 7 months ago. OnceHub advises a new key at least every 6 months."},
		{400 * day, 364 * day, "Saved 13 months ago. OnceHub advises a new key at least every 6 months."},
		{92 * day, 91 * day, "Saved 3 months ago. Your settings ask for a new key every 3 months, and OnceHub advises one at least every 6 months."},
		{31 * day, 30 * day, "Saved 31 days ago. Your settings ask for a new key every month, and OnceHub advises one at least every 6 months."},
	} {
		if got := AgeReminder(now.Add(-c.age), now, c.after); got != c.want {
			t.Errorf("a key %v old, reminded after %v: %q, want %q", c.age, c.after, got, c.want)
		}
	}
}

func TestRotateAfterLabels(t *testing.T) {
	seen := map[string]bool{}
	for n := 1; n <= 24; n++ {
		l := RotateAfterLabel(n)
		if seen[l] || !strings.Contains(l, "month") {
			t.Errorf("%d months: %q", n, l)
		}
		seen[l] = true
	}
	if RotateAfterLabel(6) != "6 months (OnceHub's advice)" || RotateAfterLabel(1) != "1 month" {
		t.Errorf("labels %q, %q", RotateAfterLabel(6), RotateAfterLabel(1))
	}
}

func TestTestAllWords(t *testing.T) {
	for _, c := range []struct {
		works, refused, trouble int
		want                    string
	}{
		{5, 1, 1, "5 work, 1 refused, 1 could not be tested."},
		{1, 0, 0, "1 works."},
		{0, 2, 0, "2 refused."},
		{0, 0, 3, "3 could not be tested."},
		{0, 0, 0, "0 work."},
	} {
		if got := TestAllSummary(c.works, c.refused, c.trouble); got != c.want {
			t.Errorf("%d/%d/%d: %q, want %q", c.works, c.refused, c.trouble, got, c.want)
		}
	}
	if got := TestAllProgress(3, 7, "Production CRM"); got != "Testing 3 of 7: Production CRM" {
		t.Errorf("progress %q", got)
	}
	if got := TestAllWaiting(12 * time.Second); got != "Waiting 12 seconds: OnceHub asked for a pause." {
		t.Errorf("waiting %q", got)
	}
	if got := TestAllRefused([]string{"A", "B"}); !strings.HasPrefix(got, "Refused by OnceHub: “A”, “B”.") {
		t.Errorf("refused %q", got)
	}
	if got := TestAllTrouble([]string{"C"}); !strings.HasPrefix(got, "Could not be tested: “C”.") {
		t.Errorf("trouble %q", got)
	}
	for _, s := range []string{TestAllStopped(3, 7), TestAllCount(3, 7), TestAllRefused([]string{"A"}), TestAllTrouble([]string{"A"})} {
		if j := jargonIn(s, append(plainJargon, outcomeJargon...)); j != "" {
			t.Errorf("%q has the jargon %q", s, j)
		}
	}
}

func TestRenameAndRemoveNameTheKey(t *testing.T) {
	if got := RenameWarning(`Old "CRM"`); !strings.Contains(got, `oncekey print --name "Old \"CRM\""`) {
		t.Errorf("the rename warning does not give the command as typed: %q", got)
	}
	q := RemoveQuestionOf(keystore.KeyInfo{Name: "Staging", Ending: "1a2b"}, true, keystore.PlaceGNOMEKeyring)
	if !strings.HasPrefix(q, "OnceKey will remove “Staging”, the key ending in 1a2b, from GNOME Keyring. ") ||
		!strings.Contains(q, "OnceHub cannot show this key again") || !strings.Contains(q, "not a backup") {
		t.Errorf("the question %q", q)
	}
	if got := RemovedNamedNote("Staging", ""); got != "“Staging” was removed." {
		t.Errorf("removed %q", got)
	}
}

// The fixed sentences are plain words too.
func TestKeysSentencesArePlain(t *testing.T) {
	for _, s := range []string{AddKeyIntro(), AddKeyNameHint(), NoNote(), NotePlaceholder(), RotateAfterExplained(), Renaming(), SavingNote(), AddedNote("Zapier"),
		RenameCaseOnly(), NoteLooksLikeKey(), TestAllPaceExplained(), RenameChangedMeanwhile(), RenamedElsewhere("A", "B"), AddKeyRenameFirst("default")} {
		if s == "" {
			t.Error("an empty sentence")
		}
		if j := jargonIn(s, append(plainJargon, outcomeJargon...)); j != "" {
			t.Errorf("%q has the jargon %q", s, j)
		}
	}
	if !strings.Contains(FirstRunIntro(), createKeyClicks()) || !strings.Contains(AddKeyIntro(), createKeyClicks()) {
		t.Error("first run and Add key do not give the same clicks")
	}
}

// Every way a note can be refused has its own plain sentence; a note that
// could be a key says why in words an admin reads, and where to write.
func TestNoteWords(t *testing.T) {
	if NoteProblem(nil) != "" {
		t.Error("a note that can be kept has a problem")
	}
	seen := map[string]bool{}
	for _, err := range []error{
		&keys.NoteError{Problem: keys.NoteTooLong},
		&keys.NoteError{Problem: keys.NoteControl},
		&keys.NoteError{Problem: keys.NoteLooksLikeKey},
		&keys.NoteError{Problem: 99},
		&keys.GoneError{Name: "Staging"},
		&keys.ListUnusableError{Err: errors.New("read keys.json: permission denied")},
		&keys.ListUnusableError{Err: &keystore.LockError{Err: keystore.ErrLockTimeout}},
		errors.New("keys: something else"),
	} {
		for _, msg := range []string{NoteProblem(err), NoteNotSaved(err)} {
			if msg == "" || !strings.HasSuffix(msg, ".") {
				t.Errorf("%v: %q", err, msg)
			}
			if j := jargonIn(msg, append(plainJargon, outcomeJargon...)); j != "" || strings.Contains(msg, "keys.json") {
				t.Errorf("%v: %q has the jargon %q", err, msg, j)
			}
		}
		if msg := NoteProblem(err); seen[msg] {
			t.Errorf("%v: %q is said of another problem too", err, msg)
		} else {
			seen[msg] = true
		}
		if msg := NoteNotSaved(err); !strings.HasPrefix(msg, "The note was not saved") {
			t.Errorf("%v: after Save the window says %q", err, msg)
		}
	}
	want := "That looks like a key, or a long web or e-mail address. Notes are kept in a plain file, so a key must never go there: " +
		"write where the key is used, such as Zapier or HubSpot."
	if got := NoteProblem(&keys.NoteError{Problem: keys.NoteLooksLikeKey}); got != want {
		t.Errorf("a note that could be a key says %q, want %q", got, want)
	}
	if got := NoteProblem(&keys.NoteError{Problem: keys.NoteTooLong}); got != "A note can have at most 200 characters." {
		t.Errorf("a long note says %q", got)
	}
}

func TestRenameWords(t *testing.T) {
	if got := RenamedHere("Staging", "Staging EU"); got != "“Staging” is now named “Staging EU”. Scripts and tools that ask OnceKey for “Staging” must now ask for “Staging EU”." {
		t.Errorf("renamed %q", got)
	}
	// OnceKey finds a key by its name ignoring case: scripts keep working.
	if got := RenamedHere("staging", "Staging"); strings.Contains(got, "Scripts") {
		t.Errorf("a change of capital letters says %q", got)
	}
	if !strings.Contains(RenameCaseOnly(), "still find it") {
		t.Errorf("the case-only line says %q", RenameCaseOnly())
	}
	if got := RenamedElsewhere("Staging", "Stage"); got != "Another OnceKey window or script renamed “Staging” to “Stage”." {
		t.Errorf("renamed elsewhere %q", got)
	}
	lock := ListUnusable(&keys.ListUnusableError{Err: &keystore.LockError{Err: keystore.ErrLockTimeout}})
	other := ListUnusable(&keys.ListUnusableError{Err: errors.New("disk full")})
	if lock == other || !strings.Contains(lock, "nothing was changed") || !strings.Contains(other, "nothing was changed") {
		t.Errorf("the list's trouble says %q and %q", lock, other)
	}
	// Shown with one key saved, when there is no list to select it in.
	if got := AddKeyRenameFirst("default"); !strings.Contains(got, "“default”") || !strings.Contains(got, "choose Rename beside its name") ||
		strings.Contains(got, "list") {
		t.Errorf("Add key's word about the first key says %q", got)
	}
	// Removing a key from OnceKey frees no place among OnceHub's 25.
	if got := ListFullHere(25); !strings.Contains(got, "Delete a key you no longer use in OnceHub, then remove it here too.") {
		t.Errorf("a full list says %q", got)
	}
}

func TestPaceLabels(t *testing.T) {
	var got []string
	for n := 1; n <= keys.MaxPace; n++ {
		got = append(got, PaceLabel(n, keys.DefaultPace))
	}
	if s := strings.Join(got, ", "); s != "1, 2 (recommended), 3, 4" {
		t.Errorf("the pace's labels are %s", s)
	}
	if !strings.Contains(TestAllPaceExplained(), "5 requests a second") {
		t.Errorf("the pace's explanation %q does not give OnceHub's limit", TestAllPaceExplained())
	}
}

func TestRemoveQuestionIsTrueToTheKey(t *testing.T) {
	plain := RemoveQuestionOf(keystore.KeyInfo{Name: "Zapier", Ending: "1a2b",
		LastTest: &keystore.TestRecord{Result: "works"}}, true, keystore.PlaceGNOMEKeyring)
	if !strings.HasPrefix(plain, "OnceKey will remove “Zapier”, the key ending in 1a2b, from GNOME Keyring.") ||
		!strings.Contains(plain, "It keeps working in OnceHub") || strings.Contains(plain, "rotation") {
		t.Errorf("a working key: %q", plain)
	}
	// The one key, not named: its ending and where it is.
	one := RemoveQuestionOf(keystore.KeyInfo{Name: "default", Ending: "1a2b"}, false, keystore.PlaceGNOMEKeyring)
	if !strings.HasPrefix(one, "OnceKey will remove the key ending in 1a2b from GNOME Keyring.") || strings.Contains(one, "default") {
		t.Errorf("the one key: %q", one)
	}
	if got := RemoveQuestionOf(keystore.KeyInfo{Name: "default"}, false, keystore.PlaceSession); !strings.Contains(got, "from this session") {
		t.Errorf("a session-only key: %q", got)
	}
	// Not tested, or the test said nothing about the key: it may work or not.
	for _, rec := range []*keystore.TestRecord{nil, {Result: "unreachable"}, {Result: "rate-limited"}, {Result: "some-future-result"}} {
		q := RemoveQuestionOf(keystore.KeyInfo{Name: "Zapier", Ending: "1a2b", LastTest: rec}, true, keystore.PlaceGNOMEKeyring)
		if !strings.Contains(q, "If it still works in OnceHub, it keeps working") || strings.Contains(q, "It keeps working") ||
			!strings.Contains(q, "cannot show this key again") {
			t.Errorf("last test %+v: %q", rec, q)
		}
	}
	// 403: OnceHub knows the key, but the plan has no API access.
	noAccess := RemoveQuestionOf(keystore.KeyInfo{Name: "Zapier", Ending: "1a2b",
		LastTest: &keystore.TestRecord{Result: "no-api-access"}}, true, keystore.PlaceGNOMEKeyring)
	if !strings.Contains(noAccess, "OnceHub still knows it, but this account's plan has no API access, so no tool can use it now.") ||
		strings.Contains(noAccess, "keeps working") || !strings.Contains(noAccess, "unless you delete it in OnceHub") {
		t.Errorf("a key without API access: %q", noAccess)
	}
	refused := RemoveQuestionOf(keystore.KeyInfo{Name: "Zapier", Ending: "1a2b",
		LastTest: &keystore.TestRecord{Result: "not-recognised"}}, true, keystore.PlaceGNOMEKeyring)
	if strings.Contains(refused, "keeps working") || !strings.Contains(refused, "OnceHub no longer knows it") ||
		!strings.Contains(refused, "cannot show this key again") {
		t.Errorf("a key OnceHub refuses: %q", refused)
	}
	rotating := RemoveQuestionOf(keystore.KeyInfo{Name: "default", Ending: "1a2b",
		Retiring: &keystore.RetiringInfo{Ending: "9z8y"}}, false, keystore.PlaceGNOMEKeyring)
	if !strings.HasPrefix(rotating, "OnceKey will remove the key ending in 1a2b from") ||
		!strings.Contains(rotating, "also forgets the old key ending in 9z8y") {
		t.Errorf("a key with a rotation pending: %q", rotating)
	}
}

// A new key tested in Rotate was made a moment ago: it cannot have been
// deleted or regenerated since.
func TestCandidateOutcome(t *testing.T) {
	o := apiclient.NewOutcome(apiclient.NotRecognised, "", true)
	got := CandidateOutcome(o)
	if got.Summary != "OnceHub does not recognise this new key." || strings.Contains(got.Summary+got.NextStep, "deleted") {
		t.Errorf("summary %q", got.Summary)
	}
	if !strings.HasPrefix(got.NextStep, "Check that you copied the whole key when OnceHub showed it; a key made a moment ago may take a little while to work.") ||
		!strings.Contains(got.NextStep, "Keep it anyway") || got.NextStep != CandidateNextStep(o.Kind) {
		t.Errorf("next step %q", got.NextStep)
	}
	if got.KeyFate != Outcome(o).KeyFate {
		t.Errorf("key fate %q", got.KeyFate)
	}
	// A 403 keeps its summary, with the candidate's next step.
	na := apiclient.NewOutcome(apiclient.NoAPIAccess, "", true)
	if got := CandidateOutcome(na); got.Summary != Outcome(na).Summary || got.NextStep != CandidateNextStep(na.Kind) {
		t.Errorf("no API access: %+v", got)
	}
	// Kinds that say nothing about the key are said as for any test.
	u := apiclient.NewOutcome(apiclient.Unreachable, "", false)
	if CandidateOutcome(u) != Outcome(u) {
		t.Errorf("unreachable: %+v", CandidateOutcome(u))
	}
}

// Forget is offered after the old key could not be checked, right after the
// admin said it was deleted: whether it still works is not known.
func TestForgetOldKeyIsHedged(t *testing.T) {
	for _, s := range []string{ForgetOldKeyQuestion("9z8y"), OldKeyForgotten("9z8y")} {
		if !strings.Contains(s, "old key ending in 9z8y") || !strings.Contains(s, "If it is still on OnceHub's API Keys page, it keeps working") ||
			strings.Contains(s, "It keeps working") {
			t.Errorf("%q", s)
		}
	}
	if !strings.Contains(ForgetOldKeyQuestion(""), "OnceHub cannot show it again") {
		t.Errorf("%q", ForgetOldKeyQuestion(""))
	}
}

// Help lists every shortcut in plain words, with the Mac's own key names
// on a Mac and no other system's there, in every language: a German
// keyboard says Strg and Entf, a French one Suppr, a Mac's Cmd in all.
func TestShortcutWords(t *testing.T) {
	defer SetLanguage("en")
	for _, lang := range Languages() {
		SetLanguage(lang)
		ctrl := tr("help.key.ctrl")
		for _, mac := range []bool{false, true} {
			list := Shortcuts(mac)
			if len(list) < 8 {
				t.Errorf("%s, mac %v: %d shortcuts", lang, mac, len(list))
			}
			seen := map[string]bool{}
			for _, s := range list {
				if s.Action == "" || s.Keys == "" {
					t.Errorf("%s, mac %v: an empty line %+v", lang, mac, s)
				}
				if seen[s.Keys] {
					t.Errorf("%s, mac %v: %s is listed twice", lang, mac, s.Keys)
				}
				seen[s.Keys] = true
				if (mac && (strings.Contains(s.Keys, ctrl) || strings.Contains(s.Keys, "Ctrl"))) || (!mac && strings.Contains(s.Keys, "Cmd")) {
					t.Errorf("%s, mac %v: the keys %q are another system's", lang, mac, s.Keys)
				}
				if j := jargonIn(s.Action, plainJargon); j != "" {
					t.Errorf("%q has the jargon %q", s.Action, j)
				}
			}
			for _, keys := range []string{"F1", tr("help.key.escape"), tr("help.key.upDown")} {
				if !seen[keys] {
					t.Errorf("%s, mac %v: Help does not list %s", lang, mac, keys)
				}
			}
			remove := map[bool]string{false: tr("help.key.delete"), true: "Cmd+" + tr("help.key.macDelete")}[mac]
			if !seen[remove] {
				t.Errorf("%s, mac %v: Help does not list %s for Remove", lang, mac, remove)
			}
			if !seen[map[bool]string{false: ctrl, true: "Cmd"}[mac]+"+T"] {
				t.Errorf("%s, mac %v: Help does not list Test's keys", lang, mac)
			}
		}
		for _, s := range []string{HelpTitle(), HelpIntro(), HelpClose()} {
			if j := jargonIn(s, plainJargon); s == "" || j != "" {
				t.Errorf("%q is empty or has the jargon %q", s, j)
			}
		}
	}
	SetLanguage("en")
	if got := Shortcuts(true)[4].Keys; got != "Cmd+Delete" {
		t.Errorf("English names the Mac's Remove %q", got)
	}
	SetLanguage("de")
	if got := Shortcuts(false)[0].Keys; got != "Strg+T" {
		t.Errorf("German names Test's keys %q", got)
	}
}

// Outside English a key's name sits between the language's quotation
// marks, and counts agree with their words.
func TestKeysWordsInOtherLanguages(t *testing.T) {
	defer SetLanguage("en")
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	day := 24 * time.Hour
	cases := []struct {
		lang string
		say  func() string
		want string
	}{
		{"de", func() string { return AddedNote("Zapier") }, "„Zapier“ wurde gespeichert."},
		{"fr", func() string { return AddedNote("Zapier") }, "La clé «\u00a0Zapier\u00a0» a été enregistrée."},
		{"es", func() string { return AddedNote("Zapier") }, "Se ha guardado «Zapier»."},
		{"de", func() string { return RemovedNamedNote("Staging", "1a2b") }, "„Staging“, der Schlüssel mit der Endung 1a2b, wurde entfernt."},
		{"de", func() string { return TestAllSummary(1, 2, 1) }, "1 funktioniert, 2 abgelehnt, 1 konnte nicht getestet werden."},
		{"fr", func() string { return TestAllSummary(2, 1, 3) }, "2 fonctionnent, 1 refusée, 3 n’ont pas pu être testées."},
		{"es", func() string { return TestAllRefused([]string{"A", "B"}) }, "Rechazadas por OnceHub: «A», «B». Selecciona una clave en la lista para ver por qué y qué hacer."},
		{"de", func() string { return TestAllStopped(3, 7) }, "Nach 3 von 7 Schlüsseln angehalten."},
		{"de", func() string { return Age(now.Add(-90*day), now) }, "vor 3 Monaten gespeichert"},
		{"fr", func() string { return Age(now, now) }, "enregistrée à l’instant"},
		{"es", func() string { return AgeReminder(now.Add(-92*day), now, 91*day) }, "Esta clave se guardó hace 3 meses. Tus ajustes piden una clave nueva cada 3 meses, y OnceHub aconseja una al menos cada 6 meses."},
		{"de", func() string { return RotateAfterLabel(1) }, "1 Monat"},
		// The choices follow "Neuen Schlüssel vorschlagen nach", so dative.
		{"de", func() string { return RotateAfterLabel(3) }, "3 Monaten"},
		{"de", func() string { return RotateAfterLabel(6) }, "6 Monaten (empfohlen)"},
		{"fr", func() string { return ListFullHere(25) }, "OnceHub accepte jusqu’à 25 clés par compte, et OnceKey en garde déjà 25. Supprimez dans OnceHub une clé que vous n’utilisez plus, puis retirez-la aussi de OnceKey."},
		{"de", func() string { return RenameWarning("CRM") }, "Skripte und Tools, die OnceKey über den Namen nach diesem Schlüssel fragen, etwa oncekey print --name \"CRM\", finden ihn dann nicht mehr. Stellen Sie sie auf den neuen Namen um."},
		{"es", func() string { return WindowDidNotStart("oncekey-window") }, "No se pudo iniciar la ventana de OnceKey (oncekey-window)."},
		{"fr", func() string {
			title, _ := TrayTestNotice("CRM", "1a2b", apiclient.Outcome{Kind: apiclient.Works})
			return title
		}, "CRM\u00a0: clé qui se termine par 1a2b"},
	}
	for _, c := range cases {
		SetLanguage(c.lang)
		if got := c.say(); got != c.want {
			t.Errorf("%s: %q, want %q", c.lang, got, c.want)
		}
	}
	// Every choice of the settings stays one of its own in every language,
	// as the settings find the choice by its label.
	for _, lang := range Languages() {
		SetLanguage(lang)
		seen := map[string]bool{}
		for n := 1; n <= 24; n++ {
			if l := RotateAfterLabel(n); seen[l] || !strings.Contains(l, strconv.Itoa(n)) {
				t.Errorf("%s: %d months is %q", lang, n, l)
			} else {
				seen[l] = true
			}
		}
	}
}
