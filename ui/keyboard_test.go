package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keystore"
	"github.com/oncekey/oncekey/words"
)

// These tests drive the window's keyboard as Fyne's desktop driver does: a
// key goes to the widget with the keyboard, or to the window when none has
// it (typeKey); a shortcut goes to the widget with the keyboard when that
// widget takes shortcuts (an entry does), else to the window (press).

// press presses a shortcut as Fyne's desktop driver does.
func (h *harness) press(s fyne.Shortcut) {
	c := h.m.win.Canvas()
	if f, ok := c.Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(s)
	} else {
		c.(fyne.Shortcutable).TypedShortcut(s)
	}
	h.q.drain()
}

// ctrlC is Ctrl+C as the driver makes it, with the clipboard an entry
// copies its selection to.
func (h *harness) ctrlC() fyne.Shortcut { return &fyne.ShortcutCopy{Clipboard: h.app.Clipboard()} }

// topDialog names the dialog on top: rotate, add, rename, help, remove, or
// other; "" when none is open.
func (h *harness) topDialog() string {
	n := len(h.m.dialogs)
	if n == 0 {
		return ""
	}
	top := h.m.dialogs[n-1]
	switch {
	case h.m.rotate != nil && top == h.m.rotate.dialog:
		return "rotate"
	case h.m.add != nil && top == h.m.add.dialog:
		return "add"
	case h.m.rename != nil && top == h.m.rename.dialog:
		return "rename"
	case h.m.help != nil && top == h.m.help.dialog:
		return "help"
	}
	for _, o := range test.LaidOutObjects(h.m.win.Canvas().Overlays().Top()) {
		if b, ok := o.(*keyButton); ok && b.Text == "Keep it" {
			return "remove"
		}
	}
	return "other"
}

// overlayText is all the text the dialog on top shows.
func (h *harness) overlayText() string {
	var b strings.Builder
	for _, o := range test.LaidOutObjects(h.m.win.Canvas().Overlays().Top()) {
		if l, ok := o.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}

// Each shortcut does what its button does, and Escape closes what it opened.
func TestShortcutsDoWhatTheirButtonsDo(t *testing.T) {
	key := newKey(t)
	tester := &cannedTester{outcome: cannedOutcome(apiclient.Works)}
	h := newHarness(t, setup{storedKey: key, tester: tester,
		listed: &keystore.KeyInfo{Name: keystore.DefaultName, Ending: apiclient.Ending(key)}})
	h.m.addShortcuts(true) // the Mac's Cmd+Backspace as well
	h.waitFor("the key to be read", func() bool { return h.key() != "" })

	h.press(testShortcut)
	h.waitForResult()
	if n, _ := tester.counts(); n != 1 {
		t.Errorf("Ctrl+T ran %d tests, want 1", n)
	}
	h.press(h.ctrlC())
	if h.clipboard() != key {
		t.Errorf("Ctrl+C did not copy %s", describe(key))
	}

	for _, s := range []struct {
		keys  string
		press func()
		want  string
	}{
		{"Ctrl+R", func() { h.press(rotateShortcut) }, "rotate"},
		{"Ctrl+N", func() { h.press(addShortcut) }, "add"},
		{"Delete", func() { h.typeKey(fyne.KeyDelete) }, "remove"},
		{"Cmd+Backspace", func() { h.press(removeShortcut) }, "remove"},
		{"F1", func() { h.typeKey(fyne.KeyF1) }, "help"},
	} {
		s.press()
		if got := h.topDialog(); got != s.want || len(h.m.dialogs) != 1 {
			t.Errorf("%s opened %q (%d dialogs), want %s", s.keys, got, len(h.m.dialogs), s.want)
		}
		if s.want == "remove" && !strings.Contains(h.overlayText(), "the key ending in "+apiclient.Ending(key)) {
			t.Errorf("%s asked to remove another key than the one shown:\n%s", s.keys, h.overlayText())
		}
		h.typeKey(fyne.KeyEscape)
		if len(h.m.dialogs) != 0 {
			t.Errorf("Escape did not close what %s opened (%s)", s.keys, h.topDialog())
			for len(h.m.dialogs) > 0 {
				h.m.dialogs[len(h.m.dialogs)-1].Hide()
			}
		}
	}
	if _, ok := h.store.secret(keystore.DefaultName); !ok {
		t.Error("asking to remove the key and pressing Escape removed it")
	}
	if n, _ := tester.counts(); n != 1 {
		t.Errorf("%d tests in all, want the one of Ctrl+T", n)
	}
}

// Ctrl+N with OnceHub's 25 keys saved does what Add key does then: the
// dialog says no key can be added.
func TestAddShortcutWithTheListFull(t *testing.T) {
	h := severalHarness(t, setup{saved: seeds(keyNames...)})
	h.press(addShortcut)
	if h.topDialog() != "add" || !h.m.add.full {
		t.Fatalf("Ctrl+N with 25 keys opened %q (full: %v)", h.topDialog(), h.m.add != nil && h.m.add.full)
	}
	if !h.m.add.nameProblem.Visible() || h.m.add.nameProblem.Text != words.ListFullHere(25) {
		t.Errorf("the dialog says %q", h.m.add.nameProblem.Text)
	}
	h.typeKey(fyne.KeyEscape)
	if len(h.m.dialogs) != 0 {
		t.Error("Escape did not close it")
	}
}

// No shortcut acts behind a dialog, Help included; Escape is the dialog's.
func TestNoShortcutActsBehindADialog(t *testing.T) {
	tester := &cannedTester{outcome: cannedOutcome(apiclient.Works)}
	h := severalHarness(t, setup{saved: seeds("Production CRM", "Staging"), tester: tester})
	h.m.addShortcuts(true)
	for _, open := range []struct {
		name string
		open func()
	}{
		{"Settings", func() { h.tap(h.m.keyView.settings) }},
		{"Help", func() { h.typeKey(fyne.KeyF1) }},
		{"Remove", func() { h.tap(h.m.keyView.remove) }},
	} {
		open.open()
		if len(h.m.dialogs) != 1 {
			t.Fatalf("%s did not open", open.name)
		}
		top := h.m.dialogs[0]
		h.press(testShortcut)
		h.press(h.ctrlC())
		h.press(rotateShortcut)
		h.press(addShortcut)
		h.press(removeShortcut)
		for _, k := range []fyne.KeyName{fyne.KeyDelete, fyne.KeyF1, fyne.KeyDown, fyne.KeyUp, fyne.KeyReturn} {
			h.typeKey(k)
		}
		h.m.flows.Wait()
		h.q.drain()
		if len(h.m.dialogs) != 1 || h.m.dialogs[0] != top {
			t.Errorf("a shortcut opened another dialog over %s", open.name)
		}
		if n, _ := tester.counts(); n != 0 {
			t.Errorf("a shortcut ran a test behind %s", open.name)
		}
		if h.clipboard() != "" {
			t.Errorf("Ctrl+C copied the key behind %s", open.name)
		}
		if h.m.name != "Production CRM" {
			t.Errorf("Up or Down chose %s behind %s", h.m.name, open.name)
		}
		h.typeKey(fyne.KeyEscape)
		if len(h.m.dialogs) != 0 {
			t.Fatalf("Escape did not close %s", open.name)
		}
	}
	if _, ok := h.store.secret("Production CRM"); !ok {
		t.Error("the key was removed")
	}
}

// A shortcut acts exactly when its button is enabled: while the key is read
// from the keychain, while a test is in flight, and when nothing is under
// way.
func TestShortcutsFollowTheButtons(t *testing.T) {
	key := newKey(t)
	h := newHarness(t, setup{noStart: true, storedKey: key,
		listed: &keystore.KeyInfo{Name: keystore.DefaultName, Ending: apiclient.Ending(key)}})
	h.srv.AddKey(key, "admin@example.com")
	h.m.addShortcuts(true)
	v := h.m.keyView
	escape := func() { h.typeKey(fyne.KeyEscape) }
	tests := 0 // the tests Ctrl+T started
	check := func(state string) {
		t.Helper()
		for _, s := range []struct {
			keys   string
			button fyne.Disableable
			press  func()
			acted  func() bool
			undo   func()
		}{
			{"Ctrl+R", v.rotate, func() { h.press(rotateShortcut) }, func() bool { return h.topDialog() == "rotate" }, escape},
			{"Ctrl+N", v.addKey, func() { h.press(addShortcut) }, func() bool { return h.topDialog() == "add" }, escape},
			{"Delete", v.remove, func() { h.typeKey(fyne.KeyDelete) }, func() bool { return h.topDialog() == "remove" }, escape},
			{"Cmd+Backspace", v.remove, func() { h.press(removeShortcut) }, func() bool { return h.topDialog() == "remove" }, escape},
			{"Ctrl+C", v.copy, func() { h.press(h.ctrlC()) }, func() bool { return h.clipboard() == key },
				func() { h.app.Clipboard().SetContent("") }},
			{"Ctrl+T", v.test, func() { h.press(testShortcut) }, nil, func() { tests++; h.waitForResult() }},
		} {
			enabled := !s.button.Disabled()
			testingBefore := h.m.testing()
			s.press()
			var acted bool
			if s.acted != nil {
				acted = s.acted()
			} else { // Ctrl+T: a test started
				acted = !testingBefore && h.m.testing()
			}
			if acted != enabled {
				t.Errorf("%s: %s acted: %v, its button is enabled: %v", state, s.keys, acted, enabled)
			}
			if acted {
				s.undo()
			}
			if s.keys != "Ctrl+T" && len(h.m.dialogs) != 0 {
				t.Fatalf("%s: %s left a dialog open", state, s.keys)
			}
		}
	}

	h.store.hold()
	h.m.start()
	h.waitFor("the keychain read", func() bool { return h.store.callCount() > 0 })
	check("while the key is read")
	h.store.release()
	h.waitFor("the key to be read", func() bool { return h.key() != "" })
	check("with nothing under way")

	h.srv.Hang()
	h.tap(v.test)
	h.waitFor("the request to reach OnceHub", func() bool { return h.srv.InFlight() == 1 })
	check("while a test is in flight")
	h.srv.Release()
	h.waitForResult()
	h.m.flows.Wait()
	if want := tests + 1; h.srv.Requests() != want {
		t.Errorf("OnceHub got %d tests, want %d (the button's and Ctrl+T's)", h.srv.Requests(), want)
	}
	if tests != 1 {
		t.Errorf("Ctrl+T started %d tests, want 1 (with nothing under way)", tests)
	}
}

// Delete in a field being typed in deletes text there and asks nothing;
// Ctrl+C there copies the field's own selection, not the key. Neither does
// anything from a button, whose Space presses it.
func TestDeleteInAFieldEditsTheText(t *testing.T) {
	key := newKey(t)
	h := newHarness(t, setup{storedKey: key, tester: &cannedTester{}})
	h.m.addShortcuts(true)
	h.waitFor("the key to be read", func() bool { return h.key() != "" })
	n := h.m.keyView.note
	h.tap(n.edit)
	if h.m.win.Canvas().Focused() != fyne.Focusable(n.entry) {
		t.Fatal("Edit does not give the note's entry the keyboard")
	}
	test.Type(n.entry, "Zapier")
	h.typeKey(fyne.KeyHome)
	h.typeKey(fyne.KeyDelete)
	h.press(removeShortcut)
	if n.entry.Text != "apier" {
		t.Errorf("Delete at the start of %q left %q", "Zapier", n.entry.Text)
	}
	h.typeKey(fyne.KeyEnd)
	h.press(&fyne.ShortcutSelectAll{})
	h.press(h.ctrlC())
	if got := h.clipboard(); got != "apier" {
		t.Errorf("Ctrl+C in the note copied something else than its text (the key: %v)", got == key)
	}
	if len(h.m.dialogs) != 0 {
		t.Errorf("Delete in the note's entry opened %s", h.topDialog())
	}

	// A button keeps only Space: Delete asks to remove the key, as with
	// nothing focused, and does not press the button.
	h.m.win.Canvas().Focus(h.m.keyView.copy)
	h.typeKey(fyne.KeyDelete)
	if h.topDialog() != "remove" {
		t.Errorf("Delete with Copy focused opened %q, want Remove's question", h.topDialog())
	}
	if h.clipboard() != "apier" {
		t.Error("Delete with Copy focused pressed Copy")
	}
}

// A note saved or given up leaves no hidden entry with the keyboard: the
// window's keys work again at once.
func TestTheKeyboardComesBackAfterANote(t *testing.T) {
	key := newKey(t)
	tester := &cannedTester{outcome: cannedOutcome(apiclient.Works)}
	h := newHarness(t, setup{storedKey: key, tester: tester})
	h.waitFor("the key to be read", func() bool { return h.key() != "" })
	n := h.m.keyView.note
	for _, end := range []fyne.KeyName{fyne.KeyEscape, fyne.KeyReturn} {
		h.tap(n.edit)
		test.Type(n.entry, "Zapier")
		h.typeKey(end)
		if n.isEditing() {
			t.Fatalf("%s did not end the note's edit", end)
		}
		if f := h.m.win.Canvas().Focused(); f != nil {
			t.Errorf("after %s in the note, the keyboard stays with a hidden %T", end, f)
		}
		h.typeKey(fyne.KeyDelete)
		if h.topDialog() != "remove" {
			t.Errorf("after %s in the note, Delete opened %q", end, h.topDialog())
		}
		h.typeKey(fyne.KeyEscape)
	}

	// Cancel, pressed with Space, goes out of sight with the test it
	// stopped, and takes the keyboard with it.
	h2 := newHarness(t, setup{storedKey: key})
	h2.waitFor("the key to be read", func() bool { return h2.key() != "" })
	h2.srv.Hang()
	h2.tap(h2.m.keyView.test)
	h2.waitFor("the request to reach OnceHub", func() bool { return h2.srv.InFlight() == 1 })
	h2.m.win.Canvas().Focus(h2.m.keyView.cancel)
	h2.typeKey(fyne.KeySpace)
	h2.waitForResult()
	if f := h2.m.win.Canvas().Focused(); f != nil {
		t.Errorf("after the test Cancel stopped, the keyboard stays with a hidden %T", f)
	}
}

// With the list of keys holding the keyboard (after a click on a row),
// Delete asks to remove the key chosen there and F1 shows Help. (Up and
// Down: TestChooseWithTapAndUpDown.)
func TestKeysFromTheList(t *testing.T) {
	h := severalHarness(t, setup{saved: seeds("Production CRM", "Staging", "Zapier")})
	h.m.addShortcuts(true)
	h.tapRow("Staging")
	h.waitShown("Staging")
	if h.m.win.Canvas().Focused() != fyne.Focusable(h.m.list.list) {
		t.Fatal("the list does not have the keyboard")
	}
	for _, s := range []struct {
		keys  string
		press func()
	}{
		{"Delete", func() { h.typeKey(fyne.KeyDelete) }},
		{"Cmd+Backspace", func() { h.press(removeShortcut) }},
	} {
		s.press()
		if h.topDialog() != "remove" || !strings.Contains(h.overlayText(), "“Staging”") {
			t.Errorf("%s in the list opened %q:\n%s", s.keys, h.topDialog(), h.overlayText())
		}
		h.typeKey(fyne.KeyEscape)
	}
	h.typeKey(fyne.KeyF1)
	if h.topDialog() != "help" {
		t.Errorf("F1 in the list opened %q", h.topDialog())
	}
	h.typeKey(fyne.KeyEscape)
	h.press(rotateShortcut)
	if h.topDialog() != "rotate" {
		t.Errorf("Ctrl+R in the list opened %q", h.topDialog())
	}
}

// F1 and the question mark open Help; Escape closes it, also once Tab has
// given its Close button the keyboard; Space on Close closes it too.
func TestHelp(t *testing.T) {
	h := newHarness(t, setup{storedKey: markupKey, tester: &cannedTester{}})
	h.waitFor("the key to be read", func() bool { return h.key() != "" })
	c := h.m.win.Canvas()

	h.typeKey(fyne.KeyF1)
	if h.topDialog() != "help" {
		t.Fatalf("F1 opened %q", h.topDialog())
	}
	text := h.overlayText()
	for _, s := range words.Shortcuts(false) {
		if !strings.Contains(text, s.Keys+"\n"+s.Action+"\n") {
			t.Errorf("Help does not say %s: %s", s.Keys, s.Action)
		}
	}
	c.FocusNext()
	if c.Focused() != fyne.Focusable(h.m.help.close) {
		t.Fatalf("Tab in Help gave the keyboard to %T, not Close", c.Focused())
	}
	h.typeKey(fyne.KeyEscape)
	if len(h.m.dialogs) != 0 || h.m.help != nil {
		t.Fatal("Escape with Close focused did not close Help")
	}

	h.tap(h.m.keyView.help)
	if h.topDialog() != "help" {
		t.Fatalf("the question mark opened %q", h.topDialog())
	}
	c.FocusNext()
	h.typeKey(fyne.KeySpace)
	if len(h.m.dialogs) != 0 {
		t.Fatal("Space on Close did not close Help")
	}
}

func TestMarkupHelp(t *testing.T) {
	h := snapshotHarness(t, setup{tester: &cannedTester{}, storedKey: markupKey})
	h.waitFor("the key to be read", func() bool { return h.key() != "" })
	h.typeKey(fyne.KeyF1)
	test.AssertObjectRendersToMarkup(t, "help/shortcuts.xml", h.m.win.Canvas().Overlays().Top())
	assertBundledGlyphs(t, test.RenderToMarkup(h.m.win.Canvas()))
	h.shoot("help")
	h.typeKey(fyne.KeyEscape)

	// A Mac's names for the keys, as a Mac's window shows them.
	d := newHelpDialog(words.Shortcuts(true), nil, h.m.win)
	d.dialog.Show()
	test.AssertObjectRendersToMarkup(t, "help/shortcuts_mac.xml", h.m.win.Canvas().Overlays().Top())
	h.shoot("help-mac")
}

// Help fits the smallest window.
func TestHelpFitsTheSmallestWindow(t *testing.T) {
	h := newHarness(t, setup{storedKey: markupKey, tester: &cannedTester{}, size: minWindowSize})
	h.waitFor("the key to be read", func() bool { return h.key() != "" })
	c := h.m.win.Canvas()
	for _, mac := range []bool{false, true} {
		d := newHelpDialog(words.Shortcuts(mac), nil, h.m.win)
		d.dialog.Show()
		if m := c.Overlays().Top().MinSize(); m.Width > c.Size().Width || m.Height > c.Size().Height {
			t.Errorf("Help (mac %v) needs %v, more than the smallest window's %v", mac, m, c.Size())
		}
		t.Logf("mac %v: min %v; shown at %v", mac, c.Overlays().Top().MinSize(), d.dialog.MinSize())
		d.dialog.Hide()
	}
}

// ---- Tab ----

// tabCycle presses Tab from no focus until the focus comes round to where
// it started, and returns each widget it reached.
func (h *harness) tabCycle() map[fyne.Focusable]bool {
	c := h.m.win.Canvas()
	c.Unfocus()
	reached := map[fyne.Focusable]bool{}
	for range 300 {
		c.FocusNext()
		f := c.Focused()
		if f == nil || reached[f] {
			break
		}
		reached[f] = true
	}
	c.Unfocus()
	return reached
}

// pressable is a widget a click presses, and the widget that has the
// keyboard for it: itself, or the list it is a row of.
type pressable struct {
	o      fyne.CanvasObject
	holder fyne.Focusable
}

// pressablesUnder lists the visible, enabled widgets under root that a
// click would press.
func pressablesUnder(root fyne.CanvasObject) []pressable {
	var out []pressable
	var walk func(o fyne.CanvasObject, holder fyne.Focusable)
	walk = func(o fyne.CanvasObject, holder fyne.Focusable) {
		if o == nil || !o.Visible() {
			return
		}
		if d, ok := o.(fyne.Disableable); ok && d.Disabled() {
			return
		}
		if f, ok := o.(fyne.Focusable); ok {
			holder = f
		}
		if _, ok := o.(fyne.Tappable); ok {
			if _, popUp := o.(*widget.PopUp); !popUp {
				out = append(out, pressable{o: o, holder: holder})
			}
		}
		switch x := o.(type) {
		case *container.Scroll:
			// Its scroll bars are for the pointer; the keyboard reaches
			// what it holds.
			walk(x.Content, holder)
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c, holder)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c, holder)
			}
		}
	}
	walk(root, nil)
	return out
}

// assertKeyboardReaches fails unless Tab reaches every widget a click
// would press under root (the window's content, or the dialog on top),
// and each one reached changes how the window looks while it has the
// keyboard.
func assertKeyboardReaches(t *testing.T, h *harness, what string, root fyne.CanvasObject) {
	t.Helper()
	problems, reached, found := keyboardProblems(h, root)
	for _, p := range problems {
		t.Errorf("%s: %s", what, p)
	}
	t.Logf("%s: %d widgets reached, %d to press", what, reached, found)
}

// keyboardProblems is what assertKeyboardReaches fails for, with how many
// widgets Tab reached and how many a click would press.
func keyboardProblems(h *harness, root fyne.CanvasObject) (problems []string, reached, found int) {
	c := h.m.win.Canvas()
	cycle := h.tabCycle()
	pressables := pressablesUnder(root)
	if len(pressables) == 0 {
		return []string{"nothing to press"}, len(cycle), 0
	}
	for _, p := range pressables {
		if p.holder == nil || !cycle[p.holder] {
			problems = append(problems, fmt.Sprintf("Tab never reaches the %T %q", p.o, labelOf(p.o)))
		}
	}
	for f := range cycle {
		o := f.(fyne.CanvasObject)
		// The whole window, drawn where it is: rendering root alone would
		// take it out of the window.
		plain := test.RenderToMarkup(c)
		c.Focus(f)
		focused := test.RenderToMarkup(c)
		c.Unfocus()
		if plain == focused {
			problems = append(problems, fmt.Sprintf("the %T %q looks the same with the keyboard", o, labelOf(o)))
		}
	}
	return problems, len(cycle), len(pressables)
}

// tapOnly is pressed by a click and never reached by the keyboard.
type tapOnly struct{ widget.Label }

func (*tapOnly) Tapped(*fyne.PointEvent) {}

// focusUnseen takes the keyboard and shows nothing of it.
type focusUnseen struct{ widget.Label }

func (*focusUnseen) FocusGained()            {}
func (*focusUnseen) FocusLost()              {}
func (*focusUnseen) TypedRune(rune)          {}
func (*focusUnseen) TypedKey(*fyne.KeyEvent) {}

// The check above finds a widget only a click reaches, and one whose focus
// does not show, and passes a button.
func TestKeyboardCheckFindsWhatTheKeyboardMisses(t *testing.T) {
	h := newHarness(t, setup{tester: &cannedTester{}})
	tap, unseen := &tapOnly{}, &focusUnseen{}
	tap.Text, unseen.Text = "only a click", "focus unseen"
	tap.ExtendBaseWidget(tap)
	unseen.ExtendBaseWidget(unseen)
	h.m.win.SetContent(container.NewVBox(widget.NewButton("fine", func() {}), tap, unseen))
	problems, _, _ := keyboardProblems(h, h.m.win.Content())
	if len(problems) != 2 || !strings.Contains(problems[0], "*ui.tapOnly") || !strings.Contains(problems[1], "*ui.focusUnseen") {
		t.Errorf("the check found %q, want the tapOnly and the focusUnseen alone", problems)
	}
}

// labelOf is a widget's text, for messages.
func labelOf(o fyne.CanvasObject) string {
	switch w := o.(type) {
	case *widget.Button:
		return w.Text
	case *hoverButton:
		return w.Text
	case *keyButton:
		return w.Text
	case *widget.Hyperlink:
		return w.Text
	case *widget.Check:
		return w.Text
	case *widget.Select:
		return w.Selected
	}
	return ""
}

func TestTabReachesEveryButton(t *testing.T) {
	t.Run("main view", func(t *testing.T) {
		h := newHarness(t, setup{tester: &cannedTester{outcome: cannedOutcome(apiclient.NotRecognised)}, storedKey: markupKey,
			listed: &keystore.KeyInfo{Name: keystore.DefaultName, Ending: apiclient.Ending(markupKey)}, history: true})
		h.waitFor("the key to be read", func() bool { return h.key() != "" })
		h.tap(h.m.keyView.test)
		h.waitForResult()
		h.m.keyView.result.details.Open(0)
		h.q.drain()
		assertKeyboardReaches(t, h, "the main view after a refused test", h.m.win.Content())
		h.tap(h.m.keyView.note.edit)
		assertKeyboardReaches(t, h, "the main view, editing the note", h.m.win.Content())
	})
	t.Run("several keys", func(t *testing.T) {
		h := severalHarness(t, setup{saved: seeds("Production CRM", "Staging")})
		assertKeyboardReaches(t, h, "the main view with the list", h.m.win.Content())
	})
	t.Run("first run", func(t *testing.T) {
		h := newHarness(t, setup{tester: &cannedTester{}})
		h.waitFor("the first-run view", func() bool { return h.view() == viewFirstRun })
		assertKeyboardReaches(t, h, "the first-run view", h.m.win.Content())
	})
	t.Run("banners", func(t *testing.T) {
		h := newHarness(t, setup{tester: &cannedTester{}})
		h.store.setFail("save", keychainError(keystore.Missing))
		h.saveFirstKey(markupKey)
		h.waitFor("the keychain problem", func() bool { return h.m.problem.visible() })
		assertKeyboardReaches(t, h, "the keychain's banner", h.m.win.Content())
	})
	t.Run("dialogs", func(t *testing.T) {
		h := severalHarness(t, setup{saved: seeds("Production CRM", "Staging")})
		top := func() fyne.CanvasObject { return h.m.win.Canvas().Overlays().Top() }
		for _, d := range []struct {
			name string
			open func()
		}{
			{"Help", func() { h.typeKey(fyne.KeyF1) }},
			{"Settings", func() { h.tap(h.m.keyView.settings) }},
			{"Add key", func() { h.tap(h.m.keyView.addKey) }},
			{"Rename", func() { h.tap(h.m.keyView.rename) }},
			{"Remove", func() { h.tap(h.m.keyView.remove) }},
			{"Rotate", func() { h.tap(h.m.keyView.rotate) }},
			{"Rotate, the new key", func() {
				h.tap(h.m.keyView.rotate)
				h.tap(h.m.rotate.keepOldChoice)
			}},
			{"Test all", func() {
				h.tap(h.m.testAllB)
				h.drive("Test all to finish", func() bool { return h.m.testAll.progress.Finished })
			}},
		} {
			d.open()
			h.q.drain()
			if len(h.m.dialogs) != 1 {
				t.Fatalf("%s did not open", d.name)
			}
			assertKeyboardReaches(t, h, d.name, top())
			for len(h.m.dialogs) > 0 {
				h.m.dialogs[len(h.m.dialogs)-1].Hide()
			}
			h.q.drain()
		}
	})
	t.Run("webhooks", func(t *testing.T) {
		h, _ := webhooksHarness(t, 3)
		h.openHooks()
		assertKeyboardReaches(t, h, "Webhooks", h.m.win.Canvas().Overlays().Top())
		h.tap(findButtonIn(t, h.m.win.Canvas().Overlays().Top(), words.WebhookDelete()))
		assertKeyboardReaches(t, h, "Delete a webhook", h.m.win.Canvas().Overlays().Top())
	})
}

// Once Tab has given one of the main view's buttons the keyboard, the
// window's keys still work: a button keeps only Space, which presses it.
func TestKeysReachTheWindowFromAButton(t *testing.T) {
	tester := &cannedTester{outcome: cannedOutcome(apiclient.Works)}
	h := severalHarness(t, setup{saved: seeds("Production CRM", "Staging"), tester: tester})
	h.m.addShortcuts(true)
	h.waitShown("Production CRM")
	v := h.m.keyView
	for _, b := range []fyne.Focusable{v.rotate, v.test, v.webhooks, h.m.testAllB} {
		h.m.win.Canvas().Focus(b)
		h.typeKey(fyne.KeyF1)
		if h.topDialog() != "help" {
			t.Errorf("F1 with %T %q focused opened %q, want Help", b, labelOf(b.(fyne.CanvasObject)), h.topDialog())
		}
		h.typeKey(fyne.KeyEscape)
		h.m.win.Canvas().Focus(b)
		h.typeKey(fyne.KeyDelete)
		if h.topDialog() != "remove" {
			t.Errorf("Delete with %q focused opened %q, want Remove's question", labelOf(b.(fyne.CanvasObject)), h.topDialog())
		}
		h.typeKey(fyne.KeyEscape)
		if h.topDialog() != "" {
			t.Errorf("Escape left %q open", h.topDialog())
		}
	}
	// Enter presses the button with the keyboard, as Space does, rather
	// than test the key.
	tests := func() int { tester.mu.Lock(); defer tester.mu.Unlock(); return tester.tests }
	before := tests()
	h.m.win.Canvas().Focus(v.rotate)
	h.typeKey(fyne.KeyReturn)
	if h.topDialog() != "rotate" {
		t.Errorf("Enter with Rotate focused opened %q, want Rotate", h.topDialog())
	}
	h.typeKey(fyne.KeyEscape)
	if n := tests() - before; n != 0 {
		t.Errorf("Enter with Rotate focused tested the key %d times", n)
	}
	h.m.win.Canvas().Focus(v.copy)
	h.typeKey(fyne.KeyDown)
	h.waitShown("Staging")
}

// A widget that goes out of sight while a dialog is open gives up the
// keyboard once the dialog closes: the test's Cancel, focused, when the
// test ends behind Add key.
func TestTheKeyboardComesBackAfterADialog(t *testing.T) {
	h := newHarness(t, setup{storedKey: newKey(t)})
	h.m.addShortcuts(true)
	h.waitFor("the key to be read", func() bool { return h.key() != "" })
	h.srv.Hang()
	h.tap(h.m.keyView.test)
	h.waitFor("the request to reach OnceHub", func() bool { return h.srv.InFlight() == 1 })
	h.m.win.Canvas().Focus(h.m.keyView.cancel)
	h.press(addShortcut)
	if h.topDialog() != "add" {
		t.Fatalf("Ctrl+N opened %q", h.topDialog())
	}
	h.srv.Release()
	h.waitForResult()
	h.typeKey(fyne.KeyEscape)
	if f := h.m.win.Canvas().Focused(); f != nil {
		t.Errorf("after the test ended behind a dialog, the keyboard stays with a hidden %T", f)
	}
}

// Escape closes a dialog while one of its buttons has the keyboard (after
// Tab), as it does from its fields, and the dialog's own Cancel runs.
func TestEscapeFromADialogsButtons(t *testing.T) {
	h := severalHarness(t, setup{saved: seeds("Production CRM", "Staging")})
	h.m.addShortcuts(true)
	h.waitShown("Production CRM")
	top := func() fyne.CanvasObject { return h.m.win.Canvas().Overlays().Top() }
	buttonsOnTop := func() []*keyButton {
		var out []*keyButton
		for _, p := range pressablesUnder(top()) {
			if b, ok := p.o.(*keyButton); ok {
				out = append(out, b)
			}
		}
		return out
	}
	for _, d := range []struct {
		name string
		open func()
	}{
		{"add", func() { h.press(addShortcut) }},
		{"remove", func() { h.typeKey(fyne.KeyDelete) }},
		{"rename", func() { h.tap(h.m.keyView.rename) }},
		{"rotate", func() { h.press(rotateShortcut) }},
		{"help", func() { h.typeKey(fyne.KeyF1) }},
	} {
		d.open()
		n := len(buttonsOnTop())
		if n == 0 {
			t.Errorf("%s shows none of OnceKey's buttons", d.name)
		}
		h.typeKey(fyne.KeyEscape)
		for i := range n {
			d.open()
			if h.topDialog() != d.name {
				t.Fatalf("opening %s showed %q", d.name, h.topDialog())
			}
			b := buttonsOnTop()[i]
			h.m.win.Canvas().Focus(b)
			h.typeKey(fyne.KeyEscape)
			if got := h.topDialog(); got != "" {
				t.Errorf("Escape with %s's %q focused left %q open", d.name, b.Text, got)
				h.m.dialogs[len(h.m.dialogs)-1].Dismiss()
				h.q.drain()
			}
		}
	}
}
