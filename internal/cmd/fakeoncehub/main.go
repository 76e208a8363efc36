// Command fakeoncehub runs the loopback stand-in for OnceHub's API, to try
// OnceKey by hand without a OnceHub account:
//
//	printf '%s admin@example.com\n' "$KEY" | go run ./internal/cmd/fakeoncehub
//
// Each line of standard input is a key and the account e-mail it is valid
// for. It prints the two settings that point OnceKey at it (never a key),
// and runs until interrupted.
package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"

	"github.com/oncekey/oncekey/internal/fakeoncehub"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "fakeoncehub:", err)
		os.Exit(1)
	}
}

func run() error {
	s, err := fakeoncehub.New(fakeoncehub.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		key, account, _ := strings.Cut(strings.TrimSpace(in.Text()), " ")
		if key != "" {
			s.AddKey(key, strings.TrimSpace(account))
		}
	}
	if err := in.Err(); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "fakeoncehub")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cert, err := s.WriteCertFile(dir)
	if err != nil {
		return err
	}
	fmt.Printf("export ONCEKEY_API_URL=%s SSL_CERT_FILE=%s\n", s.URL, cert)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	<-ctx.Done()
	return nil
}
