package main

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
	"unicode/utf8"
)

// row is one line of the results table.
type row struct {
	Figure   string
	OnceKey  string
	Baseline string
	Ratio    string
	Target   string
	Met      string // "yes", "NO", or "" for a figure without a target
}

// ratioRow compares a OnceKey figure with its baseline's. maxRatio <= 0
// means the figure has no target and is only reported.
func ratioRow(figure, baseName string, onceKey, baseline float64, unit string, maxRatio float64) row {
	r := row{
		Figure:   figure,
		OnceKey:  formatValue(onceKey, unit),
		Baseline: formatValue(baseline, unit) + " (" + baseName + ")",
		Ratio:    "—",
		Target:   "—",
	}
	if baseline > 0 {
		r.Ratio = fmt.Sprintf("%.2f×", onceKey/baseline)
	}
	if maxRatio > 0 {
		r.Target = fmt.Sprintf("≤ %.2f×", maxRatio)
		r.Met = metWord(baseline > 0 && onceKey/baseline <= maxRatio)
	}
	return r
}

// limitRow checks a OnceKey figure against an absolute limit (strictly
// below it).
func limitRow(figure string, onceKey float64, unit string, limit float64) row {
	return row{
		Figure:   figure,
		OnceKey:  formatValue(onceKey, unit),
		Baseline: "—",
		Ratio:    "—",
		Target:   "< " + formatValue(limit, unit),
		Met:      metWord(onceKey < limit),
	}
}

func metWord(ok bool) string {
	if ok {
		return "yes"
	}
	return "NO"
}

func formatValue(v float64, unit string) string {
	switch unit {
	case "ms":
		if v < 10 {
			return fmt.Sprintf("%.2f ms", v)
		}
		return fmt.Sprintf("%.1f ms", v)
	case "MB":
		return fmt.Sprintf("%.1f MB", v)
	}
	return fmt.Sprintf("%g %s", v, unit)
}

var tableHeader = row{"Figure", "OnceKey", "Baseline", "Ratio", "Target", "Met?"}

func (r row) cells() []string {
	met := r.Met
	if met == "" {
		met = "—"
	}
	return []string{r.Figure, r.OnceKey, r.Baseline, r.Ratio, r.Target, met}
}

// textTable lays rows out in aligned columns for a terminal.
func textTable(rows []row) string {
	all := append([]row{tableHeader}, rows...)
	widths := make([]int, 6)
	for _, r := range all {
		for i, c := range r.cells() {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	var b strings.Builder
	for n, r := range all {
		for i, c := range r.cells() {
			if i > 0 {
				b.WriteString("  ")
			}
			b.WriteString(c)
			if i < len(widths)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c)))
			}
		}
		b.WriteString("\n")
		if n == 0 {
			total := 2 * (len(widths) - 1)
			for _, w := range widths {
				total += w
			}
			b.WriteString(strings.Repeat("-", total) + "\n")
		}
	}
	return b.String()
}

// markdownTable writes rows as a Markdown table.
func markdownTable(rows []row) string {
	var b strings.Builder
	line := func(cells []string) {
		for i, c := range cells {
			cells[i] = strings.ReplaceAll(c, "|", `\|`)
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	line(tableHeader.cells())
	b.WriteString("|---|---|---|---|---|---|\n")
	for _, r := range rows {
		line(r.cells())
	}
	return b.String()
}

// machine describes the computer the benchmark ran on.
type machine struct {
	CPUs, CPUModel, Memory, OS, Kernel, Go, Fyne, Curl string
	Load                                               string // load averages (1, 5, 15 minutes) when the run began
}

func describeMachine() machine {
	m := machine{
		CPUs:     fmt.Sprint(runtime.NumCPU()),
		CPUModel: procField("/proc/cpuinfo", "model name"),
		OS:       osRelease(),
		Kernel:   strings.TrimSpace(readFile("/proc/sys/kernel/osrelease")),
		Go:       runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH,
		Fyne:     moduleVersion("fyne.io/fyne/v2"),
		Load:     loadAverages(readFile("/proc/loadavg")),
	}
	if kb := procField("/proc/meminfo", "MemTotal"); kb != "" {
		var n float64
		if _, err := fmt.Sscanf(kb, "%g", &n); err == nil {
			m.Memory = fmt.Sprintf("%.1f GB", n/1024/1024)
		}
	}
	if out, err := exec.Command("curl", "--version").Output(); err == nil {
		m.Curl, _, _ = strings.Cut(string(out), "\n")
	}
	return m
}

// loadAverages picks the three load averages out of /proc/loadavg's text.
func loadAverages(procText string) string {
	f := strings.Fields(procText)
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], ", ")
}

func readFile(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}

// procField returns the value of the first "name : value" line of a /proc
// file.
func procField(path, name string) string {
	for _, line := range strings.Split(readFile(path), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.TrimSpace(k) == name {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func osRelease() string {
	for _, line := range strings.Split(readFile("/etc/os-release"), "\n") {
		if v, ok := strings.CutPrefix(line, "PRETTY_NAME="); ok {
			return strings.Trim(v, `"`)
		}
	}
	return runtime.GOOS
}

func moduleVersion(path string) string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == path {
				return d.Version
			}
		}
	}
	return "unknown"
}
