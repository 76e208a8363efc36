//go:build e2e

package e2e

import (
	"testing"
)

// TestScreensInLightAndDark walks through the main screens in Fyne's light
// and dark themes and saves a screenshot of each under build/screenshots,
// for people to look at; it checks that each one was drawn.
func TestScreensInLightAndDark(t *testing.T) {
	for _, variant := range []string{"light", "dark"} {
		t.Run(variant, func(t *testing.T) {
			r := newRig(t)
			key := canaryKey(t)
			r.api.AddKey(key, "admin@example.com")
			w := openMappedWindowWith(r, "FYNE_THEME="+variant)
			shot := func(name string) {
				w.settle()
				img := w.screenshot("looks-" + variant + "-" + name + ".png")
				if n := distinctColours(img, 64); n < 8 {
					t.Errorf("%s in the %s theme looks empty: %d colours", name, variant, n)
				}
			}

			w.waitShown("firstrun.save")
			shot("1-first-run")

			w.click("firstrun.entry")
			w.typeSecret(key)
			w.key("Return")
			w.waitFor("the saved key's test", func() bool { return w.lastTest() == "works" })
			shot("2-main-works")

			r.api.RemoveKey(key)
			w.click("key.test")
			w.waitFor("the refused test", func() bool { return w.lastTest() == "not-recognised" })
			w.click("result.details")
			shot("3-main-refused-details")

			w.click("key.replace")
			w.waitShown("replace.entry")
			shot("4-replace")
			w.click("replace.cancel")

			w.click("key.remove")
			w.waitShown("remove.confirm")
			shot("5-remove-question")
			w.click("remove.keep")
		})
	}
}
