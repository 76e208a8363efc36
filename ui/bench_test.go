package ui

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/words"
)

// BenchmarkPresentOutcome measures the pure presentation decision for one
// outcome.
func BenchmarkPresentOutcome(b *testing.B) {
	o := cannedOutcome(apiclient.NotRecognised)
	for b.Loop() {
		_ = presentOutcome(o, testEpoch, testEpoch, true)
	}
}

// BenchmarkShowOutcome measures the UI goroutine's work to show a test
// result in the main view, including laying the view out again: the part
// of a Test click that is not the network.
func BenchmarkShowOutcome(b *testing.B) {
	h := newBenchHarness(b)
	works, refused := cannedOutcome(apiclient.Works), cannedOutcome(apiclient.NotRecognised)
	i := 0
	for b.Loop() {
		o := works
		if i%2 == 1 {
			o = refused // alternate, so the lines and buttons change each time
		}
		i++
		h.m.keyView.result.show(o, testEpoch, true, testEpoch)
	}
}

// BenchmarkCountdownTick measures one second's update of the copy note.
func BenchmarkCountdownTick(b *testing.B) {
	h := newBenchHarness(b)
	h.tap(h.m.keyView.copy)
	for b.Loop() {
		h.advance(1)
		h.m.keyView.setCopyNote(words.CopyNote(29e9, false))
		h.m.keyView.setCopyNote(words.CopyNote(28e9, false))
	}
}

func newBenchHarness(b *testing.B) *harness {
	b.Helper()
	h := newHarness(b, setup{tester: &cannedTester{outcome: cannedOutcome(apiclient.Works)}, storedKey: markupKey})
	h.m.win.Resize(fyne.NewSize(600, 520))
	h.waitFor("the key", func() bool { return h.key() != "" })
	return h
}
