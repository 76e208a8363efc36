package ui

import (
	"slices"

	"fyne.io/fyne/v2"

	"github.com/oncekey/oncekey/words"
)

// trayKey is what the tray's menu shows of a key: no part of it beyond the
// masked ending.
type trayKey struct {
	Name, Ending string
}

// trayCallbacks are the tray menu's actions.
type trayCallbacks struct {
	OnCopy func(name string)
	OnTest func(name string)
	OnOpen func()
	OnQuit func()
}

// trayMenu is the tray's menu: Copy and Test of the one key, or of each key
// under its name when there are several, then Open and Quit.
func trayMenu(list []trayKey, cb trayCallbacks) *fyne.Menu {
	var items []*fyne.MenuItem
	pair := func(name string) []*fyne.MenuItem {
		return []*fyne.MenuItem{
			fyne.NewMenuItem(words.TrayCopy(), func() { cb.OnCopy(name) }),
			fyne.NewMenuItem(words.TrayTest(), func() { cb.OnTest(name) }),
		}
	}
	switch {
	case len(list) == 1:
		items = append(items, pair(list[0].Name)...)
	case len(list) > 1:
		for _, k := range list {
			item := fyne.NewMenuItem(words.TrayKeyLabel(k.Name, k.Ending), nil)
			item.ChildMenu = fyne.NewMenu("", pair(k.Name)...)
			items = append(items, item)
		}
	}
	if len(items) > 0 {
		items = append(items, fyne.NewMenuItemSeparator())
	}
	quit := fyne.NewMenuItem(words.TrayQuit(), cb.OnQuit)
	// Marked as the quit item, so that Fyne does not add one of its own.
	quit.IsQuit = true
	items = append(items, fyne.NewMenuItem(words.TrayOpen(), cb.OnOpen), fyne.NewMenuItemSeparator(), quit)
	return fyne.NewMenu("OnceKey", items...)
}

// sameTrayKeys reports whether two lists give the same menu.
func sameTrayKeys(a, b []trayKey) bool { return slices.Equal(a, b) }
