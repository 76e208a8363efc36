//go:build !windows

package words

// systemLanguages are the languages the environment asks for. On macOS a
// terminal sets LANG from the system's language; a window program started
// from Finder gets no such setting and speaks English.
func systemLanguages() []string { return environmentLanguages() }
