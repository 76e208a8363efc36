package ui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// keyRowView is one row: the name, the last test as a coloured mark and a
// word, the masked ending and the age.
//
// It draws plain canvas texts and a circle rather than labels and an icon:
// a label lays its text out as rich text and an icon recolours its SVG on
// every refresh, and with a list of 25 keys those were most of what the
// window did beyond a bare window's work before its first frame.
type keyRowView struct {
	widget.BaseWidget
	row   keyRow // what the row shows
	drawn bool   // whether row has been shown yet
	// variant is the theme's light or dark when the row was drawn: a row
	// waiting in the list's pool misses a change of theme.
	variant fyne.ThemeVariant
}

func newKeyRowView() *keyRowView {
	r := &keyRowView{}
	r.ExtendBaseWidget(r)
	return r
}

func (r *keyRowView) show(row keyRow) {
	variant := fyne.CurrentApp().Settings().ThemeVariant()
	if r.drawn && r.row == row && r.variant == variant {
		// The list refreshes every row on each change of the list: a row
		// that shows the same again is not measured and drawn again.
		return
	}
	r.row, r.drawn, r.variant = row, true, variant
	r.Refresh()
}

// CreateRenderer makes the row's texts and mark.
func (r *keyRowView) CreateRenderer() fyne.WidgetRenderer {
	rr := &keyRowRenderer{
		row:    r,
		name:   canvas.NewText("", nil),
		word:   canvas.NewText("", nil),
		ending: canvas.NewText("", nil),
		age:    canvas.NewText("", nil),
		mark:   canvas.NewCircle(nil),
	}
	rr.name.TextStyle.Bold = true
	rr.objects = []fyne.CanvasObject{rr.name, rr.mark, rr.word, rr.ending, rr.age}
	rr.Refresh()
	return rr
}

// keyRowRenderer lays a row out in three lines: the name; the mark, the
// word and, at the end, the masked ending; the age, in small text.
type keyRowRenderer struct {
	row                     *keyRowView
	name, word, ending, age *canvas.Text
	mark                    *canvas.Circle
	objects                 []fyne.CanvasObject
	laidOut                 fyne.Size // the size the texts were fitted to
}

// markSize is the diameter of the last test's mark.
const markSize = 12

func (rr *keyRowRenderer) Objects() []fyne.CanvasObject { return rr.objects }
func (rr *keyRowRenderer) Destroy()                     {}

// Refresh takes the row's facts and the theme's colours and sizes.
func (rr *keyRowRenderer) Refresh() {
	th := rr.row.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, v)
	size, small := th.Size(theme.SizeNameText), th.Size(theme.SizeNameCaptionText)
	row := rr.row.row
	for _, t := range []*canvas.Text{rr.name, rr.word, rr.ending, rr.age} {
		t.Color, t.TextSize = fg, size
	}
	rr.age.TextSize = small
	rr.word.Text, rr.ending.Text = row.Word, row.Ending
	if row.Mark == toneNeutral {
		// Not tested: an empty ring, so that no colour means "fine".
		rr.mark.FillColor = color.Transparent
		rr.mark.StrokeColor = th.Color(theme.ColorNameDisabled, v)
		rr.mark.StrokeWidth = 1.5
	} else {
		rr.mark.FillColor = th.Color(row.Mark.colorName(), v)
		rr.mark.StrokeColor, rr.mark.StrokeWidth = color.Transparent, 0
	}
	rr.laidOut = fyne.Size{}
	rr.Layout(rr.row.Size())
	for _, o := range rr.objects {
		o.Refresh()
	}
}

// MinSize is three lines high; any width will do, since the name and the
// age end in an ellipsis when they do not fit.
func (rr *keyRowRenderer) MinSize() fyne.Size {
	pad := rr.row.Theme().Size(theme.SizeNameInnerPadding)
	h := pad + rr.lineHeight(rr.name) + pad/2 + max(rr.lineHeight(rr.word), markSize) + pad/2 + rr.lineHeight(rr.age) + pad
	return fyne.NewSize(4*pad+markSize, h)
}

func (rr *keyRowRenderer) lineHeight(t *canvas.Text) float32 {
	return fyne.MeasureText("Mg", t.TextSize, t.TextStyle).Height
}

// Layout places the lines, fitting the name and the age to the width.
func (rr *keyRowRenderer) Layout(size fyne.Size) {
	if size.IsZero() || size == rr.laidOut {
		return
	}
	rr.laidOut = size
	pad := rr.row.Theme().Size(theme.SizeNameInnerPadding)
	row := rr.row.row
	width := size.Width - 2*pad

	y := pad
	setCanvasText(rr.name, fitText(row.Name, width, rr.name.TextSize, rr.name.TextStyle))
	rr.name.Move(fyne.NewPos(pad, y))
	rr.name.Resize(fyne.NewSize(width, rr.lineHeight(rr.name)))
	y += rr.lineHeight(rr.name) + pad/2

	line := max(rr.lineHeight(rr.word), markSize)
	ending := fyne.MeasureText(rr.ending.Text, rr.ending.TextSize, rr.ending.TextStyle)
	rr.ending.Move(fyne.NewPos(size.Width-pad-ending.Width, y+(line-ending.Height)/2))
	rr.ending.Resize(ending)
	rr.mark.Move(fyne.NewPos(pad, y+(line-markSize)/2))
	rr.mark.Resize(fyne.NewSquareSize(markSize))
	wordX := pad + markSize + pad/2
	setCanvasText(rr.word, fitText(row.Word, size.Width-pad-ending.Width-pad/2-wordX, rr.word.TextSize, rr.word.TextStyle))
	word := fyne.MeasureText(rr.word.Text, rr.word.TextSize, rr.word.TextStyle)
	rr.word.Move(fyne.NewPos(wordX, y+(line-word.Height)/2))
	rr.word.Resize(word)
	y += line + pad/2

	setCanvasText(rr.age, fitText(row.Age, width, rr.age.TextSize, rr.age.TextStyle))
	rr.age.Move(fyne.NewPos(pad, y))
	rr.age.Resize(fyne.NewSize(width, rr.lineHeight(rr.age)))
}

// setCanvasText changes a text laid out anew, which is drawn again only if
// it changed.
func setCanvasText(t *canvas.Text, text string) {
	if t.Text != text {
		t.Text = text
		t.Refresh()
	}
}

// fitText is text, or as much of it as fits in width followed by an
// ellipsis.
func fitText(text string, width, size float32, style fyne.TextStyle) string {
	if width <= 0 || fyne.MeasureText(text, size, style).Width <= width {
		return text
	}
	runes := []rune(text)
	// The longest prefix that fits with the ellipsis, by halving: a name
	// has at most 64 characters, so at most seven measures.
	lo, hi := 0, len(runes)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fyne.MeasureText(string(runes[:mid])+"…", size, style).Width <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return strings.TrimRight(string(runes[:lo]), " ") + "…"
}
