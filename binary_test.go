package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestWindowBinaryWithoutDisplay runs the built window program where no
// window can open, and with a command meant for the command line: each
// time it says so plainly and exits 2, without a crash.
func TestWindowBinaryWithoutDisplay(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the window program")
	}
	bin := filepath.Join(t.TempDir(), "oncekey-window")
	build := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	// run returns the exit code, standard output, and both outputs
	// together. (Fyne's own start-up may add lines to standard error, as
	// under LANG=C.UTF-8: the window program has Fyne in it.)
	run := func(args ...string) (int, string, string) {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "DISPLAY=", "WAYLAND_DISPLAY=", "HOME="+t.TempDir())
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		if exit, ok := err.(*exec.ExitError); ok {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, stdout.String(), stdout.String() + stderr.String()
	}
	if code, _, out := run(); code != 2 || strings.Contains(out, "goroutine") || !strings.Contains(out, "no display") || !strings.Contains(out, `run "oncekey help"`) {
		t.Errorf("no display: exit %d, %q", code, out)
	}
	if code, _, out := run("status"); code != 2 || !strings.Contains(out, `command line for scripts is "oncekey"`) {
		t.Errorf("a command: exit %d, %q", code, out)
	}
	if code, stdout, _ := run("--version"); code != 0 || stdout != "OnceKey "+version+"\n" {
		t.Errorf("--version: exit %d, %q", code, stdout)
	}
}
