package keystore

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"time"
)

// mtimeSlack is the coarsest modification-time step of the file systems a
// settings folder may be on (FAT's 2 s; ext3 and HFS+ have 1 s). Two writes
// within one step can leave a file whose stat looks unchanged.
const mtimeSlack = 2 * time.Second

// fileSeen is the list of keys' file as this process last read or wrote it.
type fileSeen struct {
	info os.FileInfo // nil: there was no file
	data []byte
	// settled: the file's modification time is far enough in the past that
	// any later write gives it another one, so a stat equal to info shows
	// the file unchanged without reading it.
	settled bool
}

// sameStat reports whether a and b look like the same, unchanged file:
// both missing, or the same file (inode or file ID), size and time.
func sameStat(a, b os.FileInfo) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Size() == b.Size() && a.ModTime().Equal(b.ModTime()) && a.Mode() == b.Mode() && os.SameFile(a, b)
}

// isSettled says whether fi, stat'ed no earlier than at, can be judged by
// its stat alone from then on.
func isSettled(fi os.FileInfo, at time.Time) bool {
	return fi != nil && at.Sub(fi.ModTime()) >= mtimeSlack
}

// Refresh brings the in-memory list up to date with the file, for a window
// that stays open while other processes change the list, and reports
// whether the list changed. It is meant to be called every second or so:
// when the file is as last seen, it costs one stat.
//
// The file is read again only when its stat differs (size, modification
// time, inode or file ID) or when its modification time is too recent to
// trust, as writes within one time step of a coarse file system can leave
// an equal stat; the content then decides. This process's own writes are
// not changes. If the file is now damaged, the in-memory list is kept and
// the error is returned once; the next change replaces the damaged file.
func (i *Index) Refresh() (changed bool, err error) {
	i.mu.Lock()
	defer i.mu.Unlock()
	now := time.Now()
	fi, err := os.Stat(i.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		fi = nil
	case err != nil:
		return false, err
	}
	if sameStat(i.seen.info, fi) && (fi == nil || i.seen.settled) {
		return false, nil
	}

	seen := fileSeen{}
	if fi != nil {
		i.reads++
		seen, err = readSeen(i.path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			// Replaced and gone between the stat and the open: look again
			// next time.
			return false, nil
		case err != nil:
			return false, err
		}
	}
	seen.settled = isSettled(seen.info, now)
	if (seen.info == nil) == (i.seen.info == nil) && bytes.Equal(seen.data, i.seen.data) {
		i.seen = seen
		return false, nil
	}
	keys := map[string]KeyInfo{}
	if seen.info != nil {
		keys, err = parseIndex(seen.data)
		if err != nil {
			i.seen = seen // report this damage once, not at every call
			return false, &damagedError{err}
		}
	}
	changed = len(keys) > 0 || len(i.keys) > 0
	i.keys, i.seen = keys, seen
	return changed, nil
}
