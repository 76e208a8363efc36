//go:build e2e

package e2e

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// "oncekey run" replaces itself with the command, the key in the command's
// environment and in no process's arguments.

func TestRunGivesTheCommandTheKeyAndItsExitCode(t *testing.T) {
	r := newRig(t)
	key := canaryKey(t)
	r.saveKey(key)
	sum := sha256.Sum256([]byte(key))

	res := r.cli("", "run", "--", "sh", "-c", `printf %s "$ONCEHUB_API_KEY" | sha256sum; exit 7`)
	if res.code != 7 {
		t.Errorf("run exited %d, want the command's 7:\n%s", res.code, redact(res.output()))
	}
	if !strings.HasPrefix(res.stdout, hex.EncodeToString(sum[:])) {
		t.Errorf("the command's ONCEHUB_API_KEY is not the key (its SHA-256 is %q)", strings.Fields(res.stdout + " ")[0])
	}

	res = r.cli("", "run", "--env", "MY_KEY", "--", "sh", "-c", `test -z "$ONCEHUB_API_KEY" && test -n "$MY_KEY"`)
	if res.code != 0 {
		t.Errorf("with --env MY_KEY the key is not (only) in MY_KEY: exit %d", res.code)
	}
	res = runCLI(t, append(r.env(), "ONCEHUB_API_KEY=set by the script"), "", false, "run", "--", "true")
	if res.code != 2 || !strings.Contains(res.stderr, "already set") {
		t.Errorf("with ONCEHUB_API_KEY already set: exit %d, said %q", res.code, redact(res.stderr))
	}
	res = r.cli("", "run", "--", "oncekey-no-such-command")
	if res.code != 127 {
		t.Errorf("a missing command: exit %d, want 127 (%s)", res.code, redact(res.stderr))
	}
	plain := filepath.Join(t.TempDir(), "not-executable")
	if err := os.WriteFile(plain, []byte("#!/bin/sh\necho ran\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res = r.cli("", "run", "--", plain)
	if res.code != 126 || strings.Contains(res.stdout, "ran") {
		t.Errorf("a file that is not executable: exit %d, want 126 (%s)", res.code, redact(res.output()))
	}
}

func TestRunWithoutAKeyStartsNothing(t *testing.T) {
	r := newRig(t)
	marker := filepath.Join(t.TempDir(), "started")
	res := r.cli("", "run", "--", "sh", "-c", "touch "+marker)
	if res.code != 2 {
		t.Errorf("with no key saved: exit %d, want 2", res.code)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("with no key saved, the command was started")
	}
	t.Logf("with no key it said: %s", strings.TrimSpace(redact(res.stderr)))

	// No keychain at all (no session bus): the same.
	r.saveKey(canaryKey(t))
	var env []string
	for _, kv := range r.env() {
		if !strings.HasPrefix(kv, "DBUS_SESSION_BUS_ADDRESS=") {
			env = append(env, kv)
		}
	}
	res = runCLI(t, append(env, "DBUS_SESSION_BUS_ADDRESS=unix:path="+filepath.Join(t.TempDir(), "none")), "", false,
		"run", "--", "sh", "-c", "touch "+marker)
	if res.code != 2 {
		t.Errorf("with no keychain: exit %d, want 2", res.code)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("with no keychain, the command was started")
	}
}

func TestRunPassesStreamsUnchanged(t *testing.T) {
	r := newRig(t)
	r.saveKey(canaryKey(t))
	in := make([]byte, 256<<10)
	if _, err := rand.Read(in); err != nil {
		t.Fatal(err)
	}
	cmd := command(commandLine(t), "run", "--", "cat")
	cmd.Env = r.env()
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("run -- cat: %v", err)
	}
	if !bytes.Equal(out, in) {
		t.Errorf("cat through run gave %d bytes, not the %d given", len(out), len(in))
	}
}

// The command is the process: a SIGTERM sent to it, and a Ctrl+C sent to
// its process group as a terminal does, each reach it once.
func TestRunSignalsReachTheCommandOnce(t *testing.T) {
	r := newRig(t)
	key := canaryKey(t)
	r.saveKey(key)
	dir := t.TempDir()
	log := filepath.Join(dir, "signals")
	script := `trap 'echo TERM >> "$LOG"' TERM; trap 'echo INT >> "$LOG"' INT; echo ready >> "$LOG"; ` +
		`while [ ! -e "$LOG.stop" ]; do sleep 0.05; done`
	cmd := command(commandLine(t), "run", "--", "sh", "-c", script)
	cmd.Env = append(r.env(), "LOG="+log)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer func() { _ = os.WriteFile(log+".stop", nil, 0o600); <-done }()
	pid := cmd.Process.Pid
	lines := func() []string {
		data, _ := os.ReadFile(log)
		return strings.Fields(string(data))
	}
	waitUntil(t, 20*time.Second, "the command to start", func() bool { return len(lines()) >= 1 })

	// The key is in the command's environment, and in no process's
	// arguments.
	environ, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/environ")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(environ, []byte("\x00ONCEHUB_API_KEY="+key+"\x00")) && !bytes.HasPrefix(environ, []byte("ONCEHUB_API_KEY="+key+"\x00")) {
		t.Error("the running command's environment does not hold the key")
	}
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		if argv, err := os.ReadFile(p); err == nil && bytes.Contains(argv, []byte(key)) {
			t.Errorf("%s holds the key", p)
		}
	}
	if comm, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/comm"); strings.TrimSpace(string(comm)) != "sh" {
		t.Errorf("process %d is %q, not the command: OnceKey did not replace itself", pid, strings.TrimSpace(string(comm)))
	}

	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, 10*time.Second, "the command's TERM trap", func() bool { return len(lines()) >= 2 })
	if err := syscall.Kill(-pid, syscall.SIGINT); err != nil { // the whole group, as Ctrl+C
		t.Fatal(err)
	}
	waitUntil(t, 10*time.Second, "the command's INT trap", func() bool { return len(lines()) >= 3 })
	time.Sleep(500 * time.Millisecond) // room for a second delivery, which must not come
	if got := strings.Join(lines(), " "); got != "ready TERM INT" {
		t.Errorf("the command saw %q, want each signal once: \"ready TERM INT\"", got)
	}
	if strings.Contains(out.String(), key) {
		t.Error("the run printed the key")
	}
}
