// Command plain is the baseline for the command line's start in OnceKey's
// benchmark: a Go program that prints one line, built as the command line
// is (CGO_ENABLED=0, the same flags). What "oncekey version" costs beyond
// this is the command line's own start-up.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stdout, "OnceKey 0.0.0")
}
