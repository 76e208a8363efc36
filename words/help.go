package words

// The Help dialog's words: the window's keyboard shortcuts, in the names
// printed on the keys.

// HelpTitle is the Help dialog's title.
func HelpTitle() string { return "Keyboard shortcuts" }

// HelpIntro comes before the shortcuts: how to reach every button
// without a mouse, and that a field being typed in keeps its keys.
func HelpIntro() string {
	return "Without a mouse, Tab moves to the next button or field (Shift+Tab goes back), " +
		"and Space presses the highlighted button. While you type in a field, keys such as Delete work on its text, as usual."
}

// HelpClose is the Help dialog's button.
func HelpClose() string { return "Close" }

// Shortcut is one line of the Help dialog: what a key does, and the key.
type Shortcut struct {
	Action string // "Test the key"
	Keys   string // "Ctrl+T"
}

// Shortcuts are the window's keyboard shortcuts, in the order Help lists
// them. mac names the Mac's keys: Cmd for Ctrl, and Cmd+Delete for the
// Mac's delete key (Backspace elsewhere) where other systems use Delete.
func Shortcuts(mac bool) []Shortcut {
	mod, remove := "Ctrl", "Delete"
	if mac {
		mod, remove = "Cmd", "Cmd+Delete"
	}
	return []Shortcut{
		{Action: "Test the key shown", Keys: mod + "+T"},
		{Action: "Copy the key shown", Keys: mod + "+C"},
		{Action: "Rotate the key shown", Keys: mod + "+R"},
		{Action: "Add a key", Keys: mod + "+N"},
		{Action: "Remove the key shown (OnceKey asks first)", Keys: remove},
		{Action: "Choose the key above or below in the list", Keys: "Up, Down"},
		{Action: "Close this help, or any other dialog", Keys: "Escape"},
		{Action: "Show this help", Keys: "F1"},
	}
}
