//go:build windows

package cli

import (
	"errors"
	"os"
	"os/exec"
)

// caseInsensitiveEnv: Windows reads variable names in any letter case.
const caseInsensitiveEnv = true

// launchCommand starts the command with this console's streams and waits
// for it. Ctrl+C reaches the command from the console itself; this process
// only waits (main already catches the interrupt instead of ending), and
// exits with the command's code.
func launchCommand(path string, argv, env []string) (int, error) {
	cmd := exec.Command(path, argv[1:]...)
	cmd.Args = argv
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), nil
	}
	if err != nil {
		return ExitCannotStart, err
	}
	return 0, nil
}
