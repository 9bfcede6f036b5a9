"""How the cost of ``cpd reconcile`` grows with the platform's rows and the ledger's activities.

Usage:
    python bench/reconcile.py            # 50 / 500 / 5,000 rows against 60 and 300 activities
    python bench/reconcile.py --smoke    # one round, small sizes (what CI could run)

In-process: reading the copied table (Chromium form) and matching it with one year of the
ledger, median of a few rounds, every size in the same run.  Each figure is also given per
row and as a multiple of the smallest case's time per row, so that growth that is not
linear shows at a glance.  Two spreads of dates: over the year, and every row on one day
(the worst case for lookalikes, which are found by subject and days).  Figures go in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cpd_cli.core.model import Activity, Ledger, Subject  # noqa: E402
from cpd_cli.core.plan import ledger_year  # noqa: E402
from cpd_cli.core.platform import matching, reading  # noqa: E402
from cpd_cli.core.rules import load_embedded  # noqa: E402

WORDS = [
    "人工智能",
    "数字经济",
    "专业能力",
    "提升",
    "研修班",
    "公需课",
    "培训班",
    "党的全面领导",
    "文化自信",
    "乡村振兴",
    "新质生产力",
    "教学改革",
    "科研诚信",
    "网络安全",
    "数据治理",
    "心理健康",
    "法治建设",
    "职业道德",
    "创新创业",
    "高质量发展",
    "绿色低碳",
    "智慧教育",
    "课程思政",
    "深度学习",
    "机器学习",
    "图像识别",
    "赣南脐橙",
    "病害",
    "应用",
    "实务",
    "专题",
    "讲座",
    "第一期",
    "第二期",
]
SUFFIX = "（江西专技在线）"
HEADER = "年度\t科目类型\t总学时\t课程名称\t学时数\t开始时间\t结束时间\t待审单位\t学时状态\t状态\t操作"


def title(rng: random.Random, number: int) -> str:
    return "".join(rng.sample(WORDS, 3)) + f"（{number}）"


def scenario(rows: int, activities: int, *, one_day: bool, seed: int = 3) -> tuple[bytes, Ledger]:
    """A copied table of ``rows`` rows and a ledger of ``activities`` trainings of 2024; half the
    activities are on the platform (titled with its suffix), the other rows the platform's own."""
    rng = random.Random(seed)
    items = []
    for number in range(1, activities + 1):
        day = date(2024, 3, 1) if one_day else date(2024, 1, 1) + timedelta(days=rng.randrange(360))
        subject = Subject.PUBLIC if number % 3 == 0 else Subject.PROFESSIONAL
        items.append(
            Activity(
                id=number,
                kind="training",
                title=title(rng, number),
                date=day,
                subject=subject,
                hours=rng.randint(1, 20),
            )
        )
    lines: dict[Subject, list[str]] = {Subject.PUBLIC: [], Subject.PROFESSIONAL: []}
    for number in range(rows):
        if number < activities // 2:
            item = items[number]
            name, day, subject, hours = item.title + SUFFIX, item.date, item.subject, item.hours
        else:
            day = date(2024, 3, 1) if one_day else date(2024, 1, 1) + timedelta(days=rng.randrange(360))
            name, subject, hours = title(rng, 10_000 + number), rng.choice(list(Subject)), rng.randint(1, 20)
        lines[subject].append(f"{name}\t{hours}\t{day:%Y%m%d}\t{day:%Y%m%d}\t----\t已获得学时\t审核通过\t查看")
    text = [HEADER]
    first = True
    for subject, word in ((Subject.PUBLIC, "公需课"), (Subject.PROFESSIONAL, "专业课")):
        group = lines[subject]
        if not group:
            continue
        head = ("2024\t" if first else "") + f"{word}\t0\t"
        text += [head + group[0], *group[1:]]
        first = False
    return "\n".join(text).encode(), Ledger(activities=tuple(items))


def once(data: bytes, ledger: Ledger, pack: object) -> float:
    start = time.perf_counter()
    found = reading.read(data, "bench.txt")
    matching.reconcile(found, ledger_year(ledger, pack, 2024))  # type: ignore[arg-type]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sizes = (50, 500) if args.smoke else (50, 500, 5_000)
    rounds = 1 if args.smoke else args.rounds
    pack = load_embedded()
    print(f"Python {sys.version.split()[0]}, {rounds} rounds, median")
    print(f"{'dates':<9} {'activities':>10} {'rows':>6} {'ms':>9} {'µs a row':>9} {'× per row':>10}")
    for one_day in (False, True):
        for activities in (60, 300):
            base = None
            for rows in sizes:
                data, ledger = scenario(rows, activities, one_day=one_day)
                seconds = statistics.median(once(data, ledger, pack) for _ in range(rounds))
                per_row = seconds / rows
                base = base or per_row
                spread = "one day" if one_day else "the year"
                print(
                    f"{spread:<9} {activities:>10} {rows:>6} {seconds * 1000:>9.1f} {per_row * 1e6:>9.0f} "
                    f"{per_row / base:>10.2f}"
                )


if __name__ == "__main__":
    main()
