package ui

import (
	"html"
	"image/color"
	"math"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"golang.org/x/image/font/sfnt"
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

// over lays c over an opaque under, as Fyne's button blends its focus colour.
func over(under, c color.Color) color.Color {
	ur, ug, ub, _ := under.RGBA()
	r, g, b, a := c.RGBA()
	keep := 1 - float64(a)/0xffff
	return color.RGBA64{R: uint16(float64(r) + float64(ur)*keep), G: uint16(float64(g) + float64(ug)*keep),
		B: uint16(float64(b) + float64(ub)*keep), A: 0xffff}
}

// A button with the keyboard looks different enough from one without, and
// its label stays readable, for every kind of button the window has, in
// both variants. Fyne's own focus colour changes the blue Test button by a
// contrast of 1.01: nothing one sees.
func TestFocusShowsOnEveryButton(t *testing.T) {
	th := newReadableTheme()
	for name, v := range map[string]fyne.ThemeVariant{"light": theme.VariantLight, "dark": theme.VariantDark} {
		bg := th.Color(theme.ColorNameBackground, v)
		focus := th.Color(theme.ColorNameFocus, v)
		for _, b := range []struct {
			kind       string
			fill, text fyne.ThemeColorName
		}{
			{"plain (Copy)", theme.ColorNameButton, theme.ColorNameForeground},
			{"low (Settings, Rename)", "", theme.ColorNameForeground},
			{"high (Test, Save)", theme.ColorNamePrimary, theme.ColorNameForegroundOnPrimary},
			{"danger (Remove's confirmation)", theme.ColorNameError, theme.ColorNameForegroundOnError},
		} {
			plain, focused := bg, bg
			if b.fill != "" {
				plain = over(bg, th.Color(b.fill, v))
				focused = over(plain, focus)
			} else {
				// A low button has no fill until it is focused or hovered.
				focused = over(over(bg, th.Color(theme.ColorNameButton, v)), focus)
			}
			if ratio := contrast(plain, focused); ratio < 1.25 {
				t.Errorf("%s theme, %s button: with the keyboard it changes by a contrast of %.2f only", name, b.kind, ratio)
			}
			if ratio := contrast(th.Color(b.text, v), focused); ratio < 3 {
				t.Errorf("%s theme, %s button: its label has a contrast of %.2f while it has the keyboard", name, b.kind, ratio)
			}
		}
	}
}

// bundledFonts are the fonts Fyne's theme carries, parsed once.
var bundledFonts = map[fyne.TextStyle]*sfnt.Font{}

// markupText is one text of a markup rendering: its attributes and content.
var markupText = regexp.MustCompile(`<text([^>]*)>([^<]*)</text>`)

// assertBundledGlyphs fails for every character of the texts in a markup
// rendering that the theme's own fonts cannot draw. Fyne then falls back
// to the system's fonts, and where those lack it too (a minimal Linux,
// Wine's Windows) the admin sees a box instead: "→" was one. It reads the
// markup, not the widgets: walking the widgets between a test's steps
// changed what the entry showed next.
func assertBundledGlyphs(t *testing.T, markup string) {
	t.Helper()
	missing, checked := map[rune]string{}, 0
	for _, m := range markupText.FindAllStringSubmatch(markup, -1) {
		attrs, text := " "+m[1]+" ", html.UnescapeString(m[2])
		style := fyne.TextStyle{Bold: strings.Contains(attrs, " bold "), Italic: strings.Contains(attrs, " italic "),
			Monospace: strings.Contains(attrs, " monospace ")}
		f := bundledFonts[style]
		if f == nil {
			var err error
			if f, err = sfnt.Parse(theme.DefaultTheme().Font(style).Content()); err != nil {
				t.Fatalf("parsing the theme's font for %+v: %v", style, err)
			}
			bundledFonts[style] = f
		}
		var buf sfnt.Buffer
		for _, r := range text {
			if r == ' ' || r == '\t' || r == '\n' {
				continue
			}
			checked++
			if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
				missing[r] = text
			}
		}
	}
	if checked == 0 {
		t.Error("the markup has no text to check: has Fyne's markup changed?")
	}
	for r, in := range missing {
		t.Errorf("%q (%U) is not in the theme's fonts, in %q", r, r, in)
	}
}
