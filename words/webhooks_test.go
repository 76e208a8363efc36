package words

import "testing"

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
