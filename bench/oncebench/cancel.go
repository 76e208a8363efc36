package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/internal/fakeoncehub"
	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
	"github.com/oncekey/oncekey/ui"
)

// cancelCommand is the hidden command that opens OnceKey's window (the ui
// package, as the program builds it) in a fresh process and clicks Cancel
// in it while a test waits on a server that never answers.
const cancelCommand = "cancel-window"

// cancelResults are, for each click on Cancel, how long until the test's
// context was cancelled (the click was handled) and until the window was
// idle again (the busy line gone, Test enabled).
type cancelResults struct {
	Handled []time.Duration
	Idle    []time.Duration
}

// watchedTester passes tests on and notes when the window cancels one and
// when the test returns.
type watchedTester struct {
	inner     keys.Tester
	cancelled chan time.Time
	returned  chan apiclient.Kind
}

func (w *watchedTester) Test(ctx context.Context, key string) apiclient.Outcome {
	done := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			select {
			case w.cancelled <- time.Now():
			default:
			}
		case <-done:
		}
	}()
	o := w.inner.Test(ctx, key)
	close(done)
	select {
	case w.returned <- o.Kind:
	default:
	}
	return o
}

func (w *watchedTester) Warm(ctx context.Context) error { return w.inner.Warm(ctx) }

// measureCancel runs the cancel command in a fresh process on display and
// reads its results.
func measureCancel(ctx context.Context, display string, env []string, rounds int) (cancelResults, error) {
	var res cancelResults
	self, err := os.Executable()
	if err != nil {
		return res, err
	}
	cmd := exec.CommandContext(ctx, self, cancelCommand, fmt.Sprint(rounds))
	cmd.Env = append(env, "DISPLAY="+display)
	var errOut strings.Builder
	cmd.Stderr = &errOut
	out, err := cmd.Output()
	if err != nil {
		return res, fmt.Errorf("the Cancel measurement failed: %v\n%s", err, errOut.String())
	}
	if err := json.Unmarshal(out, &res); err != nil {
		return res, fmt.Errorf("the Cancel measurement printed %q: %v", out, err)
	}
	return res, nil
}

// runCancelWindow is the cancel command: a real Fyne window on DISPLAY with
// OnceKey's ui, a real keychain holding a key, and an API server that never
// answers. The clicks are real X input (XTEST), so they go through the X
// server, GLFW's event loop and Fyne like a user's.
func runCancelWindow(stdout io.Writer, rounds int) error {
	key, err := fakeKey()
	if err != nil {
		return err
	}
	srv, err := startAPIServer(key, "bench@example.com", true)
	if err != nil {
		return err
	}
	defer srv.Close()
	client, err := apiclient.New(apiclient.Config{BaseURL: srv.URL, Version: "bench", RootCAs: srv.Pool})
	if err != nil {
		return err
	}
	store := keystore.NewKeychain(10 * time.Second)
	if err := store.Save(context.Background(), keystore.DefaultName, key); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "oncekey-bench-cancel")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	index, err := keystore.LoadIndex(filepath.Join(dir, "keys.json"))
	if err != nil {
		return err
	}
	if err := index.Put(keystore.KeyInfo{Name: keystore.DefaultName, Ending: apiclient.Ending(key), SavedAt: time.Now()}); err != nil {
		return err
	}

	x, err := dialX(os.Getenv("DISPLAY"))
	if err != nil {
		return err
	}
	defer x.Close()
	if err := x.WatchTopLevel(); err != nil {
		return err
	}
	if err := x.InitXTest(); err != nil {
		return err
	}

	tester := &watchedTester{inner: client, cancelled: make(chan time.Time, 1), returned: make(chan apiclient.Kind, 1)}
	a := app.NewWithID("app.oncekey.bench.cancel")
	m := ui.NewMainWindow(a, ui.Deps{Keys: keys.New(keys.Config{Store: store, Index: index, Tester: tester})})
	var res cancelResults
	var driveErr error
	go func() {
		res, driveErr = driveCancel(x, m.Window(), srv, tester, rounds)
		fyne.Do(a.Quit)
	}()
	m.ShowAndRun()
	if driveErr != nil {
		return driveErr
	}
	return json.NewEncoder(stdout).Encode(res)
}

// driveCancel clicks Test, waits for the request to be held by the server,
// then clicks Cancel and times what follows, rounds times.
func driveCancel(x *xConn, w fyne.Window, srv *fakeoncehub.Server, tester *watchedTester, rounds int) (cancelResults, error) {
	var res cancelResults
	deadline := time.Now().Add(30 * time.Second)
	var win uint32
	for win == 0 {
		ev, err := x.NextEvent(deadline)
		if err != nil {
			return res, fmt.Errorf("waiting for OnceKey's window: %w", err)
		}
		if ev.Code() == xMapNotify && ev.U32(4) == x.Root {
			if name, err := x.WindowName(ev.U32(8)); err == nil && name == "OnceKey" {
				win = ev.U32(8)
			}
		}
	}
	pointAt := func(label string, enabled bool) error {
		var pos fyne.Position
		var found bool
		if err := waitUntil(10*time.Second, func() bool {
			fyne.DoAndWait(func() { pos, found = buttonCentre(w, label, enabled) })
			return found
		}); err != nil {
			return fmt.Errorf("the %s button did not show up (enabled: %v): %w", label, enabled, err)
		}
		g, err := x.Geometry(win)
		if err != nil {
			return err
		}
		return x.MovePointer(g.X+int(pos.X), g.Y+int(pos.Y))
	}

	for i := 0; i < rounds; i++ {
		// A click on Test is what starts a round, not what is measured: one
		// that is lost (seen about once in twenty runs, cause not found) is
		// made again, and only three lost in a row fail the benchmark.
		// A click is made again only while the window is still idle, with
		// Test enabled: a test that is merely slow to arrive is waited for.
		var reached error
		for try := 0; try < 3; try++ {
			if err := pointAt("Test", true); err != nil {
				return res, err
			}
			if err := x.Click(); err != nil {
				return res, err
			}
			if reached = waitUntil(3*time.Second, func() bool { return srv.InFlight() == 1 }); reached == nil {
				break
			}
			var idle bool
			fyne.DoAndWait(func() { _, idle = buttonCentre(w, "Test", true) })
			if !idle {
				reached = waitUntil(10*time.Second, func() bool { return srv.InFlight() == 1 })
				break
			}
		}
		if reached != nil {
			return res, fmt.Errorf("round %d: three clicks on Test, and no test reached the server: %w", i+1, reached)
		}
		if err := pointAt("Cancel", true); err != nil {
			return res, err
		}
		time.Sleep(300 * time.Millisecond) // the busy indicator turns meanwhile, as it would for a user
		select {
		case <-tester.cancelled:
			return res, errors.New("the test was cancelled before the click on Cancel")
		default:
		}

		t0 := time.Now()
		if err := x.Click(); err != nil {
			return res, err
		}
		var handled time.Time
		select {
		case handled = <-tester.cancelled:
		case <-time.After(10 * time.Second):
			return res, errors.New("a click on Cancel did not cancel the test within 10 s")
		}
		select {
		case kind := <-tester.returned:
			if kind != apiclient.Cancelled {
				return res, fmt.Errorf("the cancelled test came back as %s", kind)
			}
		case <-time.After(10 * time.Second):
			return res, errors.New("the cancelled test did not return within 10 s")
		}
		var idle time.Time
		if err := waitUntil(10*time.Second, func() bool {
			var busy bool
			fyne.DoAndWait(func() {
				_, busy = buttonCentre(w, "Cancel", false)
				if !busy {
					_, ready := buttonCentre(w, "Test", true)
					busy = !ready
				}
				idle = time.Now()
			})
			return !busy
		}); err != nil {
			return res, fmt.Errorf("the window did not come back from the test: %w", err)
		}
		res.Handled = append(res.Handled, handled.Sub(t0))
		res.Idle = append(res.Idle, idle.Sub(t0))
		if err := waitUntil(10*time.Second, func() bool { return srv.InFlight() == 0 }); err != nil {
			return res, fmt.Errorf("the server still holds the cancelled request: %w", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	return res, nil
}

// waitUntil calls cond every millisecond until it holds.
func waitUntil(limit time.Duration, cond func() bool) error {
	end := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(end) {
			return errTimeout
		}
		time.Sleep(time.Millisecond)
	}
	return nil
}

// buttonCentre finds a shown button labelled label (enabled, when enabled
// is true) in w and returns its centre in window pixels. It must run on
// Fyne's goroutine.
func buttonCentre(w fyne.Window, label string, enabled bool) (fyne.Position, bool) {
	obj := findButton(w.Content(), label, enabled)
	if obj == nil {
		return fyne.Position{}, false
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(obj)
	size := obj.Size()
	scale := w.Canvas().Scale()
	return fyne.NewPos((pos.X+size.Width/2)*scale, (pos.Y+size.Height/2)*scale), true
}

// findButton walks the shown objects under o for a tappable widget whose
// Text is label. Buttons of the ui package's own types embed
// widget.Button, so the label is read by reflection rather than by type.
func findButton(o fyne.CanvasObject, label string, enabled bool) fyne.CanvasObject {
	if o == nil || !o.Visible() {
		return nil
	}
	switch c := o.(type) {
	case *fyne.Container:
		for _, child := range c.Objects {
			if found := findButton(child, label, enabled); found != nil {
				return found
			}
		}
		return nil
	case *container.Scroll:
		return findButton(c.Content, label, enabled)
	}
	if _, ok := o.(fyne.Tappable); !ok {
		return nil
	}
	v := reflect.ValueOf(o)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	text := v.Elem().FieldByName("Text")
	if !text.IsValid() || text.Kind() != reflect.String || text.String() != label {
		return nil
	}
	if d, ok := o.(fyne.Disableable); ok && enabled && d.Disabled() {
		return nil
	}
	return o
}
