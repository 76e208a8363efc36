package words

import (
	"testing"

	"github.com/oncekey/oncekey/apiclient"
)

// "Webhook" is OnceHub's word in every language, German says "Details"
// too, and a webhook's line on the command line has no words of its own.
var (
	_ = allowSameAsEnglish("de", "webhooks.title", "webhooks.button", "webhooks.report.details", "webhooks.line")
	_ = allowSameAsEnglish("fr", "webhooks.title", "webhooks.button")
	_ = allowSameAsEnglish("es", "webhooks.title", "webhooks.button", "webhooks.line")
)

func TestWebhookEvents(t *testing.T) {
	for _, tc := range []struct {
		events []string
		want   string
	}{
		{nil, "no events named"},
		{[]string{"booking.scheduled"}, "when a booking is scheduled"},
		{[]string{"booking.scheduled", "booking.rescheduled", "booking.canceled"}, "when a booking is scheduled, rescheduled or canceled"},
		{[]string{"booking.completed", "booking.no_show"}, "when a booking is completed, or someone does not show up"},
		{[]string{"conversation.started", "booking.canceled_then_rescheduled", "booking.reassigned"}, "when a chat conversation starts, or a booking is canceled, then rescheduled, or a booking is reassigned"},
		{[]string{"booking.teleported"}, "when booking.teleported"},
	} {
		if got := WebhookEvents(tc.events); got != tc.want {
			t.Errorf("WebhookEvents(%v) = %q, want %q", tc.events, got, tc.want)
		}
	}
}

// TestWebhookEventsInOtherLanguages: the bookings' verbs share one clause
// in each language's order (German puts the verb last), and a name sits
// between the language's own quotation marks.
func TestWebhookEventsInOtherLanguages(t *testing.T) {
	defer SetLanguage("en")
	events := []string{"booking.scheduled", "booking.rescheduled", "booking.canceled", "booking.no_show"}
	hook := apiclient.Webhook{Name: "CRM \"prod\"\n", Events: events}
	for lang, want := range map[string][2]string{
		"de": {"wenn eine Buchung geplant, verschoben oder storniert wird, oder wenn jemand nicht erscheint", "Den Webhook „CRM \"prod\"\\n“ löschen?"},
		"fr": {"quand une réservation est planifiée, reprogrammée ou annulée, ou quand quelqu’un ne se présente pas", "Supprimer le webhook «\u00a0CRM \"prod\"\\n\u00a0»\u00a0?"},
		"es": {"cuando una reserva se programa, se reprograma o se cancela, o cuando alguien no se presenta", "¿Eliminar el webhook «CRM \"prod\"\\n»?"},
	} {
		SetLanguage(lang)
		if got := WebhookEvents(events); got != want[0] {
			t.Errorf("%s: WebhookEvents = %q, want %q", lang, got, want[0])
		}
		if got := DeleteWebhookTitle(hook); got != want[1] {
			t.Errorf("%s: DeleteWebhookTitle = %q, want %q", lang, got, want[1])
		}
	}
}
