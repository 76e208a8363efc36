//go:build !(linux || freebsd || openbsd || netbsd)

package main

// displayProblem never reports a missing display where the system itself
// provides the desktop (macOS, Windows): the driver is left to try.
func displayProblem() (missing bool, display string) { return false, "" }
