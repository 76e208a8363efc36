package words

import (
	"fmt"

	"github.com/oncekey/oncekey/internal/release"
)

// NoDisplay says why the window cannot open: no display is set (display
// ""), or the display named does not answer.
func NoDisplay(display string) string {
	problem := "there is no display here (DISPLAY is not set)."
	if display != "" {
		problem = "the display " + display + " does not answer."
	}
	return fmt.Sprintf("OnceKey cannot open its window: %s\n"+
		"The command line works without a display: run \"%s help\" to see it.", problem, release.CommandLine)
}

// DriverFailed says the window could not open after all.
func DriverFailed() string {
	return "OnceKey could not open its window: the display or its graphics driver failed."
}

// WindowTakesNoArguments points a command given to the window program at
// the command line.
func WindowTakesNoArguments() string {
	return fmt.Sprintf("The OnceKey window takes no arguments. The command line for scripts is %q: run \"%s help\" to see its commands.",
		release.CommandLine, release.CommandLine)
}

// WindowMissing is why the command line found no window program beside it.
type WindowMissing int

// The reasons.
const (
	WindowNotBeside    WindowMissing = iota // no such file in the folder
	WindowUnreadable                        // the file cannot be read
	WindowNotARunnable                      // the file is not a program that can be run
	SelfUnknown                             // the command line cannot tell which folder it is in
)

// WindowNotInstalled says the window program is not installed beside the
// command line, why (program is its file name, dir the folder), and how to
// get it.
func WindowNotInstalled(why WindowMissing, program, dir string) string {
	var reason string
	switch why {
	case WindowNotBeside:
		reason = program + " is not in " + dir
	case WindowUnreadable:
		reason = program + " in " + dir + " cannot be read"
	case WindowNotARunnable:
		reason = program + " in " + dir + " is not a program that can be run"
	default:
		reason = "the command line could not tell which folder it is in"
	}
	return fmt.Sprintf("The OnceKey window is not installed here: %s\n"+
		"To get it, install the full OnceKey package (OnceKey.tar.xz: unpack it, then run \"make user-install\" in it), "+
		"or, from OnceKey's source, run \"make run\".\n"+
		"The command line works without it: run \"%s help\" to see its commands.", reason, release.CommandLine)
}

// WindowDidNotStart says the window program was found but did not start.
func WindowDidNotStart(program string) string {
	return "The OnceKey window (" + program + ") could not be started."
}
