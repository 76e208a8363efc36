// Package assets holds OnceKey's own artwork, embedded into the binary so
// the window and the tray have their icon without any file beside them.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is OnceKey's application icon: a key with a check mark. icon.svg is
// its source; icon.png is made from it with ImageMagick (see the Makefile).
var Icon = fyne.NewStaticResource("oncekey.png", iconPNG)
