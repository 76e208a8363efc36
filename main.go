// Command oncekey keeps a OnceHub API key in the operating system's
// keychain and checks that it works. With no arguments it opens the OnceKey
// window; with a command ("oncekey help" lists them) it runs that command
// and never starts the GUI driver.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/oncekey/oncekey/cli"
)

// version is OnceKey's version; FyneApp.toml carries the same (a test keeps
// them equal).
const version = "0.1.0"

// appID is the reverse-DNS identity Fyne keeps preferences under; it
// matches FyneApp.toml.
const appID = "app.oncekey.OnceKey"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		// Ctrl+C cancels a command (a test in flight says so); the window
		// keeps Go's default, which ends the program.
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		return cli.Run(ctx, args, cli.Options{Version: version, Stdin: stdin, Stdout: stdout, Stderr: stderr})
	}
	if problem := displayProblem(); problem != "" {
		fmt.Fprintf(stderr, "OnceKey cannot open its window: %s\n"+
			"The command line works without a display: run \"oncekey help\" to see it.\n", problem)
		return cli.ExitTrouble
	}
	return openWindow(stderr)
}
