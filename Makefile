# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Front door: `make`, `make demo`, `make test`, `make asan`, `make bench`.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all build demo test asan bench clean deps

all: build

$(BUILD)/Makefile:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

# Only "hello world" on stdout: the build's progress is silenced (its errors
# and warnings still reach stderr).
demo:
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target wasmcell >/dev/null
	@$(BUILD)/wasmcell run examples/hello.wasm

deps:
	scripts/install-deps.sh

test: deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

asan: deps
	cmake -S . -B $(ASAN_BUILD) -DWASMCELL_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	# LeakSanitizer's thread-local-storage scan crashes ("Tracer caught signal
	# 11") in processes that dlopen'ed the LLVM plugin (a sanitizer-runtime
	# bug with dlopen'ed TLS): use_tls=0, and tests/lsan.supp for the TLS
	# blocks that then look leaked. A failed test is run once more.
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=use_tls=0:print_suppressions=0:suppressions=$(CURDIR)/tests/lsan.supp ctest --output-on-failure -j $(JOBS) --repeat until-pass:2

bench: build
	scripts/install-deps.sh bench
	bench/run.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)

# `make install PREFIX=/usr/local DESTDIR=/tmp/stage`: libraries (static and
# shared), headers, the CLI, wasmcell.pc, the CMake package, wasmcell(1).
PREFIX ?= /usr/local
.PHONY: install
install: build
	DESTDIR="$(DESTDIR)" cmake --install $(BUILD) --prefix "$(PREFIX)"

# A longer run of the tier differential test (tests/diff/README.md).
FUZZ_N ?= 1000
.PHONY: fuzz-tiers
fuzz-tiers: build
	tests/diff/fuzz.sh $(FUZZ_N) --build $(BUILD)
