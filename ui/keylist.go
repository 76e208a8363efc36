package ui

import (
	"image/color"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/words"
)

// listWidth is the width of the list of keys at the side: room for a name
// of about 25 characters; longer names end in an ellipsis (the key view's
// title shows them whole).
const listWidth = 230

// keyRow is what one row of the list shows about a key. It is made from the
// list of keys alone, with no keychain read, so a window with 25 keys
// starts as fast as one with one.
type keyRow struct {
	Name   string
	Ending string // the masked ending, as the key view shows it
	Mark   tone   // the colour of the last test's mark
	Word   string // the last test in a word, for readers who cannot tell the colours apart
	Age    string // "saved 3 months ago"
}

// rowsOf makes the list's rows from the key manager's facts.
func rowsOf(list []keys.Key, now time.Time) []keyRow {
	rows := make([]keyRow, len(list))
	for i, k := range list {
		rows[i] = keyRow{
			Name:   k.Name,
			Ending: apiclient.MaskedEnding(k.Ending),
			Mark:   markOf(k.LastTest),
			Word:   words.LastTestWord(k.LastTest),
			Age:    words.Age(k.SavedAt, now),
		}
	}
	return rows
}

// keyListCallbacks connect the list to the window.
type keyListCallbacks struct {
	// OnSelect is called when the admin chooses a key (a tap, Up or Down).
	OnSelect func(name string)
	// OnKey gets the keys the list does not use itself (Enter, Escape):
	// a tap on a row gives the list the keyboard, and Enter must still test.
	OnKey func(*fyne.KeyEvent)
}

// keyList is the list of keys at the side of the key view, shown when two
// or more keys are saved. It shows the rows it is given, with the key the
// window shows selected, and reports the admin's choice.
type keyList struct {
	cb       keyListCallbacks
	rows     []keyRow
	selected string // the name the window shows
	list     *keyListWidget
	ring     *canvas.Rectangle // shows that the list has the keyboard
	content  fyne.CanvasObject

	// quiet is set while the list's selection is set from the window, so
	// that it is not reported back as the admin's choice.
	quiet bool
	// focusAt mirrors widget.List's keyboard cursor, which has no getter.
	focusAt int
}

func newKeyList(cb keyListCallbacks) *keyList {
	l := &keyList{cb: cb}
	l.list = newKeyListWidget(l)
	nameWidget(l.list, "keylist")
	floor := canvas.NewRectangle(color.Transparent)
	floor.SetMinSize(fyne.NewSize(listWidth, 0))
	// Fyne marks the row with the keyboard as it marks a row under the
	// pointer, and the chosen row's own mark hides that: the row with the
	// keyboard is always the chosen one here, so a ring round the list
	// shows where the keyboard is instead.
	l.ring = canvas.NewRectangle(color.Transparent)
	l.ring.StrokeWidth = 2
	l.ring.Hide()
	l.content = container.NewStack(floor, l.list, l.ring)
	return l
}

// showFocus shows or hides the ring that says the list has the keyboard.
func (l *keyList) showFocus(on bool) {
	if on {
		l.ring.StrokeColor = theme.Color(theme.ColorNameFocus)
		l.ring.CornerRadius = theme.SelectionRadiusSize()
		l.ring.Show()
	} else {
		l.ring.Hide()
	}
	l.ring.Refresh()
}

// setRows shows rows, with the key called selected chosen.
func (l *keyList) setRows(rows []keyRow, selected string) {
	changed := !slices.Equal(rows, l.rows)
	if !changed && selected == l.selected {
		// Only a change is drawn again: the window asks after every
		// change of the list of keys, and at start more than once.
		return
	}
	if changed {
		l.rows = rows
		l.list.Refresh()
	}
	l.setSelected(selected)
}

// forget drops the rows while the list is not shown, without refreshing
// it; setRows fills it again before it shows.
func (l *keyList) forget() {
	l.rows, l.selected = nil, ""
}

// setSelected marks the key called name as the one shown, without
// reporting it as a choice; a name not in the list leaves none marked.
func (l *keyList) setSelected(name string) {
	l.selected = name
	l.quiet = true
	defer func() { l.quiet = false }()
	i := l.index(name)
	if i < 0 {
		l.list.UnselectAll()
		return
	}
	l.list.Select(i)
	l.followCursor(i)
}

// index is the row of the key called name, or -1.
func (l *keyList) index(name string) int {
	for i, r := range l.rows {
		if r.Name == name {
			return i
		}
	}
	return -1
}

// move chooses the key delta rows away from the one shown (Up is -1,
// Down +1), staying within the list.
func (l *keyList) move(delta int) {
	if len(l.rows) == 0 {
		return
	}
	i := l.index(l.selected)
	switch {
	case i < 0 && delta > 0:
		i = 0
	case i < 0:
		i = len(l.rows) - 1
	default:
		i = min(max(i+delta, 0), len(l.rows)-1)
	}
	if l.rows[i].Name == l.selected {
		return
	}
	l.list.Select(i)
	l.followCursor(i)
}

// followCursor moves widget.List's keyboard cursor (its focus highlight) to
// row i, where the selection is. widget.List offers no way to set it other
// than its own Up and Down; without this, the highlight would stay behind
// on a row that is not the one shown.
func (l *keyList) followCursor(i int) {
	for l.focusAt > i {
		l.list.List.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
		l.focusAt--
	}
	for l.focusAt < i {
		l.list.List.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
		l.focusAt++
	}
}

func (l *keyList) onSelected(id widget.ListItemID) {
	if id < 0 || id >= len(l.rows) {
		return
	}
	if !l.quiet {
		// A tap moved widget.List's cursor to the row tapped.
		l.focusAt = id
	}
	name := l.rows[id].Name
	if l.quiet || name == l.selected {
		return
	}
	l.selected = name
	l.cb.OnSelect(name)
}

// keyListWidget is widget.List with Up and Down choosing a key: Fyne's own
// list only moves its highlight, and Space then chooses.
type keyListWidget struct {
	widget.List
	owner *keyList
}

func newKeyListWidget(owner *keyList) *keyListWidget {
	w := &keyListWidget{owner: owner}
	w.Length = func() int { return len(owner.rows) }
	w.CreateItem = func() fyne.CanvasObject { return newKeyRowView() }
	w.UpdateItem = func(id widget.ListItemID, o fyne.CanvasObject) {
		if id >= 0 && id < len(owner.rows) {
			o.(*keyRowView).show(owner.rows[id])
			// Rows are reused as the list scrolls: the name follows the key.
			nameWidget(o, "keylist.row."+owner.rows[id].Name)
		}
	}
	w.OnSelected = owner.onSelected
	w.ExtendBaseWidget(w)
	return w
}

// Resize keeps the key shown in view when the list gets a new size: a
// selection made before the list had one (at start) scrolled it by a row.
func (w *keyListWidget) Resize(s fyne.Size) {
	changed := s != w.Size()
	w.List.Resize(s)
	if i := w.owner.index(w.owner.selected); changed && i >= 0 && s.Height > 0 {
		w.List.ScrollTo(i)
	}
}

// FocusGained and FocusLost show where the keyboard is.
func (w *keyListWidget) FocusGained() {
	w.List.FocusGained()
	w.owner.showFocus(true)
}

func (w *keyListWidget) FocusLost() {
	w.List.FocusLost()
	w.owner.showFocus(false)
}

// TypedKey chooses the key above or below on Up and Down, and hands the
// keys a list has no use for to the window.
func (w *keyListWidget) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyUp:
		w.owner.move(-1)
	case fyne.KeyDown:
		w.owner.move(1)
	case fyne.KeySpace:
		// The row under the cursor is the one shown already.
	default:
		if w.owner.cb.OnKey != nil {
			w.owner.cb.OnKey(ev)
		}
	}
}
