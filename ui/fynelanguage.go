package ui

import (
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// FollowLanguage makes Fyne's own words (an entry's Cut, Copy, Paste and
// Select all; its dialogs' default buttons) speak tag, the language the
// words package chose, so that one window never mixes two languages. Fyne
// picks its language from the same settings, but by its own rule: with
// LANGUAGE=pt:de it would speak Portuguese, which OnceKey does not, beside
// OnceKey's German. Fyne has no setter; it reads the system's languages
// again whenever translations are added, and LANGUAGE comes first in that
// reading, so LANGUAGE is set to tag just for that moment.
func FollowLanguage(tag string) {
	// LC_ALL too, since LANGUAGE counts only where the locale is not C.
	restore := setFor("LANGUAGE", tag)
	defer restore()
	defer setFor("LC_ALL", tag)()
	// An empty set of messages adds nothing; it only makes Fyne choose again.
	_ = lang.AddTranslationsForLocale([]byte("{}"), fyne.Locale(tag))
}

// setFor sets the environment variable name to value, and returns what
// puts it back as it was.
func setFor(name, value string) (restore func()) {
	old, had := os.LookupEnv(name)
	_ = os.Setenv(name, value)
	return func() {
		if had {
			_ = os.Setenv(name, old)
		} else {
			_ = os.Unsetenv(name)
		}
	}
}
