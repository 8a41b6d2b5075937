"""The results-chain graph on large and tangled chains: linear work, no recursion, same answers.

A diamond-shaped chain has exponentially many paths and a long linear chain is deeper than
Python's recursion limit; both must evaluate, and the memoised walks must agree with the plain
definitions (every simple path upstream, every vertex downstream) on small tangled graphs.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import aspcore
from aspcore.checks.graph import ChainGraph
from aspcore.model import ChainLevel, Pillar, Plan
from aspcore.rules import Ruleset

AS_OF = dt.date(2018, 11, 30)
#: The rules that walk the graph; the per-node rules that would flag every node are left out.
GRAPH_RULES = Ruleset(
    name="graph-only",
    version="1",
    disabled=frozenset({"smart", "logframe", "rag", "risk", "CHAIN-005", "CHAIN-006"}),
)


def run(data: dict[str, Any]) -> aspcore.Evaluation:
    plan = aspcore.plan_from_mapping({"partnership": "P", **data})
    return aspcore.evaluate(plan, as_of=AS_OF, ruleset=GRAPH_RULES)


def by_rule(result: aspcore.Evaluation, rule: str) -> list[aspcore.Finding]:
    return [f for f in result.findings if f.rule == rule]


def coverage_of(result: aspcore.Evaluation, pillar: str) -> dict[str, Any]:
    (row,) = [dict(r) for r in result.sections["coverage"] if r["pillar"] == pillar]
    return row


def base(chain: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "objectives": [{"id": "O", "statement": "Protect survivors", "pillar": "protect"}],
        "actions": [{"id": "A", "objective": "O", "statement": "Run the service"}],
        "chain": chain,
        "indicators": [{"id": "I", "name": "survivors supported", "level": "outcome"}],
    }


def test_a_diamond_of_200_layers_evaluates() -> None:
    """2**200 paths from the last layer to the action: the pillar walk must not follow each."""
    chain: list[dict[str, Any]] = []
    previous = ["A"]
    for layer in range(200):
        ids = [f"L{layer}a", f"L{layer}b"]
        chain += [{"id": i, "level": "output", "from": previous} for i in ids]
        previous = ids
    chain.append({"id": "OC", "level": "outcome", "from": previous, "indicators": ["I"]})
    chain.append({"id": "IM", "level": "impact", "from": ["OC"]})
    result = run(base(chain))
    assert not by_rule(result, "RULE-ERROR")
    assert not by_rule(result, "CHAIN-002") and not by_rule(result, "CHAIN-003")
    assert not by_rule(result, "CHAIN-004")
    row = coverage_of(result, "protect")
    assert (row["output"], row["outcome"], row["impact"]) == (400, 1, 1)
    (balance,) = [r for r in result.sections["balance"] if r["pillar"] == "protect"]
    assert balance["outcome"] == 1


def test_a_chain_of_20000_nodes_evaluates() -> None:
    """Deeper than the recursion limit: the cycle search and the pillar walk are iterative."""
    size = 20_000
    chain = [
        {"id": f"N{i}", "level": "output", "from": [f"N{i - 1}" if i else "A"]} for i in range(size)
    ]
    chain.append({"id": "OC", "level": "outcome", "from": [f"N{size - 1}"], "indicators": ["I"]})
    result = run(base(chain))
    assert not by_rule(result, "RULE-ERROR")
    assert not by_rule(result, "CHAIN-004")
    assert [f.subject for f in by_rule(result, "CHAIN-003")] == ["OC"]  # no impact after it
    row = coverage_of(result, "protect")
    assert (row["output"], row["outcome"]) == (size, 1)


def test_a_cycle_of_20000_nodes_is_reported_once() -> None:
    size = 20_000
    chain = [
        {"id": f"N{i}", "level": "output", "from": [f"N{(i - 1) % size}"]} for i in range(size)
    ]
    result = run(base(chain))
    assert not by_rule(result, "RULE-ERROR")
    (cycle,) = by_rule(result, "CHAIN-004")
    assert cycle.subject == "N0" and len(cycle.evidence["cycle"]) == size


# -- the memoised walks against their plain definitions -------------------------------------


def _pillars_by_paths(graph: ChainGraph, vertex: str, path: frozenset[str]) -> set[Pillar]:
    """Pillars by following every simple path upstream (exponential; small graphs only)."""
    node = graph.nodes.get(vertex)
    if node is not None and node.pillar is not None:
        return {node.pillar}
    if node is None:
        action = next((a for a in graph.plan.actions if a.id == vertex), None)
        objective = graph.plan.objective(action.objective) if action and action.objective else None
        return {objective.pillar} if objective and objective.pillar else set()
    found: set[Pillar] = set()
    for source in node.sources:
        if source not in path:
            found |= _pillars_by_paths(graph, source, path | {vertex})
    return found


def _downstream(graph: ChainGraph, start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(graph.down[start])
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(graph.down[current])
    return seen


def _tangled_plan(seed: int) -> Plan:
    """A small random chain with cycles, self-loops, unknown sources and a few pillars."""
    rng = random.Random(seed)
    pillars = [*Pillar]
    objectives = [{"id": f"O{i}", "pillar": rng.choice(pillars).value} for i in range(3)]
    actions = [{"id": f"A{i}", "objective": f"O{rng.randrange(4)}"} for i in range(4)]
    ids = [f"A{i}" for i in range(4)] + [f"N{i}" for i in range(12)] + ["GHOST"]
    chain = []
    for i in range(12):
        node: dict[str, Any] = {
            "id": f"N{i}",
            "level": rng.choice([lvl.value for lvl in ChainLevel]),
            "from": rng.sample(ids, rng.randrange(4)),
        }
        if rng.random() < 0.2:
            node["pillar"] = rng.choice(pillars).value
        chain.append(node)
    return aspcore.plan_from_mapping(
        {"partnership": "P", "objectives": objectives, "actions": actions, "chain": chain}
    )


def test_memoised_walks_agree_with_their_definitions() -> None:
    for seed in range(200):
        graph = ChainGraph(_tangled_plan(seed))
        for vertex in graph.level:
            assert graph.pillars_of(vertex) == _pillars_by_paths(graph, vertex, frozenset()), seed
            below = {graph.level[v] for v in _downstream(graph, vertex)}
            for level in ChainLevel:
                assert graph.leads_to(vertex, level) == (level in below), (seed, vertex, level)
