package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
	"github.com/oncekey/oncekey/words"
)

// The --json shapes. Field names are stable and stay in English whatever
// the language of the sentences: scripts read these fields, never the
// sentences. "result" is apiclient's result identifier ("works",
// "not-recognised", "rate-limited", ...). "trouble" says why a command or a
// key's test did not get as far as a result: a keychain error's kind
// ("not-found", "locked", "timed-out", ...) or one of troubleOf's
// identifiers; "summary" is then the sentence also written to standard
// error. A command given --json always prints one document, even when it
// fails before it has any result.

// jsonResult is one key's test.
type jsonResult struct {
	Name              string `json:"name,omitempty"`
	Ending            string `json:"ending,omitempty"`
	Result            string `json:"result,omitempty"`
	Works             bool   `json:"works"`
	Account           string `json:"account,omitempty"`
	HTTPStatus        int    `json:"http_status,omitempty"`
	RequestID         string `json:"request_id,omitempty"`
	KeySent           bool   `json:"key_sent"`
	RetryAfterSeconds int    `json:"retry_after_seconds,omitempty"`
	Trouble           string `json:"trouble,omitempty"`
	Summary           string `json:"summary"`
	ExitCode          int    `json:"exit_code"`
}

// jsonAll is "test --all --json".
type jsonAll struct {
	Results  []jsonResult `json:"results"`
	Trouble  string       `json:"trouble,omitempty"`
	Summary  string       `json:"summary,omitempty"`
	ExitCode int          `json:"exit_code"`
}

// jsonLastTest is a key's last recorded test.
type jsonLastTest struct {
	At         time.Time `json:"at"`
	Result     string    `json:"result"`
	Account    string    `json:"account,omitempty"`
	HTTPStatus int       `json:"http_status,omitempty"`
	RequestID  string    `json:"request_id,omitempty"`
}

// jsonRetiring is the key a rotation is retiring.
type jsonRetiring struct {
	Ending    string    `json:"ending,omitempty"`
	RetiredAt time.Time `json:"retired_at"`
	Account   string    `json:"account,omitempty"`
}

// jsonKey is one saved key in "status --json".
type jsonKey struct {
	Name       string        `json:"name"`
	Ending     string        `json:"ending,omitempty"`
	InKeychain bool          `json:"in_keychain"`
	SavedAt    *time.Time    `json:"saved_at,omitempty"`
	AgeDays    *int          `json:"age_days,omitempty"`
	RotateDue  bool          `json:"rotate_due"`
	Note       string        `json:"note,omitempty"`
	LastTest   *jsonLastTest `json:"last_test,omitempty"`
	Retiring   *jsonRetiring `json:"retiring,omitempty"`
}

// jsonStatus is "status --json".
type jsonStatus struct {
	Keys     []jsonKey `json:"keys"`
	StoredIn string    `json:"stored_in"`
	Trouble  string    `json:"trouble,omitempty"`
	Summary  string    `json:"summary,omitempty"`
}

func jsonTest(name, ending string, o apiclient.Outcome) jsonResult {
	res := jsonResult{
		Name: name, Ending: ending, Result: o.Kind.String(), Works: o.Kind == apiclient.Works,
		Account: o.Account, HTTPStatus: o.Status, RequestID: o.RequestID, KeySent: o.KeySent,
		Summary: words.Outcome(o).Summary, ExitCode: o.ExitCode(),
	}
	if o.Kind == apiclient.RateLimited {
		res.RetryAfterSeconds = int((o.RetryAfter + time.Second - 1) / time.Second)
	}
	return res
}

// jsonTrouble is a key test --all could not test: the keychain did not
// give it, or the run was stopped.
func jsonTrouble(name string, err error) jsonResult {
	return jsonResult{Name: name, Trouble: troubleOf(err), Summary: words.TestAllKeyTrouble(name, err), ExitCode: ExitTrouble}
}

// troubleOf is the stable identifier of an error for --json's "trouble": a
// keychain error's kind, or one of those below. Besides these, a command
// may say "usage" (its options), "no-keys", "no-settings-folder",
// "list-unreadable", "stdin-unreadable" and "bad-input".
func troubleOf(err error) string {
	var (
		choose   *keys.ChooseNameError
		limit    *keys.LimitError
		taken    *keys.NameTakenError
		unusable *keys.ListUnusableError
		listErr  *keys.ListError
		changed  *keys.ChangedError
		gone     *keys.GoneError
		pending  *keys.RotationPendingError
		note     *keys.NoteError
		lock     *keystore.LockError
		config   *apiclient.ConfigError
		input    *apiclient.InputError
	)
	switch {
	case keystore.KindOf(err) != 0:
		return keystore.KindOf(err).String()
	case errors.As(err, &choose):
		return "choose-name"
	case errors.As(err, &limit):
		return "list-full"
	case errors.As(err, &taken):
		return "name-taken"
	case errors.As(err, &lock):
		// Another OnceKey is changing the list: trying again will do.
		return "list-busy"
	case errors.As(err, &unusable), errors.As(err, &listErr):
		return "list-unusable"
	case errors.As(err, &changed):
		return "changed-meanwhile"
	case errors.As(err, &gone):
		return "not-found"
	case errors.As(err, &pending):
		return "rotation-pending"
	case errors.As(err, &note):
		return "bad-note"
	case errors.Is(err, keys.ErrSameKey):
		return "same-key"
	case errors.Is(err, keys.ErrBusy):
		return "busy"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "stopped"
	case errors.As(err, &config):
		return "settings"
	case errors.As(err, &input):
		return "bad-input"
	}
	return "other"
}

func jsonKeyOf(k keys.Key, ending string, now time.Time, inKeychain bool) jsonKey {
	out := jsonKey{Name: k.Name, Ending: ending, InKeychain: inKeychain, Note: k.Note}
	if out.Ending == "" {
		out.Ending = k.Ending
	}
	if k.AgeKnown() {
		at, days := k.SavedAt, words.Days(k.SavedAt, now)
		out.SavedAt, out.AgeDays = &at, &days
		out.RotateDue = keys.RotateDue(k, now, 0)
	}
	if t := k.LastTest; t != nil {
		out.LastTest = &jsonLastTest{At: t.At, Result: t.Result, Account: t.Account, HTTPStatus: t.Status, RequestID: t.RequestID}
	}
	if rt := k.Retiring; rt != nil {
		out.Retiring = &jsonRetiring{Ending: rt.Ending, RetiredAt: rt.RetiredAt, Account: rt.Account}
	}
	return out
}

// printJSON writes v as one indented JSON document.
func (r *runner) printJSON(v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		// Only plain fields above: this cannot happen.
		panic(fmt.Sprintf("cli: JSON output: %v", err))
	}
	fmt.Fprintf(r.Stdout, "%s\n", b)
}
