package ui

import (
	"time"

	"github.com/oncekey/oncekey/keys"
)

// defaultRotateAfter is OnceHub's advice: a new key at least every 6 months.
const defaultRotateAfter = 182 * 24 * time.Hour

// The rotate-after setting, in months.
const (
	minRotateMonths     = 1
	maxRotateMonths     = 24
	defaultRotateMonths = 6
)

// rotateAfterMonths is the age, for a setting of n months, from which a key
// is due for rotation: 6 months is exactly defaultRotateAfter, so that the
// window, the command line and the core agree on OnceHub's advice.
func rotateAfterMonths(n int) time.Duration {
	return time.Duration(n) * defaultRotateAfter / defaultRotateMonths
}

// rotateDue reports whether k is older than after, counted from when it was
// saved. A key whose age is not known is never due: a reminder would be a
// guess.
//
// The core will offer the same rule as keys.RotateDue; this is the window's
// copy until then.
func rotateDue(k keys.Key, now time.Time, after time.Duration) bool {
	return k.AgeKnown() && now.Sub(k.SavedAt) >= after
}
