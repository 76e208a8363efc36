// Command fakeoncehub runs the loopback stand-in for OnceHub's API, to try
// OnceKey by hand without a OnceHub account:
//
//	printf '%s admin@example.com\n' "$KEY" | go run ./internal/cmd/fakeoncehub
//
// Each line of standard input is a key and the account e-mail it is valid
// for. It prints the two settings that point OnceKey at it, and runs until
// interrupted.
package main

import (
	"bufio"
	"fmt"
	"os"
	"os/signal"
	"strings"

	"github.com/oncekey/oncekey/internal/fakeoncehub"
)

func main() {
	s := fakeoncehub.Start()
	defer s.Close()
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		key, account, _ := strings.Cut(strings.TrimSpace(in.Text()), " ")
		if key != "" {
			s.AddKey(key, strings.TrimSpace(account))
		}
	}
	dir, err := os.MkdirTemp("", "fakeoncehub")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer os.RemoveAll(dir)
	cert, err := s.WriteCertFile(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("export ONCEKEY_API_URL=%s SSL_CERT_FILE=%s\n", s.URL, cert)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt)
	<-stop
}
