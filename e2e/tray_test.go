//go:build e2e

package e2e

import (
	"fmt"
	"io"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// The tray is tested from outside the program, as a tray host sees it: a
// stand-in StatusNotifierWatcher on the rig's private session bus takes the
// item's registration, reads its menu over com.canonical.dbusmenu and clicks
// its items; a stand-in notification server receives the test's outcome.

func TestTrayMenuCopiesAndTestsEachKey(t *testing.T) {
	r := newRig(t)
	production, staging := canaryKey(t), canaryKey(t)
	r.api.AddKey(production, "admin@example.com")
	r.api.AddKey(staging, "ops@example.com")
	r.saveNamed("Production", production)
	r.saveNamed("Staging", staging)
	host := startTrayHost(t, r.keyring.busAddr)
	notes := startNotificationServer(t, r.keyring.busAddr)
	s := r.window()

	item := host.waitForItem()
	menu := host.waitForMenu(item, "Production (…"+production[len(production)-4:]+")", "Staging (…"+staging[len(staging)-4:]+")", "Copy key", "Test key")
	for _, label := range menu.labels() {
		if redact(label) != label {
			t.Errorf("a tray menu item shows part of a key: %q", redact(label))
		}
	}
	t.Logf("the tray menu: %s", strings.Join(menu.labels(), " | "))

	host.click(item, menu.find(t, "Staging (…"+staging[len(staging)-4:]+")", "Copy key"))
	s.waitFor("Staging's key on the clipboard", func() bool { return s.clipboard() == staging })

	before := r.api.Sent(production)
	host.click(item, menu.find(t, "Production (…"+production[len(production)-4:]+")", "Test key"))
	n := notes.wait(t, 1)
	if r.api.Sent(production) <= before {
		t.Error("the tray's Test sent no request with Production's key")
	}
	if !strings.Contains(n.summary, "Production") || !strings.Contains(n.body, "admin@example.com") {
		t.Errorf("the notification says %q / %q, want Production's name and its account", n.summary, n.body)
	}
	for _, key := range []string{production, staging} {
		if redact(n.summary+n.body) != n.summary+n.body || strings.Contains(n.summary+n.body, key) {
			t.Errorf("the notification holds part of a key: %q / %q", redact(n.summary), redact(n.body))
		}
	}
	t.Logf("the notification: %q / %q", n.summary, n.body)

	// The test is in Production's history, from the tray, for the window's
	// Details and for the command line.
	hist := r.cli("", "history", "--name", "Production")
	if hist.code != 0 || !strings.Contains(hist.stdout, "from the tray") || !strings.Contains(hist.stdout, "Works, account admin@example.com") {
		t.Errorf("oncekey history after the tray's test: exit %d, said:\n%s", hist.code, redact(hist.output()))
	}
	s.click("result.details")
	s.settle()
	s.screenshot("details-history.png")

	// A second start: no second window or tray icon, and it says why.
	second := command(windowProgram(t))
	second.Env = append(r.env(), "DISPLAY="+s.display)
	out, err := second.CombinedOutput()
	if err != nil {
		t.Errorf("the second start failed: %v\n%s", err, redact(string(out)))
	}
	if !strings.Contains(string(out), "already open") {
		t.Errorf("the second start said %q", redact(string(out)))
	}
	if !s.alive() {
		t.Fatal("the first window ended when a second start was tried")
	}
	if got := host.items(); got != 1 {
		t.Errorf("%d tray items registered, want 1", got)
	}

	// Closing the window quits, by default, although the tray is there.
	s.closeButton()
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		t.Fatal("with the setting off, closing the window did not quit OnceKey")
	}
	s.close()
}

func TestTrayKeepsOnceKeyWhenChosenAndASecondStartBringsTheWindowBack(t *testing.T) {
	r := newRig(t)
	key := canaryKey(t)
	r.api.AddKey(key, "admin@example.com")
	r.saveKey(key)
	writeWindowPrefs(t, r.home.config, `{"tray.keepOnClose":true}`)
	host := startTrayHost(t, r.keyring.busAddr)
	s := r.window()
	item := host.waitForItem()
	menu := host.waitForMenu(item, "Copy key", "Test key")

	// Settings offers the choice where a tray shows OnceKey.
	s.click("key.settings")
	s.waitShown("settings.keep-in-tray")
	s.settle()
	s.screenshot("tray-settings.png")
	s.key("Escape")
	s.waitFor("the settings to close", func() bool { return !s.shows("settings.keep-in-tray") })

	s.closeButton()
	s.waitFor("the window to hide", func() bool { return !s.visible() })
	time.Sleep(time.Second)
	if !s.alive() {
		t.Fatal("with the setting on, closing the window quit OnceKey")
	}
	second := command(windowProgram(t))
	second.Env = append(r.env(), "DISPLAY="+s.display)
	if out, err := second.CombinedOutput(); err != nil {
		t.Fatalf("the second start failed: %v\n%s", err, redact(string(out)))
	}
	s.waitFor("the window to come back", s.visible)
	s.settle()
	s.screenshot("tray-window-back.png")

	host.click(item, menu.find(t, "Quit OnceKey"))
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		t.Fatal("Quit in the tray did not end OnceKey")
	}
	if code := s.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("after Quit in the tray, OnceKey exited with %d", code)
	}
	s.close()
}

func TestWithoutATrayHostClosingTheWindowQuits(t *testing.T) {
	r := newRig(t)
	key := canaryKey(t)
	r.api.AddKey(key, "admin@example.com")
	r.saveKey(key)
	writeWindowPrefs(t, r.home.config, `{"tray.keepOnClose":true}`)
	s := r.window()
	s.testUntil("works")
	s.closeButton()
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		t.Fatal("with no tray host, closing the window did not quit OnceKey")
	}
	if out := s.output.String(); strings.Contains(out, "systray") {
		t.Errorf("with no tray host, OnceKey printed the tray library's complaint:\n%s", redact(out))
	}
	s.close()
}

func TestWithoutASessionBusTheWindowStartsAndQuits(t *testing.T) {
	r := newRig(t)
	var env []string
	for _, kv := range r.env() {
		if !strings.HasPrefix(kv, "DBUS_SESSION_BUS_ADDRESS=") && !strings.HasPrefix(kv, "XDG_RUNTIME_DIR=") {
			env = append(env, kv)
		}
	}
	requireTools(t, "Xvfb", "xdotool", "xclip", "import")
	s := startWindow(t, startXvfb(t), r.home.home, env)
	s.settle()
	s.screenshot("no-session-bus.png")
	s.closeButton()
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		t.Fatal("with no session bus, closing the window did not quit OnceKey")
	}
	if code := s.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("with no session bus, OnceKey exited with %d", code)
	}
	s.close()
}

// saveNamed saves key under name with the command line.
func (r *rig) saveNamed(name, key string) {
	r.t.Helper()
	if res := r.cli(key+"\n", "set", "--name", name); res.code != 0 {
		r.t.Fatalf("oncekey set --name %s: exit %d:\n%s", name, res.code, redact(res.output()))
	}
}

// closeButton asks the window to close as its title bar's close button
// does (WM_DELETE_WINDOW): there is no window manager to press it.
func (s *session) closeButton() {
	s.t.Helper()
	xgb.Logger = log.New(io.Discard, "", 0) // its note on a missing Xauthority
	conn, err := xgb.NewConnDisplay(s.display)
	if err != nil {
		s.t.Fatal(err)
	}
	defer conn.Close()
	atom := func(name string) xproto.Atom {
		reply, err := xproto.InternAtom(conn, false, uint16(len(name)), name).Reply()
		if err != nil {
			s.t.Fatal(err)
		}
		return reply.Atom
	}
	var id uint32
	if _, err := fmt.Sscan(s.window, &id); err != nil {
		s.t.Fatalf("window id %q: %v", s.window, err)
	}
	protocols, del := atom("WM_PROTOCOLS"), atom("WM_DELETE_WINDOW")
	ev := xproto.ClientMessageEvent{
		Format: 32, Window: xproto.Window(id), Type: protocols,
		Data: xproto.ClientMessageDataUnionData32New([]uint32{uint32(del), 0, 0, 0, 0}),
	}
	if err := xproto.SendEventChecked(conn, false, xproto.Window(id), xproto.EventMaskNoEvent, string(ev.Bytes())).Check(); err != nil {
		s.t.Fatal(err)
	}
}

// visible reports whether the window is mapped.
func (s *session) visible() bool {
	cmd := command("xdotool", "search", "--onlyvisible", "--name", "^OnceKey")
	cmd.Env = append(cleanEnv(), "DISPLAY="+s.display)
	out, err := cmd.Output()
	return err == nil && strings.Contains(" "+strings.Join(strings.Fields(string(out)), " ")+" ", " "+s.window+" ")
}

// ---- a stand-in tray host ----

type trayItem struct{ sender, path string }

type trayHost struct {
	t    *testing.T
	conn *dbus.Conn
	mu   sync.Mutex
	reg  []trayItem
	news chan trayItem
}

func startTrayHost(t *testing.T, addr string) *trayHost {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	h := &trayHost{t: t, conn: conn, news: make(chan trayItem, 8)}
	if err := conn.Export(watcher{h}, "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher"); err != nil {
		t.Fatal(err)
	}
	if reply, err := conn.RequestName("org.kde.StatusNotifierWatcher", dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("the stand-in tray host could not take its name: %v %v", reply, err)
	}
	return h
}

type watcher struct{ h *trayHost }

// RegisterStatusNotifierItem is how an item joins the tray: service is its
// object path (or bus name), sent from the item's connection.
func (w watcher) RegisterStatusNotifierItem(sender dbus.Sender, service string) *dbus.Error {
	it := trayItem{sender: string(sender), path: service}
	if !strings.HasPrefix(service, "/") {
		it = trayItem{sender: service, path: "/StatusNotifierItem"}
	}
	w.h.mu.Lock()
	w.h.reg = append(w.h.reg, it)
	w.h.mu.Unlock()
	w.h.news <- it
	return nil
}

func (h *trayHost) items() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.reg)
}

func (h *trayHost) waitForItem() trayItem {
	h.t.Helper()
	select {
	case it := <-h.news:
		return it
	case <-time.After(20 * time.Second):
		h.t.Fatal("no tray item registered within 20 s")
	}
	return trayItem{}
}

// menuNode is one entry of a dbusmenu layout.
type menuNode struct {
	id       int32
	label    string
	children []menuNode
}

func (n menuNode) labels() []string {
	var out []string
	for _, c := range n.children {
		out = append(out, c.label)
		out = append(out, c.labels()...)
	}
	return out
}

// find returns the id of the entry reached by labels, down through submenus.
func (n menuNode) find(t *testing.T, path ...string) int32 {
	t.Helper()
	for _, c := range n.children {
		if c.label == path[0] {
			if len(path) == 1 {
				return c.id
			}
			return c.find(t, path[1:]...)
		}
	}
	t.Fatalf("the tray menu has no %q: %v", path[0], n.labels())
	return 0
}

func (h *trayHost) menuPath(it trayItem) dbus.ObjectPath {
	h.t.Helper()
	v, err := h.conn.Object(it.sender, dbus.ObjectPath(it.path)).GetProperty("org.kde.StatusNotifierItem.Menu")
	if err != nil {
		h.t.Fatalf("reading the item's Menu: %v", err)
	}
	p, ok := v.Value().(dbus.ObjectPath)
	if !ok {
		h.t.Fatalf("the item's Menu is a %T", v.Value())
	}
	return p
}

// layout reads the whole menu. Ids change with each refresh, so entries
// are found by label.
func (h *trayHost) layout(it trayItem) (menuNode, error) {
	var revision uint32
	var root []any
	call := h.conn.Object(it.sender, h.menuPath(it)).Call("com.canonical.dbusmenu.GetLayout", 0, int32(0), int32(-1), []string{})
	if call.Err != nil {
		return menuNode{}, call.Err
	}
	if len(call.Body) != 2 {
		return menuNode{}, fmt.Errorf("GetLayout answered %d values", len(call.Body))
	}
	revision, _ = call.Body[0].(uint32)
	root, _ = call.Body[1].([]any)
	_ = revision
	return parseMenu(root)
}

func parseMenu(v []any) (menuNode, error) {
	if len(v) != 3 {
		return menuNode{}, fmt.Errorf("a menu entry of %d fields", len(v))
	}
	n := menuNode{}
	n.id, _ = v[0].(int32)
	if props, ok := v[1].(map[string]dbus.Variant); ok {
		if l, ok := props["label"]; ok {
			n.label, _ = l.Value().(string)
		}
		if typ, ok := props["type"]; ok && typ.Value() == "separator" {
			n.label = "—"
		}
	}
	children, _ := v[2].([]dbus.Variant)
	for _, c := range children {
		fields, ok := c.Value().([]any)
		if !ok {
			return menuNode{}, fmt.Errorf("a child of %T", c.Value())
		}
		child, err := parseMenu(fields)
		if err != nil {
			return menuNode{}, err
		}
		n.children = append(n.children, child)
	}
	return n, nil
}

// waitForMenu reads the menu until it holds every label in want: the first
// answer may come before the app filled its menu.
func (h *trayHost) waitForMenu(it trayItem, want ...string) menuNode {
	h.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var last menuNode
	var err error
	for time.Now().Before(deadline) {
		last, err = h.layout(it)
		if err == nil {
			have := " | " + strings.Join(last.labels(), " | ") + " | "
			all := true
			for _, w := range want {
				all = all && strings.Contains(have, " | "+w+" | ")
			}
			if all {
				return last
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	h.t.Fatalf("the tray menu never held %v: %v (last error %v)", want, redactAll(last.labels()), err)
	return menuNode{}
}

func redactAll(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = redact(s)
	}
	return out
}

// click clicks a menu entry as a tray host does.
func (h *trayHost) click(it trayItem, id int32) {
	h.t.Helper()
	call := h.conn.Object(it.sender, h.menuPath(it)).Call("com.canonical.dbusmenu.Event", 0,
		id, "clicked", dbus.MakeVariant(""), uint32(time.Now().Unix()))
	if call.Err != nil {
		h.t.Fatalf("clicking tray menu entry %d: %v", id, call.Err)
	}
}

// ---- a stand-in notification server ----

type notification struct{ app, summary, body string }

type notificationServer struct {
	mu   sync.Mutex
	got  []notification
	news chan struct{}
}

func startNotificationServer(t *testing.T, addr string) *notificationServer {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	n := &notificationServer{news: make(chan struct{}, 16)}
	if err := conn.Export(notifications{n}, "/org/freedesktop/Notifications", "org.freedesktop.Notifications"); err != nil {
		t.Fatal(err)
	}
	if reply, err := conn.RequestName("org.freedesktop.Notifications", dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("the stand-in notification server could not take its name: %v %v", reply, err)
	}
	return n
}

type notifications struct{ n *notificationServer }

func (s notifications) Notify(app string, replaces uint32, icon, summary, body string, actions []string,
	hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	s.n.mu.Lock()
	s.n.got = append(s.n.got, notification{app: app, summary: summary, body: body})
	id := uint32(len(s.n.got))
	s.n.mu.Unlock()
	s.n.news <- struct{}{}
	return id, nil
}

func (s notifications) GetCapabilities() ([]string, *dbus.Error) { return []string{"body"}, nil }

func (s notifications) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "stand-in", "OnceKey tests", "1", "1.2", nil
}

// wait returns the n-th notification received.
func (n *notificationServer) wait(t *testing.T, count int) notification {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		n.mu.Lock()
		if len(n.got) >= count {
			got := n.got[count-1]
			n.mu.Unlock()
			return got
		}
		n.mu.Unlock()
		select {
		case <-n.news:
		case <-deadline:
			t.Fatalf("no notification %d within 20 s", count)
		}
	}
}
