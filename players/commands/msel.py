"""`wargame msel`: the MSEL as a spreadsheet (export), and a spreadsheet as a scenario (import)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

from engine.errors import ScenarioInvalid, UserError
from engine.format.loader import load_scenario
from engine.format.yaml_writer import scenario_yaml
from engine.msel.csv_files import csv_names, read_csv_sheets, write_csv
from engine.msel.importing import import_workbook, t3sf_workbook
from engine.msel.planner import TARGETS, Mapping, slug
from engine.msel.scenario_sheets import to_workbook
from engine.msel.sheets import RowsRead, Workbook
from engine.msel.xlsx import MAX_BYTES, read_xlsx, write_xlsx
from players.output_files import write_folder, write_whole
from players.progress import progress_bar
from players.schema_file import schema_reference

HELP = "the MSEL as a spreadsheet (export), and a spreadsheet as a scenario (import)"
DESCRIPTION = """\
export: write a scenario as a spreadsheet: the MSEL sheet (one row per inject, HSEEP's
columns first), then a sheet for everything else it holds (decisions and options, variables,
cells, actors, channels, endings, sources, objectives and tasks, the scenario's own fields), so
importing it again gives the same scenario. .xlsx is formatted for print; .csv writes one file
per sheet (FILE.csv and FILE.<sheet>.csv beside it, or DIR/<sheet>.csv).

import: turn a spreadsheet into a scenario folder that validates: one of our exports read
back, or any planner's MSEL (.xlsx, .csv, or T3SF's .json), its columns recognised by their
headers or mapped with --map. Every problem is reported as file:Sheet!C4, all at once.
See docs/msel.md.
"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add `msel export` and `msel import` to the `wargame` command line."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "msel",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write the scenario as a spreadsheet")
    export.add_argument("scenario", type=Path, help="scenario file or folder")
    export.add_argument(
        "-o", "--output", type=Path, required=True, help="FILE.xlsx, FILE.csv or DIR/ (CSV files)"
    )
    export.set_defaults(handler=run_export)
    imported = actions.add_parser("import", help="make a scenario folder from a spreadsheet")
    imported.add_argument(
        "sheet", type=Path, help="FILE.xlsx, FILE.csv, a folder of CSVs, or T3SF's FILE.json"
    )
    imported.add_argument(
        "-o", "--output", type=Path, help="the scenario folder to create (or use --into)"
    )
    imported.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="'HEADER=FIELD,…'",
        help=f"which column is which; FIELD is one of {', '.join(TARGETS)}",
    )
    imported.add_argument(
        "--map-file",
        type=Path,
        help="a YAML file: `columns: {HEADER: FIELD}` (and `header_row: N`)",
    )
    imported.add_argument("--header-row", type=int, metavar="N", help="the row the header is on")
    imported.add_argument("--encoding", help="the encoding of CSV files (default UTF-8)")
    imported.add_argument(
        "--into",
        type=Path,
        metavar="SCENARIO",
        help="update this scenario from an edited export instead: injects retimed, reworded, "
        "added or removed are written into its own files (comments kept); prints what changed",
    )
    imported.set_defaults(handler=run_import)
    return parser


def run_export(args: argparse.Namespace) -> int:
    """Write the spreadsheet; return 0.

    Raises:
        ScenarioInvalid: the scenario does not load.
        UserError: the output cannot be written, or its kind is not known.
    """
    scenario = load_scenario(args.scenario).scenario
    workbook = to_workbook(scenario)
    output: Path = args.output
    suffix = output.suffix.lower()
    if suffix == ".xlsx":
        write_whole(output, write_xlsx(workbook, scenario.classification), "spreadsheet")
        written = [output]
    elif suffix == ".csv" or not suffix:
        if not suffix:
            output.mkdir(parents=True, exist_ok=True)
        names = csv_names(output, workbook)
        for sheet in workbook.sheets:
            write_whole(names[sheet.name], write_csv(sheet), "CSV file")
        written = list(names.values())
    else:
        raise UserError(f"{output}: name it .xlsx, .csv, or a folder (no suffix) for CSV files")
    injects = len(scenario.injects)
    print(f"wrote {', '.join(map(str, written))} ({injects} injects)", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Make the scenario folder; return 0.

    Raises:
        ScenarioInvalid: the sheet has problems (every one, at its cell).
        UserError: the sheet cannot be read, a mapping is wrong, or the folder exists.
    """
    source: Path = args.sheet
    display = str(source)
    mapping, header_row = _mapping(args)
    if (args.into is None) == (args.output is None):
        raise UserError("import needs -o DIR (a new scenario) or --into SCENARIO (an update)")
    with progress_bar("msel import: rows read") as progress:
        workbook = _read(source, args.encoding, progress)
    if args.into is not None:
        return _update(workbook, display, args.into)
    imported = import_workbook(
        workbook,
        display=display,
        mapping=mapping,
        header_row=header_row,
        scenario_id=slug(source.stem, "imported"),
        title=source.stem.replace("_", " ").strip() or "Imported MSEL",
    )
    for warning in imported.warnings:
        print(warning, file=sys.stderr)
    text = scenario_yaml(imported.scenario, schema_reference(args.output) or "")
    write_folder(args.output, {"scenario.yaml": text.encode("utf-8")}, "scenario folder")
    scenario = imported.scenario
    print(
        f"wrote {args.output / 'scenario.yaml'}: {len(scenario.injects)} injects, "
        f"{len(scenario.actors)} actors, {len(scenario.cells)} cells, "
        f"{len(scenario.channels)} channels; check it with: wargame validate {args.output}",
        file=sys.stderr,
    )
    return 0


def _read(source: Path, encoding: str | None, progress: RowsRead | None) -> Workbook:
    suffix = source.suffix.lower()
    if source.is_dir() or suffix == ".csv":
        if not source.exists():
            raise ScenarioInvalid([_missing(source)])
        return read_csv_sheets(source, encoding, progress)
    if suffix not in (".xlsx", ".json"):
        raise UserError(
            f"{source}: import reads .xlsx, .csv, a folder of CSV files, or T3SF's .json"
        )
    try:
        if not source.is_file():
            raise ScenarioInvalid([_missing(source)])
        if source.stat().st_size > MAX_BYTES:
            raise UserError(f"{source}: is larger than {MAX_BYTES:,} bytes")
        raw = source.read_bytes()
    except OSError as error:
        raise UserError(f"{source}: cannot be read: {error.strerror}") from None
    if suffix == ".json":
        return t3sf_workbook(raw, str(source))
    return read_xlsx(raw, str(source), progress)


def _missing(path: Path) -> Any:
    from engine.format.problems import Problem

    return Problem("no such file or folder", str(path))


def _mapping(args: argparse.Namespace) -> tuple[Mapping, int | None]:
    columns: dict[str, str] = {}
    header_row: int | None = args.header_row
    if args.map_file is not None:
        try:
            loaded = yaml.safe_load(args.map_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            raise UserError(f"{args.map_file}: cannot read the mapping: {error}") from None
        if not isinstance(loaded, dict) or not isinstance(loaded.get("columns", {}), dict):
            raise UserError(f"{args.map_file}: expected `columns: {{HEADER: FIELD}}`")
        unknown = set(loaded) - {"columns", "header_row"}
        if unknown:
            raise UserError(
                f"{args.map_file}: unknown key {sorted(unknown)[0]!r}; keys are columns, header_row"
            )
        columns.update({str(k): str(v) for k, v in loaded.get("columns", {}).items()})
        if header_row is None and loaded.get("header_row") is not None:
            header_row = int(loaded["header_row"])
    for spec in args.map:
        for part in spec.split(","):
            header, equals, target = part.partition("=")
            if not equals or not header.strip() or not target.strip():
                raise UserError(f"--map {spec!r}: write HEADER=FIELD, separated by commas")
            columns[header.strip()] = target.strip()
    for header, target in columns.items():
        if target not in TARGETS:
            raise UserError(
                f"mapping {header!r} to {target!r}: FIELD is one of {', '.join(TARGETS)}"
            )
    if header_row is not None and header_row < 1:
        raise UserError("--header-row must be 1 or more")
    return Mapping(columns), header_row


def _update(workbook: Workbook, display: str, into: Path) -> int:
    from engine.msel.importing import is_own_export
    from engine.msel.update import edit_files, sheet_injects, updated
    from engine.msel.validation import validated

    if not is_own_export(workbook):
        raise UserError(
            f"{display}: --into reads back an MSEL that `wargame msel export` wrote (its MSEL "
            "sheet has an Inject ID column); make a new scenario from this sheet with -o DIR"
        )
    loaded = load_scenario(into)
    rows, keys, places, problems = sheet_injects(workbook)
    if problems:
        raise ScenarioInvalid(problems)
    data, changes = updated(loaded.scenario, rows, keys)
    new, warnings = validated(data, places, display)
    for warning in warnings:
        print(warning, file=sys.stderr)
    if not changes:
        print(f"{into}: no changes", file=sys.stderr)
        return 0
    for path, text in edit_files(loaded.files, new, changes).items():
        write_whole(path, text.encode("utf-8"), "scenario file")
    for line in changes.lines():
        print(line)
    load_scenario(into)  # the files as written load (they are the same scenario as checked)
    return 0
