package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// readableTheme is Fyne's own theme, light or dark as the system says, with
// a darker green on light backgrounds: the default success green is too pale
// there for the result line, which admins must read at a glance.
type readableTheme struct {
	fyne.Theme
}

// lightSuccess has a contrast ratio above 4.5:1 on Fyne's light background.
var lightSuccess = color.NRGBA{R: 0x1b, G: 0x7a, B: 0x3a, A: 0xff}

func newReadableTheme() fyne.Theme {
	return readableTheme{Theme: theme.DefaultTheme()}
}

// Color darkens the success colour on the light variant only.
func (t readableTheme) Color(name fyne.ThemeColorName, variant fyne.ThemeVariant) color.Color {
	if name == theme.ColorNameSuccess && variant == theme.VariantLight {
		return lightSuccess
	}
	return t.Theme.Color(name, variant)
}
