package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/words"
)

// Preference names. Only settings and window size live in preferences;
// the key never does.
const (
	prefClearSeconds = "clipboard.clearSeconds" // 0 means never
	prefWidth        = "window.width"
	prefHeight       = "window.height"
)

// settings reads and writes the admin's choices in the app's preferences.
type settings struct {
	prefs fyne.Preferences
}

// clearDelay is how long a copied key stays on the clipboard; 0 means it
// is never cleared.
func (s settings) clearDelay() time.Duration {
	n := s.prefs.IntWithFallback(prefClearSeconds, int(defaultClearDelay/time.Second))
	if n <= 0 {
		return 0
	}
	return time.Duration(n) * time.Second
}

func (s settings) setClearDelay(d time.Duration) {
	s.prefs.SetInt(prefClearSeconds, int(d/time.Second))
}

// windowSize is the size the window had when it was last closed (first,
// the first time), no smaller than min.
func (s settings) windowSize(first, min fyne.Size) fyne.Size {
	w := float32(s.prefs.FloatWithFallback(prefWidth, float64(first.Width)))
	h := float32(s.prefs.FloatWithFallback(prefHeight, float64(first.Height)))
	return fyne.NewSize(max(w, min.Width), max(h, min.Height))
}

func (s settings) setWindowSize(size fyne.Size) {
	if size.Width <= 0 || size.Height <= 0 {
		return // a window that never got a size: keep the last good one
	}
	s.prefs.SetFloat(prefWidth, float64(size.Width))
	s.prefs.SetFloat(prefHeight, float64(size.Height))
}

// settingsDialog lets the admin choose how long a copied key stays on the
// clipboard. It is given the current choice and reports a new one.
type settingsDialog struct {
	delay  *widget.Select
	dialog *dialog.CustomDialog
}

func newSettingsDialog(current time.Duration, onDelay func(time.Duration), parent fyne.Window) *settingsDialog {
	d := &settingsDialog{}
	labels := make([]string, len(clearDelays))
	for i, c := range clearDelays {
		labels[i] = words.ClearDelayLabel(c)
	}
	d.delay = widget.NewSelect(labels, func(label string) {
		for _, c := range clearDelays {
			if words.ClearDelayLabel(c) == label {
				onDelay(c)
				return
			}
		}
	})
	d.delay.SetSelected(words.ClearDelayLabel(current))

	explain := widget.NewLabel(words.ClearDelayExplained)
	explain.Wrapping = fyne.TextWrapWord

	form := widget.NewForm(widget.NewFormItem("Clear the clipboard after", d.delay))
	content := container.NewVBox(explain, form)
	d.dialog = dialog.NewCustom("Settings", "Close", content, parent)
	d.dialog.Resize(fyne.NewSize(440, 0))
	return d
}

// clearDelays are the choices offered in Settings; 0 means never.
var clearDelays = []time.Duration{10 * time.Second, 30 * time.Second, time.Minute, 2 * time.Minute, 0}

// defaultClearDelay is used until the admin chooses another.
const defaultClearDelay = 30 * time.Second

func (m *MainWindow) openSettings() {
	d := newSettingsDialog(m.settings.clearDelay(), m.settings.setClearDelay, m.win)
	m.showDialog(d.dialog)
}
