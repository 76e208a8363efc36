//go:build e2e

package e2e

import "testing"

// Opening Replace from the keyboard (Tab to the button, Space) must give an
// empty entry, as a click does: an empty entry shows its placeholder. The
// two dialogs' entries are compared right of the text cursor, which blinks.
func TestWindowKeyboardReplaceOpensAnEmptyEntry(t *testing.T) {
	_, s, _ := startWithKey(t)
	s.click("key.replace")
	entry := s.waitShown("replace.entry")
	s.settle()
	clicked := s.screenshot("replace-opened-by-click.png")
	s.key("Escape")
	s.waitFor("the replace dialog to close", func() bool { return !s.shows("replace.entry") })
	s.settle()

	s.unfocus()
	s.tabTo("key.replace")
	s.key("space")
	if again := s.waitShown("replace.entry"); again != entry {
		t.Fatalf("the replace dialog opened with Space put its entry at %+v, a click at %+v", again, entry)
	}
	s.settle()
	typed := s.screenshot("replace-opened-by-keyboard.png")
	// Right of the cursor, inside the entry's border.
	right := s.onScreen(entry.rect().Inset(4))
	right.Min.X += 20
	if changed := regionDiff(clicked, typed, right); changed > 20 {
		t.Errorf("the replace dialog opened with Space holds something in its entry (%d pixels differ from "+
			"the empty entry a click gives): the Space that pressed Replace was typed into the new key's entry", changed)
	}
	s.close()
}
