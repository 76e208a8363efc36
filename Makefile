# OnceKey: two programs from one module, the window (the module root) and
# the command line (cmd/oncekey). The two commands a newcomer needs:
#   make run    installs what is missing, builds both, opens the window
#   make test   installs what is missing, runs every test (the Windows
#               programs' too, under Wine)
# Both work as root or through sudo, and say what they install.

SHELL := /bin/bash
# sudo's secure_path drops Go's folder from PATH: find Go anyway.
GO ?= $(shell command -v go 2>/dev/null || echo /usr/local/go/bin/go)
export PATH := $(dir $(GO)):$(PATH)
# Build with at least the Go that go.mod's toolchain line names (the release
# with the security fixes govulncheck asks for), fetched through the module
# proxy when the installed Go is older, even where Go's default says
# "local". A GOTOOLCHAIN set in the environment wins.
export GOTOOLCHAIN ?= auto

TAGS := migrated_fynedo
# The window links the GUI toolkit through cgo; the command line has none
# of it and is built without cgo, into a static program.
WINDOW_BIN := build/oncekey-window
CLI_BIN := build/oncekey
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
GOVULNCHECK_VERSION := v1.9.0
# Go's vulnerability reports, as a version of the golang.org/x/vulndb module
# (README: "Refreshing the vulnerability database").
VULNDB_VERSION := v0.0.0-20261105234957-e22db6528018
FYNE_TOOLS_VERSION := v1.7.4
FUZZTIME ?= 30s

.PHONY: run test build deps test-deps lint desktop-files unit fuzz-brief secret-service window fuzz clean bench

run: build
	./$(WINDOW_BIN)

build: deps
	$(GO) build -tags $(TAGS) -trimpath -ldflags='-s -w' -o $(WINDOW_BIN) .
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags='-s -w' -o $(CLI_BIN) ./cmd/oncekey

deps:
	@.ci/deps build

test-deps:
	@.ci/deps test

test: test-deps lint desktop-files unit fuzz-brief secret-service window test-windows
	@echo "All OnceKey tests passed."

# Each fuzz target for a few seconds beyond its seed corpus (make fuzz for longer).
# No minimizing: a run this short can end while a new input is being
# minimized, which go test reports as "context deadline exceeded".
fuzz-brief:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=5s FUZZFLAGS=-fuzzminimizetime=0

lint:
	@echo "== gofmt, go vet, staticcheck"
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet -tags $(TAGS) ./...
	$(GO) vet -tags '$(TAGS) secretservice e2e e2ehooks wine' ./...
	$(GO) run $(STATICCHECK) -tags $(TAGS) ./...
	$(GO) run $(STATICCHECK) -tags '$(TAGS) secretservice e2e e2ehooks wine' ./...
	@echo "== go vet for macOS and Windows (the HTTPS client, the keychain, the command line, the clipboards, the session bus)"
	GOOS=darwin $(GO) vet -tags $(TAGS) ./apiclient/... ./keystore/... ./keys/... ./words/... ./cli/... ./cmd/oncekey/... ./internal/macclip ./internal/desktopbus ./internal/x11clip
	GOOS=windows $(GO) vet -tags $(TAGS) ./apiclient/... ./keystore/... ./keys/... ./words/... ./cli/... ./cmd/oncekey/... ./internal/winclip ./internal/winone ./internal/desktopbus ./e2e/testdata/wine/clipboard
	@$(MAKE) --no-print-directory vuln

# The desktop entry and the AppStream metainfo in assets/, as the Debian
# package installs them (make deb checks them again in the package).
desktop-files:
	@echo "== the desktop entry (desktop-file-validate) and the AppStream metainfo (appstreamcli validate --pedantic)"
	@.ci/check-desktop-files

unit:
	@echo "== unit tests (with the race detector; fuzz targets run their seed corpus)"
	$(GO) test -race -tags $(TAGS) -count=1 ./...

secret-service:
	@echo "== keychain tests against a real Secret Service (gnome-keyring in a private D-Bus session)"
	.ci/with-secret-service $(GO) test -race -tags '$(TAGS) secretservice' -count=1 ./keystore/... ./keys/...

window: $(if $(ONCEHUB_SPEC),prism)
	@echo "== both programs whole: the real window under Xvfb, driven with xdotool (screenshots in build/screenshots), and the command line, also with the system's libraries hidden"
	$(if $(ONCEHUB_SPEC),ONCEHUB_SPEC=$(abspath $(ONCEHUB_SPEC)) ONCEKEY_PRISM=$(CURDIR)/$(PRISM)) .ci/with-secret-service $(GO) test -tags '$(TAGS) e2e' -count=1 -v ./e2e/...

# The contract test (e2e/prism_test.go) runs the command line against a
# Prism mock of OnceHub's published OpenAPI spec, with Prism's request
# validation on. The spec is OnceHub's, not kept here: put it at
# build/oncehub-api.yaml or name it with ONCEHUB_SPEC=path. Prism comes
# from the npm registry, pinned, without its install scripts (one only
# reports the download).
ONCEHUB_SPEC ?= $(wildcard build/oncehub-api.yaml)
PRISM_VERSION := 5.16.0
PRISM := build/prism/node_modules/.bin/prism

.PHONY: prism
prism: $(PRISM)

$(PRISM):
	@command -v npm >/dev/null || .ci/deps node
	@echo "== installing Prism $(PRISM_VERSION) from the npm registry into build/prism"
	mkdir -p build/prism
	npm install --prefix build/prism --no-audit --no-fund --ignore-scripts --loglevel=error @stoplight/prism-cli@$(PRISM_VERSION)

# Longer fuzzing: make fuzz FUZZTIME=5m
fuzz:
	@for target in $$(grep -rhoE '^func (Fuzz[A-Za-z0-9_]+)' --include='*_test.go' apiclient keystore | sed 's/func //'); do \
	  pkg=$$(grep -rlE "^func $$target\(" --include='*_test.go' apiclient keystore | head -1 | xargs dirname); \
	  echo "== $$target in ./$$pkg for $(FUZZTIME)"; \
	  $(GO) test -tags $(TAGS) -run='^$$' -fuzz="^$$target\$$" -fuzztime=$(FUZZTIME) $(FUZZFLAGS) ./$$pkg || exit 1; \
	done

clean:
	rm -rf build

# The benchmark: both programs, the window against a bare Fyne window and
# curl, the command line against secret-tool and a plain Go program, each
# in the same run. A few minutes; not part of make test. Prints a table
# and writes it to docs/BENCHMARKS.md.
bench: test-deps
	@echo "== benchmark (a few minutes): start-up, memory, size, test latency, Cancel, keychain, the command line's start"
	.ci/with-secret-service $(GO) run -tags $(TAGS) ./bench/oncebench

.PHONY: vuln package package-windows package-deps install test-windows

# govulncheck, pinned, and a local copy of Go's vulnerability database: the public
# one cannot be reached from CI. Both are made once per machine and version.
GOVULNCHECK := build/tools/govulncheck-$(GOVULNCHECK_VERSION)/govulncheck
VULNDB := build/vulndb/$(VULNDB_VERSION)

$(GOVULNCHECK):
	GOBIN=$(CURDIR)/$(@D) $(GO) install golang.org/x/vuln/cmd/govulncheck@$(GOVULNCHECK_VERSION)

$(VULNDB)/index/db.json:
	@GO=$(GO) .ci/vulndb $(VULNDB_VERSION) $(VULNDB)

# A vulnerability in code OnceKey calls fails the run; one only in a package
# it imports is listed by "-show verbose" and does not.
vuln: $(GOVULNCHECK) $(VULNDB)/index/db.json
	@echo "== govulncheck (Go vulnerability reports from golang.org/x/vulndb $(VULNDB_VERSION))"
	$(GOVULNCHECK) -db file://$(CURDIR)/$(VULNDB) -tags $(TAGS) ./...


package-deps:
	@.ci/deps package

# What we ship is held to more than "make vuln": the package scripts also
# run govulncheck on the built program, and any vulnerable code linked into
# it, called or not, fails the package.
PACKAGE := .ci/package $(FYNE_TOOLS_VERSION) $(GOVULNCHECK) $(VULNDB)

# build/dist/OnceKey.tar.xz, both programs: unpack it anywhere, then
# "make user-install" in it (or "sudo make install" for everyone).
package: package-deps $(GOVULNCHECK) $(VULNDB)/index/db.json
	@echo "== Linux package (the window: fyne package; the command line: go build)"
	@GO=$(GO) $(PACKAGE) linux

# build/dist/oncekey_VERSION_ARCH.deb, the command line (static: a server
# takes only this one), and build/dist/oncekey-desktop_VERSION_ARCH.deb, the
# window with its menu entry, icons and AppStream metainfo; checked with
# lintian. ".ci/deb-check" then installs and removes them for real, system-wide:
# CI runs it (a throwaway machine), make test does not.
.PHONY: deb deb-check
deb: $(GOVULNCHECK) $(VULNDB)/index/db.json
	@.ci/deps deb
	@echo "== Debian packages (both programs built as make build builds them; lintian)"
	@GO=$(GO) .ci/deb $(GOVULNCHECK) $(VULNDB)

# Installs the two packages that make deb built on this machine, checks
# them in use and purges them again (as root, or through sudo). It refuses
# where OnceKey's packages are installed already.
deb-check:
	@.ci/deps deb-check
	@.ci/deb-check

# build/dist/oncekey-window.exe, cross-built with mingw-w64 (the first build
# compiles the OpenGL and GLFW C code for Windows, several minutes), and
# build/dist/oncekey.exe, the command line, without cgo.
package-windows: $(GOVULNCHECK) $(VULNDB)/index/db.json
	@.ci/deps windows
	@echo "== Windows programs (the window: fyne package, mingw-w64; the command line: go build)"
	@GO=$(GO) $(PACKAGE) windows

# The Windows programs that make package-windows built, run for real under
# Wine on a private Xvfb display: the command line against Wine's
# Credential Manager and its certificate verifier, the window's first run,
# saving, Copy and the clipboard's clearing, and a search of the Wine
# prefix for any copy of a key. Needs root (or sudo), for a private mount
# namespace that trusts the test certificate authority. Screenshots in
# build/screenshots (wine-*.png).
test-windows: package-windows
	@.ci/deps windows-test
	@if [ "$$(id -u)" != 0 ]; then echo "make test-windows (the last part of make test) needs root, for a private mount namespace: run it with sudo"; exit 1; fi
	@echo "== the Windows programs under Wine (a fresh Wine prefix; its first start takes some seconds)"
	$(GO) test -tags '$(TAGS) e2e wine' -count=1 -timeout 20m -v -run 'UnderWine' ./e2e/

# For the current user (run it without sudo): both programs in ~/.local/bin,
# the menu entry in ~/.local/share/applications, the icon in
# ~/.local/share/icons.
install: package
	rm -rf build/install
	mkdir -p build/install
	tar -C build/install -xJf build/dist/OnceKey.tar.xz
	$(MAKE) --no-print-directory -C build/install/oncekey-window user-install
	@echo "OnceKey is installed: ~/.local/bin/oncekey-window (the window, also in the applications menu) and ~/.local/bin/oncekey (the command line)."
