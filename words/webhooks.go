package words

import (
	"strings"
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
)

// The Webhooks view's fixed words.
func WebhooksTitle() string { return tr("webhooks.title") }

func WebhooksButton() string { return tr("webhooks.button") }

func WebhooksShow() string { return tr("webhooks.show") }

func WebhooksRefresh() string { return tr("webhooks.refresh") }

func WebhooksClose() string { return tr("webhooks.close") }

func WebhookDelete() string { return tr("webhooks.delete") }

func WebhooksLoading() string { return tr("webhooks.loading") }

func WebhooksAbout() string { return tr("webhooks.about") }

func WebhookUnnamed() string { return tr("webhooks.unnamed") }

func WebhookNoURL() string { return tr("webhooks.noURL") }

func WebhookNoEvents() string { return tr("webhooks.events.none") }

func WebhookDeleteOK() string { return tr("webhooks.deleteDialog.ok") }

func WebhookDeleteKeep() string { return tr("webhooks.deleteDialog.keep") }

// WebhookEvent is one of OnceHub's event names in words, said as it
// follows "when" (German puts the verb last there); a name OnceKey does
// not know is shown as OnceHub wrote it.
func WebhookEvent(name string) string {
	switch name {
	case "booking.scheduled":
		return tr("webhooks.event.bookingScheduled")
	case "booking.rescheduled":
		return tr("webhooks.event.bookingRescheduled")
	case "booking.reassigned":
		return tr("webhooks.event.bookingReassigned")
	case "booking.canceled":
		return tr("webhooks.event.bookingCanceled")
	case "booking.canceled_then_rescheduled":
		return tr("webhooks.event.bookingCanceledThenRescheduled")
	case "booking.canceled_reschedule_requested":
		return tr("webhooks.event.bookingCanceledRescheduleRequested")
	case "booking.completed":
		return tr("webhooks.event.bookingCompleted")
	case "booking.no_show":
		return tr("webhooks.event.noShow")
	case "conversation.started":
		return tr("webhooks.event.conversationStarted")
	case "conversation.closed":
		return tr("webhooks.event.conversationClosed")
	case "conversation.abandoned":
		return tr("webhooks.event.conversationAbandoned")
	}
	return name
}

// bookingVerb is what follows "a booking is" for the booking events that
// can share it with others ("scheduled, rescheduled or canceled"), or ""
// for the others. A booking canceled, then rescheduled is not among them:
// its comma would blur the list.
func bookingVerb(name string) string {
	switch name {
	case "booking.scheduled":
		return tr("webhooks.event.verb.scheduled")
	case "booking.rescheduled":
		return tr("webhooks.event.verb.rescheduled")
	case "booking.reassigned":
		return tr("webhooks.event.verb.reassigned")
	case "booking.canceled":
		return tr("webhooks.event.verb.canceled")
	case "booking.canceled_reschedule_requested":
		return tr("webhooks.event.verb.canceledRescheduleRequested")
	case "booking.completed":
		return tr("webhooks.event.verb.completed")
	}
	return ""
}

// WebhookEvents says when a webhook is sent: "when a booking is
// scheduled, rescheduled or canceled, or someone does not show up".
func WebhookEvents(events []string) string {
	if len(events) == 0 {
		return WebhookNoEvents()
	}
	var parts, verbs []string
	at := -1 // where the bookings' part goes: where its first event was
	for _, e := range events {
		if v := bookingVerb(e); v != "" {
			if at < 0 {
				at = len(parts)
				// Alone, it is said whole.
				parts = append(parts, WebhookEvent(e))
			}
			verbs = append(verbs, v)
			continue
		}
		parts = append(parts, WebhookEvent(e))
	}
	if len(verbs) > 1 {
		parts[at] = tr("webhooks.events.booking", "Verbs", orList(verbs))
	}
	said := parts[0]
	for _, p := range parts[1:] {
		said = tr("webhooks.events.orWhen", "Events", said, "Event", p)
	}
	return tr("webhooks.events.when", "Events", said)
}

// orList joins "a", "b" and "c" as "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return tr("webhooks.events.orList", "Items", strings.Join(items[:len(items)-1], ", "), "Last", items[len(items)-1])
}

// WebhookName is a webhook's name, or words for none.
func WebhookName(w apiclient.Webhook) string {
	if w.Name == "" {
		return WebhookUnnamed()
	}
	return w.Name
}

// quotedName is a webhook's name as the messages put it between their
// language's quotation marks: a name from OnceHub, like a key's, cannot
// break a line or play tricks on a terminal.
func quotedName(w apiclient.Webhook) string { return nameInQuotes(WebhookName(w)) }

// dateLayouts write a day as each language usually writes it; the month
// is a number outside English, as Go knows only English month names.
var dateLayouts = map[string]string{"en": "2 Jan 2006", "de": "2.1.2006", "fr": "02/01/2006", "es": "2/1/2006"}

// WebhookCreated says when a webhook was made, as a date in loc.
func WebhookCreated(w apiclient.Webhook, loc *time.Location) string {
	if w.Created.IsZero() {
		return tr("webhooks.created.unknown")
	}
	layout, ok := dateLayouts[Language()]
	if !ok {
		layout = dateLayouts["en"]
	}
	return tr("webhooks.created", "Date", w.Created.In(loc).Format(layout))
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
	switch n := len(list.Webhooks); {
	case list.Cut:
		s = trN("webhooks.found.cut", n)
	case n == 0:
		s = tr("webhooks.found.none")
	default:
		s = trN("webhooks.found.count", n)
	}
	asked := tr("webhooks.found.askedWithKey")
	if list.Ending != "" {
		asked = tr("webhooks.found.askedWith", "Ending", list.Ending)
	}
	return s + " " + asked
}

// WebhooksWaiting: OnceHub asked for a pause in the middle of the list.
func WebhooksWaiting(found int, d time.Duration) string {
	return trN("webhooks.waiting", found, "Wait", Wait(d))
}

// WebhooksProgress: pages are still coming.
func WebhooksProgress(found int) string {
	return tr("webhooks.progress", "Found", found)
}

// WebhooksTrouble says why the webhooks could not be listed or one could
// not be deleted, in the words of a test where they fit.
func WebhooksTrouble(o apiclient.Outcome) Said {
	s := Outcome(o)
	switch o.Kind {
	case apiclient.NotRecognised:
		s.Summary = tr("webhooks.trouble.notRecognised")
		s.NextStep = tr("webhooks.trouble.notRecognised.next")
	case apiclient.NoAPIAccess:
		s.NextStep = tr("webhooks.trouble.noAPIAccess.next")
	case apiclient.RateLimited:
		s.Summary = tr("webhooks.trouble.rateLimited")
	case apiclient.Cancelled:
		s.Summary = tr("webhooks.trouble.cancelled")
		s.NextStep = ""
	case apiclient.Unexpected:
		if o.Reason == apiclient.ReasonBadID {
			s.NextStep = tr("webhooks.trouble.badID.next")
		}
	}
	return s
}

// DeleteWebhookTitle asks before a webhook is deleted.
func DeleteWebhookTitle(w apiclient.Webhook) string {
	return tr("webhooks.delete.title", "Name", quotedName(w))
}

// DeleteWebhookWarning says what stops when a webhook is deleted.
func DeleteWebhookWarning(w apiclient.Webhook) string {
	stops := tr("webhooks.delete.stopsSending", "URL", WebhookURL(w))
	if len(w.Events) > 0 {
		stops = tr("webhooks.delete.stopsTelling", "URL", WebhookURL(w), "Events", WebhookEvents(w.Events))
	}
	return stops + " " + tr("webhooks.delete.cannotUndo")
}

// WebhookDeleted: OnceHub deleted it.
func WebhookDeleted(w apiclient.Webhook) string {
	return tr("webhooks.deleted", "Name", quotedName(w), "URL", WebhookURL(w))
}

// WebhookDeleting: the delete is under way.
func WebhookDeleting(w apiclient.Webhook) string {
	return tr("webhooks.deleting", "Name", quotedName(w))
}

// WebhookDeletedID: OnceHub deleted the webhook id.
func WebhookDeletedID(id string) string {
	return tr("webhooks.deletedID", "ID", id)
}

// WebhookAlreadyGone: a webhook the list showed was gone when it was to
// be deleted.
func WebhookAlreadyGone(w apiclient.Webhook) string {
	return tr("webhooks.alreadyGone", "Name", quotedName(w))
}

// WebhookNotInAccount: OnceHub has no webhook id for the key's account (a
// 404), on the command line, where the ID was typed.
func WebhookNotInAccount(id, ending string) string {
	if ending == "" {
		return tr("webhooks.notInAccount.noEnding", "ID", id)
	}
	return tr("webhooks.notInAccount", "ID", id, "Ending", ending)
}

// WebhooksAfterRotation is the rotation checklist's words about the
// account's webhooks, which outlive the old key.
func WebhooksAfterRotation(n int) string {
	if n == 0 {
		return tr("webhooks.afterRotation.none")
	}
	return trN("webhooks.afterRotation", n)
}

// WebhooksAfterRotationUnknown: the count could not be had.
func WebhooksAfterRotationUnknown() string { return tr("webhooks.afterRotation.unknown") }

// WebhooksCounting: the count is on its way.
func WebhooksCounting() string { return tr("webhooks.counting") }

// ---- The command line ----

// WebhookLine is one webhook on the command line.
func WebhookLine(w apiclient.Webhook, loc *time.Location) string {
	return tr("webhooks.line", "ID", w.ID, "Name", WebhookName(w), "URL", WebhookURL(w), "Events", WebhookEvents(w.Events), "Created", WebhookCreated(w, loc))
}

// DeleteWebhookPrompt asks on a terminal; the answer follows on its line.
func DeleteWebhookPrompt(w apiclient.Webhook) string {
	return DeleteWebhookTitle(w) + " " + DeleteWebhookWarning(w) + "\n" + tr("webhooks.prompt.typeYes")
}

// DeleteWebhookPromptID asks about a webhook OnceKey could not look up
// (OnceHub's list was cut short).
func DeleteWebhookPromptID(id string) string {
	return tr("webhooks.prompt.deleteID", "ID", id) + "\n" + tr("webhooks.prompt.typeYes")
}

// DeleteWebhookJSONNeedsYes: --json is for scripts, which cannot answer.
func DeleteWebhookJSONNeedsYes(id string) string {
	return tr("webhooks.notDeleted.jsonNeedsYes", "ID", id)
}

// WebhooksReport is what the command line writes when listing or deleting
// webhooks failed: the plain words, then details for support.
func WebhooksReport(o apiclient.Outcome) []string {
	s := WebhooksTrouble(o)
	lines := []string{joinNonEmpty([]string{s.Summary, s.KeyFate, s.NextStep})}
	if d := Details(o); d != "" {
		lines = append(lines, tr("webhooks.report.details", "Details", d))
	}
	return lines
}

// DeleteWebhookNeedsYes: no terminal to ask on.
func DeleteWebhookNeedsYes(id string) string {
	return tr("webhooks.notDeleted.needsYes", "ID", id)
}

// DeleteWebhookNotConfirmed: the answer was not yes.
func DeleteWebhookNotConfirmed() string { return tr("webhooks.notDeleted") }

// IDLooksLikeKey refuses a webhook ID that looks like an API key.
func IDLooksLikeKey() string { return tr("webhooks.idLooksLikeKey") }
