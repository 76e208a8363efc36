//go:build e2ehooks

package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"time"

	"fyne.io/fyne/v2"
)

// This file exists only in builds for the end-to-end tests (tag e2ehooks):
// it writes where each named widget is on screen, so that the tests drive
// the real window by widget name instead of by pixel positions and counted
// Tab presses, and survive a change of layout. It writes positions and
// states only, never a widget's text: a revealed key is text.

// widgetMapEnv names the file the map is written to.
const widgetMapEnv = "ONCEKEY_E2E_WIDGET_MAP"

// named holds the widgets given a name; only the UI goroutine touches it.
var named = map[fyne.CanvasObject]string{}

// nameWidget gives o a name in the widget map.
func nameWidget(o fyne.CanvasObject, name string) { named[o] = name }

// mappedWidget is one widget's place, in the window's pixels.
type mappedWidget struct {
	X, Y, W, H int
	Enabled    bool
}

// startWidgetMap writes the map of w's named widgets five times a second.
// It writes even when nothing changed: the file's time tells a test that
// the map was made after the test's last action, so that a button it
// shows enabled is not one the action has since disabled.
func startWidgetMap(w fyne.Window) {
	path := os.Getenv(widgetMapEnv)
	if path == "" {
		return
	}
	go func() {
		for range time.Tick(200 * time.Millisecond) {
			fyne.DoAndWait(func() {
				data := widgetMap(w)
				tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
				if os.WriteFile(tmp, data, 0o600) == nil {
					_ = os.Rename(tmp, path)
				}
			})
		}
	}()
}

func widgetMap(w fyne.Window) []byte {
	c := w.Canvas()
	scale := c.Scale()
	drv := fyne.CurrentApp().Driver()
	out := map[string]mappedWidget{}
	names := make([]fyne.CanvasObject, 0, len(named))
	for o := range named {
		names = append(names, o)
	}
	sort.Slice(names, func(a, b int) bool { return named[names[a]] < named[names[b]] })
	for _, o := range names {
		if !o.Visible() {
			continue
		}
		pos := drv.AbsolutePositionForObject(o)
		if pos.IsZero() {
			continue // not in the window's tree now (a closed dialog, a view not shown)
		}
		size := o.Size()
		enabled := true
		if d, ok := o.(fyne.Disableable); ok {
			enabled = !d.Disabled()
		}
		out[named[o]] = mappedWidget{
			X: int(pos.X * scale), Y: int(pos.Y * scale),
			W: int(size.Width * scale), H: int(size.Height * scale),
			Enabled: enabled,
		}
	}
	data, _ := json.Marshal(out)
	return data
}
