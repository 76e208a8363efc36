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
				t.Errorf("got %s (%d characters), want %s (%d)", DescribeKey(got), len(got), DescribeKey(tc.want), len(tc.want))
			}
		})
	}
}

func TestNormalizeKeyRefuses(t *testing.T) {
	key := fakeKey(t)
	cases := []struct {
		name, raw string
		says      string // a phrase the message must contain
	}{
		{"empty", "", "No key was entered"},
		{"only spaces", "   \t  ", "No key was entered"},
		{"only quotes", `""`, "nothing between the quote marks"},
		{"inner space", key[:10] + " " + key[10:], "space inside"},
		{"inner tab", key[:10] + "\t" + key[10:], "space inside"},
		{"inner line break", key[:4] + "\n" + key[4:], "line break inside"},
		{"inner CR", key[:4] + "\r" + key[4:], "line break inside"},
		{"two lines", key + "\n" + fakeKey(t), "two keys"},
		{"two lines CRLF", key + "\r\n" + fakeKey(t) + "\r\n", "two keys"},
		{"NUL", key[:10] + "\x00" + key[10:], "not plain letters"},
		{"DEL", key + "\x7f", "not plain letters"},
		{"accented letter", key + "é", "not plain letters"},
		{"emoji", key + "🔑", "not plain letters"},
		{"zero-width space", key[:5] + "\u200b" + key[5:], "not plain letters"},
		{"invalid UTF-8", key + "\xff", "not plain letters"},
		{"seven characters", "abc1234", "it has 7 characters"},
		{"one character", "k", "it has 1 characters"},
		{"513 characters", strings.Repeat("k", MaxKeyLen+1), "too long"},
		{"a megabyte", strings.Repeat("k", 1<<20), "too long"},
		{"mismatched quotes", `"` + key + `'`, "quote mark at one end"},
		{"opening quote only", `"` + key, "quote mark at one end"},
		{"closing quote only", key + "”", "quote mark at one end"},
		{"lone quote", `"`, "quote mark at one end"},
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
			msg := err.Error()
			if msg != ie.Problem {
				t.Errorf("Error() differs from Problem")
			}
			if !strings.Contains(msg, tc.says) {
				t.Errorf("message %q does not say %q", msg, tc.says)
			}
			if strings.Contains(msg, key) || strings.Contains(msg, key[:8]) || strings.Contains(msg, key[len(key)-8:]) {
				t.Errorf("message repeats part of %s", DescribeKey(key))
			}
			if strings.Count(msg, ".") < 2 || !strings.HasSuffix(msg, ".") {
				t.Errorf("message %q is not a sentence plus a next step", msg)
			}
			if strings.ContainsAny(msg, "\r\n\x00") || len(msg) > 300 {
				t.Errorf("message is not one short plain text: %q", msg)
			}
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
	if got := DescribeKey("abcd1234"); got != "the key ending in 1234" {
		t.Errorf("DescribeKey = %q", got)
	}
	if got := DescribeKey("abc"); got != "the key" {
		t.Errorf("DescribeKey of a short text = %q", got)
	}
}
