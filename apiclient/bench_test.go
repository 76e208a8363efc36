package apiclient

import (
	"context"
	"net"
	"testing"
	"time"
)

// delayForwarder relays TCP to upstream, holding every chunk for oneWay in
// each direction, so each round trip of TLS and HTTP costs 2*oneWay.
func delayForwarder(b *testing.B, upstream string, oneWay time.Duration) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ln.Close() })
	relay := func(dst, src net.Conn) {
		type chunk struct {
			at   time.Time
			data []byte
		}
		ch := make(chan chunk, 1024)
		go func() {
			defer dst.Close()
			for c := range ch {
				time.Sleep(time.Until(c.at))
				if _, err := dst.Write(c.data); err != nil {
					return
				}
			}
		}()
		buf := make([]byte, 32<<10)
		for {
			n, err := src.Read(buf)
			if n > 0 {
				ch <- chunk{time.Now().Add(oneWay), append([]byte(nil), buf[:n]...)}
			}
			if err != nil {
				close(ch)
				return
			}
		}
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", upstream)
			if err != nil {
				c.Close()
				continue
			}
			go relay(up, c)
			go relay(c, up)
		}
	}()
	return ln.Addr().String()
}

// benchTest measures one Test, cold (a new connection each time) or warm
// (Warm first, outside the timing), over a link with a 5 ms one-way delay.
func benchTest(b *testing.B, warm bool) {
	p := newPKI(b)
	key := fakeKey(b)
	s := startServer(b, p.goodLeaf(b), nil, keyHandler(key, "admin@example.com"))
	s.Config.SetKeepAlivesEnabled(false) // each Test must use Warm's connection or a new one
	fwd := delayForwarder(b, s.Listener.Addr().String(), 5*time.Millisecond)
	c, err := New(Config{BaseURL: "https://" + testHost + "/v2", RootCAs: p.Pool, Timeout: 5 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	c.resolve = func(string) string { return fwd }
	b.Cleanup(c.CloseIdleConnections)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if warm {
			b.StopTimer()
			if err := c.Warm(context.Background()); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		if o := c.Test(context.Background(), key); o.Kind != Works {
			b.Fatalf("%v (%v)", o.Kind, o.Reason)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(s.accepts.Load())/float64(b.N), "conns/op")
}

func BenchmarkTestCold(b *testing.B) { benchTest(b, false) }
func BenchmarkTestWarm(b *testing.B) { benchTest(b, true) }
