//go:build e2e

package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
)

// pieceLen is the length of the pieces of a key searched for: finding any
// 12 characters of it in a row is a leak, not a coincidence.
const pieceLen = 12

// needles are the forms of one key the hygiene search looks for: every
// 12-character piece of it (the whole key holds them all), and the whole
// key in base64 and in hex.
type needles struct {
	at      map[string]int    // piece -> its place in the key
	at16    map[string]int    // piece as UTF-16LE -> its place in the key
	encoded map[string]string // encoding -> encoded key
}

func needlesFor(key string) needles {
	utf16 := utf16LE(key)
	n := needles{encoded: map[string]string{
		"base64":     base64.StdEncoding.EncodeToString([]byte(key)),
		"base64 URL": base64.RawURLEncoding.EncodeToString([]byte(key)),
		"hex":        hex.EncodeToString([]byte(key)),
		// Wine's .reg files write binary values as lists of hex bytes
		// ("hex:6f,6b,..."), which searchFiles joins across their line
		// breaks first. (UTF-16LE, as Windows programs write text, is
		// searched piece by piece, as plain text is.)
		"a .reg hex list":         regHexList([]byte(key)),
		"a .reg hex list, UTF-16": regHexList(utf16),
	}}
	n.at, n.at16 = map[string]int{}, map[string]int{}
	for i := 0; i+pieceLen <= len(key); i++ {
		piece := key[i : i+pieceLen]
		if _, seen := n.at[piece]; !seen {
			n.at[piece] = i
			n.at16[string(utf16LE(piece))] = i
		}
	}
	return n
}

// piecesIn finds the pieces of at, each window bytes long, in data in one
// pass: which places of the key were found, and the first.
func piecesIn(data []byte, at map[string]int, window int) (found map[int]bool, first int) {
	found, first = map[int]bool{}, -1
	for i := 0; i+window <= len(data); i++ {
		if p, ok := at[string(data[i:i+window])]; ok {
			found[p] = true
			if first < 0 || p < first {
				first = p
			}
		}
	}
	return found, first
}

// find says which form of the key data holds, or "" when none.
func (n needles) find(data []byte) string {
	// One pass over data per form, looking each window up, rather than a
	// search of data per piece: a 512-character key has 501 pieces.
	for _, form := range []struct {
		at     map[string]int
		window int
		as     string
	}{{n.at, pieceLen, ""}, {n.at16, 2 * pieceLen, " as UTF-16LE"}} {
		found, first := piecesIn(data, form.at, form.window)
		switch {
		case len(found) > 0 && len(found) == len(form.at):
			return "the whole key" + form.as
		case len(found) > 0:
			return fmt.Sprintf("characters %d to %d of the key%s", first+1, first+pieceLen, form.as)
		}
	}
	lower := bytes.ToLower(data)
	for enc, v := range n.encoded {
		if bytes.Contains(data, []byte(v)) || enc == "hex" && bytes.Contains(lower, []byte(v)) {
			return "the key in " + enc
		}
	}
	return ""
}

// utf16LE is text as Windows programs store it.
func utf16LE(text string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(text)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// regHexList is data as a .reg file lists a binary value: "6f,6b,...".
func regHexList(data []byte) string {
	parts := make([]string, len(data))
	for i, c := range data {
		parts[i] = fmt.Sprintf("%02x", c)
	}
	return strings.Join(parts, ",")
}

// joinRegLines undoes the line breaks of a .reg file's long values: a
// backslash at the end of a line, and the next line's indent.
func joinRegLines(data []byte) []byte {
	return regContinuation.ReplaceAll(data, nil)
}

var regContinuation = regexp.MustCompile(`\\\r?\n[ \t]*`)

// watched is a key the hygiene search looks for, with a name for messages.
type watched struct {
	label string
	needles
}

// watchList is every key a test looks for.
type watchList []watched

// find says which of the keys data holds, and in which form; "" when none.
func (l watchList) find(data []byte) string {
	var found []string
	for _, w := range l {
		if what := w.needles.find(data); what != "" {
			found = append(found, w.label+": "+what)
		}
	}
	return strings.Join(found, "; ")
}

// searchFiles looks for the keys in every regular file under roots and
// returns what it found, one line per file, and how many files it read.
func searchFiles(t *testing.T, n watchList, roots ...string) (found []string, files int) {
	t.Helper()
	return searchFilesSince(t, n, time.Time{}, roots...)
}

// searchFilesSince is searchFiles for the files changed at or after since:
// a file last written before any key existed cannot hold one, and a Wine
// prefix holds hundreds of megabytes that its first start wrote.
func searchFilesSince(t *testing.T, n watchList, since time.Time, roots ...string) (found []string, files int) {
	t.Helper()
	for _, root := range roots {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil // a temporary file or socket went away meanwhile
				}
				return err
			}
			if !d.Type().IsRegular() {
				return nil
			}
			if !since.IsZero() {
				if info, err := d.Info(); err == nil && info.ModTime().Before(since) {
					return nil
				}
			}
			data, err := os.ReadFile(path)
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			if err != nil {
				return err
			}
			files++
			if strings.HasSuffix(path, ".reg") {
				data = joinRegLines(data)
			}
			if what := n.find(data); what != "" {
				found = append(found, fmt.Sprintf("%s holds %s", path, what))
			}
			return nil
		})
		if err != nil {
			t.Errorf("searching %s: %v", root, err)
		}
	}
	return found, files
}

// procWatch samples every process on the machine while a test runs and
// searches each one's argument list for the key, and the environment of
// each process this test started (directly or not).
type procWatch struct {
	n        watchList
	programs []string // OnceKey's, to count their runs
	self     int
	stop     chan struct{}
	done     chan struct{}

	mu        sync.Mutex
	seenPID   map[int]bool    // pids looked at; only new ones are read between full rounds
	seen      map[string]bool // "pid/start time" already searched
	parent    map[int]int
	hits      []string
	processes int // distinct processes searched
	ours      int // of which this test started
	onceKeys  int // of which ran one of OnceKey's programs
}

// watchProcesses starts sampling /proc every few milliseconds until the
// returned watch is finished (or the test ends). It counts the runs of
// programs, OnceKey's own.
func watchProcesses(t *testing.T, n watchList, programs ...string) *procWatch {
	w := &procWatch{
		n: n, programs: programs, self: os.Getpid(),
		stop: make(chan struct{}), done: make(chan struct{}),
		seenPID: map[int]bool{}, seen: map[string]bool{}, parent: map[int]int{},
	}
	go w.loop()
	t.Cleanup(func() { w.finish() })
	return w
}

func (w *procWatch) loop() {
	defer close(w.done)
	tick := time.NewTicker(3 * time.Millisecond)
	defer tick.Stop()
	for round := 0; ; round++ {
		w.sample(round%100 == 0)
		select {
		case <-w.stop:
			w.sample(true)
			return
		case <-tick.C:
		}
	}
}

// sample searches the processes not seen before; with again, it searches
// every argument list again, in case a process rewrote its own or a pid
// was used again. Between full rounds only new pids are read, which keeps
// sampling cheap enough to run every few milliseconds.
func (w *procWatch) sample(again bool) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == w.self || w.seenPID[pid] && !again {
			continue
		}
		w.seenPID[pid] = true
		dir := filepath.Join("/proc", e.Name())
		stat, err := os.ReadFile(filepath.Join(dir, "stat"))
		if err != nil {
			continue
		}
		// Fields after the command name, which is in parentheses and may
		// hold spaces: state, ppid, ... start time is the 20th.
		i := bytes.LastIndexByte(stat, ')')
		if i < 0 {
			continue
		}
		fields := strings.Fields(string(stat[i+1:]))
		if len(fields) < 20 {
			continue
		}
		id := e.Name() + "/" + fields[19]
		if w.seen[id] && !again {
			continue
		}
		first := !w.seen[id]
		w.seen[id] = true
		if ppid, err := strconv.Atoi(fields[1]); err == nil {
			w.parent[pid] = ppid
		}
		comm := strings.TrimSpace(string(stat[bytes.IndexByte(stat, '(')+1 : i]))
		cmdline, err := os.ReadFile(filepath.Join(dir, "cmdline"))
		if err != nil {
			continue
		}
		if what := w.n.find(cmdline); what != "" {
			w.hits = append(w.hits, fmt.Sprintf("the arguments of process %d (%s) hold %s", pid, comm, what))
		}
		if !first {
			continue
		}
		w.processes++
		if argv0, _, _ := bytes.Cut(cmdline, []byte{0}); slices.Contains(w.programs, string(argv0)) {
			w.onceKeys++
		}
		if !w.descendant(pid) {
			continue
		}
		w.ours++
		if bytes.Contains(cmdline, []byte(runChildMarker)) {
			// oncekey run's command holds the key in its environment, by
			// design; its arguments were searched above.
			continue
		}
		if env, err := os.ReadFile(filepath.Join(dir, "environ")); err == nil {
			if what := w.n.find(env); what != "" {
				w.hits = append(w.hits, fmt.Sprintf("the environment of process %d (%s) holds %s", pid, comm, what))
			}
		}
	}
}

// runChildMarker is an argument of the command the hygiene test runs with
// "oncekey run": the one process whose environment holds a key.
const runChildMarker = "oncekey-run-child"

// descendant reports whether pid was started by this test process, directly
// or through others. w.mu must be held.
func (w *procWatch) descendant(pid int) bool {
	for range 64 {
		ppid, ok := w.parent[pid]
		if !ok || ppid <= 1 {
			return false
		}
		if ppid == w.self {
			return true
		}
		pid = ppid
	}
	return false
}

// finish stops sampling and returns what was found and how much was searched.
func (w *procWatch) finish() (hits []string, processes, ours, onceKeys int) {
	select {
	case <-w.stop:
	default:
		close(w.stop)
	}
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.hits...), w.processes, w.ours, w.onceKeys
}
