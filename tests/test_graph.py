"""`wargame graph`: the branch structure as Mermaid and dot."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.format.branch_graph import EdgeKind, NodeKind, branch_graph, render_dot, render_mermaid
from engine.format.loader import load_scenario
from players.cli import main

GOOD = Path(__file__).resolve().parent / "good_scenario"
FLAGSHIP = Path(__file__).resolve().parent.parent / "scenarios" / "portrait"


def test_an_option_that_releases_an_inject_is_an_edge_between_them() -> None:
    graph = branch_graph(load_scenario(GOOD).scenario)
    releases = [edge for edge in graph.edges if edge.kind is EdgeKind.RELEASES]
    assert any(edge.target == "i_herald_story" for edge in releases)
    assert any(
        edge.kind is EdgeKind.CONDITION and edge.label == "after +2h" for edge in graph.edges
    )


def test_every_edge_joins_two_nodes_of_the_graph() -> None:
    graph = branch_graph(load_scenario(FLAGSHIP).scenario)
    ids = {node.id for node in graph.nodes}
    assert len(ids) == len(graph.nodes)
    dangling = [edge for edge in graph.edges if edge.source not in ids or edge.target not in ids]
    assert dangling == []
    kinds = {node.kind for node in graph.nodes}
    assert {NodeKind.INJECT, NodeKind.DECISION, NodeKind.OPTION, NodeKind.ENDING} <= kinds


def test_mermaid_output_is_a_flowchart_with_escaped_quotes() -> None:
    graph = branch_graph(load_scenario(FLAGSHIP).scenario)
    text = render_mermaid(graph)
    assert text.startswith("flowchart TD\n")
    for line in text.splitlines()[1:]:
        label = line.split("[", 1)[-1]
        assert label.count('"') in (0, 2), line


def test_dot_output_is_one_digraph_with_a_line_per_node_and_edge() -> None:
    graph = branch_graph(load_scenario(FLAGSHIP).scenario)
    text = render_dot(graph)
    assert text.startswith("digraph scenario {") and text.rstrip().endswith("}")
    assert text.count(" -> ") == len(graph.edges)


def test_the_graph_command_prints_dot_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", str(GOOD), "--format", "dot"]) == 0
    assert capsys.readouterr().out.startswith("digraph scenario {")
