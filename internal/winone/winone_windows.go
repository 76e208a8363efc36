//go:build windows

package winone

import (
	"errors"
	"sync"

	"golang.org/x/sys/windows"
)

// The events are per session ("Local\"), as the window is: the first start
// waits on activate; a later start signals it and waits for ack.
const (
	activateName = `Local\app.oncekey.OnceKey.window`
	ackName      = `Local\app.oncekey.OnceKey.window-ack`
)

// ackWait bounds a later start's wait for the window to answer: a hung one
// must not hang the later start too.
const ackWait = 3000 // milliseconds

// ErrNotAnswering says another OnceKey window holds the claim but did not
// answer in time.
var ErrNotAnswering = errors.New("winone: the running OnceKey window did not answer")

// asfwAny lets any process take the foreground once: the window that is
// asked to come forward is in the background, and Windows lets it only
// with the leave of the process the user is using.
const asfwAny = 0xFFFFFFFF

var allowSetForegroundWindow = windows.NewLazySystemDLL("user32.dll").NewProc("AllowSetForegroundWindow")

// Window is the claim of the one window.
type Window struct {
	activate, ack windows.Handle

	mu         sync.Mutex
	onActivate func()
}

func event(name string) (windows.Handle, bool, error) {
	p, err := windows.UTF16PtrFromString(name)
	if err != nil {
		return 0, false, err
	}
	// Auto-reset: each signal wakes one wait, once.
	h, err := windows.CreateEvent(nil, 0, 0, p)
	if errors.Is(err, windows.ERROR_ALREADY_EXISTS) {
		return h, true, nil
	}
	return h, false, err
}

// Claim makes this process the session's one OnceKey window. If another
// one runs, it asks that one to come forward, waits for its answer, and
// returns nil, false (or ErrNotAnswering).
func Claim() (w *Window, first bool, err error) {
	activate, exists, err := event(activateName)
	if err != nil {
		return nil, false, err
	}
	ack, _, err := event(ackName)
	if err != nil {
		windows.CloseHandle(activate)
		return nil, false, err
	}
	if exists {
		defer windows.CloseHandle(activate)
		defer windows.CloseHandle(ack)
		_, _, _ = allowSetForegroundWindow.Call(asfwAny)
		if err := windows.SetEvent(activate); err != nil {
			return nil, false, err
		}
		if ev, err := windows.WaitForSingleObject(ack, ackWait); err != nil || ev != windows.WAIT_OBJECT_0 {
			return nil, false, ErrNotAnswering
		}
		return nil, false, nil
	}
	w = &Window{activate: activate, ack: ack}
	go w.wait()
	return w, true, nil
}

// OnActivate sets what runs when another start asks the window to come
// forward. It runs on a goroutine of its own.
func (w *Window) OnActivate(f func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.onActivate = f
}

// wait runs for the life of the process: the events are closed only when
// it ends, which gives up the claim.
func (w *Window) wait() {
	for {
		if ev, err := windows.WaitForSingleObject(w.activate, windows.INFINITE); err != nil || ev != windows.WAIT_OBJECT_0 {
			return
		}
		w.mu.Lock()
		f := w.onActivate
		w.mu.Unlock()
		if f != nil {
			f() // queued for the UI goroutine; before OnActivate the window is about to show anyway
		}
		_ = windows.SetEvent(w.ack)
	}
}
