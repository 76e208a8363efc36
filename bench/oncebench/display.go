package main

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// xvfb is a virtual X display of the benchmark's own.
type xvfb struct {
	Display string // like ":5"
	cmd     *exec.Cmd
}

// startXvfb starts Xvfb on a free display number. The root window is black
// (-br), so a window nothing has been drawn into reads back as one colour.
func startXvfb() (*xvfb, error) {
	if _, err := exec.LookPath("Xvfb"); err != nil {
		return nil, errors.New("the X server Xvfb is not installed (Debian package xvfb; make test-deps installs it)")
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	// -displayfd: Xvfb picks a free display and writes its number to fd 3.
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-br", "-noreset")
	cmd.ExtraFiles = []*os.File{w}
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		w.Close()
		return nil, err
	}
	w.Close()
	got := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		got <- strings.TrimSpace(line)
	}()
	select {
	case n := <-got:
		if n == "" {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			return nil, errors.New("the X server Xvfb did not start")
		}
		return &xvfb{Display: ":" + n, cmd: cmd}, nil
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, errors.New("the X server Xvfb did not start within 10 s")
	}
}

// Stop ends the display.
func (x *xvfb) Stop() {
	_ = x.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = x.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = x.cmd.Process.Kill()
		<-done
	}
}
