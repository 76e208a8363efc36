package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/oncekey/oncekey/internal/fakeoncehub"
)

// TestBinaryTestStdin runs the built command line as a script would: the
// key on standard input, OnceHub's stand-in trusted through SSL_CERT_FILE
// only.
func TestBinaryTestStdin(t *testing.T) {
	bin := commandLine(t)
	api := fakeoncehub.Start()
	defer api.Close()
	const key = "binaryTestKey-Wq8Zr3Lp5Tx2-c0de"
	api.AddKey(key, "admin@example.com")
	certFile, err := api.WriteCertFile(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}

	run := func(env []string, stdin string, args ...string) (int, string) {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), env...)
		cmd.Stdin = strings.NewReader(stdin)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		code := 0
		if exit, ok := err.(*exec.ExitError); ok {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out.String(), key) {
			t.Fatalf("oncekey %v printed the key", args)
		}
		return code, out.String()
	}

	trusted := []string{"ONCEKEY_API_URL=" + api.URL, "SSL_CERT_FILE=" + certFile, "HTTPS_PROXY=", "HOME=" + t.TempDir()}
	if code, out := run(trusted, key+"\n", "test", "--stdin"); code != 0 || !strings.Contains(out, "Works: this key is valid for account admin@example.com.") {
		t.Errorf("trusted: exit %d, %q", code, out)
	}
	if code, out := run(trusted, "notTheKey-123456789\n", "test", "--stdin"); code != 1 || !strings.Contains(out, "does not recognise") {
		t.Errorf("wrong key: exit %d, %q", code, out)
	}

	// Without SSL_CERT_FILE the stand-in's certificate is not trusted: the
	// key must not be sent, and the user is told so.
	before := api.Requests()
	untrusted := []string{"ONCEKEY_API_URL=" + api.URL, "SSL_CERT_FILE=" + filepath.Join(t.TempDir(), "none.pem"), "HTTPS_PROXY=", "HOME=" + t.TempDir()}
	if code, out := run(untrusted, key+"\n", "test", "--stdin"); code != 2 || !strings.Contains(out, "NOT sent") {
		t.Errorf("untrusted: exit %d, %q", code, out)
	}
	if api.Requests() != before {
		t.Errorf("a request reached the server over an untrusted connection")
	}
}

// TestInterruptCancelsTest: Ctrl+C (SIGINT) during a test in flight cancels
// it: the command line says so and exits 2, instead of being killed
// silently by the signal.
func TestInterruptCancelsTest(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send")
	}
	bin := commandLine(t)
	api := fakeoncehub.Start()
	defer api.Close()
	api.Hang()
	certFile, err := api.WriteCertFile(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "test", "--stdin")
	cmd.Env = append(os.Environ(), "ONCEKEY_API_URL="+api.URL, "SSL_CERT_FILE="+certFile, "HTTPS_PROXY=", "HOME="+t.TempDir())
	cmd.Stdin = strings.NewReader("interruptTestKey-Hn4Kd8Wq2Zp6\n")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	for start := time.Now(); api.Requests() == 0; time.Sleep(10 * time.Millisecond) {
		if time.Since(start) > 10*time.Second {
			_ = cmd.Process.Kill()
			<-exited
			t.Fatalf("the test never reached the stand-in: %s", out.String())
		}
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case err = <-exited:
	case <-time.After(5 * time.Second):
		_ = cmd.Process.Kill()
		<-exited
		t.Fatalf("the command line did not stop within 5 s of Ctrl+C: %s", out.String())
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(out.String(), "cancelled") {
		t.Errorf("after Ctrl+C: %v, %q", err, out.String())
	}
}
