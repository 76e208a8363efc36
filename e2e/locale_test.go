//go:build e2e

package e2e

import (
	"strings"
	"testing"
)

// TestWindowInCLocale: with the plain C locale and a character set
// (LANG=C.UTF-8, as on servers and in containers), the window opens on its
// main view and prints none of Fyne's "Error parsing user locale" lines,
// which Fyne writes at start for that locale unless OnceKey prevents it.
func TestWindowInCLocale(t *testing.T) {
	for _, locale := range []string{"LANG=C.UTF-8", "LC_ALL=C.UTF-8", "LC_MESSAGES=C.utf8"} {
		t.Run(locale, func(t *testing.T) {
			r := newRig(t)
			key := canaryKey(t)
			r.api.AddKey(key, "admin@example.com")
			r.saveKey(key)
			requireTools(t, "Xvfb", "xdotool", "xclip", "import")
			s := startWindow(t, startXvfb(t), r.home.home, r.env(locale))
			s.testUntil("works")
			s.close()
			if out := s.output.String(); strings.Contains(out, "locale") {
				t.Errorf("with %s the window printed:\n%s", locale, redact(out))
			}
		})
	}
}
