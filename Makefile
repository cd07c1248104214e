# The two commands the README promises: `make run` and `make test`.
# Both install what is missing (Debian 12, as root), build, then run.

BUILD       ?= build
ASAN_BUILD  ?= build-asan
JOBS        ?= 2
DEMO_CONFIG ?= demo/tact.json

# Debian 12 packages the build, the tests and the benchmarks need.
PACKAGES := build-essential cmake ninja-build ccache pkg-config openssl \
            libboost-dev libssl-dev nlohmann-json3-dev catch2 \
            libmaxminddb-dev libhowardhinnant-date-dev libicu-dev zlib1g-dev libbrotli-dev \
            libbenchmark-dev nginx-light wrk libmaxmind-db-writer-perl python3 python3-jsonschema \
            tzdata libnginx-mod-http-geoip2 libmimalloc-dev
# What only the browser tests need (make test): Debian's Chromium and its driver.
BROWSER_PACKAGES := chromium chromium-driver

.PHONY: deps browser-deps build build-asan run test bench tidy format fuzz clean

deps:
	@missing=$$(for p in $(PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing packages:" $$missing; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@# Node.js runs the browser tests; Debian's only if the machine has none.
	@command -v node >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm

# The browser tests' driver, playwright-core, from npm at the version in
# tests/browser/package-lock.json.
browser-deps: deps
	@$(MAKE) --no-print-directory deps PACKAGES="$(BROWSER_PACKAGES)"
	cd tests/browser && npm ci --no-audit --no-fund --loglevel=error

build: deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j $(JOBS)

# The sanitizer build skips the benchmarks: their figures would mean nothing there.
build-asan: deps
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTACT_SANITIZE=ON \
	  -DTACT_BUILD_BENCH=OFF
	cmake --build $(ASAN_BUILD) -j $(JOBS)

run: build
	$(BUILD)/gateway/tact serve -c $(DEMO_CONFIG)

# Every test runs in both builds; a build that finds no test fails.
test: build build-asan browser-deps
	cd $(BUILD) && ctest --output-on-failure --no-tests=error -j $(JOBS)
	cd $(ASAN_BUILD) && ctest --output-on-failure --no-tests=error -j $(JOBS)

# Static checks of the style in .clang-tidy and .clang-format (not part of `make test`).
tidy: build
	@command -v clang-tidy >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang-tidy
	git ls-files 'gateway/*.cpp' 'geoip/*.cpp' | grep -v asio_separate_compilation | xargs -n1 clang-tidy -p $(BUILD) --quiet

format:
	@command -v clang-format >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang-format
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

# A long libFuzzer run (clang, ASan+UBSan) of one target: FUZZ_TARGET=signals
# (the signal parsers, default), consent (the consent cookie and endpoint
# bodies), html (the page rewriter) or geoip_record (the GeoIP record reader
# against libmaxminddb); FUZZ_SECONDS=600 by default.
FUZZ_SECONDS ?= 600
FUZZ_TARGET ?= signals
fuzz: deps
	@command -v clang++ >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang libclang-rt-14-dev
	cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
	  -DTACT_SANITIZE=ON -DTACT_LIBFUZZER=ON -DTACT_BUILD_TESTS=OFF
	cmake --build build-fuzz -j $(JOBS) --target $(FUZZ_TARGET)_fuzzer
	mkdir -p build-fuzz/corpus-$(FUZZ_TARGET) && cp fuzz/corpus/$(FUZZ_TARGET)/* build-fuzz/corpus-$(FUZZ_TARGET)/
	build-fuzz/fuzz/$(FUZZ_TARGET)_fuzzer -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 build-fuzz/corpus-$(FUZZ_TARGET)

bench: build
	bench/proxy_vs_nginx.sh $(BUILD)/gateway/tact

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
