package words

import "time"

// Since says how long ago then was, as people say it: "just now",
// "3 minutes ago", "2 days ago".
func Since(then, now time.Time) string {
	d := now.Sub(then)
	switch {
	case d < time.Minute:
		// Also covers a clock that went backwards a little.
		return tr("ago.justNow")
	case d < time.Hour:
		return trN("ago.minutes", int(d/time.Minute))
	case d < 24*time.Hour:
		return trN("ago.hours", int(d/time.Hour))
	default:
		return trN("ago.days", Days(then, now))
	}
}

// Days is the number of whole days from then to now, never negative.
func Days(then, now time.Time) int {
	d := now.Sub(then)
	if d < 0 {
		return 0
	}
	return int(d / (24 * time.Hour))
}

// Wait says a wait in words, rounding up so that a countdown never shows
// "0 seconds" while time is left: "1 second", "42 seconds"; from two
// minutes on, whole minutes.
func Wait(d time.Duration) string {
	n := int((d + time.Second - 1) / time.Second)
	switch {
	case n <= 1:
		return trN("wait.seconds", 1)
	case n < 120:
		return trN("wait.seconds", n)
	default:
		return trN("wait.minutes", (n+59)/60)
	}
}
