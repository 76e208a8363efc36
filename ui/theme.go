package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// readableTheme is Fyne's own theme, light or dark as the system says, with
// a darker green on light backgrounds: the default success green is too pale
// there for the result line, which admins must read at a glance. And the
// keyboard's focus shows on every button: Fyne's focus colour is a light
// blue laid over a button, which on the blue Test button (and on Save, on
// Close) changes nothing one can see.
type readableTheme struct {
	fyne.Theme
}

// lightSuccess has a contrast ratio above 4.5:1 on Fyne's light background.
var lightSuccess = color.NRGBA{R: 0x1b, G: 0x7a, B: 0x3a, A: 0xff}

func newReadableTheme() fyne.Theme {
	return readableTheme{Theme: theme.DefaultTheme()}
}

// Focus colours, laid over a widget that has the keyboard: a shade darker
// on the light variant, a shade lighter on the dark one, whatever the
// widget's own colour.
var (
	lightFocus = color.NRGBA{A: 0x40}
	darkFocus  = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0x38}
)

// Color darkens the success colour on the light variant only, and gives
// the focus a shade.
func (t readableTheme) Color(name fyne.ThemeColorName, variant fyne.ThemeVariant) color.Color {
	switch {
	case name == theme.ColorNameSuccess && variant == theme.VariantLight:
		return lightSuccess
	case name == theme.ColorNameFocus && variant == theme.VariantLight:
		return lightFocus
	case name == theme.ColorNameFocus:
		return darkFocus
	}
	return t.Theme.Color(name, variant)
}
