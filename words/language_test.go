package words

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// sameAsEnglish lists, by language, the messages that may read the same
// as in English: names of products and places, OnceHub's own labels, and
// words that are the same ("OK", "Details"). Each area's tests add theirs
// with allowSameAsEnglish.
var sameAsEnglish = map[string][]string{}

// allowSameAsEnglish lets the messages ids read in lang as in English; it
// returns true so that a test file can call it as var _ = ....
func allowSameAsEnglish(lang string, ids ...string) bool {
	sameAsEnglish[lang] = append(sameAsEnglish[lang], ids...)
	return true
}

// sameAsEnglishSlack is how many other messages may read as in English
// before the test says they were left untranslated.
const sameAsEnglishSlack = 3

// catalog is every message of one language: its ID and its forms
// ("other" alone for a message without plural forms).
type catalog map[string]map[string]string

// readCatalogs reads every locale file as plain JSON, by language and by
// area, so that the tests see the files as a translator writes them.
func readCatalogs(t *testing.T) (byLang map[string]catalog, areaOf map[string]map[string]string) {
	t.Helper()
	entries, err := localeFiles.ReadDir("locales")
	if err != nil {
		t.Fatal(err)
	}
	byLang = map[string]catalog{}
	areaOf = map[string]map[string]string{}
	for _, e := range entries {
		parts := strings.Split(strings.TrimSuffix(e.Name(), ".json"), ".")
		if len(parts) != 2 || !strings.HasSuffix(e.Name(), ".json") {
			t.Errorf("%s: a locale file is named AREA.LANGUAGE.json", e.Name())
			continue
		}
		area, lang := parts[0], parts[1]
		data, err := localeFiles.ReadFile("locales/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		var raw map[string]any
		if err := json.Unmarshal(data, &raw); err != nil {
			t.Errorf("%s: %v", e.Name(), err)
			continue
		}
		if byLang[lang] == nil {
			byLang[lang] = catalog{}
			areaOf[lang] = map[string]string{}
		}
		for id, v := range raw {
			if _, dup := byLang[lang][id]; dup {
				t.Errorf("%s: %q is also in %s.%s.json", e.Name(), id, areaOf[lang][id], lang)
			}
			areaOf[lang][id] = area
			switch v := v.(type) {
			case string:
				byLang[lang][id] = map[string]string{"other": v}
			case map[string]any:
				forms := map[string]string{}
				for f, s := range v {
					str, ok := s.(string)
					if !ok {
						t.Errorf("%s: %q form %q is not a string", e.Name(), id, f)
					}
					forms[f] = str
				}
				byLang[lang][id] = forms
			default:
				t.Errorf("%s: %q is neither a string nor a set of plural forms", e.Name(), id)
			}
		}
	}
	for _, tag := range supported {
		if byLang[tag.String()] == nil {
			t.Errorf("no messages in %s", tag)
		}
	}
	return byLang, areaOf
}

// TestLocaleFilesLoad loads every file as go-i18n does; it refuses, for
// example, a file whose IDs mix plural words such as "other" with others.
func TestLocaleFilesLoad(t *testing.T) {
	entries, _ := localeFiles.ReadDir("locales")
	if len(entries) == 0 {
		t.Fatal("no locale files are embedded")
	}
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	for _, e := range entries {
		data, _ := localeFiles.ReadFile("locales/" + e.Name())
		f, err := b.ParseMessageFileBytes(data, e.Name())
		if err != nil {
			t.Errorf("%s: %v", e.Name(), err)
			continue
		}
		if !slices.Contains(Languages(), f.Tag.String()) {
			t.Errorf("%s is for %s, which OnceKey does not offer", e.Name(), f.Tag)
		}
	}
}

var placeholder = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

func placeholders(forms map[string]string) []string {
	seen := map[string]bool{}
	for _, s := range forms {
		for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
			seen[m[1]] = true
		}
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// TestEveryLanguageIsComplete: each language has every English message,
// in the same area, with the same placeholders, the plural forms its
// grammar needs, and nothing English lacks.
func TestEveryLanguageIsComplete(t *testing.T) {
	byLang, areaOf := readCatalogs(t)
	en := byLang["en"]
	for _, tag := range supported[1:] {
		lang := tag.String()
		for id, enForms := range en {
			forms, ok := byLang[lang][id]
			if !ok {
				t.Errorf("%s: %q has no translation (English: %q)", lang, id, enForms["other"])
				continue
			}
			if areaOf[lang][id] != areaOf["en"][id] {
				t.Errorf("%s: %q is in %s.%s.json, English has it in %s.en.json", lang, id, areaOf[lang][id], lang, areaOf["en"][id])
			}
			if got, want := placeholders(forms), placeholders(enForms); !slices.Equal(got, want) {
				t.Errorf("%s: %q has placeholders %v, English has %v", lang, id, got, want)
			}
			// Which plural forms a language needs is TestEveryMessageSays's
			// to check, by counting.
			if _, enPlural := enForms["one"]; !enPlural && len(forms) != 1 {
				t.Errorf("%s: %q has plural forms, English has none", lang, id)
			}
		}
		for id := range byLang[lang] {
			if _, ok := en[id]; !ok {
				t.Errorf("%s: %q is not an English message", lang, id)
			}
		}
	}
	for id, forms := range en {
		if _, ok := forms["one"]; ok && forms["other"] == "" {
			t.Errorf("en: %q has a form for one but none for other", id)
		}
	}
}

// TestFewMessagesReadAsInEnglish catches a message copied in and never
// translated.
func TestFewMessagesReadAsInEnglish(t *testing.T) {
	byLang, _ := readCatalogs(t)
	for _, tag := range supported[1:] {
		lang := tag.String()
		var same []string
		for id, forms := range byLang[lang] {
			enForms := byLang["en"][id]
			if forms["other"] != enForms["other"] || slices.Contains(sameAsEnglish[lang], id) {
				continue
			}
			same = append(same, id)
		}
		sort.Strings(same)
		if len(same) > sameAsEnglishSlack {
			t.Errorf("%s: %d messages read as in English (at most %d may, beyond the list in sameAsEnglish): %v",
				lang, len(same), sameAsEnglishSlack, same)
		}
	}
}

// TestEveryMessageSays runs every message of every language with its
// placeholders filled: each one parses, none shows "<no value>", and one
// with plural forms has the form its language's grammar needs for each
// count (French says "0 jour", and "1 000 000 de jours").
func TestEveryMessageSays(t *testing.T) {
	byLang, _ := readCatalogs(t)
	defer SetLanguage("en")
	for _, lang := range Languages() {
		SetLanguage(lang)
		for id, forms := range byLang[lang] {
			var pairs []any
			for _, p := range placeholders(forms) {
				pairs = append(pairs, p, "x")
			}
			data := map[string]any{}
			for i := 0; i < len(pairs); i += 2 {
				data[pairs[i].(string)] = pairs[i+1]
			}
			counts := []any{nil}
			if _, ok := forms["one"]; ok {
				counts = nil
				for n := 0; n <= 112; n++ {
					counts = append(counts, n)
				}
				counts = append(counts, 1000000, 2000000)
			}
			for _, n := range counts {
				s, err := current.Load().localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: n})
				if err != nil || s == "" || strings.Contains(s, "<no value>") || strings.Contains(s, "{{") {
					t.Errorf("%s: %q (count %v) says %q: %v", lang, id, n, s, err)
				}
			}
		}
	}
}

// messageUse is one call of tr or trN in the package's code.
type messageUse struct {
	at     string
	id     string
	plural bool
	names  []string
}

// messageUses finds every tr and trN call in the package's own files.
func messageUses(t *testing.T) []messageUse {
	t.Helper()
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	var uses []messageUse
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn, ok := call.Fun.(*ast.Ident)
			if !ok || (fn.Name != "tr" && fn.Name != "trN") || len(call.Args) == 0 {
				return true
			}
			u := messageUse{at: fset.Position(call.Pos()).String(), plural: fn.Name == "trN"}
			if call.Ellipsis.IsValid() {
				t.Errorf("%s: %s's placeholders are named in the call, not passed as a slice", u.at, fn.Name)
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Errorf("%s: %s's message ID is not a string literal, so no test can check it", u.at, fn.Name)
				return true
			}
			u.id, _ = strconv.Unquote(lit.Value)
			rest := call.Args[1:]
			if u.plural {
				rest = rest[1:]
			}
			for i := 0; i < len(rest); i += 2 {
				name, ok := rest[i].(*ast.BasicLit)
				if !ok || name.Kind != token.STRING || i+1 >= len(rest) {
					t.Errorf("%s: placeholders are pairs of a quoted name and a value", u.at)
					break
				}
				s, _ := strconv.Unquote(name.Value)
				u.names = append(u.names, s)
			}
			sort.Strings(u.names)
			uses = append(uses, u)
			return true
		})
	}
	return uses
}

// TestCodeAndMessagesAgree: every message the code asks for is there in
// English, with plural forms exactly where the code passes a count, and the
// code names the placeholders that the message shows; and every English
// message is asked for somewhere.
func TestCodeAndMessagesAgree(t *testing.T) {
	byLang, _ := readCatalogs(t)
	en := byLang["en"]
	used := map[string]bool{}
	for _, u := range messageUses(t) {
		used[u.id] = true
		forms, ok := en[u.id]
		if !ok {
			t.Errorf("%s: no English message %q", u.at, u.id)
			continue
		}
		if _, hasOne := forms["one"]; hasOne != u.plural {
			t.Errorf("%s: %q: plural forms %v, but called with a count %v", u.at, u.id, hasOne, u.plural)
		}
		want := slices.DeleteFunc(placeholders(forms), func(p string) bool { return u.plural && p == "Count" })
		if !slices.Equal(u.names, want) {
			t.Errorf("%s: %q is given %v, its message shows %v", u.at, u.id, u.names, want)
		}
	}
	for id := range en {
		if !used[id] {
			t.Errorf("%q is in no call of tr or trN", id)
		}
	}
}

func TestLanguagesFromEnvironment(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, "en"},
		{map[string]string{"LANG": "de_DE.UTF-8"}, "de"},
		{map[string]string{"LANG": "fr_CA.UTF-8"}, "fr"},
		{map[string]string{"LANG": "es_MX.UTF-8@euro"}, "es"},
		{map[string]string{"LANG": "de_AT.UTF-8", "LC_MESSAGES": "fr_FR.UTF-8"}, "fr"},
		{map[string]string{"LANG": "de_AT.UTF-8", "LC_MESSAGES": "fr_FR.UTF-8", "LC_ALL": "es_ES.UTF-8"}, "es"},
		{map[string]string{"LANG": "de_DE.UTF-8", "LANGUAGE": "pt_BR:fr"}, "fr"},
		{map[string]string{"LANG": "pt_BR.UTF-8"}, "en"},
		{map[string]string{"LANG": "pt_BR.UTF-8", "LANGUAGE": "pt:es"}, "es"},
		// C and POSIX mean untranslated, whatever LANGUAGE says (gettext).
		{map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "de"}, "en"},
		{map[string]string{"LC_ALL": "POSIX", "LANG": "de_DE.UTF-8"}, "en"},
		{map[string]string{"LANG": "en_GB.UTF-8", "LANGUAGE": "de"}, "de"},
		{map[string]string{"LANG": "nonsense!"}, "en"},
	} {
		langs := languagesFromEnvironment(func(k string) string { return c.env[k] })
		got := SetLanguage(langs...)
		if got != c.want {
			t.Errorf("%v: %s (from %q), want %s", c.env, got, langs, c.want)
		}
	}
	SetLanguage("en")
}

func TestSaysTheLanguageChosen(t *testing.T) {
	defer SetLanguage("en")
	want := map[string]string{"en": "just now", "de": "gerade eben", "fr": "à l’instant", "es": "ahora mismo"}
	for lang, s := range want {
		SetLanguage(lang)
		if Language() != lang {
			t.Errorf("SetLanguage(%q): Language() is %q", lang, Language())
		}
		if got := tr("ago.justNow"); got != s {
			t.Errorf("%s: %q, want %q", lang, got, s)
		}
	}
	SetLanguage("fr")
	if got := trN("ago.days", 0); got != "il y a 0 jour" {
		t.Errorf("French says 0 in the singular: got %q", got)
	}
}
