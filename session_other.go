//go:build !windows

package main

// claimSession is Windows' way to one window; elsewhere the session bus
// does it (Linux), or nothing yet (macOS).
func claimSession() (another bool, onActivate func(func()), err error) { return false, nil, nil }
