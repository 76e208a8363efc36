//go:build e2e

package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"
)

// The window binary the end-to-end tests run is built with the tag
// e2ehooks, which makes it write where each named widget is (ui's
// widgetmap_on.go) to the file ONCEKEY_E2E_WIDGET_MAP names. Tests find a
// widget by name there and press keys or click it, so they do not depend
// on pixel positions or on counting Tab presses.

// widgetPlace is one named widget on screen, in the window's pixels.
type widgetPlace struct {
	X, Y, W, H int
	Enabled    bool
}

// mapped is a window whose named widgets the test can find.
type mapped struct {
	*session
	mapPath string
}

// openMappedWindow opens OnceKey's window in the rig, writing its widget map.
func openMappedWindow(r *rig) *mapped {
	r.t.Helper()
	return openMappedWindowWith(r)
}

// openMappedWindowWith is openMappedWindow with extra settings.
func openMappedWindowWith(r *rig, extra ...string) *mapped {
	r.t.Helper()
	requireTools(r.t, "Xvfb", "xdotool", "xclip", "import")
	path := filepath.Join(r.t.TempDir(), "widgets.json")
	env := r.env(append([]string{"ONCEKEY_E2E_WIDGET_MAP=" + path}, extra...)...)
	s := startWindow(r.t, startXvfb(r.t), r.home.home, env)
	return &mapped{session: s, mapPath: path}
}

// widgets reads the widget map as the window last wrote it.
func (m *mapped) widgets() map[string]widgetPlace {
	data, err := os.ReadFile(m.mapPath)
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
func (m *mapped) shows(name string) bool {
	_, ok := m.widgets()[name]
	return ok
}

// waitShown waits until the window shows name, enabled, and returns where.
func (m *mapped) waitShown(name string) widgetPlace {
	m.t.Helper()
	var p widgetPlace
	m.waitFor(name+" to show", func() bool {
		w, ok := m.widgets()[name]
		p = w
		return ok && w.Enabled
	})
	return p
}

// click clicks the middle of the widget called name, once it shows enabled.
func (m *mapped) click(name string) {
	m.t.Helper()
	p := m.waitShown(name)
	m.xdotool("mousemove", "--window", m.window, strconv.Itoa(p.X+p.W/2), strconv.Itoa(p.Y+p.H/2), "click", "1")
	time.Sleep(100 * time.Millisecond)
}

// shown lists the names the window shows now, for failure messages.
func (m *mapped) shown() []string {
	var names []string
	for n := range m.widgets() {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
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
