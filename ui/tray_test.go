package ui

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/words"
)

// fakeTray is a desktop whose tray host comes and goes.
type fakeTray struct{ present atomic.Bool }

func (f *fakeTray) Present() bool { return f.present.Load() }

func newFakeTray(present bool) *fakeTray {
	f := &fakeTray{}
	f.present.Store(present)
	return f
}

// labels lists a menu's items as "label" or "label > child, child", "—"
// for a separator.
func labels(m *fyne.Menu) []string {
	var out []string
	for _, it := range m.Items {
		switch {
		case it.IsSeparator:
			out = append(out, "—")
		case it.ChildMenu != nil:
			out = append(out, it.Label+" > "+strings.Join(labels(it.ChildMenu), ", "))
		default:
			out = append(out, it.Label)
		}
	}
	return out
}

// item finds a menu item by its labels, down through submenus.
func item(t *testing.T, m *fyne.Menu, path ...string) *fyne.MenuItem {
	t.Helper()
	for _, it := range m.Items {
		if it.Label != path[0] {
			continue
		}
		if len(path) == 1 {
			return it
		}
		if it.ChildMenu == nil {
			t.Fatalf("%q has no submenu", path[0])
		}
		return item(t, it.ChildMenu, path[1:]...)
	}
	t.Fatalf("the tray menu has no %q: %v", path[0], labels(m))
	return nil
}

func TestTrayMenuForOneKey(t *testing.T) {
	var copied, tested []string
	var opened, quit int
	m := trayMenu([]trayKey{{Name: "default", Ending: "1a2b"}}, trayCallbacks{
		OnCopy: func(n string) { copied = append(copied, n) },
		OnTest: func(n string) { tested = append(tested, n) },
		OnOpen: func() { opened++ },
		OnQuit: func() { quit++ },
	})
	want := []string{words.TrayCopy(), words.TrayTest(), "—", words.TrayOpen(), "—", words.TrayQuit()}
	if got := labels(m); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("one key's tray menu is %v, want %v", got, want)
	}
	item(t, m, words.TrayCopy()).Action()
	item(t, m, words.TrayTest()).Action()
	item(t, m, words.TrayOpen()).Action()
	q := item(t, m, words.TrayQuit())
	q.Action()
	if strings.Join(copied, ",") != "default" || strings.Join(tested, ",") != "default" || opened != 1 || quit != 1 {
		t.Errorf("the items called copy %v, test %v, open %d, quit %d", copied, tested, opened, quit)
	}
	if !q.IsQuit {
		t.Error("Quit is not marked as the quit item, so Fyne would add a second one")
	}

	app := test.NewTempApp(t)
	w := app.NewWindow("tray")
	w.SetContent(widget.NewMenu(m))
	w.Resize(fyne.NewSize(260, 220))
	test.AssertRendersToMarkup(t, "tray/one-key.xml", w.Canvas())
}

func TestTrayMenuForSeveralKeysGroupsThemByName(t *testing.T) {
	var copied, tested []string
	m := trayMenu([]trayKey{{Name: "Production", Ending: "1a2b"}, {Name: "Staging", Ending: "9f9f"}}, trayCallbacks{
		OnCopy: func(n string) { copied = append(copied, n) },
		OnTest: func(n string) { tested = append(tested, n) },
		OnOpen: func() {}, OnQuit: func() {},
	})
	pair := words.TrayCopy() + ", " + words.TrayTest()
	want := []string{"Production (…1a2b) > " + pair, "Staging (…9f9f) > " + pair, "—", words.TrayOpen(), "—", words.TrayQuit()}
	if got := labels(m); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("several keys' tray menu is %v, want %v", got, want)
	}
	item(t, m, "Staging (…9f9f)", words.TrayCopy()).Action()
	item(t, m, "Production (…1a2b)", words.TrayTest()).Action()
	if strings.Join(copied, ",") != "Staging" || strings.Join(tested, ",") != "Production" {
		t.Errorf("the items called copy %v and test %v", copied, tested)
	}

	app := test.NewTempApp(t)
	w := app.NewWindow("tray")
	w.SetContent(widget.NewMenu(m))
	w.Resize(fyne.NewSize(260, 220))
	test.AssertRendersToMarkup(t, "tray/several-keys.xml", w.Canvas())
	assertBundledGlyphs(t, test.RenderToMarkup(w.Canvas()))
}

func TestTrayMenuWithNoKeyHasOpenAndQuit(t *testing.T) {
	m := trayMenu(nil, trayCallbacks{OnOpen: func() {}, OnQuit: func() {}})
	want := []string{words.TrayOpen(), "—", words.TrayQuit()}
	if got := labels(m); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("the tray menu with no key is %v, want %v", got, want)
	}
}

// trayHarness is a window with two keys and a tray host.
func trayHarness(t *testing.T, tray TrayHost) *harness {
	t.Helper()
	h := newHarness(t, setup{saved: seeds("Production", "Staging"), tray: tray, size: manyKeysSize})
	h.srv.AddKey(seedSecret(0), "admin@example.com")
	h.srv.AddKey(seedSecret(1), "ops@example.com")
	h.waitFor("the window to have read its key", func() bool { return h.m.pending == 0 && !h.m.testing() })
	return h
}

func (h *harness) lastTrayMenu() *fyne.Menu {
	h.t.Helper()
	h.waitFor("a tray menu", func() bool { return len(h.trayMenus) > 0 })
	return h.trayMenus[len(h.trayMenus)-1]
}

func TestTrayCopiesAndTestsAKeyOfTheWindow(t *testing.T) {
	h := trayHarness(t, newFakeTray(true))
	m := h.lastTrayMenu()
	production := words.TrayKeyLabel("Production", apiclient.Ending(seedSecret(0)))
	staging := words.TrayKeyLabel("Staging", apiclient.Ending(seedSecret(1)))

	// Staging is not the key the window shows, and the window has not read
	// it from the keychain yet.
	item(t, m, staging, words.TrayCopy()).Action()
	h.waitFor("Staging's key on the clipboard", func() bool { return h.clipboard() == seedSecret(1) })

	title, body := words.TrayTestNotice("Staging", apiclient.Ending(seedSecret(1)),
		apiclient.Outcome{Kind: apiclient.Works, Account: "ops@example.com"})
	if strings.Contains(title+body, seedSecret(1)) {
		t.Fatal("the notification's words hold the key")
	}
	before := h.requests()
	test.AssertNotificationSent(t, fyne.NewNotification(title, body), func() {
		item(t, m, staging, words.TrayTest()).Action()
		h.waitFor("the tray's test", func() bool { return h.requests() > before && !h.m.testing() })
	})
	if k, _ := h.keys.Key("Staging"); k.LastTest == nil || k.LastTest.Account != "ops@example.com" {
		t.Errorf("the tray's test was not recorded for Staging: %+v", k.LastTest)
	}

	// A key OnceHub refuses: the short reason, nothing of the key.
	h.srv.RemoveKey(seedSecret(0))
	refused := apiclient.Outcome{Kind: apiclient.NotRecognised}
	title, body = words.TrayTestNotice("Production", apiclient.Ending(seedSecret(0)), refused)
	before = h.requests()
	test.AssertNotificationSent(t, fyne.NewNotification(title, body), func() {
		item(t, m, production, words.TrayTest()).Action()
		h.waitFor("the tray's test", func() bool { return h.requests() > before && !h.m.testing() })
	})
	// Production is the key the window shows: its result shows there too.
	if got := h.resultHeadline(); got != words.Outcome(refused).Summary {
		t.Errorf("the window shows %q after the tray's test of its key", got)
	}
}

func TestTrayMenuFollowsTheListOfKeys(t *testing.T) {
	h := trayHarness(t, newFakeTray(true))
	h.lastTrayMenu()
	n := len(h.trayMenus)
	h.m.refreshList() // nothing changed: the menu is not rebuilt
	if len(h.trayMenus) != n {
		t.Fatal("the tray menu was rebuilt although the keys did not change")
	}
	if err := h.keys.Remove(t.Context(), "Staging"); err != nil {
		t.Fatal(err)
	}
	h.waitFor("the menu of one key", func() bool {
		return len(h.trayMenus) > n && labels(h.trayMenus[len(h.trayMenus)-1])[0] == words.TrayCopy()
	})
}

func TestNoTrayHostMeansNoTray(t *testing.T) {
	h := trayHarness(t, newFakeTray(false))
	h.q.drain()
	if len(h.trayMenus) != 0 || h.m.tray.running {
		t.Fatal("a tray menu was set up with no tray host")
	}
}

func TestATrayTestWaitsForTheWindowsWork(t *testing.T) {
	h := trayHarness(t, newFakeTray(true))
	m := h.lastTrayMenu()
	staging := words.TrayKeyLabel("Staging", apiclient.Ending(seedSecret(1)))
	title, _ := words.TrayTestNotice("Staging", apiclient.Ending(seedSecret(1)), apiclient.Outcome{})
	before := h.requests()

	// A change to the keys under way in the window (Rotate, Rename, Add).
	h.m.pending++
	test.AssertNotificationSent(t, fyne.NewNotification(title, words.TrayTestBusy()), func() {
		item(t, m, staging, words.TrayTest()).Action()
	})
	h.m.pending--

	// OnceHub's pause after a 429, for the whole account.
	h.m.pauseTests(10 * time.Second)
	test.AssertNotificationSent(t, fyne.NewNotification(title, words.TrayTestPaused()), func() {
		item(t, m, staging, words.TrayTest()).Action()
	})
	if h.requests() != before {
		t.Errorf("the tray sent %d tests while it had to wait", h.requests()-before)
	}
}

func TestClosingTheWindowQuitsUnlessKeptInTheTray(t *testing.T) {
	host := newFakeTray(true)
	h := trayHarness(t, host)
	h.lastTrayMenu()

	// On by choice, with a tray: the window hides, OnceKey stays, and a
	// copied key leaves the clipboard, since no window is there to clear
	// it later.
	h.m.settings.setKeepInTray(true)
	h.m.settings.setClearDelay(0)
	h.tap(h.m.keyView.copy)
	if h.clipboard() != seedSecret(0) {
		t.Fatal("Copy did not copy the key")
	}
	h.m.onCloseRequest()
	h.waitFor("the window to go into the tray", func() bool { return h.m.tray.hidden || h.m.closed })
	if h.m.closed {
		t.Fatal("with the setting on and a tray, closing the window quit OnceKey")
	}
	if h.clipboard() != "" {
		t.Error("the key stayed on the clipboard when the window went into the tray")
	}
	// Open OnceKey in the tray brings it back.
	item(t, h.lastTrayMenu(), words.TrayOpen()).Action()
	if h.m.tray.hidden {
		t.Fatal("Open OnceKey did not bring the window back")
	}
	// The tray went away meanwhile: closing quits.
	host.present.Store(false)
	h.m.onCloseRequest()
	h.waitFor("OnceKey to quit", func() bool { return h.m.closed })
}

func TestClosingTheWindowQuitsByDefault(t *testing.T) {
	h := trayHarness(t, newFakeTray(true))
	h.lastTrayMenu()
	h.m.onCloseRequest()
	h.q.drain()
	if !h.m.closed {
		t.Fatal("with the setting off (the default), closing the window did not quit")
	}
}

func TestSettingsOfferTheTrayOnlyWhereThereIsOne(t *testing.T) {
	h := trayHarness(t, newFakeTray(true))
	h.lastTrayMenu()
	h.m.openSettings()
	h.q.drain()
	test.AssertRendersToMarkup(t, "tray/settings.xml", h.m.win.Canvas())
	assertBundledGlyphs(t, test.RenderToMarkup(h.m.win.Canvas()))

	plain := trayHarness(t, nil)
	plain.m.openSettings()
	plain.q.drain()
	if markup := test.RenderToMarkup(plain.m.win.Canvas()); strings.Contains(markup, words.TrayKeepLabel()) ||
		!strings.Contains(markup, "Clear the clipboard after") {
		t.Error("with no tray, Settings is not shown without the tray's setting")
	}
}
