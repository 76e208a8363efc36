// Package assets holds OnceKey's own artwork, embedded into the binary so
// the window and the tray have their icon without any file beside them.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

// The window's icon is the 256-pixel one: decoding the 512-pixel one that
// packages use costs the start of every window a few milliseconds more.
//
//go:embed icon-256.png
var iconPNG []byte

// Icon is OnceKey's window icon: a key with a check mark. icon.svg is the
// source of both PNGs, made with ImageMagick:
//
//	convert -background none -density 96 icon.svg -resize 512x512 -depth 8 -strip icon.png
//	convert -background none -density 96 icon.svg -resize 256x256 -depth 8 -strip icon-256.png
var Icon = fyne.NewStaticResource("oncekey.png", iconPNG)
