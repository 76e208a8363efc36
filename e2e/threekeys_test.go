//go:build e2e

package e2e

import (
	"strings"
	"testing"
)

// TestThreeNamedKeysInLightAndDark opens the window on three named keys,
// saved and tested by a script: one works, one OnceHub refuses, one not
// tested yet. It chooses keys in the list with the keyboard, walks through
// every step of a rotation of one of them, and asks to remove another,
// saving a screenshot of each in both themes for people to look at.
func TestThreeNamedKeysInLightAndDark(t *testing.T) {
	for _, variant := range []string{"light", "dark"} {
		t.Run(variant, func(t *testing.T) {
			r := newRig(t)
			crm, zapier, staging := canaryKey(t), canaryKey(t), canaryKey(t)
			r.api.AddKey(crm, "admin@example.com")
			r.api.AddKey(zapier, "admin@example.com")
			for _, k := range []struct{ name, key string }{{"Production CRM", crm}, {"Zapier", zapier}, {"Staging", staging}} {
				if res := r.cli(k.key, "set", "--name", k.name); res.code != 0 {
					t.Fatalf("set %s: %s", k.name, redact(res.output()))
				}
			}
			// Production CRM works, Staging is refused, Zapier not tested.
			for _, name := range []string{"Production CRM", "Staging"} {
				r.cli("", "test", "--name", name)
			}
			if res := r.cli("", "status"); strings.Count(res.stdout, "\n") < 3 {
				t.Fatalf("status: %s", redact(res.output()))
			}
			w := openMappedWindowWith(r, "FYNE_THEME="+variant)
			shot := func(name string) { w.settledShot("three-" + variant + "-" + name + ".png") }

			w.waitShown("keylist")
			w.waitShown("key.shown.Production CRM")
			w.waitShown("key.test")
			shot("1-list")

			// Test all tests each key in turn and names the one refused.
			w.click("testall.start")
			w.waitShown("testall.close")
			shot("1-test-all")
			w.click("testall.close")
			w.waitFor("Test all to close", func() bool { return !w.shows("testall.close") })

			// Down chooses the next key in the list.
			w.click("keylist.row.Production CRM")
			w.key("Down")
			w.waitShown("key.shown.Staging")
			shot("2-staging-refused")
			w.key("Down")
			w.waitShown("key.shown.Zapier")

			// The admin notes where Zapier's key is used; the checklist
			// shows it.
			w.click("note.edit")
			w.waitShown("note.entry")
			w.typeSecret("used in: Zapier, HubSpot")
			w.click("note.save")
			w.waitFor("the note to be saved", func() bool {
				listed, _ := readList(r.home.indexPath())
				for _, k := range listed {
					if k.Name == "Zapier" && k.Note == "used in: Zapier, HubSpot" {
						return true
					}
				}
				return false
			})

			// Every step of a rotation of Zapier on OnceHub's current page.
			fresh := canaryKey(t)
			r.api.AddKey(fresh, "admin@example.com")
			w.click("key.rotate")
			w.waitShown("rotate.keep-old")
			shot("3-rotate-1-create")
			w.click("rotate.keep-old")
			w.waitShown("rotate.entry")
			w.settle()
			w.typeSecret(fresh)
			shot("3-rotate-2-paste")
			w.key("Return")
			w.waitShown("rotate.deleted")
			shot("3-rotate-3-checklist")
			before := r.api.Sent(zapier)
			w.click("rotate.deleted")
			w.waitFor("the old key's check", func() bool { return r.api.Sent(zapier) > before })
			shot("3-rotate-4-still-works")
			r.api.RemoveKey(zapier)
			w.click("rotate.deleted")
			w.waitShown("rotate.close")
			shot("3-rotate-5-forgotten")
			w.click("rotate.close")
			w.waitFor("the rotate dialog to close", func() bool { return !w.shows("rotate.close") })
			if got, ok := r.keyring.lookup("Zapier"); !ok || got != fresh {
				t.Errorf("after the rotation the keychain holds %s under Zapier, want %s", ending(got), ending(fresh))
			}

			// Rename, with its warning about scripts.
			w.click("keylist.row.Production CRM")
			w.waitShown("key.shown.Production CRM")
			w.click("key.rename")
			w.waitShown("rename.entry")
			w.key("ctrl+a")
			w.typeSecret("CRM (production)")
			shot("4-rename")
			w.click("rename.save")
			w.waitShown("key.shown.CRM (production)")
			r.keyring.expectKey("CRM (production)", crm, "after Rename in the window")
			if _, ok := r.keyring.lookup("Production CRM"); ok {
				t.Error("after Rename the keychain still holds the key under its old name")
			}

			// The Remove warning for Staging.
			w.click("keylist.row.Staging")
			w.waitShown("key.shown.Staging")
			w.click("key.remove")
			w.waitShown("remove.confirm")
			shot("5-remove-question")
			w.click("remove.keep")
			r.keyring.expectKey("Staging", staging, "after Keep in the Remove question")
		})
	}
}
