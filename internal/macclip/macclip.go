//go:build darwin

// Package macclip puts a key on the macOS pasteboard marked concealed
// (org.nspasteboard.ConcealedType), which clipboard history tools read as
// "a password manager's copy: do not keep it", and clears it later only if
// nothing was copied since.
//
// Fyne's clipboard offers plain text only. This package calls AppKit
// through purego's Objective-C bindings, so the build needs no cgo beyond
// what Fyne has. It has not yet run on a Mac: nothing here can run a Mac
// build, so the window uses it only when built with the tag
// "macconcealed" (see the README) until it has.
package macclip

import (
	"errors"
	"sync"

	"github.com/ebitengine/purego"
	"github.com/ebitengine/purego/objc"
)

// ConcealedType is the pasteboard type that marks a copy as a secret
// (nspasteboard.org); plainText is NSPasteboardTypeString.
const (
	ConcealedType = "org.nspasteboard.ConcealedType"
	plainText     = "public.utf8-plain-text"
)

const appKit = "/System/Library/Frameworks/AppKit.framework/AppKit"

var (
	loadOnce sync.Once
	loadErr  error

	selGeneral, selClear, selChangeCount, selSetString, selString, selData, selSetData objc.SEL
)

func load() error {
	loadOnce.Do(func() {
		if _, err := purego.Dlopen(appKit, purego.RTLD_GLOBAL|purego.RTLD_NOW); err != nil {
			loadErr = err
			return
		}
		selGeneral = objc.RegisterName("generalPasteboard")
		selClear = objc.RegisterName("clearContents")
		selChangeCount = objc.RegisterName("changeCount")
		selSetString = objc.RegisterName("setString:forType:")
		selString = objc.RegisterName("stringWithUTF8String:")
		selData = objc.RegisterName("data")
		selSetData = objc.RegisterName("setData:forType:")
	})
	return loadErr
}

// nsString makes an NSString from text; NUL-terminated, as the selector
// expects.
func nsString(text string) objc.ID {
	b := append([]byte(text), 0)
	return objc.ID(objc.GetClass("NSString")).Send(selString, &b[0])
}

func pasteboard() objc.ID {
	return objc.ID(objc.GetClass("NSPasteboard")).Send(selGeneral)
}

// Copy puts text on the general pasteboard with the concealed marker, and
// returns the pasteboard's change count after it, for ClearIfUnchanged.
func Copy(text string) (int, error) {
	if err := load(); err != nil {
		return 0, err
	}
	pb := pasteboard()
	if pb == 0 {
		return 0, errors.New("macclip: no general pasteboard")
	}
	objc.Send[int](pb, selClear)
	if !objc.Send[bool](pb, selSetString, nsString(text), nsString(plainText)) {
		return 0, errors.New("macclip: the pasteboard refused the text")
	}
	empty := objc.ID(objc.GetClass("NSData")).Send(selData)
	objc.Send[bool](pb, selSetData, empty, nsString(ConcealedType))
	return objc.Send[int](pb, selChangeCount), nil
}

// ClearIfUnchanged empties the pasteboard if its change count is still the
// one Copy returned, and reports whether it did.
func ClearIfUnchanged(changeCount int) (bool, error) {
	if err := load(); err != nil {
		return false, err
	}
	pb := pasteboard()
	if pb == 0 || objc.Send[int](pb, selChangeCount) != changeCount {
		return false, nil
	}
	objc.Send[int](pb, selClear)
	return true, nil
}
