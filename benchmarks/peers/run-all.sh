#!/usr/bin/env bash
# Runs Mpcium for Java's in-process 2-of-3 benchmarks and every peer driver back to back on this
# machine, printing the machine, the load before and after each part, and every figure.
# Build first: mvn -B -q -DskipTests package (repository root). Needs Go, cargo and Node.js.
# Usage: benchmarks/peers/run-all.sh [RUNS]   (RUNS: peer runs per figure, default 30)
set -euo pipefail
cd "$(dirname "$0")"
runs="${1:-30}"
stamp() { echo "## $1 — $(date -u +%FT%TZ) — $(uptime | sed 's/.*load average/load average/')"; }

echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "# java: $(java -version 2>&1 | head -1); go: $(go version); $(rustc --version); node $(node --version)"

(cd rust && CARGO_TARGET_DIR=target cargo build --release -q)
(cd go-tsslib && go build -o target/tsslib-bench .)
(cd node && npm ci --no-audit --no-fund --silent)

stamp "Mpcium for Java (JMH, 2-of-3)"
java -Djmh.ignoreLock=true -jar ../target/benchmarks.jar -prof io.mpcium.benchmarks.CpuTimeProfiler -p config=2-of-3 -p scheme=ed25519,schnorr -f 1 -wi 3 -i 5 -w 1 -r 2 \
  'FrostSigningBenchmark.wholeSignature|DkgBenchmark|EcdsaSigningBenchmark.wholeSignature|EcdsaKeyGenBenchmark' \
  2>&1 | sed -n '/^Benchmark /,$p'
stamp "Rust: dkls23, frost-ed25519, frost-secp256k1"
rust/target/release/mpcium-peer-bench "$runs" 2-of-3
stamp "Node: @noble/curves FROST"
(cd node && node frost.mjs "$((runs * 4))" 2-of-3)
stamp "Go: tss-lib"
go-tsslib/target/tsslib-bench -runs "$((runs / 10 > 2 ? runs / 10 : 2))" -t 2 -n 3
stamp "end"
