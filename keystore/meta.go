package keystore

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// KeyInfo holds the non-secret facts about one stored key.
type KeyInfo struct {
	Name     string
	Ending   string      // last 4 characters; empty when not known yet
	SavedAt  time.Time   // zero when not known (see AgeKnown)
	LastTest *TestRecord `json:",omitempty"`
	// Rebuilt marks an entry that Reconcile made from the keychain after
	// the list was lost: SavedAt is when the keychain made the item (zero
	// if it cannot say) and Ending is empty until the key is read.
	Rebuilt bool `json:",omitempty"`
	// Note is the admin's own note about the key, such as "used in:
	// Zapier, HubSpot": never secret, at most MaxNoteLen characters.
	Note string `json:",omitempty"`
	// Retiring is the key this name held before a rotation, kept (its
	// secret under RetiringService) until OnceHub no longer knows it.
	Retiring *RetiringInfo `json:",omitempty"`
}

// RetiringInfo holds the non-secret facts about a name's retiring key: the
// one it held before a rotation that keeps the old key working until the
// admin deletes it in OnceHub.
type RetiringInfo struct {
	Ending    string    // last 4 characters; empty when not known
	SavedAt   time.Time // when the retiring key was saved; zero when not known
	RetiredAt time.Time // when the new key took its place; zero when not known
	// Account is the account the retiring key last tested as, if known.
	Account string `json:",omitempty"`
	// LastTest is the last test of the retiring key itself (after the
	// admin said it was deleted in OnceHub).
	LastTest *TestRecord `json:",omitempty"`
}

// AgeKnown reports whether SavedAt says when the key was saved.
func (k KeyInfo) AgeKnown() bool { return !k.SavedAt.IsZero() }

// TestRecord is the outcome of the last test of a key against OnceHub.
type TestRecord struct {
	At        time.Time
	Result    string // the API client's result identifier, e.g. "works"
	Account   string
	Status    int
	RequestID string
}

// MaxEndingLen is how many characters of a key its Ending may hold. Put
// refuses more, so a whole key can never slip into the file by mistake.
const MaxEndingLen = 4

// MaxNoteLen is the longest note accepted, in characters.
const MaxNoteLen = 200

// The problems ValidateNote reports.
var (
	ErrNoteTooLong = errors.New("note longer than 200 characters")
	ErrNoteControl = errors.New("note holds control characters or is not text")
)

// ValidateNote checks an admin's note: valid UTF-8, at most MaxNoteLen
// characters, no control characters (a line break, a tab) and no invisible
// formatting characters that could make it read differently from what it
// holds (the joiner that emoji use is allowed). The error never repeats
// the note.
func ValidateNote(note string) error {
	if !utf8.ValidString(note) {
		return ErrNoteControl
	}
	if utf8.RuneCountInString(note) > MaxNoteLen {
		return ErrNoteTooLong
	}
	bad := strings.IndexFunc(note, func(r rune) bool {
		return unicode.IsControl(r) || (unicode.Is(unicode.Cf, r) && r != '\u200d')
	})
	if bad >= 0 {
		return ErrNoteControl
	}
	return nil
}

// indexVersion is the format of keys.json; a file with another version is
// treated as damaged.
const indexVersion = 1

// indexFile is keys.json on disk.
type indexFile struct {
	Version int       `json:"version"`
	Keys    []KeyInfo `json:"keys"`
}

// DefaultIndexPath returns where OnceKey keeps its list of key names:
// keys.json in the OnceKey folder of the user's config folder.
func DefaultIndexPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("config folder: %w", err)
	}
	return filepath.Join(dir, "OnceKey", "keys.json"), nil
}

// Index is the list of key names and their non-secret facts, kept in a small
// JSON file. It is safe for concurrent use, within a process and between
// processes.
//
// Each change takes an advisory lock on a lock file beside the list (so
// other OnceKey processes wait their turn), re-reads the file, applies the
// change and writes the file whole. A change therefore never undoes another
// process's change, however old this process's copy of the list is.
type Index struct {
	path string
	// wait is how long a change waits for the lock between processes.
	wait time.Duration
	// txn orders this process's own changes; the file lock alone would
	// do, but the mutex keeps goroutines from polling the lock against
	// each other. It is held for a whole transaction, keychain call and
	// all, so readers never take it.
	txn sync.Mutex
	// mu guards the fields below, and is held only briefly: Keys and Get
	// are called from a window's UI goroutine and must never wait for a
	// transaction's keychain call.
	mu   sync.Mutex
	keys map[string]KeyInfo
	// seen is the file that keys was last read from or written to.
	seen fileSeen
	// reads counts reads of the file, for tests of Refresh's cost.
	reads int
}

// IndexRecoveredError is returned by LoadIndex, together with an empty
// Index, when the file was damaged. Callers tell the user, rebuild the list
// from the keychain where it can list (Reconcile) and carry on.
type IndexRecoveredError struct {
	// MovedTo is where the damaged file now is; empty if it could not be moved.
	MovedTo string
	// Rebuild says the list is to be rebuilt from the keychain; LoadIndex
	// always sets it, as the keys themselves are still there.
	Rebuild bool
	// Err says what was wrong with the file.
	Err error
}

// Error is short technical text: that the list was damaged, the damaged
// file's new name (not its folder) and the rebuild. The words package makes
// the sentences.
func (e *IndexRecoveredError) Error() string {
	msg := "list of keys damaged"
	if e.MovedTo != "" {
		msg += "; moved to " + filepath.Base(e.MovedTo)
	} else {
		msg += "; not moved aside"
	}
	if e.Rebuild {
		msg += "; to be rebuilt from the keychain"
	}
	return msg
}

// Unwrap returns what was wrong with the file.
func (e *IndexRecoveredError) Unwrap() error { return e.Err }

// LoadIndex reads the file at path. A missing file gives an empty index and
// no error. A damaged file (garbage, truncated, empty, wrong types, invalid
// names) is moved aside as keys.json.corrupt-<time>, and an empty index is
// returned with an *IndexRecoveredError. Any other error (the file could not
// be read at all) comes with a nil index.
func LoadIndex(path string) (*Index, error) {
	idx := &Index{path: path, wait: LockWait, keys: map[string]KeyInfo{}}
	keys, seen, err := readIndexFile(path)
	if err == nil {
		idx.keys, idx.seen = keys, seen
		return idx, nil
	}
	var damage *damagedError
	if !errors.As(err, &damage) {
		return nil, err
	}
	// Look again under the lock: another process may have replaced the
	// damaged file meanwhile, and its good file must not be moved aside.
	// Without the lock (it timed out, or the folder is read-only) the file is
	// still moved aside, as it was before there was a lock.
	if l, lerr := lockFile(lockPath(path), idx.wait); lerr == nil {
		defer l.unlock()
		keys, seen, err = readIndexFile(path)
		if err == nil {
			idx.keys, idx.seen = keys, seen
			return idx, nil
		}
		if !errors.As(err, &damage) {
			return nil, err
		}
	}
	rec := &IndexRecoveredError{Rebuild: true, Err: damage.err}
	aside := path + ".corrupt-" + time.Now().UTC().Format("20060102T150405.000000000Z")
	if os.Rename(path, aside) == nil {
		rec.MovedTo = aside
	}
	return idx, rec
}

// damagedError marks a file that was read but could not be understood.
type damagedError struct{ err error }

func (d *damagedError) Error() string { return "damaged list of keys: " + d.err.Error() }

// readIndexFile returns the keys in the file at path, and what the file was
// when read: none if it does not exist, a *damagedError if it cannot be
// understood.
func readIndexFile(path string) (map[string]KeyInfo, fileSeen, error) {
	seen, err := readSeen(path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]KeyInfo{}, fileSeen{}, nil
	}
	if err != nil {
		return nil, fileSeen{}, fmt.Errorf("read list of keys: %w", err)
	}
	keys, err := parseIndex(seen.data)
	if err != nil {
		return nil, seen, &damagedError{err}
	}
	return keys, seen, nil
}

func parseIndex(data []byte) (map[string]KeyInfo, error) {
	if len(strings.TrimSpace(string(data))) == 0 {
		return nil, errors.New("empty file")
	}
	var f indexFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, err
	}
	if f.Version != indexVersion {
		return nil, fmt.Errorf("unknown format version %d", f.Version)
	}
	keys := make(map[string]KeyInfo, len(f.Keys))
	for i, k := range f.Keys {
		if err := checkInfo(k); err != nil {
			return nil, fmt.Errorf("entry %d: %w", i+1, err)
		}
		if _, dup := keys[k.Name]; dup {
			return nil, fmt.Errorf("entry %d: duplicate name", i+1)
		}
		keys[k.Name] = k
	}
	return keys, nil
}

func checkInfo(k KeyInfo) error {
	if err := ValidateName(k.Name); err != nil {
		return err
	}
	if !validEnding(k.Ending) {
		return errors.New("ending longer than 4 characters")
	}
	if err := ValidateNote(k.Note); err != nil {
		return err
	}
	if k.Retiring != nil && !validEnding(k.Retiring.Ending) {
		return errors.New("retiring key's ending longer than 4 characters")
	}
	return nil
}

func validEnding(e string) bool {
	return utf8.RuneCountInString(e) <= MaxEndingLen && utf8.ValidString(e)
}

// Path returns the file the index is kept in.
func (i *Index) Path() string { return i.path }

// Keys returns every key's facts: DefaultName first, then by name.
func (i *Index) Keys() []KeyInfo {
	i.mu.Lock()
	out := make([]KeyInfo, 0, len(i.keys))
	for _, k := range i.keys {
		out = append(out, copyInfo(k))
	}
	i.mu.Unlock()
	sort.Slice(out, func(a, b int) bool { return NameLess(out[a].Name, out[b].Name) })
	return out
}

// NameLess orders key names as OnceKey lists them: the default key first,
// then by name ignoring case.
func NameLess(a, b string) bool {
	if (a == DefaultName) != (b == DefaultName) {
		return a == DefaultName
	}
	la, lb := strings.ToLower(a), strings.ToLower(b)
	if la != lb {
		return la < lb
	}
	return a < b
}

// copyInfo returns k with its own TestRecords and RetiringInfo, so callers
// cannot change the index through a returned pointer.
func copyInfo(k KeyInfo) KeyInfo {
	if k.LastTest != nil {
		t := *k.LastTest
		k.LastTest = &t
	}
	if k.Retiring != nil {
		r := *k.Retiring
		if r.LastTest != nil {
			t := *r.LastTest
			r.LastTest = &t
		}
		k.Retiring = &r
	}
	return k
}

// Get returns the facts about the key called name.
func (i *Index) Get(name string) (KeyInfo, bool) {
	i.mu.Lock()
	defer i.mu.Unlock()
	k, ok := i.keys[name]
	return copyInfo(k), ok
}

// Put adds or replaces the facts about k.Name and writes the file. It
// refuses an invalid name, an Ending (its own or its retiring key's)
// longer than 4 characters, or a note ValidateNote refuses. On error
// neither the file nor the index has changed.
func (i *Index) Put(k KeyInfo) error {
	if err := checkInfo(k); err != nil {
		return err
	}
	k = copyInfo(k)
	return i.update(func(m map[string]KeyInfo) bool {
		m[k.Name] = k
		return true
	})
}

// Delete removes the facts about name and writes the file. Deleting a name
// that is not listed does nothing.
func (i *Index) Delete(name string) error {
	return i.update(func(m map[string]KeyInfo) bool {
		if _, ok := m[name]; !ok {
			return false
		}
		delete(m, name)
		return true
	})
}

// update is Transact for a change that cannot fail.
func (i *Index) update(change func(map[string]KeyInfo) bool) error {
	return i.Transact(func(m map[string]KeyInfo) (bool, error) { return change(m), nil })
}

// writeKeys writes keys as the whole file and returns what it wrote. The
// caller holds the lock, so no other process can replace the file before it
// is looked at.
func (i *Index) writeKeys(keys map[string]KeyInfo) (fileSeen, error) {
	f := indexFile{Version: indexVersion, Keys: make([]KeyInfo, 0, len(keys))}
	for _, k := range keys {
		f.Keys = append(f.Keys, k)
	}
	sort.Slice(f.Keys, func(a, b int) bool { return NameLess(f.Keys[a].Name, f.Keys[b].Name) })
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return fileSeen{}, err
	}
	data = append(data, '\n')
	if err := writeFileAtomic(i.path, data); err != nil {
		return fileSeen{}, fmt.Errorf("write list of keys: %w", err)
	}
	// Without a stat the next Refresh reads the file once more: harmless.
	fi, _ := os.Stat(i.path)
	return fileSeen{info: fi, data: data}, nil
}

// readSeen reads the whole file at path, opened so that another process
// may replace it meanwhile. The stat comes from the open file, so it
// describes exactly the content read.
func readSeen(path string) (fileSeen, error) {
	f, err := openForRead(path)
	if err != nil {
		return fileSeen{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fileSeen{}, err
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return fileSeen{}, err
	}
	return fileSeen{info: fi, data: data}, nil
}

func cloneKeys(m map[string]KeyInfo) map[string]KeyInfo {
	c := make(map[string]KeyInfo, len(m))
	for n, k := range m {
		c[n] = copyInfo(k)
	}
	return c
}

// writeFileAtomic replaces path with data so that a crash leaves either the
// old file or the new one, never a mix: a temporary file in the same folder,
// flushed to disk, renamed over path, then the folder flushed so the rename
// itself survives a crash. The folder is created 0700 and the file is 0600.
func writeFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	// The new file is in place and readable now; a failed folder flush
	// only weakens crash safety, and some file systems refuse it outright.
	_ = syncDir(dir)
	return nil
}

// syncDir flushes a folder's entries to disk. Windows cannot open a folder
// for syncing and makes renames durable on its own terms, so it is skipped
// there.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
