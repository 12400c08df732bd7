"""The branch structure of a scenario as a graph, rendered as Mermaid or Graphviz dot.

Nodes are turns, injects, decisions, options, adjudication outcomes and endings. Solid edges
are what the engine does (an inject opens its decision, an option releases an inject or ends
the exercise); dashed edges cancel; dotted edges are conditions that read a choice or a
delivery (`chose('d', 'o')`, `delivered('x')`) or an `after:` trigger.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from engine.format.model import Decision, Outcome, Scenario, chance_text
from engine.play.triggers import Trigger, condition_links, inject_node, option_node


class NodeKind(StrEnum):
    """What a node stands for."""

    TURN = "turn"
    INJECT = "inject"
    DECISION = "decision"
    OPTION = "option"
    OUTCOME = "outcome"
    ENDING = "ending"


class EdgeKind(StrEnum):
    """How one node leads to another."""

    OPENS = "opens"
    RELEASES = "releases"
    CANCELS = "cancels"
    ENDS = "ends"
    ROLLS = "rolls"
    CONDITION = "condition"


@dataclass(frozen=True)
class Node:
    """One box of the graph."""

    id: str
    label: str
    kind: NodeKind


@dataclass(frozen=True)
class Edge:
    """One arrow of the graph."""

    source: str
    target: str
    kind: EdgeKind
    label: str = ""


@dataclass
class Graph:
    """Nodes and edges, in a stable order."""

    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


def _consequences(
    graph: Graph,
    source: str,
    releases: tuple[str, ...],
    cancels: tuple[str, ...],
    ending: str | None,
) -> None:
    graph.edges.extend(Edge(source, inject_node(target), EdgeKind.RELEASES) for target in releases)
    graph.edges.extend(Edge(source, inject_node(target), EdgeKind.CANCELS) for target in cancels)
    if ending is not None:
        graph.edges.append(Edge(source, f"e_{ending}", EdgeKind.ENDS))


def _outcome(graph: Graph, option_node: str, decision: str, outcome: Outcome) -> None:
    node = f"r_{decision}__{outcome.id}"
    graph.nodes.append(
        Node(
            node,
            f"{outcome.label or outcome.id} ({chance_text(outcome.chance)})",
            NodeKind.OUTCOME,
        )
    )
    graph.edges.append(Edge(option_node, node, EdgeKind.ROLLS))
    _consequences(graph, node, outcome.releases, outcome.cancels, outcome.ending)


def _decision(graph: Graph, decision: Decision, opener: str) -> None:
    node = f"d_{decision.id}"
    graph.nodes.append(Node(node, decision.prompt, NodeKind.DECISION))
    graph.edges.append(Edge(opener, node, EdgeKind.OPENS))
    for option in decision.options:
        choice = option_node(decision.id, option.id)
        graph.nodes.append(Node(choice, option.label, NodeKind.OPTION))
        graph.edges.append(Edge(node, choice, EdgeKind.OPENS))
        _consequences(graph, choice, option.releases, option.cancels, option.ending)
        if option.adjudication is not None:
            for outcome in option.adjudication.outcomes:
                _outcome(graph, choice, decision.id, outcome)


def _conditions(graph: Graph, text: str | None, target: str) -> None:
    graph.edges.extend(
        Edge(link.source, target, EdgeKind(link.kind), link.label) for link in condition_links(text)
    )


def branch_graph(scenario: Scenario) -> Graph:
    """The scenario's branch structure."""
    graph = Graph()
    for turn in range(1, scenario.turns.count + 1):
        graph.nodes.append(Node(f"t_{turn}", f"Turn {turn}", NodeKind.TURN))
    for inject in scenario.injects:
        node = inject_node(inject.id)
        graph.nodes.append(Node(node, inject.title, NodeKind.INJECT))
        graph.edges.extend(
            Edge(link.source, node, EdgeKind(link.kind), link.label)
            for link in Trigger.of(inject).links()
        )
        if inject.decision is not None:
            _decision(graph, inject.decision, node)
    for decision in scenario.decisions:
        _decision(graph, decision, f"t_{decision.turn or 1}")
        _conditions(graph, decision.when, f"d_{decision.id}")
    for ending in scenario.endings:
        node = f"e_{ending.id}"
        graph.nodes.append(Node(node, ending.title, NodeKind.ENDING))
        _conditions(graph, ending.condition, node)
    return graph


_MERMAID_SHAPES = {
    NodeKind.TURN: ('(["', '"])'),
    NodeKind.INJECT: ('["', '"]'),
    NodeKind.DECISION: ('{"', '"}'),
    NodeKind.OPTION: ('("', '")'),
    NodeKind.OUTCOME: ('[/"', '"/]'),
    NodeKind.ENDING: ('[["', '"]]'),
}
_MERMAID_ARROWS = {
    EdgeKind.OPENS: "-->",
    EdgeKind.RELEASES: "-->",
    EdgeKind.ENDS: "==>",
    EdgeKind.ROLLS: "-->",
    EdgeKind.CANCELS: "-.-x",
    EdgeKind.CONDITION: "-.->",
}


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_mermaid(graph: Graph) -> str:
    """The graph as a Mermaid flowchart."""
    lines = ["flowchart TD"]
    for node in graph.nodes:
        opening, closing = _MERMAID_SHAPES[node.kind]
        label = _short(node.label).replace('"', "#quot;")
        lines.append(f"  {node.id}{opening}{label}{closing}")
    for edge in graph.edges:
        arrow = _MERMAID_ARROWS[edge.kind]
        label = f"|{edge.label}|" if edge.label else ""
        if edge.kind is EdgeKind.CANCELS:
            label = "|cancels|"
        lines.append(f"  {edge.source} {arrow}{label} {edge.target}")
    return "\n".join(lines) + "\n"


_DOT_SHAPES = {
    NodeKind.TURN: "oval",
    NodeKind.INJECT: "box",
    NodeKind.DECISION: "diamond",
    NodeKind.OPTION: "box, style=rounded",
    NodeKind.OUTCOME: "parallelogram",
    NodeKind.ENDING: "doubleoctagon",
}
_DOT_STYLES = {
    EdgeKind.CANCELS: ' style=dashed, arrowhead=tee, label="cancels"',
    EdgeKind.CONDITION: " style=dotted",
    EdgeKind.ENDS: " penwidth=2",
}


def _dot_text(text: str) -> str:
    return _short(text).replace("\\", "\\\\").replace('"', '\\"')


def render_dot(graph: Graph) -> str:
    """The graph in Graphviz dot."""
    lines = ["digraph scenario {", "  rankdir=TB;", '  node [fontname="Helvetica"];']
    for node in graph.nodes:
        lines.append(
            f'  {node.id} [label="{_dot_text(node.label)}", shape={_DOT_SHAPES[node.kind]}];'
        )
    for edge in graph.edges:
        style = _DOT_STYLES.get(edge.kind, "")
        if edge.label and edge.kind is not EdgeKind.CANCELS:
            style += f' label="{_dot_text(edge.label)}"'
        attributes = f" [{style.strip()}]" if style else ""
        lines.append(f"  {edge.source} -> {edge.target}{attributes};")
    lines.append("}")
    return "\n".join(lines) + "\n"
