package main

import (
	"errors"

	"github.com/oncekey/oncekey/internal/desktopbus"
	"github.com/oncekey/oncekey/internal/winone"
)

// claimSession makes this the session's one OnceKey window; another is
// true when one runs already, and was asked to come forward. A claim that
// fails leaves the window to run on its own.
func claimSession() (another bool, onActivate func(func()), err error) {
	w, first, err := winone.Claim()
	switch {
	case errors.Is(err, winone.ErrNotAnswering):
		return false, nil, desktopbus.ErrNotAnswering // said as on Linux
	case err != nil:
		return false, nil, nil
	case !first:
		return true, nil, nil
	}
	return false, w.OnActivate, nil
}
