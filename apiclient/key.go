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

// InputError says, in plain words, why a pasted text is not a usable key and
// what to do about it. It never contains the text itself.
type InputError struct {
	// Problem is one plain sentence on what is wrong, followed by the next step.
	Problem string

	// what and next are Problem's two halves, kept apart so that an Outcome
	// can show them in its own Summary and NextStep fields.
	what, next string
}

// Error returns Problem.
func (e *InputError) Error() string { return e.Problem }

func inputError(what, next string) *InputError {
	return &InputError{Problem: what + " " + next, what: what, next: next}
}

// copyAgain is the next step for most refusals: the fix is nearly always a
// clean copy from the page where OnceHub shows the key.
const copyAgain = "Copy the key again from OnceHub's API page and paste only the key."

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
// On refusal the error is an *InputError whose text never repeats the input.
func NormalizeKey(raw string) (string, error) {
	s := strings.TrimFunc(raw, unicode.IsSpace)
	if s == "" {
		return "", inputError("No key was entered.", "Paste the key from OnceHub's API page.")
	}
	s, err := stripQuotes(s)
	if err != nil {
		return "", err
	}
	if s == "" {
		return "", inputError("There is nothing between the quote marks.", "Paste the key from OnceHub's API page.")
	}
	if strings.ContainsAny(s, "\r\n\u0085\u2028\u2029") {
		if looksLikeTwoKeys(s) {
			return "", inputError("This looks like two keys, one on each line.", "Paste only one key.")
		}
		return "", inputError("The key has a line break inside it.", copyAgain)
	}
	if strings.IndexFunc(s, unicode.IsSpace) >= 0 {
		return "", inputError("The key has a space inside it, and keys have no spaces.", copyAgain)
	}
	if strings.IndexFunc(s, func(r rune) bool { return r < 0x21 || r > 0x7e }) >= 0 {
		return "", inputError("The key has characters that are not plain letters, digits or punctuation (such as accented letters, symbols or invisible characters).", copyAgain)
	}
	// From here on s is ASCII, so its length in bytes is its length in characters.
	if len(s) < MinKeyLen {
		return "", inputError("The key is too short: it has "+strconv.Itoa(len(s))+" characters, and a key has at least "+strconv.Itoa(MinKeyLen)+".", "Copy the whole key from OnceHub's API page.")
	}
	if len(s) > MaxKeyLen {
		return "", inputError("The text is too long to be a key: a key has at most "+strconv.Itoa(MaxKeyLen)+" characters.", copyAgain)
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
		return "", inputError("The key has a quote mark at one end but not a matching one at the other.", "Remove the quote marks, or copy the key again from OnceHub's API page.")
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

// DescribeKey names a key in messages without revealing it: "the key ending
// in 1a2b", or just "the key" when it is too short to show an ending.
func DescribeKey(key string) string {
	if e := Ending(key); e != "" {
		return "the key ending in " + e
	}
	return "the key"
}
