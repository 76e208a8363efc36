// Package plainlocale keeps Fyne from logging "Error parsing user locale C"
// when the system's language is the plain C or POSIX locale with a
// character set, such as LANG=C.UTF-8 on servers and in containers.
//
// Fyne's lang package reads the language in its init, before any code of
// the program runs, and cannot parse "C" from "C.UTF-8" (it does know bare
// "C" and "POSIX"). Go (1.21 on) initializes, at each step, the first
// package in import-path order whose imports are all initialized. This one
// imports only os and strings, so it is ready as soon as they are; lang
// also waits for text/template and golang.org/x/text/language, which sort
// after github.com/oncekey/... and so are never chosen while this package
// is ready and waiting. So its init runs before lang's, and tells lang "C".
// TestWindowInCLocale (e2e) checks it with the built window.
//
// When the value comes from LANG or LC_MESSAGES, init sets LC_MESSAGES to
// the bare name: messages in "C" or in "C.UTF-8" are the same untranslated
// messages, and the character set still comes from LANG, so the programs
// OnceKey starts (a browser for a link) see the same locale. LC_ALL sets
// every category, the character set too, so it is shortened only while
// lang reads it, and Restore puts it back.
package plainlocale

import (
	"os"
	"strings"
)

// languageVariables are the variables Fyne reads the language from, in
// its order: the first that is set decides.
var languageVariables = [...]string{"LC_ALL", "LC_MESSAGES", "LANG"}

// changed is the variable init shortened for a while, and its value.
var changed struct{ name, value string }

func init() {
	for _, name := range languageVariables {
		value := os.Getenv(name)
		if value == "" {
			continue
		}
		plain := plainName(value)
		switch {
		case plain == "" || plain == value:
		case name == "LC_ALL":
			changed.name, changed.value = name, value
			_ = os.Setenv(name, plain)
		default:
			_ = os.Setenv("LC_MESSAGES", plain)
		}
		return
	}
}

// plainName is "C" or "POSIX" for a value naming one of those locales with
// a character set or modifier ("C.UTF-8", "POSIX@euro"), else "".
func plainName(value string) string {
	base, _, _ := strings.Cut(value, "@")
	base, _, _ = strings.Cut(base, ".")
	if base == "C" || base == "POSIX" {
		return base
	}
	return ""
}

// Restore gives LC_ALL its original value back if init shortened it, so
// that the programs OnceKey starts see the system's locale unchanged. Call
// it once Fyne's lang package is initialized: from the main package's init
// or later.
func Restore() {
	if changed.name != "" {
		_ = os.Setenv(changed.name, changed.value)
		changed.name = ""
	}
}
