package apiclient

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalizeKeyAccepts(t *testing.T) {
	key := fakeKey(t)
	allPunct := "!#$%&()*+,-./:;<=>?@[\\]^_{|}~" // printable ASCII punctuation bar quotes
	cases := []struct {
		name, raw, want string
	}{
		{"plain", key, key},
		{"surrounding spaces and line breaks", " \t\r\n" + key + "\r\n ", key},
		{"double quotes", `"` + key + `"`, key},
		{"single quotes", `'` + key + `'`, key},
		{"backticks", "`" + key + "`", key},
		{"typographic double quotes", "“" + key + "”", key},
		{"typographic single quotes", "‘" + key + "’", key},
		{"quotes with spaces inside and out", `  " ` + key + ` "  `, key},
		{"only one pair removed", `""` + key + `""`, `"` + key + `"`},
		{"shortest", "abcd1234", "abcd1234"},
		{"longest", strings.Repeat("k", MaxKeyLen), strings.Repeat("k", MaxKeyLen)},
		{"punctuation", allPunct, allPunct},
		{"quote inside", "ab'cd\"ef", "ab'cd\"ef"},
		{"no-break space around", "\u00a0" + key + "\u00a0", key},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := NormalizeKey(tc.raw)
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if got != tc.want {
				t.Errorf("got %s (%d characters), want %s (%d)", keyName(got), len(got), keyName(tc.want), len(tc.want))
			}
		})
	}
}

func TestNormalizeKeyRefuses(t *testing.T) {
	key := fakeKey(t)
	cases := []struct {
		name, raw string
		problem   InputProblem
		length    int // Len, for InputTooShort
	}{
		{"empty", "", InputEmpty, 0},
		{"only spaces", "   \t  ", InputEmpty, 0},
		{"only quotes", `""`, InputEmptyQuotes, 0},
		{"inner space", key[:10] + " " + key[10:], InputSpace, 0},
		{"inner tab", key[:10] + "\t" + key[10:], InputSpace, 0},
		{"inner line break", key[:4] + "\n" + key[4:], InputLineBreak, 0},
		{"inner CR", key[:4] + "\r" + key[4:], InputLineBreak, 0},
		{"two lines", key + "\n" + fakeKey(t), InputTwoKeys, 0},
		{"two lines CRLF", key + "\r\n" + fakeKey(t) + "\r\n", InputTwoKeys, 0},
		{"NUL", key[:10] + "\x00" + key[10:], InputNotASCII, 0},
		{"DEL", key + "\x7f", InputNotASCII, 0},
		{"accented letter", key + "é", InputNotASCII, 0},
		{"emoji", key + "🔑", InputNotASCII, 0},
		{"zero-width space", key[:5] + "\u200b" + key[5:], InputNotASCII, 0},
		{"invalid UTF-8", key + "\xff", InputNotASCII, 0},
		{"seven characters", "abc1234", InputTooShort, 7},
		{"one character", "k", InputTooShort, 1},
		{"513 characters", strings.Repeat("k", MaxKeyLen+1), InputTooLong, 0},
		{"a megabyte", strings.Repeat("k", 1<<20), InputTooLong, 0},
		{"mismatched quotes", `"` + key + `'`, InputOneQuote, 0},
		{"opening quote only", `"` + key, InputOneQuote, 0},
		{"closing quote only", key + "”", InputOneQuote, 0},
		{"lone quote", `"`, InputOneQuote, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := NormalizeKey(tc.raw)
			if err == nil {
				t.Fatalf("accepted a text of %d bytes as a key of %d characters", len(tc.raw), len(got))
			}
			if got != "" {
				t.Errorf("returned a key along with an error")
			}
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error is %T, want *InputError", err)
			}
			if ie.Problem != tc.problem || ie.Len != tc.length {
				t.Errorf("problem %v, length %d; want %v, %d", ie.Problem, ie.Len, tc.problem, tc.length)
			}
			if msg := err.Error(); msg != "not a usable key: "+tc.problem.String() {
				t.Errorf("Error() = %q", msg)
			}
			checkErrorClean(t, err, key, key[:8], key[len(key)-8:])
		})
	}
}

func TestEndingAndMasked(t *testing.T) {
	key := fakeKey(t)
	if got := Ending(key); got != key[len(key)-4:] {
		t.Errorf("Ending = %q, want the last 4 characters", got)
	}
	if got := Ending("abcd1234"); got != "1234" {
		t.Errorf("Ending of an 8-character key = %q, want 1234", got)
	}
	for _, short := range []string{"", "a", "abcd", "abcdefg"} {
		if got := Ending(short); got != "" {
			t.Errorf("Ending of a %d-character text = %q, want empty", len(short), got)
		}
	}
	if got := Ending("ééééééé1é"); got != "éé1é" || !utf8.ValidString(got) {
		t.Errorf("Ending cut a character apart: %q", got)
	}

	short, long := Masked("abcd1234"), Masked(strings.Repeat("x", 500)+"wxyz")
	if !strings.HasSuffix(short, "1234") || !strings.HasSuffix(long, "wxyz") {
		t.Errorf("Masked does not end with the key's ending: %q, %q", short, long)
	}
	if utf8.RuneCountInString(short) != utf8.RuneCountInString(long) {
		t.Errorf("Masked reveals the key's length: %q vs %q", short, long)
	}
	if m := Masked(key); strings.Contains(m, key[:len(key)-4]) || utf8.RuneCountInString(m) != 12 {
		t.Errorf("Masked shows more than the ending")
	}
	if Masked("abc") != maskDots {
		t.Errorf("Masked of a short text shows part of it")
	}
}
