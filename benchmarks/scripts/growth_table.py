#!/usr/bin/env python3
"""Turns JMH JSON results (java -jar benchmarks.jar ... -rf json -rff FILE) into a Markdown
table of how each benchmark grows with (t, n): one row per benchmark and non-committee
parameters, one column per `config` (t-of-n). When the run used
`-prof io.mpcium.benchmarks.CpuTimeProfiler`, the cells of whole-protocol benchmarks are
"CPU time (wall time)" per operation; the others show the wall time only (their per-invocation
setup is in the CPU time but not in the wall time).

Usage: python3 benchmarks/scripts/growth_table.py jmh-result.json [more.json ...]
(a later file's result replaces an earlier one's for the same benchmark and parameters)
"""
import json
import sys
from collections import OrderedDict

ORDER = ["2-of-3", "3-of-5", "5-of-9"]


def cell(score, unit, cpu):
    """CPU time (wall time) when the CPU time profiler ran, else the wall time."""
    if cpu is None:
        return fmt(score, unit)
    return f"{fmt(cpu['score'], cpu['scoreUnit'])} ({fmt(score, unit)})"


def fmt(score, unit):
    """A score in its unit, shown in ms or µs with 3 significant digits."""
    ms = {"ms/op": 1.0, "us/op": 1e-3, "ns/op": 1e-6, "s/op": 1e3}[unit] * score
    if ms >= 1:
        return f"{ms:.3g} ms" if ms < 1000 else f"{ms:,.0f} ms"
    return f"{ms * 1000:.3g} µs"


def load(paths):
    rows = OrderedDict()
    configs = set()
    results = [r for path in paths for r in json.load(open(path))]
    for result in results:
        params = dict(result.get("params", {}))
        config = params.pop("config", None)
        if config is None:
            continue
        name = result["benchmark"].replace("io.mpcium.benchmarks.", "")
        extra = ", ".join(f"{k}={v}" for k, v in sorted(params.items()))
        key = name + (f" ({extra})" if extra else "")
        metric = result["primaryMetric"]
        cpu = next((m for k, m in result.get("secondaryMetrics", {}).items()
                    if k.endswith("cpu/op")), None)
        if not name.split(".")[-1].startswith("whole"):
            cpu = None
        rows.setdefault(key, {})[config] = (metric["score"], metric["scoreUnit"], cpu)
        configs.add(config)
    cols = [c for c in ORDER if c in configs] + sorted(configs - set(ORDER))
    return rows, cols


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 2
    rows, cols = load(argv)
    print("| benchmark | " + " | ".join(cols) + " |")
    print("|---|" + "---|" * len(cols))
    for key, cells in rows.items():
        print(f"| {key} | " + " | ".join(
            cell(*cells[c]) if c in cells else "" for c in cols) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
