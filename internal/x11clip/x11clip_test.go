package x11clip

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// The tests run against a real X server, a private Xvfb, and read the
// clipboard with xclip as any other program would. Both come with
// ".ci/deps test", which "make test" runs first.

const canary = "x11clip-canary-Zq81"

// display starts a private Xvfb and returns its display name.
func display(t *testing.T) string {
	t.Helper()
	for _, tool := range []string{"Xvfb", "xclip"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed, and CI must run these tests (.ci/deps test installs it)", tool)
			}
			t.Skipf("%s is not installed (.ci/deps test installs it)", tool)
		}
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	x := exec.Command("Xvfb", "-displayfd", "3", "-nolisten", "tcp", "-screen", "0", "640x480x24")
	x.ExtraFiles = []*os.File{w}
	if err := x.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	t.Cleanup(func() { _ = x.Process.Kill(); _ = x.Wait() })
	number := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		number <- strings.TrimSpace(line)
	}()
	select {
	case n := <-number:
		if n == "" {
			t.Fatal("Xvfb gave no display number")
		}
		return ":" + n
	case <-time.After(20 * time.Second):
		t.Fatal("Xvfb did not start within 20 s")
	}
	return ""
}

func open(t *testing.T, disp string) *Owner {
	t.Helper()
	o, err := Open(disp)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(o.Close)
	return o
}

// xclip reads the clipboard's target as another program would; ok is
// false when nothing is served.
func xclip(t *testing.T, disp string, target string) (string, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "xclip", "-o", "-selection", "clipboard", "-t", target)
	cmd.Env = append(os.Environ(), "DISPLAY="+disp)
	out, err := cmd.Output()
	return string(out), err == nil
}

// copyOther copies text as another program, which then serves it until
// the test ends.
func copyOther(t *testing.T, disp, text string) {
	t.Helper()
	cmd := exec.Command("xclip", "-i", "-selection", "clipboard", "-quiet")
	cmd.Env = append(os.Environ(), "DISPLAY="+disp)
	cmd.Stdin = strings.NewReader(text)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("still not %s after 10 s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestACopyServesTheTextAndTheHint(t *testing.T) {
	disp := display(t)
	o := open(t, disp)
	if _, err := o.Copy(canary); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"UTF8_STRING", "STRING", "TEXT", "text/plain;charset=utf-8", "text/plain"} {
		if got, ok := xclip(t, disp, target); !ok || got != canary {
			t.Errorf("target %s: read %d characters (ok %v), not the copied text", target, len(got), ok)
		}
	}
	targets, ok := xclip(t, disp, "TARGETS")
	if !ok {
		t.Fatal("TARGETS could not be read")
	}
	for _, want := range []string{"TARGETS", "TIMESTAMP", "UTF8_STRING", "STRING", PasswordManagerHint} {
		if !strings.Contains("\n"+targets, "\n"+want+"\n") {
			t.Errorf("TARGETS has no %s:\n%s", want, targets)
		}
	}
	if got, ok := xclip(t, disp, PasswordManagerHint); !ok || got != HintValue {
		t.Errorf("%s reads %q (ok %v), want %q", PasswordManagerHint, got, ok, HintValue)
	}
	if _, ok := xclip(t, disp, "image/png"); ok {
		t.Error("a target that is not offered was served")
	}
}

func TestTextOutsideLatin1IsNotServedAsString(t *testing.T) {
	disp := display(t)
	o := open(t, disp)
	if _, err := o.Copy("Zürich €"); err != nil {
		t.Fatal(err)
	}
	if got, ok := xclip(t, disp, "UTF8_STRING"); !ok || got != "Zürich €" {
		t.Errorf("UTF8_STRING reads %q (ok %v)", got, ok)
	}
	if got, ok := xclip(t, disp, "STRING"); ok {
		t.Errorf("STRING served %q for text that Latin-1 cannot hold", got)
	}
}

func TestClearGivesUpTheClipboard(t *testing.T) {
	disp := display(t)
	o := open(t, disp)
	n, err := o.Copy(canary)
	if err != nil {
		t.Fatal(err)
	}
	cleared, err := o.ClearIfUnchanged(n)
	if err != nil || !cleared {
		t.Fatalf("ClearIfUnchanged = %v, %v; want true", cleared, err)
	}
	if got, ok := xclip(t, disp, "UTF8_STRING"); ok && got != "" {
		t.Errorf("after the clear the clipboard still serves %d characters", len(got))
	}
	if o.Owns() {
		t.Error("still the owner after the clear")
	}
	// As the X server sees it: nobody owns the clipboard, rather than an
	// owner that refuses to answer.
	if owner := ownerOf(t, disp); owner != xproto.WindowNone {
		t.Errorf("after the clear the X server names window %d as the clipboard's owner", owner)
	}
}

// ownerOf asks the X server, on a connection of the test's own, which
// window owns the clipboard.
func ownerOf(t *testing.T, disp string) xproto.Window {
	t.Helper()
	conn, err := xgb.NewConnDisplay(disp)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	name := "CLIPBOARD"
	atom, err := xproto.InternAtom(conn, false, uint16(len(name)), name).Reply()
	if err != nil {
		t.Fatal(err)
	}
	reply, err := xproto.GetSelectionOwner(conn, atom.Atom).Reply()
	if err != nil {
		t.Fatal(err)
	}
	return reply.Owner
}

func TestAnotherProgramsCopyIsLeftAlone(t *testing.T) {
	disp := display(t)
	o := open(t, disp)
	n, err := o.Copy(canary)
	if err != nil {
		t.Fatal(err)
	}
	copyOther(t, disp, "the admin's own copy")
	waitFor(t, "told of the other copy (SelectionClear)", func() bool { return !o.Owns() })
	cleared, err := o.ClearIfUnchanged(n)
	if err != nil || cleared {
		t.Fatalf("ClearIfUnchanged = %v, %v; want false", cleared, err)
	}
	if got, _ := xclip(t, disp, "UTF8_STRING"); got != "the admin's own copy" {
		t.Errorf("the other program's copy was touched: the clipboard reads %q", got)
	}
}

func TestAClearForAnEarlierCopyLeavesTheLaterOne(t *testing.T) {
	disp := display(t)
	o := open(t, disp)
	first, err := o.Copy("first-" + canary)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.Copy(canary); err != nil {
		t.Fatal(err)
	}
	if cleared, _ := o.ClearIfUnchanged(first); cleared {
		t.Fatal("the first copy's clear took away the second copy")
	}
	if got, ok := xclip(t, disp, "UTF8_STRING"); !ok || got != canary {
		t.Errorf("the second copy is not served (read %d characters, ok %v)", len(got), ok)
	}
}

// After Close nothing is served, whether Close gave the clipboard up or the
// X server dropped it with the connection.
func TestAfterCloseNothingIsServed(t *testing.T) {
	disp := display(t)
	o, err := Open(disp)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.Copy(canary); err != nil {
		t.Fatal(err)
	}
	o.Close()
	if got, ok := xclip(t, disp, "UTF8_STRING"); ok && got != "" {
		t.Errorf("after Close the clipboard still serves %d characters", len(got))
	}
}

func TestOpenWithoutAnXServerFails(t *testing.T) {
	if _, err := Open(":4711"); err == nil {
		t.Fatal("Open of a display that does not exist succeeded")
	}
}
