package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

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
