package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/oncekey/oncekey/keystore"
)

// keychainName is the key name the benchmark stores under (the Secret
// Service attribute "username"; the service is always "OnceKey").
const keychainName = "default"

// keychainResults are keychain timings against the real Secret Service.
type keychainResults struct {
	FirstGet   []time.Duration // keystore Get, the first in a fresh process (as the window does it)
	Get        []time.Duration // keystore Get again in the same process
	Save       []time.Duration // keystore Save: read the old value, write, read back and compare
	ToolLookup []time.Duration // secret-tool lookup, exec to exit
	ToolStore  []time.Duration // secret-tool store, exec to exit
}

// firstGetCommand is the hidden command a fresh process of this program
// runs to time its first keychain read.
const firstGetCommand = "keychain-first-get"

// runFirstGet is that command: it reads the key once, compares it with the
// one on standard input, and prints how long the read took in nanoseconds.
func runFirstGet(stdin io.Reader, stdout io.Writer) error {
	want, err := io.ReadAll(stdin)
	if err != nil {
		return err
	}
	k := keystore.NewKeychain(10 * time.Second)
	t0 := time.Now()
	got, err := k.Get(context.Background(), keychainName)
	d := time.Since(t0)
	if err != nil {
		return err
	}
	if got != string(want) {
		return errors.New("the keychain gave back another key than the one stored")
	}
	_, err = fmt.Fprintln(stdout, d.Nanoseconds())
	return err
}

// timedRun runs cmd and returns its wall time, exec to exit, and its
// standard output.
func timedRun(cmd *exec.Cmd, stdin string) (time.Duration, string, error) {
	var out, errOut bytes.Buffer
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	t0 := time.Now()
	err := cmd.Run()
	d := time.Since(t0)
	if err != nil {
		return 0, "", fmt.Errorf("%s: %v: %s", cmd.Args[0], err, strings.TrimSpace(errOut.String()))
	}
	return d, out.String(), nil
}

// compareKeychain times OnceKey's keychain code and secret-tool doing the
// same, alternately, rounds times.
func compareKeychain(ctx context.Context, key string, rounds int, progress func(string)) (keychainResults, error) {
	var res keychainResults
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		return res, errors.New("no D-Bus session: run the benchmark under .ci/with-secret-service (make bench does)")
	}
	self, err := os.Executable()
	if err != nil {
		return res, err
	}
	k := keystore.NewKeychain(10 * time.Second)
	lookup := func() *exec.Cmd {
		return exec.CommandContext(ctx, "secret-tool", "lookup", "service", keystore.Service, "username", keychainName)
	}
	for i := 0; i < rounds; i++ {
		// Save, both ways. secret-tool reads the secret from standard input.
		d, _, err := timedRun(exec.CommandContext(ctx, "secret-tool", "store", "--label=OnceKey benchmark",
			"service", keystore.Service, "username", keychainName), key)
		if err != nil {
			return res, err
		}
		res.ToolStore = append(res.ToolStore, d)
		t0 := time.Now()
		if err := k.Save(ctx, keychainName, key); err != nil {
			return res, err
		}
		save := time.Since(t0)
		res.Save = append(res.Save, save)

		// Get: secret-tool, a fresh process's first read, a second read.
		d, out, err := timedRun(lookup(), "")
		if err != nil {
			return res, err
		}
		if out != key && strings.TrimSuffix(out, "\n") != key {
			return res, errors.New("secret-tool lookup gave back another key than the one stored")
		}
		res.ToolLookup = append(res.ToolLookup, d)

		child := exec.CommandContext(ctx, self, firstGetCommand)
		_, out, err = timedRun(child, key)
		if err != nil {
			return res, err
		}
		ns, err := strconv.ParseInt(strings.TrimSpace(out), 10, 64)
		if err != nil {
			return res, fmt.Errorf("%s printed %q", firstGetCommand, out)
		}
		res.FirstGet = append(res.FirstGet, time.Duration(ns))

		t0 = time.Now()
		got, err := k.Get(ctx, keychainName)
		get := time.Since(t0)
		if err != nil {
			return res, err
		}
		if got != key {
			return res, errors.New("the keychain gave back another key than the one stored")
		}
		res.Get = append(res.Get, get)

		progress(fmt.Sprintf("keychain %2d get: OnceKey first %5.1f ms, again %5.1f ms, secret-tool %5.1f ms; save %5.1f ms, secret-tool store %5.1f ms",
			i+1, ms(res.FirstGet[i]), ms(get), ms(res.ToolLookup[i]), ms(save), ms(res.ToolStore[i])))
	}
	return res, nil
}
