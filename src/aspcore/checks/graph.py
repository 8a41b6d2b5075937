"""The results chain as a graph: who follows from whom, and which pillar a node serves.

Shared by the ``chain`` and ``logframe`` families.  Actions and chain nodes are vertices; a
node's ``from`` list gives edges from each source to the node.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from aspcore.model import ChainLevel, ChainNode, Pillar, Plan
from aspcore.rules.rule import RuleContext

__all__ = ["ChainGraph", "graph_of"]


class ChainGraph:
    """Downstream edges, levels and pillars of a plan's actions and chain nodes."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.nodes: dict[str, ChainNode] = {n.id: n for n in plan.chain}
        self.level: dict[str, ChainLevel] = {a.id: ChainLevel.ACTIVITY for a in plan.actions}
        self.level.update({n.id: n.level for n in plan.chain})
        self.down: dict[str, list[str]] = {key: [] for key in self.level}
        for node in plan.chain:
            for source in node.sources:
                if source in self.down:
                    self.down[source].append(node.id)

    def reachable(self, start: str) -> set[str]:
        """Every vertex downstream of ``start`` (not including it)."""
        seen: set[str] = set()
        queue = deque(self.down.get(start, ()))
        while queue:
            current = queue.popleft()
            if current in seen:
                continue
            seen.add(current)
            queue.extend(self.down.get(current, ()))
        return seen

    def leads_to(self, start: str, level: ChainLevel) -> bool:
        """Whether a vertex of ``level`` is downstream of ``start``."""
        return any(self.level[v] == level for v in self.reachable(start))

    def cycles(self) -> list[list[str]]:
        """Each cycle once, as the list of ids around it (in a deterministic order)."""
        found: list[list[str]] = []
        seen_sets: set[frozenset[str]] = set()
        colour: dict[str, int] = {}

        def visit(vertex: str, path: list[str]) -> None:
            colour[vertex] = 1
            path.append(vertex)
            for nxt in sorted(self.down.get(vertex, ())):
                if colour.get(nxt) == 1:
                    cycle = path[path.index(nxt) :]
                    if frozenset(cycle) not in seen_sets:
                        seen_sets.add(frozenset(cycle))
                        found.append(cycle)
                elif colour.get(nxt) is None:
                    visit(nxt, path)
            path.pop()
            colour[vertex] = 2

        for vertex in sorted(self.down):
            if vertex not in colour:
                visit(vertex, [])
        return found

    def pillars_of(self, vertex: str, _seen: frozenset[str] = frozenset()) -> set[Pillar]:
        """Pillars a vertex serves: its own, its action's objective's, or its sources'."""
        node = self.nodes.get(vertex)
        if node is not None and node.pillar is not None:
            return {node.pillar}
        if node is None:
            action = next((a for a in self.plan.actions if a.id == vertex), None)
            objective = (
                self.plan.objective(action.objective) if action and action.objective else None
            )
            return {objective.pillar} if objective and objective.pillar else set()
        result: set[Pillar] = set()
        for source in node.sources:
            if source not in _seen:
                result |= self.pillars_of(source, _seen | {vertex})
        return result

    def indicator_pillars(self, indicator_id: str) -> set[Pillar]:
        """Pillars an indicator serves: its own, or those of the objectives and nodes using it."""
        indicator = self.plan.indicator(indicator_id)
        if indicator is not None and indicator.pillar is not None:
            return {indicator.pillar}
        pillars: set[Pillar] = {
            o.pillar for o in self.plan.objectives if indicator_id in o.indicators and o.pillar
        }
        for node in self.plan.chain:
            if indicator_id in node.indicators:
                pillars |= self.pillars_of(node.id)
        return pillars

    def at_level(self, levels: Iterable[ChainLevel]) -> list[ChainNode]:
        """Chain nodes at any of ``levels``, in plan order."""
        wanted = set(levels)
        return [n for n in self.plan.chain if n.level in wanted]


def graph_of(ctx: RuleContext) -> ChainGraph:
    """The plan's graph, built once per evaluation and shared by every rule that needs it."""
    graph = ctx.memo.get("chain-graph")
    if not isinstance(graph, ChainGraph):
        graph = ctx.memo["chain-graph"] = ChainGraph(ctx.plan)
    return graph
