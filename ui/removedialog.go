package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/words"
)

// removeDialog asks before a key is removed. It is given the question, which
// names the key's ending and where it is kept, so the admin knows which key
// goes.
type removeDialog struct {
	message *widget.Label
	keep    *keyButton
	remove  *keyButton
	dialog  *dialog.CustomDialog
}

func newRemoveDialog(question string, onRemove func(), parent fyne.Window) *removeDialog {
	d := &removeDialog{message: widget.NewLabel(question)}
	d.message.Wrapping = fyne.TextWrapWord
	d.dialog = dialog.NewCustomWithoutButtons(words.TitleRemoveKey(), d.message, parent)
	d.keep = newDialogButton(func() { d.dialog.Hide() }, words.ButtonKeepIt(), theme.CancelIcon(), d.dialog.Hide)
	d.remove = newDialogButton(func() { d.dialog.Hide() }, words.ButtonRemove(), theme.ConfirmIcon(), func() {
		d.dialog.Hide()
		onRemove()
	})
	d.remove.Importance = widget.DangerImportance
	nameWidget(d.keep, "remove.keep")
	nameWidget(d.remove, "remove.confirm")
	d.dialog.SetButtons([]fyne.CanvasObject{d.keep, d.remove})
	d.dialog.Resize(fyne.NewSize(480, 0))
	return d
}
