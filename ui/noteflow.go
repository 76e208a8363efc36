package ui

import (
	"context"

	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/words"
)

// This file wires the key view's note editor to the key manager: the note
// is checked as it is typed and kept in the list of keys off the UI
// goroutine. The list's file is plain text, so the manager refuses a note
// that could hold a key.

// checkNote says why the manager would refuse note; it reads no file.
func (m *MainWindow) checkNote(note string) error { return m.keys.CheckNote(note) }

// saveNote keeps note as the note of the key shown. The editor shows it at
// once; if it cannot be kept, the note saved before shows again, and the
// banner says why.
func (m *MainWindow) saveNote(note string) {
	name := m.name
	m.notesSaving[name]++
	m.background(func(context.Context) error {
		return m.keys.SetNote(name, note)
	}, func(err error) {
		m.notesSaving[name]--
		if m.notesSaving[name] == 0 {
			delete(m.notesSaving, name)
		}
		if err == nil {
			return
		}
		m.showNote(toneWarning, words.NoteNotSaved(err))
		if m.noteFor == name {
			info, _ := m.keys.Key(name)
			m.keyView.setNote(info.Note)
		}
	})
}

// showNoteOf shows the note of the key shown: a new key's note ends an edit
// under way, a change to the same key's note (another process's, or this
// window's own save coming back) does not.
func (m *MainWindow) showNoteOf(info keys.Key) {
	if m.noteFor != m.name {
		m.noteFor = m.name
		m.keyView.setNote(info.Note)
		return
	}
	if m.notesSaving[m.name] > 0 {
		return // the list still has the note before this window's save
	}
	m.keyView.note.follow(info.Note)
}
