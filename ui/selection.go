package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
	"github.com/oncekey/oncekey/words"
)

// This file keeps which key the window shows (m.name) and the list of keys
// at the side, which appears once two or more keys are saved.

// several reports whether the list of keys shows: two keys or more.
func (m *MainWindow) several() bool { return len(m.keys.Keys()) >= 2 }

// keyScreen is the key view, with the list of keys at its side when
// several keys are saved. With one key the window looks as it always has.
func (m *MainWindow) keyScreen() fyne.CanvasObject {
	if m.several() {
		return m.multi
	}
	return m.keyView.content
}

// refreshList redraws the list of keys from the key manager's list alone
// (no keychain read), marks the key shown, and shows or hides the list.
func (m *MainWindow) refreshList() {
	list := m.keys.Keys()
	if len(list) >= 2 {
		m.list.setRows(rowsOf(list, m.clock.Now()), m.name)
	} else {
		// Not shown: refreshing a list that is in no window costs memory
		// that Fyne never gives back (about 5 KB each time, so once per
		// test of the one key).
		m.list.forget()
	}
	m.floor.SetMinSize(m.minSize(len(list) >= 2))
	m.refreshTray()
	if m.view != viewKey {
		return
	}
	screen := m.keyScreen()
	if len(m.body.Objects) == 1 && m.body.Objects[0] == screen {
		return
	}
	if screen != m.multi && m.win.Canvas().Focused() == fyne.Focusable(m.list.list) {
		m.win.Canvas().Unfocus() // the list is going away
	}
	m.body.Objects = []fyne.CanvasObject{screen}
	m.body.Refresh()
}

// minSize is the window's smallest readable size, wider with the list of
// keys at the side so that the key view beside it keeps its room.
func (m *MainWindow) minSize(withList bool) fyne.Size {
	if withList {
		// The list, the line beside it and the padding around the line.
		side := listWidth + 2*theme.Padding() + theme.SeparatorThicknessSize()
		return fyne.NewSize(minWindowSize.Width+side, minWindowSize.Height)
	}
	return minWindowSize
}

// keyTitle is the key view's title: the key's name, except while the one
// key saved is the first one, whose title is as it always was.
func (m *MainWindow) keyTitle() string {
	if m.name == keystore.DefaultName && !m.several() {
		return words.TitleOneKey()
	}
	return m.name
}

// named reports whether the window's words should name the key shown, as
// they do whenever the title does.
func (m *MainWindow) named() bool { return m.keyTitle() != words.TitleOneKey() }

// showAge shows the reminder to rotate the key shown once it is older than
// the age chosen in Settings.
func (m *MainWindow) showAge() {
	info, listed := m.keys.Key(m.name)
	now, after := m.clock.Now(), m.settings.rotateAfter()
	if !listed || !keys.RotateDue(info, now, after) {
		m.keyView.setAgeReminder("")
		return
	}
	m.keyView.setAgeReminder(words.AgeReminder(info.SavedAt, now, after))
}

// selectKey shows the key called name, chosen in the list. While a key is
// being saved, replaced or removed the choice waits: those flows act on the
// key they showed.
func (m *MainWindow) selectKey(name string) {
	if name == m.name || m.closed {
		return
	}
	if m.pending > m.reads || len(m.dialogs) > 0 {
		m.list.setSelected(m.name)
		return
	}
	if _, listed := m.keys.Key(name); !listed {
		m.refreshList()
		return
	}
	m.switchTo(name)
}

// switchTo makes name the key shown and shows it, reading it from the
// keychain unless this process holds it already.
func (m *MainWindow) switchTo(name string) {
	m.name = name
	m.keyView.result.clear()
	m.keyView.conceal()
	// The copy note and the busy line belong to the key they were about:
	// shown beside another key, they could make the admin paste the wrong
	// key into a tool.
	if name == m.copiedName && m.clip.timer.running() {
		// Back on the key copied, while its countdown still runs.
		m.keyView.setCopyNote(m.copyNote)
	} else {
		m.keyView.setCopyNote("")
	}
	m.keyView.setTesting(m.testCancel != nil && m.testName == name)
	m.list.setSelected(name)
	if _, cached := m.keys.Cached(name); cached {
		m.showKeyView()
		return
	}
	m.loadKey()
}

// neighbour is the key to show once gone (removed here or elsewhere) is no
// longer listed: the next one in the list, else the one before it.
func (m *MainWindow) neighbour(gone string) (string, bool) {
	var last string
	for _, k := range m.keys.Keys() {
		if k.Name == gone {
			continue
		}
		if keystore.NameLess(gone, k.Name) {
			return k.Name, true
		}
		last = k.Name
	}
	return last, last != ""
}

// moveSelection chooses the key above (-1) or below (+1) the one shown.
func (m *MainWindow) moveSelection(delta int) {
	if m.view == viewKey && m.several() {
		m.list.move(delta)
	}
}

// firstKey is the key the window shows at start: the first key, if the
// first key is not saved but others are.
func firstKey(km *keys.Manager) string {
	if _, ok := km.Key(keystore.DefaultName); ok {
		return keystore.DefaultName
	}
	if list := km.Keys(); len(list) > 0 {
		return list[0].Name
	}
	return keystore.DefaultName
}

// showTitle names the key shown above it; for the e2e tests, the title is
// also named after the key ("key.shown.Zapier").
func (m *MainWindow) showTitle() {
	m.keyView.setTitle(m.keyTitle())
	nameWidget(m.keyView.title, "key.shown."+m.name)
}
