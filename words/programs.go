package words

import (
	"github.com/oncekey/oncekey/internal/release"
)

// NoDisplay says why the window cannot open: no display is set (display
// ""), or the display named does not answer.
func NoDisplay(display string) string {
	problem := tr("programs.noDisplay.unset")
	if display != "" {
		problem = tr("programs.noDisplay.notAnswering", "Display", display)
	}
	return problem + "\n" + tr("programs.noDisplay.commandLine", "Command", release.CommandLine)
}

// DriverFailed says the window could not open after all.
func DriverFailed() string { return tr("programs.driverFailed") }

// WindowTakesNoArguments points a command given to the window program at
// the command line.
func WindowTakesNoArguments() string {
	return tr("programs.windowTakesNoArguments", "Command", release.CommandLine)
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
// get it. Each reason is a whole line, as the languages put the program
// and the folder in different places.
func WindowNotInstalled(why WindowMissing, program, dir string) string {
	var reason string
	switch why {
	case WindowNotBeside:
		reason = tr("programs.notInstalled.notBeside", "Program", program, "Dir", dir)
	case WindowUnreadable:
		reason = tr("programs.notInstalled.unreadable", "Program", program, "Dir", dir)
	case WindowNotARunnable:
		reason = tr("programs.notInstalled.notRunnable", "Program", program, "Dir", dir)
	default:
		reason = tr("programs.notInstalled.selfUnknown")
	}
	return reason + "\n" + tr("programs.notInstalled.howToGet") + "\n" +
		tr("programs.notInstalled.commandLine", "Command", release.CommandLine)
}

// WindowDidNotStart says the window program was found but did not start.
func WindowDidNotStart(program string) string {
	return tr("programs.didNotStart", "Program", program)
}
