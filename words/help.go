package words

// The Help dialog's words: the window's keyboard shortcuts, in the names
// printed on the keys of the language's keyboards (Strg and Entf on a
// German one, Suppr on a French one).

// HelpTitle is the Help dialog's title.
func HelpTitle() string { return tr("help.title") }

// HelpIntro comes before the shortcuts: how to reach every button
// without a mouse, and that a field being typed in keeps its keys.
func HelpIntro() string { return tr("help.intro") }

// HelpClose is the Help dialog's button.
func HelpClose() string { return tr("help.close") }

// Shortcut is one line of the Help dialog: what a key does, and the key.
type Shortcut struct {
	Action string // "Test the key"
	Keys   string // "Ctrl+T"
}

// Shortcuts are the window's keyboard shortcuts, in the order Help lists
// them. mac names the Mac's keys: Cmd for Ctrl, and Cmd+Delete for the
// Mac's delete key (Backspace elsewhere) where other systems use Delete.
// Cmd is printed so on the Mac's keyboards in every language.
func Shortcuts(mac bool) []Shortcut {
	mod, remove := tr("help.key.ctrl"), tr("help.key.delete")
	if mac {
		mod = "Cmd"
		remove = mod + "+" + tr("help.key.macDelete")
	}
	return []Shortcut{
		{Action: tr("help.action.test"), Keys: mod + "+T"},
		{Action: tr("help.action.copy"), Keys: mod + "+C"},
		{Action: tr("help.action.rotate"), Keys: mod + "+R"},
		{Action: tr("help.action.add"), Keys: mod + "+N"},
		{Action: tr("help.action.remove"), Keys: remove},
		{Action: tr("help.action.choose"), Keys: tr("help.key.upDown")},
		{Action: tr("help.action.close"), Keys: tr("help.key.escape")},
		{Action: tr("help.action.show"), Keys: "F1"},
	}
}
