# Dragnet: the two commands are `make demo` and `make test` (see README.md).
# Every target first makes sure the Debian packages are installed.
.PHONY: all build deps test unit fuzz sanitize bench demo clean debug

JOBS ?= $(shell nproc)
# CI=true builds with warnings as errors.
WERROR := $(if $(filter true 1 yes,$(CI)),ON,OFF)
FUZZ_SECONDS ?= 10

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake --preset release -DDRAGNET_WERROR=$(WERROR) > build.configure.log || (cat build.configure.log; exit 1)
	@cmake --build --preset release -j $(JOBS)

debug: deps
	@cmake --preset debug -DDRAGNET_WERROR=$(WERROR) > build.configure.log || (cat build.configure.log; exit 1)
	@cmake --build --preset debug -j $(JOBS)

# Every fuzz target briefly, the unit, golden and shared-data tests under ASan
# and UBSan, then every test on the shipped build (ctest's summary is the last
# line).
test: build
	@$(MAKE) --no-print-directory fuzz
	@$(MAKE) --no-print-directory sanitize
	@ctest --preset release -j $(JOBS)

# The unit, golden and shared-data tests built with ASan and UBSan (the
# browser and STIX-schema tests, which only re-run the demo, are left to the
# release build).
sanitize: deps
	@cmake --preset sanitize -DDRAGNET_WERROR=$(WERROR) > build.configure.log || (cat build.configure.log; exit 1)
	@cmake --build --preset sanitize -j $(JOBS)
	@ctest --preset sanitize -j $(JOBS)

unit: build
	@ctest --preset release -j $(JOBS)

fuzz: deps
	@cmake --preset fuzz -DDRAGNET_WERROR=$(WERROR) > build.configure.log || (cat build.configure.log; exit 1)
	@cmake --build --preset fuzz -j $(JOBS)
	@bash scripts/run-fuzzers.sh build-fuzz $(FUZZ_SECONDS)

bench: build
	@bash bench/run.sh

demo: build
	@bash scripts/demo.sh

clean:
	rm -rf build build-debug build-sanitize build-fuzz build.configure.log
