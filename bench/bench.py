"""cpd's benchmark: whole-process start-up against reference CLIs, evaluator scaling, peak memory.

Usage:
    python bench/bench.py            # full run: builds bench environments (cpd + minimal app; Watson apart)
    python bench/bench.py --smoke    # a few rounds in the current environment, no Watson (what CI runs)

Every figure is a median over alternated runs, reported next to the reference
measured in the same run, so that a noisy shared machine changes both alike.
Targets (issue 7): status on 1,000 activities ≤ 1.2× the minimal Typer+Rich app;
--help ≤ 1.0×; 10× activities → ≤ 12× evaluation time; 100,000 evaluated < 2 s.
"""

from __future__ import annotations

import argparse
import itertools
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


def evaluator_scaling(sizes: list[int], rounds: int, *, chronological: bool = False) -> dict[int, float]:
    """Median seconds to evaluate each size once, the sizes alternated in every round.

    As with whole processes, alternating means a noisy spell slows every size
    alike.  Each evaluation runs once a round, after the other sizes, so each
    starts with caches holding the others' data: repeating a small ledger back
    to back would time it from warm caches and a large one from cold, which
    overstated growth (1,000 → 10,000: 15× measured that way, 12–13× this way).

    The targets are judged on dates drawn at random (the activities are visited
    out of memory order, the harder case); ``chronological`` measures the same
    dates in id order, to show how much of the growth is the memory caches.
    """
    from bench.ledgers import activity_tables
    from cpd_cli.core.evaluate import evaluate
    from cpd_cli.core.rules import load_embedded
    from cpd_cli.store import codec

    pack = load_embedded()
    ledgers = {
        size: [codec.activity_from_table(t) for t in activity_tables(size, years=(2024,), chronological=chronological)]
        for size in sizes
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
           "XDG_CACHE_HOME": str(work / "cache")}  # fmt: skip
    for name in ("CPD_LEDGER", "CPD_NO_CACHE"):
        env.pop(name, None)

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
    # The rows that begin with "…" show what a choice buys: the same command with the
    # parsed-ledger cache turned off (what the first read after a change costs), and with
    # the interpreter's final collection left in (the app run without cpd's entry point; -P: the
    # installed cpd, not a source tree in the working directory, whose cache key would differ).
    in_process = "from cpd_cli.cli.app import app; app(prog_name='cpd')"
    commands: dict[str, tuple[list[str], dict[str, str]]] = {
        "python -c pass": ([python, "-c", "pass"], {}),
        "minimal Typer+Rich app": ([python, str(HERE / "minimal_app.py"), "status"], {}),
        "minimal app, final collection skipped": (
            [python, str(HERE / "minimal_app.py"), "status"],
            {"BENCH_FREEZE_AT_EXIT": "1"},
        ),
        "cpd --help": ([cpd, "--help"], {}),
        "cpd status (empty ledger)": ([cpd, "--ledger", str(empty), "status", "--year", "2024"], {}),
        "cpd status (1,000 activities)": (status_big, {}),
        "… cache off (CPD_NO_CACHE=1)": (status_big, {"CPD_NO_CACHE": "1"}),
        "… final collection kept": ([python, "-P", "-c", in_process, *status_big[1:]], {}),
    }
    if watson:
        commands["watson status"] = ([str(watson), "status"], {})
    for argv, extra in commands.values():  # warm caches, compile bytecode, fill cpd's cache
        run(argv, {**env, **extra})
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, (argv, extra) in commands.items():
            times[name].append(run(argv, {**env, **extra}))
    medians = {name: statistics.median(values) for name, values in times.items()}

    print(f"# cpd benchmark — {platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, "
          f"{rounds} alternated rounds, medians")  # fmt: skip
    print()
    references = ["minimal Typer+Rich app", "minimal app, final collection skipped", "python -c pass"]
    references += ["watson status"] if watson else []
    header = "| command | median ms | " + " | ".join(f"× {ref}" for ref in references) + " |"
    print(header)
    print("|---|---:|" + "---:|" * len(references))
    for name, value in medians.items():
        ratios = " | ".join(f"{value / medians[ref]:.2f}" for ref in references)
        print(f"| {name} | {value * 1000:.1f} | {ratios} |")

    sizes = [100, 1_000, 10_000] if args.smoke else [100, 1_000, 10_000, 100_000]
    scaling = evaluator_scaling(sizes, rounds=3 if args.smoke else 15)
    in_order = evaluator_scaling(sizes, rounds=3 if args.smoke else 15, chronological=True)
    print()
    print("| activities evaluated (in-process) | median ms | × previous size | dates in id order: ms | × previous |")
    print("|---:|---:|---:|---:|---:|")
    for previous, size in itertools.pairwise([None, *sizes]):
        growth = [f"{table[size] / table[previous]:.1f}" if previous else "—" for table in (scaling, in_order)]
        print(f"| {size:,} | {scaling[size] * 1000:.1f} | {growth[0]} | {in_order[size] * 1000:.1f} | {growth[1]} |")
    memory = peak_rss_kib(commands["cpd status (1,000 activities)"][0], env)
    floor = peak_rss_kib(commands["minimal Typer+Rich app"][0], env)
    print()
    print(f"peak memory: cpd status (1,000 activities) {memory / 1024:.1f} MiB; ", end="")
    print(f"minimal Typer+Rich app {floor / 1024:.1f} MiB")

    status_ratio = medians["cpd status (1,000 activities)"] / medians["minimal Typer+Rich app"]
    help_ratio = medians["cpd --help"] / medians["minimal Typer+Rich app"]
    growth = [scaling[b] / scaling[a] for a, b in itertools.pairwise(sizes)]
    fair_ratio = medians["cpd status (1,000 activities)"] / medians["minimal app, final collection skipped"]
    checks = {
        "status 1,000 ≤ 1.2× minimal": status_ratio <= 1.2,
        "(not a target) status 1,000 ≤ 1.2× minimal app also skipping its final collection": fair_ratio <= 1.2,
        "--help ≤ 1.0× minimal": help_ratio <= 1.0,
        "10× activities ≤ 12× time": all(g <= 12 for g in growth[1:]) if len(growth) > 1 else True,
        "100,000 evaluated < 2 s": scaling.get(100_000, 0) < 2,
    }
    print()
    for name, ok in checks.items():
        print(f"- {'met' if ok else 'NOT met'}: {name}")
    if args.json:
        args.json.write_text(json.dumps({"medians_ms": {k: v * 1000 for k, v in medians.items()},
                                         "scaling_ms": {k: v * 1000 for k, v in scaling.items()},
                                         "peak_kib": memory, "checks": checks}, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
