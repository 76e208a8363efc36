package ui

import (
	"net/url"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/words"
)

// rotateCallbacks connect the Rotate dialog to the window.
type rotateCallbacks struct {
	OnTest         func(d *rotateDialog, raw string) // check the new key (step 2)
	OnKeepAnyway   func(d *rotateDialog)             // store the checked key despite its test or its account
	OnCancel       func(d *rotateDialog)             // Cancel, Later, Close or Escape
	OnClosed       func(d *rotateDialog)
	OnCopy         func()                // copy the new key (step 3)
	OnDeleted      func(d *rotateDialog) // "I deleted the old key" (step 4)
	OnForget       func(d *rotateDialog) // "Forget the old key now"
	OnOpenKeysPage func()
	// OnChecklist: the checklist is shown; the window may then count the
	// account's webhooks (setWebhooks). OnShowWebhooks opens their view.
	OnChecklist    func(d *rotateDialog)
	OnShowWebhooks func()
	OnHoverTest    func()
	OnChanged      func()
	Paste          func() string // the clipboard's text
	Focus          func(fyne.Focusable)
}

// rotateStep is the page of Rotate the dialog shows.
type rotateStep int

const (
	stepCreate    rotateStep = iota + 1 // where to create the new key, and which page OnceHub shows
	stepPaste                           // paste the new key; it is tested, then stored
	stepChecklist                       // update the tools, delete the old key, check it
	stepDone                            // the old key is forgotten
)

// rotateStart is what the dialog opens with.
type rotateStart struct {
	// OldEnding is the ending of the key shown, the one the rotation retires.
	OldEnding string
	// Refused: OnceHub already refuses the old key, so the new key simply
	// takes its place: the dialog opens at the paste step, asking nothing.
	Refused bool
	// Checklist, when set, is a rotation not finished yet: the dialog
	// opens at its checklist.
	Checklist *checklist
}

// checklist is what the checklist shows about a pending rotation.
type checklist struct {
	NewEnding string // the name's key now
	OldEnding string // the retiring key, kept until it is deleted in OnceHub
	Note      string // the admin's note of where the key is used
}

// rotateDialog walks the admin through OnceHub's rotation: create a new key
// in OnceHub (and say which page OnceHub shows), paste it here to be tested
// and stored, then update the tools and delete the old key in OnceHub,
// which OnceKey checks. It is given the words and results to show and
// reports taps; the window runs the flows.
type rotateDialog struct {
	cb rotateCallbacks

	// Step 1.
	keepOldChoice    *keyButton // the page shows "Create API key"
	regenerateChoice *keyButton // the page shows "Regenerate"
	createPage       *fyne.Container

	// Step 2.
	pasteIntro  *widget.Label
	refusedHelp *fyne.Container // where to create the key, when step 1 was skipped
	entry       *keyEntry
	paste       *keyButton
	problem     *widget.Label
	busy        *busyLine
	result      *noticeBox
	pastePage   *fyne.Container

	// Step 3 and 4.
	stored     *widget.Label
	listNote   *widget.Label // a problem that brought the admin here
	note       *widget.Label
	copy       *keyButton
	copyNote   *widget.Label
	deleteOld  *widget.Label
	webhooks   string // how many webhooks outlive the old key, said after deleteOld
	showHooks  *widget.Hyperlink
	checkBusy  *busyLine
	oldResult  *noticeBox
	forget     *keyButton
	checkPage  *fyne.Container
	done       *noticeBox
	doneLink   *widget.Hyperlink
	donePage   *fyne.Container
	pages      *fyne.Container
	keepAnyway *keyButton
	test       *hoverButton
	back       *keyButton
	cancel     *keyButton
	later      *keyButton
	deleted    *keyButton
	closeBtn   *keyButton
	dialog     *dialog.CustomDialog
	parent     fyne.Window

	step      rotateStep
	start     rotateStart
	keepOld   bool
	list      checklist
	candidate string // the new key last tested, normalised
	outcome   apiclient.Outcome
	testedAt  time.Time
	testing   bool // this dialog's test (of the new key or the old one) is in flight
	saving    bool // this dialog's keychain call is in flight
	// webhooksAsked: the account's webhooks were counted for the checklist.
	webhooksAsked bool
	closed        bool
}

func newRotateDialog(start rotateStart, cb rotateCallbacks, parent fyne.Window) *rotateDialog {
	d := &rotateDialog{cb: cb, start: start, parent: parent}
	d.buildCreatePage()
	d.buildPastePage()
	d.buildCheckPage()
	d.done = newNoticeBox()
	d.doneLink = d.keysPageLink()
	d.donePage = container.NewVBox(d.done.box, d.doneLink)

	d.test = newHoverButton(words.ButtonTestAndSave(), theme.ConfirmIcon(), d.onTest, cb.OnHoverTest, escapeTo(d.onCancel))
	d.test.Importance = widget.HighImportance
	d.back = newDialogButton(d.onCancel, words.ButtonBack(), theme.NavigateBackIcon(), d.onBack)
	d.cancel = newDialogButton(d.onCancel, words.ButtonCancel(), theme.CancelIcon(), d.onCancel)
	d.later = newDialogButton(d.onCancel, words.ButtonLater(), nil, d.onCancel)
	d.deleted = newDialogButton(d.onCancel, words.ButtonDeletedOldKey(), theme.ConfirmIcon(), d.onDeleted)
	d.deleted.Importance = widget.HighImportance
	d.closeBtn = newDialogButton(d.onCancel, words.ButtonClose(), nil, d.onCancel)
	d.closeBtn.Importance = widget.HighImportance

	for o, name := range map[fyne.CanvasObject]string{
		d.keepOldChoice: "rotate.keep-old", d.regenerateChoice: "rotate.regenerate",
		d.entry: "rotate.entry", d.paste: "rotate.paste", d.test: "rotate.test", d.keepAnyway: "rotate.keep-anyway",
		d.back: "rotate.back", d.cancel: "rotate.cancel", d.copy: "rotate.copy", d.deleted: "rotate.deleted",
		d.later: "rotate.later", d.forget: "rotate.forget", d.closeBtn: "rotate.close",
	} {
		nameWidget(o, name)
	}

	d.pages = container.New(pagesLayout{room: func() float32 { return d.room(d.parent) }},
		container.NewVScroll(d.createPage), container.NewVScroll(d.pastePage),
		container.NewVScroll(d.checkPage), container.NewVScroll(d.donePage))
	d.dialog = dialog.NewCustomWithoutButtons(words.TitleRotateKey(), d.pages, parent)
	d.dialog.SetOnClosed(d.onClosed)
	switch {
	case start.Checklist != nil:
		d.showChecklist(*start.Checklist, "")
	case start.Refused:
		d.showPaste()
	default:
		d.showCreate()
	}
	d.dialog.Resize(fyne.NewSize(540, 0))
	return d
}

func (d *rotateDialog) buildCreatePage() {
	d.keepOldChoice = newDialogButton(d.onCancel, words.ButtonShowsCreateKey(), nil, func() { d.choose(true) })
	d.regenerateChoice = newDialogButton(d.onCancel, words.ButtonShowsRegenerate(), nil, func() { d.choose(false) })
	d.createPage = container.NewVBox(
		wrapped(words.RotateWhere()),
		d.keysPageLink(),
		wrapped(words.RotateLimit()),
		boldWrapped(words.RotateQuestion()),
		// A form's columns line the two answers' meanings up.
		container.New(layout.NewFormLayout(),
			container.NewVBox(d.keepOldChoice), wrapped(words.RotateKeepOldChoice()),
			container.NewVBox(d.regenerateChoice), wrapped(words.RotateRegenerateChoice())),
	)
}

func (d *rotateDialog) buildPastePage() {
	d.pasteIntro = wrapped("")
	d.refusedHelp = container.NewVBox(d.keysPageLink(), wrapped(words.RotateLimit()))
	d.entry = newKeyEntry()
	d.entry.PlaceHolder = words.PlaceholderNewKey()
	d.entry.OnSubmitted = func(string) { d.onTest() }
	d.entry.OnChanged = d.onChanged
	d.entry.onEscape = d.onCancel
	d.paste = newDialogButton(d.onCancel, words.ButtonPaste(), theme.ContentPasteIcon(), d.onPaste)
	d.problem = newProblemLabel()
	d.busy = newBusyLine()
	d.result = newNoticeBox()
	d.keepAnyway = newDialogButton(d.onCancel, words.ButtonKeepAnyway(), nil, d.onKeepAnyway)
	d.keepAnyway.Importance = widget.WarningImportance
	d.keepAnyway.Hide()
	entryRow := container.NewBorder(nil, nil, nil, d.paste, d.entry)
	// Keep it anyway sits with the result it answers.
	d.pastePage = container.NewVBox(d.pasteIntro, d.refusedHelp,
		entryRow, d.problem, d.busy.box, d.result.box, container.NewHBox(d.keepAnyway))
}

func (d *rotateDialog) buildCheckPage() {
	d.stored = wrapped("")
	d.listNote = newProblemLabel()
	d.note = wrapped("")
	d.note.TextStyle.Italic = true
	d.copy = newDialogButton(d.onCancel, words.ButtonCopyNewKey(), theme.ContentCopyIcon(), func() { d.cb.OnCopy() })
	d.copyNote = wrapped("")
	d.copyNote.Hide()
	d.deleteOld = wrapped("")
	d.showHooks = widget.NewHyperlink(words.WebhooksShow(), nil)
	d.showHooks.OnTapped = func() {
		if d.cb.OnShowWebhooks != nil {
			d.cb.OnShowWebhooks()
		}
	}
	nameWidget(d.showHooks, "rotate.webhooks")
	d.checkBusy = newBusyLine()
	d.oldResult = newNoticeBox()
	d.forget = newDialogButton(d.onCancel, words.ButtonForgetOldKeyNow(), nil, func() { d.cb.OnForget(d) })
	d.forget.Importance = widget.LowImportance
	// The top says where the rotation stands: the new key stored, the
	// old key being checked, or what its check found.
	d.checkPage = container.NewVBox(
		d.stored,
		d.checkBusy.box,
		d.oldResult.box,
		d.listNote,
		wrapped(words.ChecklistUpdateTools()),
		d.note,
		container.NewBorder(nil, nil, d.copy, d.showHooks, d.copyNote),
		d.deleteOld,
		container.NewBorder(nil, nil, d.keysPageLink(), d.forget),
	)
}

// keysPageLink is a link to OnceHub's API Keys page; the window opens it.
func (d *rotateDialog) keysPageLink() *widget.Hyperlink {
	u, _ := url.Parse(apiclient.KeysPageURL)
	link := widget.NewHyperlink(words.LinkAPIKeysPage(), u)
	link.OnTapped = func() { d.cb.OnOpenKeysPage() }
	return link
}

// show puts one page in the dialog, with its buttons.
func (d *rotateDialog) show(step rotateStep, page fyne.CanvasObject, buttons ...fyne.CanvasObject) {
	d.step = step
	for _, p := range d.pages.Objects {
		if s := p.(*container.Scroll); s.Content == page {
			s.ScrollToTop()
			s.Show()
		} else {
			s.Hide()
		}
	}
	d.dialog.SetButtons(buttons)
	d.relayout()
}

func (d *rotateDialog) showCreate() {
	d.show(stepCreate, d.createPage, d.cancel)
}

// showPaste shows step 2, for the choice made in step 1 (or none, for a
// refused key), with an empty entry.
func (d *rotateDialog) showPaste() {
	d.clearCandidate()
	d.entry.SetText("")
	d.setProblem("")
	d.pasteIntro.SetText(words.RotatePasteIntro(d.start.OldEnding, d.keepOld, d.start.Refused))
	buttons := []fyne.CanvasObject{d.cancel, d.test}
	if d.start.Refused {
		d.refusedHelp.Show()
	} else {
		d.refusedHelp.Hide()
		buttons = append([]fyne.CanvasObject{d.back}, buttons...)
	}
	d.show(stepPaste, d.pastePage, buttons...)
	d.cb.Focus(d.entry)
}

// showChecklist shows step 3 for the rotation c; problem, when not "",
// says what brought the admin here instead of the step asked for.
func (d *rotateDialog) showChecklist(c checklist, problem string) {
	d.list = c
	d.entry.SetText("") // the new key is stored: do not keep it in a hidden widget
	d.clearCandidate()
	d.stored.SetText(words.RotationStored(c.NewEnding, c.OldEnding))
	d.stored.Show()
	setOptionalText(d.listNote, problem)
	setOptionalText(d.note, words.ChecklistNote(c.Note))
	d.showDeleteOld()
	d.oldResult.hide()
	d.show(stepChecklist, d.checkPage, d.later, d.deleted)
	if d.cb.OnChecklist != nil {
		d.cb.OnChecklist(d)
	}
}

// setWebhooks says how many webhooks of the account outlive the old key.
func (d *rotateDialog) setWebhooks(text string) {
	d.webhooks = text
	if d.step == stepChecklist {
		d.showDeleteOld()
		d.relayout()
	}
}

// showDeleteOld says to delete the old key, and what stays: the webhooks.
func (d *rotateDialog) showDeleteOld() {
	text := words.ChecklistDeleteOld(d.list.OldEnding)
	if d.webhooks != "" {
		text += " " + d.webhooks
	}
	d.deleteOld.SetText(text)
}

// showOldKeyCheck shows, at the checklist's top, what the check of the old
// key found when it is still kept.
func (d *rotateDialog) showOldKeyCheck(t tone, r words.OldKeyReport) {
	d.stored.Hide()
	d.oldResult.show(t, r.Headline, r.Reason, r.NextStep)
	d.relayout()
}

// showDone shows the end of the rotation: the old key is forgotten. link
// offers OnceHub's API Keys page, for an old key still to be deleted there.
func (d *rotateDialog) showDone(t tone, headline string, link bool) {
	d.done.show(t, headline)
	if link {
		d.doneLink.Show()
	} else {
		d.doneLink.Hide()
	}
	d.show(stepDone, d.donePage, d.closeBtn)
}

// choose answers step 1: keepOld is OnceHub's current page, with "Create
// API key", where the old key keeps working until it is deleted.
func (d *rotateDialog) choose(keepOld bool) {
	d.keepOld = keepOld
	d.showPaste()
}

func (d *rotateDialog) onBack() {
	if d.busyNow() {
		return
	}
	d.entry.SetText("")
	d.showCreate()
}

// applyControls enables what can be used now: one test or keychain call
// at a time across the whole window, and Copy once the key is read.
func (d *rotateDialog) applyControls(c controls, busy bool) {
	for _, w := range []fyne.Disableable{d.test, d.paste, d.keepAnyway, d.entry, d.back, d.deleted, d.forget} {
		setEnabled(w, !busy)
	}
	setEnabled(d.copy, c.Copy)
}

// setBusy shows a keychain call of this dialog under way; "" ends it.
func (d *rotateDialog) setBusy(text string) {
	d.saving = text != ""
	if d.step == stepPaste {
		d.busy.set(text)
	} else {
		d.checkBusy.set(text)
	}
	d.relayout()
}

// setProblem shows what is wrong with the entry's text or with a step; ""
// hides it.
func (d *rotateDialog) setProblem(text string) {
	l := d.problem
	if d.step == stepChecklist {
		l = d.listNote
	}
	if setOptionalText(l, text) || text != "" {
		d.relayout()
	}
}

// setCopyNote shows the note about the clipboard beside Copy; "" hides it.
func (d *rotateDialog) setCopyNote(text string) {
	if setOptionalText(d.copyNote, text) {
		d.relayout()
	}
}

// relayout makes room in the dialog for lines shown or hidden.
func (d *rotateDialog) relayout() {
	d.dialog.Refresh()
	// The dialog keeps its size: grow it to fit a longer page.
	d.dialog.Resize(fyne.NewSize(540, 0))
}

func (d *rotateDialog) onChanged(string) {
	d.setProblem("")
	if d.candidate != "" && !d.testing {
		// A changed entry is another key: the last one's result and its
		// Keep it anyway no longer fit.
		d.clearCandidate()
	}
	d.cb.OnChanged()
}

func (d *rotateDialog) onPaste() {
	d.entry.SetText(d.cb.Paste())
	d.cb.Focus(d.entry)
}

// onTest tests the entry's key; Enter in the dialog comes here too, and
// does nothing outside the paste step.
func (d *rotateDialog) onTest() {
	if d.step != stepPaste || d.busyNow() || d.test.Disabled() {
		return
	}
	d.cb.OnTest(d, d.entry.Text)
}

func (d *rotateDialog) onKeepAnyway() {
	if d.candidate != "" && !d.busyNow() {
		d.cb.OnKeepAnyway(d)
	}
}

func (d *rotateDialog) onDeleted() {
	if d.step == stepChecklist && !d.busyNow() {
		d.cb.OnDeleted(d)
	}
}

func (d *rotateDialog) onCancel() { d.cb.OnCancel(d) }

func (d *rotateDialog) busyNow() bool { return d.testing || d.saving }

// startTest clears the last result and shows that a key is being tested:
// the new key in step 2, the old one in step 3.
func (d *rotateDialog) startTest(busyText string) {
	d.testing = true
	if d.step == stepPaste {
		d.clearCandidate()
		d.setProblem("")
		d.busy.set(busyText)
	} else {
		d.oldResult.hide()
		d.stored.Hide()
		d.setProblem("")
		d.checkBusy.set(busyText)
	}
	d.relayout()
}

// testEnded hides the busy line of a test.
func (d *rotateDialog) testEnded() {
	d.testing = false
	d.busy.set("")
	d.checkBusy.set("")
	d.relayout()
}

// tested keeps the new key and its test, for Keep it anyway.
func (d *rotateDialog) tested(key string, o apiclient.Outcome, at time.Time) {
	d.candidate, d.outcome, d.testedAt = key, o, at
}

func (d *rotateDialog) clearCandidate() {
	d.candidate, d.outcome, d.testedAt = "", apiclient.Outcome{}, time.Time{}
	d.result.hide()
	d.keepAnyway.Hide()
}

// testedKey is the new key last tested, its outcome and when; key is ""
// when none has been tested.
func (d *rotateDialog) testedKey() (key string, o apiclient.Outcome, at time.Time) {
	return d.candidate, d.outcome, d.testedAt
}

// oldEnding is the ending of the key the rotation retires.
func (d *rotateDialog) oldEnding() string {
	if d.step == stepChecklist || d.step == stepDone {
		return d.list.OldEnding
	}
	return d.start.OldEnding
}

// keepsOld says whether the old key is kept beside the new one: OnceHub's
// current page, and an old key OnceHub does not refuse yet.
func (d *rotateDialog) keepsOld() bool { return d.keepOld && !d.start.Refused }

// isClosed, isTesting and isSaving say what the dialog is doing.
func (d *rotateDialog) isClosed() bool  { return d.closed }
func (d *rotateDialog) isTesting() bool { return d.testing }
func (d *rotateDialog) isSaving() bool  { return d.saving }

// showCandidate shows a new key's failed test, and Keep it anyway if offered.
func (d *rotateDialog) showCandidate(v outcomeView, keepAnyway bool) {
	d.result.show(v.Tone, v.Headline, v.Lines...)
	if keepAnyway {
		d.keepAnyway.Show()
	}
	d.relayout()
}

// showAccountDiffers warns that the new key, which works, is for another
// account than the old one, before anything is stored.
func (d *rotateDialog) showAccountDiffers(s words.Said) {
	d.result.show(toneWarning, s.Summary, s.NextStep)
	d.keepAnyway.Show()
	d.relayout()
}

// keychainWaiting says, inside the dialog, that the keychain is waiting to
// be unlocked: the banner that says so is behind the dialog.
func (d *rotateDialog) keychainWaiting() {
	if (d.saving || d.testing) && !d.closed {
		if d.step == stepPaste {
			d.busy.text.SetText(words.KeychainWaitNote())
		} else {
			d.checkBusy.text.SetText(words.KeychainWaitNote())
		}
	}
}

func (d *rotateDialog) dismiss() {
	if !d.closed {
		d.dialog.Hide()
	}
}

func (d *rotateDialog) onClosed() {
	d.closed = true
	d.entry.SetText("") // do not keep the key in a hidden widget
	d.candidate = ""
	d.cb.OnClosed(d)
}

// room is the height the window leaves for a page of the dialog: its
// height less the dialog's title, buttons and margins.
func (d *rotateDialog) room(parent fyne.Window) float32 {
	p := theme.Padding()
	chrome := widget.NewLabel(words.TitleRotateKey()).MinSize().Height + d.cancel.MinSize().Height +
		p + 2*16 + // the dialog's own padding (Fyne's padHeight)
		theme.InnerPadding() + 4*p // the pop-up's padding, and a margin to the window's edges
	return parent.Canvas().Size().Height - chrome
}

// scrolls reports whether the page showing is taller than the room the
// window leaves it, so that it scrolls.
func (d *rotateDialog) scrolls() bool {
	for _, o := range d.pages.Objects {
		if o.Visible() {
			return o.(*container.Scroll).Content.MinSize().Height > d.room(d.parent)
		}
	}
	return false
}

// pagesLayout shows the visible page, each in its own vertical scroll, at
// the dialog's full size, and asks for no more height than the window has
// room for: a page taller than that scrolls instead of being cut off.
type pagesLayout struct{ room func() float32 }

func (l pagesLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l pagesLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var min fyne.Size
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		min = min.Max(o.(*container.Scroll).Content.MinSize())
	}
	if room := l.room(); room > 0 && min.Height > room {
		min.Height = room
	}
	return min
}

// noticeBox is a result inside a dialog: an icon in the tone's colour, a
// bold headline and plain lines under it.
type noticeBox struct {
	icon     *widget.Icon
	headline *widget.Label
	lines    *widget.Label
	box      *fyne.Container
}

func newNoticeBox() *noticeBox {
	n := &noticeBox{icon: widget.NewIcon(nil), headline: boldWrapped(""), lines: wrapped("")}
	n.box = container.NewVBox(container.NewBorder(nil, nil, alignedIcon(n.icon), nil, n.headline), n.lines)
	n.box.Hide()
	return n
}

func (n *noticeBox) show(t tone, headline string, lines ...string) {
	n.icon.SetResource(t.icon())
	n.headline.Importance = t.importance()
	n.headline.SetText(headline)
	kept := lines[:0:0]
	for _, l := range lines {
		if l != "" {
			kept = append(kept, l)
		}
	}
	setOptionalText(n.lines, strings.Join(kept, "\n"))
	n.box.Show()
}

func (n *noticeBox) hide() { n.box.Hide() }

// forgetDialog asks before the old key is forgotten without a check.
type forgetDialog struct {
	message *widget.Label
	keep    *keyButton
	forget  *keyButton
	dialog  *dialog.CustomDialog
}

func newForgetDialog(question string, onForget func(), parent fyne.Window) *forgetDialog {
	d := &forgetDialog{message: wrapped(question)}
	d.dialog = dialog.NewCustomWithoutButtons(words.TitleForgetOldKey(), d.message, parent)
	d.keep = newDialogButton(func() { d.dialog.Hide() }, words.ButtonKeepIt(), theme.CancelIcon(), d.dialog.Hide)
	d.forget = newDialogButton(func() { d.dialog.Hide() }, words.ButtonForgetIt(), theme.ConfirmIcon(), func() {
		d.dialog.Hide()
		onForget()
	})
	d.forget.Importance = widget.DangerImportance
	nameWidget(d.keep, "forget.keep")
	nameWidget(d.forget, "forget.confirm")
	d.dialog.SetButtons([]fyne.CanvasObject{d.keep, d.forget})
	d.dialog.Resize(fyne.NewSize(480, 0))
	return d
}

// wrapped is a label whose text wraps at the dialog's width.
func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// boldWrapped is wrapped, in bold.
func boldWrapped(text string) *widget.Label {
	l := wrapped(text)
	l.TextStyle.Bold = true
	return l
}
