package main

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/internal/fakeoncehub"
)

// latencyResults are the test latencies through the delay proxy, and the
// connections the server saw for each kind of test.
type latencyResults struct {
	Curl, Cold, Warm          []time.Duration
	CurlConns, ColdConns      fakeoncehub.Counts // per test, the most seen
	WarmConns, WarmSetupConns fakeoncehub.Counts // per warm test; per Warm call
}

// curlTest runs curl once against url and returns curl's own time_total
// (name lookup, connect, TLS, request and answer; not curl's start-up).
// The key goes to curl on standard input, in a config file, never in its
// arguments.
func curlTest(ctx context.Context, url, caFile, key string) (time.Duration, error) {
	cmd := exec.CommandContext(ctx, "curl", "--silent", "--show-error", "--output", "/dev/null",
		"--write-out", "%{http_code} %{time_total}", "--cacert", caFile, "--config", "-", url)
	cmd.Stdin = strings.NewReader("header = \"API-Key: " + key + "\"\n")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("curl: %v: %s", err, strings.TrimSpace(errOut.String()))
	}
	code, total, _ := strings.Cut(strings.TrimSpace(out.String()), " ")
	if code != "200" {
		return 0, fmt.Errorf("curl got HTTP %s, want 200", code)
	}
	secs, err := strconv.ParseFloat(total, 64)
	if err != nil {
		return 0, fmt.Errorf("curl's time_total %q: %v", total, err)
	}
	return time.Duration(secs * float64(time.Second)), nil
}

// onceKeyTest times one apiclient Test, the call the window's Test button
// makes, from the call to its outcome.
func onceKeyTest(ctx context.Context, c *apiclient.Client, key string) (time.Duration, error) {
	t0 := time.Now()
	o := c.Test(ctx, key)
	d := time.Since(t0)
	if o.Kind != apiclient.Works {
		return 0, fmt.Errorf("OnceKey's test said %s (%s)", o.Kind, o.Reason)
	}
	return d, nil
}

// maxCounts keeps the largest of each count.
func maxCounts(a, b fakeoncehub.Counts) fakeoncehub.Counts {
	return fakeoncehub.Counts{Accepts: max(a.Accepts, b.Accepts), Handshakes: max(a.Handshakes, b.Handshakes), Requests: max(a.Requests, b.Requests)}
}

// compareLatency measures, rounds times and alternating: curl; OnceKey with
// a new client (a cold test: TCP, TLS and the request); OnceKey after Warm
// (the request alone).
func compareLatency(ctx context.Context, srv *fakeoncehub.Server, proxyURL, caFile, key string, rounds int, progress func(string)) (latencyResults, error) {
	var res latencyResults
	newClient := func() (*apiclient.Client, error) {
		return apiclient.New(apiclient.Config{BaseURL: proxyURL, Version: "bench", RootCAs: srv.Pool})
	}
	for i := 0; i < rounds; i++ {
		// curl
		before := srv.Counts()
		d, err := curlTest(ctx, proxyURL+"/test", caFile, key)
		if err != nil {
			return res, err
		}
		res.Curl = append(res.Curl, d)
		res.CurlConns = maxCounts(res.CurlConns, srv.Counts().Sub(before))

		// OnceKey, cold
		c, err := newClient()
		if err != nil {
			return res, err
		}
		before = srv.Counts()
		cold, err := onceKeyTest(ctx, c, key)
		if err != nil {
			return res, err
		}
		res.Cold = append(res.Cold, cold)
		res.ColdConns = maxCounts(res.ColdConns, srv.Counts().Sub(before))

		// OnceKey, warm
		c, err = newClient()
		if err != nil {
			return res, err
		}
		before = srv.Counts()
		if err := c.Warm(ctx); err != nil {
			return res, fmt.Errorf("Warm: %w", err)
		}
		afterWarm := srv.Counts()
		res.WarmSetupConns = maxCounts(res.WarmSetupConns, afterWarm.Sub(before))
		warm, err := onceKeyTest(ctx, c, key)
		if err != nil {
			return res, err
		}
		res.Warm = append(res.Warm, warm)
		res.WarmConns = maxCounts(res.WarmConns, srv.Counts().Sub(afterWarm))
		progress(fmt.Sprintf("test %2d curl %6.1f ms, OnceKey cold %6.1f ms, warm %6.1f ms", i+1, ms(d), ms(cold), ms(warm)))
	}
	return res, nil
}
