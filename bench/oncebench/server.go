package main

import "github.com/oncekey/oncekey/internal/fakeoncehub"

// startAPIServer starts the stand-in for OnceHub that accepts key (and
// only key) for account. With hang, no request is ever answered: the server
// holds it until the client gives up. HTTP/2 is offered, as OnceHub's own
// servers do, so that curl's numbers are curl's usual ones.
func startAPIServer(key, account string, hang bool) (*fakeoncehub.Server, error) {
	s, err := fakeoncehub.New(fakeoncehub.Options{HTTP2: true})
	if err != nil {
		return nil, err
	}
	s.AddKey(key, account)
	if hang {
		s.Hang()
	}
	return s, nil
}
