//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hideLibsVar, set in the environment, makes the test binary hide the
// system's library folders and become the program its arguments name (see
// hideLibsAndExec).
const hideLibsVar = "ONCEKEY_E2E_HIDE_LIBS"

// libraryFolders are where a Linux system keeps shared libraries and the
// dynamic loader; links among them (/lib -> usr/lib) are followed.
var libraryFolders = []string{
	"/lib", "/lib32", "/lib64", "/libx32",
	"/usr/lib", "/usr/lib32", "/usr/lib64", "/usr/libx32", "/usr/local/lib",
}

// withoutLibraries starts the command line with every library folder
// covered by an empty tmpfs, in a mount namespace of its own so that
// nothing else on the machine sees it: what a server without the window's
// libraries (or any) looks like to a static program.
var withoutLibraries = &launcher{
	name: "system libraries hidden",
	argv: []string{os.Args[0]},
	env:  []string{hideLibsVar + "=1"},
	attr: &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS}, // Go makes its mounts private too
}

// hideLibsAndExec runs in the test binary started by withoutLibraries. The
// test binary itself may be linked dynamically: its libraries are mapped
// already, and only the program it becomes must do without them. It never
// returns.
func hideLibsAndExec() {
	fail := func(format string, args ...any) {
		fmt.Fprintf(os.Stderr, "hiding the libraries: "+format+"\n", args...)
		os.Exit(127)
	}
	if len(os.Args) < 2 {
		fail("no program to run")
	}
	covered := map[string]bool{}
	for _, dir := range libraryFolders {
		real, err := filepath.EvalSymlinks(dir)
		if errors.Is(err, os.ErrNotExist) {
			continue
		} else if err != nil {
			fail("%v", err)
		}
		if covered[real] {
			continue
		}
		covered[real] = true
		if err := syscall.Mount("none", real, "tmpfs", syscall.MS_RDONLY|syscall.MS_NOSUID|syscall.MS_NODEV, ""); err != nil {
			fail("mounting an empty tmpfs on %s: %v", real, err)
		}
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, hideLibsVar+"=") {
			env = append(env, kv)
		}
	}
	err := syscall.Exec(os.Args[1], os.Args[1:], env)
	fail("starting %s: %v", os.Args[1], err)
}

// TestCommandLineWithoutSystemLibraries runs the command line's set, print
// and test --stdin on a machine whose library folders are empty and that
// has no display: the command line must need neither.
func TestCommandLineWithoutSystemLibraries(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting over the library folders needs root")
	}
	r := newRig(t)
	key := canaryKey(t)
	r.api.AddKey(key, "scripts@example.com")
	env := r.env()
	for _, kv := range env {
		if strings.HasPrefix(kv, "DISPLAY=") || strings.HasPrefix(kv, "WAYLAND_DISPLAY=") {
			t.Fatalf("the environment has %s", kv)
		}
	}

	// The control: a dynamically linked program does not start there, so
	// the libraries are really hidden.
	control := command(os.Args[0], "/bin/true")
	control.Env = append(cleanEnv(), hideLibsVar+"=1")
	control.SysProcAttr = withoutLibraries.attr
	out, err := control.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 127 || !strings.Contains(string(out), "starting /bin/true") {
		t.Fatalf("/bin/true started with the libraries hidden (%v: %s): the test proves nothing", err, out)
	}

	res := runCLIThrough(t, withoutLibraries, env, key+"\n", false, "set")
	if res.code != 0 || !strings.Contains(res.stdout, "Saved the key ending in "+key[len(key)-4:]) {
		t.Fatalf("oncekey set: exit %d:\n%s", res.code, redact(res.output()))
	}
	r.keyring.expectKey("default", key, "after oncekey set with the libraries hidden")

	res = runCLIThrough(t, withoutLibraries, env, "", true, "print")
	if res.code != 0 || res.stdout != key+"\n" || res.stderr != "" {
		t.Errorf("oncekey print: exit %d, the output is not %s; standard error:\n%s", res.code, ending(key), redact(res.stderr))
	}

	res = runCLIThrough(t, withoutLibraries, env, key+"\n", false, "test", "--stdin")
	if res.code != 0 || !strings.Contains(res.stdout, "Works: this key is valid for account scripts@example.com.") {
		t.Errorf("oncekey test --stdin: exit %d:\n%s", res.code, redact(res.output()))
	}
	if n := r.api.Sent(key); n != 1 {
		t.Errorf("the stand-in for OnceHub saw the key %d times, want 1", n)
	}
	r.checkNothingElsewhere()
}

// TestStatusInCLocale: with LANG=C.UTF-8 (Fyne cannot parse that locale,
// and says so when it starts), oncekey status prints OnceKey's own lines
// and nothing else, as with any other locale.
func TestStatusInCLocale(t *testing.T) {
	r := newRig(t)
	key := canaryKey(t)
	if res := r.cli(key+"\n", "set"); res.code != 0 {
		t.Fatalf("oncekey set: exit %d:\n%s", res.code, redact(res.output()))
	}
	want := runCLI(t, r.env(), "", false, "status")
	for _, locale := range []string{"LANG=C.UTF-8", "LC_ALL=C.UTF-8"} {
		got := runCLI(t, r.env(locale), "", false, "status")
		if got.code != 0 || got.stderr != "" || got.stdout != want.stdout {
			t.Errorf("oncekey status with %s: exit %d, standard output\n%s\nstandard error\n%s\nwith LANG=en_US.UTF-8 it prints\n%s",
				locale, got.code, redact(got.stdout), redact(got.stderr), redact(want.stdout))
		}
	}
	// One line for the key, one for where it is kept.
	lines := strings.Split(strings.TrimSuffix(want.stdout, "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "default: the key ending in "+key[len(key)-4:]) ||
		strings.Contains(want.stdout, "Fyne") || strings.Contains(want.stdout, "locale") || want.stderr != "" {
		t.Errorf("oncekey status printed lines that are not OnceKey's own:\n%s%s", redact(want.stdout), redact(want.stderr))
	}
}

// serverScriptMarker is the line in README.md just before the shell block
// that TestServerScriptFromREADME runs.
const serverScriptMarker = "<!-- The block below is run as it stands by a test (TestServerScriptFromREADME). -->"

// readmeServerScript returns the shell block that follows
// serverScriptMarker in README.md.
func readmeServerScript(t *testing.T) string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var script strings.Builder
	state := 0 // 0 before the marker, 1 before the block, 2 in it
	for s := bufio.NewScanner(f); s.Scan(); {
		line := s.Text()
		switch {
		case state == 0 && line == serverScriptMarker:
			state = 1
		case state == 1 && line == "```sh":
			state = 2
		case state == 1 && strings.TrimSpace(line) != "":
			t.Fatalf("README.md: the marker is not followed by a sh block but by %q", line)
		case state == 2 && line == "```":
			return script.String()
		case state == 2:
			script.WriteString(line + "\n")
		}
	}
	t.Fatalf("README.md has no sh block after %q", serverScriptMarker)
	return ""
}

// TestServerScriptFromREADME does what README.md tells a script on a server
// with no desktop to do: make a keyring password, then run oncekey set and
// oncekey test, each in a D-Bus session of its own with gnome-keyring
// unlocked by that password. It runs the README's block itself, with
// oncekey on PATH, no session bus, no display, and the key typed in
// (on standard input).
func TestServerScriptFromREADME(t *testing.T) {
	requireTools(t, "sh", "dbus-run-session", "dbus-send", "gnome-keyring-daemon", "secret-tool")
	script := readmeServerScript(t)
	home := newScratch(t)
	ca := newTestCA(t, t.TempDir())
	api := startAPI(t, ca)
	key := canaryKey(t)
	api.AddKey(key, "server@example.com")
	env := home.env(
		"PATH="+filepath.Dir(commandLine(t))+string(os.PathListSeparator)+os.Getenv("PATH"),
		"ONCEKEY_API_URL="+api.URL,
		"SSL_CERT_FILE="+ca.certFile,
	)

	cmd := command("sh", "-c", script, "README.md")
	cmd.Env = env
	cmd.Dir = home.home
	cmd.Stdin = strings.NewReader(key + "\n")
	out := capture("the README's server script")
	cmd.Stdout, cmd.Stderr = out, out
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the README's script failed (%v):\n%s", err, redact(out.String()))
		}
	case <-time.After(cliTimeout):
		_ = cmd.Process.Kill()
		t.Fatalf("the README's script did not finish within %v:\n%s", cliTimeout, redact(out.String()))
	}
	said := out.String()
	for _, want := range []string{"Saved the key ending in " + key[len(key)-4:], "Works", "server@example.com"} {
		if !strings.Contains(said, want) {
			t.Errorf("the README's script did not say %q:\n%s", want, redact(said))
		}
	}
	if n := api.Sent(key); n != 1 {
		t.Errorf("the stand-in for OnceHub saw the key %d times, want 1 (oncekey test)", n)
	}

	// The keyring the two sessions shared is on disk, and the key in it is
	// not readable there.
	keyrings := filepath.Join(home.data, "keyrings")
	data, err := os.ReadFile(filepath.Join(keyrings, "login.keyring"))
	if err != nil {
		t.Fatalf("the script left no login keyring in %s: %v", keyrings, err)
	}
	if bytes.Contains(data, []byte(key[:pieceLen])) {
		t.Errorf("the login keyring holds the key in clear")
	}

	// Nothing the script started is left running: the keyring daemon ends
	// with its session's bus.
	waitUntil(t, 5*time.Second, "the script's D-Bus and keyring daemons to end", func() bool {
		return len(processesWithHome(home.home)) == 0
	})
}

// processesWithHome lists the live processes whose environment has
// HOME=home.
func processesWithHome(home string) []string {
	entries, _ := os.ReadDir("/proc")
	var found []string
	for _, e := range entries {
		env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil || !bytes.Contains(append([]byte{0}, env...), []byte("\x00HOME="+home+"\x00")) {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if i := bytes.LastIndexByte(stat, ')'); err == nil && i >= 0 && i+2 < len(stat) && stat[i+2] == 'Z' {
			continue // ended, not yet collected by its parent
		}
		found = append(found, e.Name())
	}
	return found
}
