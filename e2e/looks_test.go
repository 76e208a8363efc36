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
			r.api.AddWebhooks("admin@example.com", 4)
			w := openMappedWindowWith(r, "FYNE_THEME="+variant)
			shot := func(name string) { w.settledShot("looks-" + variant + "-" + name + ".png") }

			w.waitShown("firstrun.save")
			shot("1-first-run")

			w.click("firstrun.entry")
			w.typeSecret(key)
			w.key("Return")
			w.waitFor("the saved key's test", func() bool { return w.lastTest() == "works" })
			shot("2-main-works")

			w.click("key.webhooks")
			w.waitShown("webhooks.refresh") // enabled once the list is in
			shot("2-webhooks")
			w.click("webhooks.close")
			w.waitFor("the webhooks view to close", func() bool { return !w.shows("webhooks.close") })

			r.api.RemoveKey(key)
			w.click("key.test")
			w.waitFor("the refused test", func() bool { return w.lastTest() == "not-recognised" })
			w.click("result.details")
			shot("3-main-refused-details")

			// OnceHub refuses the key: Rotate simply replaces it, and asks
			// nothing.
			w.click("key.rotate")
			w.waitShown("rotate.entry")
			shot("4-rotate-refused")
			w.click("rotate.cancel")
			w.waitFor("the rotate dialog to close", func() bool { return !w.shows("rotate.entry") })

			// Each step of a rotation on OnceHub's current page.
			r.api.AddKey(key, "admin@example.com")
			w.click("key.test")
			w.waitFor("the key's test", func() bool { return w.lastTest() == "works" })
			w.settle() // the test's result and history are drawn
			fresh := canaryKey(t)
			r.api.AddKey(fresh, "admin@example.com")
			w.click("key.rotate")
			w.waitShown("rotate.keep-old")
			shot("5-rotate-1-create")
			w.click("rotate.keep-old")
			w.waitShown("rotate.entry")
			w.settle()
			w.typeSecret(fresh)
			shot("5-rotate-2-paste")
			w.key("Return")
			w.waitShown("rotate.deleted")
			shot("5-rotate-3-checklist")
			before := r.api.Sent(key)
			w.click("rotate.deleted")
			w.waitFor("the old key's check", func() bool { return r.api.Sent(key) > before })
			shot("5-rotate-4-still-works")
			w.click("rotate.later")
			w.waitShown("key.continue-rotation")
			shot("5-rotate-5-pending")
			w.click("key.continue-rotation")
			w.waitShown("rotate.deleted")
			r.api.RemoveKey(key)
			w.click("rotate.deleted")
			w.waitShown("rotate.close")
			shot("5-rotate-6-forgotten")
			w.click("rotate.close")
			w.waitFor("the rotate dialog to close", func() bool { return !w.shows("rotate.close") })

			w.click("key.remove")
			w.waitShown("remove.confirm")
			shot("6-remove-question")
			w.click("remove.keep")
		})
	}
}
