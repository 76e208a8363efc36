package main

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestRatioRow(t *testing.T) {
	r := ratioRow("Start", "bare window", 230, 200, "ms", 1.15)
	if r.Ratio != "1.15×" || r.Met != "yes" || r.OnceKey != "230.0 ms" || r.Baseline != "200.0 ms (bare window)" {
		t.Errorf("at the target: %+v", r)
	}
	if r := ratioRow("Start", "bare window", 231, 200, "ms", 1.15); r.Met != "NO" {
		t.Errorf("just over the target: %+v", r)
	}
	if r := ratioRow("Size", "bare window", 24.6, 23.7, "MB", 0); r.Met != "" || r.Target != "—" || r.Ratio != "1.04×" {
		t.Errorf("without a target: %+v", r)
	}
	if r := ratioRow("Get", "tool", 3, 0, "ms", 1); r.Met != "NO" || r.Ratio != "—" {
		t.Errorf("a zero baseline cannot meet a ratio: %+v", r)
	}
}

func TestLimitRow(t *testing.T) {
	if r := limitRow("Cancel", 49.9, "ms", 50); r.Met != "yes" || r.Target != "< 50.0 ms" {
		t.Errorf("under the limit: %+v", r)
	}
	if r := limitRow("Cancel", 50, "ms", 50); r.Met != "NO" {
		t.Errorf("at the limit: %+v", r)
	}
	if r := limitRow("Cancel", 3.456, "ms", 50); r.OnceKey != "3.46 ms" {
		t.Errorf("small values keep two decimals: %q", r.OnceKey)
	}
}

func TestTablesLineUp(t *testing.T) {
	rows := []row{
		ratioRow("Start: exec to window mapped", "bare window", 180, 160, "ms", 1.15),
		limitRow("Cancel", 12, "ms", 50),
	}
	text := textTable(rows)
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("want header, rule and 2 rows, got:\n%s", text)
	}
	// Every cell starts where its header does.
	header := []rune(lines[0])
	for i, r := range rows {
		line := []rune(lines[2+i])
		for j, cell := range r.cells() {
			col := strings.Index(string(header), tableHeader.cells()[j])
			col = utf8.RuneCountInString(string(header)[:col])
			if got := string(line[col : col+utf8.RuneCountInString(cell)]); got != cell {
				t.Errorf("row %d, column %d: %q where %q should start, in:\n%s", i, j, got, cell, text)
			}
		}
	}
	if !strings.Contains(lines[3], "yes") || !strings.Contains(lines[2], "yes") {
		t.Errorf("met column missing:\n%s", text)
	}

	md := markdownTable([]row{{Figure: "a|b", OnceKey: "1", Baseline: "2", Ratio: "—", Target: "—"}})
	if !strings.Contains(md, `a\|b`) || strings.Count(md, "\n") != 3 || !strings.Contains(md, "| — |\n") {
		t.Errorf("markdown table:\n%s", md)
	}
}

func TestProgramEnvReplaces(t *testing.T) {
	env := programEnv([]string{"A=1", "DISPLAY=:0", "B=2"}, map[string]string{"DISPLAY": ":7", "C": "3"})
	got := strings.Join(env, " ")
	for _, want := range []string{"A=1", "B=2", "DISPLAY=:7", "C=3"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q missing from %q", want, got)
		}
	}
	if strings.Contains(got, "DISPLAY=:0") {
		t.Errorf("old DISPLAY kept: %q", got)
	}
}

func TestWithNotesKeepsTheHandWrittenPart(t *testing.T) {
	first := withNotes("# Report 1\n", "")
	if !strings.HasPrefix(first, "# Report 1\n\n"+notesMarker) {
		t.Fatalf("a first report does not end with the marker:\n%s", first)
	}
	edited := first + "\n## Findings\nFonts cost memory.\n"
	second := withNotes("# Report 2\n", edited)
	if !strings.HasPrefix(second, "# Report 2\n") || strings.Contains(second, "Report 1") {
		t.Errorf("the old figures were kept:\n%s", second)
	}
	if !strings.HasSuffix(second, notesMarker+"\n\n## Findings\nFonts cost memory.\n") {
		t.Errorf("the notes were not kept:\n%s", second)
	}
	if strings.Count(second, notesMarker) != 1 {
		t.Errorf("the marker is repeated:\n%s", second)
	}
}

func TestLoadAverages(t *testing.T) {
	if got := loadAverages("0.52 1.10 2.03 1/234 5678\n"); got != "0.52, 1.10, 2.03" {
		t.Errorf("loadAverages = %q", got)
	}
	if got := loadAverages(""); got != "" {
		t.Errorf("loadAverages of nothing = %q", got)
	}
}
