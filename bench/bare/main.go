// Command bare is the baseline of OnceKey's benchmark: the plainest Fyne
// window there is, a label and a button, built with the same flags as
// OnceKey. Whatever OnceKey costs beyond this is OnceKey's own.
package main

import (
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Title is what the benchmark looks for on the display.
const Title = "Bare Fyne window"

func main() {
	a := app.NewWithID("app.oncekey.bench.bare")
	w := a.NewWindow(Title)
	label := widget.NewLabel("A label")
	w.SetContent(container.NewVBox(label, widget.NewButton("A button", func() { label.SetText("Clicked") })))
	w.ShowAndRun()
}
