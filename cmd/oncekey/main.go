// Command oncekey is OnceKey's command line, for scripts: it tests, saves,
// lists, removes and prints OnceHub API keys kept in the operating system's
// keychain (the commands are package cli's; "oncekey help" lists them).
// It has no GUI toolkit in it and builds with CGO_ENABLED=0 into a static
// program, so it starts at once and runs on a server with no display
// libraries. Run with no command, it opens the window program,
// oncekey-window, when that is installed beside it.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"

	"github.com/oncekey/oncekey/cli"
	"github.com/oncekey/oncekey/internal/release"
	"github.com/oncekey/oncekey/words"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		return openWindow(stderr)
	}
	// Ctrl+C cancels a command (a test in flight says so) instead of
	// ending the program mid-way. Where Ctrl+C is ignored (a script's
	// "cmd &"), it stays ignored, so that the command "oncekey run" starts
	// inherits that too.
	ctx := context.Background()
	if !signal.Ignored(os.Interrupt) {
		var stop context.CancelFunc
		ctx, stop = signal.NotifyContext(ctx, os.Interrupt)
		defer stop()
	}
	return cli.Run(ctx, args, cli.Options{Version: release.Version, Stdin: stdin, Stdout: stdout, Stderr: stderr})
}

// openWindow hands over to the window program installed beside this one,
// or says how to get it.
func openWindow(stderr io.Writer) int {
	window, why, dir := windowBeside()
	if window == "" {
		fmt.Fprintln(stderr, words.WindowNotInstalled(why, windowName(), dir))
		return cli.ExitTrouble
	}
	return execWindow(window, stderr)
}

// windowName is the window program's file name on this system.
func windowName() string {
	if runtime.GOOS == "windows" {
		return release.WindowProgram + ".exe"
	}
	return release.WindowProgram
}

// windowBeside finds the window program in this program's own folder,
// after resolving symbolic links, so that a link in a folder on PATH
// (/usr/local/bin/oncekey pointing into an unpacked package, say) finds
// the window the package put beside the real file. When there is none it
// returns "" with the reason and the folder looked in.
func windowBeside() (path string, why words.WindowMissing, dir string) {
	self, err := os.Executable()
	if err == nil {
		self, err = filepath.EvalSymlinks(self)
	}
	if err != nil {
		return "", words.SelfUnknown, ""
	}
	dir = filepath.Dir(self)
	path = filepath.Join(dir, windowName())
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", words.WindowNotBeside, dir
	case err != nil:
		return "", words.WindowUnreadable, dir
	case !info.Mode().IsRegular() || runtime.GOOS != "windows" && info.Mode().Perm()&0o111 == 0:
		return "", words.WindowNotARunnable, dir
	}
	return path, 0, dir
}
