package keys

import (
	"context"
	"strings"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keystore"
)

// Resolve says which saved key a name given by the admin (a command's
// --name, say) means. A name given is the listed name equal to it ignoring
// case ("zapier" finds "Zapier"), or the name itself when none is listed.
// No name means the one key saved, whatever its name: keystore.DefaultName
// when none is, and a *ChooseNameError when several are.
func (m *Manager) Resolve(name string) (string, error) {
	keys := m.Keys()
	if name != "" {
		for _, k := range keys {
			if k.Name == name {
				return name, nil
			}
		}
		for _, k := range keys { // in Keys' order, so the answer is always the same one
			if strings.EqualFold(k.Name, name) {
				return k.Name, nil
			}
		}
		return name, nil
	}
	switch len(keys) {
	case 0:
		return keystore.DefaultName, nil
	case 1:
		return keys[0].Name, nil
	}
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.Name
	}
	return "", &ChooseNameError{Names: names}
}

// Rename gives the key saved under oldName the name newName, with its
// facts (age, last test, note, retiring key) and its retiring key. Scripts
// that use the old name stop finding it.
//
// The keychain never holds fewer than one copy of the secret: it is saved
// under the new name (and read back) before the old item is deleted, and a
// step that fails undoes the ones before it; an undo deletes a copy under
// the new name only once the old name is read back holding the same key
// (a keychain may delete an item and still report a timeout). When the old
// item turns out gone and cannot be saved again, the rename is finished
// instead: the key is listed where it is. A rename that changes only
// letter case, on a keychain that takes such names for one item (Windows),
// writes the item under the new name and deletes nothing.
//
// It refuses an invalid new name, a new name another key has (ignoring
// case, or in the keychain without being listed: *NameTakenError) and an
// old name that is not listed (*GoneError). A *ListUnusableError means
// nothing was renamed because the list could not be read or written; a
// *ListError that the keychain holds the key under the new name but the
// list could not say so.
func (m *Manager) Rename(ctx context.Context, oldName, newName string) error {
	if err := keystore.ValidateName(newName); err != nil {
		return err
	}
	if err := m.unlock(ctx, oldName); err != nil {
		return err
	}
	var mv moved
	done := false
	own, listErr := m.change(func(keys map[string]keystore.KeyInfo) (bool, error) {
		k, ok := keys[oldName]
		if !ok {
			return false, &GoneError{Name: oldName}
		}
		if oldName == newName {
			return false, nil
		}
		if other, taken := takenBy(keys, newName, oldName); taken {
			return false, &NameTakenError{Name: other}
		}
		err := m.keychain(ctx, func(ctx context.Context, s keystore.Store) error {
			var err error
			mv, err = moveItems(ctx, s, oldName, newName)
			return err
		})
		if err != nil {
			return false, err
		}
		done = true
		delete(keys, oldName)
		k.Name = newName
		if k.Retiring == nil && mv.retiring != "" {
			// A retiring key the list had lost track of.
			k.Retiring = &keystore.RetiringInfo{Ending: apiclient.Ending(mv.retiring)}
		}
		keys[newName] = k
		return true, nil
	})
	switch {
	case own != nil:
		return own
	case listErr != nil && done:
		// The list could not be written: move the items back, so that
		// the list and the keychain agree again.
		back := m.keychain(context.WithoutCancel(ctx), func(ctx context.Context, s keystore.Store) error {
			_, err := moveItems(ctx, s, newName, oldName)
			return err
		})
		if back == nil {
			return &ListUnusableError{Err: listErr}
		}
		m.moveSecret(oldName, newName, mv.secret)
		m.emit(Event{Kind: KeysChanged})
		return &ListError{Err: listErr}
	case listErr != nil:
		return &ListUnusableError{Err: listErr}
	case !done:
		return nil // the same name
	}
	m.moveSecret(oldName, newName, mv.secret)
	if m.cfg.History != nil {
		_ = m.cfg.History.Rename(oldName, newName)
	}
	m.emit(Event{Kind: KeysChanged, Name: newName})
	return nil
}

// takenBy returns the listed name, other than self, that equals name
// ignoring case (the first in Keys' order).
func takenBy(keys map[string]keystore.KeyInfo, name, self string) (string, bool) {
	found, ok := "", false
	for n := range keys {
		if n != self && strings.EqualFold(n, name) && (!ok || keystore.NameLess(n, found)) {
			found, ok = n, true
		}
	}
	return found, ok
}

// moveSecret moves this process's copy of a renamed key's secret.
func (m *Manager) moveSecret(from, to, secret string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.secrets, from)
	m.secrets[to] = secret
}

// moved is what moveItems found under the old name.
type moved struct {
	secret   string
	retiring string // "": no retiring key
	// stranded: a step failed, but the old name's item was gone already
	// and could not be saved again, so the move was finished instead.
	stranded bool
}

// moveItems moves the key saved under from, and its retiring key if any,
// to the name to, in s: each is saved under the new name before its old
// item is deleted, and when a step fails the steps before it are undone
// (in the same order: save, then delete), so that the keychain never holds
// fewer than one copy of either key (see dropCopy).
func moveItems(ctx context.Context, s keystore.Store, from, to string) (mv moved, err error) {
	caseOnly := strings.EqualFold(from, to)
	fold := caseOnly && foldsCase(s)
	r := s.Retiring()
	if mv.secret, err = s.Get(ctx, from); err != nil {
		return mv, err
	}
	if !fold {
		// An item under the new name that the list does not know (another
		// program's key, or one a failed write left behind) is never
		// written over: it could be the only copy of a key.
		switch other, err := s.Get(ctx, to); {
		case err == nil && other != mv.secret:
			return mv, &NameTakenError{Name: to}
		case err != nil && !keystore.IsNotFound(err):
			return mv, err
		}
	}
	switch v, err := r.Get(ctx, from); {
	case err == nil:
		mv.retiring = v
	case !keystore.IsNotFound(err):
		return mv, err
	}

	// Undone even if the caller gave up: what it was told (the rename
	// failed) must be what stays. Each undo deletes a copy under the new
	// name only once the old name is seen to hold the same secret.
	copied, copiedRetiring := false, false
	fail := func(err error) (moved, error) {
		uctx := context.WithoutCancel(ctx)
		if copied {
			if stranded, _ := dropCopy(uctx, s, to, from, mv.secret, caseOnly); stranded {
				// The old item is gone (a removal that went through
				// though the keychain said it failed) and cannot be saved
				// again: the key is under the new name only, and so is
				// its retiring key, moved before it. The rename is done.
				mv.stranded = true
				return mv, nil
			}
		}
		if copiedRetiring {
			_, _ = dropCopy(uctx, r, to, from, mv.retiring, caseOnly)
		}
		return mv, err
	}
	if err := s.Save(ctx, to, mv.secret); err != nil {
		return mv, err // Save leaves what was there before
	}
	copied = !fold
	if mv.retiring != "" {
		if err := r.Save(ctx, to, mv.retiring); err != nil {
			return fail(err)
		}
		copiedRetiring = !fold
	}
	if fold {
		// One item per key, written under the new name: deleting the
		// old name would delete it.
		return mv, nil
	}
	if mv.retiring != "" {
		if err := r.Remove(ctx, from); err != nil && !keystore.IsNotFound(err) {
			return fail(err)
		}
		stillThere(ctx, r, to, mv.retiring, caseOnly)
	}
	if err := s.Remove(ctx, from); err != nil && !keystore.IsNotFound(err) {
		return fail(err)
	}
	stillThere(ctx, s, to, mv.secret, caseOnly)
	return mv, nil
}

// dropCopy undoes the copy of secret under the name to: it deletes that
// copy only once the original under from is read back holding secret. A
// keychain may delete an item and still report an error (a timeout, a
// cancel after the call went through), so an original found gone is saved
// again from secret first; when that fails too, the copy under to is kept
// (stranded) and err says why. A copy kept for any other reason (the
// original could not be read, or holds another key now) is err too.
func dropCopy(ctx context.Context, s keystore.Store, to, from, secret string, caseOnly bool) (stranded bool, err error) {
	switch v, err := s.Get(ctx, from); {
	case keystore.IsNotFound(err):
		if err := s.Save(ctx, from, secret); err != nil {
			return true, err
		}
	case err != nil:
		return false, err
	case v != secret:
		return false, &ChangedError{Name: from}
	}
	_ = s.Remove(ctx, to)
	stillThere(ctx, s, from, secret, caseOnly)
	return false, nil
}

// stillThere makes sure, after a rename that changed only letter case, that
// the item under name survived the deletion of the other: a keychain that
// does not say it takes such names for one item (CaseFolder) may do so all
// the same. The secret is saved again if it is gone.
func stillThere(ctx context.Context, s keystore.Store, name, secret string, caseOnly bool) {
	if !caseOnly {
		return
	}
	if _, err := s.Get(ctx, name); keystore.IsNotFound(err) {
		_ = s.Save(ctx, name, secret)
	}
}

// foldsCase reports whether s takes names that differ only in letter case
// for one item.
func foldsCase(s keystore.Store) bool {
	cf, ok := s.(keystore.CaseFolder)
	return ok && cf.FoldsCase()
}

// unlock reads the key saved under name before the list's lock is taken:
// a locked keychain asks to be unlocked on its first use, and other OnceKey
// processes must not wait on that prompt too. A key not there is no
// trouble here.
func (m *Manager) unlock(ctx context.Context, name string) error {
	if !m.listed() {
		return nil
	}
	err := m.keychain(ctx, func(ctx context.Context, s keystore.Store) error {
		_, err := s.Get(ctx, name)
		return err
	})
	if keystore.IsNotFound(err) {
		return nil
	}
	return err
}

// minKeyLikeLen is the shortest run of a note that is taken for a key if
// it could be one: shorter runs are names and places ("HubSpot,").
const minKeyLikeLen = 20

// minMadeLen is the shortest run of a note that is taken for a key when
// it looks machine-made (see looksMade): a short key, or part of one.
const minMadeLen = 12

// keyLike reports whether run, a maximal run of printable ASCII other than
// a space cut out of a note, could be a key or a piece of one. It is
// checked as it is and without the punctuation around it (a quote mark
// with no partner, a comma): one that apiclient.NormalizeKey accepts
// with at least minKeyLikeLen characters, or one that looks machine-made.
func keyLike(run string) bool {
	core := strings.Trim(run, "\"'`()[]{}<>,.;:!?")
	for _, c := range []string{run, core} {
		if k, err := apiclient.NormalizeKey(c); err == nil && len(k) >= minKeyLikeLen {
			return true
		}
	}
	return looksMade(core)
}

// looksMade reports whether s (ASCII) looks machine-made rather than
// typed by a person: at least minMadeLen characters, at least 3 letters
// and 3 digits, switching between letters and digits at least 3 times
// ("9Qx7Lp2Vz4Rt"). Words and dates people write pass: "HubSpot2024",
// "Salesforce2024", "2026-11-25", and e-mail addresses such as
// jane@example.com, which are exempt.
func looksMade(s string) bool {
	if len(s) < minMadeLen || isEmail(s) {
		return false
	}
	letters, digits, switches := 0, 0, 0
	last := 0 // 1: a letter, 2: a digit, 0: neither yet
	for i := 0; i < len(s); i++ {
		c, class := s[i], 0
		switch {
		case c >= '0' && c <= '9':
			digits, class = digits+1, 2
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letters, class = letters+1, 1
		default:
			continue
		}
		if last != 0 && class != last {
			switches++
		}
		last = class
	}
	return letters >= 3 && digits >= 3 && switches >= 3
}

// isEmail reports whether s has the shape of an e-mail address: one @,
// and a domain of dotted labels of letters, digits and hyphens ending in
// letters.
func isEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.Contains(domain, "@") {
		return false
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for i, l := range labels {
		if l == "" {
			return false
		}
		for j := 0; j < len(l); j++ {
			c := l[j]
			letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
			if !letter && (i == len(labels)-1 || !(c >= '0' && c <= '9' || c == '-')) {
				return false
			}
		}
	}
	return true
}

// noteRuns cuts note into its maximal runs of printable ASCII other than a
// space: anything else (white space, and any other character, such as
// typographic quotes, a dash, an ellipsis or an accented letter) is where
// a key glued to it would end.
func noteRuns(note string) []string {
	return strings.FieldsFunc(note, func(r rune) bool { return r <= ' ' || r > '~' })
}

// SetNote keeps note, trimmed, as the admin's note about the key name
// ("used in: Zapier, HubSpot"); an empty note removes it. The note is
// refused (*NoteError) when it is too long, holds control characters, or
// has a word that could be a key (CheckNote). A name not listed is a
// *GoneError; a *ListUnusableError means the list could not be read or
// written and the note is not kept.
func (m *Manager) SetNote(name, note string) error {
	note = strings.TrimSpace(note)
	if err := m.CheckNote(note); err != nil {
		return err
	}
	found := false
	_, err := m.change(func(keys map[string]keystore.KeyInfo) (bool, error) {
		k, ok := keys[name]
		if !ok {
			return false, nil
		}
		found = true
		if k.Note == note {
			return false, nil
		}
		k.Note = note
		keys[name] = k
		return true, nil
	})
	if err != nil {
		return &ListUnusableError{Err: err}
	}
	if !found {
		return &GoneError{Name: name}
	}
	m.emit(Event{Kind: KeysChanged, Name: name})
	return nil
}

// CheckNote says whether SetNote would refuse note, so that a view can say
// so while the admin types. A note is refused when it has more than
// keystore.MaxNoteLen characters, a control character, or a word that
// could be a key. The note is cut into runs of printable ASCII other than
// a space (noteRuns: a key glued to “quotes”, a dash or an accented letter
// is still found), and a run is refused when it could be a key (keyLike)
// or holds a key this process has read; so is a note holding such a key
// anywhere. A pasted key must never reach the list's file.
func (m *Manager) CheckNote(note string) error {
	note = strings.TrimSpace(note)
	switch keystore.ValidateNote(note) {
	case nil:
	case keystore.ErrNoteTooLong:
		return &NoteError{Problem: NoteTooLong}
	default:
		return &NoteError{Problem: NoteControl}
	}
	for _, run := range noteRuns(note) {
		if keyLike(run) {
			return &NoteError{Problem: NoteLooksLikeKey}
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, secret := range m.secrets {
		if secret != "" && strings.Contains(note, secret) {
			return &NoteError{Problem: NoteLooksLikeKey}
		}
	}
	return nil
}
