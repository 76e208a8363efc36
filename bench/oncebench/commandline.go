package main

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"github.com/oncekey/oncekey/keystore"
)

// commandLineResults are whole-process timings, exec to exit, of the
// command line and the programs it is measured against.
type commandLineResults struct {
	Print      []time.Duration // oncekey print
	ToolLookup []time.Duration // secret-tool lookup of the same item
	Version    []time.Duration // oncekey version
	Plain      []time.Duration // bench/plain, a Go program that prints a line
}

// compareCommandLine runs the command line and its baselines alternately,
// runs times each after one discarded run of each (which fills the page
// cache and opens the keyring's session once). cli is the command line,
// plain bench/plain; env is the command line's environment, with the key
// saved in the keychain.
func compareCommandLine(ctx context.Context, cli, plain string, env []string, key string, runs int, progress func(string)) (commandLineResults, error) {
	var res commandLineResults
	printKey := func() (time.Duration, error) {
		c := exec.CommandContext(ctx, cli, "print")
		c.Env = env
		d, out, err := timedRun(c, "")
		if err == nil && strings.TrimSuffix(out, "\n") != key {
			err = errors.New("oncekey print gave back another key than the one stored")
		}
		return d, err
	}
	lookup := func() (time.Duration, error) {
		c := exec.CommandContext(ctx, "secret-tool", "lookup", "service", keystore.Service, "username", keychainName)
		c.Env = env
		d, out, err := timedRun(c, "")
		if err == nil && strings.TrimSuffix(out, "\n") != key {
			err = errors.New("secret-tool lookup gave back another key than the one stored")
		}
		return d, err
	}
	version := func() (time.Duration, error) {
		c := exec.CommandContext(ctx, cli, "version")
		c.Env = env
		d, out, err := timedRun(c, "")
		if err == nil && !strings.HasPrefix(out, "OnceKey ") {
			err = fmt.Errorf("oncekey version printed %q", out)
		}
		return d, err
	}
	bare := func() (time.Duration, error) {
		c := exec.CommandContext(ctx, plain)
		c.Env = env
		d, _, err := timedRun(c, "")
		return d, err
	}
	pairs := []struct {
		a, b       func() (time.Duration, error)
		aRes, bRes *[]time.Duration
	}{
		{printKey, lookup, &res.Print, &res.ToolLookup},
		{version, bare, &res.Version, &res.Plain},
	}
	for i := -1; i < runs; i++ {
		var got [4]time.Duration
		for j, p := range pairs {
			first, second := p.a, p.b
			if i%2 != 0 { // alternate which goes first
				first, second = second, first
			}
			d1, err := first()
			if err != nil {
				return res, err
			}
			d2, err := second()
			if err != nil {
				return res, err
			}
			if i%2 != 0 {
				d1, d2 = d2, d1
			}
			got[2*j], got[2*j+1] = d1, d2
			if i >= 0 {
				*p.aRes = append(*p.aRes, d1)
				*p.bRes = append(*p.bRes, d2)
			}
		}
		if i >= 0 {
			progress(fmt.Sprintf("command line %2d: oncekey print %5.1f ms, secret-tool lookup %5.1f ms; oncekey version %5.2f ms, plain Go program %5.2f ms",
				i+1, ms(got[0]), ms(got[1]), ms(got[2]), ms(got[3])))
		}
	}
	return res, nil
}
