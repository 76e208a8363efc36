package main

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2/app"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/assets"
	"github.com/oncekey/oncekey/cli"
	"github.com/oncekey/oncekey/internal/desktopbus"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
	"github.com/oncekey/oncekey/ui"
	"github.com/oncekey/oncekey/words"
)

// windowKeychainTimeout is long because the window tells the admin it is
// waiting, and a locked keychain's unlock prompt needs time to be answered.
const windowKeychainTimeout = 2 * time.Minute

// openWindow shows the OnceKey window and returns when it is closed.
func openWindow(stderr io.Writer) (code int) {
	base, err := apiclient.BaseURLFromEnv()
	if err != nil {
		fmt.Fprintln(stderr, words.Config(err))
		return cli.ExitTrouble
	}
	client, err := apiclient.New(apiclient.Config{BaseURL: base, Version: version})
	if err != nil {
		fmt.Fprintln(stderr, words.Config(err))
		return cli.ExitTrouble
	}
	indexPath, err := keystore.DefaultIndexPath()
	if err != nil {
		fmt.Fprintln(stderr, words.NoSettingsFolder(err))
		return cli.ExitTrouble
	}
	// A reset list (IndexRecoveredError) comes with an index, and the window
	// tells the admin; a list that cannot be read at all comes with none.
	index, indexProblem := keystore.LoadIndex(indexPath)
	if index == nil {
		fmt.Fprintln(stderr, words.ListUnreadable(indexProblem))
		return cli.ExitTrouble
	}
	var reset *keystore.IndexRecoveredError
	errors.As(indexProblem, &reset)

	// The session bus is asked in the background while the window is
	// built: whether another OnceKey window runs, and whether a tray host
	// is there. Both answers are needed before the window shows.
	probe := probeDesktop()

	// A driver that fails after the display check still must not end in a
	// panic trace.
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintln(stderr, words.DriverFailed())
			code = cli.ExitTrouble
		}
	}()
	ui.FollowLanguage(words.Language())
	a := app.NewWithID(appID)
	a.SetIcon(assets.Icon)
	w := ui.NewMainWindow(a, ui.Deps{
		Keys: keys.New(keys.Config{
			Store:   keystore.NewKeychain(windowKeychainTimeout),
			Index:   index,
			Tester:  client,
			History: keystore.OpenHistory(keystore.HistoryPathFor(indexPath)),
			From:    keystore.FromWindow,
		}),
		ListReset: reset,
		Tray:      probe,
	})
	d := probe.wait()
	if d.bus != nil {
		defer d.bus.Close()
	}
	switch {
	case errors.Is(d.claimErr, desktopbus.ErrNotAnswering):
		fmt.Fprintln(stderr, words.OpenButNotAnswering())
		return cli.ExitTrouble
	case d.another:
		// One window at a time: the first one was asked to come forward.
		fmt.Fprintln(stderr, words.AlreadyOpen())
		return cli.ExitWorks
	case d.onActivate != nil:
		d.onActivate(w.BringForward)
	}
	w.ShowAndRun()
	return 0
}

// desktop is what the session bus said at start.
type desktop struct {
	bus      *desktopbus.Bus // nil: no session bus (Windows, macOS, sudo)
	another  bool            // another OnceKey window runs, and was asked forward
	claimErr error
	// onActivate sets what runs when a later start asks this window to
	// come forward; nil where nothing can ask (macOS for now).
	onActivate func(func())
	// trayAtStart: a tray host was there when OnceKey started.
	trayAtStart bool
}

// desktopProbe asks the desktop in the background; it is also the
// window's ui.TrayHost.
type desktopProbe struct {
	done   chan struct{}
	answer desktop
	// startUsed: the answer at start was given once; later calls ask again.
	startUsed atomic.Bool
}

func probeDesktop() *desktopProbe {
	p := &desktopProbe{done: make(chan struct{})}
	go func() {
		defer close(p.done)
		if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
			// The notification area and the menu bar are always there,
			// and there is no session bus: Windows keeps to one window
			// with a named event (claimSession).
			p.answer.trayAtStart = true
			p.answer.another, p.answer.onActivate, p.answer.claimErr = claimSession()
			return
		}
		bus, err := desktopbus.Connect()
		if err != nil {
			return // no tray, and no way to find another window
		}
		p.answer.bus = bus
		first, err := bus.ClaimWindow()
		p.answer.another, p.answer.claimErr = !first && err == nil, err
		p.answer.trayAtStart = first && bus.TrayHostPresent()
		if first {
			p.answer.onActivate = bus.OnActivate
		}
	}()
	return p
}

func (p *desktopProbe) wait() desktop {
	<-p.done
	return p.answer
}

// Present reports whether a tray shows OnceKey: at start, what the probe
// found; later, the session bus is asked again.
func (p *desktopProbe) Present() bool {
	d := p.wait()
	if d.bus == nil || !p.startUsed.Swap(true) {
		return d.trayAtStart
	}
	return d.bus.TrayHostPresent()
}
