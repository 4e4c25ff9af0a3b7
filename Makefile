# libinvoice — two commands: `make demo` and `make test`. Both install what they need on a fresh
# Debian machine (run as root) before doing anything else.

CARGO ?= cargo
APT_PACKAGES := libxml2-utils poppler-utils
export CARGO_TERM_COLOR ?= never

.PHONY: demo test bench deps fmt-check clippy cargo-test

demo: deps
	$(CARGO) run --quiet -p libinvoice-core --example demo -- examples/orders/woocommerce-basic.json

test: deps fmt-check clippy cargo-test

bench: deps
	$(CARGO) bench -p libinvoice-core

# Debian packages the tests call (xmllint validates generated XML against the vendor XSDs),
# installed only when missing; rustfmt and clippy come from rustup.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	@$(CARGO) fmt --version >/dev/null 2>&1 || rustup component add rustfmt
	@$(CARGO) clippy --version >/dev/null 2>&1 || rustup component add clippy

fmt-check:
	$(CARGO) fmt --all --check

clippy:
	$(CARGO) clippy --workspace --all-targets -- -D warnings

cargo-test:
	$(CARGO) test --workspace
