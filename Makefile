# OnceKey. The two commands a newcomer needs:
#   make run    installs what is missing, builds, opens the window
#   make test   installs what is missing, runs every test
# Both work as root or through sudo, and say what they install.

SHELL := /bin/bash
# sudo's secure_path drops Go's folder from PATH: find Go anyway.
GO ?= $(shell command -v go 2>/dev/null || echo /usr/local/go/bin/go)
export PATH := $(dir $(GO)):$(PATH)

TAGS := migrated_fynedo
BIN := build/oncekey
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
FUZZTIME ?= 30s

.PHONY: run test build deps test-deps lint unit secret-service window fuzz clean bench

run: build
	./$(BIN)

build: deps
	$(GO) build -tags $(TAGS) -trimpath -ldflags='-s -w' -o $(BIN) .

deps:
	@.ci/deps build

test-deps:
	@.ci/deps test

test: test-deps lint unit secret-service window
	@echo "All OnceKey tests passed."

lint:
	@echo "== gofmt, go vet, staticcheck"
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet -tags $(TAGS) ./...
	$(GO) vet -tags '$(TAGS) secretservice e2e' ./...
	$(GO) run $(STATICCHECK) -tags $(TAGS) ./...

unit:
	@echo "== unit tests (with the race detector; fuzz targets run their seed corpus)"
	$(GO) test -race -tags $(TAGS) -count=1 ./...

secret-service:
	@echo "== keychain tests against a real Secret Service (gnome-keyring in a private D-Bus session)"
	.ci/with-secret-service $(GO) test -race -tags '$(TAGS) secretservice' -count=1 ./keystore/...

window:
	@echo "== the whole program: the real window under Xvfb, driven with xdotool (screenshots in build/screenshots)"
	.ci/with-secret-service $(GO) test -tags '$(TAGS) e2e' -count=1 -v ./e2e/...

# Longer fuzzing: make fuzz FUZZTIME=5m
fuzz:
	@for target in $$(grep -rhoE '^func (Fuzz[A-Za-z0-9_]+)' --include='*_test.go' apiclient keystore | sed 's/func //'); do \
	  pkg=$$(grep -rlE "^func $$target\(" --include='*_test.go' apiclient keystore | head -1 | xargs dirname); \
	  echo "== $$target in ./$$pkg for $(FUZZTIME)"; \
	  $(GO) test -tags $(TAGS) -run='^$$' -fuzz="^$$target\$$" -fuzztime=$(FUZZTIME) ./$$pkg || exit 1; \
	done

clean:
	rm -rf build

# The benchmark: OnceKey against a bare Fyne window, curl and secret-tool,
# each in the same run. A few minutes; not part of make test. Prints a table
# and writes it to docs/BENCHMARKS.md.
bench: test-deps
	@echo "== benchmark (a few minutes): start-up, memory, size, test latency, Cancel, keychain"
	.ci/with-secret-service $(GO) run -tags $(TAGS) ./bench/oncebench
