package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// removeDialog asks before a key is removed. It is given the question, which
// names the key's ending and where it is kept, so the admin knows which key
// goes.
type removeDialog struct {
	message *widget.Label
	dialog  *dialog.ConfirmDialog
}

func newRemoveDialog(question string, onRemove func(), parent fyne.Window) *removeDialog {
	d := &removeDialog{message: widget.NewLabel(question)}
	d.message.Wrapping = fyne.TextWrapWord
	d.dialog = dialog.NewCustomConfirm("Remove the key?", "Remove", "Keep it", d.message, func(remove bool) {
		if remove {
			onRemove()
		}
	}, parent)
	d.dialog.SetConfirmImportance(widget.DangerImportance)
	d.dialog.Resize(fyne.NewSize(480, 0))
	return d
}
