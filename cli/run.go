package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"regexp"
	"strings"

	"github.com/oncekey/oncekey/words"
)

// Exit codes of "oncekey run" when COMMAND never ran, as shells use them.
const (
	ExitCannotStart = 126
	ExitNotFound    = 127
)

// DefaultRunVariable is the variable "oncekey run" puts the key in.
const DefaultRunVariable = "ONCEHUB_API_KEY"

// variableName is what --env accepts: a name every shell can read.
var variableName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Launch starts a command for "oncekey run": path is the program found,
// argv its arguments (argv[0] as given), env its whole environment. On
// Linux and macOS it replaces this process and returns only if that
// failed; on Windows it waits for the command and returns its exit code.
type Launch func(path string, argv, env []string) (code int, err error)

// run starts COMMAND with the key in its environment only: "oncekey run
// [--name NAME] [--env VAR] -- COMMAND [ARGS...]".
func (r *runner) run(ctx context.Context, args []string) int {
	flags := flag.NewFlagSet("oncekey run", flag.ContinueOnError)
	flags.SetOutput(io.Discard) // never repeat a value: it may be a key
	var name, variable string
	flags.StringVar(&name, "name", "", "")
	flags.StringVar(&variable, "env", DefaultRunVariable, "")
	err := flags.Parse(args)
	command := flags.Args()
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(r.Stdout, words.Usage())
		return ExitWorks
	case err != nil:
		return r.fail("", "usage", words.OptionsNotUnderstood("run"))
	case len(command) == 0:
		return r.fail("", "usage", words.RunNoCommand())
	case looksLikeKey(name) || looksLikeKey(variable):
		return r.fail("", "usage", words.NameLooksLikeKey())
	case !variableName.MatchString(variable):
		return r.fail("", "usage", words.RunBadVariable())
	case unsafeVariable(variable):
		return r.fail("", "usage", words.RunUnsafeVariable(variable))
	}
	if _, set := os.LookupEnv(variable); set {
		return r.fail("", "variable-set", words.RunVariableSet(variable))
	}
	// The command is looked for before the keychain is asked, so that a
	// mistyped command never reads the key.
	path, err := exec.LookPath(command[0])
	switch {
	case errors.Is(err, exec.ErrDot):
		// Found only in the current folder, which PATH does not name.
		fmt.Fprintln(r.Stderr, words.RunInCurrentFolder(command[0], looksLikeKey(command[0])))
		return ExitNotFound
	case errors.Is(err, exec.ErrNotFound) || errors.Is(err, fs.ErrNotExist):
		// A name not on PATH, or a path to nothing.
		fmt.Fprintln(r.Stderr, words.RunNotFound(command[0], looksLikeKey(command[0])))
		return ExitNotFound
	case err != nil:
		fmt.Fprintln(r.Stderr, words.RunCannotStart(command[0], looksLikeKey(command[0]), err))
		return ExitCannotStart
	}

	resolved, ok := r.printName(name)
	if !ok {
		return ExitTrouble
	}
	m, ok := r.manager(false, false)
	if !ok {
		return ExitTrouble
	}
	key, err := m.Secret(ctx, resolved)
	if err != nil {
		return r.explain(resolved, err)
	}
	if ctx.Err() != nil {
		// Ctrl+C came while the key was read: COMMAND is not started.
		return r.fail(resolved, "cancelled", words.RunStopped())
	}
	env := append(withoutVariable(os.Environ(), variable), variable+"="+key)
	launch := r.Launch
	if launch == nil {
		launch = launchCommand
	}
	code, err := launch(path, command, env)
	if err != nil {
		fmt.Fprintln(r.Stderr, words.RunCannotStart(command[0], looksLikeKey(command[0]), err))
		return ExitCannotStart
	}
	return code
}

// unsafeVariable reports variables that programs read as paths, commands
// or settings of their own: the loader, a shell or a prompt would act on
// the key, and some print it ("object '<key>' cannot be preloaded").
func unsafeVariable(name string) bool {
	upper := strings.ToUpper(name)
	for _, prefix := range []string{"LD_", "DYLD_", "BASH_FUNC_"} {
		if strings.HasPrefix(upper, prefix) {
			return true
		}
	}
	switch upper {
	case "BASH_ENV", "ENV", "PS1", "PS2", "PS4", "PROMPT_COMMAND", "PATH", "IFS", "HOME", "SHELL", "PATHEXT", "COMSPEC":
		return true
	}
	return false
}

// withoutVariable is env without any entry for variable (on Windows, in
// any letter case, as Windows reads names).
func withoutVariable(env []string, variable string) []string {
	out := env[:0:0]
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if k == variable || caseInsensitiveEnv && strings.EqualFold(k, variable) {
			continue
		}
		out = append(out, kv)
	}
	return out
}
