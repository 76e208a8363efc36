package ui

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/oncekey/oncekey/apiclient"
)

// TestRotateFitsTheWindow walks through every step of Rotate, in the
// window's real theme, light and dark, at the window's first size and at
// its smallest, and fails if a step is taller or wider than the window: a
// dialog that does not fit is cut off. With ONCEKEY_UI_SCREENSHOTS set it
// saves each step there as a PNG.
func TestRotateFitsTheWindow(t *testing.T) {
	dir := os.Getenv(screenshotDirEnv)
	for _, variant := range []struct {
		name string
		v    fyne.ThemeVariant
	}{{"light", theme.VariantLight}, {"dark", theme.VariantDark}} {
		for _, size := range []struct {
			name string
			s    fyne.Size
		}{{"first", firstWindowSize}, {"smallest", minWindowSize}} {
			t.Run(variant.name+"-"+size.name, func(t *testing.T) {
				old, fresh, other := markupKey, "tk_snapshot_new_0000009z9z", "tk_snapshot_other_00007x7x"
				tester := newKeyedTester(cannedOutcome(apiclient.NotRecognised))
				tester.set(old, worksFor("admin@example.com"))
				tester.set(fresh, worksFor("admin@example.com"))
				tester.set(other, worksFor("other@example.org"))
				listed := listedWorking(old, "admin@example.com")
				listed.Note = "used in: Zapier, HubSpot"
				h := newHarness(t, setup{tester: tester, storedKey: old, listed: listed})
				h.app.Settings().SetTheme(variantTheme{Theme: newReadableTheme(), variant: variant.v})
				h.m.win.Resize(size.s)
				shot := func(step string) {
					t.Helper()
					h.q.drain()
					checkFits(t, h, step)
					if dir != "" {
						paintable(h.m.win.Canvas())
						writePNG(t, filepath.Join(dir, "rotate-"+variant.name+"-"+size.name+"-"+step+".png"), h.m.win.Canvas().Capture())
					}
				}

				d := h.openRotate()
				shot("1-create")
				h.tap(d.keepOldChoice)
				shot("2-paste")
				h.pasteAndTest(d, "tk_snapshot_unknown_0003c3c")
				shot("2-new-key-refused")
				h.pasteAndTest(d, other)
				shot("2-account-differs")
				h.pasteAndTest(d, fresh)
				h.settled()
				shot("3-checklist")
				h.tap(d.copy)
				shot("3-checklist-copied")
				h.tap(d.deleted)
				h.settled()
				shot("4-still-works")
				tester.set(old, cannedOutcome(apiclient.ServerTrouble))
				h.tap(d.deleted)
				h.settled()
				shot("4-could-not-check")
				h.tap(d.forget)
				shot("4-forget-question")
				h.m.dialogs[len(h.m.dialogs)-1].Hide()
				h.q.drain()
				h.tap(d.later)
				shot("5-main-pending")
				h.tap(h.m.keyView.rotation.next)
				d = h.m.rotate
				tester.set(old, cannedOutcome(apiclient.NotRecognised))
				h.tap(d.deleted)
				h.settled()
				shot("4-forgotten")
				h.tap(d.closeBtn)

				// A key OnceHub refuses is simply replaced: no question.
				tester.set(fresh, cannedOutcome(apiclient.NotRecognised))
				h.tap(h.m.keyView.test)
				h.waitForResult()
				d = h.openRotate()
				shot("6-refused-paste")
				h.pasteAndTest(d, other)
				h.settled()
				shot("7-main-replaced")
			})
		}
	}
}

// checkFits fails if the top dialog, or the main view, does not fit in the
// window.
func checkFits(t *testing.T, h *harness, step string) {
	t.Helper()
	c := h.m.win.Canvas()
	if top := c.Overlays().Top(); top != nil {
		var min fyne.Size
		if len(h.m.dialogs) > 0 {
			if ms, ok := h.m.dialogs[len(h.m.dialogs)-1].(interface{ MinSize() fyne.Size }); ok {
				min = ms.MinSize()
			}
		}
		if min.Height > c.Size().Height || min.Width > c.Size().Width {
			t.Errorf("%s: the dialog needs %v in a window of %v: it is cut off", step, min, c.Size())
		}
		if d := h.m.rotate; d != nil && h.m.dialogs[len(h.m.dialogs)-1] == d.dialog && c.Size().Height >= firstWindowSize.Height && d.scrolls() {
			t.Errorf("%s: at the window's first size, the page scrolls", step)
		}
		return
	}
	if min := h.m.win.Content().MinSize(); min.Height > c.Size().Height || min.Width > c.Size().Width {
		t.Errorf("%s: the window's content needs %v in a window of %v", step, min, c.Size())
	}
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// paintable gives a fill to the rectangles drawn with none (the window's
// size floor), which the test driver's software painter cannot draw.
func paintable(c fyne.Canvas) {
	objs := append([]fyne.CanvasObject{c.Content()}, c.Overlays().List()...)
	for _, root := range objs {
		for _, o := range test.LaidOutObjects(root) {
			if r, ok := o.(*canvas.Rectangle); ok && r.FillColor == nil {
				r.FillColor = color.Transparent
			}
		}
	}
}
