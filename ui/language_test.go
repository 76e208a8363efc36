package ui

import (
	"os"
	"testing"

	"fyne.io/fyne/v2/theme"

	"github.com/oncekey/oncekey/words"
)

// The tests and masters read English, whatever language this computer
// speaks; a test of another language chooses it and comes back to English.
func TestMain(m *testing.M) {
	words.SetLanguage("en")
	os.Exit(m.Run())
}

// TestLabelsFitTheSmallestWindow: in every language, the key view's
// buttons and footer fit the smallest window, and Rotate's checklist the
// dialog that window leaves room for; a longer label would make the
// window grow past its smallest size instead.
func TestLabelsFitTheSmallestWindow(t *testing.T) {
	defer words.SetLanguage("en")
	for _, lang := range words.Languages() {
		words.SetLanguage(lang)
		h := newHarness(t, setup{storedKey: markupKey, tester: &cannedTester{}, size: minWindowSize})
		if w, room := h.m.keyView.content.MinSize().Width, minWindowSize.Width-4*theme.Padding(); w > room {
			t.Errorf("%s: the key view needs %.0f wide, the smallest window has %.0f", lang, w, room)
		}
		d := newRotateDialog(rotateStart{OldEnding: "1a2b", Checklist: &checklist{NewEnding: "3c4d", OldEnding: "1a2b"}}, rotateCallbacks{}, h.m.win)
		if w := d.dialog.MinSize().Width; w > minWindowSize.Width {
			t.Errorf("%s: Rotate's checklist needs %.0f wide, the smallest window is %.0f", lang, w, minWindowSize.Width)
		}
	}
}
