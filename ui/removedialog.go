package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// removeDialog asks before the key is removed, naming the key's ending and
// where it is kept, so the admin knows which key goes.
type removeDialog struct {
	m       *MainWindow
	message *widget.Label
	dialog  *dialog.ConfirmDialog
}

func newRemoveDialog(m *MainWindow) *removeDialog {
	d := &removeDialog{m: m}
	d.message = widget.NewLabel(removeQuestion(m.ending(), m.store.Where()))
	d.message.Wrapping = fyne.TextWrapWord
	d.dialog = dialog.NewCustomConfirm("Remove the key?", "Remove", "Keep it", d.message, d.onAnswer, m.win)
	d.dialog.SetConfirmImportance(widget.DangerImportance)
	d.dialog.Resize(fyne.NewSize(480, 0))
	return d
}

func (d *removeDialog) show() { d.m.showDialog(d.dialog) }

func (d *removeDialog) onAnswer(remove bool) {
	if remove {
		d.m.removeKey()
	}
}
