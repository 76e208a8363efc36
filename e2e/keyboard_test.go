//go:build e2e

package e2e

import "testing"

// replaceButtonX, replaceButtonY are where the Replace button is in the
// main view while no banner shows above it, in window coordinates.
const replaceButtonX, replaceButtonY = "207", "115"

// Opening Replace from the keyboard (Tab to the button, Space) must give an
// empty entry, as a click does: an empty entry shows its placeholder. The
// two dialogs are compared right of the text cursor, which blinks.
func TestWindowKeyboardReplaceOpensAnEmptyEntry(t *testing.T) {
	_, s, _ := startWithKey(t)
	s.unfocus()
	s.xdotool("mousemove", "--window", s.window, replaceButtonX, replaceButtonY, "click", "1")
	s.settle()
	clicked := s.screenshot("replace-opened-by-click.png")
	s.key("Escape")
	s.settle()

	s.unfocus()
	s.tabAndPress(5)
	s.settle()
	typed := s.screenshot("replace-opened-by-keyboard.png")
	if changed := regionDiff(clicked, typed, 70, 238, 400, 262); changed > 20 {
		t.Errorf("the replace dialog opened with Space holds something in its entry (%d pixels differ from "+
			"the empty entry a click gives): the Space that pressed Replace was typed into the new key's entry", changed)
	}
	s.close()
}
