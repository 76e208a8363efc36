package ui

import (
	"fmt"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/oncekey/oncekey/apiclient"
)

// screenshotDirEnv names a folder to write the window's images to, for
// people to look at; the layout checks below run either way.
const screenshotDirEnv = "ONCEKEY_UI_SCREENSHOTS"

// variantTheme is the window's theme held to one variant, light or dark.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

// longName is a name of the longest length a name may have, with no
// space to wrap at for the first half.
var longName = strings.Repeat("W", 32) + " " + strings.Repeat("ending ", 3) + "long names"

// The list must not squash the key view, and a 64-character name must not
// break the layout: in the row it ends in an ellipsis, in the title it
// wraps within the key view.
func TestTwoKeysLayoutKeepsRoom(t *testing.T) {
	if n := len([]rune(longName)); n != 64 {
		t.Fatalf("the long name has %d characters", n)
	}
	for _, size := range []fyne.Size{manyKeysSize, {Width: 1000, Height: 700}} {
		t.Run(fmt.Sprintf("%.0fx%.0f", size.Width, size.Height), func(t *testing.T) {
			h := severalHarness(t, setup{saved: seeds(longName, "Staging"), size: size})
			h.tapRow(longName)
			h.waitShown(longName)
			h.tap(h.m.keyView.test)
			h.waitForResult()

			c := h.m.win.Canvas()
			drv := h.app.Driver()
			view := h.m.keyView.content
			viewPos := drv.AbsolutePositionForObject(view)
			// Alone, in the smallest window, the key view has the window
			// less two paddings on each side.
			if w, alone := view.Size().Width, minWindowSize.Width-4*theme.Padding(); w < alone {
				t.Errorf("beside the list the key view is %.0f wide; alone it has at least %.0f", w, alone)
			}
			if w := h.m.list.content.Size().Width; w != listWidth {
				t.Errorf("the list is %.0f wide, want %d", w, listWidth)
			}
			right := viewPos.X + view.Size().Width
			for _, o := range []fyne.CanvasObject{h.m.keyView.remove, h.m.keyView.settings, h.m.keyView.title} {
				if end := drv.AbsolutePositionForObject(o).X + o.Size().Width; end > right+1 {
					t.Errorf("a part of the key view ends at %.0f, past the view's edge at %.0f", end, right)
				}
			}
			if right > c.Size().Width {
				t.Errorf("the key view ends at %.0f, past the window's %.0f", right, c.Size().Width)
			}
			row := h.rowView(longName)
			drawn := test.WidgetRenderer(row).(*keyRowRenderer).name
			if w := fyne.MeasureText(drawn.Text, drawn.TextSize, drawn.TextStyle).Width; w > listWidth || !strings.HasSuffix(drawn.Text, "…") {
				t.Errorf("the long name's row shows %q, %.0f wide in a list %d wide: want it cut short with an ellipsis", drawn.Text, w, listWidth)
			}
			if h.m.keyView.title.Size().Height < 2*h.m.keyView.remove.Size().Height-10 {
				t.Errorf("the long name's title is %.0f high: it does not wrap", h.m.keyView.title.Size().Height)
			}
			if got := h.m.keyView.key.Text; got != apiclient.Masked(seedSecret(0)) {
				t.Errorf("the key view shows %q", got)
			}

			if size == manyKeysSize {
				h.shoot("two-keys")
			}
		})
	}
}

// shoot writes the window as it is now to uilist-name-light.png and
// uilist-name-dark.png in the folder screenshotDirEnv names, in the
// window's own theme, for people to look at; without it, it does nothing.
// It puts the test driver's theme back after, which the markup masters
// are drawn in.
func (h *harness) shoot(name string) {
	h.t.Helper()
	shoot(h.t, h.app, h.m.win, name)
	h.q.drain()
}

func shoot(t testing.TB, a fyne.App, w fyne.Window, name string) {
	t.Helper()
	dir := os.Getenv(screenshotDirEnv)
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, v := range []struct {
		name    string
		variant fyne.ThemeVariant
	}{{"light", theme.VariantLight}, {"dark", theme.VariantDark}} {
		a.Settings().SetTheme(variantTheme{Theme: newReadableTheme(), variant: v.variant})
		f, err := os.Create(filepath.Join(dir, "uilist-"+name+"-"+v.name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		err = png.Encode(f, w.Canvas().Capture())
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	a.Settings().SetTheme(test.Theme())
}
