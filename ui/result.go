package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/words"
)

// resultCallbacks connect the result to the view around it.
type resultCallbacks struct {
	OnAction        func(action)
	OnCopyRequestID func(id string)
	// Changed is called after the result appeared, went or changed size.
	Changed func()
	// OnKey gets the keys but Space typed while one of its buttons has
	// the keyboard.
	OnKey func(*fyne.KeyEvent)
}

// resultView shows the last test's result: a coloured line, what it means
// for the key and what to do, buttons where one fits, and the HTTP status
// and Request-Id under Details.
type resultView struct {
	cb resultCallbacks

	icon     *widget.Icon
	headline *widget.Label
	lines    *widget.Label
	when     *widget.Label
	actions  *fyne.Container
	details  *widget.Accordion
	facts    *widget.Label
	copyID   *keyButton
	history  *historyView
	box      *fyne.Container

	outcome apiclient.Outcome
	at      time.Time
	live    bool // from a test in this session, not read back from the list
	shown   bool
}

func newResultView(cb resultCallbacks) *resultView {
	r := &resultView{
		cb:       cb,
		icon:     widget.NewIcon(nil),
		headline: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		lines:    widget.NewLabel(""),
		when:     widget.NewLabel(""),
		actions:  container.NewHBox(),
		facts:    widget.NewLabel(""),
		history:  newHistoryView(),
	}
	r.headline.Wrapping = fyne.TextWrapWord
	r.lines.Wrapping = fyne.TextWrapWord
	r.facts.Wrapping = fyne.TextWrapBreak
	r.copyID = newKeyButton(words.ButtonCopyRequestID(), theme.ContentCopyIcon(), r.onCopyRequestID, cb.OnKey)
	r.details = widget.NewAccordion(widget.NewAccordionItem(words.DetailsLabel(),
		container.NewVBox(r.facts, container.NewHBox(r.copyID), r.history.box)))

	nameWidget(r.copyID, "result.copy-request-id")
	nameWidget(r.details, "result.details")
	head := container.NewBorder(nil, nil, alignedIcon(r.icon), nil, r.headline)
	r.box = container.NewVBox(head, r.lines, r.when, r.actions, r.details)
	r.box.Hide()
	return r
}

// show displays o, a test made at at, as of now. live says whether it
// comes from a test made in this session.
func (r *resultView) show(o apiclient.Outcome, at time.Time, live bool, now time.Time) {
	r.outcome, r.at, r.live, r.shown = o, at, live, true
	// For the e2e tests: the outcome shown, recorded in the list or not
	// (a 429 after a conclusive test is not).
	nameWidget(r.headline, "result."+o.Kind.String())
	r.details.CloseAll()
	r.render(now)
}

// clear hides the result, for a new or removed key.
func (r *resultView) clear() {
	r.shown = false
	r.outcome = apiclient.Outcome{}
	r.box.Hide()
	r.cb.Changed()
}

// render redraws the result as of now; it is called again now and then so
// that "checked 3 minutes ago" stays true.
func (r *resultView) render(now time.Time) {
	if !r.shown {
		return
	}
	v := presentOutcome(r.outcome, r.at, now, r.live)
	r.icon.SetResource(v.Tone.icon())
	r.headline.Importance = v.Tone.importance()
	r.headline.SetText(v.Headline)
	setOptionalText(r.lines, strings.Join(v.Lines, "\n"))
	setOptionalText(r.when, v.When)

	buttons := make([]fyne.CanvasObject, 0, len(v.Actions))
	for _, a := range v.Actions {
		b := newKeyButton(a.label(), nil, func() { r.cb.OnAction(a) }, r.cb.OnKey)
		nameWidget(b, "result.action."+a.widgetName())
		buttons = append(buttons, b)
	}
	r.actions.Objects = buttons
	r.actions.Refresh()
	if len(buttons) == 0 {
		r.actions.Hide()
	} else {
		r.actions.Show()
	}

	r.facts.SetText(v.Details)
	if v.Details == "" {
		r.details.Hide()
	} else {
		r.details.Show()
	}
	if v.RequestID == "" {
		r.copyID.Hide()
	} else {
		r.copyID.Show()
	}
	r.box.Show()
	r.cb.Changed()
}

// setHistory shows the key's last tests under Details.
func (r *resultView) setHistory(rows []historyRow) {
	if r.history.set(rows) {
		r.cb.Changed()
	}
}

// isShown reports whether a result is showing.
func (r *resultView) isShown() bool { return r.shown }

// onCopyRequestID copies the Request-Id, which support asks for (never the key).
func (r *resultView) onCopyRequestID() { r.cb.OnCopyRequestID(r.outcome.RequestID) }

// setOptionalText sets a label's text and hides the label when it is empty,
// so an empty line takes no room. It reports whether the label appeared or
// went, which calls for laying its column out again.
func setOptionalText(l *widget.Label, text string) (shownOrHidden bool) {
	was := l.Visible()
	if l.Text != text {
		l.SetText(text)
	}
	if text == "" {
		l.Hide()
	} else {
		l.Show()
	}
	return was != l.Visible()
}

// alignedIcon lines an icon up with the first line of the label beside it,
// whose text sits below the label's inner padding.
func alignedIcon(icon *widget.Icon) fyne.CanvasObject {
	pad := theme.InnerPadding() / 2
	return container.NewVBox(container.New(layout.NewCustomPaddedLayout(pad, 0, 0, 0), icon))
}
