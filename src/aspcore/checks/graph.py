"""The results chain as a graph: who follows from whom, and which pillar a node serves.

Shared by the ``chain`` and ``logframe`` families.  Actions and chain nodes are vertices; a
node's ``from`` list gives edges from each source to the node.

Every walk is iterative (a chain may be deeper than Python's recursion limit) and answered
from one pass over the whole graph, kept on the graph: the rules ask about every node, and
a node's answer is made of its neighbours' (a diamond-shaped chain has exponentially many
paths, but each vertex and edge is visited once).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from aspcore.model import ChainLevel, ChainNode, Pillar, Plan
from aspcore.rules.rule import RuleContext

__all__ = ["ChainGraph", "closure", "graph_of"]

T = TypeVar("T")


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

    def leads_to(self, start: str, level: ChainLevel) -> bool:
        """Whether a vertex of ``level`` is downstream of ``start``."""
        return any(level in self._levels_from[v] for v in self.down.get(start, ()))

    @functools.cached_property
    def _levels_from(self) -> dict[str, frozenset[ChainLevel]]:
        """Each vertex's level and the levels of every vertex downstream of it."""
        return closure(self.level, self.down.__getitem__, lambda v: frozenset((self.level[v],)))

    def cycles(self) -> list[list[str]]:
        """Each cycle once, as the list of ids around it (in a deterministic order).

        A depth-first search from each vertex in id order, successors in id order; an edge back
        to a vertex on the current path closes the cycle from that vertex to the path's end.
        """
        found: list[list[str]] = []
        seen_sets: set[frozenset[str]] = set()
        done: set[str] = set()
        for root in sorted(self.down):
            if root in done:
                continue
            path = [root]
            on_path = {root: 0}  # vertex -> its position on the path
            todo = [iter(sorted(self.down[root]))]
            while todo:
                for nxt in todo[-1]:
                    if nxt in on_path:
                        cycle = path[on_path[nxt] :]
                        if frozenset(cycle) not in seen_sets:
                            seen_sets.add(frozenset(cycle))
                            found.append(cycle)
                    elif nxt not in done:
                        on_path[nxt] = len(path)
                        path.append(nxt)
                        todo.append(iter(sorted(self.down[nxt])))
                        break
                else:
                    todo.pop()
                    finished = path.pop()
                    del on_path[finished]
                    done.add(finished)
        return found

    def pillars_of(self, vertex: str) -> set[Pillar]:
        """Pillars a vertex serves: its own, its action's objective's, or its sources'.

        A node without a pillar serves those of every vertex upstream of it through nodes
        without one; an unknown id serves none.
        """
        return set(self._pillars.get(vertex, ()))

    @functools.cached_property
    def _pillars(self) -> dict[str, frozenset[Pillar]]:
        """Each vertex's pillars (see :meth:`pillars_of`): a node without a pillar of its own
        follows its sources; a node with one, and an action, stop there."""

        def sources(vertex: str) -> Iterable[str]:
            node = self.nodes.get(vertex)
            return node.sources if node is not None and node.pillar is None else ()

        def own(vertex: str) -> frozenset[Pillar]:
            node = self.nodes.get(vertex)
            if node is not None:
                return frozenset() if node.pillar is None else frozenset((node.pillar,))
            action = self.plan.action(vertex)
            objective = self.plan.objective(action.objective or "") if action else None
            return frozenset((objective.pillar,)) if objective and objective.pillar else frozenset()

        return closure(self.level, sources, own)

    def indicator_pillars(self, indicator_id: str) -> set[Pillar]:
        """Pillars an indicator serves: its own, or those of the objectives and nodes using it."""
        indicator = self.plan.indicator(indicator_id)
        if indicator is not None and indicator.pillar is not None:
            return {indicator.pillar}
        return set(self._pillars_of_users.get(indicator_id, ()))

    @functools.cached_property
    def _pillars_of_users(self) -> dict[str, set[Pillar]]:
        """Indicator id → pillars of the objectives and chain nodes that name it."""
        found: dict[str, set[Pillar]] = {}
        for objective in self.plan.objectives:
            for indicator_id in objective.indicators:
                pillars = found.setdefault(indicator_id, set())
                if objective.pillar:
                    pillars.add(objective.pillar)
        for node in self.plan.chain:
            for indicator_id in node.indicators:
                found.setdefault(indicator_id, set()).update(self._pillars[node.id])
        return found

    def at_level(self, levels: Iterable[ChainLevel]) -> list[ChainNode]:
        """Chain nodes at any of ``levels``, in plan order."""
        wanted = set(levels)
        return [n for n in self.plan.chain if n.level in wanted]


def closure(
    vertices: Iterable[str],
    follow: Callable[[str], Iterable[str]],
    own: Callable[[str], frozenset[T]],
) -> dict[str, frozenset[T]]:
    """Each vertex's ``own`` values with those of every vertex it reaches through ``follow``.

    Linear in vertices and edges, without recursion: Tarjan's strongly connected components,
    walked with an explicit stack, come out after every component they reach, so each value is
    its component's own values and its finished neighbours'.  The members of a component reach
    one another, so they share one value, and cycles need no special case.  ``follow`` may name
    ids that are not among ``vertices``: they are visited all the same.
    """
    value: dict[str, frozenset[T]] = {}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()

    def enter(vertex: str) -> tuple[str, Iterator[str]]:
        index[vertex] = low[vertex] = len(index)
        stack.append(vertex)
        on_stack.add(vertex)
        return vertex, iter(follow(vertex))

    for root in vertices:
        if root in index:
            continue
        todo = [enter(root)]
        while todo:
            vertex, ahead = todo[-1]
            for nxt in ahead:
                if nxt not in index:
                    todo.append(enter(nxt))
                    break
                if nxt in on_stack:
                    low[vertex] = min(low[vertex], index[nxt])
            else:
                todo.pop()
                if todo:
                    parent = todo[-1][0]
                    low[parent] = min(low[parent], low[vertex])
                if low[vertex] == index[vertex]:
                    members = [stack.pop()]
                    while members[-1] != vertex:
                        members.append(stack.pop())
                    on_stack.difference_update(members)
                    found: set[T] = set()
                    for member in members:
                        found |= own(member)
                        found.update(*(value[n] for n in follow(member) if n in value))
                    shared = frozenset(found)
                    value.update(dict.fromkeys(members, shared))
    return value


def graph_of(ctx: RuleContext) -> ChainGraph:
    """The plan's graph, built once per evaluation and shared by every rule that needs it."""
    graph = ctx.memo.get("chain-graph")
    if not isinstance(graph, ChainGraph):
        graph = ctx.memo["chain-graph"] = ChainGraph(ctx.plan)
    return graph
