package ui

import (
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/words"
)

// keyViewCallbacks connect the main view to the window.
type keyViewCallbacks struct {
	OnTest, OnHoverTest, OnCancelTest func()
	OnCopy, OnReveal                  func()
	OnRotate, OnRemove, OnSettings    func()
	OnContinueRotation                func() // reopen a pending rotation's checklist
	OnOpenKeysPage                    func()
	OnCopyRequestID                   func(id string)
	// OnAddKey opens Add key. OnRotate is also the age reminder's Rotate
	// button.
	OnAddKey func()
	// OnRename renames the key shown.
	OnRename func()
	// OnWebhooks opens the Webhooks view of the key's account.
	OnWebhooks func()
	// OnHelp shows the keyboard shortcuts, as F1 does.
	OnHelp func()
	// OnSaveNote keeps the admin's note about the key shown; nil leaves
	// the note out of the view. OnCheckNote says, as it is typed, why a
	// note would be refused (nil: it would not); it must not block.
	OnSaveNote  func(note string)
	OnCheckNote func(note string) error
	Focus       func(fyne.Focusable)
	// Unfocus takes the keyboard from a widget going out of sight, if it
	// has it (the note's entry, the test's Cancel).
	Unfocus func(fyne.Focusable)
	// OnKey gets the keys typed while one of the view's buttons has the
	// keyboard, but Space, which presses it: F1, Delete, Enter, Up and Down
	// must still reach the window.
	OnKey func(*fyne.KeyEvent)
}

// keyView is the main view, once a key is saved: the key masked with an eye
// toggle, the admin's note, Test, Copy, Rotate and Remove, a reminder when
// the key is old, a rotation in progress, the last test's result, and where
// the key is kept. It shows what it is given and reports taps.
type keyView struct {
	cb keyViewCallbacks

	title    *widget.Label
	addKey   *keyButton
	rename   *keyButton
	key      *widget.Label
	eye      *keyButton
	test     *hoverButton
	copy     *keyButton
	rotate   *keyButton
	remove   *keyButton
	settings *keyButton
	help     *keyButton
	webhooks *keyButton

	rotation    *rotationLine // a rotation not finished yet
	status      *widget.Label // "Reading the key…", "Removing the key…"
	testing     *fyne.Container
	testingText *widget.Label
	activity    *widget.Activity
	cancel      *keyButton
	retry       *widget.Label
	copyNote    *widget.Label
	age         *fyne.Container // the reminder to rotate an old key
	ageText     *widget.Label
	ageRotate   *keyButton
	note        *noteEditor
	result      *resultView
	where       *widget.Label
	scroll      *container.Scroll
	content     fyne.CanvasObject

	revealed    bool
	shownEnding string // the ending on screen, "" before any
}

// button is a button of the view, which hands keys on to OnKey.
func (v *keyView) button(label string, icon fyne.Resource, tapped func()) *keyButton {
	return newKeyButton(label, icon, tapped, v.cb.OnKey)
}

func newKeyView(cb keyViewCallbacks) *keyView {
	v := &keyView{cb: cb}
	v.title = widget.NewLabelWithStyle(words.TitleOneKey(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.title.SizeName = theme.SizeNameSubHeadingText
	// A name of up to 64 characters is shown whole, over two lines if need be.
	v.title.Wrapping = fyne.TextWrapWord
	v.addKey = v.button(words.ButtonAddKey(), theme.ContentAddIcon(), cb.OnAddKey)
	v.addKey.Importance = widget.LowImportance
	v.rename = v.button(words.ButtonRename(), theme.DocumentCreateIcon(), cb.OnRename)
	v.rename.Importance = widget.LowImportance
	v.settings = v.button("", theme.SettingsIcon(), cb.OnSettings)
	v.settings.Importance = widget.LowImportance
	// A question mark beside Settings, so that those who use the mouse
	// find the keyboard shortcuts too. (The footer has no room for it in
	// the smallest window.)
	v.help = v.button("", theme.HelpIcon(), cb.OnHelp)
	v.help.Importance = widget.LowImportance

	v.key = widget.NewLabel("")
	v.key.Wrapping = fyne.TextWrapBreak
	v.eye = v.button("", theme.VisibilityIcon(), cb.OnReveal)
	v.eye.Importance = widget.LowImportance

	v.test = newHoverButton(words.ButtonTest(), theme.ConfirmIcon(), cb.OnTest, cb.OnHoverTest, cb.OnKey)
	v.test.Importance = widget.HighImportance
	v.copy = v.button(words.ButtonCopy(), theme.ContentCopyIcon(), cb.OnCopy)
	v.rotate = v.button(words.ButtonRotate(), theme.ViewRefreshIcon(), cb.OnRotate)
	v.remove = v.button(words.ButtonRemove(), theme.DeleteIcon(), cb.OnRemove)

	v.rotation = newRotationLine(cb.OnContinueRotation)
	v.status = widget.NewLabel("")
	v.status.Hide()

	v.activity = widget.NewActivity()
	v.testingText = widget.NewLabel(words.Testing())
	v.cancel = v.button(words.ButtonCancel(), theme.CancelIcon(), v.onCancelTest)
	v.testing = container.NewHBox(v.activity, v.testingText, v.cancel)
	v.testing.Hide()

	v.retry = widget.NewLabel("")
	v.retry.Wrapping = fyne.TextWrapWord
	v.retry.Importance = widget.WarningImportance
	v.retry.Hide()
	v.copyNote = widget.NewLabel("")
	v.copyNote.Wrapping = fyne.TextWrapWord
	v.copyNote.Hide()

	v.ageText = widget.NewLabel("")
	v.ageText.Wrapping = fyne.TextWrapWord
	v.ageRotate = v.button(words.ButtonRotate(), theme.ViewRefreshIcon(), cb.OnRotate)
	v.age = container.NewBorder(nil, nil, alignedIcon(widget.NewIcon(theme.HistoryIcon())), container.NewVBox(v.ageRotate), v.ageText)
	v.age.Hide()

	v.note = newNoteEditor(noteCallbacks{OnSave: cb.OnSaveNote, OnCheck: cb.OnCheckNote, Focus: cb.Focus, Unfocus: cb.Unfocus, Changed: v.relayout, OnKey: cb.OnKey})
	if cb.OnSaveNote == nil {
		v.note.box.Hide()
	}

	v.result = newResultView(resultCallbacks{
		OnAction:        v.onAction,
		OnCopyRequestID: cb.OnCopyRequestID,
		Changed:         v.relayout,
		OnKey:           cb.OnKey,
	})

	v.where = widget.NewLabel("")
	v.webhooks = v.button(words.WebhooksButton(), theme.MailSendIcon(), cb.OnWebhooks)
	v.webhooks.Importance = widget.LowImportance

	header := container.NewBorder(nil, nil, nil, container.NewHBox(v.rename, v.addKey, v.settings, v.help), v.title)
	keyRow := container.NewBorder(nil, nil, nil, v.eye, v.key)
	buttons := container.NewHBox(v.test, v.copy, v.rotate, v.remove)
	body := container.NewVBox(header, keyRow, v.note.box, buttons, v.age, v.rotation.box, v.status, v.testing, v.retry, v.copyNote, widget.NewSeparator(), v.result.box)
	footer := container.NewVBox(widget.NewSeparator(),
		container.NewHBox(v.where, layout.NewSpacer(), v.webhooks, newKeysPageLink(cb.OnOpenKeysPage)))
	for o, name := range map[fyne.CanvasObject]string{
		v.test: "key.test", v.copy: "key.copy", v.rotate: "key.rotate", v.remove: "key.remove",
		v.eye: "key.reveal", v.settings: "key.settings", v.cancel: "key.cancel-test", v.key: "key.masked",
		v.addKey: "key.add", v.ageRotate: "age.rotate",
		v.rename: "key.rename", v.webhooks: "key.webhooks", v.help: "key.help",
	} {
		nameWidget(o, name)
	}
	v.scroll = container.NewVScroll(body)
	v.content = container.NewBorder(nil, footer, nil, nil, v.scroll)
	return v
}

// showKey shows the key masked, or only its ending while the key itself is
// still being read (key ""). The key is shown in full only while revealed.
func (v *keyView) showKey(key, ending string) {
	v.shownEnding = ending
	// Monospace tells 0 from O and l from 1 in a revealed key. Only then:
	// each font style Fyne loads costs start-up time and memory.
	v.key.TextStyle.Monospace = v.revealed && key != ""
	switch {
	case key == "":
		v.revealed = false
		v.key.SetText(apiclient.MaskedEnding(ending))
	case v.revealed:
		v.key.SetText(key)
	default:
		v.key.SetText(apiclient.MaskedEnding(ending))
	}
	if v.revealed {
		v.eye.SetIcon(theme.VisibilityOffIcon())
	} else {
		v.eye.SetIcon(theme.VisibilityIcon())
	}
}

// setTitle names the key shown.
func (v *keyView) setTitle(text string) {
	if v.title.Text != text {
		v.title.SetText(text)
		v.relayout()
	}
}

// setAgeReminder shows the gentle line that suggests a new key, beside
// Rotate; "" hides it.
func (v *keyView) setAgeReminder(text string) {
	changed := v.ageText.Text != text || (text != "") != v.age.Visible()
	if v.ageText.Text != text {
		v.ageText.SetText(text)
	}
	if text == "" {
		v.age.Hide()
	} else {
		v.age.Show()
	}
	if changed {
		// New text may wrap to another number of lines: the view around
		// it must make room, or the line's end is cut off.
		v.relayout()
	}
}

// setNote shows the admin's note about the key shown.
func (v *keyView) setNote(note string) { v.note.setNote(note) }

// setStatus shows a line about keychain work in progress; "" hides it.
func (v *keyView) setStatus(text string) {
	if setOptionalText(v.status, text) {
		v.relayout()
	}
}

// setCopyNote shows the note about the clipboard; "" hides it.
func (v *keyView) setCopyNote(text string) {
	if setOptionalText(v.copyNote, text) {
		v.relayout()
	}
}

// setRetry shows the rate limit countdown; "" hides it.
func (v *keyView) setRetry(text string) {
	if setOptionalText(v.retry, text) {
		v.relayout()
	}
}

// relayout makes room for lines shown or hidden: Fyne does not lay a
// scrolled column out again by itself when a line in it appears.
func (v *keyView) relayout() {
	// Twice: a wrapping label (the title, the reminder) knows how many
	// lines it needs only once it has its width, which the first pass
	// gives it; the second makes room for those lines.
	v.scroll.Refresh()
	v.scroll.Refresh()
}

// setTesting shows or hides the busy line of a test in flight.
func (v *keyView) setTesting(on bool) {
	if on {
		v.testingText.SetText(words.Testing())
		v.cancel.Enable()
		v.testing.Show()
		v.activity.Start()
	} else {
		if v.cb.Unfocus != nil {
			v.cb.Unfocus(v.cancel)
		}
		v.activity.Stop()
		v.testing.Hide()
	}
	v.relayout()
}

// applyControls enables the buttons that can be used now.
func (v *keyView) applyControls(c controls) {
	setEnabled(v.test, c.Test)
	setEnabled(v.copy, c.Copy)
	setEnabled(v.eye, c.Reveal)
	setEnabled(v.rotate, c.Rotate)
	setEnabled(v.remove, c.Remove)
	setEnabled(v.ageRotate, c.Rotate)
	// The webhooks are asked for with the key, once it is read.
	setEnabled(v.webhooks, c.Copy)
	// Rename, like Remove, needs the keychain free and no test in flight.
	setEnabled(v.rename, c.Remove)
}

func setEnabled(w fyne.Disableable, on bool) {
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}

// toggleRevealed shows the key in full, or masked again.
func (v *keyView) toggleRevealed(key, ending string) {
	v.revealed = !v.revealed
	v.showKey(key, ending)
}

// conceal masks the key the next time it is shown.
func (v *keyView) conceal() { v.revealed = false }

// showingEnding is the key's ending on screen, "" before any.
func (v *keyView) showingEnding() string { return v.shownEnding }

// setWhere says where the key is kept.
func (v *keyView) setWhere(text string) { v.where.SetText(text) }

func (v *keyView) onCancelTest() {
	v.testingText.SetText(words.Cancelling())
	v.cancel.Disable()
	v.cb.OnCancelTest()
}

// onAction runs a button a result offers.
func (v *keyView) onAction(a action) {
	switch a {
	case actionOpenKeysPage:
		v.cb.OnOpenKeysPage()
	case actionRotate:
		v.cb.OnRotate()
	}
}

// newKeysPageLink is a link to OnceHub's API page, where keys are viewed,
// copied and regenerated.
func newKeysPageLink(open func()) *widget.Hyperlink {
	u, _ := url.Parse(apiclient.KeysPageURL)
	link := widget.NewHyperlink(words.LinkAPIPage(), u)
	link.OnTapped = open
	return link
}
