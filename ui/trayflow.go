package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
	"github.com/oncekey/oncekey/words"
)

// TrayHost is the desktop's tray, where the window program found one.
type TrayHost interface {
	// Present reports whether a tray shows OnceKey's icon now. It may ask
	// the desktop over D-Bus: it is called before the app's loop starts,
	// and then off the UI goroutine.
	Present() bool
}

// tray is the window's side of the tray: its menu and whether it runs.
type tray struct {
	host TrayHost
	// setMenu puts a menu in the tray: the app's, or a test's.
	setMenu func(*fyne.Menu)
	running bool
	hidden  bool      // the window was closed into the tray
	keys    []trayKey // what the menu shows
}

// startTray shows OnceKey in the tray if the desktop has one. It runs
// before the app's loop starts, which is when Fyne starts its tray, and it
// asks the desktop once: a tray host that appears later is not used until
// the next start. Without a tray host nothing starts: Fyne's tray would only
// log that it could not register, and the tray must never be the only way
// back to the window.
func (m *MainWindow) startTray() {
	host := m.deps.Tray
	if host == nil || m.tray.running || !host.Present() {
		return
	}
	if m.tray.setMenu == nil {
		d, ok := m.app.(desktop.App)
		if !ok {
			return
		}
		m.tray.setMenu = d.SetSystemTrayMenu
	}
	m.tray.running = true
	m.tray.host = host
	// Fyne's tray keeps the program running once the window has closed:
	// closing asks first.
	m.win.SetCloseIntercept(m.onCloseRequest)
	m.refreshTray()
}

// refreshTray brings the tray's menu up to date with the list of keys.
func (m *MainWindow) refreshTray() {
	if !m.tray.running {
		return
	}
	var list []trayKey
	for _, k := range m.keys.Keys() {
		list = append(list, trayKey{Name: k.Name, Ending: k.Ending})
	}
	if m.tray.keys != nil && sameTrayKeys(list, m.tray.keys) {
		return
	}
	if list == nil {
		list = []trayKey{}
	}
	m.tray.keys = list
	m.tray.setMenu(trayMenu(list, trayCallbacks{
		OnCopy: m.copyFromTray,
		OnTest: m.testFromTray,
		OnOpen: m.bringForward,
		OnQuit: m.quit,
	}))
}

// onCloseRequest answers the window's close button while the tray runs:
// hide to the tray if the admin chose so and a tray still shows OnceKey,
// else quit.
func (m *MainWindow) onCloseRequest() {
	if !m.settings.keepInTray() {
		m.quit()
		return
	}
	host := m.tray.host
	go func() {
		present := host.Present()
		m.do(func() {
			if present {
				// A hidden window is not there to clear the clipboard
				// later: the key goes now.
				m.clip.clearIfOurs()
				m.tray.hidden = true
				m.win.Hide()
			} else {
				m.quit()
			}
		})
	}()
}

// quit closes the window (clearing the clipboard if it holds the key) and
// ends the program, which the tray would otherwise keep running.
func (m *MainWindow) quit() {
	m.win.Close()
	m.app.Quit()
}

// bringForward shows the window and asks for the focus.
func (m *MainWindow) bringForward() {
	if m.closed {
		return
	}
	m.tray.hidden = false
	m.win.Show()
	m.win.RequestFocus()
}

// BringForward is bringForward from any goroutine: another start of the
// window program asked for it.
func (m *MainWindow) BringForward() { m.do(m.bringForward) }

// copyFromTray copies a key chosen in the tray, read from the keychain if
// this window has not read it yet.
func (m *MainWindow) copyFromTray(name string) {
	if secret, ok := m.keys.Cached(name); ok && secret != "" {
		m.copiedName = name
		m.clip.copy(secret, m.settings.clearDelay())
		return
	}
	var secret string
	m.background(func(ctx context.Context) error {
		var err error
		secret, err = m.keys.Secret(ctx, name)
		return err
	}, func(err error) {
		if err != nil {
			title, body := words.TrayCopyTrouble(name, m.trayEnding(name), err)
			m.app.SendNotification(fyne.NewNotification(title, body))
			return
		}
		m.copiedName = name
		m.clip.copy(secret, m.settings.clearDelay())
	})
}

// testFromTray tests a key chosen in the tray and tells the outcome in a
// notification, since the window may be hidden. It is the window's one
// test in flight meanwhile, so Test and Test all wait for it.
func (m *MainWindow) testFromTray(name string) {
	ending := m.trayEnding(name)
	title, _ := words.TrayTestNotice(name, ending, apiclient.Outcome{})
	switch {
	case m.closed:
		return
	case m.testing() || m.pending > 0:
		// A test, or a change to the keys (Rotate, Rename, Add), is under
		// way in the window.
		m.app.SendNotification(fyne.NewNotification(title, words.TrayTestBusy()))
		return
	case m.retry.running():
		m.app.SendNotification(fyne.NewNotification(title, words.TrayTestPaused()))
		return
	}
	ctx, cancel := context.WithCancel(m.ctx)
	m.testCancel, m.testName = cancel, name
	if m.view == viewKey && m.name == name {
		m.keyView.setTesting(true)
	}
	m.refreshControls()
	var o apiclient.Outcome
	m.background(func(context.Context) error {
		var err error
		o, err = m.keys.TestFrom(ctx, name, keystore.FromTray)
		return err
	}, func(err error) {
		cancel()
		m.testCancel = nil
		m.keyView.setTesting(false)
		var body string
		switch {
		case errors.Is(err, keys.ErrBusy):
			body = words.TrayTestBusy()
		case err != nil && !keys.IsListError(err):
			_, body = words.TrayTestTrouble(name, ending, err)
		default:
			_, body = words.TrayTestNotice(name, ending, o)
			if o.Kind == apiclient.RateLimited {
				// OnceHub's pause is for the account: every test waits.
				m.pauseTests(o.RetryAfter)
			}
			if m.view == viewKey && m.name == name && m.ending() == ending {
				m.keyView.result.show(o, m.clock.Now(), true, m.clock.Now())
			}
		}
		m.refreshControls()
		m.app.SendNotification(fyne.NewNotification(title, body))
		m.catchUp()
	})
}

// trayEnding is the masked ending the list knows for name.
func (m *MainWindow) trayEnding(name string) string {
	k, _ := m.keys.Key(name)
	return k.Ending
}
