# Egenkontroll: `make run` starts everything, `make test` runs every test.
SHELL := /bin/bash
GO ?= go
NPM ?= npm
FRONTEND := frontend
BIN := bin/egenkontroll

.PHONY: run build frontend frontend-deps test test-go test-frontend test-e2e lint lint-go lint-frontend vet check-generated generate bench bench-peer bench-peer-deps clean

## run: build the web app and start the server with the embedded PostgreSQL and demo data
run: frontend
	$(GO) run ./cmd/egenkontroll serve

## build: a single binary with the web app embedded, in bin/
build: frontend
	$(GO) build -o $(BIN) ./cmd/egenkontroll

frontend-deps:
	cd $(FRONTEND) && $(NPM) ci --no-audit --no-fund

# Types from schema.graphql, strict type check, build, and the 300 KB first-page budget.
frontend: frontend-deps
	cd $(FRONTEND) && $(NPM) run build

## generate: regenerate gqlgen code from schema.graphql
generate:
	$(GO) generate ./...

## test: every test (linters, vet, generated code up to date, Go tests on real PostgreSQL, frontend unit tests, end-to-end in Chromium)
test: lint vet check-generated test-go test-frontend test-e2e

# golangci-lint is pinned: `make lint` builds this version into bin/tools from the Go module proxy
# the first time (a few minutes), then reuses it. .golangci.yml says which linters run.
GOLANGCI_LINT_VERSION := v2.15.0
TOOLS := $(CURDIR)/bin/tools
GOLANGCI_LINT := $(TOOLS)/golangci-lint-$(GOLANGCI_LINT_VERSION)

$(GOLANGCI_LINT):
	mkdir -p $(TOOLS)
	GOBIN=$(TOOLS) $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)
	mv $(TOOLS)/golangci-lint $@

## lint: golangci-lint on the Go code and ESLint on the web app (make test runs it first)
lint: lint-go lint-frontend

lint-go: $(GOLANGCI_LINT)
	$(GOLANGCI_LINT) run ./...
	@# Issue 16's other limit, which no linter checks: no hand-written Go file over 500 lines
	@# (generated code and gqlgen's resolver stubs excepted).
	@long=$$(find . -name '*.go' -not -path './frontend/*' -not -path './bin/*' -not -path './graph/generated/*' \
		-not -path './graph/model/*' -not -name schema.resolvers.go -exec wc -l {} + | awk '$$2 != "total" && $$1 > 500'); \
	if [ -n "$$long" ]; then echo "Go files over 500 lines:"; echo "$$long"; exit 1; fi

lint-frontend: frontend-deps
	cd $(FRONTEND) && $(NPM) run lint

vet:
	$(GO) vet ./...
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi

# Regenerates into the work tree and fails when that changed anything: generated code is never edited by hand.
check-generated:
	$(GO) generate ./...
	@if ! git diff --quiet -- graph/ || [ -n "$$(git ls-files --others --exclude-standard graph/)" ]; then \
		echo "generated code is out of date: run 'make generate' and commit the result"; git status --short graph/; exit 1; fi

test-go:
	$(GO) test -count=1 -timeout 20m ./...

test-frontend: frontend
	cd $(FRONTEND) && $(NPM) test

# The built app embedded in the real server, a fresh database, headless Chromium with axe-core.
test-e2e: frontend
	bash $(FRONTEND)/scripts/run-e2e.sh

PEER := bench/postgraphile
BENCH_SCALE ?= --services 350 --rounds 8 --cases 25
# Runs of each read measurement, alternated between the servers; the median is reported. The
# machine is shared and noisy: with 7 a single slow stretch could still move a median by 30 %.
BENCH_REPEATS ?= 41

## bench: benchmarks at national scale (not part of make test), side by side with PostGraphile 4 on
## the same database; prints the tables, also in bench-results/bench.md
bench: bench-peer-deps
	$(GO) test -run '^$$' -bench . -benchmem ./internal/privacy/ ./internal/stats/
	$(GO) run ./cmd/egenkontroll-bench $(BENCH_SCALE) --repeats $(BENCH_REPEATS) --clients 50 --duration 20s --peer $(PEER)

## bench-peer: only the side-by-side table (quick: make bench-peer BENCH_SCALE="--services 60 --rounds 3 --cases 10")
bench-peer: bench-peer-deps
	$(GO) run ./cmd/egenkontroll-bench $(BENCH_SCALE) --repeats $(BENCH_REPEATS) --peer $(PEER) --only-peer

# PostGraphile 4 from the npm registry into its own folder, from its lockfile; never part of make test.
bench-peer-deps:
	cd $(PEER) && $(NPM) ci --no-audit --no-fund

clean:
	rm -rf bin $(FRONTEND)/dist/assets $(FRONTEND)/dist/index.html
