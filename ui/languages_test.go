package ui

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/words"
)

// readsTheSame lists, by language, what the window may show as in
// English: words that are the same in that language.
var readsTheSame = map[string][]string{
	"de": {"Details", "Webhooks", "Name", "Status"},
	"fr": {"Notes", "Note", "Webhooks"},
	"es": {"Webhooks"},
}

// sameEverywhere is what reads the same in every language: names of
// things, and OnceHub's own labels, as its web app shows them.
var sameEverywhere = regexp.MustCompile(`^(OnceKey|OnceHub|Request-Id|OK|F1|Ctrl\+[A-Z]|Cmd\+[A-Z]|Create API key|Regenerate)$`)

// screenTexts is every text a screen shows, by screen, and each screen's
// smallest width.
type screenTexts struct {
	texts map[string][]string
	width map[string]float32
}

// visibleTexts is every text shown under root.
func visibleTexts(root fyne.CanvasObject) []string {
	var out []string
	for _, o := range test.LaidOutObjects(root) {
		if t, ok := o.(*canvas.Text); ok && strings.TrimSpace(t.Text) != "" && visibleIn(o, root) {
			out = append(out, strings.TrimSpace(t.Text))
		}
	}
	return out
}

// tourInLanguage walks the window in one language through the screens an
// admin sees: two keys, one refused when tested; its details; Add key,
// Rename, Remove, Settings, Help and Test all; every step of Rotate.
func tourInLanguage(t *testing.T, lang string) screenTexts {
	t.Helper()
	FollowLanguage(words.SetLanguage(lang))
	st := screenTexts{texts: map[string][]string{}, width: map[string]float32{}}
	tester := newKeyedTester(worksFor("admin@example.com"))
	s := seeds("Production CRM", "Staging")
	tester.set(s[1].secret, cannedOutcome(apiclient.NotRecognised))
	h := newHarness(t, setup{tester: tester, saved: s, size: manyKeysSize})
	h.waitShown("Production CRM")
	record := func(screen string) {
		// A dialog's screen is the dialog alone.
		shown := h.m.win.Canvas().Content()
		if top := h.m.win.Canvas().Overlays().Top(); top != nil {
			shown = top
		}
		st.texts[screen] = visibleTexts(shown)
		st.width[screen] = shown.MinSize().Width
	}
	record("main view")

	h.tapRow("Staging")
	h.waitShown("Staging")
	h.pressCtrlT()
	h.waitFor("the refused test", func() bool { return !h.m.testing() && h.resultHeadline() != "" })
	h.m.keyView.result.details.OpenAll()
	record("a refused key, with its details")

	for _, d := range []struct {
		screen string
		open   func()
	}{
		{"Add key", h.m.openAddKey},
		{"Rename", h.m.openRename},
		{"Remove", h.m.openRemove},
		{"Settings", h.m.openSettings},
		{"Help", h.m.openHelp},
	} {
		d.open()
		h.q.drain()
		record(d.screen)
		h.typeKey(fyne.KeyEscape)
		h.q.drain()
	}

	h.tapRow("Production CRM")
	h.waitShown("Production CRM")
	h.tap(h.m.keyView.rotate)
	d := h.m.rotate
	record("Rotate: where to create the new key")
	h.tap(d.keepOldChoice)
	record("Rotate: paste")
	fresh := newKey(t)
	tester.set(fresh, worksFor("admin@example.com"))
	h.pasteAndTest(d, fresh)
	h.settled()
	record("Rotate: the checklist")
	return st
}

// TestEveryTextFollowsTheLanguage: in German, French and Spanish, no text
// the window shows reads as it does in English, beyond names and the words
// that are the same; and every screen still fits the smallest window.
func TestEveryTextFollowsTheLanguage(t *testing.T) {
	defer func() { FollowLanguage(words.SetLanguage("en")) }()
	english := tourInLanguage(t, "en")
	names := regexp.MustCompile(`Production CRM|Staging|admin@example\.com|[0-9a-f]{4}|[•·…:,.()0-9\s-]`)
	for _, lang := range []string{"de", "fr", "es"} {
		other := tourInLanguage(t, lang)
		screens := make([]string, 0, len(english.texts))
		for s := range english.texts {
			screens = append(screens, s)
		}
		sort.Strings(screens)
		for _, screen := range screens {
			shown := map[string]bool{}
			for _, s := range other.texts[screen] {
				shown[s] = true
			}
			for _, s := range english.texts[screen] {
				if !shown[s] || sameEverywhere.MatchString(s) || names.ReplaceAllString(s, "") == "" {
					continue
				}
				if slices.Contains(readsTheSame[lang], s) {
					continue
				}
				t.Errorf("%s, %s: %q reads as in English", lang, screen, s)
			}
			// A dialog opens over the smallest window, which has one key;
			// the main view has the list of keys beside it.
			room := minWindowSize.Width
			if strings.HasPrefix(screen, "main") || strings.HasPrefix(screen, "a refused") {
				room = manyKeysSize.Width
			}
			if w := other.width[screen]; w > room {
				t.Errorf("%s, %s: needs %.0f px across, more than the %.0f px it has", lang, screen, w, room)
			}
		}
	}
}
