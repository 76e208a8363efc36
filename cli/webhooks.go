package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/words"
)

// jsonWebhooks is "webhooks --json": the account's webhooks, never their
// signing secrets.
type jsonWebhooks struct {
	Name       string        `json:"name,omitempty"`
	Ending     string        `json:"ending,omitempty"`
	Webhooks   []jsonWebhook `json:"webhooks"`
	Complete   bool          `json:"complete"`
	Result     string        `json:"result,omitempty"`
	HTTPStatus int           `json:"http_status,omitempty"`
	RequestID  string        `json:"request_id,omitempty"`
	Trouble    string        `json:"trouble,omitempty"`
	Summary    string        `json:"summary"`
	ExitCode   int           `json:"exit_code"`
}

type jsonWebhook struct {
	ID      string     `json:"id"`
	Name    string     `json:"name"`
	URL     string     `json:"url"`
	Events  []string   `json:"events"`
	Created *time.Time `json:"created,omitempty"`
}

// jsonDeleted is "webhooks delete --json".
type jsonDeleted struct {
	Name       string `json:"name,omitempty"`
	ID         string `json:"id"`
	Result     string `json:"result,omitempty"`
	Deleted    bool   `json:"deleted"`
	HTTPStatus int    `json:"http_status,omitempty"`
	RequestID  string `json:"request_id,omitempty"`
	Trouble    string `json:"trouble,omitempty"`
	Summary    string `json:"summary"`
	ExitCode   int    `json:"exit_code"`
}

// webhooks is "oncekey webhooks [--name NAME] [--json]" and
// "oncekey webhooks delete ID [--name NAME] [--yes] [--json]".
func (r *runner) webhooks(ctx context.Context, args []string) int {
	if len(args) > 0 && args[0] == "delete" {
		return r.deleteWebhook(ctx, args[1:])
	}
	r.failed = func(name, trouble, summary string) any {
		return jsonWebhooks{Name: name, Webhooks: []jsonWebhook{}, Trouble: trouble, Summary: summary, ExitCode: ExitTrouble}
	}
	o, code, ok := r.flags("webhooks", args, withJSON, 0)
	if !ok {
		return code
	}
	m, name, ok := r.webhookManager(o.name)
	if !ok {
		return ExitTrouble
	}
	var progress func(keys.WebhooksStep)
	if !o.json {
		progress = func(s keys.WebhooksStep) {
			if s.Waiting > 0 {
				fmt.Fprintln(r.Stderr, words.WebhooksWaiting(s.Found, s.Waiting))
			}
		}
	}
	list, err := m.Webhooks(ctx, name, progress)
	if err != nil {
		return r.explain(name, err)
	}
	code = list.Outcome.ExitCode()
	if o.json {
		report := jsonWebhooks{Name: name, Ending: list.Ending, Webhooks: []jsonWebhook{}, ExitCode: code,
			Complete: list.Outcome.Kind == apiclient.Works && !list.Cut, Result: list.Outcome.Kind.String(),
			HTTPStatus: list.Outcome.Status, RequestID: list.Outcome.RequestID}
		for _, w := range list.Webhooks {
			jw := jsonWebhook{ID: w.ID, Name: w.Name, URL: w.URL, Events: append([]string{}, w.Events...)}
			if !w.Created.IsZero() {
				at := w.Created
				jw.Created = &at
			}
			report.Webhooks = append(report.Webhooks, jw)
		}
		report.Summary = words.WebhooksFound(list)
		if list.Outcome.Kind != apiclient.Works {
			report.Summary = words.WebhooksTrouble(list.Outcome).Summary
		}
		r.printJSON(report)
		return code
	}
	for _, w := range list.Webhooks {
		fmt.Fprintln(r.Stdout, words.WebhookLine(w, time.Local))
	}
	if list.Outcome.Kind != apiclient.Works {
		r.reportTrouble(list.Outcome)
		return code
	}
	fmt.Fprintln(r.Stderr, words.WebhooksFound(list))
	return code
}

// reportTrouble writes why a webhook request failed, with details for
// support, to standard error.
func (r *runner) reportTrouble(o apiclient.Outcome) {
	for _, line := range words.WebhooksReport(o) {
		fmt.Fprintln(r.Stderr, line)
	}
}

// webhookManager is the manager, with a client, and the key whose account
// is meant.
func (r *runner) webhookManager(given string) (*keys.Manager, string, bool) {
	m, ok := r.manager(true, true)
	if !ok {
		return nil, "", false
	}
	name, ok := r.resolve(m, given)
	return m, name, ok
}

func (r *runner) deleteWebhook(ctx context.Context, args []string) int {
	id := ""
	r.failed = func(name, trouble, summary string) any {
		return jsonDeleted{Name: name, ID: id, Trouble: trouble, Summary: summary, ExitCode: ExitTrouble}
	}
	// The ID may come before the options or after them.
	args, given := takeArgument(args)
	o, code, ok := r.flags("webhooks delete", args, withJSON|withYes, 0)
	if !ok {
		return code
	}
	if given == nil {
		return r.fail(o.name, "usage", words.ArgumentsNeeded("webhooks delete"))
	}
	id = *given
	if looksLikeKey(id) {
		// Never put into a request's path, nor repeated.
		id = ""
		return r.fail(o.name, "usage", words.IDLooksLikeKey())
	}
	if !apiclient.ValidWebhookID(id) {
		bad := apiclient.NewOutcome(apiclient.Unexpected, "", false)
		bad.Reason = apiclient.ReasonBadID
		s := words.WebhooksTrouble(bad)
		id = "" // not repeated: it may be anything, a key among them
		return r.fail("", "usage", s.Summary+" "+s.NextStep)
	}
	if o.json && !o.yes {
		return r.fail(o.name, "needs-yes", words.DeleteWebhookJSONNeedsYes(id))
	}
	m, name, ok := r.webhookManager(o.name)
	if !ok {
		return ExitTrouble
	}
	ending := ""
	if k, listed := m.Key(name); listed {
		ending = k.Ending
	}
	if !o.yes {
		if code, ok := r.confirmDelete(ctx, m, name, id, ending); !ok {
			return code
		}
	}
	out, err := m.DeleteWebhook(ctx, name, id)
	if err != nil {
		return r.explain(name, err)
	}
	if o.json {
		r.printJSON(jsonDeleted{Name: name, ID: id, Result: out.Kind.String(), Deleted: out.Kind == apiclient.Works,
			HTTPStatus: out.Status, RequestID: out.RequestID, Summary: deletedSummary(out, id, ending), ExitCode: out.ExitCode()})
		return out.ExitCode()
	}
	switch out.Kind {
	case apiclient.Works, apiclient.Gone:
		fmt.Fprintln(r.Stdout, deletedSummary(out, id, ending))
	default:
		r.reportTrouble(out)
	}
	return out.ExitCode()
}

// takeArgument takes the first argument that is not an option, nor the
// value of --name, out of args.
func takeArgument(args []string) (rest []string, arg *string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			if i+1 < len(args) {
				v := args[i+1]
				return append(append([]string{}, args[:i]...), args[i+2:]...), &v
			}
			return args[:i], nil
		case a == "--name" || a == "-name":
			i++
		case strings.HasPrefix(a, "-"):
		default:
			return append(append([]string{}, args[:i]...), args[i+1:]...), &a
		}
	}
	return args, nil
}

func deletedSummary(o apiclient.Outcome, id, ending string) string {
	switch o.Kind {
	case apiclient.Works:
		return words.WebhookDeletedID(id)
	case apiclient.Gone:
		return words.WebhookNotInAccount(id, ending)
	}
	return words.WebhooksTrouble(o).Summary
}

// confirmDelete asks on the terminal before a webhook is deleted, naming
// it; without a terminal it refuses, as --yes is then needed. ok is false
// when the command must stop, with code as its exit code.
func (r *runner) confirmDelete(ctx context.Context, m *keys.Manager, name, id, ending string) (code int, ok bool) {
	f, isFile := r.Stdin.(*os.File)
	if !isFile || !term.IsTerminal(int(f.Fd())) {
		return r.fail(name, "needs-yes", words.DeleteWebhookNeedsYes(id)), false
	}
	list, err := m.Webhooks(ctx, name, nil)
	if err != nil {
		return r.explain(name, err), false
	}
	if list.Outcome.Kind != apiclient.Works {
		r.reportTrouble(list.Outcome)
		return list.Outcome.ExitCode(), false
	}
	var found *apiclient.Webhook
	for i := range list.Webhooks {
		if list.Webhooks[i].ID == id {
			found = &list.Webhooks[i]
		}
	}
	switch {
	case found != nil:
		fmt.Fprint(r.Stderr, words.DeleteWebhookPrompt(*found))
	case list.Cut:
		fmt.Fprint(r.Stderr, words.DeleteWebhookPromptID(id))
	default:
		fmt.Fprintln(r.Stdout, words.WebhookNotInAccount(id, ending))
		return ExitWorks, false
	}
	answer := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(io.LimitReader(f, 256)).ReadString('\n')
		answer <- line
	}()
	select {
	case a := <-answer:
		if a = strings.ToLower(strings.TrimSpace(a)); a == "yes" || a == "y" {
			return 0, true
		}
	case <-ctx.Done():
		fmt.Fprintln(r.Stderr)
	}
	fmt.Fprintln(r.Stderr, words.DeleteWebhookNotConfirmed())
	return ExitTrouble, false
}
