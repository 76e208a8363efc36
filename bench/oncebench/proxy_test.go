package main

import (
	"bytes"
	"io"
	"net"
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
