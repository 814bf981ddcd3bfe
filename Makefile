# Mooring. Two commands, both of which install whatever is missing first:
#   make run    build and open the app on your own data folder
#   make test   build and run every test: core, command line, IPC and end to end

SHELL := /bin/bash
.DEFAULT_GOAL := run
export PATH := $(HOME)/.cargo/bin:$(PATH)

# What Tauri needs to build and run on Debian/Ubuntu (perl builds the vendored OpenSSL that
# SQLCipher uses), and what the end-to-end tests drive it with (a keyring for the key).
APT_PACKAGES := build-essential pkg-config file \
	libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev \
	perl xvfb webkit2gtk-driver dunst dbus-daemon dbus-bin dbus-x11 gnome-keyring

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test fuzz setup system-packages tauri-driver

run: setup
	cargo run --bin mooring

# One private session bus for the whole run: the notification tests start dunst on it.
test: setup
	dbus-run-session -- cargo test --workspace

# Ten minutes of the import fuzzer (the same one make test runs briefly), with a fresh seed.
fuzz:
	@seed=$${MOORING_FUZZ_SEED:-$$RANDOM$$RANDOM}; echo "Fuzzing import for 10 minutes, seed $$seed"; \
	MOORING_FUZZ_SECONDS=600 MOORING_FUZZ_SEED=$$seed cargo test --release -p mooring-core --test integration \
		fuzzed_import -- --nocapture

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

# The WebDriver bridge for the end-to-end tests.
tauri-driver:
	@command -v cargo >/dev/null || { echo "Rust is missing: install it with rustup, then run make again." >&2; exit 1; }
	@command -v tauri-driver >/dev/null || cargo install tauri-driver --locked
