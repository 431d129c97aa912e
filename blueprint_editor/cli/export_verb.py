"""``blueprint-editor export IN.json... -o OUT|DIR [--format png|svg|pdf] [--scenario NAME | --all-scenarios]
[--scale N | --dpi N] [--transparent] [--customer-view] [--title-block] [--legend] [--page a4|a3|letter|fit] [--tile]
[--screen-theme]``."""

from __future__ import annotations

import argparse
import gc
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from blueprint_editor.cli import PROG, CliError, fail, pick_scenario

if TYPE_CHECKING:
    from blueprint_editor.model import Document

FORMATS = ("png", "svg", "pdf")
PAGES = ("fit", "a4", "a3", "letter")
MIN_SCALE, MAX_SCALE = 0.05, 8.0  # as blueprint_editor.render.export, which imports Qt
DPI_AT_SCALE_1 = 96.0  # likewise
MAX_PROBLEMS_SHOWN = 3

DESCRIPTION = """\
Export blueprints to PNG, SVG or PDF without opening a window.

Where the files go:
  With one input and one scenario, -o is the file to write: OUT.png, OUT.svg or OUT.pdf, the format taken
  from its extension unless --format is given. -o is taken as a folder instead when it is an existing folder,
  ends in a slash, or has no extension.
  With several inputs, or --all-scenarios (PNG and SVG), -o is a folder, created if missing, and each
  scenario goes to a file of its own named after the input and the scenario: hotel-stay--first-visit.png.
  Names are made unique within one run; files already there are overwritten. The format is --format, PNG by
  default. A line on stderr names each file written into a folder.

PDF:
  One page per scenario. With --all-scenarios, one PDF per input (-o OUT.pdf for one input, or
  DIR/hotel-stay.pdf) has a page for every scenario; otherwise the PDF holds the one chosen scenario
  (DIR/hotel-stay--first-visit.pdf). Each page has a title line (document title, scenario name) above the
  drawing, whose text stays text. --page fit (the default) makes each page the size of its drawing;
  a4, a3 and letter are landscape sheets, onto which a wide blueprint is scaled down to fit, or, with
  --tile, spread across several sheets side by side that overlap by 10 mm, with crop marks at the joins and
  a label such as "Overnight hotel stay - First visit - 2 of 3" at the foot of each.

Options:
  --title-block writes the document's title, the scenario's name and today's date above the blueprint;
  --legend explains its symbols below it (the three lines, the F and W badges, the lanes' colours). For PNG,
  --dpi sets the resolution (96 dpi is one pixel per unit of the drawing, as --scale 1; 192 dpi as --scale 2)
  and --transparent leaves the margin and the canvas unpainted. A PDF with a title block has no title line.

Colours:
  Exports are drawn in the print palette (white paper, dark ink, good in grey scale), whatever theme the
  editor shows; --screen-theme draws them in the theme last chosen in the editor (with its colour-blind-safe
  palette, when that is on) instead.

Errors:
  A file that cannot be read or exported is reported in one line on stderr; the other inputs are still
  exported, and the exit status is 1."""


@dataclass(frozen=True)
class Job:
    """One file to write: a scenario of an input, or every scenario of it (PDF only)."""

    scenario_id: str | None  # None: every scenario, one page each
    path: Path


def run(argv: list[str]) -> int:
    options = _parser().parse_args(argv)
    try:
        folder, fmt = _plan_output(options)
        if options.dpi is not None:
            options.scale = options.dpi / DPI_AT_SCALE_1
            if not MIN_SCALE <= options.scale <= MAX_SCALE:
                low, high = MIN_SCALE * DPI_AT_SCALE_1, MAX_SCALE * DPI_AT_SCALE_1
                raise CliError(f"The resolution must lie between {low:g} and {high:g} dpi; {options.dpi:g} was given.")
        if fmt == "png" and not MIN_SCALE <= options.scale <= MAX_SCALE:
            raise CliError(f"The scale must lie between {MIN_SCALE:g} and {MAX_SCALE:g}; {options.scale:g} was given.")
    except CliError as error:
        return fail(str(error))
    if not folder:
        return _export_to_file(options, fmt)
    try:
        options.output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return fail(f"Cannot make the folder {options.output}: {error.strerror or error}.")
    return _export_to_folder(options, fmt)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} export",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("inputs", nargs="+", type=Path, metavar="IN.json", help="blueprint file(s) to export")
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="OUT|DIR", help="the file to write, or a folder"
    )
    parser.add_argument(
        "--format", choices=FORMATS, help="png, svg or pdf (default: from the extension of -o; in a folder, png)"
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--scenario", metavar="NAME", help="id or name of the scenario to export (default: the first)")
    which.add_argument("--all-scenarios", action="store_true", help="export every scenario (see above)")
    resolution = parser.add_mutually_exclusive_group()
    resolution.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help=f"PNG only: pixels per unit, {MIN_SCALE:g} to {MAX_SCALE:g} (default 1)",
    )
    resolution.add_argument(
        "--dpi",
        type=float,
        metavar="N",
        help=f"PNG only: dots per inch, {MIN_SCALE * DPI_AT_SCALE_1:g} to {MAX_SCALE * DPI_AT_SCALE_1:g} (96 is 1x)",
    )
    parser.add_argument("--transparent", action="store_true", help="PNG only: no background, alpha 0 in the margin")
    parser.add_argument(
        "--title-block", action="store_true", help="the title, the scenario and the date above the blueprint"
    )
    parser.add_argument("--legend", action="store_true", help="a legend of lines, badges and lanes below it")
    parser.add_argument(
        "--customer-view", action="store_true", help="leave out everything below the line of visibility"
    )
    parser.add_argument(
        "--page", choices=PAGES, default="fit", help="PDF only: page size, landscape (default: fit the drawing)"
    )
    parser.add_argument(
        "--tile",
        action="store_true",
        help="PDF only, with --page a4|a3|letter: spread a wide blueprint across sheets instead of scaling it down",
    )
    parser.add_argument(
        "--screen-theme",
        action="store_true",
        help="draw in the editor's theme (as last chosen in the editor) instead of the print palette",
    )
    return parser


def _plan_output(options: argparse.Namespace) -> tuple[bool, str]:
    """Whether -o is a folder, and the format to write; CliError when -o cannot take what is to be written."""
    output: Path = options.output
    as_folder = output.is_dir() or str(output).endswith(("/", "\\")) or not output.suffix
    if as_folder:
        if output.exists() and not output.is_dir():
            raise CliError(f"Cannot write into {output}: it is a file, not a folder.")
        return True, options.format or "png"
    fmt = options.format or _format_of(output)
    several = len(options.inputs) > 1 or (options.all_scenarios and fmt != "pdf")
    if several:
        reason = "several inputs" if len(options.inputs) > 1 else f"--all-scenarios and {fmt.upper()}"
        raise CliError(
            f"With {reason}, -o must name a folder (an existing one, or a name ending in /), not {output.name}."
        )
    return False, fmt


def _format_of(output: Path) -> str:
    from blueprint_editor.render.export import ExportError, format_for

    try:
        return format_for(output)
    except ExportError as error:
        raise CliError(str(error)) from None


def _export_to_file(options: argparse.Namespace, fmt: str) -> int:
    """One input into the file -o names, silently, as the export has always done."""
    from blueprint_editor.io import BlueprintFileError, load_document

    source: Path = options.inputs[0]
    try:
        document = load_document(source)
    except BlueprintFileError as error:
        return fail(error.full_message())
    # The document lives as long as this short process: the garbage collector need not look through it again
    # each time the drawing's many new objects start a collection (a tenth of a second at 5,000 steps).
    gc.freeze()
    try:
        scenario_id = None if options.all_scenarios else pick_scenario(document, options.scenario, source.name).id
        _write(document, Job(scenario_id, options.output), fmt, options)
    except CliError as error:
        return fail(str(error))
    except Exception as error:  # one line, no traceback
        return fail(_reason(error))
    return 0


def _export_to_folder(options: argparse.Namespace, fmt: str) -> int:
    """Every input into the folder -o, one file per scenario (per input for a PDF of all scenarios)."""
    from blueprint_editor.io import BlueprintFileError, load_document

    folder: Path = options.output
    taken: set[str] = set()
    failures = 0
    for source in options.inputs:
        try:
            document = load_document(source)
            jobs = _jobs(document, source, folder, fmt, options, taken)
        except BlueprintFileError as error:
            failures += 1
            message = _one_line(error.message, error.problems)
            fail(message if source.name in message else f"{source.name}: {message}")
            continue
        except CliError as error:
            failures += 1
            fail(str(error))
            continue
        for job in jobs:
            try:
                _write(document, job, fmt, options)
            except Exception as error:  # the other files are still exported; one line each, no traceback
                failures += 1
                fail(f"cannot export {source.name} to {job.path}: {_reason(error)}")
                continue
            print(f"{PROG}: exported {source.name} -> {job.path}", file=sys.stderr)
    return 1 if failures else 0


def _jobs(
    document: Document, source: Path, folder: Path, fmt: str, options: argparse.Namespace, taken: set[str]
) -> list[Job]:
    """The files one input gives, named after the input and (unless one PDF holds them all) the scenario."""
    stem = slug(source.stem) or "blueprint"
    if options.all_scenarios and fmt == "pdf":
        return [Job(None, folder / unique_name(stem, fmt, taken))]
    if options.all_scenarios:
        scenarios = list(document.scenarios)
    else:
        scenarios = [pick_scenario(document, options.scenario, source.name)]
    return [
        Job(scenario.id, folder / unique_name(f"{stem}--{slug(scenario.name) or slug(scenario.id)}", fmt, taken))
        for scenario in scenarios
    ]


def _write(document: Document, job: Job, fmt: str, options: argparse.Namespace) -> None:
    from blueprint_editor.render import export_document_pdf, export_scenario

    if options.screen_theme:
        from blueprint_editor.ui.themes import restore_remembered_theme

        restore_remembered_theme(widgets=False)
    if fmt == "pdf" and job.scenario_id is None:
        export_document_pdf(
            document,
            job.path,
            page=options.page,
            tile=options.tile,
            customer_view=options.customer_view,
            keep_screen_theme=options.screen_theme,
            title_block=options.title_block,
            legend=options.legend,
        )
        return
    export_scenario(
        document,
        job.path,
        scenario_id=job.scenario_id,
        scale=options.scale,
        customer_view=options.customer_view,
        page=options.page,
        tile=options.tile,
        fmt=fmt,
        keep_screen_theme=options.screen_theme,
        title_block=options.title_block,
        legend=options.legend,
        transparent=options.transparent,
    )


def slug(text: str) -> str:
    """A file-name part made of lower-case ASCII letters, digits and single hyphens: "First visit" -> "first-visit"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-")


def unique_name(stem: str, fmt: str, taken: set[str]) -> str:
    """``stem.fmt``, or ``stem-2.fmt`` and so on when this run already wrote a file of that name."""
    name, n = f"{stem}.{fmt}", 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}.{fmt}"
    taken.add(name)
    return name


def _one_line(message: str, problems: list[str]) -> str:
    if not problems:
        return " ".join(message.split())
    shown = "; ".join(" ".join(p.split()) for p in problems[:MAX_PROBLEMS_SHOWN])
    more = len(problems) - MAX_PROBLEMS_SHOWN
    return " ".join(message.split()).rstrip(":.") + f": {shown}" + (f"; and {more} more" if more > 0 else "")


def _reason(error: Exception) -> str:
    """What went wrong, in one line: the message of an error meant for the user, else the error's kind too."""
    from blueprint_editor.render import ExportError

    if isinstance(error, ExportError):
        return " ".join(str(error).split())
    if isinstance(error, OSError):
        return f"{error.strerror or error}" + (f": {error.filename}" if error.filename else "")
    return f"unexpected {type(error).__name__}: {' '.join(str(error).split())}"
