package ui

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// contrast is the WCAG 2 contrast ratio of two colours.
func contrast(a, b color.Color) float64 {
	luminance := func(c color.Color) float64 {
		r, g, b, _ := c.RGBA()
		lin := func(v uint32) float64 {
			x := float64(v) / 0xffff
			if x <= 0.03928 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
	}
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func TestResultGreenIsReadableInBothVariants(t *testing.T) {
	th := newReadableTheme()
	for name, variant := range map[string]fyne.ThemeVariant{"light": theme.VariantLight, "dark": theme.VariantDark} {
		ratio := contrast(th.Color(theme.ColorNameSuccess, variant), th.Color(theme.ColorNameBackground, variant))
		if ratio < 4.5 {
			t.Errorf("%s theme: the green result text has contrast %.2f on its background; want at least 4.5 (WCAG AA)", name, ratio)
		}
	}
	// Everything but the light green is Fyne's own.
	if th.Color(theme.ColorNameError, theme.VariantLight) != theme.DefaultTheme().Color(theme.ColorNameError, theme.VariantLight) {
		t.Error("readableTheme changed a colour it should leave alone")
	}
}
