package main

import (
	"bytes"
	"debug/elf"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// built is the command line as the Makefile builds it (CGO_ENABLED=0),
// made once for the tests that run it.
var built struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// commandLine returns the path of the built command line.
func commandLine(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the command line")
	}
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "oncekey-cli-")
		if built.err != nil {
			return
		}
		built.path = filepath.Join(built.dir, "oncekey")
		cmd := exec.Command("go", "build", "-trimpath", "-o", built.path, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}

// TestNoGUIToolkit keeps Fyne out of the command line: with it come the
// display libraries, and Fyne's start-up work and messages on every run.
func TestNoGUIToolkit(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list -deps listed only %q", deps)
	}
	for _, p := range deps {
		if strings.HasPrefix(p, "fyne.io/") {
			t.Errorf("the command line imports %s", p)
		}
	}
}

// TestStatic: built as the Makefile builds it, the command line needs no
// shared library and no dynamic loader, so it starts on a server that has
// none of the window's libraries.
func TestStatic(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("ELF programs only")
	}
	bin := commandLine(t)
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	libs, err := f.ImportedLibraries()
	if err != nil {
		t.Fatal(err)
	}
	if len(libs) > 0 {
		t.Errorf("the command line needs shared libraries: %q", libs)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the command line names a dynamic loader (PT_INTERP)")
		}
	}
	// The same as a person would check it.
	if _, err := exec.LookPath("readelf"); err != nil {
		t.Log("readelf is not installed (Debian: binutils); checked with debug/elf only")
		return
	}
	out, err := exec.Command("readelf", "-d", bin).CombinedOutput()
	if err != nil {
		t.Fatalf("readelf -d: %v\n%s", err, out)
	}
	if bytes.Contains(out, []byte("(NEEDED)")) {
		t.Errorf("readelf -d shows NEEDED entries:\n%s", out)
	}
}

// TestWithoutWindowProgram: run with no command and no window program
// beside it, the command line says how to get the window, and exits 2.
func TestWithoutWindowProgram(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "oncekey")
	copyFile(t, commandLine(t), bin)
	code, stdout, stderr := runProgram(t, bin, nil)
	if code != 2 || stdout != "" {
		t.Errorf("exit %d, standard output %q", code, stdout)
	}
	for _, want := range []string{"oncekey-window is not in " + filepath.Dir(bin), "OnceKey.tar.xz", "make user-install", "make run", "oncekey help"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the message lacks %q:\n%s", want, stderr)
		}
	}
}

// TestOpensWindowBeside: run with no command, the command line becomes the
// window program installed in its own folder, found through a symbolic
// link too, with the environment passed on and no arguments.
func TestOpensWindowBeside(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in window is a shell script")
	}
	installed := t.TempDir()
	bin := filepath.Join(installed, "oncekey")
	copyFile(t, commandLine(t), bin)
	record := filepath.Join(t.TempDir(), "window-ran")
	window := "#!/bin/sh\nprintf '%s args, probe %s\\n' \"$#\" \"$ONCEKEY_TEST_PROBE\" > \"$ONCEKEY_TEST_RECORD\"\nexit 7\n"
	if err := os.WriteFile(filepath.Join(installed, "oncekey-window"), []byte(window), 0o755); err != nil {
		t.Fatal(err)
	}
	onPath := t.TempDir()
	link := filepath.Join(onPath, "oncekey")
	if err := os.Symlink(bin, link); err != nil {
		t.Fatal(err)
	}
	for _, start := range []string{bin, link} {
		os.Remove(record)
		env := []string{"ONCEKEY_TEST_PROBE=passed-on", "ONCEKEY_TEST_RECORD=" + record}
		code, stdout, stderr := runProgram(t, start, env)
		if code != 7 || stdout != "" || stderr != "" {
			t.Errorf("%s: exit %d (the window's is 7), stdout %q, stderr %q", start, code, stdout, stderr)
		}
		got, err := os.ReadFile(record)
		if err != nil {
			t.Errorf("%s: the window program did not run", start)
			continue
		}
		if string(got) != "0 args, probe passed-on\n" {
			t.Errorf("%s: the window program saw %q", start, got)
		}
	}

	// A window program that cannot be run is not mistaken for one.
	if err := os.Chmod(filepath.Join(installed, "oncekey-window"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runProgram(t, bin, nil); code != 2 || !strings.Contains(stderr, "not a program that can be run") {
		t.Errorf("window not executable: exit %d, %q", code, stderr)
	}
}

// runProgram runs bin with no arguments and env added to this process's.
func runProgram(t *testing.T, bin string, env []string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(bin)
	// The messages checked are English ones, whatever this computer speaks.
	cmd.Env = append(os.Environ(), append([]string{"LANGUAGE=", "LC_ALL=", "LC_MESSAGES=", "LANG=C.UTF-8"}, env...)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String(), errOut.String()
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o755); err != nil {
		t.Fatal(err)
	}
}
