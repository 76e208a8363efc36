package main

import (
	"bytes"
	"encoding/xml"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestVersionMatchesFyneApp keeps the binary's version and app ID equal to
// FyneApp.toml's, which packaging reads.
func TestVersionMatchesFyneApp(t *testing.T) {
	data, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	for field, want := range map[string]string{"Version": version, "ID": appID} {
		m := regexp.MustCompile(`(?m)^\s*` + field + `\s*=\s*"([^"]*)"`).FindSubmatch(data)
		if m == nil || string(m[1]) != want {
			t.Errorf("FyneApp.toml %s = %q, main.go says %q", field, m, want)
		}
	}
	if !regexp.MustCompile(`(?m)^\s*fyneDo\s*=\s*true`).Match(data) {
		t.Error("FyneApp.toml lacks [Migrations] fyneDo = true")
	}
}

// TestDesktopFilesMatchFyneApp keeps the desktop entry and the AppStream
// metainfo in assets/, which the Debian package installs, true to
// FyneApp.toml (which "fyne package" reads for the tarball) and to the
// program: the same name, words, app ID and version.
func TestDesktopFilesMatchFyneApp(t *testing.T) {
	toml, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	// fyneField is a field of FyneApp.toml: a string, or a list of strings
	// as the desktop entry writes them ("a;b;").
	fyneField := func(name string) string {
		m := regexp.MustCompile(`(?m)^\s*` + name + `\s*=\s*(".*"|\[.*\])\s*$`).FindSubmatch(toml)
		if m == nil {
			t.Fatalf("FyneApp.toml has no %s", name)
		}
		v := string(m[1])
		if v[0] == '"' {
			return strings.Trim(v, `"`)
		}
		var items []string
		for _, item := range regexp.MustCompile(`"([^"]*)"`).FindAllStringSubmatch(v, -1) {
			items = append(items, item[1]+";")
		}
		return strings.Join(items, "")
	}

	desktop, err := os.ReadFile("assets/" + appID + ".desktop")
	if err != nil {
		t.Fatal(err)
	}
	entry := map[string]string{}
	for _, line := range strings.Split(string(desktop), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			entry[k] = v
		}
	}
	want := map[string]string{
		"Name":        fyneField("Name"),
		"GenericName": fyneField("GenericName"),
		"Comment":     fyneField("Comment"),
		"Categories":  fyneField("Categories"),
		"Keywords":    fyneField("Keywords"),
		"Exec":        "oncekey-window",
		"Icon":        appID,
		// The window's X11 class, which GLFW takes from its first title
		// (the app's name): a dock then shows the running window under
		// this entry. The Debian package's check sees it on a real window.
		"StartupWMClass": fyneField("Name"),
	}
	for k, v := range want {
		if entry[k] != v {
			t.Errorf("the desktop entry's %s is %q, want %q", k, entry[k], v)
		}
	}

	data, err := os.ReadFile("assets/" + appID + ".metainfo.xml")
	if err != nil {
		t.Fatal(err)
	}
	var meta struct {
		ID         string   `xml:"id"`
		Name       string   `xml:"name"`
		Launchable string   `xml:"launchable"`
		Binaries   []string `xml:"provides>binary"`
		Releases   []struct {
			Version string `xml:"version,attr"`
		} `xml:"releases>release"`
	}
	if err := xml.Unmarshal(data, &meta); err != nil {
		t.Fatal(err)
	}
	if meta.ID != appID || meta.Name != fyneField("Name") || meta.Launchable != appID+".desktop" {
		t.Errorf("the metainfo names %q, %q, launchable %q", meta.ID, meta.Name, meta.Launchable)
	}
	if strings.Join(meta.Binaries, " ") != "oncekey-window oncekey" {
		t.Errorf("the metainfo provides %q, want both programs", meta.Binaries)
	}
	if len(meta.Releases) == 0 || meta.Releases[0].Version != version {
		t.Errorf("the metainfo's newest release is %+v, want %s first", meta.Releases, version)
	}
}

func TestNoDisplaySaysSoPlainly(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	var out, errOut bytes.Buffer
	code := run(nil, &out, &errOut)
	if code != 2 {
		t.Errorf("exit code %d, want 2", code)
	}
	if !strings.Contains(errOut.String(), "no display") || strings.Contains(errOut.String(), "panic") {
		t.Errorf("message not plain: %q", errOut.String())
	}
}

// TestArgumentsPointToCommandLine: the window takes no commands; it says
// where they are, and never repeats an argument, which may be a key.
func TestArgumentsPointToCommandLine(t *testing.T) {
	const typedKey = "notAKeyButCouldBe-Qx7Lm2Vb9Rt4"
	for _, args := range [][]string{{"status"}, {"set", typedKey}, {typedKey}, {"--version", "x"}} {
		var out, errOut bytes.Buffer
		code := run(args, &out, &errOut)
		if code != 2 || out.Len() != 0 || !strings.Contains(errOut.String(), `command line for scripts is "oncekey"`) {
			t.Errorf("%d arguments: exit %d, stdout %q, stderr %q", len(args), code, out.String(), errOut.String())
		}
		if strings.Contains(errOut.String(), typedKey) {
			t.Errorf("%d arguments: the message repeats an argument", len(args))
		}
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"--version"}, &out, &errOut); code != 0 || out.String() != "OnceKey "+version+"\n" || errOut.Len() != 0 {
		t.Errorf("--version: exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
	out.Reset()
	if code := run([]string{"--help"}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "oncekey help") {
		t.Errorf("--help: exit %d, stdout %q", code, out.String())
	}
}

func TestDisplayThatDoesNotAnswer(t *testing.T) {
	t.Setenv("WAYLAND_DISPLAY", "")
	t.Setenv("DISPLAY", ":987") // nothing listens on display 987 here
	if missing, display := displayProblem(); !missing || display != ":987" {
		t.Errorf("displayProblem() = %v, %q; want the display that does not answer", missing, display)
	}
}

func TestX11Address(t *testing.T) {
	cases := map[string]string{
		":0":         "unix /tmp/.X11-unix/X0",
		":99.0":      "unix /tmp/.X11-unix/X99",
		"unix:3":     "unix /tmp/.X11-unix/X3",
		"host:10":    "tcp host:6010",
		"[::1]:1":    "",
		"localhost:": "",
	}
	for display, want := range cases {
		network, address, ok := x11Address(display)
		got := ""
		if ok {
			got = network + " " + address
		}
		if got != want {
			t.Errorf("x11Address(%q) = %q, want %q", display, got, want)
		}
	}
}
