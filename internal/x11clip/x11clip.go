// Package x11clip makes OnceKey the owner of the X11 CLIPBOARD selection for
// a copied key, offering beside the text the target that clipboard managers
// read as "a password manager's copy: do not keep it".
//
// Fyne's clipboard offers plain text only. KDE's Klipper and CopyQ skip a
// copy that offers x-kde-passwordManagerHint with the content "secret", so
// OnceKey serves the selection itself: the text targets, that hint,
// TARGETS and TIMESTAMP. The X server tells an owner that another program
// copied with SelectionClear, so a later clear never compares contents and
// never touches somebody else's copy. It imports no Fyne and no cgo.
package x11clip

import (
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// PasswordManagerHint is the target that marks a copy as a secret, and
// HintValue its content.
const (
	PasswordManagerHint = "x-kde-passwordManagerHint"
	HintValue           = "secret"
)

// stampWait bounds the wait for the X server's answer that gives a real
// timestamp for taking the selection.
const stampWait = 2 * time.Second

// ErrNotOwner says the X server did not give the selection to OnceKey.
var ErrNotOwner = errors.New("x11clip: the X server did not make OnceKey the clipboard's owner")

// Owner serves the CLIPBOARD selection from a window of its own on a
// connection of its own, so it answers requests whatever the window's
// toolkit is doing, including the toolkit's own Paste.
type Owner struct {
	conn   *xgb.Conn
	win    xproto.Window
	atoms  atoms
	stamps chan xproto.Timestamp
	done   chan struct{}

	mu sync.Mutex
	// text is what is served while owned; wiped when ownership ends.
	text  string
	owned bool
	// since is when the selection was taken, the timestamp TIMESTAMP
	// answers and giving the selection up uses.
	since xproto.Timestamp
	// copies counts Copy calls, so that a clear meant for an earlier copy
	// leaves a later one alone.
	copies uint32
}

type atoms struct {
	clipboard, targets, timestamp, multiple       xproto.Atom
	utf8, text, plainUTF8, plain, hint, stampProp xproto.Atom
}

// quietLibrary stops xgb writing its own notes to standard error (such as
// "Could not get authority info" on a display without an Xauthority file):
// what matters comes back as an error, and the window's output stays
// readable.
var quietLibrary sync.Once

// Open connects to the X server named by DISPLAY (display "" means that).
func Open(display string) (*Owner, error) {
	quietLibrary.Do(func() { xgb.Logger = log.New(io.Discard, "", 0) })
	conn, err := xgb.NewConnDisplay(display)
	if err != nil {
		return nil, fmt.Errorf("x11clip: %w", err)
	}
	o := &Owner{conn: conn, stamps: make(chan xproto.Timestamp, 1), done: make(chan struct{})}
	if err := o.setUp(); err != nil {
		conn.Close()
		return nil, err
	}
	go o.serve()
	return o, nil
}

func (o *Owner) setUp() error {
	screen := xproto.Setup(o.conn).DefaultScreen(o.conn)
	win, err := xproto.NewWindowId(o.conn)
	if err != nil {
		return fmt.Errorf("x11clip: %w", err)
	}
	// An unmapped window: it exists only to own the selection, and
	// PropertyChange gives it the timestamps.
	err = xproto.CreateWindowChecked(o.conn, screen.RootDepth, win, screen.Root,
		0, 0, 1, 1, 0, xproto.WindowClassInputOutput, screen.RootVisual,
		xproto.CwEventMask, []uint32{xproto.EventMaskPropertyChange}).Check()
	if err != nil {
		return fmt.Errorf("x11clip: creating the owner window: %w", err)
	}
	o.win = win
	names := []struct {
		to   *xproto.Atom
		name string
	}{
		{&o.atoms.clipboard, "CLIPBOARD"}, {&o.atoms.targets, "TARGETS"},
		{&o.atoms.timestamp, "TIMESTAMP"}, {&o.atoms.multiple, "MULTIPLE"},
		{&o.atoms.utf8, "UTF8_STRING"}, {&o.atoms.text, "TEXT"},
		{&o.atoms.plainUTF8, "text/plain;charset=utf-8"}, {&o.atoms.plain, "text/plain"},
		{&o.atoms.hint, PasswordManagerHint}, {&o.atoms.stampProp, "ONCEKEY_TIMESTAMP"},
	}
	cookies := make([]xproto.InternAtomCookie, len(names))
	for i, n := range names {
		cookies[i] = xproto.InternAtom(o.conn, false, uint16(len(n.name)), n.name)
	}
	for i, c := range cookies {
		reply, err := c.Reply()
		if err != nil {
			return fmt.Errorf("x11clip: naming %s: %w", names[i].name, err)
		}
		*names[i].to = reply.Atom
	}
	return nil
}

// Copy makes OnceKey the clipboard's owner, serving text, and returns the
// copy's number for ClearIfUnchanged.
func (o *Owner) Copy(text string) (uint32, error) {
	stamp, err := o.timestamp()
	if err != nil {
		return 0, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.copies++
	o.text, o.owned, o.since = text, true, stamp
	err = xproto.SetSelectionOwnerChecked(o.conn, o.win, o.atoms.clipboard, stamp).Check()
	if err == nil {
		var reply *xproto.GetSelectionOwnerReply
		reply, err = xproto.GetSelectionOwner(o.conn, o.atoms.clipboard).Reply()
		if err == nil && reply.Owner != o.win {
			err = ErrNotOwner
		}
	}
	if err != nil {
		o.text, o.owned = "", false
		return 0, fmt.Errorf("x11clip: %w", err)
	}
	return o.copies, nil
}

// ClearIfUnchanged gives up the clipboard if OnceKey still owns it for the
// copy numbered n, and reports whether it did. When another program has
// copied since, it does nothing and reports false.
func (o *Owner) ClearIfUnchanged(n uint32) (bool, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.owned || n != o.copies {
		return false, nil
	}
	o.text, o.owned = "", false
	if err := xproto.SetSelectionOwnerChecked(o.conn, xproto.WindowNone, o.atoms.clipboard, o.since).Check(); err != nil {
		return false, fmt.Errorf("x11clip: %w", err)
	}
	return true, nil
}

// Owns reports whether OnceKey owns the clipboard now.
func (o *Owner) Owns() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.owned
}

// Close gives up the clipboard if still owned and disconnects; the X server
// would drop the ownership with the connection anyway.
func (o *Owner) Close() {
	o.mu.Lock()
	n := o.copies
	o.mu.Unlock()
	_, _ = o.ClearIfUnchanged(n)
	o.conn.Close()
	<-o.done
}

// timestamp asks the X server for the current time the ICCCM way: a
// zero-length append to a property of the owner's window, whose
// PropertyNotify carries the server's time. CurrentTime would let an
// older request win against a newer one.
func (o *Owner) timestamp() (xproto.Timestamp, error) {
	select { // a stamp left over from an earlier wait that timed out
	case <-o.stamps:
	default:
	}
	err := xproto.ChangePropertyChecked(o.conn, xproto.PropModeAppend, o.win,
		o.atoms.stampProp, xproto.AtomString, 8, 0, nil).Check()
	if err != nil {
		return 0, fmt.Errorf("x11clip: %w", err)
	}
	select {
	case t := <-o.stamps:
		return t, nil
	case <-o.done:
		return 0, errors.New("x11clip: the connection to the X server closed")
	case <-time.After(stampWait):
		return 0, errors.New("x11clip: the X server did not answer")
	}
}

// serve answers the X server's events until the connection closes.
func (o *Owner) serve() {
	defer close(o.done)
	for {
		ev, err := o.conn.WaitForEvent()
		if ev == nil && err == nil {
			return
		}
		switch e := ev.(type) {
		case xproto.PropertyNotifyEvent:
			if e.Window == o.win && e.Atom == o.atoms.stampProp {
				select {
				case o.stamps <- e.Time:
				default:
				}
			}
		case xproto.SelectionRequestEvent:
			o.answer(e)
		case xproto.SelectionClearEvent:
			o.lost(e)
		}
	}
}

// lost notes that another program took the clipboard.
func (o *Owner) lost(e xproto.SelectionClearEvent) {
	if e.Selection != o.atoms.clipboard {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	// A SelectionClear still queued from before OnceKey's latest copy is
	// about an earlier ownership, not this one.
	if e.Time != xproto.TimeCurrentTime && e.Time < o.since {
		return
	}
	o.text, o.owned = "", false
}

// answer serves one request for the clipboard's content, or refuses it.
func (o *Owner) answer(e xproto.SelectionRequestEvent) {
	property := e.Property
	if property == xproto.AtomNone {
		property = e.Target // a requestor from before ICCCM 2
	}
	if !o.put(e, property) {
		property = xproto.AtomNone
	}
	notify := xproto.SelectionNotifyEvent{
		Time: e.Time, Requestor: e.Requestor, Selection: e.Selection,
		Target: e.Target, Property: property,
	}
	xproto.SendEvent(o.conn, false, e.Requestor, xproto.EventMaskNoEvent, string(notify.Bytes()))
}

// put writes the requested target to the requestor's property, and reports
// whether it did.
func (o *Owner) put(e xproto.SelectionRequestEvent, property xproto.Atom) bool {
	o.mu.Lock()
	text, owned, since := o.text, o.owned, o.since
	o.mu.Unlock()
	if !owned || e.Selection != o.atoms.clipboard || e.Owner != o.win {
		return false
	}
	// A request from before OnceKey took the selection is not for this copy.
	if e.Time != xproto.TimeCurrentTime && e.Time < since {
		return false
	}
	a := o.atoms
	set := func(kind xproto.Atom, format byte, units int, data []byte) bool {
		err := xproto.ChangePropertyChecked(o.conn, xproto.PropModeReplace, e.Requestor,
			property, kind, format, uint32(units), data).Check()
		return err == nil
	}
	switch e.Target {
	case a.targets:
		list := []xproto.Atom{a.targets, a.timestamp, a.utf8, a.plainUTF8, a.text, xproto.AtomString, a.plain, a.hint}
		data := make([]byte, 4*len(list))
		for i, t := range list {
			xgb.Put32(data[4*i:], uint32(t))
		}
		return set(xproto.AtomAtom, 32, len(list), data)
	case a.timestamp:
		data := make([]byte, 4)
		xgb.Put32(data, uint32(since))
		return set(xproto.AtomInteger, 32, 1, data)
	case a.utf8, a.plainUTF8, a.text:
		kind := e.Target
		if kind == a.text {
			kind = a.utf8
		}
		return set(kind, 8, len(text), []byte(text))
	case xproto.AtomString, a.plain:
		latin1, ok := toLatin1(text)
		return ok && set(e.Target, 8, len(latin1), latin1)
	case a.hint:
		return set(a.hint, 8, len(HintValue), []byte(HintValue))
	}
	return false // MULTIPLE and anything else: refused
}

// toLatin1 is text as ISO 8859-1, which STRING means, if it fits.
func toLatin1(text string) ([]byte, bool) {
	out := make([]byte, 0, len(text))
	for _, r := range text {
		if r == utf8.RuneError || r > 0xff {
			return nil, false
		}
		out = append(out, byte(r))
	}
	return out, true
}
