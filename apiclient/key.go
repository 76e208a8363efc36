package apiclient

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on a key's length. OnceHub documents no key format, so these are
// generous bounds that still catch a half-copied key or a pasted paragraph.
const (
	MinKeyLen = 8
	MaxKeyLen = 512
)

// maskDots is what stands in for the hidden part of a key. It is always the
// same length so that a masked key does not reveal how long the key is.
const maskDots = "••••••••"

// InputProblem says what is wrong with a text given as a key.
type InputProblem int

// The problems. Zero means none.
const (
	InputOK          InputProblem = iota
	InputEmpty                    // nothing but white space
	InputEmptyQuotes              // nothing between a pair of quote marks
	InputOneQuote                 // a quote mark at one end only
	InputTwoKeys                  // two or more key-like lines
	InputLineBreak                // a line break inside the key
	InputSpace                    // white space inside the key
	InputNotASCII                 // characters outside printable ASCII
	InputTooShort                 // fewer than MinKeyLen characters
	InputTooLong                  // more than MaxKeyLen characters
)

var inputNames = [...]string{
	InputOK:          "ok",
	InputEmpty:       "empty",
	InputEmptyQuotes: "empty-quotes",
	InputOneQuote:    "one-quote",
	InputTwoKeys:     "two-keys",
	InputLineBreak:   "line-break",
	InputSpace:       "space",
	InputNotASCII:    "not-ascii",
	InputTooShort:    "too-short",
	InputTooLong:     "too-long",
}

// String returns the problem's stable identifier, such as "too-short".
func (p InputProblem) String() string {
	if p >= 0 && int(p) < len(inputNames) {
		return inputNames[p]
	}
	return "input(" + strconv.Itoa(int(p)) + ")"
}

// InputError says why a pasted text is not a usable key. It never
// contains the text itself.
type InputError struct {
	Problem InputProblem
	// Len is the text's length in characters, for InputTooShort.
	Len int
}

// Error returns a short technical description.
func (e *InputError) Error() string { return "not a usable key: " + e.Problem.String() }

func inputError(p InputProblem) *InputError { return &InputError{Problem: p} }

// quotePairs are the surrounding quote marks that copying from chats,
// documents and code snippets commonly adds around a key.
var quotePairs = [...][2]rune{
	{'"', '"'}, {'\'', '\''}, {'`', '`'},
	{'“', '”'}, {'‘', '’'}, {'«', '»'}, {'„', '“'},
}

// NormalizeKey turns pasted text into a key, or explains why it cannot be one.
//
// It trims surrounding white space and one pair of surrounding quote marks
// (a common copy accident), then accepts 8 to 512 printable ASCII characters
// with no white space inside. A quote mark at one end only is refused rather
// than kept: it is far likelier a copy accident than part of a key.
// On refusal the error is an *InputError, which never holds the input.
func NormalizeKey(raw string) (string, error) {
	s := strings.TrimFunc(raw, unicode.IsSpace)
	if s == "" {
		return "", inputError(InputEmpty)
	}
	s, err := stripQuotes(s)
	if err != nil {
		return "", err
	}
	if s == "" {
		return "", inputError(InputEmptyQuotes)
	}
	if strings.ContainsAny(s, "\r\n\u0085\u2028\u2029") {
		if looksLikeTwoKeys(s) {
			return "", inputError(InputTwoKeys)
		}
		return "", inputError(InputLineBreak)
	}
	if strings.IndexFunc(s, unicode.IsSpace) >= 0 {
		return "", inputError(InputSpace)
	}
	if strings.IndexFunc(s, func(r rune) bool { return r < 0x21 || r > 0x7e }) >= 0 {
		return "", inputError(InputNotASCII)
	}
	// From here on s is ASCII, so its length in bytes is its length in characters.
	if len(s) < MinKeyLen {
		return "", &InputError{Problem: InputTooShort, Len: len(s)}
	}
	if len(s) > MaxKeyLen {
		return "", inputError(InputTooLong)
	}
	return s, nil
}

// stripQuotes removes one pair of matching quote marks around s, and refuses
// a quote mark that has no partner at the other end.
func stripQuotes(s string) (string, error) {
	first, fn := utf8.DecodeRuneInString(s)
	last, ln := utf8.DecodeLastRuneInString(s)
	for _, p := range quotePairs {
		if first == p[0] && last == p[1] && len(s) >= fn+ln {
			return strings.TrimFunc(s[fn:len(s)-ln], unicode.IsSpace), nil
		}
	}
	if isQuote(first) || isQuote(last) {
		return "", inputError(InputOneQuote)
	}
	return s, nil
}

func isQuote(r rune) bool {
	for _, p := range quotePairs {
		if r == p[0] || r == p[1] {
			return true
		}
	}
	return false
}

// looksLikeTwoKeys reports whether text with line breaks is two or more lines
// that could each be a key on their own, as opposed to one key broken apart.
func looksLikeTwoKeys(s string) bool {
	lines := strings.FieldsFunc(s, func(r rune) bool {
		return r == '\r' || r == '\n' || r == '\u0085' || r == '\u2028' || r == '\u2029'
	})
	plausible := 0
	for _, l := range lines {
		l = strings.TrimFunc(l, unicode.IsSpace)
		if len(l) >= MinKeyLen && strings.IndexFunc(l, unicode.IsSpace) < 0 {
			plausible++
		}
	}
	return plausible >= 2
}

// Ending returns the last 4 characters of key, which OnceHub's own pages also
// show, so people can tell keys apart. For a key shorter than MinKeyLen it
// returns "": showing 4 characters would give away too much of it.
func Ending(key string) string {
	if utf8.RuneCountInString(key) < MinKeyLen {
		return ""
	}
	i := len(key)
	for n := 0; n < 4; n++ {
		_, size := utf8.DecodeLastRuneInString(key[:i])
		i -= size
	}
	return key[i:]
}

// Masked returns a fixed run of dots followed by the key's Ending, such as
// "••••••••1a2b". The number of dots does not depend on the key's length.
func Masked(key string) string {
	return MaskedEnding(Ending(key))
}

// MaskedEnding is Masked when only the key's ending is known, as it is from
// the list of keys while the keychain is still being read.
func MaskedEnding(ending string) string {
	return maskDots + ending
}
