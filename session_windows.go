package main

import "github.com/oncekey/oncekey/internal/winone"

// claimSession makes this the session's one OnceKey window; another is
// true when one runs already, and was signalled to come forward. A claim
// that fails leaves the window to run on its own.
func claimSession() (another bool, onActivate func(func())) {
	w, first, err := winone.Claim()
	switch {
	case err != nil:
		return false, nil
	case !first:
		return true, nil
	}
	return false, w.OnActivate
}
