"""The report's tables for spreadsheets: what was delivered when, the improvement plan, ratings.

`wargame report JOURNAL -o FILE.csv|.xlsx --table timeline|ip|ratings` writes one of these,
for people who track exercises in spreadsheets. Each table is a plain `Sheet`
(`engine.msel.sheets`), written by the same XLSX and CSV writers as the MSEL, so a report table
prints with the same header, widths and classification banner.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from engine.msel.csv_files import write_csv
from engine.msel.sheets import Cell, Sheet, Workbook
from engine.msel.xlsx import write_xlsx
from engine.report.model import or_to_be_assigned

if TYPE_CHECKING:
    from engine.report.model import Report


def _timeline(report: Report) -> Sheet:
    sheet = Sheet(
        "Timeline",
        [
            "Seq",
            "Turn",
            "Scenario time",
            "Wall time",
            "Kind",
            "What",
            "Detail",
            "Who",
            "Taken back",
        ],
    )
    for entry in report.timeline:
        row: list[Cell] = [
            entry.seq, entry.turn, entry.clock, entry.wall, entry.kind, entry.title,
            entry.detail, entry.who, entry.taken_back,
        ]  # fmt: skip
        sheet.rows.append(row)
    return sheet


def _plan(report: Report) -> Sheet:
    sheet = Sheet(
        "Improvement plan",
        [
            "Core capability", "Objective", "Issue / area for improvement", "Corrective action",
            "Capability element", "Primary responsible organisation", "Organisation POC",
            "Start date", "Completion date", "Journal event",
        ],
    )  # fmt: skip
    for row in report.plan:
        fields = (
            row.capability, row.objective, row.issue, row.corrective_action,
            row.capability_element, row.responsible, row.contact, row.start, row.completion,
        )  # fmt: skip
        sheet.rows.append([*(or_to_be_assigned(value) for value in fields), row.ref.seq])
    return sheet


def _ratings(report: Report) -> Sheet:
    sheet = Sheet(
        "Ratings",
        ["Core capability", "Objective", "Critical task", "Rating", "Meaning", "Evaluator",
         "Evaluators' ratings", "Settled", "Observation", "Journal events"],
    )  # fmt: skip
    for objective in report.analysis.objectives:
        for task in objective.tasks:
            sheet.rows.append(
                [
                    objective.capability,
                    objective.text,
                    task.text,
                    task.rating,
                    task.rating_words,
                    task.evaluator,
                    " · ".join(f"{e.name} {e.code}" for e in task.by_evaluator),
                    task.settlement,
                    task.observation,
                    ", ".join(str(ref.seq) for ref in task.refs),
                ]
            )
    return sheet


TABLES: dict[str, Callable[[Report], Sheet]] = {
    "timeline": _timeline,
    "ip": _plan,
    "ratings": _ratings,
}
"""The tables `--table` names: what was delivered when (every decision, note and rating with
it), the improvement plan matrix, and the task ratings: the rating that counts, each
evaluator's own (`J. Alvarez M · K. Osei P`) and how it was settled, as the HTML report says."""
DEFAULT_TABLE = "timeline"


def table_csv(report: Report, table: str = DEFAULT_TABLE) -> bytes:
    """One of the report's tables as CSV."""
    return write_csv(TABLES[table](report))


def table_xlsx(report: Report, table: str = DEFAULT_TABLE) -> bytes:
    """One of the report's tables as a formatted `.xlsx` workbook."""
    sheet = TABLES[table](report)
    workbook = Workbook([sheet], title=f"{report.overview.name}: {sheet.name}")
    return write_xlsx(workbook, report.overview.classification)
