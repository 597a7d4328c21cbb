# The two commands a newcomer needs are `make run` and `make test`; the
# README explains both. Front-end libraries come from npm (pinned in
# package-lock.json) and are copied into the embedded static tree.

VENDOR := internal/web/static/vendor
GO ?= go

.PHONY: run test assets build clean

## run: build and start the platform on ./data/tiaojie.db with demo data
run: assets
	$(GO) run ./cmd/tiaojie serve --demo

## test: run the whole test suite (PostgreSQL and browser tests when configured)
test: assets
	$(GO) test $(GOTESTFLAGS) ./...

## build: build ./bin/tiaojie
build: assets
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "-s -w -X main.version=$$(git describe --always --dirty 2>/dev/null || echo dev)" -o bin/tiaojie ./cmd/tiaojie

## assets: fetch the pinned front-end libraries and copy them into the binary's static files
assets: $(VENDOR)/htmx.min.js $(VENDOR)/echarts.min.js

$(VENDOR)/htmx.min.js $(VENDOR)/echarts.min.js &: package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js
	cp node_modules/htmx.org/LICENSE $(VENDOR)/htmx.LICENSE
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts.min.js
	cp node_modules/echarts/LICENSE $(VENDOR)/echarts.LICENSE

clean:
	rm -rf bin node_modules $(VENDOR)
