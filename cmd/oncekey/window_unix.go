//go:build unix

package main

import (
	"fmt"
	"io"
	"os"
	"syscall"

	"github.com/oncekey/oncekey/cli"
	"github.com/oncekey/oncekey/words"
)

// execWindow replaces this process with the window program, passing the
// environment on, so that the window is what the caller waits for and
// signals reach it directly.
func execWindow(path string, stderr io.Writer) int {
	// Exec returns only when it failed; its error names nothing the admin
	// can act on beyond the program's path.
	_ = syscall.Exec(path, []string{path}, os.Environ())
	fmt.Fprintln(stderr, words.WindowDidNotStart(path))
	return cli.ExitTrouble
}
