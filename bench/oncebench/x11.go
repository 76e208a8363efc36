package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"
)

// This file is a small X11 client: just enough of the core protocol and of
// the DAMAGE and XTEST extensions to see windows appear and draw, read their
// pixels and click in them. Watching the server's own events, instead of
// polling with a helper program, costs the measured program nothing and
// dates each event to the moment the server sent it.

// Core protocol numbers used here.
const (
	xReply = 1 // first byte of a reply; 0 is an error, anything else an event

	xCreateNotify = 16
	xMapNotify    = 19

	xOpChangeWindowAttributes = 2
	xOpGetGeometry            = 14
	xOpInternAtom             = 16
	xOpGetProperty            = 20
	xOpGetInputFocus          = 43
	xOpGetImage               = 73
	xOpQueryExtension         = 98

	xCWEventMask              = 1 << 11
	xSubstructureNotifyMask   = 1 << 19
	xAtomWMName               = 39
	xZPixmap                  = 2
	xTestButtonPress          = 4
	xTestButtonRelease        = 5
	xTestMotionNotify         = 6
	damageReportRawRectangles = 0
)

// xEvent is one event from the server and when it was read.
type xEvent struct {
	At   time.Time
	Data [32]byte
}

// Code is the event's type, without the "sent by a client" bit.
func (e xEvent) Code() byte { return e.Data[0] & 0x7f }

// U32 reads the little-endian word at off.
func (e xEvent) U32(off int) uint32 { return binary.LittleEndian.Uint32(e.Data[off:]) }

type xReplyMsg struct {
	data []byte // the whole reply, header included
	err  error
}

// xConn is one connection to an X server.
type xConn struct {
	conn net.Conn

	Root       uint32
	RootDepth  byte
	RootVisual uint32
	idBase     uint32
	idMask     uint32
	formats    map[byte]xFormat // pixmap formats by depth

	wmu    sync.Mutex // orders requests and their sequence numbers
	seq    uint16
	nextID uint32

	pmu     sync.Mutex
	pending map[uint16]chan xReplyMsg
	readErr error

	emu    sync.Mutex
	events []xEvent
	wake   chan struct{}

	damageOp, damageEvent byte
	xtestOp               byte
}

type xFormat struct {
	bpp, pad int
}

// dialX connects to display (":99" or ":99.0") over its local socket. It
// uses no authorisation: the benchmark's own Xvfb does not ask for any.
func dialX(display string) (*xConn, error) {
	_, rest, ok := strings.Cut(display, ":")
	if !ok {
		return nil, fmt.Errorf("display %q: not of the form :N", display)
	}
	number, _, _ := strings.Cut(rest, ".")
	c, err := net.Dial("unix", "/tmp/.X11-unix/X"+number)
	if err != nil {
		return nil, err
	}
	x := &xConn{conn: c, pending: map[uint16]chan xReplyMsg{}, wake: make(chan struct{}, 1), formats: map[byte]xFormat{}}
	if err := x.setup(); err != nil {
		c.Close()
		return nil, fmt.Errorf("setting up the X connection: %w", err)
	}
	go x.readLoop()
	return x, nil
}

func (x *xConn) setup() error {
	// 'l': little-endian; protocol 11.0; no authorisation.
	req := []byte{'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	if _, err := x.conn.Write(req); err != nil {
		return err
	}
	head := make([]byte, 8)
	if _, err := io.ReadFull(x.conn, head); err != nil {
		return err
	}
	body := make([]byte, int(binary.LittleEndian.Uint16(head[6:]))*4)
	if _, err := io.ReadFull(x.conn, body); err != nil {
		return err
	}
	if head[0] != 1 {
		n := int(head[1])
		if n > len(body) {
			n = len(body)
		}
		return fmt.Errorf("refused: %s", body[:n])
	}
	le := binary.LittleEndian
	x.idBase, x.idMask = le.Uint32(body[4:]), le.Uint32(body[8:])
	vendorLen := int(le.Uint16(body[16:]))
	nFormats := int(body[21])
	off := 32 + pad4(vendorLen)
	for i := 0; i < nFormats; i++ {
		f := body[off+8*i:]
		x.formats[f[0]] = xFormat{bpp: int(f[1]), pad: int(f[2])}
	}
	screen := body[off+8*nFormats:]
	x.Root = le.Uint32(screen[0:])
	x.RootVisual = le.Uint32(screen[32:])
	x.RootDepth = screen[38]
	return nil
}

func pad4(n int) int { return (n + 3) &^ 3 }

// readLoop sorts what the server sends into replies (by sequence number)
// and events (queued, with their arrival time).
func (x *xConn) readLoop() {
	for {
		buf := make([]byte, 32)
		_, err := io.ReadFull(x.conn, buf)
		at := time.Now()
		if err == nil && buf[0] == xReply {
			extra := int(binary.LittleEndian.Uint32(buf[4:])) * 4
			if extra > 0 {
				buf = append(buf, make([]byte, extra)...)
				_, err = io.ReadFull(x.conn, buf[32:])
			}
		}
		if err != nil {
			x.pmu.Lock()
			x.readErr = err
			for seq, ch := range x.pending {
				ch <- xReplyMsg{err: err}
				delete(x.pending, seq)
			}
			x.pmu.Unlock()
			x.emu.Lock()
			x.notify()
			x.emu.Unlock()
			return
		}
		switch buf[0] {
		case xReply, 0:
			seq := binary.LittleEndian.Uint16(buf[2:])
			x.pmu.Lock()
			ch := x.pending[seq]
			delete(x.pending, seq)
			x.pmu.Unlock()
			if ch == nil {
				continue // an error for a request that expects no reply: not needed here
			}
			msg := xReplyMsg{data: buf}
			if buf[0] == 0 {
				msg = xReplyMsg{err: fmt.Errorf("error %d from the X server (request %d.%d, value %#x)", buf[1], buf[10], binary.LittleEndian.Uint16(buf[8:]), binary.LittleEndian.Uint32(buf[4:]))}
			}
			ch <- msg
		default:
			var ev xEvent
			ev.At = at
			copy(ev.Data[:], buf)
			x.emu.Lock()
			x.events = append(x.events, ev)
			x.notify()
			x.emu.Unlock()
		}
	}
}

// notify wakes NextEvent; x.emu is held.
func (x *xConn) notify() {
	select {
	case x.wake <- struct{}{}:
	default:
	}
}

// NextEvent returns the oldest queued event, waiting until deadline.
func (x *xConn) NextEvent(deadline time.Time) (xEvent, error) {
	for {
		x.emu.Lock()
		if len(x.events) > 0 {
			ev := x.events[0]
			x.events = x.events[1:]
			x.emu.Unlock()
			return ev, nil
		}
		x.emu.Unlock()
		x.pmu.Lock()
		err := x.readErr
		x.pmu.Unlock()
		if err != nil {
			return xEvent{}, err
		}
		wait := time.Until(deadline)
		if wait <= 0 {
			return xEvent{}, errTimeout
		}
		t := time.NewTimer(wait)
		select {
		case <-x.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// DropEvents forgets the queued events.
func (x *xConn) DropEvents() {
	x.emu.Lock()
	x.events = nil
	x.emu.Unlock()
}

var errTimeout = errors.New("timed out")

// send writes one request; the length field is filled in here.
func (x *xConn) send(req []byte, wantReply bool) (chan xReplyMsg, error) {
	if len(req)%4 != 0 {
		panic("X request not a multiple of 4 bytes")
	}
	binary.LittleEndian.PutUint16(req[2:], uint16(len(req)/4))
	x.wmu.Lock()
	defer x.wmu.Unlock()
	x.seq++
	var ch chan xReplyMsg
	if wantReply {
		ch = make(chan xReplyMsg, 1)
		x.pmu.Lock()
		if x.readErr != nil {
			x.pmu.Unlock()
			return nil, x.readErr
		}
		x.pending[x.seq] = ch
		x.pmu.Unlock()
	}
	if _, err := x.conn.Write(req); err != nil {
		return nil, err
	}
	return ch, nil
}

// call sends a request and waits for its reply.
func (x *xConn) call(req []byte) ([]byte, error) {
	ch, err := x.send(req, true)
	if err != nil {
		return nil, err
	}
	t := time.NewTimer(10 * time.Second)
	defer t.Stop()
	select {
	case m := <-ch:
		return m.data, m.err
	case <-t.C:
		return nil, errors.New("the X server did not reply within 10 s")
	}
}

// Sync waits until the server has handled every request sent so far.
func (x *xConn) Sync() error {
	_, err := x.call(req(4, xOpGetInputFocus, 0))
	return err
}

// newID allocates a resource id for a new server object.
func (x *xConn) newID() uint32 {
	x.wmu.Lock()
	defer x.wmu.Unlock()
	x.nextID++
	return x.idBase | (x.nextID & x.idMask)
}

// req builds a request of n bytes with the opcode and data byte set.
func req(n int, op, data byte) []byte {
	b := make([]byte, n)
	b[0], b[1] = op, data
	return b
}

// WatchTopLevel asks for CreateNotify and MapNotify events of the root
// window's children, the top-level windows when no window manager runs.
func (x *xConn) WatchTopLevel() error {
	r := req(16, xOpChangeWindowAttributes, 0)
	le := binary.LittleEndian
	le.PutUint32(r[4:], x.Root)
	le.PutUint32(r[8:], xCWEventMask)
	le.PutUint32(r[12:], xSubstructureNotifyMask)
	if _, err := x.send(r, false); err != nil {
		return err
	}
	return x.Sync()
}

// WindowName returns the window's WM_NAME, or _NET_WM_NAME when WM_NAME is
// empty.
func (x *xConn) WindowName(w uint32) (string, error) {
	name, err := x.property(w, xAtomWMName)
	if err != nil || name != "" {
		return name, err
	}
	atom, err := x.InternAtom("_NET_WM_NAME")
	if err != nil {
		return "", err
	}
	return x.property(w, atom)
}

func (x *xConn) property(w, atom uint32) (string, error) {
	r := req(24, xOpGetProperty, 0)
	le := binary.LittleEndian
	le.PutUint32(r[4:], w)
	le.PutUint32(r[8:], atom)
	le.PutUint32(r[12:], 0)   // any type
	le.PutUint32(r[16:], 0)   // from the start
	le.PutUint32(r[20:], 256) // up to 1 KiB
	rep, err := x.call(r)
	if err != nil {
		return "", err
	}
	format := int(rep[1])
	n := int(le.Uint32(rep[16:]))
	if format == 0 {
		return "", nil
	}
	return string(rep[32 : 32+n*format/8]), nil
}

// InternAtom returns the atom named name, creating it when needed.
func (x *xConn) InternAtom(name string) (uint32, error) {
	r := req(8+pad4(len(name)), xOpInternAtom, 0)
	binary.LittleEndian.PutUint16(r[4:], uint16(len(name)))
	copy(r[8:], name)
	rep, err := x.call(r)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(rep[8:]), nil
}

// Geometry is a window's place in its parent and its size, in pixels.
type Geometry struct {
	X, Y, Width, Height int
}

// Geometry returns w's position in its parent (the root, for a top-level
// window without a window manager) and size.
func (x *xConn) Geometry(w uint32) (Geometry, error) {
	r := req(8, xOpGetGeometry, 0)
	binary.LittleEndian.PutUint32(r[4:], w)
	rep, err := x.call(r)
	if err != nil {
		return Geometry{}, err
	}
	le := binary.LittleEndian
	return Geometry{
		X: int(int16(le.Uint16(rep[12:]))), Y: int(int16(le.Uint16(rep[14:]))),
		Width: int(le.Uint16(rep[16:])), Height: int(le.Uint16(rep[18:])),
	}, nil
}

// Image is the pixels of a window as the server holds them.
type Image struct {
	Width, Height int
	Depth         int
	BPP           int // bits per pixel
	Stride        int // bytes per row
	Data          []byte
}

// GetImage reads w's pixels.
func (x *xConn) GetImage(w uint32) (Image, error) {
	g, err := x.Geometry(w)
	if err != nil {
		return Image{}, err
	}
	r := req(20, xOpGetImage, xZPixmap)
	le := binary.LittleEndian
	le.PutUint32(r[4:], w)
	le.PutUint16(r[12:], uint16(g.Width))
	le.PutUint16(r[14:], uint16(g.Height))
	le.PutUint32(r[16:], 0xffffffff)
	rep, err := x.call(r)
	if err != nil {
		return Image{}, err
	}
	depth := rep[1]
	f, ok := x.formats[depth]
	if !ok || f.bpp < 8 {
		return Image{}, fmt.Errorf("unsupported pixel format for depth %d", depth)
	}
	stride := (g.Width*f.bpp + f.pad - 1) / f.pad * f.pad / 8
	img := Image{Width: g.Width, Height: g.Height, Depth: int(depth), BPP: f.bpp, Stride: stride, Data: rep[32:]}
	if len(img.Data) < stride*g.Height {
		return Image{}, fmt.Errorf("short image: %d bytes for %dx%d", len(img.Data), g.Width, g.Height)
	}
	return img, nil
}

// Uniform reports whether every pixel of the image has the same colour:
// true for a window nothing has been drawn into yet. Bits above the depth
// (the unused byte of 32-bit pixels) are ignored.
func (img Image) Uniform() bool {
	bytesPP := img.BPP / 8
	mask := uint64(1)<<uint(img.Depth) - 1
	pixel := func(row, col int) uint64 {
		var v uint64
		p := img.Data[row*img.Stride+col*bytesPP:]
		for i := bytesPP - 1; i >= 0; i-- {
			v = v<<8 | uint64(p[i])
		}
		return v & mask
	}
	if img.Width == 0 || img.Height == 0 {
		return true
	}
	first := pixel(0, 0)
	for row := 0; row < img.Height; row++ {
		for col := 0; col < img.Width; col++ {
			if pixel(row, col) != first {
				return false
			}
		}
	}
	return true
}

// queryExtension returns an extension's major opcode and first event code.
func (x *xConn) queryExtension(name string) (op, firstEvent byte, err error) {
	r := req(8+pad4(len(name)), xOpQueryExtension, 0)
	binary.LittleEndian.PutUint16(r[4:], uint16(len(name)))
	copy(r[8:], name)
	rep, err := x.call(r)
	if err != nil {
		return 0, 0, err
	}
	if rep[8] == 0 {
		return 0, 0, fmt.Errorf("the X server has no %s extension", name)
	}
	return rep[9], rep[10], nil
}

// InitDamage readies the DAMAGE extension, which reports drawing into a
// window as it happens.
func (x *xConn) InitDamage() error {
	op, ev, err := x.queryExtension("DAMAGE")
	if err != nil {
		return err
	}
	x.damageOp, x.damageEvent = op, ev
	r := req(12, op, 0) // DamageQueryVersion 1.1: required before any other request
	binary.LittleEndian.PutUint32(r[4:], 1)
	binary.LittleEndian.PutUint32(r[8:], 1)
	_, err = x.call(r)
	return err
}

// WatchDamage asks for a DamageNotify event for every drawing into w. It
// expects no reply: a window already gone is simply not watched.
func (x *xConn) WatchDamage(w uint32) error {
	r := req(16, x.damageOp, 1) // DamageCreate
	le := binary.LittleEndian
	le.PutUint32(r[4:], x.newID())
	le.PutUint32(r[8:], w)
	r[12] = damageReportRawRectangles
	_, err := x.send(r, false)
	return err
}

// IsDamage reports whether ev is a DamageNotify event, and for which
// drawable.
func (x *xConn) IsDamage(ev xEvent) (drawable uint32, ok bool) {
	if x.damageOp == 0 || ev.Code() != x.damageEvent {
		return 0, false
	}
	return ev.U32(4), true
}

// InitXTest readies the XTEST extension, which makes input as if from the
// mouse.
func (x *xConn) InitXTest() error {
	op, _, err := x.queryExtension("XTEST")
	x.xtestOp = op
	return err
}

// fakeInput builds one XTestFakeInput request.
func (x *xConn) fakeInput(kind, detail byte, rootX, rootY int) []byte {
	r := req(36, x.xtestOp, 2)
	r[4], r[5] = kind, detail
	le := binary.LittleEndian
	le.PutUint32(r[12:], x.Root)
	le.PutUint16(r[24:], uint16(int16(rootX)))
	le.PutUint16(r[26:], uint16(int16(rootY)))
	return r
}

// MovePointer moves the pointer to a point of the root window.
func (x *xConn) MovePointer(rootX, rootY int) error {
	if _, err := x.send(x.fakeInput(xTestMotionNotify, 0, rootX, rootY), false); err != nil {
		return err
	}
	return x.Sync()
}

// Click presses and releases the left button where the pointer is. Both
// go out in one write, as a quick click does.
func (x *xConn) Click() error {
	press := x.fakeInput(xTestButtonPress, 1, 0, 0)
	release := x.fakeInput(xTestButtonRelease, 1, 0, 0)
	binary.LittleEndian.PutUint16(press[2:], uint16(len(press)/4))
	binary.LittleEndian.PutUint16(release[2:], uint16(len(release)/4))
	x.wmu.Lock()
	x.seq += 2
	_, err := x.conn.Write(append(press, release...))
	x.wmu.Unlock()
	return err
}

// Close ends the connection.
func (x *xConn) Close() error { return x.conn.Close() }
