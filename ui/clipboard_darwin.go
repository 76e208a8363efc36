//go:build darwin && macconcealed

package ui

import (
	"fyne.io/fyne/v2"

	"github.com/oncekey/oncekey/internal/macclip"
)

// newMarkedClipboard is the macOS pasteboard with the concealed marker. It
// is built only with the tag macconcealed until it has run on a Mac.
func newMarkedClipboard(fyne.Window) markedClipboard { return macClipboard{} }

type macClipboard struct{}

func (macClipboard) copySecret(text string) (clipMark, error) {
	n, err := macclip.Copy(text)
	return clipMark(n), err
}

func (macClipboard) clearIfUnchanged(mark clipMark) (bool, error) {
	return macclip.ClearIfUnchanged(int(mark))
}
