//go:build windows

package winclip

import (
	"errors"
	"fmt"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

const (
	cfUnicodeText = 13
	gmemMoveable  = 0x0002
)

// markers are the formats that keep a copy out of clipboard history, cloud
// sync and clipboard monitors, with the data each is given.
var markers = []struct {
	name string
	data uint32
}{
	{"ExcludeClipboardContentFromMonitorProcessing", 0},
	{"CanIncludeInClipboardHistory", 0},
	{"CanUploadToCloudClipboard", 0},
}

var (
	user32         = windows.NewLazySystemDLL("user32.dll")
	kernel32       = windows.NewLazySystemDLL("kernel32.dll")
	openClipboard  = user32.NewProc("OpenClipboard")
	closeClipboard = user32.NewProc("CloseClipboard")
	emptyClipboard = user32.NewProc("EmptyClipboard")
	setData        = user32.NewProc("SetClipboardData")
	registerFormat = user32.NewProc("RegisterClipboardFormatW")
	sequenceNumber = user32.NewProc("GetClipboardSequenceNumber")
	globalAlloc    = kernel32.NewProc("GlobalAlloc")
	globalFree     = kernel32.NewProc("GlobalFree")
	globalLock     = kernel32.NewProc("GlobalLock")
	globalUnlock   = kernel32.NewProc("GlobalUnlock")
)

// ErrNoOwner is returned without a window to own the clipboard: Windows
// refuses data put on a clipboard opened with none.
var ErrNoOwner = errors.New("no window to own the clipboard")

// Copy puts text on the clipboard with the marker formats, owned by the
// window owner, and returns the clipboard's sequence number after it.
func Copy(owner uintptr, text string) (uint32, error) {
	units, err := windows.UTF16FromString(text)
	if err != nil {
		return 0, err
	}
	if err := open(owner); err != nil {
		return 0, err
	}
	err = func() error {
		defer closeClipboard.Call()
		if r, _, e := emptyClipboard.Call(); r == 0 {
			return fmt.Errorf("EmptyClipboard: %w", e)
		}
		if err := put(cfUnicodeText, unsafe.Pointer(&units[0]), uintptr(len(units)*2)); err != nil {
			return err
		}
		for _, m := range markers {
			name, _ := windows.UTF16PtrFromString(m.name)
			id, _, e := registerFormat.Call(uintptr(unsafe.Pointer(name)))
			if id == 0 {
				return fmt.Errorf("RegisterClipboardFormat %s: %w", m.name, e)
			}
			data := m.data
			if err := put(id, unsafe.Pointer(&data), unsafe.Sizeof(data)); err != nil {
				return err
			}
		}
		return nil
	}()
	// Zero the copy of the key in this process's memory.
	for i := range units {
		units[i] = 0
	}
	if err != nil {
		return 0, err
	}
	seq, _, _ := sequenceNumber.Call()
	return uint32(seq), nil
}

// ClearIfUnchanged empties the clipboard (it leaves an empty text, as
// clearing does elsewhere) if its sequence number is still seq, that is if
// nobody copied anything since OnceKey's copy, and reports whether it did.
func ClearIfUnchanged(owner uintptr, seq uint32) (bool, error) {
	if now, _, _ := sequenceNumber.Call(); uint32(now) != seq {
		return false, nil
	}
	if err := open(owner); err != nil {
		return false, err
	}
	defer closeClipboard.Call()
	// Checked again while the clipboard is held open, which no other
	// program can change.
	if now, _, _ := sequenceNumber.Call(); uint32(now) != seq {
		return false, nil
	}
	if r, _, e := emptyClipboard.Call(); r == 0 {
		return false, fmt.Errorf("EmptyClipboard: %w", e)
	}
	empty := []uint16{0}
	if err := put(cfUnicodeText, unsafe.Pointer(&empty[0]), 2); err != nil {
		return false, err
	}
	return true, nil
}

// open opens the clipboard for owner, waiting a little while another
// program holds it open.
func open(owner uintptr) error {
	if owner == 0 {
		return ErrNoOwner
	}
	var err error
	for try := 0; try < 20; try++ {
		var r uintptr
		if r, _, err = openClipboard.Call(owner); r != 0 {
			return nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	return fmt.Errorf("OpenClipboard: %w", err)
}

// put sets the clipboard's data of format to a copy of size bytes at src.
// Once SetClipboardData accepts the memory, Windows owns it.
func put(format uintptr, src unsafe.Pointer, size uintptr) error {
	h, _, e := globalAlloc.Call(gmemMoveable, size)
	if h == 0 {
		return fmt.Errorf("GlobalAlloc: %w", e)
	}
	p, _, e := globalLock.Call(h)
	if p == 0 {
		globalFree.Call(h)
		return fmt.Errorf("GlobalLock: %w", e)
	}
	// p is an address from Windows, read through a pointer to it so that
	// no uintptr becomes a pointer in Go's sight.
	dst := unsafe.Slice((*byte)(*(*unsafe.Pointer)(unsafe.Pointer(&p))), size)
	copy(dst, unsafe.Slice((*byte)(src), size))
	globalUnlock.Call(h)
	if r, _, e := setData.Call(format, h); r == 0 {
		globalFree.Call(h)
		return fmt.Errorf("SetClipboardData: %w", e)
	}
	return nil
}
