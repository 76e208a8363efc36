// Package release holds what OnceKey's two programs, the window and the
// command line, must agree on: the version they report and the names they
// are installed under.
package release

// Version is OnceKey's version; FyneApp.toml carries the same (a test keeps
// them equal).
const Version = "0.1.0"

// The programs' file names (Windows adds ".exe"). They differ by more than
// letter case, which Windows and macOS ignore.
const (
	// WindowProgram is the window, the desktop entry's command.
	WindowProgram = "oncekey-window"
	// CommandLine is the command line for scripts; it has no GUI toolkit
	// in it.
	CommandLine = "oncekey"
)
