package main

import (
	"net"
	"sync"
	"time"
)

// delayProxy is a loopback TCP proxy that makes a connection behave as if
// the server were far away: every chunk of data is held for the one-way
// delay in each direction, so each round trip of TLS or HTTP costs twice
// that. This kernel has no netem, so the delay is put here instead.
//
// TCP's own handshake happens in the kernel, before the proxy sees the
// connection, so the proxy charges it separately: the client's first bytes
// go on no sooner than one round trip after the connection was accepted,
// as they would when the client had to wait for the server's SYN-ACK.
type delayProxy struct {
	Addr   string
	oneWay time.Duration
	target string
	ln     net.Listener

	mu    sync.Mutex
	conns map[net.Conn]bool
	wg    sync.WaitGroup
}

// startDelayProxy listens on a loopback port and forwards to target.
func startDelayProxy(target string, oneWay time.Duration) (*delayProxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &delayProxy{Addr: ln.Addr().String(), oneWay: oneWay, target: target, ln: ln, conns: map[net.Conn]bool{}}
	p.wg.Add(1)
	go p.acceptLoop()
	return p, nil
}

func (p *delayProxy) acceptLoop() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		accepted := time.Now()
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.handle(c, accepted)
		}()
	}
}

// track remembers a connection so Close can end it; false when closing.
func (p *delayProxy) track(c net.Conn, on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if on {
		p.conns[c] = true
	} else {
		delete(p.conns, c)
	}
}

func (p *delayProxy) handle(client net.Conn, accepted time.Time) {
	server, err := net.Dial("tcp", p.target)
	if err != nil {
		client.Close()
		return
	}
	p.track(client, true)
	p.track(server, true)
	defer func() {
		p.track(client, false)
		p.track(server, false)
		client.Close()
		server.Close()
	}()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		delayedCopy(server, client, p.oneWay, accepted.Add(2*p.oneWay))
	}()
	go func() {
		defer wg.Done()
		delayedCopy(client, server, p.oneWay, time.Time{})
	}()
	wg.Wait()
}

// chunk is data read at a time, due for writing at another.
type chunk struct {
	data []byte
	due  time.Time
}

// delayedCopy copies src to dst, writing each chunk delay after it was read
// (and no sooner than notBefore+delay). Reading goes on while earlier
// chunks wait, so delays do not add up: the link has latency, not a low
// bandwidth. When src ends, dst's write side is closed after the last chunk.
func delayedCopy(dst, src net.Conn, delay time.Duration, notBefore time.Time) {
	queue := make(chan chunk, 256)
	go func() {
		defer close(queue)
		for {
			buf := make([]byte, 32<<10)
			n, err := src.Read(buf)
			if n > 0 {
				read := time.Now()
				if read.Before(notBefore) {
					read = notBefore
				}
				queue <- chunk{buf[:n], read.Add(delay)}
			}
			if err != nil {
				return
			}
		}
	}()
	failed := false
	for c := range queue {
		if failed {
			continue // drain, so the reader is not stuck
		}
		time.Sleep(time.Until(c.due))
		if _, err := dst.Write(c.data); err != nil {
			failed = true
			src.Close()
		}
	}
	if cw, ok := dst.(interface{ CloseWrite() error }); ok && !failed {
		_ = cw.CloseWrite()
	} else {
		dst.Close()
	}
}

// Close stops accepting and ends the connections in progress.
func (p *delayProxy) Close() {
	p.ln.Close()
	p.mu.Lock()
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}
