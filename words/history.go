package words

import (
	"strings"
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
)

// HistoryTitle heads the table of a key's last tests under Details.
func HistoryTitle() string { return tr("history.title") }

// HistoryFrom says where a test was started, as a column of the table.
func HistoryFrom(from string) string {
	switch from {
	case keystore.FromTray:
		return tr("history.from.tray")
	case keystore.FromCommandLine:
		return tr("history.from.commandLine")
	}
	return tr("history.from.window")
}

// historyFromThe says where a test was started, as a phrase of its own
// ("from the tray"): the preposition and article differ by place and
// language.
func historyFromThe(from string) string {
	switch from {
	case keystore.FromTray:
		return tr("history.line.fromTray")
	case keystore.FromCommandLine:
		return tr("history.line.fromCommandLine")
	}
	return tr("history.line.fromWindow")
}

// HistoryOutcome is a recorded test's outcome in a few words.
func HistoryOutcome(e keystore.HistoryEntry) string {
	o, ok := keys.OutcomeOf(&keystore.TestRecord{At: e.At, Result: e.Result, Account: e.Account, Status: e.Status, RequestID: e.RequestID})
	if !ok {
		return tr("history.outcome.unknown")
	}
	switch o.Kind {
	case apiclient.Works:
		if o.Account != "" {
			return tr("history.outcome.works.account", "Account", o.Account)
		}
		return tr("history.outcome.works")
	case apiclient.NotRecognised:
		return tr("history.outcome.notRecognised")
	case apiclient.NoAPIAccess:
		return tr("history.outcome.noAPIAccess")
	case apiclient.RateLimited:
		return tr("history.outcome.rateLimited")
	case apiclient.ServerTrouble:
		return tr("history.outcome.serverTrouble")
	case apiclient.Unreachable:
		return tr("history.outcome.unreachable")
	}
	return tr("history.outcome.couldNotTest")
}

// HistoryWhen is when a recorded test ran, in the computer's time zone,
// with the day as its language writes it (dateLayouts, as for webhooks).
func HistoryWhen(at time.Time, loc *time.Location) string {
	layout, ok := dateLayouts[Language()]
	if !ok {
		layout = dateLayouts["en"]
	}
	return at.In(loc).Format(layout + " 15:04")
}

// HistoryHeading introduces "oncekey history".
func HistoryHeading(name string, n int) string {
	if n == 0 {
		return tr("history.heading.none", "Name", name)
	}
	return trN("history.heading", n, "Name", name)
}

// HistoryLine is one recorded test on the command line.
func HistoryLine(e keystore.HistoryEntry, loc *time.Location) string {
	parts := []string{HistoryWhen(e.At, loc), historyFromThe(e.From), HistoryOutcome(e)}
	if e.Ending != "" {
		parts = append(parts, tr("history.line.ending", "Ending", e.Ending))
	}
	if e.RequestID != "" {
		parts = append(parts, tr("outcome.details.requestID", "ID", e.RequestID))
	}
	return strings.Join(parts, " · ")
}

// HistoryUnreadable: the history file could not be read.
func HistoryUnreadable() string { return tr("history.unreadable") }
