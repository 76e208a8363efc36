// Package ago says how long ago something happened in the words people
// use ("just now", "3 minutes ago", "2 days ago"), for the window and the
// command line alike.
package ago

import (
	"fmt"
	"time"
)

// Since describes the time from then to now.
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
