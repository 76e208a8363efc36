package words

import "golang.org/x/sys/windows"

// systemLanguages are the languages the environment asks for, as on other
// systems (a Unix-like shell on Windows sets them), and otherwise the
// display languages chosen in Windows' settings, in their order.
func systemLanguages() []string {
	if env := environmentLanguages(); len(env) > 0 {
		return env
	}
	langs, err := windows.GetUserPreferredUILanguages(windows.MUI_LANGUAGE_NAME)
	if err != nil {
		return nil
	}
	return langs
}
