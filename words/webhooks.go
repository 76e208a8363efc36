package words

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
)

// The Webhooks view's fixed words.
func WebhooksTitle() string { return "Webhooks" }

func WebhooksButton() string { return "Webhooks" }

func WebhooksShow() string { return "Show webhooks" }

func WebhooksRefresh() string { return "Refresh" }

func WebhooksClose() string { return "Close" }

func WebhookDelete() string { return "Delete" }

func WebhooksLoading() string { return "Asking OnceHub for this account's webhooks…" }

func WebhooksAbout() string {
	return "A webhook makes OnceHub tell another tool about bookings as they happen. It is not tied to the key that made it: it stays active when that key is deleted or regenerated, until the webhook itself is deleted."
}

func WebhookUnnamed() string { return "(no name)" }

func WebhookNoURL() string { return "(no address)" }

func WebhookNoEvents() string { return "no events named" }

func WebhookDeleteOK() string { return "Delete webhook" }

func WebhookDeleteKeep() string { return "Keep it" }

// eventWords are OnceHub's webhook events in words.
var eventWords = map[string]string{
	"booking.scheduled":                     "a booking is scheduled",
	"booking.rescheduled":                   "a booking is rescheduled",
	"booking.reassigned":                    "a booking is reassigned",
	"booking.canceled":                      "a booking is canceled",
	"booking.canceled_then_rescheduled":     "a booking is canceled, then rescheduled",
	"booking.canceled_reschedule_requested": "a booking is canceled and a new time asked for",
	"booking.completed":                     "a booking is completed",
	"booking.no_show":                       "someone does not show up",
	"conversation.started":                  "a chat conversation starts",
	"conversation.closed":                   "a chat conversation is closed",
	"conversation.abandoned":                "a chat conversation is abandoned",
}

// WebhookEvent is one of OnceHub's event names in words; a name OnceKey
// does not know is shown as OnceHub wrote it.
func WebhookEvent(name string) string {
	if w, ok := eventWords[name]; ok {
		return w
	}
	return name
}

// WebhookEvents says when a webhook is sent: "when a booking is
// scheduled, rescheduled or canceled, or someone does not show up".
func WebhookEvents(events []string) string {
	if len(events) == 0 {
		return WebhookNoEvents()
	}
	const booking = "a booking is "
	var parts, verbs []string
	at := -1 // where the bookings' part goes: where its first event was
	for _, e := range events {
		said := WebhookEvent(e)
		if v, ok := strings.CutPrefix(said, booking); ok && !strings.Contains(v, ",") {
			if at < 0 {
				at = len(parts)
				parts = append(parts, "")
			}
			verbs = append(verbs, v)
			continue
		}
		parts = append(parts, said)
	}
	if at >= 0 {
		parts[at] = booking + orList(verbs)
	}
	return "when " + strings.Join(parts, ", or ")
}

// orList joins "a", "b" and "c" as "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// WebhookName is a webhook's name, or words for none.
func WebhookName(w apiclient.Webhook) string {
	if w.Name == "" {
		return WebhookUnnamed()
	}
	return w.Name
}

// WebhookCreated says when a webhook was made, as a date in loc.
func WebhookCreated(w apiclient.Webhook, loc *time.Location) string {
	if w.Created.IsZero() {
		return "created on a date OnceHub did not give"
	}
	return "created " + w.Created.In(loc).Format("2 Jan 2006")
}

// WebhookURL is the address a webhook goes to, or words for none.
func WebhookURL(w apiclient.Webhook) string {
	if w.URL == "" {
		return WebhookNoURL()
	}
	return w.URL
}

// WebhooksFound heads the list: how many webhooks the account has, whose
// key asked, and whether OnceKey stopped before the end.
func WebhooksFound(list keys.WebhookList) string {
	var s string
	switch n := len(list.Webhooks); n {
	case 0:
		s = "This OnceHub account has no webhooks."
	case 1:
		s = "This OnceHub account has 1 webhook."
	default:
		s = "This OnceHub account has " + strconv.Itoa(n) + " webhooks."
	}
	if list.Cut {
		s = "OnceHub listed " + strconv.Itoa(len(list.Webhooks)) + " webhooks and kept saying there were more; OnceKey stopped there, so some may be missing. Try again later."
	}
	return s + " Asked with " + KeyEnding(list.Ending) + "."
}

// WebhooksWaiting: OnceHub asked for a pause in the middle of the list.
func WebhooksWaiting(found int, d time.Duration) string {
	return fmt.Sprintf("OnceHub asked OnceKey to slow down. %d found so far; going on in %s.", found, Wait(d))
}

// WebhooksProgress: pages are still coming.
func WebhooksProgress(found int) string {
	return fmt.Sprintf("Asking OnceHub for this account's webhooks… %d so far.", found)
}

// WebhooksTrouble says why the webhooks could not be listed or one could
// not be deleted, in the words of a test where they fit.
func WebhooksTrouble(o apiclient.Outcome) Said {
	s := Outcome(o)
	switch o.Kind {
	case apiclient.NotRecognised:
		s.Summary = "OnceHub does not recognise this key, so it will not show or delete this account's webhooks. The key may have been deleted (or regenerated) in OnceHub; its webhooks stay active all the same."
		s.NextStep = "Use a key that works for this account: create a new key in OnceHub, then use Rotate to save it here."
	case apiclient.NoAPIAccess:
		s.NextStep = "Ask the owner of the OnceHub account about the plan. Webhooks can be listed once the plan includes API access."
	case apiclient.RateLimited:
		s.Summary = "OnceHub says there have been too many requests just now."
	case apiclient.Cancelled:
		s.Summary = "Stopped before OnceHub answered."
		s.NextStep = ""
	case apiclient.Unexpected:
		if o.Reason == apiclient.ReasonBadID {
			s.NextStep = "Copy the ID from the list of webhooks (oncekey webhooks)."
		}
	}
	return s
}

// DeleteWebhookTitle asks before a webhook is deleted.
func DeleteWebhookTitle(w apiclient.Webhook) string {
	return fmt.Sprintf("Delete the webhook %q?", WebhookName(w))
}

// DeleteWebhookWarning says what stops when a webhook is deleted.
func DeleteWebhookWarning(w apiclient.Webhook) string {
	stops := fmt.Sprintf("OnceHub will stop sending anything to %s.", WebhookURL(w))
	if len(w.Events) > 0 {
		stops = fmt.Sprintf("OnceHub will stop telling %s %s.", WebhookURL(w), WebhookEvents(w.Events))
	}
	return stops + " Any tool that relies on it stops hearing of those events. This cannot be undone: to get them again, the webhook has to be made again."
}

// WebhookDeleted: OnceHub deleted it.
func WebhookDeleted(w apiclient.Webhook) string {
	return fmt.Sprintf("Deleted the webhook %q: OnceHub no longer sends anything to %s.", WebhookName(w), WebhookURL(w))
}

// WebhookDeleting: the delete is under way.
func WebhookDeleting(w apiclient.Webhook) string {
	return fmt.Sprintf("Deleting the webhook %q…", WebhookName(w))
}

// WebhookDeletedID: OnceHub deleted the webhook id.
func WebhookDeletedID(id string) string {
	return fmt.Sprintf("Deleted the webhook %s: OnceHub no longer sends its events.", id)
}

// WebhookAlreadyGone: a webhook the list showed was gone when it was to
// be deleted.
func WebhookAlreadyGone(w apiclient.Webhook) string {
	return fmt.Sprintf("The webhook %q was already gone from OnceHub: it had been deleted meanwhile. The list now shows what is left.", WebhookName(w))
}

// WebhookNotInAccount: OnceHub has no webhook id for the key's account (a
// 404), on the command line, where the ID was typed.
func WebhookNotInAccount(id, ending string) string {
	return fmt.Sprintf("OnceHub has no webhook %s in the account of %s: it was deleted already, or it belongs to another account. Nothing was deleted. Run \"oncekey webhooks\" to see this account's webhooks.", id, KeyEnding(ending))
}

// WebhooksAfterRotation is the rotation checklist's words about the
// account's webhooks, which outlive the old key.
func WebhooksAfterRotation(n int) string {
	switch n {
	case 0:
		return "The account has no webhooks to check."
	case 1:
		return "The account's 1 webhook stays active after that."
	}
	return "The account's " + strconv.Itoa(n) + " webhooks stay active after that."
}

// WebhooksAfterRotationUnknown: the count could not be had.
func WebhooksAfterRotationUnknown() string { return "The account's webhooks stay active after that." }

// WebhooksCounting: the count is on its way.
func WebhooksCounting() string { return "Counting the account's webhooks…" }

// ---- The command line ----

// WebhookLine is one webhook on the command line.
func WebhookLine(w apiclient.Webhook, loc *time.Location) string {
	return fmt.Sprintf("%s  %s  %s  (%s; %s)", w.ID, WebhookName(w), WebhookURL(w), WebhookEvents(w.Events), WebhookCreated(w, loc))
}

// DeleteWebhookPrompt asks on a terminal; the answer follows on its line.
func DeleteWebhookPrompt(w apiclient.Webhook) string {
	return DeleteWebhookTitle(w) + " " + DeleteWebhookWarning(w) + "\nType yes to delete it: "
}

// DeleteWebhookPromptID asks about a webhook OnceKey could not look up
// (OnceHub's list was cut short).
func DeleteWebhookPromptID(id string) string {
	return fmt.Sprintf("Delete the webhook %s? OnceHub will stop sending its events, and this cannot be undone.\nType yes to delete it: ", id)
}

// DeleteWebhookJSONNeedsYes: --json is for scripts, which cannot answer.
func DeleteWebhookJSONNeedsYes(id string) string {
	return fmt.Sprintf("Not deleted: with --json, add --yes to delete the webhook %s, as a script cannot answer the question.", id)
}

// WebhooksReport is what the command line writes when listing or deleting
// webhooks failed: the plain words, then details for support.
func WebhooksReport(o apiclient.Outcome) []string {
	s := WebhooksTrouble(o)
	lines := []string{joinNonEmpty([]string{s.Summary, s.KeyFate, s.NextStep})}
	if d := Details(o); d != "" {
		lines = append(lines, "Details: "+d)
	}
	return lines
}

// DeleteWebhookNeedsYes: no terminal to ask on.
func DeleteWebhookNeedsYes(id string) string {
	return fmt.Sprintf("Not deleted: there is no terminal to ask on. To delete the webhook %s without being asked, add --yes.", id)
}

// DeleteWebhookNotConfirmed: the answer was not yes.
func DeleteWebhookNotConfirmed() string { return "Not deleted." }

// IDLooksLikeKey refuses a webhook ID that looks like an API key.
func IDLooksLikeKey() string {
	return "That looks like an API key, not a webhook ID. A webhook ID is short, like WHK-7JD9LBVZTQ: run \"oncekey webhooks\" to see them."
}
