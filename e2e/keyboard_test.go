//go:build e2e

package e2e

import "testing"

// Opening Rotate from the keyboard (Tab to the button, Space, then Tab to
// the answer "It shows Create API key", Space) must give an empty entry, as
// clicks do: an empty entry shows its placeholder. The two dialogs' entries
// are compared right of the text cursor, which blinks.
func TestWindowKeyboardRotateOpensAnEmptyEntry(t *testing.T) {
	_, s, _ := startWithKey(t)
	s.settle() // the test's result and history are drawn
	s.click("key.rotate")
	s.waitShown("rotate.keep-old")
	s.click("rotate.keep-old")
	entry := s.waitShown("rotate.entry")
	s.settle()
	clicked := s.screenshot("rotate-opened-by-click.png")
	s.key("Escape")
	s.waitFor("the rotate dialog to close", func() bool { return !s.shows("rotate.entry") })
	s.settle()

	s.unfocus()
	s.tabTo("key.rotate")
	s.key("space")
	s.waitShown("rotate.keep-old")
	s.settle()
	s.tabTo("rotate.keep-old")
	s.key("space")
	if again := s.waitShown("rotate.entry"); again != entry {
		t.Fatalf("the rotate dialog opened with Space put its entry at %+v, clicks at %+v", again, entry)
	}
	s.settle()
	typed := s.screenshot("rotate-opened-by-keyboard.png")
	// Right of the cursor, inside the entry's border.
	right := s.onScreen(entry.rect().Inset(4))
	right.Min.X += 20
	if changed := regionDiff(clicked, typed, right); changed > 20 {
		t.Errorf("the rotate dialog opened with Space holds something in its entry (%d pixels differ from "+
			"the empty entry clicks give): a Space that pressed Rotate or an answer was typed into the new key's entry", changed)
	}
	s.close()
}

// TestWindowByKeysAlone drives the window with two keys by the keyboard
// alone, never a click, in the light and the dark theme: F1 shows Help and
// Escape closes it; Ctrl+T tests the key shown; Down and Up choose the
// other key, which Ctrl+T then tests; Ctrl+R opens Rotate, Ctrl+N Add key
// and Delete Remove's question, each closed by Escape with nothing changed;
// Tab gives a button the keyboard, and shows it, and F1 and Escape still
// work from there.
func TestWindowByKeysAlone(t *testing.T) {
	for _, variant := range []string{"light", "dark"} {
		t.Run(variant, func(t *testing.T) {
			r := newRig(t)
			crm, zapier := canaryKey(t), canaryKey(t)
			r.api.AddKey(crm, "admin@example.com")
			r.api.AddKey(zapier, "admin@example.com")
			r.saveNamed("Production CRM", crm)
			r.saveNamed("Zapier", zapier)
			// The window at its smallest, where Help must still fit.
			writeWindowPrefs(t, r.home.config, `{"window.width": 560, "window.height": 420}`)
			s := openMappedWindowWith(r, "FYNE_THEME="+variant)
			shot := func(name string) { s.settledShot("keyboard-" + variant + "-" + name + ".png") }
			closed := func(what, widget string) {
				t.Helper()
				s.waitFor(what+" to close", func() bool { return !s.shows(widget) })
			}
			s.waitShown("key.shown.Production CRM")
			s.waitShown("key.test") // enabled: the key is read

			s.key("F1")
			s.waitShown("help.close")
			shot("1-help")
			s.key("Escape")
			closed("Help", "help.close")

			// Ctrl+T tests the key shown; the test is over once Rotate is
			// enabled again (it is not during a test).
			testsOf := func(key, name string) {
				t.Helper()
				before := r.api.Sent(key)
				s.key("ctrl+t")
				s.waitFor("Ctrl+T to test "+name+"'s key", func() bool { return r.api.Sent(key) > before })
				s.waitShown("key.rotate")
			}
			testsOf(crm, "Production CRM")
			if n := r.api.Sent(zapier); n != 0 {
				t.Errorf("Ctrl+T on Production CRM sent Zapier's key %d times", n)
			}

			s.key("Down")
			s.waitShown("key.shown.Zapier")
			s.waitShown("key.test")
			testsOf(zapier, "Zapier")
			shot("2-down-zapier")
			s.key("Up")
			s.waitShown("key.shown.Production CRM")
			s.waitShown("key.test")

			s.key("ctrl+r")
			s.waitShown("rotate.keep-old")
			shot("3-rotate")
			s.key("Escape")
			closed("Rotate", "rotate.keep-old")

			s.key("ctrl+n")
			s.waitShown("add.name")
			shot("4-add")
			s.key("Escape")
			closed("Add key", "add.name")

			s.waitShown("key.remove")
			s.key("Delete")
			s.waitShown("remove.confirm")
			shot("5-remove")
			s.key("Escape")
			closed("Remove's question", "remove.confirm")
			r.keyring.expectKey("Production CRM", crm, "after Delete and Escape")
			s.waitShown("key.shown.Production CRM")

			s.tabTo("key.test")
			shot("6-tab")
			// The button with the keyboard keeps only Space: F1 and
			// Escape still reach the window, and Escape a dialog's.
			s.key("F1")
			s.waitShown("help.close")
			s.key("Tab")
			s.key("Escape")
			closed("Help, with Close focused", "help.close")
			s.close()
		})
	}
}
