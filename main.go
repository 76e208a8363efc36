// Command oncekey-window is OnceKey's window: it keeps OnceHub API keys in
// the operating system's keychain and checks that they work. The desktop
// entry starts it. Scripts use the other program, the command line
// "oncekey" (cmd/oncekey), which shares the same core and has no GUI
// toolkit in it.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/oncekey/oncekey/cli"
	"github.com/oncekey/oncekey/internal/plainlocale"
	"github.com/oncekey/oncekey/internal/release"
	"github.com/oncekey/oncekey/words"
)

// version is OnceKey's version, the same in both programs.
const version = release.Version

// appID is the reverse-DNS identity Fyne keeps preferences under; it
// matches FyneApp.toml.
const appID = "app.oncekey.OnceKey"

// Every package's init, Fyne's lang among them, has run before this one.
func init() { plainlocale.Restore() }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		return arguments(args, stdout, stderr)
	}
	if missing, display := displayProblem(); missing {
		fmt.Fprintln(stderr, words.NoDisplay(display))
		return cli.ExitTrouble
	}
	return openWindow(stderr)
}

// arguments answers a start with arguments. The window takes none: the
// commands belong to the command line, and an argument is never repeated
// back, since it may be a key typed in the wrong place.
func arguments(args []string, stdout, stderr io.Writer) int {
	pointer := words.WindowTakesNoArguments() + "\n"
	if len(args) == 1 {
		switch args[0] {
		case "--version", "-version":
			fmt.Fprintf(stdout, "OnceKey %s\n", version)
			return cli.ExitWorks
		case "--help", "-help", "-h":
			fmt.Fprint(stdout, pointer)
			return cli.ExitWorks
		}
	}
	fmt.Fprint(stderr, pointer)
	return cli.ExitTrouble
}
