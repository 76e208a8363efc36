package words

import (
	"fmt"

	"github.com/oncekey/oncekey/apiclient"
)

// The tray menu's words.
func TrayOpen() string { return tr("tray.open") }

func TrayQuit() string { return tr("tray.quit") }

// TrayCopy and TrayTest are the items of one key; with several keys
// they sit under the key's name.
func TrayCopy() string { return tr("tray.copy") }

func TrayTest() string { return tr("tray.test") }

// TrayKeepLabel and TrayKeepExplained are the setting for closing the
// window while a tray shows OnceKey.
func TrayKeepLabel() string { return tr("tray.keep.label") }

func TrayKeepExplained() string { return tr("tray.keep.explained") }

// TrayKeyLabel is a key's entry in the tray menu when there are several:
// its name and masked ending. It has no words, so it is the same in every
// language.
func TrayKeyLabel(name, ending string) string {
	if ending == "" {
		return name
	}
	return fmt.Sprintf("%s (…%s)", name, ending)
}

// trayTitle is a notification's title: the key's name and its ending.
func trayTitle(name, ending string) string {
	if ending == "" {
		return tr("tray.title.noEnding", "Name", name)
	}
	return tr("tray.title", "Name", name, "Ending", ending)
}

// TrayTestNotice is the notification of a test started from the tray: its
// title names the key, its body is the outcome in the window's words, the
// account on success and the short reason on failure.
func TrayTestNotice(name, ending string, o apiclient.Outcome) (title, body string) {
	title = trayTitle(name, ending)
	if o.Kind == apiclient.Works {
		body = tr("tray.works")
		if o.Account != "" {
			body = tr("tray.works.account", "Account", o.Account)
		}
		return title, body
	}
	return title, Outcome(o).Summary
}

// TrayTestTrouble is the notification when a key could not be tested from
// the tray (the keychain did not give it).
func TrayTestTrouble(name, ending string, err error) (title, body string) {
	return trayTitle(name, ending), tr("tray.notTested", "Why", Keychain(err).Sentence())
}

// TrayTestBusy and TrayTestPaused are the notification's body when the
// test could not start.
func TrayTestBusy() string { return tr("tray.notTested.busy") }

func TrayTestPaused() string { return tr("tray.notTested.paused") }

// TrayCopyTrouble is the notification when a key could not be copied from
// the tray (the keychain did not give it).
func TrayCopyTrouble(name, ending string, err error) (title, body string) {
	return trayTitle(name, ending), tr("tray.notCopied", "Why", Keychain(err).Sentence())
}

// AlreadyOpen is what a second start of the window program says before it
// ends: the running window came forward instead.
func AlreadyOpen() string { return tr("tray.alreadyOpen") }

// OpenButNotAnswering is what a second start says when the running window
// did not answer its call.
func OpenButNotAnswering() string { return tr("tray.openButNotAnswering") }
