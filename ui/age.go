package ui

import (
	"time"

	"github.com/oncekey/oncekey/keys"
)

// The rotate-after setting, in months.
const (
	minRotateMonths     = 1
	maxRotateMonths     = 24
	defaultRotateMonths = 6
)

// rotateAfterMonths is the age, for a setting of n months, from which a key
// is due for rotation: 6 months is exactly keys.DefaultRotateAfter, so that
// the window, the command line and the core agree on OnceHub's advice.
func rotateAfterMonths(n int) time.Duration {
	return time.Duration(n) * keys.DefaultRotateAfter / defaultRotateMonths
}
