"""Time of the scenario path checks (every (node, meter values) state walked, then analysed) as the number
of states grows to the cap (builder.scenario.states.MAX_STATES).

    .venv/bin/python benchmarks/bench_scenarios.py [--runs 5]

Each scenario is a chain of `nodes` nodes; at each, the learner may raise either of two meters (0..top, +1)
or go on, and the last node leads to an ending. States: about nodes × (top + 1)².
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from builder.diagnostics import Report
from builder.loader.conditions import parse_condition
from builder.loader.scenariograph import check_paths
from builder.loader.schema import Context
from builder.structure.scenario import ChoiceEdge, Ending, Meter, Node, PathFacts, Verdict
from builder.structure.text import Text

T = Text({"en": "x"})


def scenario(nodes: int, top: int) -> tuple[tuple[Node, ...], tuple[Meter, ...]]:
    meters = (Meter("a", T, 0, 0, top), Meter("b", T, 0, 0, top))
    chain = []
    for index in range(nodes):
        here, after = f"n{index}", f"n{index + 1}" if index + 1 < nodes else "end"
        chain.append(Node(here, T, None, (
            ChoiceEdge("more-a", T, here, condition=parse_condition(f"a < {top}"), effects=(("a", 1),)),
            ChoiceEdge("more-b", T, here, condition=parse_condition(f"b < {top}"), effects=(("b", 1),)),
            ChoiceEdge("on", T, after, points=1),
        )))
    chain.append(Node("end", T, ending=Ending(Verdict.BEST, T)))
    return tuple(chain), meters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"| nodes | meter range | states | CPU time (median of {args.runs}) | peak Python memory |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for nodes, top in ((10, 10), (30, 30), (10, 90), (23, 63)):
        chain, meters = scenario(nodes, top)
        times = []
        for _ in range(args.runs):
            started = time.process_time()  # CPU time: the machine is shared, wall time says little
            facts = _check(chain, meters)
            times.append(time.process_time() - started)
        tracemalloc.start()  # in a run of its own: tracing slows the walk several times over
        _check(chain, meters)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"| {nodes} | 0-{top} | {facts.states:,} | {statistics.median(times):.2f} s | {peak / 1e6:.0f} MB |")


def _check(chain: tuple[Node, ...], meters: tuple[Meter, ...]) -> PathFacts:
    report = Report()
    facts = check_paths(chain, meters, "n0", Context("bench.yaml", report, ("en",)), assessed=False)
    assert facts is not None, report.render()
    return facts


if __name__ == "__main__":
    main()
