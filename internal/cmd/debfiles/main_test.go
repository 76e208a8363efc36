package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

const twoReleases = `<?xml version="1.0" encoding="UTF-8"?>
<component type="desktop-application">
  <id>app.example.Thing</id>
  <releases>
    <release version="0.2.0" date="2027-01-15">
      <description>
        <p>Keys can be
           renamed.</p>
        <ul>
          <li>A first item that is long enough to need a second line in the changelog, and then some more.</li>
          <li>A second item.</li>
        </ul>
      </description>
    </release>
    <release version="0.1.0" date="2026-12-02">
      <description><p>The first release.</p></description>
    </release>
  </releases>
</component>
`

func TestChangelog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.xml")
	writeFile(t, path, twoReleases)
	var out strings.Builder
	if err := run([]string{"release", path}, &out); err != nil || out.String() != "0.2.0 2027-01-15\n" {
		t.Errorf("release: %q, %v", out.String(), err)
	}
	out.Reset()
	if err := run([]string{"changelog", "-package", "thing", "-maintainer", "A B <a@example.com>", path}, &out); err != nil {
		t.Fatal(err)
	}
	want := `thing (0.2.0) unstable; urgency=medium

  * Keys can be renamed.
  * A first item that is long enough to need a second line in the changelog,
    and then some more.
  * A second item.

 -- A B <a@example.com>  Fri, 15 Jan 2027 00:00:00 +0000

thing (0.1.0) unstable; urgency=medium

  * The first release.

 -- A B <a@example.com>  Wed, 02 Dec 2026 00:00:00 +0000
`
	if out.String() != want {
		t.Errorf("changelog:\n%s\nwant:\n%s", out.String(), want)
	}
}

func TestReleasesRefused(t *testing.T) {
	for what, xml := range map[string]string{
		"no release":       `<component><releases/></component>`,
		"no date":          `<component><releases><release version="1.0"><description><p>x</p></description></release></releases></component>`,
		"a bad version":    `<component><releases><release version="v1 0" date="2026-01-01"><description><p>x</p></description></release></releases></component>`,
		"no description":   `<component><releases><release version="1.0" date="2026-01-01"/></releases></component>`,
		"the oldest first": strings.Replace(twoReleases, `date="2027-01-15"`, `date="2026-01-15"`, 1),
	} {
		path := filepath.Join(t.TempDir(), "m.xml")
		writeFile(t, path, xml)
		if _, err := readReleases(path); err == nil {
			t.Errorf("%s: accepted", what)
		}
	}
}

func TestLicences(t *testing.T) {
	root := t.TempDir()
	goroot := filepath.Join(root, "go")
	writeFile(t, filepath.Join(goroot, "LICENSE"), "BSD text\r\n")
	writeFile(t, filepath.Join(goroot, "src", "vendor", "LICENSE"), "not linked\n")
	mod := filepath.Join(root, "mod", escape("github.com/BurntSushi/toml")+"@v1.5.0")
	writeFile(t, filepath.Join(mod, "COPYING"), "\n  \nMIT text\n")
	writeFile(t, filepath.Join(mod, "font", "LICENSE_Inter.txt"), "OFL text\n")
	writeFile(t, filepath.Join(mod, "testdata", "LICENSE"), "a test's\n")
	writeFile(t, filepath.Join(mod, "licensing.go"), "package x\n")
	same := filepath.Join(root, "mod", "golang.org", "x", "term@v0.48.0")
	writeFile(t, filepath.Join(same, "LICENSE"), "BSD text\n\n")

	got, err := licences([]source{{"Go 1.26", goroot}, {"toml v1.5.0", mod}, {"term v0.48.0", same}}, goroot, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	rule := "\n" + strings.Repeat("-", 72) + "\n"
	want := rule + "Go 1.26: LICENSE\nterm v0.48.0: LICENSE\n\nBSD text\n" +
		rule + "toml v1.5.0: COPYING\n\nMIT text\n" +
		rule + "toml v1.5.0: font/LICENSE_Inter.txt\n\nOFL text\n"
	if got != want {
		t.Errorf("licences:\n%s\nwant:\n%s", got, want)
	}
	if !strings.Contains(mod, "!burnt!sushi") {
		t.Errorf("escape: %s", mod)
	}

	empty := filepath.Join(root, "mod", "example.com", "none@v1.0.0")
	writeFile(t, filepath.Join(empty, "x.go"), "package x\n")
	if _, err := licences([]source{{"none v1.0.0", empty}}, goroot, t.TempDir()); err == nil {
		t.Error("a module without a licence file was let through")
	}
}

// apache is the Apache License 2.0 as its files begin, shortened.
const apache = `
                                 Apache License
                           Version 2.0, January 2004
                        http://www.apache.org/licenses/

   TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION

   1. Definitions.
   END OF TERMS AND CONDITIONS
`

func TestApacheTermsReferredTo(t *testing.T) {
	common := t.TempDir()
	writeFile(t, filepath.Join(common, "Apache-2.0"), apache+"\n   APPENDIX: Copyright [yyyy] [name of copyright owner]\n")
	module := apache + "\n   APPENDIX: Copyright 2014 Somebody\n"
	got := referToCommon(module, common)
	want := "\nThe Apache License, Version 2.0: on Debian systems its full text is in\n" + filepath.Join(common, "Apache-2.0") +
		".\n\n   APPENDIX: Copyright 2014 Somebody\n"
	if got != want {
		t.Errorf("referToCommon:\n%q\nwant:\n%q", got, want)
	}
	// Terms that differ from Debian's copy, in anything but white space,
	// stay whole.
	changed := strings.Replace(module, "Definitions.", "Definitions, changed.", 1)
	if got := referToCommon(changed, common); got != changed {
		t.Errorf("changed terms were replaced:\n%s", got)
	}
	if spaced := strings.ReplaceAll(module, "   1.", "\t1."); referToCommon(spaced, common) == spaced {
		t.Error("terms with other white space were not referred to")
	}
}
