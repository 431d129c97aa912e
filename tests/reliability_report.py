"""Run the loader fuzz and the kill-during-save campaigns and print their figures as a Markdown table.

    .venv/bin/python tests/reliability_report.py                 # the counts the tests use
    .venv/bin/python tests/reliability_report.py --cases 50000 --kills 1000

The defaults are those of tests/test_loader_fuzz.py and tests/test_kill_during_save.py. Exits 1 when a campaign
broke its invariant (the breaks are listed under the table), else 0. No Qt is imported.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import test_kill_during_save as kill
import test_loader_fuzz as fuzz


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cases", type=int, default=fuzz.DEFAULT_CASES, help="mutated files to load")
    parser.add_argument("--seed", type=int, default=fuzz.DEFAULT_SEED, help="seed of the mutations")
    parser.add_argument("--examples", type=int, default=fuzz.DEFAULT_HYPOTHESIS_EXAMPLES, help="hypothesis examples")
    parser.add_argument("--kills", type=int, default=kill.DEFAULT_KILLS, help="saves to kill with SIGKILL")
    parser.add_argument("--kill-seed", type=int, default=kill.DEFAULT_SEED, help="seed of the kill timing")
    parser.add_argument("--steps", type=int, default=kill.DEFAULT_STEPS, help="steps in the saved document")
    parser.add_argument("--flows", type=int, default=kill.DEFAULT_FLOWS, help="flows in the saved document")
    return parser.parse_args(argv)


def _machine() -> str:
    name = platform.uname()
    return f"{name.system} {name.release} {name.machine}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    started = time.perf_counter()
    mutated = fuzz.run_fuzz(args.cases, args.seed)
    try:
        generated = fuzz.run_hypothesis(args.examples)
        hypothesis_break = ""
    except AssertionError as error:  # hypothesis has shrunk a break to a small example
        generated = fuzz.FuzzFigures()
        hypothesis_break = str(error).splitlines()[0][:300]
    killed = kill.run_kill_campaign(args.kills, args.kill_seed, steps=args.steps, flows=args.flows)

    def outcomes(f: fuzz.FuzzFigures) -> str:
        return ", ".join(f"{n} {name}" for name, n in sorted(f.outcomes.items(), key=lambda item: -item[1]))

    other_breaks = len(mutated.failures) - mutated.escaped + len(generated.failures) - generated.escaped
    stale = killed.orphans_after_fresh_save_once_stale
    rows = [
        (f"Loader: mutated files tried (seed {args.seed})", f"{mutated.cases} ({mutated.through_files} from disk)"),
        (
            "Loader: hypothesis examples tried",
            f"{generated.cases}" + (" (stopped at a break)" if hypothesis_break else ""),
        ),
        ("Loader: outcomes (mutated)", outcomes(mutated)),
        ("Loader: outcomes (hypothesis)", outcomes(generated)),
        ("Loader: exceptions other than BlueprintFileError (or hangs)", f"{mutated.escaped + generated.escaped}"),
        ("Loader: other breaks (message, round trip, something lost)", f"{other_breaks}"),
        ("Loader: loads where saving rounds a number to 0.001", f"{mutated.rounded + generated.rounded}"),
        ("Loader: loads where a value was read as another type", f"{mutated.coerced + generated.coerced}"),
        (
            "Loader: slowest case",
            f"{max(mutated.slowest_seconds, generated.slowest_seconds) * 1000:.0f} ms "
            f"(limit {fuzz.SLOWEST_CASE_SECONDS:.0f} s)",
        ),
        ("Loader: campaign time", f"{mutated.seconds:.1f} s + {generated.seconds:.1f} s (hypothesis)"),
        ("Save: document saved", f"{killed.file_bytes / 1e6:.1f} MB, one save takes {killed.save_seconds:.2f} s"),
        ("Save: SIGKILLs during save_document", f"{killed.kills}"),
        (
            "Save: target intact after a kill (old / new)",
            f"{killed.intact} ({killed.intact_old} / {killed.intact_new})",
        ),
        ("Save: NAME.bak intact after a kill", f"{killed.backups_intact} of {killed.backups_checked}"),
        ("Save: kills that left a temporary file (killed mid-write)", f"{killed.kills_leaving_a_temp_file}"),
        ("Save: most temporary files added by one kill", f"{killed.most_temp_files_added_by_one_kill}"),
        ("Save: orphan temporary files after the kills", f"{killed.orphans_after_kills}"),
        ("Save: ... after the next save by a fresh process", f"{killed.orphans_after_fresh_save}"),
        ("Save: ... after that save once they are an hour old", f"{stale}"),
        ("Save: campaign time", f"{killed.seconds:.1f} s"),
        ("Machine", _machine()),
    ]
    print("| Figure | Value |")
    print("|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    breaks = mutated.failures + generated.failures + killed.failures + ([hypothesis_break] if hypothesis_break else [])
    if mutated.coerced_examples:
        print("\nValues read as another type, e.g.: " + "; ".join(mutated.coerced_examples[:3]))
    if breaks:
        print(f"\n{len(breaks)} invariant breaks; the first ones:")
        for line in breaks[:15]:
            print(f"- {line[:400]}")
    print(f"\nTotal {time.perf_counter() - started:.0f} s.")
    return 1 if breaks else 0


if __name__ == "__main__":
    sys.exit(main())
