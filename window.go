package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"fyne.io/fyne/v2/app"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/assets"
	"github.com/oncekey/oncekey/cli"
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
	})
	w.ShowAndRun()
	return 0
}
