"""cpd's benchmark: whole-process start-up against reference CLIs, evaluator scaling, peak memory.

Usage:
    python bench/bench.py            # full run: builds bench environments (cpd + minimal app; Watson apart)
    python bench/bench.py --smoke    # a few rounds in the current environment, no Watson (what CI runs)

Every figure is a median over alternated runs, reported next to the reference
measured in the same run, so that a noisy shared machine changes both alike.
Targets, against a minimal Typer+Rich app in the same environment: ``cpd status``
on the 1,000-activity, 20-year ledger ≤ 1.5× (standard parts, no cache: see
docs/performance.md); ``cpd --help`` ≤ 0.7×; ``cpd list`` of 1,000 activities ≤ 2.5×;
a Tab press after ``cpd add`` and after ``cpd edit`` (the 1,000-activity ledger
in ``CPD_LEDGER``) ≤ 1.0× each, run as the completion script in completions/
runs it: ``_CPD_COMPLETE=complete_bash`` with ``COMP_WORDS`` and ``COMP_CWORD``.
The evaluator's time per activity is reported from 100 to 100,000 activities,
with no target.  Figures go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))


MINIMAL = "minimal Typer+Rich app"
HELP = "cpd --help"
STATUS = "cpd status (1,000 activities)"
LIST = "cpd list (1,000 activities)"
TAB_ADD = "Tab after cpd add (1,000 activities)"
TAB_EDIT = "Tab after cpd edit (1,000 activities)"
TARGETS = {STATUS: 1.5, HELP: 0.7, LIST: 2.5, TAB_ADD: 1.0, TAB_EDIT: 1.0}  # the most each may take, × the minimal app


def tab_press(words: list[str]) -> dict[str, str]:
    """The environment bash's ``_cpd_completion`` (completions/cpd.bash) gives cpd on a Tab press
    after ``words``: the words joined by its IFS, a newline, with an empty word being completed."""
    return {"_CPD_COMPLETE": "complete_bash", "COMP_WORDS": "\n".join([*words, ""]), "COMP_CWORD": str(len(words))}


def output(argv: list[str], env: dict[str, str]) -> str:
    """What one run prints, so that a case can be checked to do what it is named for before it is timed."""
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench: {' '.join(argv)} failed ({done.returncode}): {done.stderr[-500:]}")
    return done.stdout


def run(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"bench: {' '.join(argv)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return elapsed


def peak_rss_kib(argv: list[str], env: dict[str, str]) -> int:
    """Peak resident memory of one run, measured by a parent that runs nothing else."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, *argv], env=env, capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def venv(folder: Path, *packages: str) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    pip = folder / "bin" / "pip"
    subprocess.run([str(pip), "install", "-q", "--disable-pip-version-check", *packages], check=True)
    return folder / "bin"


def evaluator_times(sizes: list[int], rounds: int) -> dict[int, float]:
    """Median seconds to evaluate one year of each size, the sizes alternated in every round.

    As with whole processes, alternating means a noisy spell slows every size alike.
    """
    from bench.ledgers import activity_tables
    from cpd_cli.core.evaluate import evaluate
    from cpd_cli.core.rules import load_embedded
    from cpd_cli.store import codec

    pack = load_embedded()
    ledgers = {
        size: [codec.activity_from_table(t) for t in activity_tables(size, years=(2024,))] for size in sizes
    }
    times: dict[int, list[float]] = {size: [] for size in sizes}
    for _ in range(rounds):
        for size, activities in ledgers.items():
            start = time.perf_counter()
            evaluate(activities, pack, 2024)
            times[size].append(time.perf_counter() - start)
    return {size: statistics.median(values) for size, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="few rounds, current environment, no Watson")
    parser.add_argument("--rounds", type=int, default=None, help="alternated rounds per command (default 30, smoke 3)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    rounds = args.rounds or (3 if args.smoke else 30)
    work = Path(tempfile.mkdtemp(prefix="cpd-bench-"))
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "HOME": str(work), "XDG_DATA_HOME": str(work / "data"),
           "XDG_CACHE_HOME": str(work / "cache"), "XDG_CONFIG_HOME": str(work / "config")}  # fmt: skip
    env.pop("CPD_LEDGER", None)
    # An installed cpd has its bytecode (pip compiles it); with this set, the warm-up run below could
    # not write cpd's in a source tree, and every timed run would compile cpd's modules anew while
    # the libraries' bytecode, written at their install, is read.
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    if args.smoke:
        bin_dir = Path(sys.executable).parent
        watson = None
    else:
        print("bench: building environments (cpd + minimal app; Watson in its own) …", file=sys.stderr)
        bin_dir = venv(work / "cpd-env", str(ROOT))
        watson = venv(work / "watson-env", "td-watson") / "watson"
        env["WATSON_DIR"] = str(work / "watson")
    python = str(bin_dir / "python")
    cpd = str(bin_dir / "cpd")

    from bench.ledgers import write_ledger

    empty = work / "empty.toml"
    big = write_ledger(work / "ledger-1000.toml", 1000)
    status_big = [cpd, "--ledger", str(big), "status", "--year", "2024"]
    # "… final collection kept": the same status run without cpd's entry point, which skips the
    # interpreter's final garbage collection (-P: the installed cpd, not a source tree in the
    # working directory).  The minimal app doing the same is measured beside it.
    in_process = "from cpd_cli.cli.app import app; app(prog_name='cpd')"
    commands: dict[str, tuple[list[str], dict[str, str]]] = {
        "python -c pass": ([python, "-c", "pass"], {}),
        MINIMAL: ([python, str(HERE / "minimal_app.py"), "status"], {}),
        "minimal app, final collection skipped": (
            [python, str(HERE / "minimal_app.py"), "status"],
            {"BENCH_FREEZE_AT_EXIT": "1"},
        ),
        HELP: ([cpd, "--help"], {}),
        "cpd status (empty ledger)": ([cpd, "--ledger", str(empty), "status", "--year", "2024"], {}),
        STATUS: (status_big, {}),
        "… final collection kept": ([python, "-P", "-c", in_process, *status_big[1:]], {}),
        LIST: ([cpd, "--ledger", str(big), "list"], {}),
        TAB_ADD: ([cpd], {**tab_press(["cpd", "add"]), "CPD_LEDGER": str(big)}),
        TAB_EDIT: ([cpd], {**tab_press(["cpd", "edit"]), "CPD_LEDGER": str(big)}),
    }
    # A Tab press that offered nothing would be quick for the wrong reason: the kinds and the
    # 1,000 ids must come back.
    offered = {name: output(commands[name][0], {**env, **commands[name][1]}).split() for name in (TAB_ADD, TAB_EDIT)}
    if "training" not in offered[TAB_ADD] or offered[TAB_EDIT] != [str(n) for n in range(1, 1001)]:
        raise SystemExit(f"bench: a Tab press did not offer the kinds or the ids: {offered}")
    if watson:
        commands["watson status"] = ([str(watson), "status"], {})
    for argv, extra in commands.values():  # compile bytecode, warm the file cache
        run(argv, {**env, **extra})
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, (argv, extra) in commands.items():
            times[name].append(run(argv, {**env, **extra}))
    medians = {name: statistics.median(values) for name, values in times.items()}

    print(f"# cpd benchmark — {platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, "
          f"{rounds} alternated rounds, medians")  # fmt: skip
    print()
    references = [MINIMAL, "minimal app, final collection skipped", "python -c pass"]
    references += ["watson status"] if watson else []
    header = "| command | median ms | " + " | ".join(f"× {ref}" for ref in references) + " |"
    print(header)
    print("|---|---:|" + "---:|" * len(references))
    for name, value in medians.items():
        ratios = " | ".join(f"{value / medians[ref]:.2f}" for ref in references)
        print(f"| {name} | {value * 1000:.1f} | {ratios} |")

    sizes = [100, 1_000, 10_000] if args.smoke else [100, 1_000, 10_000, 100_000]
    evaluation = evaluator_times(sizes, rounds=3 if args.smoke else 15)
    print()
    print("| activities evaluated (one year, in-process) | median ms | µs an activity |")
    print("|---:|---:|---:|")
    for size in sizes:
        print(f"| {size:,} | {evaluation[size] * 1000:.1f} | {evaluation[size] / size * 1e6:.1f} |")
    memory = peak_rss_kib(commands[STATUS][0], env)
    floor = peak_rss_kib(commands[MINIMAL][0], env)
    print()
    print(f"peak memory: {STATUS} {memory / 1024:.1f} MiB; {MINIMAL} {floor / 1024:.1f} MiB")

    ratios = {name: medians[name] / medians[MINIMAL] for name in TARGETS}
    print()
    for name, most in TARGETS.items():
        verdict = "met" if ratios[name] <= most else "NOT met"
        print(f"- {verdict}: {name} ≤ {most}× {MINIMAL} ({ratios[name]:.2f}×)")
    if args.json:
        args.json.write_text(json.dumps({"medians_ms": {k: v * 1000 for k, v in medians.items()},
                                         "evaluator_ms": {k: v * 1000 for k, v in evaluation.items()},
                                         "peak_kib": memory, "ratios": ratios}, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
