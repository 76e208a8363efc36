//go:build e2e

package e2e

import (
	"encoding/json"
	"image"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The window binary the end-to-end tests run is built with the tag
// e2ehooks, which makes it write where each named widget is (ui's
// widgetmap_on.go) to the file ONCEKEY_E2E_WIDGET_MAP names; startWindow
// sets it for every window. Tests find a widget by name there and press
// keys or click it, so they do not depend on pixel positions or on
// counting Tab presses.

// widgetMapVar names the file the window writes its widget map to.
const widgetMapVar = "ONCEKEY_E2E_WIDGET_MAP"

// widgetPlace is one named widget on screen, in the window's pixels.
type widgetPlace struct {
	X, Y, W, H int
	Enabled    bool
}

// rect is the widget's rectangle in the window's pixels.
func (p widgetPlace) rect() image.Rectangle { return image.Rect(p.X, p.Y, p.X+p.W, p.Y+p.H) }

// openMappedWindow opens OnceKey's window in the rig.
func openMappedWindow(r *rig) *session {
	r.t.Helper()
	return openMappedWindowWith(r)
}

// openMappedWindowWith is openMappedWindow with extra settings.
func openMappedWindowWith(r *rig, extra ...string) *session {
	r.t.Helper()
	requireTools(r.t, "Xvfb", "xdotool", "xclip", "import")
	return startWindow(r.t, startXvfb(r.t), r.home.home, r.env(extra...))
}

// widgets reads the widget map as the window last wrote it.
func (s *session) widgets() map[string]widgetPlace { return s.widgetsSince(time.Time{}) }

// widgetsSince reads the widget map if the window wrote it after since,
// which it does five times a second. A map from before a test's last
// action may show enabled a button the action has just disabled, such as
// Rotate while a test runs.
func (s *session) widgetsSince(since time.Time) map[string]widgetPlace {
	info, err := os.Stat(s.mapPath)
	if err != nil || !info.ModTime().After(since) {
		return nil
	}
	data, err := os.ReadFile(s.mapPath)
	if err != nil {
		return nil
	}
	var w map[string]widgetPlace
	if json.Unmarshal(data, &w) != nil {
		return nil
	}
	return w
}

// shows reports whether the window shows the widget called name now.
func (s *session) shows(name string) bool {
	_, ok := s.widgets()[name]
	return ok
}

// place waits until the window shows name, enabled or not, and returns where.
func (s *session) place(name string) widgetPlace {
	s.t.Helper()
	var p widgetPlace
	s.waitFor(name+" to show", func() bool {
		w, ok := s.widgets()[name]
		p = w
		return ok
	})
	return p
}

// waitShown waits until a map made from a little after now on shows name,
// enabled, and returns where. A little after: xdotool returns once the X
// server has the test's last key or click, before the window has handled
// it, and a map made in between would show the state before it.
func (s *session) waitShown(name string) widgetPlace {
	s.t.Helper()
	since := time.Now().Add(100 * time.Millisecond)
	var p widgetPlace
	s.waitFor(name+" to show", func() bool {
		w, ok := s.widgetsSince(since)[name]
		p = w
		return ok && w.Enabled
	})
	return p
}

// click clicks the middle of the widget called name, once it shows enabled.
func (s *session) click(name string) {
	s.t.Helper()
	s.clickAt(s.waitShown(name), 1, 0)
	time.Sleep(100 * time.Millisecond)
}

// clickAt clicks the middle of p times times, delay milliseconds apart,
// whether p is enabled or not.
func (s *session) clickAt(p widgetPlace, times, delay int) {
	s.t.Helper()
	s.xdotool("mousemove", "--window", s.window, strconv.Itoa(p.X+p.W/2), strconv.Itoa(p.Y+p.H/2),
		"click", "--repeat", strconv.Itoa(times), "--delay", strconv.Itoa(delay), "1")
}

// unfocus clicks the key's masked line, a label that takes no focus, which
// takes the keyboard focus from any widget, so that Enter and Ctrl+C reach
// the window itself. It is for the main view, where the key shows.
func (s *session) unfocus() {
	s.t.Helper()
	s.clickAt(s.place("key.masked"), 1, 0)
	time.Sleep(100 * time.Millisecond)
}

// shown lists the names the window shows now, for failure messages.
func (s *session) shown() []string {
	var names []string
	for n := range s.widgets() {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// onScreen turns a rectangle in the window's pixels into one in the
// screen's, which screenshots are of.
func (s *session) onScreen(r image.Rectangle) image.Rectangle {
	s.t.Helper()
	geometry := s.windowGeometry()
	return r.Add(geometry.Min)
}

// windowGeometry is where the window is on the screen, and its size.
func (s *session) windowGeometry() image.Rectangle {
	s.t.Helper()
	values := map[string]int{}
	for _, line := range strings.Split(s.xdotool("getwindowgeometry", "--shell", s.window), "\n") {
		k, v, _ := strings.Cut(line, "=")
		if n, err := strconv.Atoi(v); err == nil {
			values[k] = n
		}
	}
	w, h := values["WIDTH"], values["HEIGHT"]
	if w == 0 || h == 0 {
		s.t.Fatal("xdotool did not tell the window's size")
	}
	return image.Rect(values["X"], values["Y"], values["X"]+w, values["Y"]+h)
}

// tabTo presses Tab until the widget called name has the keyboard focus,
// seen as its look changing from the unfocused one (a focused button is
// drawn highlighted), so that the test counts no Tab presses. The pointer
// must not rest on the widget, and nothing else may change its look.
func (s *session) tabTo(name string) {
	s.t.Helper()
	p := s.waitShown(name)
	area := s.onScreen(p.rect())
	unfocused := s.grab()
	for range 20 {
		s.key("Tab")
		time.Sleep(150 * time.Millisecond)
		if regionDiff(unfocused, s.grab(), area) > p.W*p.H/4 {
			return
		}
	}
	s.screenshot("failed-tab-to-" + name + ".png")
	s.t.Fatalf("20 Tab presses never focused %s; the window shows %v", name, s.shown())
}

// regionDiff counts the pixels that differ between two screenshots in the
// rectangle r, in the screen's pixels.
func regionDiff(a, b image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				n++
			}
		}
	}
	return n
}

func TestWidgetMapNamesTheViews(t *testing.T) {
	r := newRig(t)
	w := openMappedWindow(r)
	w.waitShown("firstrun.save")
	for _, n := range []string{"firstrun.entry", "firstrun.paste"} {
		if !w.shows(n) {
			t.Errorf("the first-run view does not show %s; it shows %v", n, w.shown())
		}
	}
	if w.shows("key.test") {
		t.Error("the widget map lists the main view's Test while the first-run view shows")
	}
}
