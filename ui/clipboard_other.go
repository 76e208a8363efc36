//go:build !windows && !(linux || freebsd || netbsd || openbsd) && !(darwin && macconcealed)

package ui

import "fyne.io/fyne/v2"

// newMarkedClipboard is nil here: on macOS the key goes through Fyne's
// plain clipboard until the concealed copy (internal/macclip, the tag
// macconcealed) has run on a Mac.
func newMarkedClipboard(fyne.Window) markedClipboard { return nil }
