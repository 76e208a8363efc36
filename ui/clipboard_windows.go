//go:build windows

package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"

	"github.com/oncekey/oncekey/internal/winclip"
)

// newMarkedClipboard is Windows' own clipboard, owned by the window: a key
// copied there carries the formats that keep it out of clipboard history
// and cloud sync.
func newMarkedClipboard(w fyne.Window) markedClipboard { return windowsClipboard{win: w} }

type windowsClipboard struct{ win fyne.Window }

// owner is the window's handle, which Windows needs to own the clipboard.
func (c windowsClipboard) owner() uintptr {
	var hwnd uintptr
	if nw, ok := c.win.(driver.NativeWindow); ok {
		nw.RunNative(func(ctx any) {
			if wc, ok := ctx.(driver.WindowsWindowContext); ok {
				hwnd = wc.HWND
			}
		})
	}
	return hwnd
}

func (c windowsClipboard) copySecret(text string) (clipMark, error) {
	seq, err := winclip.Copy(c.owner(), text)
	return clipMark(seq), err
}

func (c windowsClipboard) clearIfUnchanged(mark clipMark) (bool, error) {
	return winclip.ClearIfUnchanged(c.owner(), uint32(mark))
}
