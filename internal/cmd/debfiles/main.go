// Command debfiles writes the text files of OnceKey's Debian packages that
// are made from other files rather than kept as they are (.ci/deb runs it):
//
//	debfiles release METAINFO           the newest release's version and date
//	debfiles changelog -package NAME -maintainer 'NAME <E-MAIL>' METAINFO
//	                                    the Debian changelog, from the releases
//	debfiles notices -goroot DIR -modcache DIR PROGRAM...
//	                                    the licences of the code compiled into
//	                                    the programs, for the copyright file
//	                                    (-common-licenses DIR: Debian's copies
//	                                    of common licences, which are referred
//	                                    to instead of repeated)
//
// The releases are the AppStream metainfo's, so that a release is written
// down once, for software centres and the package alike. The notices come
// from the programs themselves (the modules Go recorded in them) and the
// licence files in the module cache they were built from: BSD and MIT
// licences ask for their text to go with every copy of a program.
package main

import (
	"bytes"
	"debug/buildinfo"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "debfiles:", err)
		os.Exit(1)
	}
}

const usage = "usage: debfiles release METAINFO | changelog -package NAME -maintainer 'NAME <E-MAIL>' METAINFO | notices -goroot DIR -modcache DIR PROGRAM [PROGRAM ...]"

func run(args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	fs := flag.NewFlagSet("debfiles "+args[0], flag.ContinueOnError)
	pkg := fs.String("package", "", "the binary package's name")
	maintainer := fs.String("maintainer", "", "who signs the changelog's entries")
	goroot := fs.String("goroot", "", "the Go toolchain the programs were built with")
	modcache := fs.String("modcache", "", "the module cache they were built from")
	common := fs.String("common-licenses", "/usr/share/common-licenses", "Debian's copies of common licences")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	switch {
	case args[0] == "release" && fs.NArg() == 1:
		rs, err := readReleases(fs.Arg(0))
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(out, "%s %s\n", rs[0].Version, rs[0].Date)
		return err
	case args[0] == "changelog" && fs.NArg() == 1 && *pkg != "" && *maintainer != "":
		rs, err := readReleases(fs.Arg(0))
		if err != nil {
			return err
		}
		_, err = io.WriteString(out, changelog(*pkg, *maintainer, rs))
		return err
	case args[0] == "notices" && fs.NArg() > 0 && *goroot != "" && *modcache != "":
		text, err := notices(fs.Args(), *goroot, *modcache, *common)
		if err != nil {
			return err
		}
		_, err = io.WriteString(out, text)
		return err
	}
	return errors.New(usage)
}

// release is one <release> of the metainfo: its version and date, and its
// description as paragraphs and list items, each one entry.
type release struct {
	Version string `xml:"version,attr"`
	Date    string `xml:"date,attr"`
	Notes   struct {
		Blocks []struct {
			XMLName xml.Name
			Text    string   `xml:",chardata"`
			Items   []string `xml:"li"`
		} `xml:",any"`
	} `xml:"description"`
}

// entries are the release's notes, one per paragraph or list item, with
// their white space made single.
func (r release) entries() []string {
	var out []string
	for _, b := range r.Notes.Blocks {
		switch b.XMLName.Local {
		case "p":
			out = append(out, strings.Join(strings.Fields(b.Text), " "))
		case "ul", "ol":
			for _, li := range b.Items {
				out = append(out, strings.Join(strings.Fields(li), " "))
			}
		}
	}
	return out
}

// readReleases reads the metainfo's releases, newest first, as AppStream
// keeps them; it refuses any that lack what the changelog needs.
func readReleases(path string) ([]release, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Releases []release `xml:"releases>release"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(doc.Releases) == 0 {
		return nil, fmt.Errorf("%s lists no release", path)
	}
	var newer time.Time
	for i, r := range doc.Releases {
		day, err := time.Parse(time.DateOnly, r.Date)
		switch {
		case !regexp.MustCompile(`^[0-9][0-9A-Za-z.+~]*$`).MatchString(r.Version):
			return nil, fmt.Errorf("%s: release %q is not a version Debian takes", path, r.Version)
		case err != nil:
			return nil, fmt.Errorf("%s: release %s has no date as YYYY-MM-DD", path, r.Version)
		case i > 0 && day.After(newer):
			return nil, fmt.Errorf("%s: release %s is listed after an older one (newest first)", path, r.Version)
		case len(r.entries()) == 0:
			return nil, fmt.Errorf("%s: release %s has no description", path, r.Version)
		}
		newer = day
	}
	return doc.Releases, nil
}

// changelog is a Debian changelog (deb-changelog(5)) with an entry for
// each release, newest first.
func changelog(pkg, maintainer string, rs []release) string {
	var b strings.Builder
	for i, r := range rs {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s (%s) unstable; urgency=medium\n\n", pkg, r.Version)
		for _, e := range r.entries() {
			b.WriteString(wrap(e, "  * ", "    ", 78))
		}
		day, _ := time.Parse(time.DateOnly, r.Date) // checked by readReleases
		fmt.Fprintf(&b, "\n -- %s  %s\n", maintainer, day.Format(time.RFC1123Z))
	}
	return b.String()
}

// wrap breaks text into lines of at most width characters where it can,
// the first starting with first and the others with rest.
func wrap(text, first, rest string, width int) string {
	var b strings.Builder
	line := first
	for _, w := range strings.Fields(text) {
		if line != first && line != rest && len(line)+1+len(w) > width {
			b.WriteString(line + "\n")
			line = rest
		}
		if line != first && line != rest {
			line += " "
		}
		line += w
	}
	b.WriteString(line + "\n")
	return b.String()
}

// leadingBlankLines are the empty lines a text may start with.
var leadingBlankLines = regexp.MustCompile(`^(?:[ \t]*\n)+`)

// licenceFile names the files a module's licence is kept in.
var licenceFile = regexp.MustCompile(`(?i)^(licen[cs]e|copying|notice|patents)([._-].*)?$`)

// source is where one part of a program came from: a name for people, and
// the folder its files are in.
type source struct{ name, dir string }

// notices are the licences of everything compiled into the programs: the
// Go toolchain's (its standard library and runtime) and each module's.
func notices(programs []string, goroot, modcache, common string) (string, error) {
	var sources []source
	seen := map[string]bool{}
	add := func(name, dir string) {
		if !seen[name] {
			seen[name] = true
			sources = append(sources, source{name, dir})
		}
	}
	version, err := os.ReadFile(filepath.Join(goroot, "VERSION"))
	if err != nil {
		return "", err
	}
	goVersion, _, _ := strings.Cut(string(version), "\n")
	for _, p := range programs {
		info, err := buildinfo.ReadFile(p)
		if err != nil {
			return "", err
		}
		if info.GoVersion != goVersion {
			return "", fmt.Errorf("%s was built with %s, but the Go in %s is %s", p, info.GoVersion, goroot, goVersion)
		}
		add("Go "+strings.TrimPrefix(info.GoVersion, "go")+" (the standard library and runtime)", goroot)
		for _, m := range info.Deps {
			if m.Replace != nil {
				m = m.Replace
			}
			if m.Version == "" {
				return "", fmt.Errorf("%s holds %s from a folder, not the module cache: its licence cannot be found", p, m.Path)
			}
			add(m.Path+" "+m.Version, filepath.Join(modcache, escape(m.Path)+"@"+escape(m.Version)))
		}
	}
	return licences(sources, goroot, common)
}

// licences are the texts of the sources' licence files, each text once,
// after the files it was found in. In goroot only the licence files at
// the top count: the rest of the toolchain's tree holds tests and tools
// that no program links. The Apache License's terms, when they are word
// for word Debian's copy in common, are referred to there, as Debian asks.
func licences(sources []source, goroot, common string) (string, error) {
	type text struct {
		body  string
		where []string
	}
	var texts []*text
	byBody := map[string]*text{}
	for _, s := range sources {
		files, err := licenceFiles(s.dir, s.dir == goroot)
		if err != nil {
			return "", err
		}
		if len(files) == 0 {
			return "", fmt.Errorf("no licence file in %s (%s)", s.dir, s.name)
		}
		for _, f := range files {
			data, err := os.ReadFile(filepath.Join(s.dir, f))
			if err != nil {
				return "", err
			}
			body := strings.ReplaceAll(string(data), "\r\n", "\n")
			body = strings.TrimRightFunc(leadingBlankLines.ReplaceAllString(body, ""), unicode.IsSpace)
			body = referToCommon(body, common)
			t := byBody[body]
			if t == nil {
				t = &text{body: body}
				byBody[body] = t
				texts = append(texts, t)
			}
			t.where = append(t.where, s.name+": "+filepath.ToSlash(f))
		}
	}

	var b bytes.Buffer
	for _, t := range texts {
		b.WriteString("\n" + strings.Repeat("-", 72) + "\n")
		for _, w := range t.where {
			b.WriteString(w + "\n")
		}
		b.WriteString("\n" + t.body + "\n")
	}
	return b.String(), nil
}

// referToCommon is text with the Apache License 2.0's terms replaced by
// where Debian keeps them, when they are the same as Debian's copy in
// common (white space aside); what comes around them, such as a copyright
// line in the appendix, stays.
func referToCommon(text, common string) string {
	debian, err := os.ReadFile(filepath.Join(common, "Apache-2.0"))
	if err != nil {
		return text
	}
	want, terms := apacheTerms(string(debian)), apacheTerms(text)
	if want == "" || terms == "" || strings.Join(strings.Fields(terms), " ") != strings.Join(strings.Fields(want), " ") {
		return text
	}
	return strings.Replace(text, terms, "The Apache License, Version 2.0: on Debian systems its full text is in\n"+
		filepath.Join(common, "Apache-2.0")+".", 1)
}

// apacheTerms is the Apache License 2.0 in text, from the line with its
// title to the end of its terms; "" when there is none.
func apacheTerms(text string) string {
	title := regexp.MustCompile(`(?m)^[ \t]*Apache License\s+Version 2\.0, January 2004`).FindStringIndex(text)
	if title == nil {
		return ""
	}
	const end = "END OF TERMS AND CONDITIONS"
	n := strings.Index(text[title[0]:], end)
	if n < 0 {
		return ""
	}
	return text[title[0] : title[0]+n+len(end)]
}

// licenceFiles are the licence files in dir and below (only at the top
// with topOnly), as paths relative to it, test data left out.
func licenceFiles(dir string, topOnly bool) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != dir && (topOnly || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() && licenceFile.MatchString(d.Name()) {
			rel, err := filepath.Rel(dir, path)
			if err != nil {
				return err
			}
			files = append(files, rel)
		}
		return nil
	})
	return files, err
}

// escape is a module path or version as the module cache spells it on
// disk: each capital letter as "!" and the letter in lower case.
func escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
