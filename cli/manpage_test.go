package cli

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/oncekey/oncekey/words"
)

// manPage is the manual page's source, which the Debian package installs.
const manPage = "../docs/oncekey.1"

// TestManPageMatchesUsage keeps oncekey(1) true to the command line: each
// command's first line there is the line "oncekey help" prints, in the same
// order, and both name the same options and settings. The usage text is
// the one kept up to date with the code (its own tests run the commands).
func TestManPageMatchesUsage(t *testing.T) {
	src, err := os.ReadFile(manPage)
	if err != nil {
		t.Fatal(err)
	}
	usage := words.Usage()

	// The usage's command lines, without their explanations, which start
	// in the column its continued lines start in (one space may be all
	// there is before them).
	var want []string
	_, rest, _ := strings.Cut(usage, "\nUsage:\n")
	rest, _, _ = strings.Cut(rest, "\n\n")
	block := strings.Split(rest, "\n")
	column := 0
	for _, line := range block {
		if !strings.HasPrefix(line, "  oncekey") {
			column = len(line) - len(strings.TrimLeft(line, " "))
			break
		}
	}
	if column == 0 {
		t.Fatalf("the usage text has no explanation on a line of its own:\n%s", usage)
	}
	for _, line := range block {
		if !strings.HasPrefix(line, "  oncekey") {
			continue
		}
		if len(line) > column && line[column-1] == ' ' {
			line = line[:column]
		}
		if synopsis := strings.TrimSpace(line); synopsis != "oncekey" { // no command: the window, said in DESCRIPTION
			want = append(want, synopsis)
		}
	}
	if len(want) < 10 {
		t.Fatalf("found only %d commands in the usage text: %q", len(want), want)
	}

	var got []string // the man page's: a .TP, then a bold line naming oncekey
	lines := strings.Split(string(src), "\n")
	section := ""
	for i, line := range lines {
		if name, ok := strings.CutPrefix(line, ".SH "); ok {
			section = name
		}
		if section == "COMMANDS" && line == ".TP" && i+1 < len(lines) && strings.HasPrefix(lines[i+1], ".B oncekey") {
			got = append(got, plain(strings.TrimPrefix(lines[i+1], ".B ")))
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("the man page's commands differ from the usage text's:\n man page: %q\n usage:    %q", got, want)
	}

	text := plain(string(src))
	option := regexp.MustCompile(`--[a-z]+`)
	if m, u := unique(option.FindAllString(text, -1)), unique(option.FindAllString(usage, -1)); !slices.Equal(m, u) {
		t.Errorf("the man page names the options %q, the usage text %q", m, u)
	}
	_, settings, ok := strings.Cut(usage, "\nSettings:\n")
	if !ok {
		t.Fatal(`the usage text has no "Settings:"`)
	}
	_, environment, _ := strings.Cut(text, "\n.SH ENVIRONMENT\n")
	environment, _, _ = strings.Cut(environment, "\n.SH ")
	variable := regexp.MustCompile(`\b[A-Z][A-Z_]{3,}\b`)
	if m, u := unique(variable.FindAllString(environment, -1)), unique(variable.FindAllString(settings, -1)); !slices.Equal(m, u) {
		t.Errorf("the man page's ENVIRONMENT names %q, the usage text's settings %q", m, u)
	}
}

// plain is man page source as read: without font changes and with its
// escaped minus signs as typed, spaces single.
func plain(s string) string {
	s = regexp.MustCompile(`\\f[BIRP]`).ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, `\-`, "-")
	return regexp.MustCompile(` +`).ReplaceAllString(s, " ")
}

func unique(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}
