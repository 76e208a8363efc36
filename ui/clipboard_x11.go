//go:build linux || freebsd || netbsd || openbsd

package ui

import (
	"sync"

	"fyne.io/fyne/v2"

	"github.com/oncekey/oncekey/internal/x11clip"
)

// newMarkedClipboard is OnceKey's own X11 selection owner (XWayland too):
// a copied key offers x-kde-passwordManagerHint, which clipboard managers
// read as "do not keep", and a clear gives up only OnceKey's own copy.
// It connects at the first copy, not at start. Its calls are round trips
// to the X server that Fyne's own window draws through, made on the UI
// goroutine as Fyne's clipboard calls are: a server slow to answer them
// would have stopped the window anyway.
func newMarkedClipboard(fyne.Window) markedClipboard { return &x11Clipboard{} }

type x11Clipboard struct {
	once  sync.Once
	owner *x11clip.Owner
	err   error
}

func (c *x11Clipboard) open() (*x11clip.Owner, error) {
	// DISPLAY is what Fyne's own X11 window uses; without one (Wayland
	// only) this fails and the copy goes through Fyne's clipboard.
	c.once.Do(func() {
		if c.owner, c.err = x11clip.Open(""); c.err != nil {
			c.err = errMarkedUnavailable
		}
	})
	return c.owner, c.err
}

func (c *x11Clipboard) copySecret(text string) (clipMark, error) {
	o, err := c.open()
	if err != nil {
		return 0, err
	}
	n, err := o.Copy(text)
	return clipMark(n), err
}

func (c *x11Clipboard) clearIfUnchanged(mark clipMark) (bool, error) {
	o, err := c.open()
	if err != nil {
		return false, err
	}
	return o.ClearIfUnchanged(uint32(mark))
}
