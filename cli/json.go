package cli

import (
	"encoding/json"
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
// "not-recognised", "rate-limited", ...); "trouble" is a keychain error's
// kind ("locked", "timed-out", ...).

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

// jsonTrouble is a key that could not be tested: the keychain did not give
// it.
func jsonTrouble(name string, err error) jsonResult {
	trouble := "other"
	if k := keystore.KindOf(err); k != 0 {
		trouble = k.String()
	}
	return jsonResult{Name: name, Trouble: trouble, Summary: words.TestAllKeyTrouble(name, err), ExitCode: ExitTrouble}
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
