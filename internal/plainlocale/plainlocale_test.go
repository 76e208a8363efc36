package plainlocale

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

func TestPlainName(t *testing.T) {
	for value, want := range map[string]string{
		"C.UTF-8": "C", "C.utf8": "C", "POSIX.UTF-8": "POSIX", "C@euro": "C",
		"C": "C", "POSIX": "POSIX",
		"en_US.UTF-8": "", "de_DE@euro": "", "Ca": "", "": "",
	} {
		if got := plainName(value); got != want {
			t.Errorf("plainName(%q) = %q, want %q", value, got, want)
		}
	}
}

// TestWhatFyneSeesAndWhatStays runs this test binary again with each
// locale, so that init runs on it, and has it print the variables as
// Fyne's lang package would read them and as they are after Restore.
func TestWhatFyneSeesAndWhatStays(t *testing.T) {
	if os.Getenv("PLAINLOCALE_CHILD") == "1" {
		line := func() string {
			return os.Getenv("LC_ALL") + "|" + os.Getenv("LC_MESSAGES") + "|" + os.Getenv("LANG")
		}
		during := line()
		Restore()
		os.Stdout.WriteString(during + " " + line() + "\n")
		return
	}
	for _, c := range []struct{ set, during, after string }{
		{"LANG=C.UTF-8", "|C|C.UTF-8", "|C|C.UTF-8"},
		{"LC_MESSAGES=POSIX.UTF-8", "|POSIX|", "|POSIX|"},
		{"LC_ALL=C.UTF-8", "C||", "C.UTF-8||"},
		{"LANG=de_DE.UTF-8", "||de_DE.UTF-8", "||de_DE.UTF-8"},
		{"LANG=C", "||C", "||C"},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestWhatFyneSeesAndWhatStays$")
		var env []string
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "LC_") && !strings.HasPrefix(kv, "LANG=") {
				env = append(env, kv)
			}
		}
		cmd.Env = append(env, "PLAINLOCALE_CHILD=1", c.set)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: %v", c.set, err)
		}
		got, _, _ := strings.Cut(string(out), "\n")
		if want := c.during + " " + c.after; got != want {
			t.Errorf("with %s, LC_ALL|LC_MESSAGES|LANG at init and after Restore: %q, want %q", c.set, got, want)
		}
	}
}
