package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// program is a window program under test.
type program struct {
	Name  string   // for the report
	Path  string   // the binary
	Title string   // its window's title
	Env   []string // its environment
}

// startRun is what one start of a program showed.
type startRun struct {
	Mapped     time.Duration // exec to the window mapped (viewable)
	FirstFrame time.Duration // exec to the first drawing that is not one flat colour
	CPU        time.Duration // processor time the program had used by its first frame, all threads
	RSS        int64         // resident bytes at rssAfter from exec
	Output     string        // what the program printed, for when something goes wrong
}

// rssAfter is when resident memory is read: the program has shown its
// window and is idle by then.
const rssAfter = 2 * time.Second

// measureStart runs p once on the display x watches and times its window.
//
// The window counts as mapped when the server reports a MapNotify for a
// top-level window with p's title. The first frame is the first DAMAGE
// report (drawing into that window) after which the window's pixels are not
// all one colour; each report is checked by reading the window back.
func measureStart(x *xConn, p program) (startRun, error) {
	var run startRun
	x.DropEvents()
	var out bytes.Buffer
	cmd := exec.Command(p.Path)
	cmd.Env = p.Env
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}

	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return run, err
	}
	defer stopProgram(cmd)

	deadline := t0.Add(20 * time.Second)
	var win uint32
	for run.FirstFrame == 0 {
		ev, err := x.NextEvent(deadline)
		if err != nil {
			return run, fmt.Errorf("%s: waiting for its window: %w (it printed: %q)", p.Name, err, out.String())
		}
		switch {
		case ev.Code() == xCreateNotify && ev.U32(4) == x.Root:
			// Watch drawing from creation on, so no early frame is missed.
			if err := x.WatchDamage(ev.U32(8)); err != nil {
				return run, err
			}
		case ev.Code() == xMapNotify && ev.U32(4) == x.Root && win == 0:
			w := ev.U32(8)
			name, err := x.WindowName(w)
			if err != nil || name != p.Title {
				continue
			}
			win, run.Mapped = w, ev.At.Sub(t0)
		default:
			if d, ok := x.IsDamage(ev); ok && d == win && win != 0 {
				img, err := x.GetImage(win)
				if err != nil {
					return run, err
				}
				if !img.Uniform() {
					run.FirstFrame = ev.At.Sub(t0)
					run.CPU, _ = cpuTime(cmd.Process.Pid)
				}
			}
		}
	}
	time.Sleep(time.Until(t0.Add(rssAfter)))
	rss, err := residentBytes(cmd.Process.Pid)
	if err != nil {
		return run, fmt.Errorf("%s: %w (it printed: %q)", p.Name, err, out.String())
	}
	run.RSS = rss
	run.Output = out.String()
	return run, nil
}

// stopProgram ends a window program: SIGTERM, then SIGKILL if it lingers.
func stopProgram(cmd *exec.Cmd) {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		_ = cmd.Process.Kill()
		<-done
	}
}

// residentBytes reads VmRSS of a running process.
func residentBytes(pid int) (int64, error) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb * 1024, err
		}
	}
	return 0, fmt.Errorf("no VmRSS for process %d (it has exited?)", pid)
}

// cpuTime is the processor time a process's threads have used, from the
// scheduler's own accounting (nanoseconds), which, unlike wall time, other
// programs on the machine hardly change.
func cpuTime(pid int) (time.Duration, error) {
	dir := "/proc/" + strconv.Itoa(pid) + "/task"
	tasks, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	var total int64
	for _, t := range tasks {
		b, err := os.ReadFile(dir + "/" + t.Name() + "/schedstat")
		if err != nil {
			continue // the thread has just ended
		}
		f := strings.Fields(string(b))
		if len(f) == 0 {
			continue
		}
		ns, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, err
		}
		total += ns
	}
	return time.Duration(total), nil
}

// startResults are the runs of both programs, alternated.
type startResults struct {
	Mapped, FirstFrame, CPU [2][]time.Duration
	RSS                     [2][]int64
}

// compareStarts starts a and b alternately, runs times each after one
// discarded start of each (which fills the page cache and Fyne's caches).
func compareStarts(x *xConn, a, b program, runs int, progress func(string)) (startResults, error) {
	var res startResults
	progs := [2]program{a, b}
	for i := -1; i < runs; i++ {
		for j, p := range progs {
			if i%2 != 0 { // alternate which goes first
				p, j = progs[1-j], 1-j
			}
			r, err := measureStart(x, p)
			if err != nil {
				return res, err
			}
			if i < 0 {
				continue
			}
			res.Mapped[j] = append(res.Mapped[j], r.Mapped)
			res.FirstFrame[j] = append(res.FirstFrame[j], r.FirstFrame)
			res.CPU[j] = append(res.CPU[j], r.CPU)
			res.RSS[j] = append(res.RSS[j], r.RSS)
			progress(fmt.Sprintf("start %2d %-9s mapped %6.1f ms, first frame %6.1f ms (%5.1f ms of processor time), %5.1f MB resident",
				i+1, p.Name, ms(r.Mapped), ms(r.FirstFrame), ms(r.CPU), float64(r.RSS)/1e6))
		}
	}
	return res, nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
