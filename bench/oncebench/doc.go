package main

import (
	"fmt"
	"strings"
	"time"
)

// markdownReport is docs/BENCHMARKS.md: the table, the machine, the date,
// how each figure is measured and the spread of every series.
func markdownReport(o options, m machine, at time.Time, took time.Duration, rows []row,
	s startResults, l latencyResults, c cancelResults, k keychainResults, cl commandLineResults) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	p("# OnceKey benchmarks\n\n")
	p("Written by `make bench` (bench/oncebench) on %s; the run took %s. ", at.UTC().Format("2006-01-02 15:04 MST"), took.Round(time.Second))
	p("Every figure is the median of its runs and is compared with a baseline measured in the same run, alternating with it.\n\n")
	p("%s\n", markdownTable(rows))

	p("## Machine\n\n")
	p("| | |\n|---|---|\n")
	p("| CPU | %s × %s |\n", m.CPUs, orUnknown(m.CPUModel))
	p("| Memory | %s |\n", orUnknown(m.Memory))
	p("| System | %s, Linux %s |\n", m.OS, m.Kernel)
	p("| Go | %s |\n", m.Go)
	p("| Fyne | %s |\n", m.Fyne)
	p("| curl | %s |\n", orUnknown(m.Curl))
	p("| Display | Xvfb 1280×800×24, Mesa's software renderer (no GPU) |\n")
	p("| Load average when the run began | %s (other work on the machine widens the wall-time spreads below) |\n\n", orUnknown(m.Load))

	p("## How each figure is measured\n\n")
	p("Both window programs are built by the benchmark with the flags of `make build` "+
		"(`go build -tags %s -trimpath -ldflags='-s -w'`): OnceKey's window, `oncekey-window`, from the module root, "+
		"the baseline from `bench/bare`, a Fyne window with a label and a button. The command line, `oncekey`, "+
		"from `cmd/oncekey`, and its baseline from `bench/plain`, a Go program that prints one line, are built as "+
		"`make build` builds the command line: `CGO_ENABLED=0 go build -trimpath -ldflags='-s -w'`.\n\n", buildTags)
	p("- **Start.** The benchmark starts its own Xvfb and watches it through its own X connection: "+
		"the root window's MapNotify events say when a top-level window with the program's title becomes viewable "+
		"(the same test as `xdotool search --onlyvisible --name`, without polling), and the DAMAGE extension reports "+
		"every drawing into that window. After each report the window's pixels are read back (GetImage); the first "+
		"frame is the first report after which they are not all one colour (Xvfb runs with a black root, so an "+
		"undrawn window reads back black). Times run from just before exec and are taken when the event is read, "+
		"so their resolution is that of the event delivery, well under a millisecond. "+
		"%d starts of each program, alternating which goes first, after one discarded start of each. "+
		"OnceKey starts with a key saved (`oncekey set` before the runs), so it opens on the main view, reads the "+
		"key from gnome-keyring and opens a connection to a loopback stand-in for OnceHub, as it does every day. "+
		"Wall times depend on whatever else the machine is doing; the processor time each program had used by its "+
		"first frame (all its threads, from /proc/PID/task/*/schedstat) depends on it much less, and is shown to "+
		"tell the two apart.\n", o.StartRuns)
	p("- **Memory.** VmRSS of the program 2 s after exec, idle, in the same runs. Most of it is Mesa's software " +
		"renderer, the same in both.\n")
	p("- **Size.** The stripped binaries: the two window programs, and the two command line programs.\n")
	p("- **Test latency.** A loopback HTTPS server of the benchmark's own answers `GET /v2/test` as OnceHub does "+
		"(certificate made at start, trusted through a root pool and `curl --cacert`). Between it and the clients sits "+
		"a loopback TCP proxy that holds every chunk %v in each direction (this kernel has no netem), so every round "+
		"trip costs %v; the TCP handshake, which the kernel completes before the proxy sees the connection, is charged "+
		"by holding the client's first bytes until one round trip after the accept. curl's figure is its own "+
		"`time_total` (connection, TLS, request and answer, without curl's start-up); OnceKey's is the time of one "+
		"`apiclient` `Test` call, what the window's Test button runs: cold with a new client, and after `Warm` with "+
		"another new client whose `Warm` call has returned. The server counts TCP accepts and TLS ClientHellos, so "+
		"a warm test that opened no connection is seen, not only timed. %d tests of each kind, alternating.\n",
		o.RoundTrip/2, o.RoundTrip, o.Rounds)
	p("- **Cancel.** A fresh process opens OnceKey's window (the `ui` package, as `main.go` builds it, with a key "+
		"in gnome-keyring) on the same Xvfb, against a loopback server that holds every test unanswered. "+
		"The clicks are real X input (XTEST): they go through the X server, GLFW and Fyne like a user's. "+
		"Each round clicks Test, waits until the server holds the request, moves the pointer onto Cancel, waits "+
		"300 ms with the busy indicator turning, then clicks. \"Test stopped\" is when the test's context was "+
		"cancelled; \"window idle again\" is when the busy line is gone and Test is enabled again, checked on "+
		"Fyne's goroutine every millisecond once the test has returned. %d clicks.\n", o.CancelRounds)
	p("- **Keychain.** Against gnome-keyring in a private D-Bus session (`.ci/with-secret-service`). "+
		"\"First in a process\" is the first `keystore` Get of a fresh process, D-Bus connection included, as the "+
		"window's first read after it shows; \"again\" is a later Get in a process that has read before. "+
		"secret-tool's figures are the whole command, exec to exit, since each use of it is one process. "+
		"A `keystore` Save reads the earlier value, writes, and reads back to compare. %d of each, alternating.\n", o.KeychainRounds)
	p("- **Command line.** Whole processes, exec to exit (wall time), %d runs of each after one discarded run "+
		"of each, alternating which goes first. `oncekey print` against `secret-tool lookup` reading the same item "+
		"from gnome-keyring: each starts, opens a D-Bus connection and a Secret Service session, reads the secret "+
		"and prints it. `oncekey version` against the plain Go program: what the command line costs to start "+
		"beyond Go's own start.\n\n", o.CLIRuns)

	p("## Spread (min / median / max)\n\n")
	p("| Series | n | min | median | max |\n|---|---|---|---|---|\n")
	series := func(name string, ds []time.Duration) {
		sp := spreadOf(ds)
		p("| %s | %d | %.1f ms | %.1f ms | %.1f ms |\n", name, sp.N, sp.Min/1e6, sp.Median/1e6, sp.Max/1e6)
	}
	series("OnceKey window mapped", s.Mapped[0])
	series("bare window mapped", s.Mapped[1])
	series("OnceKey first frame", s.FirstFrame[0])
	series("bare first frame", s.FirstFrame[1])
	series("OnceKey processor time to first frame", s.CPU[0])
	series("bare processor time to first frame", s.CPU[1])
	for i, name := range []string{"OnceKey resident", "bare resident"} {
		sp := spreadOf(s.RSS[i])
		p("| %s | %d | %.1f MB | %.1f MB | %.1f MB |\n", name, sp.N, sp.Min/1e6, sp.Median/1e6, sp.Max/1e6)
	}
	series("curl test", l.Curl)
	series("OnceKey test, cold", l.Cold)
	series("OnceKey test after Warm", l.Warm)
	series("Cancel: test stopped", c.Handled)
	series("Cancel: window idle", c.Idle)
	series("keystore Get, first in a process", k.FirstGet)
	series("keystore Get, again", k.Get)
	series("secret-tool lookup", k.ToolLookup)
	series("keystore Save", k.Save)
	series("secret-tool store", k.ToolStore)
	series("oncekey print", cl.Print)
	series("secret-tool lookup, beside oncekey print", cl.ToolLookup)
	series("oncekey version", cl.Version)
	series("plain Go program", cl.Plain)
	p("\nConnections the server saw per test (TCP accepts + TLS handshakes): curl %d + %d; OnceKey cold %d + %d; "+
		"OnceKey's Warm %d + %d; OnceKey's test after Warm %d + %d.\n",
		l.CurlConns.Accepts, l.CurlConns.Handshakes, l.ColdConns.Accepts, l.ColdConns.Handshakes,
		l.WarmSetupConns.Accepts, l.WarmSetupConns.Handshakes, l.WarmConns.Accepts, l.WarmConns.Handshakes)
	p("\nRun it again with `make bench` (a few minutes; it is not part of `make test`).\n")
	return b.String()
}

// notesMarker starts the part of docs/BENCHMARKS.md that people write:
// findings and what was changed because of them. make bench keeps it.
const notesMarker = "<!-- Written by hand below this line; make bench keeps it. -->"

// withNotes returns the new report followed by the hand-written part of
// the old one, from notesMarker on (or the marker alone when there is none).
func withNotes(report, old string) string {
	notes := notesMarker + "\n"
	if i := strings.Index(old, notesMarker); i >= 0 {
		notes = old[i:]
	}
	return strings.TrimRight(report, "\n") + "\n\n" + notes
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
