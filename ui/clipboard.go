package ui

import (
	"errors"
	"time"

	"fyne.io/fyne/v2"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/words"
)

// clipboardGuard puts the key on the clipboard and takes it off again after
// a delay, but only if the clipboard still holds the key: whatever the admin
// copied since is left alone. It lives on the UI goroutine.
type clipboardGuard struct {
	clip  fyne.Clipboard
	start startCountdown
	// note shows the guard's note to the admin; "" hides it.
	note func(text string)

	// ours is what this guard put on the clipboard and has not yet taken
	// off or seen replaced; "" when nothing.
	ours  string
	timer *countdown

	// marked, where the system has one (X11, Windows), copies a key marked
	// for clipboard history and monitors to leave alone; nil elsewhere.
	marked markedClipboard
	// mark is what marked returned for ours; nil when ours went through
	// Fyne's plain clipboard.
	mark *clipMark
}

// markedClipboard is a system's own clipboard, for a key marked so that
// clipboard history, cloud sync and clipboard monitors leave it alone.
type markedClipboard interface {
	// copySecret puts text on the clipboard, marked.
	copySecret(text string) (clipMark, error)
	// clearIfUnchanged clears the clipboard if nobody copied anything since
	// the copy that gave mark, and reports whether it did.
	clearIfUnchanged(mark clipMark) (bool, error)
}

// errMarkedUnavailable says the system has no marked clipboard to use
// (Wayland without XWayland): the copy goes through Fyne's plain one.
var errMarkedUnavailable = errors.New("no marked clipboard here")

// clipMark tells a copy of OnceKey's apart from later ones: on X11, the
// copy's number; on Windows, the clipboard's sequence number just after it.
type clipMark uint32

// startCountdown starts a countdown on the UI goroutine.
type startCountdown func(d time.Duration, tick func(left time.Duration), done func()) *countdown

func newClipboardGuard(clip fyne.Clipboard, start startCountdown, note func(string)) *clipboardGuard {
	return &clipboardGuard{clip: clip, start: start, note: note}
}

// copy puts secret on the clipboard. After delay it is cleared if still
// there; a delay of 0 leaves it there.
func (g *clipboardGuard) copy(secret string, delay time.Duration) {
	g.timer.stop()
	// Set directly: Fyne's password entry refuses to copy while concealed,
	// and the key is not in any entry here anyway.
	g.mark = nil
	if g.marked != nil {
		m, err := g.marked.copySecret(secret)
		switch {
		case err == nil:
			g.mark = &m
		case !errors.Is(err, errMarkedUnavailable):
			// The system's clipboard is there but refused: a plain copy
			// instead would reach the clipboard histories the mark keeps
			// it out of.
			g.ours = ""
			g.note(words.CopyFailed())
			return
		}
	}
	if g.mark == nil {
		// No marked clipboard here (no X display): the plain one works.
		g.clip.SetContent(secret)
	}
	g.ours = secret
	if delay <= 0 {
		g.note(words.CopyNote(0, true))
		return
	}
	g.timer = g.start(delay,
		func(left time.Duration) { g.note(words.CopyNote(left, false)) },
		func() {
			if g.clearIfOurs() {
				g.note(words.ClipboardCleared())
			} else {
				g.note(words.ClipboardReplaced())
			}
		})
}

// holds reports whether the clipboard holds secret right now.
func (g *clipboardGuard) holds(secret string) bool {
	return secret != "" && g.clip.Content() == secret
}

// clearIfOurs empties the clipboard if it still holds what this guard put
// there, stops any countdown, and reports whether it cleared anything.
func (g *clipboardGuard) clearIfOurs() bool {
	g.timer.stop()
	ours, mark := g.ours, g.mark
	g.ours, g.mark = "", nil
	if ours != "" && mark != nil {
		// Windows: cleared only if nobody copied since, even the same text.
		if cleared, err := g.marked.clearIfUnchanged(*mark); err == nil {
			return cleared
		}
	}
	if !g.holds(ours) {
		return false
	}
	g.clip.SetContent("")
	return true
}

// clearMarkedIfOurs is clearIfOurs for a copy made through the system's
// marked clipboard only, for when Fyne's driver has stopped.
func (g *clipboardGuard) clearMarkedIfOurs() {
	g.timer.stop()
	ours, mark := g.ours, g.mark
	g.ours, g.mark = "", nil
	if ours != "" && mark != nil {
		_, _ = g.marked.clearIfUnchanged(*mark)
	}
}

// setOther puts text that is not the key on the clipboard (a Request-Id):
// the key's countdown stops, since the key is no longer there to clear.
func (g *clipboardGuard) setOther(text string) {
	g.timer.stop()
	g.ours, g.mark = "", nil
	g.clip.SetContent(text)
}

// holdsKey reports whether the clipboard holds key, give or take the
// white space and quote marks NormalizeKey removes: the admin's own copy
// of a key pasted into the window.
func (g *clipboardGuard) holdsKey(key string) bool {
	k, err := apiclient.NormalizeKey(g.clip.Content())
	return err == nil && k == key
}

// clearKey empties the clipboard if it holds key, whoever put it there,
// and reports whether it did.
func (g *clipboardGuard) clearKey(key string) bool {
	if key == g.ours {
		g.timer.stop()
		g.ours, g.mark = "", nil
	}
	if !g.holdsKey(key) {
		return false
	}
	g.clip.SetContent("")
	return true
}
