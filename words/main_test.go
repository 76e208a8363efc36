package words

import (
	"os"
	"testing"
)

// The tests read English, whatever language this computer speaks; tests
// of other languages choose theirs and come back to English.
func TestMain(m *testing.M) {
	SetLanguage("en")
	os.Exit(m.Run())
}
