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
