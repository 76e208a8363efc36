package fakeoncehub

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/oncekey/oncekey/internal/testpki"
)

// TLSMode is how the server sets up a new connection. A change reaches
// connections opened after it: DropConns closes the open ones.
type TLSMode int32

const (
	TLSGood      TLSMode = iota // a certificate from the CA for the right names
	TLSWrongName                // a trusted certificate, for another name
	TLSExpired                  // the right names, expired yesterday
	TLSOnly11                   // the right certificate, but TLS 1.1 at most
	TLSHangUp                   // the connection is closed before any handshake
	tlsModes
)

// SetTLS sets how new connections are set up.
func (s *Server) SetTLS(m TLSMode) { s.tlsMode.Store(int32(m)) }

// makeTLSConfs makes the certificates and TLS settings for every TLSMode.
func (s *Server) makeTLSConfs(names []string, http2 bool) error {
	now := time.Now()
	good, err := s.CA.LoopbackLeaf(names...)
	if err != nil {
		return err
	}
	wrongName, err := s.CA.Issue(now.Add(-time.Hour), now.Add(time.Hour), "not-oncehub.example")
	if err != nil {
		return err
	}
	expired, err := s.CA.Issue(now.Add(-48*time.Hour), now.Add(-24*time.Hour), append(append([]string{}, testpki.Loopback...), names...)...)
	if err != nil {
		return err
	}
	protos := []string{"http/1.1"}
	if http2 {
		protos = []string{"h2", "http/1.1"}
	}
	for m := range s.tlsConfs {
		conf := &tls.Config{Certificates: []tls.Certificate{good}, NextProtos: protos}
		switch TLSMode(m) {
		case TLSWrongName:
			conf.Certificates = []tls.Certificate{wrongName}
		case TLSExpired:
			conf.Certificates = []tls.Certificate{expired}
		case TLSOnly11:
			conf.MinVersion, conf.MaxVersion = tls.VersionTLS10, tls.VersionTLS11
		}
		s.tlsConfs[m] = conf
	}
	return nil
}

// ReplyMode is how the server answers a request that reached it.
type ReplyMode int32

const (
	ReplyNormal      ReplyMode = iota // like OnceHub: the account, 401, or the canned Reply
	ReplyResetMidway                  // headers and part of the body, then a TCP reset
	ReplySlow                         // a whole 200 reply, one byte at a time (SetSlowByteGap)
	ReplyHuge                         // a 200 whose body (HugeSize) is far larger than OnceKey reads
	ReplyHugeHeader                   // a 200 whose headers alone are far larger than OnceKey reads
)

// HugeSize is the body ReplyHuge announces and tries to send.
const HugeSize = 256 << 20

// SetReply sets how requests are answered.
func (s *Server) SetReply(m ReplyMode) { s.replyMode.Store(int32(m)) }

// SetSlowByteGap sets ReplySlow's pause between bytes (10 ms at first).
func (s *Server) SetSlowByteGap(d time.Duration) { s.slowGap.Store(int64(d)) }

// HugeSent is how many bytes of ReplyHuge's bodies could be written: how
// much the client read before it stopped.
func (s *Server) HugeSent() int64 { return s.hugeSent.Load() }

// misreply takes the connection from net/http, which would not let a reply
// be cut, slowed or inflated at any byte, and writes m's reply by hand. The
// connection is closed afterwards.
func (s *Server) misreply(w http.ResponseWriter, m ReplyMode, id string) {
	c, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		http.Error(w, "this fault needs HTTP/1.1", http.StatusHTTPVersionNotSupported)
		return
	}
	defer c.Close()
	head := "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nRequest-Id: " + id + "\r\nConnection: close\r\n"
	switch m {
	case ReplyResetMidway:
		_, _ = io.WriteString(c, head+"Content-Length: 200\r\n\r\n"+`{"message": "The API key is valid`)
		if tcp := tcpConn(c); tcp != nil {
			_ = tcp.SetLinger(0) // closing now sends a reset, not a clean end
		}
	case ReplySlow:
		body := `{"message": "The API key is valid for account: slow@example.com"}`
		reply := head + "Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body
		gap := time.Duration(s.slowGap.Load())
		for i := range len(reply) {
			if _, err := io.WriteString(c, reply[i:i+1]); err != nil {
				return
			}
			time.Sleep(gap)
		}
	case ReplyHuge:
		if _, err := io.WriteString(c, head+"Content-Length: "+strconv.Itoa(HugeSize)+"\r\n\r\n"+`{"message": "`); err != nil {
			return
		}
		chunk := bytes.Repeat([]byte("a"), 64<<10)
		for sent := 0; sent < HugeSize-16; sent += len(chunk) {
			_ = c.SetWriteDeadline(time.Now().Add(5 * time.Second))
			n, err := c.Write(chunk)
			s.hugeSent.Add(int64(n))
			if err != nil {
				return
			}
		}
	case ReplyHugeHeader:
		var b strings.Builder
		b.WriteString(head)
		for i := 0; b.Len() < 4<<20; i++ {
			fmt.Fprintf(&b, "X-Filler-%d: %s\r\n", i, strings.Repeat("b", 1000))
		}
		b.WriteString("Content-Length: 2\r\n\r\n{}")
		_ = c.SetWriteDeadline(time.Now().Add(5 * time.Second))
		_, _ = io.WriteString(c, b.String())
	}
}

// tcpConn is the TCP connection under a hijacked one.
func tcpConn(c net.Conn) *net.TCPConn {
	if tc, ok := c.(*tls.Conn); ok {
		c = tc.NetConn()
	}
	if tc, ok := c.(*trackedConn); ok {
		c = tc.Conn
	}
	tcp, _ := c.(*net.TCPConn)
	return tcp
}
