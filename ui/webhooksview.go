package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/words"
)

// webhooksCallbacks connect the Webhooks view to the window.
type webhooksCallbacks struct {
	// OnRefresh asks OnceHub for the list again.
	OnRefresh func()
	// OnDelete asks to delete one webhook; the window confirms first.
	OnDelete func(w apiclient.Webhook)
	// OnClosed: the view was closed, by its button or by Escape.
	OnClosed func()
}

// webhooksView lists the webhooks of a key's OnceHub account: each one's
// name, address, events in words and date, with Delete. It shows what it
// is given and reports taps; the window asks OnceHub.
type webhooksView struct {
	cb   webhooksCallbacks
	zone *time.Location

	hooks   []apiclient.Webhook
	busy    *busyLine
	heading *widget.Label // how many, or why none could be listed
	detail  *widget.Label // what to do next, and details for support
	list    *widget.List
	rows    map[fyne.CanvasObject]*webhookRow
	refresh *keyButton
	close   *keyButton
	dialog  *dialog.CustomDialog

	working bool // a list or a delete is under way
	closed  bool
}

func newWebhooksView(cb webhooksCallbacks, zone *time.Location, parent fyne.Window) *webhooksView {
	v := &webhooksView{cb: cb, zone: zone, rows: map[fyne.CanvasObject]*webhookRow{}}
	about := widget.NewLabel(words.WebhooksAbout())
	about.Wrapping = fyne.TextWrapWord
	v.busy = newBusyLine()
	v.heading = widget.NewLabel("")
	v.heading.Wrapping = fyne.TextWrapWord
	v.heading.Hide()
	v.detail = widget.NewLabel("")
	v.detail.Wrapping = fyne.TextWrapWord
	v.detail.Hide()

	v.list = widget.NewList(func() int { return len(v.hooks) }, v.newRow, v.updateRow)
	v.list.HideSeparators = false

	v.refresh = newDialogButton(v.dismiss, words.WebhooksRefresh(), theme.ViewRefreshIcon(), func() {
		if !v.working {
			cb.OnRefresh()
		}
	})
	v.close = newDialogButton(v.dismiss, words.WebhooksClose(), theme.CancelIcon(), v.dismiss)
	nameWidget(v.refresh, "webhooks.refresh")
	nameWidget(v.close, "webhooks.close")

	top := container.NewVBox(about, v.busy.box, v.heading, v.detail)
	content := container.NewBorder(top, nil, nil, nil, v.list)
	v.dialog = dialog.NewCustomWithoutButtons(words.WebhooksTitle(), content, parent)
	v.dialog.SetButtons([]fyne.CanvasObject{v.refresh, v.close})
	v.dialog.SetOnClosed(v.onClosed)
	v.dialog.Resize(fyne.NewSize(600, 480))
	return v
}

// webhookRow is one webhook in the list.
type webhookRow struct {
	name, created, url, events *widget.Label
	delete                     *keyButton
}

func (v *webhooksView) newRow() fyne.CanvasObject {
	r := &webhookRow{
		name:    widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		created: widget.NewLabel(""),
		url:     widget.NewLabel(""),
		events:  widget.NewLabel(""),
	}
	for _, l := range []*widget.Label{r.name, r.url, r.events} {
		l.Truncation = fyne.TextTruncateEllipsis
	}
	r.created.Importance = widget.LowImportance
	r.delete = newDialogButton(v.dismiss, words.WebhookDelete(), theme.DeleteIcon(), nil)
	r.delete.Importance = widget.LowImportance
	top := container.NewBorder(nil, nil, nil, r.created, r.name)
	box := container.NewBorder(nil, nil, nil, container.NewCenter(r.delete), container.NewVBox(top, r.url, r.events))
	v.rows[box] = r
	return box
}

func (v *webhooksView) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	r := v.rows[o]
	if r == nil || i < 0 || i >= len(v.hooks) {
		return
	}
	w := v.hooks[i]
	r.name.SetText(words.WebhookName(w))
	r.url.SetText(words.WebhookURL(w))
	r.created.SetText(words.WebhookCreated(w, v.zone))
	r.events.SetText(words.WebhookEvents(w.Events))
	r.delete.OnTapped = func() {
		if !v.working {
			v.cb.OnDelete(w)
		}
	}
	setEnabled(r.delete, !v.working && apiclient.ValidWebhookID(w.ID))
}

// setWorking says that OnceHub is being asked (text says what for), or,
// with "", that it answered. The buttons wait meanwhile.
func (v *webhooksView) setWorking(text string) {
	v.working = text != ""
	v.busy.set(text)
	setEnabled(v.refresh, !v.working)
	v.list.Refresh()
}

// setList shows the webhooks found, under heading.
func (v *webhooksView) setList(hooks []apiclient.Webhook, heading string) {
	v.hooks = hooks
	v.setText(v.heading, heading, widget.MediumImportance)
	v.list.UnselectAll()
	v.list.Refresh()
	if len(hooks) > 0 {
		v.list.ScrollToTop()
	}
}

// setNote shows a line under the heading (what was deleted, what went
// wrong and what to do); important makes it a warning. "" hides it.
func (v *webhooksView) setNote(text string, important bool) {
	imp := widget.MediumImportance
	if important {
		imp = widget.WarningImportance
	}
	v.setText(v.detail, text, imp)
}

// setTrouble says why the list could not be had; the webhooks already
// shown stay.
func (v *webhooksView) setTrouble(headline, rest string) {
	v.setText(v.heading, headline, widget.WarningImportance)
	v.setText(v.detail, rest, widget.MediumImportance)
}

func (v *webhooksView) setText(l *widget.Label, text string, imp widget.Importance) {
	if l.Importance != imp {
		l.Importance = imp
		l.Refresh()
	}
	if setOptionalText(l, text) {
		v.dialog.Refresh()
	}
}

func (v *webhooksView) dismiss() {
	if !v.closed {
		v.dialog.Hide()
	}
}

func (v *webhooksView) onClosed() {
	if v.closed {
		return
	}
	v.closed = true
	if v.cb.OnClosed != nil {
		v.cb.OnClosed()
	}
}

// isClosed reports whether the view was closed.
func (v *webhooksView) isClosed() bool { return v.closed }

// newDeleteWebhookDialog asks before a webhook is deleted, naming it and
// saying what stops. onDelete runs only on Delete.
func newDeleteWebhookDialog(w apiclient.Webhook, onDelete func(), parent fyne.Window) dialog.Dialog {
	warning := widget.NewLabel(words.DeleteWebhookWarning(w))
	warning.Wrapping = fyne.TextWrapWord
	content := container.NewBorder(nil, nil, alignedIcon(widget.NewIcon(warningIcon())), nil, warning)
	d := dialog.NewCustomConfirm(words.DeleteWebhookTitle(w), words.WebhookDeleteOK(), words.WebhookDeleteKeep(), content, func(ok bool) {
		if ok {
			onDelete()
		}
	}, parent)
	d.SetConfirmImportance(widget.DangerImportance)
	d.Resize(fyne.NewSize(520, 0))
	return d
}
