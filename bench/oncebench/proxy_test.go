package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// echoServer answers every connection by sending back what it reads, and
// closes its side when the client closes its own.
func echoServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				_, _ = io.Copy(c, c)
			}()
		}
	}()
	return ln.Addr().String()
}

func TestDelayProxyCarriesEverythingInOrder(t *testing.T) {
	p, err := startDelayProxy(echoServer(t), 2*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	c, err := net.Dial("tcp", p.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	var sent bytes.Buffer
	for i := 0; i < 50; i++ {
		chunk := bytes.Repeat([]byte{byte('a' + i%26)}, 1000+i*97)
		sent.Write(chunk)
		if _, err := c.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	// Closing our write side must reach the server, whose close must come
	// back as the end of the echo.
	if err := c.(*net.TCPConn).CloseWrite(); err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(30 * time.Second))
	got, err := io.ReadAll(c)
	if err != nil {
		t.Fatalf("reading the echo: %v", err)
	}
	if !bytes.Equal(got, sent.Bytes()) {
		t.Fatalf("echo differs: sent %d bytes, got %d back", sent.Len(), len(got))
	}
}

// The proxy must add at least its delay: one round trip for TCP's own
// handshake before the client's first bytes go on, and one way in each
// direction for every exchange. Only lower bounds are checked: a slow
// machine may add to them, never take away.
func TestDelayProxyAddsItsRoundTrips(t *testing.T) {
	const oneWay = 15 * time.Millisecond
	p, err := startDelayProxy(echoServer(t), oneWay)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	t0 := time.Now()
	c, err := net.Dial("tcp", p.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	exchange := func() {
		if _, err := c.Write([]byte("ping")); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 4)
		if _, err := io.ReadFull(c, buf); err != nil || string(buf) != "ping" {
			t.Fatalf("echo %q, %v", buf, err)
		}
	}
	exchange()
	if d := time.Since(t0); d < 4*oneWay {
		t.Errorf("connect and first exchange took %v, less than two round trips (%v)", d, 4*oneWay)
	}
	t1 := time.Now()
	exchange()
	if d := time.Since(t1); d < 2*oneWay {
		t.Errorf("a later exchange took %v, less than one round trip (%v)", d, 2*oneWay)
	}
}

func TestDelayProxyCloseEndsConnections(t *testing.T) {
	p, err := startDelayProxy(echoServer(t), time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("tcp", p.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write([]byte("x")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 1)
	_ = c.SetReadDeadline(time.Now().Add(30 * time.Second))
	if _, err := io.ReadFull(c, buf); err != nil {
		t.Fatal(err)
	}
	p.Close() // returns only once its goroutines are done
	if _, err := c.Read(buf); err == nil {
		t.Error("the connection still reads after Close")
	}
	if _, err := net.DialTimeout("tcp", p.Addr, time.Second); err == nil {
		t.Error("the proxy still accepts after Close")
	}
}

func TestAPIServerAnswersAndCounts(t *testing.T) {
	key, err := fakeKey()
	if err != nil {
		t.Fatal(err)
	}
	s, err := startAPIServer(key, "admin@example.com", false)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: s.Pool}}}
	get := func(k string) int {
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/test", nil)
		req.Header["API-Key"] = []string{k}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == 200 && !bytes.Contains(body, []byte("account: admin@example.com")) {
			t.Errorf("200 without the account: %s", body)
		}
		return resp.StatusCode
	}
	if code := get(key); code != 200 {
		t.Errorf("the right key got %d", code)
	}
	if code := get(key + "x"); code != 401 {
		t.Errorf("a wrong key got %d", code)
	}
	// Both requests went over one kept-alive connection.
	if c := s.Counts(); c != (serverCounts{Accepts: 1, Handshakes: 1, Requests: 2}) {
		t.Errorf("counts %+v, want 1 accept, 1 handshake, 2 requests", c)
	}
	client.CloseIdleConnections()
	before := s.Counts()
	get(key)
	if d := s.Counts().Sub(before); d != (serverCounts{Accepts: 1, Handshakes: 1, Requests: 1}) {
		t.Errorf("a new connection counted %+v", d)
	}
}

func TestAPIServerHangsUntilTheClientGivesUp(t *testing.T) {
	s, err := startAPIServer("unused-key-0000", "admin@example.com", true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: s.Pool}}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/test", nil)
	done := make(chan error, 1)
	go func() {
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	if err := waitUntil(30*time.Second, func() bool { return s.Waiting() == 1 }); err != nil {
		t.Fatal("the request was never held")
	}
	select {
	case err := <-done:
		t.Fatalf("the held request ended: %v", err)
	default:
	}
	cancel()
	if err := <-done; err == nil {
		t.Error("a cancelled request succeeded")
	}
	if err := waitUntil(30*time.Second, func() bool { return s.Waiting() == 0 }); err != nil {
		t.Error("the server still holds a request its client gave up")
	}
}
