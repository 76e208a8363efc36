//go:build !(linux || freebsd || openbsd || netbsd)

package main

// displayProblem is always "" where the system itself provides the desktop
// (macOS, Windows): the driver is left to try.
func displayProblem() string { return "" }
