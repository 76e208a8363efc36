package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/oncekey/oncekey/words"
)

// jsonHistory is "oncekey history --json": one key's last tests, newest
// first.
type jsonHistory struct {
	Name    string            `json:"name"`
	Tests   []jsonHistoryTest `json:"tests"`
	Trouble string            `json:"trouble,omitempty"`
	Summary string            `json:"summary,omitempty"`
}

type jsonHistoryTest struct {
	At         time.Time `json:"at"`
	From       string    `json:"from"`
	Result     string    `json:"result"`
	Works      bool      `json:"works"`
	Account    string    `json:"account,omitempty"`
	HTTPStatus int       `json:"http_status,omitempty"`
	RequestID  string    `json:"request_id,omitempty"`
	Ending     string    `json:"ending,omitempty"`
}

// history prints a key's last tests: "oncekey history [--name NAME] [--json]".
// It reads only files, never the keychain.
func (r *runner) history(_ context.Context, args []string) int {
	r.failed = func(name, trouble, summary string) any {
		return jsonHistory{Name: name, Tests: []jsonHistoryTest{}, Trouble: trouble, Summary: summary}
	}
	o, code, ok := r.flags("history", args, withJSON, 0)
	if !ok {
		return code
	}
	m, ok := r.manager(true, false)
	if !ok {
		return ExitTrouble
	}
	name, ok := r.resolve(m, o.name)
	if !ok {
		return ExitTrouble
	}
	tests, err := m.History(name)
	if err != nil {
		// A damaged history is set aside at the next test; meanwhile say so.
		return r.fail(name, "history-unreadable", words.HistoryUnreadable())
	}
	if o.json {
		report := jsonHistory{Name: name, Tests: []jsonHistoryTest{}}
		for _, e := range tests {
			report.Tests = append(report.Tests, jsonHistoryTest{At: e.At, From: e.From, Result: e.Result,
				Works: e.Result == "works", Account: e.Account, HTTPStatus: e.Status, RequestID: e.RequestID, Ending: e.Ending})
		}
		r.printJSON(report)
		return ExitWorks
	}
	fmt.Fprintln(r.Stdout, words.HistoryHeading(name, len(tests)))
	for _, e := range tests {
		fmt.Fprintln(r.Stdout, "  "+words.HistoryLine(e, time.Local))
	}
	return ExitWorks
}
