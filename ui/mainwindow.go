// Package ui is OnceKey's window: one Fyne window in which an admin who is
// not a developer saves a OnceHub API key in the operating system's
// keychain, tests it with one click, copies it, replaces it and removes it.
//
// The window never talks to the network or the keychain itself: it is given
// a Tester and a keystore.Store, calls them off the UI goroutine and comes
// back with fyne.Do, so it never freezes. What the window says and shows
// for each outcome is decided by plain functions (present.go) that are
// tested without a window.
package ui

import (
	"context"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keystore"
	"github.com/oncekey/oncekey/words"
)

// Tester is the key check the window needs (apiclient.*Client satisfies it).
type Tester interface {
	// Test checks key against OnceHub. Cancelling ctx ends the test.
	Test(ctx context.Context, key string) apiclient.Outcome
	// Warm opens a connection ahead of time, so that a test costs one
	// round trip.
	Warm(ctx context.Context) error
}

// Index is where non-secret facts live (*keystore.Index satisfies it). Get
// is called on the UI goroutine and must be quick (an in-memory lookup);
// Put and Delete are called in the background.
type Index interface {
	Get(name string) (keystore.KeyInfo, bool)
	Put(keystore.KeyInfo) error
	Delete(name string) error
}

// Deps is what the window works with.
type Deps struct {
	// Tester tests keys against OnceHub.
	Tester Tester
	// Store is the OS keychain, with a long timeout (about 2 minutes): the
	// window says when the keychain is waiting on its unlock prompt, and
	// offers Cancel, rather than failing after a few seconds.
	Store keystore.Store
	// Index keeps the key's ending and last test; nil keeps nothing.
	Index Index
	// IndexProblem, when non-nil, says the list of keys was damaged and
	// reset; the window shows it once, plainly.
	IndexProblem error
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// OpenURL opens a web page; nil means the app's OpenURL.
	OpenURL func(*url.URL) error
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
	// keychainWait is how long a keychain call may take before the window
	// says the keychain may be waiting to be unlocked.
	keychainWait = 2 * time.Second
	// warmEvery keeps Warm from being called on every hover or keystroke.
	warmEvery = 20 * time.Second
	// agoEvery is how often "checked 3 minutes ago" is brought up to date.
	agoEvery = 30 * time.Second
)

// view is which of the window's views is showing.
type view int

const (
	viewLoading view = iota
	viewFirstRun
	viewKey
)

// MainWindow is OnceKey's one window. All its fields belong to the UI
// goroutine; work on the keychain and the network runs in goroutines that
// hand their results back through do.
type MainWindow struct {
	app      fyne.App
	win      fyne.Window
	deps     Deps
	clock    clock
	do       func(func()) // runs a function on the UI goroutine
	settings settings
	bg       serial // writes to the index, one at a time and in order
	ctx      context.Context
	stop     context.CancelFunc

	store       keystore.Store // the keychain, or a session-only store once the admin chose it
	sessionOnly bool
	key         string // the stored key once read; "" when none or not read yet
	info        keystore.KeyInfo
	hasInfo     bool

	problem  *banner // keychain trouble and keychain waits
	notice   *banner // notes: after a replace or removal, a reset list
	body     *fyne.Container
	loading  *fyne.Container
	loadText *widget.Label
	firstRun *firstRunView
	keyView  *keyView
	replace  *replaceDialog // open, or nil
	clip     *clipboardGuard
	dialogs  []dialog.Dialog
	view     view

	testCancel     context.CancelFunc // a test is in flight
	retry          *countdown         // OnceHub asked for a pause
	keychainBusy   int
	keychainCancel context.CancelFunc
	waiting        bool // the problem banner shows a keychain wait
	saving         bool
	lastWarm       time.Time
	closed         bool
	shutDown       atomic.Bool // closed, readable from any goroutine
}

// NewMainWindow builds the window. It makes no keychain call and no network
// call: those start once the window is showing (ShowAndRun).
func NewMainWindow(a fyne.App, d Deps) *MainWindow {
	now := d.Now
	if now == nil {
		now = time.Now
	}
	a.Settings().SetTheme(newReadableTheme())
	return newMainWindow(a, d, realClock{now: now}, fyne.Do)
}

// newMainWindow is NewMainWindow with the clock and the way back to the UI
// goroutine given, so tests can drive both.
func newMainWindow(a fyne.App, d Deps, clk clock, do func(func())) *MainWindow {
	ctx, stop := context.WithCancel(context.Background())
	m := &MainWindow{
		app:      a,
		win:      a.NewWindow("OnceKey"),
		deps:     d,
		clock:    clk,
		settings: settings{prefs: a.Preferences()},
		ctx:      ctx,
		stop:     stop,
		store:    d.Store,
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
	m.problem = newBanner(m.relayout)
	m.notice = newBanner(m.relayout)
	if d.Index != nil {
		m.info, m.hasInfo = d.Index.Get(keystore.DefaultName)
	}
	m.clip = newClipboardGuard(m, a.Clipboard(), func(text string) { m.keyView.setCopyNote(text) })
	m.firstRun = newFirstRunView(m)
	m.keyView = newKeyView(m)
	m.loadText = widget.NewLabel("Opening…")
	m.loading = container.NewCenter(m.loadText)
	m.body = container.NewStack()

	floor := canvas.NewRectangle(nil) // holds the window at its smallest readable size
	floor.SetMinSize(minWindowSize)
	top := container.NewVBox(m.problem.box, m.notice.box)
	m.win.SetContent(container.NewStack(floor, container.NewPadded(container.NewBorder(top, nil, nil, nil, m.body))))
	m.win.Resize(m.settings.windowSize(firstWindowSize, minWindowSize))
	m.win.SetOnClosed(m.onClosed)

	c := m.win.Canvas()
	c.SetOnTypedKey(m.onTypedKey)
	c.AddShortcut(&fyne.ShortcutCopy{}, func(fyne.Shortcut) { m.onCopyShortcut() })

	if d.IndexProblem != nil {
		m.showNote(toneWarning, d.IndexProblem.Error())
	}
	m.updateWhere()
	if m.hasInfo {
		// The masked ending is known from the list at once; the key itself
		// follows from the keychain.
		m.showKeyView()
	} else {
		m.setView(viewLoading, m.loading)
	}
	return m
}

// Window returns the Fyne window.
func (m *MainWindow) Window() fyne.Window { return m.win }

// ShowAndRun shows the window, then starts reading the key and opening a
// connection to OnceHub, and runs the app until the window is closed.
func (m *MainWindow) ShowAndRun() {
	m.win.Show()
	// Queued for the app's loop, so it runs once the window is up.
	go m.do(m.start)
	m.app.Run()
	// The last test's result or a removal may still be on its way to the
	// list of keys: give it a moment before the program ends.
	for deadline := time.Now().Add(2 * time.Second); !m.bg.idle() && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
}

// start begins the work that must wait until the window shows.
func (m *MainWindow) start() {
	if m.closed {
		return
	}
	m.warmSoon()
	m.loadKey()
	m.tickAgo()
}

// after calls f on the UI goroutine after d.
func (m *MainWindow) after(d time.Duration, f func()) stopper {
	return m.clock.AfterFunc(d, func() { m.do(f) })
}

func (m *MainWindow) tickAgo() {
	m.after(agoEvery, func() {
		if m.closed {
			return
		}
		m.keyView.result.render()
		m.tickAgo()
	})
}

// relayout lays the window out again after a banner appeared or went.
func (m *MainWindow) relayout() {
	if c := m.win.Content(); c != nil {
		c.Refresh()
	}
}

// setView puts one of the views in the window.
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

func (m *MainWindow) showKeyView() {
	m.showCurrentKey()
	if !m.keyView.result.shown && m.hasInfo {
		if o, ok := outcomeFromRecord(m.info.LastTest); ok {
			m.keyView.result.show(o, m.info.LastTest.At, false)
		}
	}
	m.setView(viewKey, m.keyView.content)
	m.refreshControls()
}

func (m *MainWindow) showFirstRun() {
	m.keyView.result.clear()
	m.keyView.revealed = false
	m.setView(viewFirstRun, m.firstRun.content)
	m.firstRun.focus()
}

func (m *MainWindow) showCurrentKey() {
	m.keyView.showKey(m.key, m.ending())
}

// ending is the last 4 characters of the key, from the key or, while it is
// not read yet, from the list of keys.
func (m *MainWindow) ending() string {
	if m.key != "" {
		return apiclient.Ending(m.key)
	}
	if m.hasInfo {
		return m.info.Ending
	}
	return ""
}

// updateWhere says where the key is kept, in both views.
func (m *MainWindow) updateWhere() {
	where := words.Where(m.store.Where())
	m.keyView.where.SetText(where)
	m.firstRun.showWhere(m.store.Where())
}

// place is the keychain's name for "Reading the key from …".
func (m *MainWindow) place() string {
	if m.store.Where() == keystore.PlaceSystemKeyring {
		return "the keychain"
	}
	return words.PlaceName(m.store.Where())
}

// controls says which of the main view's buttons work now.
func (m *MainWindow) controls() controls {
	return controlsFor(viewState{
		HaveKey:      m.key != "",
		Testing:      m.testing(),
		RateLimited:  m.retry.running(),
		KeychainBusy: m.keychainBusy > 0,
	})
}

func (m *MainWindow) refreshControls() {
	m.keyView.applyControls(m.controls())
	if m.replace != nil {
		m.replace.applyControls()
	}
}

// showNote shows a note in the notice banner, with a button to close it.
func (m *MainWindow) showNote(t tone, text string, buttons ...bannerButton) {
	buttons = append(buttons, bannerButton{label: "OK", onTapped: m.notice.hide})
	m.notice.show(t, text, buttons...)
}

// showDialog shows d and keeps track of it, so Escape can close it.
func (m *MainWindow) showDialog(d dialog.Dialog) {
	m.dialogs = append(m.dialogs, d)
	d.SetOnClosed(func() {
		if i := slices.Index(m.dialogs, d); i >= 0 {
			m.dialogs = slices.Delete(m.dialogs, i, i+1)
		}
	})
	d.Show()
}

// newKeysPageLink is a link to OnceHub's API page, where keys are viewed,
// copied and regenerated.
func (m *MainWindow) newKeysPageLink() *widget.Hyperlink {
	u, _ := url.Parse(apiclient.KeysPageURL)
	link := widget.NewHyperlink("Open OnceHub's API page", u)
	link.OnTapped = m.openKeysPage
	return link
}

func (m *MainWindow) openKeysPage() {
	u, _ := url.Parse(apiclient.KeysPageURL)
	open := m.deps.OpenURL
	if open == nil {
		open = m.app.OpenURL
	}
	if err := open(u); err != nil {
		m.showNote(toneWarning, "Your web browser could not be opened. OnceHub's API page is at "+apiclient.KeysPageURL)
	}
}

// warmSoon opens a connection to OnceHub ahead of a likely test, at most
// once every warmEvery. A failure is not shown: the test itself will say
// what is wrong.
func (m *MainWindow) warmSoon() {
	now := m.clock.Now()
	if m.closed || m.deps.Tester == nil || (!m.lastWarm.IsZero() && now.Sub(m.lastWarm) < warmEvery) {
		return
	}
	m.lastWarm = now
	tester, ctx := m.deps.Tester, m.ctx
	go func() { _ = tester.Warm(ctx) }()
}

// ---- Testing ----

func (m *MainWindow) testing() bool { return m.testCancel != nil }

// runTest tests key in the background and calls done on the UI goroutine
// with the outcome and when it came. Only one test runs at a time: while one
// is in flight, runTest does nothing.
func (m *MainWindow) runTest(key string, done func(apiclient.Outcome, time.Time)) {
	if m.testing() || m.closed {
		return
	}
	ctx, cancel := context.WithCancel(m.ctx)
	m.testCancel = cancel
	m.refreshControls()
	tester := m.deps.Tester
	go func() {
		o := tester.Test(ctx, key)
		m.do(func() {
			cancel()
			m.testCancel = nil
			done(o, m.clock.Now())
			m.refreshControls()
		})
	}()
}

// cancelTest stops the test in flight. The outcome still comes back, as
// Cancelled, and only then can another test start.
func (m *MainWindow) cancelTest() {
	if m.testCancel != nil {
		m.testCancel()
	}
}

// startTest tests the stored key, from the Test button or Enter.
func (m *MainWindow) startTest() {
	if m.view != viewKey || !m.controls().Test {
		return
	}
	key := m.key
	m.keyView.setTesting(true)
	m.runTest(key, func(o apiclient.Outcome, at time.Time) {
		m.keyView.setTesting(false)
		if key != m.key {
			return // the key was replaced or removed meanwhile
		}
		m.showOutcome(o, at)
	})
}

// showOutcome shows a test of the stored key and keeps it as the last test.
func (m *MainWindow) showOutcome(o apiclient.Outcome, at time.Time) {
	if o.Kind == apiclient.RateLimited {
		m.pauseTests(o.RetryAfter)
	}
	m.keyView.result.show(o, at, true)
	if worthRecording(o) && m.hasInfo {
		m.info.LastTest = recordOf(o, at)
		m.saveInfo(m.info)
	}
}

// pauseTests disables Test for d, as OnceHub asked, with a countdown.
func (m *MainWindow) pauseTests(d time.Duration) {
	if d <= 0 {
		return
	}
	m.retry.stop()
	m.retry = m.startCountdown(d,
		func(left time.Duration) { m.keyView.setRetry(retryNote(left)) },
		func() {
			m.keyView.setRetry("")
			m.refreshControls()
		})
	m.refreshControls()
}

// ---- Copying ----

// copyKey puts the key on the clipboard, to be cleared after the delay
// chosen in Settings.
func (m *MainWindow) copyKey() {
	if m.key == "" {
		return
	}
	m.clip.copy(m.key, m.settings.clearDelay())
}

// ---- The keychain ----

// keychainCall runs call off the UI goroutine and then done on it. If the
// keychain takes longer than keychainWait, the window says it may be
// waiting to be unlocked and offers Cancel, which cancels call's context.
func (m *MainWindow) keychainCall(call func(context.Context, keystore.Store) error, done func(error)) {
	ctx, cancel := context.WithCancel(m.ctx)
	m.keychainBusy++
	m.keychainCancel = cancel
	m.problem.hide()
	m.refreshControls()
	finished := false
	wait := m.after(keychainWait, func() {
		if finished {
			return
		}
		m.waiting = true
		m.problem.showBusy(keychainWaitNote, bannerButton{label: "Cancel", onTapped: cancel})
		if m.replace != nil {
			m.replace.keychainWaiting()
		}
	})
	store := m.store
	go func() {
		err := call(ctx, store)
		m.do(func() {
			finished = true
			wait.Stop()
			cancel()
			m.keychainBusy--
			if m.keychainBusy == 0 {
				m.keychainCancel = nil
				if m.waiting {
					m.waiting = false
					m.problem.hide()
				}
			}
			m.refreshControls()
			done(err)
		})
	}()
}

// cancelKeychain stops waiting for the keychain call under way.
func (m *MainWindow) cancelKeychain() {
	if m.keychainCancel != nil {
		m.keychainCancel()
	}
}

// loadKey reads the stored key from the keychain.
func (m *MainWindow) loadKey() {
	if m.hasInfo {
		m.showKeyView()
		m.keyView.setStatus("Reading the key from " + m.place() + "…")
	} else {
		m.loadText.SetText("Reading from " + m.place() + "…")
		m.setView(viewLoading, m.loading)
	}
	var got string
	m.keychainCall(func(ctx context.Context, s keystore.Store) error {
		k, err := s.Get(ctx, keystore.DefaultName)
		got = k
		return err
	}, func(err error) {
		m.keyView.setStatus("")
		switch {
		case err == nil:
			m.key = got
			if !m.hasInfo || m.info.Ending != apiclient.Ending(got) {
				// Saved by another program, or the list was reset: note it.
				m.info = keystore.KeyInfo{Name: keystore.DefaultName, Ending: apiclient.Ending(got)}
				m.hasInfo = true
				m.keyView.result.clear()
				m.saveInfo(m.info)
			}
			m.showKeyView()
		case keystore.IsNotFound(err):
			if m.hasInfo {
				// The list remembered a key the keychain no longer has.
				m.forgetInfo()
			}
			m.showFirstRun()
		default:
			if !m.hasInfo {
				m.showFirstRun()
			}
			m.showStoreProblem(err, m.loadKey, func() {
				m.useSessionStore()
				m.hasInfo = false // the list describes the keychain's key, not this session's
				m.showFirstRun()
			})
		}
	})
}

// storeKey saves key in the store (the old key stays until the new one is
// stored) and notes its ending in the list of keys.
func (m *MainWindow) storeKey(key string, done func(error)) {
	m.saving = true
	info := keystore.KeyInfo{Name: keystore.DefaultName, Ending: apiclient.Ending(key), SavedAt: m.clock.Now()}
	m.keychainCall(func(ctx context.Context, s keystore.Store) error {
		return s.Save(ctx, keystore.DefaultName, key)
	}, func(err error) {
		m.saving = false
		if err == nil {
			m.info, m.hasInfo = info, true
			m.saveInfo(info)
		}
		done(err)
	})
}

// keySaved shows the key saved from the first-run view and tests it at once.
func (m *MainWindow) keySaved(key string, fromClipboard bool) {
	m.key = key
	m.keyView.result.clear()
	m.problem.hide()
	m.showKeyView()
	m.startTest()
	if fromClipboard {
		m.offerClipboardClear(key, clipboardStillHoldsNote)
	}
}

// keyReplaced puts a new key in the window after a replace, with its test,
// and says what regenerating a key means for the tools that used the old one.
func (m *MainWindow) keyReplaced(key string, o apiclient.Outcome, at time.Time, fromClipboard bool) {
	// The old key's countdown ends here, whatever the clipboard holds now.
	m.clip.clearIfOurs()
	m.keyView.setCopyNote("")
	m.key = key
	m.keyView.revealed = false
	m.problem.hide()
	m.showKeyView()
	m.showOutcome(o, at)
	if fromClipboard {
		m.offerClipboardClear(key, replacedNote+" "+clipboardStillHoldsNote)
	} else {
		m.showNote(toneSuccess, replacedNote)
	}
}

// retryReplace saves a tested key again after the keychain failed.
func (m *MainWindow) retryReplace(key string, o apiclient.Outcome, at time.Time, fromClipboard bool) {
	m.storeKey(key, func(err error) {
		if err != nil {
			m.showStoreProblem(err, func() { m.retryReplace(key, o, at, fromClipboard) })
			return
		}
		m.keyReplaced(key, o, at, fromClipboard)
	})
}

// offerClipboardClear shows text with a button that clears the clipboard if
// it still holds key.
func (m *MainWindow) offerClipboardClear(key, text string) {
	m.showNote(toneSuccess, text, bannerButton{label: "Clear clipboard", importance: widget.HighImportance, onTapped: func() {
		m.clip.clearKey(key)
		m.keyView.setCopyNote("")
		m.notice.hide()
	}})
}

// removeKey removes the key from the store and the list of keys.
func (m *MainWindow) removeKey() {
	ending := m.ending()
	m.keyView.setStatus("Removing the key…")
	m.keychainCall(func(ctx context.Context, s keystore.Store) error {
		return s.Remove(ctx, keystore.DefaultName)
	}, func(err error) {
		m.keyView.setStatus("")
		if err != nil && !keystore.IsNotFound(err) {
			m.showStoreProblem(err, m.removeKey, nil)
			return
		}
		// Only OnceKey's own copy goes: the key keeps working in OnceHub,
		// and an admin's own copy of it is theirs.
		m.clip.clearIfOurs()
		m.key = ""
		m.forgetInfo()
		m.keyView.setCopyNote("")
		m.firstRun.reset()
		m.showFirstRun()
		m.showNote(toneNeutral, removedNote(ending))
	})
}

// showStoreProblem shows a keychain error in the banner, with Try again
// (retry) and, where it fits and session is not nil, "Keep for this session
// only", which switches to a session-only store and then calls session.
func (m *MainWindow) showStoreProblem(err error, retry func(), session ...func()) {
	p := presentStoreError(err)
	var buttons []bannerButton
	if p.OfferMemory && !m.sessionOnly {
		then := retry
		if len(session) > 0 {
			then = session[0]
		}
		if then != nil {
			buttons = append(buttons, bannerButton{label: "Keep for this session only", onTapped: func() {
				m.useSessionStore()
				then()
			}})
		}
	}
	if p.OfferRetry && retry != nil {
		buttons = append(buttons, bannerButton{label: "Try again", importance: widget.HighImportance, onTapped: retry})
	}
	if p.OfferMemory {
		// "The key will be stored in your keyring" would contradict the
		// banner above it.
		m.firstRun.where.SetText(noFileNote)
	}
	m.problem.show(p.Tone, p.Text, buttons...)
}

// useSessionStore switches to a store that keeps the key in memory for this
// session only; the "where" line says so. There is never a file fallback.
func (m *MainWindow) useSessionStore() {
	if m.sessionOnly {
		return
	}
	m.store = keystore.NewMemory()
	m.sessionOnly = true
	m.problem.hide()
	m.updateWhere()
}

// ---- The list of keys ----

// saveInfo writes the key's facts to the list in the background. A
// session-only key is not listed: the list describes the keychain.
func (m *MainWindow) saveInfo(info keystore.KeyInfo) {
	if m.sessionOnly || m.deps.Index == nil {
		return
	}
	idx := m.deps.Index
	m.bg.run(func() { m.reportIndexError(idx.Put(info)) })
}

// forgetInfo drops the key's facts from the window and the list.
func (m *MainWindow) forgetInfo() {
	m.info, m.hasInfo = keystore.KeyInfo{}, false
	if m.sessionOnly || m.deps.Index == nil {
		return
	}
	idx := m.deps.Index
	m.bg.run(func() { m.reportIndexError(idx.Delete(keystore.DefaultName)) })
}

func (m *MainWindow) reportIndexError(err error) {
	if err == nil {
		return
	}
	text := err.Error() + " Your key itself is safe in the keychain."
	m.do(func() { m.showNote(toneWarning, text) })
}

// ---- Keyboard and closing ----

// onTypedKey handles keys typed while no entry has the focus: Enter tests
// (or saves, in the first-run view), Escape closes the top dialog.
func (m *MainWindow) onTypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		n := len(m.dialogs)
		if n == 0 {
			return
		}
		if m.replace != nil && m.dialogs[n-1] == m.replace.dialog {
			m.replace.onCancel()
			return
		}
		m.dialogs[n-1].Dismiss()
	case fyne.KeyReturn, fyne.KeyEnter:
		if n := len(m.dialogs); n > 0 {
			if m.replace != nil && m.dialogs[n-1] == m.replace.dialog {
				m.replace.onTest()
			}
			return // never confirm a removal by a stray Enter
		}
		switch m.view {
		case viewKey:
			m.startTest()
		case viewFirstRun:
			m.firstRun.onSave()
		}
	}
}

// onCopyShortcut copies the key on Ctrl+C (Cmd+C), which reaches the window
// only when no focused widget took it, so selected text is copied as usual.
func (m *MainWindow) onCopyShortcut() {
	if len(m.dialogs) == 0 && m.view == viewKey {
		m.copyKey()
	}
}

// onClosed clears the clipboard if it still holds the copied key, remembers
// the window size and stops the work in flight.
func (m *MainWindow) onClosed() {
	if m.closed {
		return
	}
	m.closed = true
	m.shutDown.Store(true)
	m.settings.setWindowSize(m.win.Canvas().Size())
	m.clip.clearIfOurs()
	m.retry.stop()
	m.stop()
}

// serial runs functions one at a time, in the order given, in a goroutine
// of its own that exists only while there is work.
type serial struct {
	mu      sync.Mutex
	queue   []func()
	running bool
}

func (s *serial) run(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queue = append(s.queue, f)
	if !s.running {
		s.running = true
		go s.loop()
	}
}

// idle reports whether nothing is queued or running.
func (s *serial) idle() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.running
}

func (s *serial) loop() {
	for {
		s.mu.Lock()
		if len(s.queue) == 0 {
			s.running = false
			s.mu.Unlock()
			return
		}
		f := s.queue[0]
		s.queue = s.queue[1:]
		s.mu.Unlock()
		f()
	}
}
