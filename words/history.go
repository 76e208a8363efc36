package words

import (
	"fmt"
	"strings"
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
)

// HistoryTitle heads the table of a key's last tests under Details.
func HistoryTitle() string { return "Recent tests" }

// HistoryFrom says where a test was started.
func HistoryFrom(from string) string {
	switch from {
	case keystore.FromTray:
		return "tray"
	case keystore.FromCommandLine:
		return "command line"
	}
	return "window"
}

// HistoryOutcome is a recorded test's outcome in a few words.
func HistoryOutcome(e keystore.HistoryEntry) string {
	o, ok := keys.OutcomeOf(&keystore.TestRecord{At: e.At, Result: e.Result, Account: e.Account, Status: e.Status, RequestID: e.RequestID})
	if !ok {
		return "Not known"
	}
	switch o.Kind {
	case apiclient.Works:
		if o.Account != "" {
			return "Works, account " + o.Account
		}
		return "Works"
	case apiclient.NotRecognised:
		return "Not recognised by OnceHub"
	case apiclient.NoAPIAccess:
		return "No API access on this plan"
	case apiclient.RateLimited:
		return "Too many tests just then"
	case apiclient.ServerTrouble:
		return "OnceHub had a problem"
	case apiclient.Unreachable:
		return "OnceHub could not be reached"
	}
	return "Could not test"
}

// HistoryWhen is when a recorded test ran, in the computer's time zone.
func HistoryWhen(at time.Time, loc *time.Location) string {
	return at.In(loc).Format("2 Jan 2006 15:04")
}

// HistoryHeading introduces "oncekey history".
func HistoryHeading(name string, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%s: no tests recorded yet.", name)
	case 1:
		return fmt.Sprintf("%s: the last test:", name)
	}
	return fmt.Sprintf("%s: the last %d tests, newest first:", name, n)
}

// HistoryLine is one recorded test on the command line.
func HistoryLine(e keystore.HistoryEntry, loc *time.Location) string {
	parts := []string{HistoryWhen(e.At, loc), "from the " + HistoryFrom(e.From), HistoryOutcome(e)}
	if e.Ending != "" {
		parts = append(parts, KeyEnding(e.Ending))
	}
	if e.RequestID != "" {
		parts = append(parts, "Request-Id "+e.RequestID)
	}
	return strings.Join(parts, " · ")
}

// HistoryUnreadable: the history file could not be read.
func HistoryUnreadable() string {
	return "The record of past tests could not be read. Your keys are not affected, and testing them still works."
}
