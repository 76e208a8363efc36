package ui

import (
	"testing"

	"fyne.io/fyne/v2/lang"

	"github.com/oncekey/oncekey/words"
)

// Fyne's own words follow OnceKey's language, even where Fyne alone would
// choose another one (LANGUAGE=pt:de: Fyne speaks Portuguese, OnceKey does
// not).
func TestFyneSpeaksOnceKeysLanguage(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "de_DE.UTF-8")
	t.Setenv("LANGUAGE", "pt:de")
	defer func() {
		words.SetLanguage("en")
		FollowLanguage("en")
	}()
	want := map[string]string{"de": "Abbrechen", "fr": "Annuler", "es": "Cancelar", "en": "Cancel"}
	for _, tag := range []string{"de", "fr", "es", "en"} {
		FollowLanguage(words.SetLanguage(tag))
		if got := lang.L("Cancel"); got != want[tag] {
			t.Errorf("%s: Fyne says %q for Cancel, want %q", tag, got, want[tag])
		}
	}
	// Left alone, Fyne would have chosen Portuguese.
	_ = lang.AddTranslationsForLocale([]byte("{}"), "pt")
	if got := lang.L("Cancel"); got == "Cancel" || got == "Abbrechen" {
		t.Errorf("the test's premise fails: Fyne alone says %q", got)
	}
}
