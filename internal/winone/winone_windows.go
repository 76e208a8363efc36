//go:build windows

package winone

import (
	"errors"
	"sync"

	"golang.org/x/sys/windows"
)

// eventName is per session ("Local\"), as the window is.
const eventName = `Local\app.oncekey.OnceKey.window`

// Window is the claim of the one window.
type Window struct {
	event windows.Handle

	mu         sync.Mutex
	onActivate func()
}

// Claim makes this process the session's one OnceKey window. If another
// one runs, it signals that one to come forward and returns nil, false.
func Claim() (w *Window, first bool, err error) {
	name, err := windows.UTF16PtrFromString(eventName)
	if err != nil {
		return nil, false, err
	}
	// Auto-reset: each signal wakes the waiting window once.
	h, err := windows.CreateEvent(nil, 0, 0, name)
	if errors.Is(err, windows.ERROR_ALREADY_EXISTS) {
		defer windows.CloseHandle(h)
		if err := windows.SetEvent(h); err != nil {
			return nil, false, err
		}
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	w = &Window{event: h}
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

// wait runs for the life of the process: the event is closed only when it
// ends, which gives up the claim.
func (w *Window) wait() {
	for {
		if ev, err := windows.WaitForSingleObject(w.event, windows.INFINITE); err != nil || ev != windows.WAIT_OBJECT_0 {
			return
		}
		w.mu.Lock()
		f := w.onActivate
		w.mu.Unlock()
		if f != nil {
			f()
		}
	}
}
