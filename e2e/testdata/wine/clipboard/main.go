//go:build windows

// Command clipboard reports what the Windows clipboard holds, for the tests
// that run OnceKey under Wine: the formats on it, and the text's length and
// SHA-256, never the text, since the text may be a key. It prints one line
// of JSON.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// cfUnicodeText is the standard clipboard format for UTF-16 text.
const cfUnicodeText = 13

var (
	user32          = windows.NewLazySystemDLL("user32.dll")
	kernel32        = windows.NewLazySystemDLL("kernel32.dll")
	openClipboard   = user32.NewProc("OpenClipboard")
	closeClipboard  = user32.NewProc("CloseClipboard")
	enumFormats     = user32.NewProc("EnumClipboardFormats")
	formatName      = user32.NewProc("GetClipboardFormatNameW")
	getData         = user32.NewProc("GetClipboardData")
	sequenceNumber  = user32.NewProc("GetClipboardSequenceNumber")
	globalLock      = kernel32.NewProc("GlobalLock")
	globalUnlock    = kernel32.NewProc("GlobalUnlock")
	globalSize      = kernel32.NewProc("GlobalSize")
	standardFormats = map[uintptr]string{1: "CF_TEXT", 7: "CF_OEMTEXT", 13: "CF_UNICODETEXT", 16: "CF_LOCALE"}
)

// report is what the tests read.
type report struct {
	Formats  []string `json:"formats"`
	HasText  bool     `json:"has_text"`
	TextLen  int      `json:"text_len"`
	TextHash string   `json:"text_sha256"`
	Sequence uint32   `json:"sequence"`
}

func main() {
	r, err := read()
	if err != nil {
		fmt.Fprintln(os.Stderr, "clipboard:", err)
		os.Exit(2)
	}
	_ = json.NewEncoder(os.Stdout).Encode(r)
}

func read() (report, error) {
	var r report
	// Another program (under Wine, its clipboard's sync with X) may hold
	// the clipboard open for a moment.
	var opened uintptr
	var err error
	for try := 0; try < 50 && opened == 0; try++ {
		if opened, _, err = openClipboard.Call(0); opened == 0 {
			time.Sleep(20 * time.Millisecond)
		}
	}
	if opened == 0 {
		return r, fmt.Errorf("OpenClipboard: %v", err)
	}
	defer closeClipboard.Call()
	seq, _, _ := sequenceNumber.Call()
	r.Sequence = uint32(seq)
	r.Formats = []string{}
	for f, _, _ := enumFormats.Call(0); f != 0; f, _, _ = enumFormats.Call(f) {
		r.Formats = append(r.Formats, nameOf(f))
	}
	h, _, _ := getData.Call(cfUnicodeText)
	if h == 0 {
		return r, nil
	}
	p, _, _ := globalLock.Call(h)
	if p == 0 {
		return r, nil
	}
	defer globalUnlock.Call(h)
	// The locked memory is the text, ending in a NUL within its size; p is
	// an address from Windows, read through a pointer to it so that no
	// uintptr becomes a pointer in Go's sight.
	size, _, _ := globalSize.Call(h)
	units := unsafe.Slice(*(**uint16)(unsafe.Pointer(&p)), size/2)
	text := windows.UTF16ToString(units)
	sum := sha256.Sum256([]byte(text))
	r.HasText, r.TextLen, r.TextHash = true, len(text), hex.EncodeToString(sum[:])
	return r, nil
}

// nameOf names a clipboard format: a standard one by its constant, a
// registered one by the name it was registered with.
func nameOf(f uintptr) string {
	if n, ok := standardFormats[f]; ok {
		return n
	}
	buf := make([]uint16, 256)
	if n, _, _ := formatName.Call(f, uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf))); n > 0 {
		return windows.UTF16ToString(buf[:n])
	}
	return fmt.Sprintf("format %d", f)
}
