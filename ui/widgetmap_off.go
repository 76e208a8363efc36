//go:build !e2ehooks

package ui

import "fyne.io/fyne/v2"

// nameWidget names a widget for the end-to-end tests' widget map, which
// only their builds have (widgetmap_on.go); here it does nothing.
func nameWidget(fyne.CanvasObject, string) {}

// startWidgetMap starts the end-to-end tests' widget map; here it does nothing.
func startWidgetMap(fyne.Window) {}
