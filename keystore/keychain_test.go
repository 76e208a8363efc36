package keystore

import (
	"context"
	"errors"
	"os/exec"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

// short is the keychain timeout for tests where the fake blocks: long
// enough to be well past scheduling noise, short enough to keep tests quick.
const short = 100 * time.Millisecond

// long is for tests where the keychain must not time out.
const long = time.Minute

// waitIdle blocks until no conversation with the keychain is under way, not
// even one a caller gave up on, so a test can look at the end state.
func waitIdle(k *Keychain) {
	k.slot <- struct{}{}
	<-k.slot
}

// gate is a blocking point for the fake: operations that reach it wait
// until it is opened.
type gate struct {
	reached chan string
	open    chan struct{}
	once    sync.Once
}

func newGate() *gate {
	return &gate{reached: make(chan string, 16), open: make(chan struct{})}
}

func (g *gate) wait(op string) {
	g.reached <- op
	<-g.open
}

func (g *gate) release() { g.once.Do(func() { close(g.open) }) }

func TestSaveGetRemoveRoundTrip(t *testing.T) {
	f := newFake()
	k := NewKeychainWith(f, long)
	ctx := context.Background()
	secret := fakeKey(1)

	if err := k.Save(ctx, DefaultName, secret); err != nil {
		t.Fatalf("Save: %v", err)
	}
	stored, ok := f.stored(DefaultName)
	if !ok {
		t.Fatalf("nothing stored under service %q, user %q", Service, DefaultName)
	}
	sameSecret(t, "stored value", stored, secret)

	got, err := k.Get(ctx, DefaultName)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	sameSecret(t, "Get", got, secret)

	if err := k.Remove(ctx, DefaultName); err != nil {
		t.Fatalf("Remove: %v", err)
	}
	if _, ok := f.stored(DefaultName); ok {
		t.Fatal("item still stored after Remove")
	}
	_, err = k.Get(ctx, DefaultName)
	if !IsNotFound(err) {
		t.Fatalf("Get after Remove: got %v, want NotFound", err)
	}
	if !errors.Is(err, keyring.ErrNotFound) {
		t.Errorf("NotFound error does not unwrap to keyring.ErrNotFound: %v", err)
	}
	if err := k.Remove(ctx, DefaultName); !IsNotFound(err) {
		t.Errorf("second Remove: got %v, want NotFound", err)
	}
}

func TestSaveReplacesAndReadsBack(t *testing.T) {
	f := newFake()
	f.put("Staging", fakeKey(1))
	k := NewKeychainWith(f, long)
	if err := k.Save(context.Background(), "Staging", fakeKey(2)); err != nil {
		t.Fatalf("Save: %v", err)
	}
	got, _ := f.stored("Staging")
	sameSecret(t, "stored after replace", got, fakeKey(2))
	// The old value is read first (to be able to put it back), then the new
	// one is written and read back.
	want := []string{"get Staging", "set Staging", "get Staging"}
	if ops := f.opLog(); strings.Join(ops, ",") != strings.Join(want, ",") {
		t.Errorf("keychain calls = %v, want %v", ops, want)
	}
}

func TestNamesAreKeptApart(t *testing.T) {
	f := newFake()
	k := NewKeychainWith(f, long)
	ctx := context.Background()
	names := []string{DefaultName, "Production", "Zapier (EU)", "Ünïcødé name", strings.Repeat("n", MaxNameLen)}
	for i, n := range names {
		if err := k.Save(ctx, n, fakeKey(i)); err != nil {
			t.Fatalf("Save %q: %v", n, err)
		}
	}
	for i, n := range names {
		got, err := k.Get(ctx, n)
		if err != nil {
			t.Fatalf("Get %q: %v", n, err)
		}
		sameSecret(t, "Get "+n, got, fakeKey(i))
	}
}

func TestInvalidNamesAreRefusedWithoutTouchingTheKeychain(t *testing.T) {
	bad := map[string]string{
		"empty":          "",
		"too long":       strings.Repeat("x", MaxNameLen+1),
		"newline":        "prod\nuction",
		"tab":            "a\tb",
		"nul":            "a\x00b",
		"escape":         "a\x1b[31m",
		"del":            "a\x7f",
		"leading space":  " prod",
		"trailing space": "prod ",
		"bad utf-8":      "a\xffb",
		"bidi override":  "a\u202eb",
	}
	for what, name := range bad {
		t.Run(what, func(t *testing.T) {
			f := newFake()
			k := NewKeychainWith(f, long)
			ctx := context.Background()
			for op, err := range map[string]error{
				"save":   k.Save(ctx, name, fakeKey(1)),
				"remove": k.Remove(ctx, name),
				"read":   func() error { _, err := k.Get(ctx, name); return err }(),
			} {
				var e *Error
				if !errors.As(err, &e) || e.Kind != Invalid {
					t.Fatalf("%s: got %v, want an Invalid *Error", op, err)
				}
				if e.Op != op {
					t.Errorf("Op = %q, want %q", e.Op, op)
				}
				if name != "" && strings.Contains(err.Error(), name) {
					t.Errorf("%s: the message repeats the name", op)
				}
			}
			if ops := f.opLog(); len(ops) != 0 {
				t.Errorf("keychain was called: %v", ops)
			}
		})
	}
	if err := ValidateName(strings.Repeat("é", MaxNameLen)); err != nil {
		t.Errorf("64 two-byte characters refused: %v", err)
	}
}

func TestSaveRefusesEmptySecret(t *testing.T) {
	f := newFake()
	f.put(DefaultName, fakeKey(1))
	err := NewKeychainWith(f, long).Save(context.Background(), DefaultName, "")
	if KindOf(err) != Invalid {
		t.Fatalf("got %v, want Invalid", err)
	}
	got, _ := f.stored(DefaultName)
	sameSecret(t, "stored", got, fakeKey(1))
}

func TestBackendErrorsAreClassified(t *testing.T) {
	cases := []struct {
		what string
		err  error
		want ErrorKind
	}{
		{"not found", keyring.ErrNotFound, NotFound},
		{"too big", keyring.ErrSetDataTooBig, TooBig},
		{"no session bus", errNoSessionBus, Missing},
		{"dbus-launch missing", &exec.Error{Name: "dbus-launch", Err: exec.ErrNotFound}, Missing},
		{"no secret service (text)", errors.New("The name org.freedesktop.secrets was not provided by any .service files"), Missing},
		{"unsupported platform", keyring.ErrUnsupportedPlatform, Missing},
		{"could not unlock", errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'"), Locked},
		{"anything else", errors.New("org.freedesktop.DBus.Error.AccessDenied: nope"), Refused},
	}
	for _, c := range cases {
		t.Run(c.what, func(t *testing.T) {
			for _, op := range []string{"get", "set", "delete"} {
				f := newFake()
				f.put(DefaultName, fakeKey(1))
				f.setBefore(func(o, _ string) error {
					if o == op {
						return c.err
					}
					return nil
				})
				k := NewKeychainWith(f, long)
				var err error
				switch op {
				case "get":
					_, err = k.Get(context.Background(), DefaultName)
				case "set":
					err = k.Save(context.Background(), DefaultName, fakeKey(2))
				case "delete":
					err = k.Remove(context.Background(), DefaultName)
				}
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("%s: got %v (%T), want *Error", op, err, err)
				}
				if e.Kind != c.want {
					t.Errorf("%s: kind %v, want %v", op, e.Kind, c.want)
				}
				if !reflect.DeepEqual(errors.Unwrap(err), c.err) {
					t.Errorf("%s: error does not unwrap to the keychain's error", op)
				}
				if e.Op == "" || !strings.Contains(err.Error(), e.Kind.String()) {
					t.Errorf("%s: Error() %q does not name the operation and kind", op, err.Error())
				}
				noSecretIn(t, err, fakeKey(1), fakeKey(2))
				if op != "get" {
					got, ok := f.stored(DefaultName)
					if !ok {
						t.Fatalf("%s: the earlier key is gone", op)
					}
					sameSecret(t, op+": stored", got, fakeKey(1))
				}
			}
		})
	}
}

func TestWriteFailureDuringReplaceKeepsOldKey(t *testing.T) {
	f := newFake()
	f.put("Production", fakeKey(1))
	f.setBefore(func(op, _ string) error {
		if op == "set" {
			return errors.New("org.freedesktop.Secret.Error.Failed: write failed")
		}
		return nil
	})
	k := NewKeychainWith(f, long)
	err := k.Save(context.Background(), "Production", fakeKey(2))
	if KindOf(err) != Refused {
		t.Fatalf("got %v, want Refused", err)
	}
	f.setBefore(nil)
	got, err := k.Get(context.Background(), "Production")
	if err != nil {
		t.Fatalf("old key no longer readable: %v", err)
	}
	sameSecret(t, "after failed replace", got, fakeKey(1))
}

func TestReadBackFailureAfterWriteRestoresOldKey(t *testing.T) {
	f := newFake()
	f.put("Production", fakeKey(1))
	gets := 0
	f.setBefore(func(op, _ string) error {
		if op == "get" {
			gets++ // only the worker goroutine calls the backend
			if gets == 2 {
				return errors.New("failed to unlock correct collection '/x'")
			}
		}
		return nil
	})
	k := NewKeychainWith(f, long)
	err := k.Save(context.Background(), "Production", fakeKey(2))
	if KindOf(err) != Locked {
		t.Fatalf("got %v, want Locked", err)
	}
	got, _ := f.stored("Production")
	sameSecret(t, "after failed read-back", got, fakeKey(1))
}

func TestReadBackMismatchRestoresOldKey(t *testing.T) {
	f := newFake()
	f.put("Production", fakeKey(1))
	f.alterGet = func(v string) string {
		if v == fakeKey(2) {
			return v[:len(v)-1] // the keychain mangled the new value
		}
		return v
	}
	k := NewKeychainWith(f, long)
	err := k.Save(context.Background(), "Production", fakeKey(2))
	if KindOf(err) != Mismatch {
		t.Fatalf("got %v, want Mismatch", err)
	}
	noSecretIn(t, err, fakeKey(1), fakeKey(2))
	got, _ := f.stored("Production")
	sameSecret(t, "after mismatch", got, fakeKey(1))
}

func TestReadBackMismatchOnFirstSaveLeavesNothing(t *testing.T) {
	f := newFake()
	f.alterGet = func(v string) string { return strings.ToUpper(v) }
	err := NewKeychainWith(f, long).Save(context.Background(), DefaultName, fakeKey(2))
	if KindOf(err) != Mismatch {
		t.Fatalf("got %v, want Mismatch", err)
	}
	if _, ok := f.stored(DefaultName); ok {
		t.Error("a mangled value was left stored")
	}
}

func TestMismatchWhoseRestoreFailsSaysSo(t *testing.T) {
	f := newFake()
	f.put(DefaultName, fakeKey(1))
	f.alterGet = func(v string) string {
		if v == fakeKey(2) {
			return "something else"
		}
		return v
	}
	sets := 0
	f.setBefore(func(op, _ string) error {
		if op == "set" {
			sets++
			if sets == 2 {
				return errors.New("write refused")
			}
		}
		return nil
	})
	err := NewKeychainWith(f, long).Save(context.Background(), DefaultName, fakeKey(2))
	var e *Error
	if !errors.As(err, &e) || e.Kind != Mismatch {
		t.Fatalf("got %v, want Mismatch", err)
	}
	if !e.RestoreFailed || e.Err == nil {
		t.Errorf("a failed restore is not reported: %q (cause %v)", e.Error(), e.Err)
	}
}

func TestTooBig(t *testing.T) {
	f := newFake()
	f.put(DefaultName, fakeKey(1))
	huge := strings.Repeat("k", 5000)
	f.setBefore(func(op, _ string) error {
		if op == "set" {
			return keyring.ErrSetDataTooBig
		}
		return nil
	})
	err := NewKeychainWith(f, long).Save(context.Background(), DefaultName, huge)
	if KindOf(err) != TooBig {
		t.Fatalf("got %v, want TooBig", err)
	}
	noSecretIn(t, err, huge)
	got, _ := f.stored(DefaultName)
	sameSecret(t, "after too-big save", got, fakeKey(1))
}

func TestStuckKeychainTimesOut(t *testing.T) {
	f := newFake()
	f.put(DefaultName, fakeKey(1))
	g := newGate()
	defer g.release()
	f.setBefore(func(op, _ string) error { g.wait(op); return nil })
	k := NewKeychainWith(f, short)

	_, err := k.Get(context.Background(), DefaultName)
	var e *Error
	if !errors.As(err, &e) || e.Kind != TimedOut {
		t.Fatalf("got %v, want TimedOut", err)
	}
	if e.Op != "read" {
		t.Errorf("Op = %q, want read", e.Op)
	}
	if e.Timeout != short {
		t.Errorf("Timeout = %v, want %v", e.Timeout, short)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Error("TimedOut does not unwrap to context.DeadlineExceeded")
	}

	// While the first call is still stuck, others wait behind it and time
	// out too, instead of piling up on the keychain.
	if err := k.Remove(context.Background(), DefaultName); KindOf(err) != TimedOut {
		t.Errorf("second call while stuck: got %v, want TimedOut", err)
	}
	if n := len(f.opLog()); n != 1 {
		t.Errorf("keychain saw %d calls while stuck, want 1", n)
	}

	g.release()
	waitIdle(k)
	got, err := k.Get(context.Background(), DefaultName)
	if err != nil {
		t.Fatalf("Get after the keychain answered: %v", err)
	}
	sameSecret(t, "Get", got, fakeKey(1))
}

func TestTimeoutIsKept(t *testing.T) {
	if got := timedOut("read", 90*time.Second).Timeout; got != 90*time.Second {
		t.Errorf("Timeout = %v, want 90s", got)
	}
	if NewKeychainWith(newFake(), 0).Timeout() != DefaultTimeout {
		t.Error("a zero timeout does not fall back to DefaultTimeout")
	}
}

func TestSaveAbandonedWhileReadingOldWritesNothing(t *testing.T) {
	f := newFake()
	f.put(DefaultName, fakeKey(1))
	g := newGate()
	defer g.release()
	f.setBefore(func(op, _ string) error {
		if op == "get" {
			g.wait(op)
		}
		return nil
	})
	k := NewKeychainWith(f, short)
	if err := k.Save(context.Background(), DefaultName, fakeKey(2)); KindOf(err) != TimedOut {
		t.Fatalf("got %v, want TimedOut", err)
	}
	g.release()
	waitIdle(k)
	if n := f.count("set"); n != 0 {
		t.Errorf("the keychain was written %d times after the caller gave up", n)
	}
	got, _ := f.stored(DefaultName)
	sameSecret(t, "stored", got, fakeKey(1))
}

func TestSaveAbandonedDuringWriteIsUndone(t *testing.T) {
	for _, hadOld := range []bool{true, false} {
		f := newFake()
		if hadOld {
			f.put(DefaultName, fakeKey(1))
		}
		g := newGate()
		f.setBefore(func(op, _ string) error {
			if op == "set" {
				g.wait(op)
			}
			return nil
		})
		k := NewKeychainWith(f, short)
		if err := k.Save(context.Background(), DefaultName, fakeKey(2)); KindOf(err) != TimedOut {
			t.Fatalf("got %v, want TimedOut", err)
		}
		<-g.reached
		// The stuck write now completes (the user answered the prompt
		// late); the caller was already told the save failed.
		f.setBefore(nil)
		g.release()
		waitIdle(k)
		got, ok := f.stored(DefaultName)
		switch {
		case hadOld && !ok:
			t.Error("the earlier key was lost")
		case hadOld:
			sameSecret(t, "stored", got, fakeKey(1))
		case ok:
			t.Error("a save reported as failed left a key stored")
		}
	}
}

func TestCancelledContext(t *testing.T) {
	f := newFake()
	f.put(DefaultName, fakeKey(1))
	k := NewKeychainWith(f, long)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := k.Save(ctx, DefaultName, fakeKey(2))
	if KindOf(err) != Canceled || !errors.Is(err, context.Canceled) {
		t.Fatalf("pre-cancelled: got %v, want Canceled", err)
	}
	if ops := f.opLog(); len(ops) != 0 {
		t.Errorf("keychain called with a cancelled context: %v", ops)
	}

	g := newGate()
	defer g.release()
	f.setBefore(func(op, _ string) error { g.wait(op); return nil })
	ctx, cancel = context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { _, err := k.Get(ctx, DefaultName); errc <- err }()
	<-g.reached
	cancel()
	if err := <-errc; KindOf(err) != Canceled {
		t.Fatalf("cancelled while waiting: got %v, want Canceled", err)
	}
	g.release()
	waitIdle(k)

	// A context deadline shorter than the keychain's own timeout counts
	// as the keychain not answering in time.
	g2 := newGate()
	defer g2.release()
	f.setBefore(func(op, _ string) error { g2.wait(op); return nil })
	dctx, dcancel := context.WithTimeout(context.Background(), short)
	defer dcancel()
	if _, err := k.Get(dctx, DefaultName); KindOf(err) != TimedOut {
		t.Errorf("context deadline: got %v, want TimedOut", err)
	}
}

func TestPanickingBackendIsRefused(t *testing.T) {
	f := newFake()
	f.setBefore(func(string, string) error { panic("interface conversion: unexpected reply") })
	k := NewKeychainWith(f, long)
	_, err := k.Get(context.Background(), DefaultName)
	if KindOf(err) != Refused {
		t.Fatalf("got %v, want Refused", err)
	}
	// The keychain slot was released.
	f.setBefore(nil)
	if err := k.Save(context.Background(), DefaultName, fakeKey(1)); err != nil {
		t.Fatalf("Save after a panic: %v", err)
	}
}

func TestConcurrentUse(t *testing.T) {
	f := newFake()
	k := NewKeychainWith(f, long)
	ctx := context.Background()
	names := []string{"a", "b", "c", "d"}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 25 {
				n := names[(w+i)%len(names)]
				switch i % 3 {
				case 0:
					if err := k.Save(ctx, n, fakeKey(w*100+i)); err != nil {
						t.Errorf("Save: %v", err)
					}
				case 1:
					if _, err := k.Get(ctx, n); err != nil && !IsNotFound(err) {
						t.Errorf("Get: %v", err)
					}
				case 2:
					if err := k.Remove(ctx, n); err != nil && !IsNotFound(err) {
						t.Errorf("Remove: %v", err)
					}
				}
			}
		})
	}
	wg.Wait()
	// Calls never overlap: every save's three steps sit together in the log.
	ops := f.opLog()
	for i := 0; i < len(ops); i++ {
		if strings.HasPrefix(ops[i], "set ") {
			if i < 1 || i+1 >= len(ops) || ops[i-1] != "get"+ops[i][3:] || ops[i+1] != "get"+ops[i][3:] {
				t.Fatalf("a save's steps were interleaved with other calls around position %d: %v", i, ops[max(0, i-2):min(len(ops), i+3)])
			}
		}
	}
}

func TestWhere(t *testing.T) {
	owner := func() Place { return PlaceKeePassXC }
	cases := []struct {
		goos string
		ss   bool
		want Place
	}{
		{"darwin", false, PlaceMacOSKeychain},
		{"windows", false, PlaceWindowsCredentials},
		{"linux", true, PlaceKeePassXC},
		{"freebsd", true, PlaceKeePassXC},
		{"plan9", false, PlaceSystemKeyring},
	}
	for _, c := range cases {
		if got := placeFor(c.goos, c.ss, owner); got != c.want {
			t.Errorf("placeFor(%q, %v) = %v, want %v", c.goos, c.ss, got, c.want)
		}
	}
	if NewKeychainWith(newFake(), long).Where() != placeOS() {
		t.Error("Keychain.Where does not describe this system")
	}
}

// The program that owns the Secret Service's name, as the kernel names it
// (comm, cut at 15 bytes) or by its executable, gives the place.
func TestPlaceForProcess(t *testing.T) {
	cases := []struct {
		comm, exe string
		want      Place
	}{
		{"gnome-keyring-d\n", "/usr/bin/gnome-keyring-daemon", PlaceGNOMEKeyring},
		{"gnome-keyring-d", "", PlaceGNOMEKeyring},
		{"", "/usr/bin/gnome-keyring-daemon (deleted)", PlaceGNOMEKeyring},
		{"kwalletd5\n", "/usr/bin/kwalletd5", PlaceKDEWallet},
		{"kwalletd6\n", "", PlaceKDEWallet},
		{"ksecretd\n", "/usr/bin/ksecretd", PlaceKDEWallet},
		{"keepassxc\n", "/usr/bin/keepassxc", PlaceKeePassXC},
		{"KeePassXC", "", PlaceKeePassXC},
		{"AppRun", "/tmp/.mount_KeePasXYZ/usr/bin/keepassxc", PlaceKeePassXC},
		{"oo7-daemon\n", "/usr/libexec/oo7-daemon", PlaceSystemKeyring},
		{"bash\n", "/usr/bin/bash", PlaceSystemKeyring},
		{"", "", PlaceSystemKeyring},
	}
	for _, c := range cases {
		if got := placeForProcess(c.comm, c.exe); got != c.want {
			t.Errorf("placeForProcess(%q, %q) = %v, want %v", c.comm, c.exe, got, c.want)
		}
	}
}

func TestKindOfAndIsNotFound(t *testing.T) {
	if KindOf(nil) != 0 || KindOf(errors.New("x")) != 0 {
		t.Error("KindOf of a foreign error is not 0")
	}
	wrapped := errors.Join(errors.New("context"), &Error{Kind: Locked})
	if KindOf(wrapped) != Locked {
		t.Error("KindOf does not look through wrapping")
	}
	if IsNotFound(&Error{Kind: Refused}) || !IsNotFound(&Error{Kind: NotFound}) {
		t.Error("IsNotFound is wrong")
	}
	for k := NotFound; k <= CannotList; k++ {
		if k.String() == "unknown" {
			t.Errorf("kind %d has no name", k)
		}
	}
	if ErrorKind(0).String() != "unknown" || ErrorKind(99).String() != "unknown" {
		t.Error("out-of-range kinds should be unknown")
	}
}

// Error() is short technical text: the kind and the operation, never the
// wrapped library's message (the words package makes the sentences).
func TestErrorTextIsShortAndTechnical(t *testing.T) {
	e := newError(Refused, "save", errors.New("org.freedesktop.DBus.Error.X: detail"))
	if got := e.Error(); got != "keychain save: refused" {
		t.Errorf("Error() = %q, want %q", got, "keychain save: refused")
	}
}

// If the earlier value cannot be read, it could not be put back either, so
// nothing is written.
func TestSaveWritesNothingWhenTheOldKeyCannotBeRead(t *testing.T) {
	f := newFake()
	f.put(DefaultName, fakeKey(1))
	f.setBefore(func(op, _ string) error {
		if op == "get" {
			return errors.New("failed to unlock correct collection '/x'")
		}
		return nil
	})
	err := NewKeychainWith(f, long).Save(context.Background(), DefaultName, fakeKey(2))
	if KindOf(err) != Locked {
		t.Fatalf("got %v, want Locked", err)
	}
	if n := f.count("set") + f.count("delete"); n != 0 {
		t.Errorf("the keychain was changed %d times", n)
	}
	got, _ := f.stored(DefaultName)
	sameSecret(t, "stored", got, fakeKey(1))
}

// BenchmarkKeychainOverhead measures what the timeout machinery (a
// goroutine, a timer, a hand-over) adds to each call, with an in-memory
// keychain.
func BenchmarkKeychainOverhead(b *testing.B) {
	f := newFake()
	f.put(DefaultName, fakeKey(1))
	k := NewKeychainWith(f, long)
	ctx := context.Background()
	for b.Loop() {
		if _, err := k.Get(ctx, DefaultName); err != nil {
			b.Fatal(err)
		}
		f.mu.Lock()
		f.ops = f.ops[:0]
		f.mu.Unlock()
	}
}
