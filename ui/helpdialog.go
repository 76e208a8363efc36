package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/words"
)

// helpDialog lists the window's keyboard shortcuts, one line each: the
// keys, then what they do. It is given the lines (words.Shortcuts, in the
// names of this system's keys) and says when it closed; it does nothing
// else. Close or Escape closes it.
type helpDialog struct {
	close  *keyButton
	dialog *dialog.CustomDialog
}

func newHelpDialog(rows []words.Shortcut, onClosed func(), parent fyne.Window) *helpDialog {
	d := &helpDialog{}
	intro := widget.NewLabel(words.HelpIntro())
	intro.Wrapping = fyne.TextWrapWord
	lines := make([]fyne.CanvasObject, 0, 2*len(rows))
	for _, r := range rows {
		keys := widget.NewLabelWithStyle(r.Keys, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		action := widget.NewLabel(r.Action)
		action.Wrapping = fyne.TextWrapWord
		lines = append(lines, keys, action)
	}
	table := container.New(layout.NewFormLayout(), lines...)
	// Tighter lines than labels have elsewhere, so that every shortcut
	// shows in the smallest window.
	content := container.NewThemeOverride(container.NewVBox(intro, widget.NewSeparator(), table), compactTheme{})

	d.dialog = dialog.NewCustomWithoutButtons(words.HelpTitle(), content, parent)
	// Escape while Close has the keyboard (after Tab) closes as well: a
	// button of Fyne's own would keep the key to itself.
	d.close = newDialogButton(d.dialog.Hide, words.HelpClose(), theme.ConfirmIcon(), d.dialog.Hide)
	d.close.Importance = widget.HighImportance
	nameWidget(d.close, "help.close")
	d.dialog.SetButtons([]fyne.CanvasObject{d.close})
	if onClosed != nil {
		d.dialog.SetOnClosed(onClosed)
	}
	// As wide as the smallest window allows, so that no line wraps there.
	d.dialog.Resize(fyne.NewSize(520, 0))
	return d
}

// compactTheme is the app's theme with less room above and below each line
// of text, for a table of short lines. It asks the app for its theme each
// time, so that it follows a change between light and dark.
type compactTheme struct{}

func (compactTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return fyne.CurrentApp().Settings().Theme().Color(n, v)
}

func (compactTheme) Font(s fyne.TextStyle) fyne.Resource {
	return fyne.CurrentApp().Settings().Theme().Font(s)
}

func (compactTheme) Icon(n fyne.ThemeIconName) fyne.Resource {
	return fyne.CurrentApp().Settings().Theme().Icon(n)
}

func (compactTheme) Size(n fyne.ThemeSizeName) float32 {
	size := fyne.CurrentApp().Settings().Theme().Size(n)
	if n == theme.SizeNameInnerPadding {
		return size / 4
	}
	return size
}
