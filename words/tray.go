package words

import (
	"fmt"

	"github.com/oncekey/oncekey/apiclient"
)

// The tray menu's words.
func TrayOpen() string { return "Open OnceKey" }

func TrayQuit() string { return "Quit OnceKey" }

// TrayCopy and TrayTest are the items of one key; with several keys
// they sit under the key's name.
func TrayCopy() string { return "Copy key" }

func TrayTest() string { return "Test key" }

// TrayKeepLabel and TrayKeepExplained are the setting for closing the
// window while a tray shows OnceKey.
func TrayKeepLabel() string { return "Keep OnceKey in the tray when its window is closed" }

func TrayKeepExplained() string {
	return "Quit is always in the tray's menu. Where the desktop shows no tray, closing the window quits OnceKey."
}

// TrayKeyLabel is a key's entry in the tray menu when there are several:
// its name and masked ending.
func TrayKeyLabel(name, ending string) string {
	if ending == "" {
		return name
	}
	return fmt.Sprintf("%s (…%s)", name, ending)
}

// TrayTestNotice is the notification of a test started from the tray: its
// title names the key, its body is the outcome in the window's words, the
// account on success and the short reason on failure.
func TrayTestNotice(name, ending string, o apiclient.Outcome) (title, body string) {
	title = fmt.Sprintf("%s: %s", name, KeyEnding(ending))
	if o.Kind == apiclient.Works {
		body = "Works."
		if o.Account != "" {
			body = "Works, account " + o.Account + "."
		}
		return title, body
	}
	return title, Outcome(o).Summary
}

// TrayTestTrouble is the notification when a key could not be tested from
// the tray (the keychain did not give it).
func TrayTestTrouble(name, ending string, err error) (title, body string) {
	return fmt.Sprintf("%s: %s", name, KeyEnding(ending)), "Not tested. " + Keychain(err).Sentence()
}

// TrayTestBusy and TrayTestPaused are the notification's body when the
// test could not start.
func TrayTestBusy() string {
	return "Not tested: OnceKey is busy with another test or a change to your keys. Try again when it has finished."
}

func TrayTestPaused() string {
	return "Not tested: OnceHub asked for a pause after too many tests. OnceKey's window shows when you can test again."
}

// TrayCopyTrouble is the notification when a key could not be copied from
// the tray (the keychain did not give it).
func TrayCopyTrouble(name, ending string, err error) (title, body string) {
	return fmt.Sprintf("%s: %s", name, KeyEnding(ending)), "Not copied. " + Keychain(err).Sentence()
}

// AlreadyOpen is what a second start of the window program says before it
// ends: the running window came forward instead.
func AlreadyOpen() string { return "OnceKey is already open: its window was asked to come forward." }

// OpenButNotAnswering is what a second start says when the running window
// did not answer its call.
func OpenButNotAnswering() string {
	return "OnceKey seems to be open already, but it did not answer. " +
		"Close it (or end it in your system's task list), then start OnceKey again."
}
