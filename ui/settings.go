package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/words"
)

// Preference names. Only settings and window size live in preferences;
// the key never does.
const (
	prefClearSeconds = "clipboard.clearSeconds" // 0 means never
	prefRotateMonths = "keys.rotateAfterMonths"
	prefTestPace     = "keys.testAllPerSecond"
	prefKeepInTray   = "tray.keepOnClose"
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

// rotateMonths is the age in months from which a key is due for rotation,
// 1 to 24; OnceHub's advice (6) until the admin chooses another.
func (s settings) rotateMonths() int {
	n := s.prefs.IntWithFallback(prefRotateMonths, defaultRotateMonths)
	if n < minRotateMonths || n > maxRotateMonths {
		return defaultRotateMonths
	}
	return n
}

// keepInTray is whether closing the window leaves OnceKey in the tray;
// off until the admin turns it on.
func (s settings) keepInTray() bool { return s.prefs.BoolWithFallback(prefKeepInTray, false) }

func (s settings) setKeepInTray(on bool) { s.prefs.SetBool(prefKeepInTray, on) }

func (s settings) setRotateMonths(n int) {
	s.prefs.SetInt(prefRotateMonths, min(max(n, minRotateMonths), maxRotateMonths))
}

// pace is how many tests a second Test all starts, 1 to keys.MaxPace;
// keys.DefaultPace until the admin chooses another. OnceHub allows 5
// requests a second per account, and the admin's other tools need some.
func (s settings) pace() int {
	n := s.prefs.IntWithFallback(prefTestPace, keys.DefaultPace)
	if n < 1 || n > keys.MaxPace {
		return keys.DefaultPace
	}
	return n
}

func (s settings) setPace(n int) {
	s.prefs.SetInt(prefTestPace, min(max(n, 1), keys.MaxPace))
}

// rotateAfter is rotateMonths as an age.
func (s settings) rotateAfter() time.Duration { return rotateAfterMonths(s.rotateMonths()) }

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
// clipboard, from what age a key is due for a new one, and how many tests
// a second Test all starts. It is given the current choices and reports
// new ones.
type settingsDialog struct {
	delay  *widget.Select
	rotate *widget.Select
	pace   *widget.Select
	keep   *widget.Check // shown only where a tray shows OnceKey
	dialog *dialog.CustomDialog
}

// settingsCallbacks report the admin's choices.
type settingsCallbacks struct {
	OnDelay        func(time.Duration)
	OnRotateMonths func(int)
	OnPace         func(int)
	// OnKeepInTray, where a tray shows OnceKey, reports the choice for
	// closing the window; nil hides that setting.
	OnKeepInTray func(bool)
}

func newSettingsDialog(current time.Duration, months, pace int, keepInTray bool, cb settingsCallbacks, parent fyne.Window) *settingsDialog {
	d := &settingsDialog{}
	labels := make([]string, len(clearDelays))
	for i, c := range clearDelays {
		labels[i] = words.ClearDelayLabel(c)
	}
	d.delay = widget.NewSelect(labels, func(label string) {
		for _, c := range clearDelays {
			if words.ClearDelayLabel(c) == label {
				cb.OnDelay(c)
				return
			}
		}
	})
	d.delay.SetSelected(words.ClearDelayLabel(current))

	var monthLabels []string
	for n := minRotateMonths; n <= maxRotateMonths; n++ {
		monthLabels = append(monthLabels, words.RotateAfterLabel(n))
	}
	d.rotate = widget.NewSelect(monthLabels, func(label string) {
		for n := minRotateMonths; n <= maxRotateMonths; n++ {
			if words.RotateAfterLabel(n) == label {
				cb.OnRotateMonths(n)
				return
			}
		}
	})
	d.rotate.SetSelected(words.RotateAfterLabel(months))

	var paceLabels []string
	for n := 1; n <= keys.MaxPace; n++ {
		paceLabels = append(paceLabels, words.PaceLabel(n, keys.DefaultPace))
	}
	d.pace = widget.NewSelect(paceLabels, func(label string) {
		for n := 1; n <= keys.MaxPace; n++ {
			if words.PaceLabel(n, keys.DefaultPace) == label {
				cb.OnPace(n)
				return
			}
		}
	})
	d.pace.SetSelected(words.PaceLabel(pace, keys.DefaultPace))

	// Small print, so that three settings fit the window's smallest size.
	explain := explanation(words.ClearDelayExplained())
	rotateExplain := explanation(words.RotateAfterExplained())
	paceExplain := explanation(words.TestAllPaceExplained())

	nameWidget(d.delay, "settings.clear-delay")
	nameWidget(d.rotate, "settings.rotate-after")
	nameWidget(d.pace, "settings.test-pace")
	content := container.NewVBox(explain, widget.NewForm(widget.NewFormItem(words.FieldClearDelay(), d.delay)),
		widget.NewSeparator(),
		rotateExplain, widget.NewForm(widget.NewFormItem(words.FieldRotateAfter(), d.rotate)),
		widget.NewSeparator(),
		paceExplain, widget.NewForm(widget.NewFormItem(words.FieldTestPace(), d.pace)))
	if cb.OnKeepInTray != nil {
		d.keep = widget.NewCheck(words.TrayKeepLabel(), cb.OnKeepInTray)
		d.keep.SetChecked(keepInTray)
		nameWidget(d.keep, "settings.keep-in-tray")
		content.Add(widget.NewSeparator())
		content.Add(explanation(words.TrayKeepExplained()))
		content.Add(d.keep)
	}
	d.dialog = dialog.NewCustom(words.TitleSettings(), words.ButtonClose(), content, parent)
	d.dialog.Resize(fyne.NewSize(settingsWidth, 0))
	return d
}

// settingsWidth is the settings dialog's width: as wide as the smallest
// window allows, so that the explanations take few lines.
const settingsWidth = 520

// explanation is a setting's explanation, in small print.
func explanation(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = theme.SizeNameCaptionText
	return l
}

// clearDelays are the choices offered in Settings; 0 means never.
var clearDelays = []time.Duration{10 * time.Second, 30 * time.Second, time.Minute, 2 * time.Minute, 0}

// defaultClearDelay is used until the admin chooses another.
const defaultClearDelay = 30 * time.Second

func (m *MainWindow) openSettings() {
	var keepInTray func(bool)
	if m.tray.running {
		keepInTray = m.settings.setKeepInTray
	}
	d := newSettingsDialog(m.settings.clearDelay(), m.settings.rotateMonths(), m.settings.pace(), m.settings.keepInTray(), settingsCallbacks{
		OnKeepInTray: keepInTray,
		OnDelay:      m.settings.setClearDelay,
		OnRotateMonths: func(n int) {
			m.settings.setRotateMonths(n)
			m.showAge()
		},
		OnPace: func(n int) {
			m.settings.setPace(n)
			// A run under way keeps its pace; the next one takes this.
			m.keys.SetPace(float64(m.settings.pace()))
		},
	}, m.win)
	m.showDialog(d.dialog)
}
