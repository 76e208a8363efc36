package main

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
)

// manyKeys is how many keys the list benchmarks keep: OnceHub's limit.
const manyKeys = keys.MaxKeys

// manyKeyNames are the names of the list benchmarks' keys. The first is
// the benchmark's own "default" key: every home shares the one keyring,
// and the window lists again any key of the keyring its list lacks, so the
// many-keys home holds exactly the keyring's keys.
func manyKeyNames() []string {
	names := make([]string, manyKeys)
	names[0] = keystore.DefaultName
	for i := 1; i < len(names); i++ {
		names[i] = fmt.Sprintf("Bench key %02d", i+1)
	}
	return names
}

// saveManyKeys saves a key under each name with "oncekey set", in the home
// env points at, and returns the keys: first (the key the keyring holds
// already under the first name), then new ones.
func saveManyKeys(ctx context.Context, cli string, env []string, names []string, first string) ([]string, error) {
	saved := make([]string, 0, len(names))
	for i, name := range names {
		key, err := fakeKey()
		if err != nil {
			return nil, err
		}
		if i == 0 {
			key = first
		}
		c := exec.CommandContext(ctx, cli, "set", "--name", name, "--replace")
		c.Env = env
		if _, _, err := timedRun(c, key+"\n"); err != nil {
			return nil, fmt.Errorf("saving %q with oncekey set: %w", name, err)
		}
		saved = append(saved, key)
	}
	return saved, nil
}

// testAllResults are "oncekey test --all" of every key, exec to exit, and
// the pacing floor it is measured against: a gap of 1/pace between the
// starts of consecutive tests, plus one test on a new connection ("oncekey
// test --name", exec to exit).
type testAllResults struct {
	All    []time.Duration
	Single []time.Duration
	Keys   int
}

// floor is the least time test --all can take at the default pace.
func (r testAllResults) floor() time.Duration {
	gap := time.Duration(float64(time.Second) / keys.DefaultPace)
	return time.Duration(r.Keys-1)*gap + time.Duration(median(r.Single))
}

// measureTestAll runs test --all runs times, and a single test of the
// first key twice as often, alternately.
func measureTestAll(ctx context.Context, cli string, env []string, names []string, runs int, progress func(string)) (testAllResults, error) {
	res := testAllResults{Keys: len(names)}
	single := func() error {
		c := exec.CommandContext(ctx, cli, "test", "--name", names[len(names)-1])
		c.Env = env
		d, out, err := timedRun(c, "")
		if err != nil {
			return fmt.Errorf("oncekey test --name: %w (%s)", err, strings.TrimSpace(out))
		}
		res.Single = append(res.Single, d)
		return nil
	}
	for i := 0; i < runs; i++ {
		if err := single(); err != nil {
			return res, err
		}
		c := exec.CommandContext(ctx, cli, "test", "--all")
		c.Env = env
		d, out, err := timedRun(c, "")
		if err != nil {
			return res, fmt.Errorf("oncekey test --all: %w", err)
		}
		if n := strings.Count(out, ": Works"); n != len(names) {
			return res, fmt.Errorf("oncekey test --all: %d of %d keys work", n, len(names))
		}
		res.All = append(res.All, d)
		if err := single(); err != nil {
			return res, err
		}
		progress(fmt.Sprintf("test --all %d: %d keys in %.2f s", i+1, len(names), d.Seconds()))
	}
	return res, nil
}

// targetTestAll is test --all's most time against its pacing floor.
const targetTestAll = 1.10

// manyKeysRows are the results table's rows for OnceHub's most keys.
func manyKeysRows(s startResults, all testAllResults) []row {
	const bare = "bare window"
	many := fmt.Sprintf("%d keys", manyKeys)
	return []row{
		ratioRow("Start with "+many+": exec to first frame drawn", bare, msOf(s.FirstFrame[0]), msOf(s.FirstFrame[1]), "ms", targetStart),
		ratioRow("Memory with "+many+": resident 2 s after start", bare, median(s.RSS[0])/1e6, median(s.RSS[1])/1e6, "MB", targetMemory),
		ratioRow("oncekey test --all of "+many+", exec to exit", "pacing floor", msOf(all.All), float64(all.floor())/float64(time.Millisecond), "ms", targetTestAll),
	}
}
