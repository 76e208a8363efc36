package words

import (
	"fmt"
	"time"
)

// Since says how long ago then was, as people say it: "just now",
// "3 minutes ago", "2 days ago".
func Since(then, now time.Time) string {
	d := now.Sub(then)
	switch {
	case d < time.Minute:
		// Also covers a clock that went backwards a little.
		return "just now"
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute") + " ago"
	case d < 24*time.Hour:
		return plural(int(d/time.Hour), "hour") + " ago"
	default:
		return plural(Days(then, now), "day") + " ago"
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

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// Wait says a wait in words, rounding up so that a countdown never shows
// "0 seconds" while time is left: "1 second", "42 seconds"; from two
// minutes on, whole minutes.
func Wait(d time.Duration) string {
	n := int((d + time.Second - 1) / time.Second)
	switch {
	case n <= 1:
		return "1 second"
	case n < 120:
		return fmt.Sprintf("%d seconds", n)
	default:
		return fmt.Sprintf("%d minutes", (n+59)/60)
	}
}
