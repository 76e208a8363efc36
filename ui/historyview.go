package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/words"
)

// historyShown is how many of a key's recorded tests Details shows: enough
// to see when a key began failing; "oncekey history" lists all 50.
const historyShown = 5

// historyRow is one recorded test as Details shows it.
type historyRow struct {
	When, From, Outcome string
}

// historyView is the short table of a key's last tests under Details. It
// shows the rows it is given.
type historyView struct {
	heading *widget.Label
	// cells are made once, historyShown rows of three, and given new
	// texts: Fyne keeps a renderer for every label ever drawn, so labels
	// made anew after each test would add up over a long session.
	cells []*widget.Label
	rows  []historyRow // what the cells show
	grid  *fyne.Container
	box   *fyne.Container
}

func newHistoryView() *historyView {
	v := &historyView{heading: widget.NewLabelWithStyle(words.HistoryTitle(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	v.grid = container.New(&tableLayout{columns: 3})
	for range historyShown {
		for c := range 3 {
			l := widget.NewLabel("")
			l.SizeName = theme.SizeNameCaptionText
			if c == 2 {
				// The outcome takes the room left, and ends in "…"
				// where there is too little; the time and the place
				// always show whole.
				l.Truncation = fyne.TextTruncateEllipsis
			}
			v.cells = append(v.cells, l)
		}
	}
	v.box = container.NewVBox(v.heading, v.grid)
	v.box.Hide()
	return v
}

// set shows rows, newest first; none hides the table. It reports whether
// the table changed, which calls for laying the view out again.
func (v *historyView) set(rows []historyRow) (changed bool) {
	if len(rows) > historyShown {
		rows = rows[:historyShown]
	}
	if slices.Equal(rows, v.rows) {
		return false
	}
	v.rows = slices.Clone(rows)
	shown := make([]fyne.CanvasObject, 0, 3*len(rows))
	for i, r := range rows {
		for c, text := range []string{r.When, r.From, r.Outcome} {
			l := v.cells[3*i+c]
			l.SetText(text)
			shown = append(shown, l)
		}
	}
	v.grid.Objects = shown
	v.grid.Refresh()
	if len(rows) == 0 {
		v.box.Hide()
	} else {
		v.box.Show()
	}
	return true
}

// tableLayout lays its objects out in rows of columns: each column but the
// last as wide as its widest cell, the last taking the rest, so that the
// outcome (with the account) gets the room.
type tableLayout struct{ columns int }

func (t *tableLayout) widths(objects []fyne.CanvasObject) []float32 {
	w := make([]float32, t.columns)
	for i, o := range objects {
		if c := i % t.columns; o.MinSize().Width > w[c] {
			w[c] = o.MinSize().Width
		}
	}
	return w
}

func (t *tableLayout) rowHeight(objects []fyne.CanvasObject, row int) float32 {
	var h float32
	for c := 0; c < t.columns && row*t.columns+c < len(objects); c++ {
		h = max(h, objects[row*t.columns+c].MinSize().Height)
	}
	return h
}

func (t *tableLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var size fyne.Size
	for _, w := range t.widths(objects) {
		size.Width += w
	}
	for row := 0; row*t.columns < len(objects); row++ {
		size.Height += t.rowHeight(objects, row)
	}
	return size
}

func (t *tableLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	w := t.widths(objects)
	var fixed float32
	for _, cw := range w[:t.columns-1] {
		fixed += cw
	}
	w[t.columns-1] = max(size.Width-fixed, 0)
	var y float32
	for row := 0; row*t.columns < len(objects); row++ {
		h := t.rowHeight(objects, row)
		var x float32
		for c := 0; c < t.columns && row*t.columns+c < len(objects); c++ {
			o := objects[row*t.columns+c]
			o.Move(fyne.NewPos(x, y))
			o.Resize(fyne.NewSize(w[c], h))
			x += w[c]
		}
		y += h
	}
}
