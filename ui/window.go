// Package ui is OnceKey's window: one Fyne window in which an admin who is
// not a developer saves a OnceHub API key in the operating system's
// keychain, tests it with one click, copies it, rotates it and removes it.
//
// The window runs no flow itself: the key manager (package keys) owns the
// keys and their flows, and the window calls it off the UI goroutine and
// comes back with fyne.Do, so it never freezes. Each view and dialog is a
// leaf that is given its data and callbacks; the window keeps the frame,
// the banners, the switch between screens, the dialog stack and the
// keyboard. The words people read come from package words.
package ui

import (
	"context"
	"image/color"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
	"github.com/oncekey/oncekey/words"
)

// Deps is what the window works with.
type Deps struct {
	// Keys is the key manager. Its keychain should have a long timeout
	// (about 2 minutes): the window says when the keychain is waiting on
	// its unlock prompt, and offers Cancel, rather than failing after a
	// few seconds.
	Keys *keys.Manager
	// ListReset, when set, says the list of keys was damaged, set aside
	// (MovedTo) and rebuilt; the window says so once, plainly.
	ListReset *keystore.IndexRecoveredError
	// OpenURL opens a web page; nil means the app's OpenURL.
	OpenURL func(*url.URL) error
	// Tray is the desktop's tray; nil where there is none (no session
	// bus), and then closing the window quits as always.
	Tray TrayHost
}

// Sizes and delays of the window.
var (
	// minWindowSize keeps the texts readable without scrolling in most cases.
	minWindowSize = fyne.NewSize(560, 420)
	// firstWindowSize leaves room for a failed test's whole explanation
	// and its Details before the admin has chosen a size.
	firstWindowSize = fyne.NewSize(600, 500)
)

const (
	// warmEvery keeps Warm from being called on every hover or keystroke.
	warmEvery = 20 * time.Second
	// agoEvery is how often "checked 3 minutes ago" is brought up to date.
	agoEvery = 30 * time.Second
	// watchEvery is how often the list of keys is checked for changes made
	// by other OnceKey processes (a script's "oncekey set").
	watchEvery = 500 * time.Millisecond
)

// view is which of the window's screens is showing.
type view int

const (
	viewLoading view = iota
	viewFirstRun
	viewKey
)

// MainWindow is OnceKey's one window. All its fields belong to the UI
// goroutine. It holds no key's state: the key manager does.
type MainWindow struct {
	app      fyne.App
	win      fyne.Window
	deps     Deps
	keys     *keys.Manager
	clock    keys.Clock
	zone     *time.Location // the times of recorded tests are shown in
	do       func(func())   // runs a function on the UI goroutine
	settings settings
	ctx      context.Context
	stop     context.CancelFunc
	unsub    func()

	// name is the key the main view shows.
	name string
	// testName is the key the test in flight tests; copiedName the key
	// last copied, whose countdown the copy note shows.
	testName, copiedName string
	copyNote             string // the clipboard's last note, about copiedName

	problem  *banner // keychain trouble and keychain waits
	notice   *banner // notes: after a replace or removal, a reset list
	body     *fyne.Container
	floor    *canvas.Rectangle // holds the window at its smallest readable size
	list     *keyList          // the keys at the side, with two or more
	multi    fyne.CanvasObject // the key view with the list at its side
	loading  *fyne.Container
	loadText *widget.Label
	firstRun *firstRunView
	keyView  *keyView
	rotate   *rotateDialog // open, or nil
	add      *addKeyDialog // open, or nil
	rename   *renameDialog // open, or nil
	help     *helpDialog   // open, or nil
	hooks    *webhooksFlow // the Webhooks view, open, or nil
	// stopCount ends the rotation checklist's count of webhooks.
	stopCount context.CancelFunc
	testAll   *testAllRun // Test all's dialog is open, or nil
	testAllB  *keyButton  // under the list of keys
	// unfocusAfterDialogs are widgets that went out of sight while a
	// dialog was open, to take the keyboard from once the last one closes.
	unfocusAfterDialogs []fyne.Focusable
	clip                *clipboardGuard
	tray                tray
	dialogs             []dialog.Dialog
	view                view

	// shown is the key view's key as last shown, to follow it when
	// another process renames it; noteFor is the key whose note the view
	// shows, and notesSaving counts this window's note saves in flight,
	// by key.
	shown       keys.Key
	noteFor     string
	notesSaving map[string]int
	// historyFor is the key (name and ending) whose tests Details shows;
	// historyReads counts reads of them, so that only the newest is shown.
	historyFor   string
	historyReads int

	testCancel context.CancelFunc // a test started here is in flight
	retry      *countdown         // OnceHub asked for a pause
	pending    int                // keychain calls started here, not yet answered
	reads      int                // of which reads of the key shown (loadKey)
	waiting    bool               // the problem banner shows a keychain wait
	listStale  bool               // the list changed while a flow was under way
	rebuilt    bool               // the list was made whole from the keychain this session
	lastWarm   time.Time
	flows      sync.WaitGroup // flows started here, still running
	closed     bool
	shutDown   atomic.Bool // closed, readable from any goroutine
}

// NewMainWindow builds the window. It makes no keychain call and no network
// call: those start once the window is showing (ShowAndRun).
func NewMainWindow(a fyne.App, d Deps) *MainWindow {
	a.Settings().SetTheme(newReadableTheme())
	m := newMainWindow(a, d, keys.SystemClock{}, fyne.Do)
	// The system's own clipboard belongs to the real window only: a test
	// driver's window keeps the driver's clipboard.
	m.clip.marked = newMarkedClipboard(m.win)
	return m
}

// newMainWindow is NewMainWindow with the clock and the way back to the UI
// goroutine given, so tests can drive both.
func newMainWindow(a fyne.App, d Deps, clk keys.Clock, do func(func())) *MainWindow {
	ctx, stop := context.WithCancel(context.Background())
	m := &MainWindow{
		app:      a,
		win:      a.NewWindow("OnceKey"),
		deps:     d,
		keys:     d.Keys,
		clock:    clk,
		zone:     time.Local,
		settings: settings{prefs: a.Preferences()},
		ctx:      ctx,
		stop:     stop,
		name:     firstKey(d.Keys),

		notesSaving: map[string]int{},
	}
	// Once the app has stopped, Fyne runs a queued function at once on the
	// caller's goroutine: work that ends after the window closed must then
	// touch nothing.
	m.do = func(f func()) {
		do(func() {
			if !m.shutDown.Load() {
				f()
			}
		})
	}
	m.problem = newBanner("problem", m.relayout)
	m.notice = newBanner("notice", m.relayout)
	m.clip = newClipboardGuard(a.Clipboard(), m.startCountdown, m.showCopyNote)
	m.firstRun = newFirstRunView(firstRunCallbacks{
		OnSave:         m.saveFirstKey,
		OnChanged:      m.warmSoon,
		Paste:          func() string { return a.Clipboard().Content() },
		OnOpenKeysPage: m.openKeysPage,
		Focus:          func(o fyne.Focusable) { m.win.Canvas().Focus(o) },
	})
	m.keyView = newKeyView(keyViewCallbacks{
		OnTest:             m.startTest,
		OnKey:              m.onTypedKey,
		OnHoverTest:        m.warmSoon,
		OnCancelTest:       m.cancelTest,
		OnCopy:             m.copyKey,
		OnReveal:           m.toggleReveal,
		OnRotate:           m.openRotate,
		OnContinueRotation: m.openChecklist,
		OnRemove:           m.openRemove,
		OnSettings:         m.openSettings,
		OnOpenKeysPage:     m.openKeysPage,
		OnCopyRequestID:    m.copyRequestID,
		OnAddKey:           m.openAddKey,
		OnRename:           m.openRename,
		OnWebhooks:         m.openWebhooks,
		OnHelp:             m.openHelp,
		OnSaveNote:         m.saveNote,
		OnCheckNote:        m.checkNote,
		Focus:              func(o fyne.Focusable) { m.win.Canvas().Focus(o) },
		Unfocus:            m.unfocus,
	})
	m.list = newKeyList(keyListCallbacks{OnSelect: m.selectKey, OnKey: m.onTypedKey})
	m.testAllB = newKeyButton(words.ButtonTestAll(), theme.ConfirmIcon(), m.startTestAll, m.onTypedKey)
	nameWidget(m.testAllB, "testall.start")
	// Test all sits under the list it tests, which shows with two keys or
	// more.
	side := container.NewBorder(nil, m.testAllB, nil, nil, m.list.content)
	m.multi = container.NewBorder(nil, nil, container.NewHBox(side, widget.NewSeparator()), nil, m.keyView.content)
	m.loadText = widget.NewLabel(words.Opening())
	m.loading = container.NewCenter(m.loadText)
	m.body = container.NewStack()

	// Transparent rather than nil: Fyne's software painter (screenshots)
	// cannot paint a nil colour.
	m.floor = canvas.NewRectangle(color.Transparent)
	m.floor.SetMinSize(minWindowSize)
	top := container.NewVBox(m.problem.box, m.notice.box)
	m.win.SetContent(container.NewStack(m.floor, container.NewPadded(container.NewBorder(top, nil, nil, nil, m.body))))
	m.win.Resize(m.settings.windowSize(firstWindowSize, m.minSize(m.several())))
	m.win.SetOnClosed(m.onClosed)

	m.win.Canvas().SetOnTypedKey(m.onTypedKey)
	m.addShortcuts(onMac)

	// Test all's pace is the admin's setting.
	m.keys.SetPace(float64(m.settings.pace()))
	m.unsub = m.keys.Subscribe(func(e keys.Event) { m.do(func() { m.onEvent(e) }) })
	if d.ListReset != nil {
		m.showNote(toneWarning, words.ListReset(d.ListReset.MovedTo))
	}
	m.updateWhere()
	if _, listed := m.keys.Key(m.name); listed {
		// The masked ending is known from the list at once; the key itself
		// follows from the keychain. (showKeyView fills the list too.)
		m.showKeyView()
	} else {
		m.refreshList()
		m.setView(viewLoading, m.loading)
	}
	return m
}

// Window returns the Fyne window.
func (m *MainWindow) Window() fyne.Window { return m.win }

// relayout lays the window out again after a banner appeared or went.
func (m *MainWindow) relayout() {
	if c := m.win.Content(); c != nil {
		c.Refresh()
	}
}

// setView puts one of the screens in the window.
func (m *MainWindow) setView(v view, content fyne.CanvasObject) {
	if m.view != v {
		// A widget of the view going away must not keep the keyboard:
		// Enter and Ctrl+C belong to the window again.
		m.win.Canvas().Unfocus()
	}
	m.view = v
	m.body.Objects = []fyne.CanvasObject{content}
	m.body.Refresh()
}

// showNote shows a note in the notice banner, with a button to close it.
func (m *MainWindow) showNote(t tone, text string, buttons ...bannerButton) {
	buttons = append(buttons, bannerButton{label: words.ButtonOK(), name: "OK", onTapped: m.notice.hide})
	m.notice.show(t, text, buttons...)
}

// showDialog shows d and keeps track of it, so Escape can close it.
func (m *MainWindow) showDialog(d dialog.Dialog) {
	m.dialogs = append(m.dialogs, d)
	d.SetOnClosed(func() {
		if i := slices.Index(m.dialogs, d); i >= 0 {
			m.dialogs = slices.Delete(m.dialogs, i, i+1)
		}
		if len(m.dialogs) == 0 {
			pending := m.unfocusAfterDialogs
			m.unfocusAfterDialogs = nil
			for _, o := range pending {
				m.unfocus(o)
			}
		}
	})
	d.Show()
}

func (m *MainWindow) openKeysPage() {
	u, _ := url.Parse(apiclient.KeysPageURL)
	open := m.deps.OpenURL
	if open == nil {
		open = m.app.OpenURL
	}
	if err := open(u); err != nil {
		m.showNote(toneWarning, words.BrowserFailed())
	}
}
