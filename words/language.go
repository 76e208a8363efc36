package words

// One translation mechanism for both programs: go-i18n over the JSON files
// in locales/, embedded, one file per area and language
// ("outcome.de.json"). English is the source and the fallback: a message a
// language lacks is said in English rather than not at all (a test keeps
// every language complete). The command line imports this package, so
// nothing here may bring in Fyne.

import (
	"embed"
	"encoding/json"
	"os"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.json
var localeFiles embed.FS

// supported are the languages OnceKey speaks, English first: it is the
// fallback when none of the wanted languages is among them.
var supported = []language.Tag{language.English, language.German, language.French, language.Spanish}

var (
	matcher = language.NewMatcher(supported)
	// current is the language in use, set once at start from the system's
	// settings and again only by tests.
	current atomic.Pointer[speaker]
)

// speaker says messages in one language. Its messages are read from the
// embedded files on its first message, not at start: reading all four
// languages took about 6 ms and 3.5 MB at every start of either program,
// and a command such as "oncekey print" says nothing at all.
type speaker struct {
	tag       language.Tag
	once      sync.Once
	localizer *i18n.Localizer
}

func (s *speaker) localize(c *i18n.LocalizeConfig) (string, error) {
	s.once.Do(func() { s.localizer = i18n.NewLocalizer(bundleFor(s.tag), s.tag.String()) })
	return s.localizer.Localize(c)
}

var (
	bundlesMu sync.Mutex
	bundles   = map[language.Tag]*i18n.Bundle{} // by language, read once each
)

func init() { SetLanguage(systemLanguages()...) }

// bundleFor is the messages of English, the fallback, and of tag. A file
// that cannot be read is left out, so its language falls back to English;
// a test fails on it long before a user could see it.
func bundleFor(tag language.Tag) *i18n.Bundle {
	bundlesMu.Lock()
	defer bundlesMu.Unlock()
	if b, ok := bundles[tag]; ok {
		return b
	}
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	entries, _ := localeFiles.ReadDir("locales")
	for _, e := range entries {
		lang := strings.TrimSuffix(e.Name(), ".json")
		lang = lang[strings.LastIndexByte(lang, '.')+1:]
		if lang != "en" && lang != tag.String() {
			continue
		}
		data, err := localeFiles.ReadFile("locales/" + e.Name())
		if err == nil {
			_, _ = b.ParseMessageFileBytes(data, e.Name())
		}
	}
	bundles[tag] = b
	return b
}

// Languages lists the languages OnceKey speaks, as BCP 47 tags, English
// first.
func Languages() []string {
	out := make([]string, len(supported))
	for i, t := range supported {
		out[i] = t.String()
	}
	return out
}

// SetLanguage speaks the first of the wanted languages OnceKey knows, in
// order, and English when it knows none of them. Each is a BCP 47 tag
// ("de-CH") or a POSIX locale name ("de_CH.UTF-8@euro"). It returns the tag
// chosen: "en", "de", "fr" or "es".
func SetLanguage(wanted ...string) string {
	tag := language.English
	for _, w := range wanted {
		t, err := language.Parse(posixToBCP47(w))
		if err != nil {
			continue
		}
		if _, i, conf := matcher.Match(t); conf >= language.High {
			tag = supported[i]
			break
		}
	}
	current.Store(&speaker{tag: tag})
	return tag.String()
}

// Language is the tag of the language in use: "en", "de", "fr" or "es".
func Language() string { return current.Load().tag.String() }

// posixToBCP47 turns "pt_BR.UTF-8@euro" into "pt-BR".
func posixToBCP47(s string) string {
	if i := strings.IndexAny(s, ".@"); i >= 0 {
		s = s[:i]
	}
	return strings.ReplaceAll(s, "_", "-")
}

// languagesFromEnvironment lists the languages asked for by the
// environment, as gettext reads it: the locale for messages is the first of
// LC_ALL, LC_MESSAGES and LANG that is set; LANGUAGE, a list separated by
// colons, comes before it, but only when that locale is not C or POSIX
// (which mean untranslated messages).
func languagesFromEnvironment(getenv func(string) string) []string {
	var loc string
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if loc = getenv(name); loc != "" {
			break
		}
	}
	switch posixToBCP47(loc) {
	case "", "C", "POSIX":
		if loc != "" {
			return []string{"en"}
		}
	}
	var out []string
	for _, l := range strings.Split(getenv("LANGUAGE"), ":") {
		if l != "" {
			out = append(out, l)
		}
	}
	if loc != "" {
		out = append(out, loc)
	}
	return out
}

func environmentLanguages() []string { return languagesFromEnvironment(os.Getenv) }

// tr says the message id in the language in use, with its placeholders
// filled from pairs of name and value: tr("key.added", "Name", name).
func tr(id string, pairs ...any) string {
	return say(&i18n.LocalizeConfig{MessageID: id, TemplateData: templateData(pairs)})
}

// trN is tr for a message with plural forms, chosen by count, which the
// message shows as {{.Count}}.
func trN(id string, count int, pairs ...any) string {
	data := templateData(pairs)
	data["Count"] = count
	return say(&i18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
}

func templateData(pairs []any) map[string]any {
	data := make(map[string]any, len(pairs)/2+1)
	for i := 0; i+1 < len(pairs); i += 2 {
		name, _ := pairs[i].(string)
		data[name] = pairs[i+1]
	}
	return data
}

func say(c *i18n.LocalizeConfig) string {
	s, err := current.Load().localize(c)
	if s == "" && err != nil {
		// Only a message missing from English itself gets here; the tests
		// make sure none is. Its ID says at least which one it was.
		return c.MessageID
	}
	return s
}
