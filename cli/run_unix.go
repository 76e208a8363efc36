//go:build unix

package cli

import "syscall"

// caseInsensitiveEnv: variable names differ by letter case here.
const caseInsensitiveEnv = false

// launchCommand replaces this process with the command, so that it gets
// standard input and output, every signal and the terminal exactly as if it
// had been started directly, and its exit code is the script's. It returns
// only if the exec failed.
func launchCommand(path string, argv, env []string) (int, error) {
	err := syscall.Exec(path, argv, env)
	return ExitCannotStart, err
}
