//go:build unix

package main

import (
	"fmt"
	"io"
	"os"
	"syscall"

	"github.com/oncekey/oncekey/cli"
)

// execWindow replaces this process with the window program, passing the
// environment on, so that the window is what the caller waits for and
// signals reach it directly.
func execWindow(path string, stderr io.Writer) int {
	err := syscall.Exec(path, []string{path}, os.Environ())
	fmt.Fprintf(stderr, "The OnceKey window could not be started (%s): %v\n", path, err)
	return cli.ExitTrouble
}
