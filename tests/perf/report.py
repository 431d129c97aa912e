"""Every performance figure of docs/PERFORMANCE.md, each measured in fresh processes, printed as markdown tables.

    .venv/bin/python tests/perf/report.py [--sizes 100,1000,5000] [--runs 3] [--json FILE] [--importtime]

Generated blueprints (tests/perf/blueprints.py) of each size are written to a temporary folder. Measured:
start-up to an empty window and file open to an interactive window (``blueprint-editor`` with
BLUEPRINT_EDITOR_QUIT_WHEN_SHOWN=1, timed from launch to the line it prints once the canvas has been painted
and the event loop is idle; under Xvfb when it is installed, else offscreen); scene build, repaint and drag
(tests/perf/canvas_probe.py, one process per size); PNG, SVG and PDF export from the command line (whole
process, and its peak memory, ru_maxrss); and, where installed, Graphviz ``neato -n2`` and Dia on the same
diagrams. Each process figure is the median of ``--runs`` runs.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from blueprints import SIZES, make_document, write_dia, write_dot  # noqa: E402

from blueprint_editor.io import dumps_document  # noqa: E402

EDITOR = [sys.executable, "-m", "blueprint_editor"]
MARKER = "blueprint-editor: shown and idle"
MAX_PNG_SIDE = 32_000  # as blueprint_editor.render.export
TARGETS = {
    "startup": ("start to an empty window", 500.0),
    "open": ("open to an interactive window", 1000.0),
    "repaint_fit": ("repaint, whole blueprint in view", 16.0),
    "repaint_100": ("repaint at 100 %", 16.0),
    "drag_fit": ("drag frame, whole blueprint in view", 16.0),
    "drag_100": ("drag frame at 100 %", 16.0),
    "peak_mb": ("peak memory of an export", 150.0),
}


class Run:
    """Wall time and CPU time (ms), peak memory (MB), exit status and stderr of one process."""

    def __init__(self, ms: float, cpu_ms: float, peak_mb: float, status: int, stderr: str) -> None:
        self.ms, self.cpu_ms, self.peak_mb, self.status, self.stderr = ms, cpu_ms, peak_mb, status, stderr


def run(command: list[str], env: dict[str, str], *, until_marker: bool = False, timeout: float = 600) -> Run:
    """Run ``command``; with ``until_marker``, the time is taken when the editor says it is shown."""
    start = time.perf_counter()
    # Run from the environment's temporary folder: "python -m" puts the working folder first on the path, and the
    # code measured is the one installed (or named by PYTHONPATH), not whatever checkout the report runs in.
    process = subprocess.Popen(
        command,
        env=env,
        cwd=env["BLUEPRINT_EDITOR_PERF_FOLDER"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    marked: float | None = None
    marked_cpu = math.nan
    assert process.stderr is not None
    for line in process.stderr:
        lines.append(line)
        if until_marker and marked is None and line.startswith(MARKER):
            marked = time.perf_counter()
            marked_cpu = float(line[len(MARKER) :].split()[0]) * 1000  # the editor's own CPU time so far
        if time.perf_counter() - start > timeout:
            process.kill()
            break
    _, status, usage = os.wait4(process.pid, 0)
    end = time.perf_counter()
    process.returncode = os.waitstatus_to_exitcode(status)
    ms = ((marked if until_marker and marked is not None else end) - start) * 1000
    cpu_ms = marked_cpu if until_marker else (usage.ru_utime + usage.ru_stime) * 1000
    if until_marker and marked is None:
        ms = math.nan
    return Run(ms, cpu_ms, usage.ru_maxrss / 1024, process.returncode, "".join(lines))


def median_run(command: list[str], env: dict[str, str], runs: int, **kwargs: object) -> Run:
    results = [run(command, env, **kwargs) for _ in range(runs)]  # type: ignore[arg-type]
    # Timed to the marker, a run counts once the window was shown, however the process ended afterwards.
    ok = [r for r in results if (r.status == 0 or kwargs.get("until_marker")) and not math.isnan(r.ms)]
    if not ok:
        return results[0]
    ms = statistics.median(r.ms for r in ok)
    cpu_ms = statistics.median(r.cpu_ms for r in ok)
    return Run(ms, cpu_ms, max(r.peak_mb for r in ok), ok[0].status, ok[0].stderr)


class Xvfb:
    """A virtual 1920x1080 screen for the window measurements, when Xvfb is installed."""

    def __init__(self) -> None:
        self.display: str | None = None
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Xvfb:
        if shutil.which("Xvfb") is None:
            return self
        for n in range(150, 200):
            if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
                self._process = subprocess.Popen(
                    ["Xvfb", f":{n}", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                for _ in range(50):
                    if Path(f"/tmp/.X11-unix/X{n}").exists():
                        self.display = f":{n}"
                        break
                    time.sleep(0.1)
                break
        return self

    def __exit__(self, *_: object) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait()


def base_env(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    # Settings and autosaves of these runs stay in the temporary folder: no recovery prompt, no user settings.
    env["XDG_CONFIG_HOME"] = str(folder / "config")
    env["XDG_DATA_HOME"] = str(folder / "data")
    env["BLUEPRINT_EDITOR_AUTOSAVE_DIR"] = str(folder / "autosave")
    env["BLUEPRINT_EDITOR_PERF_FOLDER"] = str(folder)
    return env


def window_env(env: dict[str, str], display: str | None) -> dict[str, str]:
    """The environment of a window measurement: quit once shown, on the virtual screen if there is one."""
    env = dict(env, BLUEPRINT_EDITOR_QUIT_WHEN_SHOWN="1")
    if display:
        env["DISPLAY"], env["QT_QPA_PLATFORM"] = display, "xcb"
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def png_scale(document_width: float) -> float:
    """The largest scale of at most 1 (in hundredths) at which the PNG stays within the pixel limit."""
    return min(1.0, math.floor(MAX_PNG_SIDE / document_width * 100) / 100)


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        kb = next(int(x.split()[1]) for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal"))
        ram = f"{kb / 1024 / 1024:.1f} GB"
    except (OSError, StopIteration):
        ram = "unknown"
    import PySide6

    import blueprint_editor

    info = {
        "code": str(Path(blueprint_editor.__file__).parent),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "ram": ram,
        "os": platform.platform(),
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
    }
    for tool, args in (("neato", ["-V"]), ("dia", ["--version"])):
        if shutil.which(tool):
            out = subprocess.run([tool, *args], capture_output=True, text=True, check=False)
            info[tool] = (out.stdout + out.stderr).strip().splitlines()[-1][:80]
    return info


def _timed(result: Run) -> dict[str, object]:
    """A process's figures as the table shows them."""
    ok = not math.isnan(result.ms) and (result.status == 0 or MARKER in result.stderr)
    return {
        "exit": result.status,
        "ms": result.ms if ok else None,
        "cpu_ms": result.cpu_ms if ok else None,
        "peak_mb": result.peak_mb,
        "error": None if ok else result.stderr.strip()[-300:],
    }


def measure_size(n: int, folder: Path, env: dict[str, str], display: str | None, runs: int) -> dict[str, object]:
    document = make_document(n)
    path = folder / f"generated-{n}.json"
    path.write_text(dumps_document(document), encoding="utf-8")
    scenario = document.scenarios[0]
    width = 176 + sum(p.width for p in scenario.phases) + 48  # lane titles, phases, export margins
    figures: dict[str, object] = {"steps": len(scenario.steps), "flows": len(scenario.flows)}
    print(f"[{n} steps] open…", file=sys.stderr)
    figures["open"] = _timed(median_run([*EDITOR, str(path)], window_env(env, display), runs, until_marker=True))
    built = dict(window_env(env, display), BLUEPRINT_EDITOR_QUIT_WHEN_SHOWN="built")
    figures["open_built"] = _timed(median_run([*EDITOR, str(path)], built, runs, until_marker=True))
    print(f"[{n} steps] canvas…", file=sys.stderr)
    probe = subprocess.run(
        [sys.executable, str(HERE / "canvas_probe.py"), str(path)],
        env=dict(env, QT_QPA_PLATFORM="offscreen"),
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode == 0:
        figures["canvas"] = json.loads(probe.stdout.strip().splitlines()[-1])
    else:
        figures["canvas_error"] = probe.stderr.strip().splitlines()[-1:] or ["failed"]
    scale = png_scale(width)
    figures["png_scale"] = scale
    for fmt in ("png", "svg", "pdf"):
        print(f"[{n} steps] export {fmt}…", file=sys.stderr)
        out = folder / f"ours-{n}.{fmt}"
        extra = ["--scale", f"{scale:g}"] if fmt == "png" else []
        figures[f"export_{fmt}"] = _timed(median_run([*EDITOR, "export", str(path), "-o", str(out), *extra], env, runs))
    if shutil.which("neato"):
        dot = write_dot(document, folder / f"peer-{n}.dot")
        for fmt in ("png", "svg"):
            print(f"[{n} steps] neato {fmt}…", file=sys.stderr)
            out = folder / f"neato-{n}.{fmt}"
            figures[f"neato_{fmt}"] = _timed(
                median_run(["neato", "-n2", f"-T{fmt}", "-o", str(out), str(dot)], env, runs)
            )
    if shutil.which("dia"):
        dia = write_dia(document, folder / f"peer-{n}.dia", scale)
        print(f"[{n} steps] dia png…", file=sys.stderr)
        out = folder / f"dia-{n}.png"
        result = _timed(median_run(["dia", "-n", "-e", str(out), str(dia)], env, runs))
        if not out.exists() or out.stat().st_size == 0:  # Dia says nothing and writes nothing when it fails
            result["ms"] = result["cpu_ms"] = None
        figures["dia_png"] = result
    return figures


def importtime(env: dict[str, str], display: str | None) -> list[tuple[float, str]]:
    """The slowest imports at start-up (cumulative ms), from ``python -X importtime``: the editor's own modules
    and the outermost import of each other package."""
    result = run([sys.executable, "-X", "importtime", "-m", "blueprint_editor"], window_env(env, display))
    rows = []
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            _, cumulative, name = line[len("import time:") :].split("|")
            rows.append((int(cumulative) / 1000, name.rstrip()))
    return sorted(rows, reverse=True)[:25]


def _ms(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    v = float(value)  # type: ignore[arg-type]
    return f"{v / 1000:.2f} s" if v >= 1000 else f"{v:.1f} ms"


def _cell(figure: object) -> str:
    """Wall-clock time, and in brackets the CPU time of the process (less disturbed by a busy machine)."""
    if not isinstance(figure, dict) or figure.get("ms", figure.get("median")) is None:
        return "—"
    wall = figure.get("ms", figure.get("median"))
    cpu = figure.get("cpu_ms", figure.get("cpu_median"))
    return _ms(wall) + ("" if cpu is None else f" ({_ms(cpu)})")


def _met(figure: object, target: float) -> str:
    """Met when the wall-clock time, or on a busy machine the CPU time, is within the target."""
    if not isinstance(figure, dict):
        return "—"
    values = [figure.get(key) for key in ("ms", "median", "cpu_ms", "cpu_median")]
    known = [float(v) for v in values if isinstance(v, int | float) and not math.isnan(v)]
    if not known:
        return "—"
    return "yes" if min(known) <= target else "no"


def table(results: dict[str, object], sizes: list[int]) -> str:
    """The markdown table of docs/PERFORMANCE.md: wall-clock time (CPU time of the process in brackets)."""
    header = "| measurement | " + " | ".join(f"{n:,} steps" for n in sizes) + " | target at 5,000 | met |"
    lines = [header, "|" + " --- |" * (len(sizes) + 3)]
    per: list[dict[str, object]] = [results["sizes"][str(n)] for n in sizes]  # type: ignore[index]

    def canvas(fig: dict[str, object], key: str) -> object:
        c = fig.get("canvas")
        return c.get(key) if isinstance(c, dict) else None

    def row(name: str, figures: list[object], target: float | None = None) -> None:
        shown = "" if target is None else f"≤ {_ms(target)}"
        met = "" if target is None else _met(figures[-1], target)
        lines.append(f"| {name} | " + " | ".join(_cell(f) for f in figures) + f" | {shown} | {met} |")

    startup = results.get("startup")
    lines.append(
        f"| start to an empty window (no file) | {_cell(startup)} |"
        + " |" * (len(sizes) - 1)
        + f" ≤ 500.0 ms | {_met(startup, 500.0)} |"
    )
    row("open a file to an interactive window", [f.get("open") for f in per], 1000.0)
    row("… and until its last card is made", [f.get("open_built") for f in per])
    row("document load (in process)", [canvas(f, "load_ms") for f in per])
    row("scene build, before the window shows", [canvas(f, "first_slice_ms") for f in per])
    row("scene build, every card and arrow", [canvas(f, "build_ms") for f in per])
    row("repaint 1920x1080, whole blueprint in view", [canvas(f, "repaint_fit_ms") for f in per], 16.0)
    row("repaint 1920x1080 at 100 %", [canvas(f, "repaint_100_ms") for f in per], 16.0)
    row("drag 50 steps, whole blueprint in view (per frame)", [canvas(f, "drag_fit_ms") for f in per], 16.0)
    row("drag 50 steps at 100 % (per frame)", [canvas(f, "drag_100_ms") for f in per], 16.0)

    def extra(fig: dict[str, object], key: str) -> object:
        value = canvas(fig, "drag_100")
        return {"ms": value.get(key)} if isinstance(value, dict) else None

    row("drop the 50 steps (one undoable move), at 100 %", [extra(f, "release_ms") for f in per])
    row("undo that move", [extra(f, "undo_ms") for f in per])
    row("select one step", [{"ms": canvas(f, "select_one_ms")} for f in per])
    for fmt in ("png", "svg", "pdf"):
        name = f"export {fmt.upper()} from the command line"
        if fmt == "png":
            name += " (scale " + ", ".join(f"{f['png_scale']:g}" for f in per) + ")"
        row(name, [f.get(f"export_{fmt}") for f in per])
    peaks = [max(float(f[f"export_{fmt}"]["peak_mb"]) for fmt in ("png", "svg", "pdf")) for f in per]  # type: ignore[index]
    met = "yes" if peaks[-1] <= 150 else "no"
    lines.append("| peak memory of an export | " + " | ".join(f"{p:.0f} MB" for p in peaks) + f" | ≤ 150 MB | {met} |")
    for key, name in (("neato_png", "Graphviz neato -n2 -Tpng"), ("neato_svg", "Graphviz neato -n2 -Tsvg"),
                      ("dia_png", "Dia -e PNG")):  # fmt: skip
        if any(key in f for f in per):
            row(name, [f.get(key) for f in per])
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(str(n) for n in SIZES))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--importtime", action="store_true", help="list the slowest imports at start-up")
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",")]
    results: dict[str, object] = {"machine": machine(), "sizes": {}}
    with tempfile.TemporaryDirectory(prefix="blueprint-perf-") as tmp, Xvfb() as xvfb:
        folder = Path(tmp)
        env = base_env(folder)
        # Byte-code compiled beforehand, as in an installed copy: start-up times do not include compiling.
        import blueprint_editor

        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(Path(blueprint_editor.__file__).parent)], check=False
        )
        results["window_platform"] = "xcb on Xvfb 1920x1080" if xvfb.display else "offscreen"
        print("start-up…", file=sys.stderr)
        results["startup"] = _timed(
            median_run(EDITOR, window_env(env, xvfb.display), max(5, options.runs), until_marker=True)
        )
        results["load_before"] = os.getloadavg()[0]
        for n in sizes:
            results["sizes"][str(n)] = measure_size(n, folder, env, xvfb.display, options.runs)  # type: ignore[index]
        if options.importtime:
            results["importtime"] = importtime(env, xvfb.display)
    info = results["machine"]
    results["load_after"] = os.getloadavg()[0]
    print(", ".join(f"{k}: {v}" for k, v in info.items()))  # type: ignore[union-attr]
    print(
        f"windows: {results['window_platform']}; load average {results['load_before']:.1f} at the start, "
        f"{results['load_after']:.1f} at the end (on a quiet machine wall-clock and CPU times agree)\n"
    )
    print(table(results, sizes))
    if options.importtime:
        print("\nSlowest imports at start-up (cumulative):")
        for ms, name in results["importtime"]:  # type: ignore[union-attr]
            print(f"  {ms:7.1f} ms  {name.strip()}")
    if options.json:
        options.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
