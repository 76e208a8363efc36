//go:build !unix

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"

	"github.com/oncekey/oncekey/cli"
	"github.com/oncekey/oncekey/words"
)

// execWindow runs the window program and waits for it, passing the
// environment and standard streams on: where a process cannot replace
// itself (Windows), the caller still waits for the window and gets its exit
// code.
func execWindow(path string, stderr io.Writer) int {
	cmd := exec.Command(path)
	cmd.Env = os.Environ()
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return exit.ExitCode()
	case err != nil:
		fmt.Fprintln(stderr, words.WindowDidNotStart(path))
		return cli.ExitTrouble
	}
	return cli.ExitWorks
}
