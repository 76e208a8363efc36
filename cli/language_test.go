package cli

import (
	"os"
	"testing"

	"github.com/oncekey/oncekey/words"
)

// The tests and masters read English, whatever language this computer
// speaks; a test of another language chooses it and comes back to English.
func TestMain(m *testing.M) {
	words.SetLanguage("en")
	os.Exit(m.Run())
}
