package keystore

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// HistoryLen is how many tests are kept per key: enough for the admin to
// see when a key began failing.
const HistoryLen = 50

// maxHistoryNames bounds the file when names come and go: the names whose
// latest test is oldest go first.
const maxHistoryNames = 64

// maxHistoryField bounds each text kept (an account, a Request-Id).
const maxHistoryField = 256

// Where a test was started, as kept in the history.
const (
	FromWindow      = "window"
	FromTray        = "tray"
	FromCommandLine = "command-line"
)

// HistoryEntry is one test of a key, as the history keeps it: never the key,
// only its masked ending.
type HistoryEntry struct {
	At        time.Time
	From      string // FromWindow, FromTray or FromCommandLine
	Result    string // the API client's result identifier, e.g. "works"
	Account   string `json:",omitempty"`
	Status    int    `json:",omitempty"`
	RequestID string `json:",omitempty"`
	Ending    string `json:",omitempty"` // the tested key's last 4 characters
}

// History is the record of each key's last tests, in history.json beside
// the list of keys. It is changed under a lock between processes and read
// without one (files are replaced whole). A damaged file is moved aside and
// the history starts again: it is a record, never needed to use a key.
type History struct {
	path string
	wait time.Duration
}

// ErrNewerHistory says the history was written by a newer OnceKey: it is
// neither read nor changed, rather than set aside as damaged.
var ErrNewerHistory = errors.New("history written by a newer OnceKey")

type historyFile struct {
	Version int                       `json:"version"`
	Keys    map[string][]HistoryEntry `json:"keys"`
}

const historyVersion = 1

// HistoryPathFor is where the history of the list at indexPath is kept.
func HistoryPathFor(indexPath string) string {
	return filepath.Join(filepath.Dir(indexPath), "history.json")
}

// OpenHistory is the history kept at path; nothing is read yet.
func OpenHistory(path string) *History { return &History{path: path, wait: LockWait} }

// Path is where the history is kept.
func (h *History) Path() string { return h.path }

// Of returns name's tests, newest first. A file that cannot be read or
// understood gives an error and no tests: the caller carries on without.
func (h *History) Of(name string) ([]HistoryEntry, error) {
	keys, err := readHistory(h.path)
	if err != nil {
		return nil, err
	}
	entries := slices.Clone(keys[name])
	slices.Reverse(entries)
	return entries, nil
}

// Add keeps e as name's newest test, keeping at most HistoryLen.
func (h *History) Add(name string, e HistoryEntry) error {
	if err := checkEntry(e); err != nil {
		return err
	}
	return h.change(func(keys map[string][]HistoryEntry) {
		list := append(keys[name], e)
		if len(list) > HistoryLen {
			list = slices.Clone(list[len(list)-HistoryLen:])
		}
		keys[name] = list
		trimNames(keys)
	})
}

// Rename moves old's tests to new (a rename of the key).
func (h *History) Rename(old, new string) error {
	return h.change(func(keys map[string][]HistoryEntry) {
		if list, ok := keys[old]; ok {
			delete(keys, old)
			keys[new] = list
		}
	})
}

// Forget drops name's tests (the key was removed).
func (h *History) Forget(name string) error {
	return h.change(func(keys map[string][]HistoryEntry) { delete(keys, name) })
}

// change reads the file under the lock, changes it and writes it whole.
func (h *History) change(fn func(map[string][]HistoryEntry)) error {
	l, err := lockFile(lockPath(h.path), h.wait)
	if err != nil {
		return err
	}
	defer l.unlock()
	keys, err := readHistory(h.path)
	var damage *damagedError
	switch {
	case errors.Is(err, ErrNewerHistory):
		return err // a newer OnceKey's file: left as it is
	case errors.As(err, &damage):
		// Set aside, for whoever wants to look; the history starts again.
		_ = os.Rename(h.path, h.path+".corrupt-"+time.Now().UTC().Format("20060102T150405.000000000Z"))
		keys = map[string][]HistoryEntry{}
	case err != nil:
		return err
	}
	fn(keys)
	data, err := json.MarshalIndent(historyFile{Version: historyVersion, Keys: keys}, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(h.path, append(data, '\n'))
}

// readHistory reads the file: no file is no history; one that cannot be
// understood is a *damagedError.
func readHistory(path string) (map[string][]HistoryEntry, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string][]HistoryEntry{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read history of tests: %w", err)
	}
	var f historyFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, &damagedError{err}
	}
	if f.Version > historyVersion {
		return nil, ErrNewerHistory
	}
	if f.Version != historyVersion {
		return nil, &damagedError{fmt.Errorf("history version %d", f.Version)}
	}
	if f.Keys == nil {
		f.Keys = map[string][]HistoryEntry{}
	}
	for name, list := range f.Keys {
		if ValidateName(name) != nil || len(list) > HistoryLen {
			return nil, &damagedError{errors.New("history holds an invalid name or too many tests")}
		}
		for _, e := range list {
			if checkEntry(e) != nil {
				return nil, &damagedError{errors.New("history holds an invalid test")}
			}
		}
	}
	return f.Keys, nil
}

// checkEntry refuses an entry that could hold more of a key than its
// ending, or text no test gives.
func checkEntry(e HistoryEntry) error {
	switch {
	case utf8.RuneCountInString(e.Ending) > MaxEndingLen:
		return errors.New("history: an ending longer than 4 characters")
	case e.From != FromWindow && e.From != FromTray && e.From != FromCommandLine:
		return fmt.Errorf("history: unknown place %q", e.From)
	case len(e.Account) > maxHistoryField || len(e.RequestID) > maxHistoryField || len(e.Result) > 64:
		return errors.New("history: a field too long")
	case strings.ContainsAny(e.Result+e.Account+e.RequestID, "\r\n"):
		return errors.New("history: a field holds a line break")
	}
	return nil
}

// trimNames keeps at most maxHistoryNames names, dropping those whose
// newest test is oldest.
func trimNames(keys map[string][]HistoryEntry) {
	if len(keys) <= maxHistoryNames {
		return
	}
	names := make([]string, 0, len(keys))
	for n := range keys {
		names = append(names, n)
	}
	newest := func(n string) time.Time {
		if l := keys[n]; len(l) > 0 {
			return l[len(l)-1].At
		}
		return time.Time{}
	}
	slices.SortFunc(names, func(a, b string) int { return newest(a).Compare(newest(b)) })
	for _, n := range names[:len(names)-maxHistoryNames] {
		delete(keys, n)
	}
}
