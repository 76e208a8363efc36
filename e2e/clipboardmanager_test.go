//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A real clipboard manager, CopyQ, runs on the window's display while the
// admin copies the key: the copy offers the password manager's hint, CopyQ
// keeps no trace of it, and OnceKey gives the clipboard up after the delay.
// A control copy made by another program does reach CopyQ's history, so
// the test can tell a CopyQ that keeps nothing from one that skipped the key.
func TestCopiedKeyStaysOutOfAClipboardManagersHistory(t *testing.T) {
	requireTools(t, "copyq", "xclip")
	r := newRig(t)
	key := canaryKey(t)
	r.api.AddKey(key, "admin@example.com")
	r.saveKey(key)
	writeWindowPrefs(t, r.home.config, `{"clipboard.clearSeconds":10}`)
	s := r.window()
	s.testUntil("works")

	cq := startCopyQ(t, s.display)
	control := cq.keepsAnOrdinaryCopy(s.display)

	s.unfocus()
	s.key("ctrl+c")
	s.waitFor("the key on the clipboard", func() bool { return s.clipboard() == key })
	copied := time.Now()

	targets := s.clipboardTarget("TARGETS")
	for _, want := range []string{"UTF8_STRING", "x-kde-passwordManagerHint"} {
		if !strings.Contains("\n"+targets, "\n"+want+"\n") {
			t.Errorf("the clipboard's TARGETS has no %s:\n%s", want, redact(targets))
		}
	}
	if got := s.clipboardTarget("x-kde-passwordManagerHint"); got != "secret" {
		t.Errorf("x-kde-passwordManagerHint reads %q, want \"secret\"", redact(got))
	}

	// OnceKey's own Paste reads the clipboard that OnceKey now serves.
	s.click("key.rotate")
	s.waitShown("rotate.keep-old")
	s.click("rotate.keep-old")
	entry := s.waitShown("rotate.entry")
	s.settle()
	empty := s.screenshot("clipboard-manager-rotate-empty.png")
	s.click("rotate.paste")
	s.settle()
	pasted := s.screenshot("clipboard-manager-rotate-pasted.png")
	// Right of the text cursor, which blinks, inside the entry's border.
	area := s.onScreen(entry.rect().Inset(4))
	area.Min.X += 20
	if changed := regionDiff(empty, pasted, area); changed < 50 {
		t.Errorf("Paste put nothing in Rotate's entry (%d pixels changed): it did not read the clipboard OnceKey serves", changed)
	}
	s.key("Escape")
	s.waitFor("the rotate dialog to close", func() bool { return !s.shows("rotate.entry") })

	// CopyQ has seen the copy by now (it stored the control within a
	// second); it must hold no trace of the key, in memory or on disk.
	time.Sleep(2 * time.Second)
	if cq.holds(key) {
		t.Error("CopyQ's history holds the key")
	}
	s.waitFor("the clipboard to be cleared", func() bool { return s.clipboard() == "" })
	if waited := time.Since(copied); waited < 9*time.Second {
		t.Errorf("the clipboard was cleared %v after the copy, before the 10 s delay", waited.Round(time.Second/10))
	}
	if cq.holds(key) {
		t.Error("CopyQ's history holds the key after the clear")
	}
	if !cq.holds(control) {
		t.Error("the ordinary copy left CopyQ's history")
	}
	s.settle()
	s.screenshot("clipboard-manager-cleared.png")
	s.close()
	cq.stop()
	cq.assertOnDiskOnly(control, key)
}

// writeWindowPrefs writes the window program's Fyne preferences in a home
// whose XDG config folder is config, before the window starts.
func writeWindowPrefs(t *testing.T, config, json string) {
	t.Helper()
	prefs := filepath.Join(config, "fyne", "app.oncekey.OnceKey", "preferences.json")
	if err := os.MkdirAll(filepath.Dir(prefs), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(prefs, []byte(json), 0o600); err != nil {
		t.Fatal(err)
	}
}

// clipboardTarget reads one target of the display's clipboard; "" when it
// is not served.
func (s *session) clipboardTarget(target string) string {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	cmd := commandContext(ctx, "xclip", "-o", "-selection", "clipboard", "-t", target)
	cmd.Env = append(cleanEnv(), "DISPLAY="+s.display)
	out, _ := cmd.Output()
	return string(out)
}

// copyAsAnotherProgram copies text as an ordinary program does; xclip
// serves it until another program copies.
func copyAsAnotherProgram(t *testing.T, display, text string) {
	t.Helper()
	cmd := command("xclip", "-i", "-selection", "clipboard", "-quiet")
	cmd.Env = append(cleanEnv(), "DISPLAY="+display)
	cmd.Stdin = strings.NewReader(text)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
}

// copyQ is a CopyQ server with a home of its own on the test's display.
type copyQ struct {
	t      *testing.T
	home   string
	env    []string
	server *exec.Cmd
	output *bytes.Buffer
}

func startCopyQ(t *testing.T, display string) *copyQ {
	t.Helper()
	home := t.TempDir()
	runtime := filepath.Join(home, "runtime")
	if err := os.MkdirAll(runtime, 0o700); err != nil {
		t.Fatal(err)
	}
	c := &copyQ{t: t, home: home, output: &bytes.Buffer{}}
	c.env = append(cleanEnv(), "DISPLAY="+display, "HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "XDG_DATA_HOME="+filepath.Join(home, ".local", "share"),
		"XDG_CACHE_HOME="+filepath.Join(home, ".cache"), "XDG_RUNTIME_DIR="+runtime, "QT_QPA_PLATFORM=xcb")
	// With no command, copyq runs its server in the foreground.
	c.server = command("copyq")
	c.server.Env = c.env
	c.server.Stdout, c.server.Stderr = c.output, c.output
	if err := c.server.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.stop)
	waitUntil(t, 30*time.Second, "CopyQ's server to answer", func() bool {
		_, err := c.run("count")
		return err == nil
	})
	// CopyQ 8 and later skip a copy with the hint by themselves; 6.4, which
	// Debian 12 ships, does with the rule from CopyQ's own FAQ.
	version, _ := c.run("version")
	if strings.Contains(version, "CopyQ Clipboard Manager v6.") || strings.Contains(version, "CopyQ Clipboard Manager 6.") {
		rule := `setCommands(commands().concat([{name: "Ignore password managers", automatic: true, ` +
			`input: "x-kde-passwordManagerHint", remove: true, cmd: "copyq ignore"}]))`
		if out, err := c.run("eval", "--", rule); err != nil {
			t.Fatalf("CopyQ did not take the rule for password managers: %v\n%s", err, out)
		}
	}
	t.Logf("%s", firstLine(version))
	return c
}

func (c *copyQ) run(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := commandContext(ctx, "copyq", args...)
	cmd.Env = c.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// holds reports whether any item of CopyQ's history contains text. Items
// are compared, never shown.
func (c *copyQ) holds(text string) bool {
	c.t.Helper()
	out, err := c.run("count")
	if err != nil {
		c.t.Fatalf("copyq count: %v", err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(out))
	if err != nil {
		c.t.Fatalf("copyq count gave %q", redact(out))
	}
	for i := 0; i < n; i++ {
		if item, err := c.run("read", strconv.Itoa(i)); err == nil && strings.Contains(item, text) {
			return true
		}
	}
	return false
}

// keepsAnOrdinaryCopy copies a text as another program would until CopyQ
// keeps it, and returns that text. CopyQ's clipboard monitor starts a
// moment after its server answers, and it ignores what was copied before.
func (c *copyQ) keepsAnOrdinaryCopy(display string) string {
	c.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		control := "an ordinary copy " + strconv.FormatInt(time.Now().UnixNano(), 36)
		copyAsAnotherProgram(c.t, display, control)
		for wait := time.Now().Add(2 * time.Second); time.Now().Before(wait); time.Sleep(100 * time.Millisecond) {
			if c.holds(control) {
				return control
			}
		}
	}
	c.t.Fatalf("CopyQ kept none of the ordinary copies made in 30 s, so it cannot show that it skips the key")
	return ""
}

// stop ends the server, so that it writes out everything it keeps.
func (c *copyQ) stop() {
	if c.server == nil || c.server.ProcessState != nil {
		return
	}
	_, _ = c.run("exit")
	done := make(chan struct{})
	go func() { _ = c.server.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = c.server.Process.Kill()
		<-done
	}
}

// assertOnDiskOnly fails if any file CopyQ wrote holds secret, or if none
// holds kept: what CopyQ keeps does reach its files, so the search can fail.
func (c *copyQ) assertOnDiskOnly(kept, secret string) {
	c.t.Helper()
	found := false
	err := filepath.WalkDir(c.home, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !d.Type().IsRegular() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		found = found || bytes.Contains(data, []byte(kept))
		if bytes.Contains(data, []byte(secret)) {
			c.t.Errorf("CopyQ's file %s holds the key", filepath.Base(path))
		}
		return nil
	})
	if err != nil {
		c.t.Fatal(err)
	}
	if !found {
		c.t.Error("no file of CopyQ's holds the ordinary copy it kept, so its history on disk could not be checked")
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
