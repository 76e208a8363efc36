package main

import (
	"errors"
	"fmt"
	"io"
	"runtime"
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

	// One window at a time: a second start brings the first one forward
	// and ends. Without a session bus there is no way to ask, and no tray.
	bus, err := desktopbus.Connect()
	if err == nil {
		defer bus.Close()
		if first, err := bus.ClaimWindow(); err == nil && !first {
			fmt.Fprintln(stderr, words.AlreadyOpen)
			return cli.ExitWorks
		}
	}

	// A driver that fails after the display check still must not end in a
	// panic trace.
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintln(stderr, words.DriverFailed())
			code = cli.ExitTrouble
		}
	}()
	a := app.NewWithID(appID)
	a.SetIcon(assets.Icon)
	w := ui.NewMainWindow(a, ui.Deps{
		Keys: keys.New(keys.Config{
			Store:  keystore.NewKeychain(windowKeychainTimeout),
			Index:  index,
			Tester: client,
		}),
		ListReset: reset,
		Tray:      trayHost(bus),
	})
	if bus != nil {
		bus.OnActivate(w.BringForward)
	}
	w.ShowAndRun()
	return 0
}

// trayHost is the desktop's tray: on Linux the session bus's tray host,
// if any; Windows' notification area and macOS's menu bar are always there.
func trayHost(bus *desktopbus.Bus) ui.TrayHost {
	switch {
	case bus != nil:
		return busTray{bus}
	case runtime.GOOS == "windows" || runtime.GOOS == "darwin":
		return alwaysTray{}
	}
	return nil
}

type busTray struct{ bus *desktopbus.Bus }

func (t busTray) Present() bool { return t.bus.TrayHostPresent() }

type alwaysTray struct{}

func (alwaysTray) Present() bool { return true }
