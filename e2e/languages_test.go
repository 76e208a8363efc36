//go:build e2e

package e2e

import (
	"strings"
	"testing"
)

// TestWindowInEachLanguage: with the system set to German, French or
// Spanish, the command line speaks that language and the window opens in
// it. Screenshots of the main view with two keys, a key OnceHub refuses,
// Help, Add key, Remove, Settings and the Rotate checklist, in each
// language and in light and dark, are for people to look at: the text must
// fit its buttons and lines.
func TestWindowInEachLanguage(t *testing.T) {
	for _, l := range []struct{ lang, locale, works string }{
		{"de", "de_DE.UTF-8", "Funktioniert"},
		{"fr", "fr_FR.UTF-8", "Fonctionne"},
		{"es", "es_ES.UTF-8", "Funciona"},
	} {
		for _, variant := range []string{"light", "dark"} {
			t.Run(l.lang+"-"+variant, func(t *testing.T) {
				r := newRig(t)
				crm, staging := canaryKey(t), canaryKey(t)
				r.api.AddKey(crm, "admin@example.com")
				for _, k := range []struct{ name, key string }{{"Production CRM", crm}, {"Staging", staging}} {
					if res := r.cli(k.key, "set", "--name", k.name); res.code != 0 {
						t.Fatalf("set %s: %s", k.name, redact(res.output()))
					}
				}
				res := runCLI(t, r.env("LANG="+l.locale), "", false, "test", "--name", "Production CRM")
				if res.code != 0 || !strings.Contains(res.stdout, l.works) {
					t.Errorf("test under LANG=%s: exit %d, said %q, want it to contain %q", l.locale, res.code, redact(res.output()), l.works)
				}

				w := openMappedWindowWith(r, "LANG="+l.locale, "FYNE_THEME="+variant)
				shot := func(name string) { w.settledShot("language-" + l.lang + "-" + variant + "-" + name + ".png") }
				w.waitShown("keylist.row.Staging")
				w.waitShown("key.shown.Production CRM")
				w.waitShown("key.test")
				shot("1-main")

				w.click("keylist.row.Staging")
				w.waitShown("key.shown.Staging")
				w.key("ctrl+t")
				w.waitShown("result.action.Rotate key")
				shot("2-refused")

				w.key("F1")
				w.waitShown("help.close")
				shot("3-help")
				w.key("Escape")
				w.waitFor("Help to close", func() bool { return !w.shows("help.close") })

				w.key("ctrl+n")
				w.waitShown("add.name")
				shot("4-add")
				w.key("Escape")
				w.waitFor("Add key to close", func() bool { return !w.shows("add.name") })

				w.click("keylist.row.Staging")
				w.key("Delete")
				w.waitShown("remove.confirm")
				shot("5-remove")
				w.key("Escape")
				w.waitFor("Remove to close", func() bool { return !w.shows("remove.confirm") })

				w.click("key.settings")
				w.waitShown("settings.rotate-after")
				shot("6-settings")
				w.key("Escape")
				w.waitFor("Settings to close", func() bool { return !w.shows("settings.rotate-after") })

				w.click("keylist.row.Production CRM")
				w.waitShown("key.shown.Production CRM")
				fresh := canaryKey(t)
				r.api.AddKey(fresh, "admin@example.com")
				w.click("key.rotate")
				w.waitShown("rotate.keep-old")
				w.click("rotate.keep-old")
				w.waitShown("rotate.entry")
				w.settle()
				w.typeSecret(fresh)
				w.key("Return")
				w.waitShown("rotate.deleted")
				shot("7-rotate-checklist")
				w.close()
				if out := w.output.String(); strings.Contains(out, "locale") {
					t.Errorf("under LANG=%s the window printed:\n%s", l.locale, redact(out))
				}
			})
		}
	}
}
