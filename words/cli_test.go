package words

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
)

func TestTestReport(t *testing.T) {
	refused := apiclient.NewOutcome(apiclient.NotRecognised, "", true)
	refused.Status, refused.RequestID = 401, "req_7"
	lines := TestReport(refused, "Zapier")
	if len(lines) != 2 || !strings.HasSuffix(lines[0], `save it in place of this one with: oncekey set --name "Zapier" --replace.`) ||
		strings.Contains(lines[0], "Rotate") || lines[1] != "Details: HTTP status 401 · Request-Id req_7" {
		t.Errorf("a refused saved key: %q", lines)
	}
	if lines := TestReport(refused, ""); strings.Contains(lines[0], "oncekey set") ||
		!strings.HasSuffix(lines[0], "create a new key at "+apiclient.KeysPageURL+".") {
		t.Errorf("a refused key from standard input: %q", lines)
	}

	ok := apiclient.NewOutcome(apiclient.Works, "", true)
	ok.Account, ok.Status, ok.RequestID = "admin@example.com", 200, "req_8"
	if lines := TestReport(ok, keystore.DefaultName); len(lines) != 1 || lines[0] != "Works: this key is valid for account admin@example.com." {
		t.Errorf("a working key: %q", lines)
	}

	limited := apiclient.NewOutcome(apiclient.RateLimited, "", true)
	limited.RetryAfter = 12 * time.Second
	if lines := TestReport(limited, keystore.DefaultName); !strings.HasSuffix(lines[0], "Try again in 12 seconds.") {
		t.Errorf("a pause: %q", lines)
	}
	// Nothing else differs from the window's words.
	if OutcomeForScripts(limited, "x") != Outcome(limited) {
		t.Error("OutcomeForScripts changed more than the next step of a refused key")
	}
}

func TestStatusLine(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	rec := func(result, account string) *keystore.TestRecord {
		return &keystore.TestRecord{At: now.Add(-2 * time.Hour), Result: result, Account: account}
	}
	cases := []struct {
		info keystore.KeyInfo
		want string
	}{
		{keystore.KeyInfo{Name: "default"}, "default: the key ending in 1a2b; not tested yet"},
		{keystore.KeyInfo{Name: "default", SavedAt: now.Add(-3 * time.Hour), LastTest: rec("works", "admin@example.com")},
			"default: the key ending in 1a2b, saved 3 hours ago; last test 2 hours ago: works, account admin@example.com"},
		{keystore.KeyInfo{Name: "Zapier", LastTest: rec("works", "")}, "Zapier: the key ending in 1a2b; last test 2 hours ago: works"},
		{keystore.KeyInfo{Name: "Zapier", LastTest: rec("not-recognised", "")}, "Zapier: the key ending in 1a2b; last test 2 hours ago: did not work (not recognised)"},
		{keystore.KeyInfo{Name: "Zapier", LastTest: rec("no-api-access", "")}, "Zapier: the key ending in 1a2b; last test 2 hours ago: did not work (no API access)"},
		{keystore.KeyInfo{Name: "Zapier", LastTest: rec("from-a-newer-version", "")}, "Zapier: the key ending in 1a2b; last test 2 hours ago: did not work (from a newer version)"},
		{keystore.KeyInfo{Name: "recent", SavedAt: now.Add(-95 * 24 * time.Hour)},
			"recent: the key ending in 1a2b, saved 95 days ago; not tested yet"},
		{keystore.KeyInfo{Name: "old", SavedAt: now.Add(-190 * 24 * time.Hour)},
			"old: the key ending in 1a2b, saved 190 days ago (over 6 months old: OnceHub advises a new key at least every 6 months); not tested yet"},
	}
	for _, c := range cases {
		if got := StatusLine(c.info, "1a2b", now); got != c.want {
			t.Errorf("got  %q\nwant %q", got, c.want)
		}
	}
}

// A key a rotation is retiring is named once as the old key, with its
// ending when it has one.
func TestStatusLineRetiring(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	const rest = " is kept beside it until it is deleted in OnceHub (then press \"I deleted the old key\" in the OnceKey window)"
	info := keystore.KeyInfo{Name: "CRM", Retiring: &keystore.RetiringInfo{Ending: "9z8y"}}
	if got, want := StatusLine(info, "1a2b", now), "CRM: the key ending in 1a2b; not tested yet; the old key ending in 9z8y"+rest; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	info.Retiring.Ending = ""
	if got, want := StatusLine(info, "1a2b", now), "CRM: the key ending in 1a2b; not tested yet; the old key"+rest; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// Every kind a test can have is named in a status line in words of its own.
func TestStatusLineNamesEveryKind(t *testing.T) {
	for k := apiclient.Works + 1; k <= apiclient.Cancelled; k++ {
		info := keystore.KeyInfo{Name: "k", LastTest: &keystore.TestRecord{At: time.Now(), Result: k.String()}}
		if got := StatusLine(info, "1a2b", time.Now()); !strings.Contains(got, "did not work (") || strings.Contains(got, "-") {
			t.Errorf("%v: %q", k, got)
		}
	}
}

func TestCommandsInWords(t *testing.T) {
	// Always with --name: with several keys saved, a bare "oncekey set"
	// would be refused.
	if got := SetCommand(keystore.DefaultName); got != `oncekey set --name "default"` {
		t.Errorf("SetCommand(default) = %q", got)
	}
	if got := SetCommand("Production CRM"); got != `oncekey set --name "Production CRM"` {
		t.Errorf("SetCommand(a name with a space) = %q", got)
	}
	if got := NoKeyNamed("Zapier"); !strings.HasSuffix(got, `with: oncekey set --name "Zapier"`) {
		t.Errorf("NoKeyNamed: %q", got)
	}
	u := Usage()
	if !strings.Contains(u, `With none, NAME is "default".`) || !strings.Contains(u, "(default "+apiclient.DefaultBaseURL+")") ||
		!strings.HasSuffix(u, "\n") {
		t.Errorf("Usage lacks its facts:\n%s", u)
	}
}

func TestListWords(t *testing.T) {
	got := ListReset(filepath.Join("settings", "OnceKey", "keys.json.corrupt-1"))
	if !strings.HasSuffix(got, " The damaged list was kept as keys.json.corrupt-1.") || strings.Contains(got, "settings") {
		t.Errorf("ListReset names the kept file badly: %q", got)
	}
	if got := ListReset(""); strings.Contains(got, "kept as") {
		t.Errorf("ListReset with nothing kept: %q", got)
	}
	// Nothing to do: the list is made again from the keychain.
	if strings.Contains(got, "oncekey") || !strings.Contains(got, "Your keys are still in the keychain") {
		t.Errorf("ListReset: %q", got)
	}

	pe := &fs.PathError{Op: "open", Path: "keys.json", Err: fs.ErrPermission}
	wrapped := fmt.Errorf("some wording around it: %w", pe)
	if got := ListUnreadable(wrapped); got != "OnceKey could not read its list of key names: open keys.json: permission denied" {
		t.Errorf("ListUnreadable: %q", got)
	}
	le := &keys.ListError{Err: errors.New("disk full")}
	if got := SavedNotListed(le); got != "The key is saved, but its name and date could not be recorded: disk full" {
		t.Errorf("SavedNotListed: %q", got)
	}
	if got := TestNotRecorded(le); got != "The result could not be recorded: disk full" {
		t.Errorf("TestNotRecorded: %q", got)
	}
}

func TestSavedAndRemoved(t *testing.T) {
	if got := Saved("1a2b", "default", keystore.PlaceGNOMEKeyring); got != `Saved the key ending in 1a2b as "default". Stored in GNOME Keyring.` {
		t.Errorf("Saved: %q", got)
	}
	if got := Removed(keystore.KeyInfo{Name: "Zapier", Ending: "9z8y"}); got != `Removed the key ending in 9z8y ("Zapier") from the keychain.` {
		t.Errorf("Removed: %q", got)
	}
	if got := Removed(keystore.KeyInfo{Name: "Zapier"}); got != `Removed the key "Zapier" from the keychain.` {
		t.Errorf("Removed without an ending: %q", got)
	}
	// Remove takes a pending rotation's old key with it: that is said.
	rotating := keystore.KeyInfo{Name: "Zapier", Ending: "1a2b", Retiring: &keystore.RetiringInfo{Ending: "9z8y"}}
	if got := Removed(rotating); got != `Removed the key ending in 1a2b ("Zapier"), and the old key ending in 9z8y kept from a rotation, from the keychain.` {
		t.Errorf("Removed with a retiring key: %q", got)
	}
	rotating.Retiring.Ending = ""
	if got := Removed(rotating); !strings.Contains(got, ", and the old key kept from a rotation,") {
		t.Errorf("Removed with a retiring key of unknown ending: %q", got)
	}
	// Removing a key from OnceKey frees no place in OnceHub.
	if got := ListFull(25); !strings.HasPrefix(got, "OnceKey already keeps 25 keys,") || !strings.Contains(got, "Delete a key you no longer use in OnceHub, then remove it here too") {
		t.Errorf("ListFull: %q", got)
	}
}

// Every error a command can meet has a sentence of its own, in plain
// words: none repeats the error's own text.
func TestCommandFailed(t *testing.T) {
	fileErr := &fs.PathError{Op: "open", Path: "/home/admin/.config/OnceKey/keys.json", Err: fs.ErrPermission}
	cases := []struct {
		err  error
		want string
	}{
		{&keystore.Error{Kind: keystore.NotFound, Op: "read"}, `No key named "Zapier" is saved.`},
		{&keys.ChooseNameError{Names: []string{"A", "B"}}, `2 keys are saved: "A", "B".`},
		{&keys.LimitError{Max: 25}, "already keeps 25 keys"},
		{&keys.NameTakenError{Name: "zapier"}, `A key named "zapier" is saved already`},
		{&keys.ListUnusableError{Err: fileErr}, "could not read or write its list of key names, so nothing was changed"},
		{&keys.ListUnusableError{Err: &keystore.LockError{Path: "keys.lock", Err: keystore.ErrLockTimeout}}, "changing the list of keys right now, so nothing was changed"},
		{&keystore.LockError{Path: "keys.lock", Err: keystore.ErrLockTimeout}, "changing the list of keys right now"},
		{&keystore.Error{Kind: keystore.Locked, Op: "read"}, "Your keychain is locked"},
		{&keys.ListError{Err: fileErr}, "list of key names could not be written"},
		{&keys.ChangedError{Name: "Zapier"}, `changed the key "Zapier" meanwhile, so nothing was done`},
		{&keys.GoneError{Name: "Zapier"}, `No key named "Zapier" is saved.`},
		{&keys.RotationPendingError{Name: "Zapier", Ending: "9z8y"}, `The last rotation of "Zapier" is not finished: OnceKey still keeps the old key ending in 9z8y.`},
		{&keys.NoteError{Problem: keys.NoteTooLong}, "at most 200 characters"},
		{keys.ErrSameKey, "already saved under that name"},
		{keys.ErrBusy, "already under way"},
		{fmt.Errorf("wrapped: %w", context.Canceled), "Stopped before it was done."},
		{context.DeadlineExceeded, "took too long"},
		{&apiclient.ConfigError{Setting: "ONCEKEY_API_URL", Problem: apiclient.ConfigNotHTTPS}, "must start with https://"},
		{&apiclient.InputError{Problem: apiclient.InputTooShort, Len: 5}, "short"},
		{errors.New("keys: list unusable, nothing changed: open keys.json: permission denied"), "Something went wrong that OnceKey did not expect. Try again"},
	}
	seen := map[string]error{}
	for _, c := range cases {
		got := CommandFailed("Zapier", c.err)
		if !strings.Contains(got, c.want) {
			t.Errorf("%T: %q, want it to say %q", c.err, got, c.want)
		}
		if j := jargonIn(got, append(plainJargon, "keys:", "keys.json", "permission denied", "keys.lock", "/home", "wrapped")); j != "" {
			t.Errorf("%T: %q has the jargon %q", c.err, got, j)
		}
		if other, dup := seen[got]; dup && !isNotFound(other) {
			t.Errorf("%T and %T are both said as %q", other, c.err, got)
		}
		seen[got] = c.err
	}
	if CommandFailed("Zapier", nil) != "" {
		t.Error("no error has a sentence")
	}
	// test --all's line about a key not tested has no raw text either.
	got := TestAllKeyTrouble("Zapier", errors.New("keys: something internal"))
	if !strings.HasPrefix(got, "Zapier: not tested: Something went wrong that OnceKey did not expect.") || strings.Contains(got, "internal") {
		t.Errorf("TestAllKeyTrouble's last resort: %q", got)
	}
	if got := TestAllKeyTrouble("Zapier", &keys.ListUnusableError{Err: fileErr}); strings.Contains(got, "permission") {
		t.Errorf("TestAllKeyTrouble: %q", got)
	}
}

// isNotFound: a key gone from the keychain and one gone from the list say
// the same thing, on purpose.
func isNotFound(err error) bool {
	var gone *keys.GoneError
	return keystore.IsNotFound(err) || errors.As(err, &gone)
}

func TestPaceWords(t *testing.T) {
	if got := PaceNeedsAll(); !strings.Contains(got, "oncekey test --all") || !strings.HasPrefix(got, "--pace") {
		t.Errorf("PaceNeedsAll: %q", got)
	}
	if got := TestAllWaitingFor("CRM", 2*time.Second, true); got != `OnceHub asked for a pause: testing "CRM" again in 2 seconds.` {
		t.Errorf("waiting to test again: %q", got)
	}
	// A pause left from the key before: this one was not tested yet.
	if got := TestAllWaitingFor("CRM", 2*time.Second, false); got != `OnceHub asked for a pause: testing "CRM" in 2 seconds.` {
		t.Errorf("waiting to test: %q", got)
	}
}

// German says "Details" too, and a key's line in test --all has no words
// of its own when it has no ending to show.
var (
	_ = allowSameAsEnglish("de", "cli.report.details", "cli.testAll.line.noEnding")
	_ = allowSameAsEnglish("es", "cli.testAll.line.noEnding")
)

// usageCommands are the commands the usage text lists, as typed: the same
// in every language.
func usageCommands(t *testing.T) []string {
	t.Helper()
	var cmds []string
	for _, line := range strings.Split(Usage(), "\n") {
		if !strings.HasPrefix(line, "  oncekey") {
			continue
		}
		if len(line) > 33 && line[32] == ' ' {
			line = line[:33] // the description starts in column 34
		}
		cmds = append(cmds, strings.TrimRight(line, " "))
	}
	if len(cmds) < 14 {
		t.Fatalf("the usage lists only %d commands: %q", len(cmds), cmds)
	}
	return cmds
}

// TestUsageInOtherLanguages: the commands stay as people type them, the
// default name sits between the language's quotation marks, and the
// facts are all there.
func TestUsageInOtherLanguages(t *testing.T) {
	defer SetLanguage("en")
	cmds := usageCommands(t)
	for lang, name := range map[string]string{"de": "„default“", "fr": "«\u00a0default\u00a0»", "es": "«default»"} {
		SetLanguage(lang)
		u := Usage()
		if !strings.Contains(u, name) || !strings.Contains(u, apiclient.DefaultBaseURL) || !strings.HasSuffix(u, "\n") {
			t.Errorf("%s: the usage lacks its facts:\n%s", lang, u)
		}
		for _, c := range cmds {
			if !strings.Contains(u, "\n"+c) {
				t.Errorf("%s: the usage does not list %q", lang, c)
			}
		}
		for _, v := range []string{"ONCEKEY_API_URL", "SSL_CERT_FILE", "HTTPS_PROXY, NO_PROXY", "--json", "127", "126"} {
			if !strings.Contains(u, v) {
				t.Errorf("%s: the usage does not name %s", lang, v)
			}
		}
	}
}

// TestCommandLineInOtherLanguages: a name sits between the language's
// quotation marks, escaped only where it is not printable, while what is
// typed ("oncekey set --name ...", "--name ...") stays quoted for a shell;
// French puts its space before ":" and ";".
func TestCommandLineInOtherLanguages(t *testing.T) {
	defer SetLanguage("en")
	name := "CRM \"prod\"\n"
	typed := `oncekey set --name "CRM \"prod\"\n"`
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	rotating := keystore.KeyInfo{Name: "CRM", SavedAt: now.Add(-3 * time.Hour), Retiring: &keystore.RetiringInfo{Ending: "9z8y"}}
	for lang, want := range map[string]struct{ noKey, renamed, status, choose string }{
		"de": {
			"Unter dem Namen „CRM \"prod\"\\n“ ist kein Schlüssel gespeichert.",
			"„A“ wurde in „B b“ umbenannt. Skripte, die --name \"A\" verwenden, müssen jetzt --name \"B b\" verwenden.",
			"CRM: der Schlüssel mit der Endung 1a2b, vor 3 Stunden gespeichert; noch nicht getestet; der alte Schlüssel mit der Endung 9z8y wird daneben aufbewahrt, bis er in OnceHub gelöscht ist (klicken Sie dann im OnceKey-Fenster auf „Alter Schlüssel gelöscht“)",
			"Es sind 2 Schlüssel gespeichert: „A“, „B b“. Geben Sie mit --name an, welcher gemeint ist, zum Beispiel: --name \"A\"",
		},
		"fr": {
			"Aucune clé nommée «\u00a0CRM \"prod\"\\n\u00a0» n’est enregistrée.",
			"La clé «\u00a0A\u00a0» a été renommée en «\u00a0B b\u00a0». Les scripts qui utilisent --name \"A\" doivent maintenant utiliser --name \"B b\".",
			"CRM\u00a0: la clé qui se termine par 1a2b, enregistrée il y a 3 heures\u00a0; pas encore testée\u00a0; l’ancienne clé qui se termine par 9z8y est gardée à côté jusqu’à sa suppression dans OnceHub (cliquez alors sur «\u00a0J’ai supprimé l’ancienne clé\u00a0» dans la fenêtre de OnceKey)",
			"2 clés sont enregistrées\u00a0: «\u00a0A\u00a0», «\u00a0B b\u00a0». Indiquez laquelle avec --name, par exemple\u00a0: --name \"A\"",
		},
		"es": {
			"No hay ninguna clave guardada con el nombre «CRM \"prod\"\\n».",
			"Se cambió el nombre de «A» a «B b». Los scripts que usan --name \"A\" deben usar ahora --name \"B b\".",
			"CRM: la clave que termina en 1a2b, guardada hace 3 horas; aún sin probar; la clave antigua que termina en 9z8y se guarda junto a ella hasta que se elimine en OnceHub (entonces pulsa «Ya eliminé la clave antigua» en la ventana de OnceKey)",
			"Hay 2 claves guardadas: «A», «B b». Indica cuál con --name, por ejemplo: --name \"A\"",
		},
	} {
		SetLanguage(lang)
		if got := NoKeyNamed(name); !strings.HasPrefix(got, want.noKey) || !strings.HasSuffix(got, typed) {
			t.Errorf("%s: NoKeyNamed = %q", lang, got)
		}
		if got := SetWouldReplace(name, "9z8y"); !strings.Contains(got, "9z8y") || !strings.HasSuffix(got, typed+" --replace") {
			t.Errorf("%s: SetWouldReplace = %q", lang, got)
		}
		if got := Renamed("A", "B b"); got != want.renamed {
			t.Errorf("%s: Renamed = %q, want %q", lang, got, want.renamed)
		}
		if got := StatusLine(rotating, "1a2b", now); got != want.status {
			t.Errorf("%s: StatusLine = %q\nwant %q", lang, got, want.status)
		}
		if got := ChooseName([]string{"A", "B b"}); got != want.choose {
			t.Errorf("%s: ChooseName = %q, want %q", lang, got, want.choose)
		}
		// Every kind of result that did not work has words of its own.
		seen := map[string]apiclient.Kind{}
		for k := apiclient.Works + 1; k <= apiclient.Cancelled; k++ {
			got := resultPhrase(k, true, k.String())
			if other, dup := seen[got]; dup || got == strings.ReplaceAll(k.String(), "-", " ") {
				t.Errorf("%s: %v is said as %q (as %v is)", lang, k, got, other)
			}
			seen[got] = k
		}
	}
}
