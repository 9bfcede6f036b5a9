"""The platform's 学时查询 table read in every form a browser gives, and matched against the ledger.

The fixtures in tests/data/platform/ are written in the platform's shape (the platform guide's
figure 5): the columns 年度 … 操作, 年度 / 科目类型 / 总学时 grouped on each group's first row.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpd_cli.core.model import Activity, Status, Subject
from cpd_cli.core.plan import ledger_year
from cpd_cli.core.platform.matching import (
    Candidate,
    apply,
    match,
    reconcile,
    registered,
    similarity,
    without_suffix,
    year_of,
)
from cpd_cli.core.platform.reading import PlatformRow, TableError, read
from cpd_cli.core.rules import RulePack
from cpd_cli.store import codec

DATA = Path(__file__).parents[1] / "data" / "platform"
FORMS = ["2024.html", "2024-gbk.html", "2024.txt", "2024.csv"]
D = Decimal


def table(name: str):  # type: ignore[no-untyped-def]
    return read((DATA / name).read_bytes(), name)


def ledger():  # type: ignore[no-untyped-def]
    return codec.loads((DATA / "ledger.toml").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- reading


@pytest.mark.parametrize("name", FORMS)
def test_every_form_reads_the_same_rows(name: str) -> None:
    rows = table(name).rows
    assert rows == table("2024.html").rows
    assert [row.row for row in rows] == list(range(1, 10))
    # 年度 and 科目类型 are on the first row of each group only; every row has them
    assert {row.year for row in rows} == {2024}
    assert [row.subject for row in rows] == [Subject.PUBLIC] * 4 + [Subject.PROFESSIONAL] * 5


def test_the_rows_as_the_platform_shows_them() -> None:
    rows = table("2024.txt").rows
    first = rows[0]
    assert first.title == "江西公需课 培训班 (三)（江西专技在线）"
    assert first.hours == 10 and first.start is None and first.end == date(2024, 3, 8)  # 开始时间 left empty
    assert rows[2].title == "坚持和加强 党的全面领 导" and rows[2].hours == 10  # stray spaces stripped
    assert [row.status for row in rows[4:8]] == [Status.DECLARED, Status.REJECTED, Status.APPROVED, Status.DECLARED]
    assert (rows[4].word, rows[5].word) == ("待审核", "驳回")
    assert rows[7].word == "已撤回" and not rows[7].known  # unknown: pending, never approved
    assert all(row.known for row in rows if row.row != 8)


def test_a_gbk_page_is_read_by_the_charset_it_declares() -> None:
    raw = (DATA / "2024-gbk.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert b"charset=GBK" in raw
    assert table("2024-gbk.html").rows[4].title == "深度学习在赣南脐橙病害识别中的应用"


def test_a_page_whose_header_is_a_table_of_its_own() -> None:
    """Some grids draw the header and the body as two tables, one after the other."""
    page = (
        "<html><body><table><tr><th>年度</th><th>科目类型</th><th>总学时</th><th>课程名称</th><th>学时数</th>"
        "<th>开始时间</th><th>结束时间</th><th>待审单位</th><th>学时状态</th><th>状态</th><th>操作</th></tr></table>"
        "<table><tr><td rowspan='2'>2024</td><td rowspan='2'>专业课</td><td rowspan='2'>30</td><td>甲</td>"
        "<td>20</td><td>20240101</td><td>20240102</td><td>----</td><td>已获得学时</td><td>审核通过</td><td>查看</td></tr>"
        "<tr><td>乙</td><td>10</td><td>20240201</td><td>20240201</td><td>----</td><td>已获得学时</td><td>审核通过</td>"
        "<td>查看</td></tr></table></body></html>"
    )
    rows = read(page.encode("utf-8"), "page.html").rows
    assert [(row.title, row.hours, row.subject) for row in rows] == [
        ("甲", 20, Subject.PROFESSIONAL),
        ("乙", 10, Subject.PROFESSIONAL),
    ]


def test_copied_text_with_short_lines_and_no_actions_column() -> None:
    text = (
        "年度\t科目类型\t总学时\t课程名称\t学时数\t开始时间\t结束时间\t待审单位\t学时状态\t状态\n"
        "2024\t公需课\t12\t甲\t10\t20240301\t20240301\t----\t已获得学时\t审核通过\n"
        "乙\t2\t20240302\t20240302\t----\t已获得学时\t审核中\n"
        "专业课\t5\t丙\t5\t20240303\t20240303\t----\t未获得学时\t退回\n"
    )
    rows = read(text.encode("utf-8"), "copied.txt").rows
    assert [(row.title, row.subject, row.status) for row in rows] == [
        ("甲", Subject.PUBLIC, Status.APPROVED),
        ("乙", Subject.PUBLIC, Status.DECLARED),
        ("丙", Subject.PROFESSIONAL, Status.REJECTED),
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("no-table.html", "no-table.html: no 学时查询 table found"),
        ("bad-hours.txt", "bad-hours.txt: line 3: 学时数 '十二' is not a number"),
    ],
)
def test_bad_files_say_which_file_and_line(name: str, message: str) -> None:
    with pytest.raises(TableError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        table(name)


def test_a_year_the_table_does_not_have() -> None:
    with pytest.raises(TableError, match="the table is of 2024, not 2023"):
        year_of(table("2024.txt"), 2023)
    assert year_of(table("2024.txt"), None) == 2024


# ---------------------------------------------------------------- titles and matching


def test_a_suffix_the_platform_adds_does_not_hide_the_course() -> None:
    assert without_suffix("江西公需课培训班(三)(江西专技在线)") == "江西公需课培训班(三)"
    assert without_suffix("江西公需课培训班(三)") == "江西公需课培训班(三)"  # a numbering stays
    assert similarity("学术报告（专题）", "学术报告") == 1
    assert similarity("江西公需课 培训班 (三)（江西专技在线）", "江西公需课培训班(三)") == 1
    assert similarity("坚持和加强党的全面领导", "江西公需课培训班(三)") < 0.6


def test_the_fixture_matches_as_worked_out_by_hand(pack: RulePack) -> None:
    """Rows 1, 2, 5, 6, 7, 8 are the ledger's #1, #2, #3, #4, #7, #8 (same subject, like titles);
    rows 3, 4, 9 are on the platform only; #5 (exam) and #6 (unit training) in the ledger only;
    #9 is planned and takes no part."""
    found = reconcile(table("2024.html"), ledger_year(ledger(), pack, 2024))
    assert [(m.row.row, m.item.activity.id) for m in found.matched] == [(1, 1), (2, 2), (5, 3), (6, 4), (7, 7), (8, 8)]
    assert [row.row for row in found.platform_only] == [3, 4, 9]
    assert [item.activity.id for item in found.ledger_only] == [5, 6]
    # approved rows: public 10 + 10 + 10 + 1 = 31; professional 20 (row 7) + 12 (row 9) = 32
    assert (found.platform.public, found.platform.professional, found.platform.total) == (31, 32, 63)
    # cpd: public #1 10 + #2 10 = 20; professional paper 10 + conference 8 + exam 20 + unit 6
    # + training 24 + talk 2 × 90 / 45 = 4 → 72
    assert (found.ledger.public, found.ledger.professional) == (20, 72)
    assert [row.row for row in found.unknown] == [8]
    assert found.lookalikes == ()  # rows 3, 4, 9 fall on other days than #5 (06-01) and #6 (06-20)


def test_a_row_and_an_activity_of_the_same_days_but_unlike_titles_are_named(pack: RulePack) -> None:
    """Row 9 (数字经济专业课, professional, 2024-04-01 to 04-03) and a training the person titled
    otherwise, on the same three days: too unlike to match (similarity under the bar), so --apply
    would add row 9 as registered beside it. The report names the pair; a public training of the
    same days, or a professional one of other days, is not named."""
    base = ledger()
    same = Activity(
        id=20, kind="training", title="赣州夏季研修", subject=Subject.PROFESSIONAL,
        start=date(2024, 4, 1), date=date(2024, 4, 3), hours=Decimal(12),
    )  # fmt: skip
    public = same._replace(id=21, subject=Subject.PUBLIC)
    other_days = same._replace(id=22, start=date(2024, 4, 2))
    changed = base._replace(activities=(*base.activities, same, public, other_days))
    found = reconcile(table("2024.html"), ledger_year(changed, pack, 2024))
    assert 9 in [row.row for row in found.platform_only] and 20 in [i.activity.id for i in found.ledger_only]
    assert [(row.row, item.activity.id) for row, item in found.lookalikes] == [(9, 20)]


def test_dates_and_hours_break_a_tie_of_titles() -> None:
    row = PlatformRow(
        1, 2024, Subject.PUBLIC, "公需课", D(10), date(2024, 5, 1), date(2024, 5, 1), Status.APPROVED, "审核通过", True
    )
    early = Candidate(1, 2024, Subject.PUBLIC, "公需课", None, date(2024, 3, 1), (D(10), D(10)))
    same_day = Candidate(2, 2024, Subject.PUBLIC, "公需课", None, date(2024, 5, 1), (D(6), D(6)))
    assert [(r.row, c.id) for r, c in match([row], [early, same_day])] == [(1, 2)]
    other_hours = early._replace(id=3, date=date(2024, 3, 2), amounts=(D(4), D(4)))
    assert [(r.row, c.id) for r, c in match([row], [other_hours, early])] == [(1, 1)]


TITLES = st.sampled_from(["公需课", "公需课（江西专技在线）", "专业课一", "专业课二", "学术报告", "学习强国"])
YEARS = st.sampled_from([2023, 2024])
SUBJECTS = st.sampled_from(list(Subject))


@given(
    rows=st.lists(st.tuples(YEARS, SUBJECTS, TITLES, st.integers(0, 12)), max_size=8),
    candidates=st.lists(st.tuples(YEARS, SUBJECTS, TITLES, st.integers(0, 12)), max_size=8),
)
def test_matching_never_crosses_subject_or_year_and_is_one_to_one(rows, candidates) -> None:  # type: ignore[no-untyped-def]
    platform = [
        PlatformRow(n, year, subject, title, D(hours), None, date(year, 3, 1), Status.APPROVED, "审核通过", True)
        for n, (year, subject, title, hours) in enumerate(rows, 1)
    ]
    ledger_side = [
        Candidate(n, year, subject, title, None, date(year, 3, 1), (D(hours), D(hours)))
        for n, (year, subject, title, hours) in enumerate(candidates, 1)
    ]
    pairs = match(platform, ledger_side)
    assert all(row.year == found.year and row.subject is found.subject for row, found in pairs)
    assert len({row.row for row, _ in pairs}) == len(pairs) == len({found.id for _, found in pairs})
    # maximal: no row left unmatched could pair with an activity left unmatched of the same title
    left_rows = [row for row in platform if row.row not in {r.row for r, _ in pairs}]
    left = [c for c in ledger_side if c.id not in {c.id for _, c in pairs}]
    assert not [(r, c) for r in left_rows for c in left if (r.year, r.subject, r.title) == (c.year, c.subject, c.title)]


# ---------------------------------------------------------------- applying


def test_apply_takes_the_platform_in_and_a_second_time_changes_nothing(pack: RulePack) -> None:
    today = date(2024, 11, 20)
    before = ledger()
    found = reconcile(table("2024.txt"), ledger_year(before, pack, 2024))
    after, applied = apply(before, found, pack, today)
    assert applied.updated == (1, 2, 3, 4, 7, 8) and applied.added == (10, 11, 12) and not applied.cleared
    by_id = {activity.id: activity for activity in after.activities}
    assert by_id[1].status is Status.APPROVED and by_id[1].platform_hours == 10 and by_id[1].platform_as_of == today
    assert by_id[4].status is Status.REJECTED and by_id[8].status is Status.DECLARED  # 已撤回: pending
    assert by_id[7].platform_hours == 20 and by_id[7].hours == 24  # cpd's own figure stays
    added = by_id[12]
    assert (added.kind, added.subject, added.hours, added.status) == (
        "registered",
        Subject.PROFESSIONAL,
        12,
        Status.APPROVED,
    )
    assert (added.start, added.date) == (date(2024, 4, 1), date(2024, 4, 3))
    # the whole year again: 31 public (10 + 10 + 10 + 1), and the same table changes nothing
    again = reconcile(table("2024.html"), ledger_year(after, pack, 2024))
    assert ledger_year(after, pack, 2024).credited.public == 31
    assert not again.platform_only and [item.activity.id for item in again.ledger_only] == [5, 6]
    unchanged, nothing = apply(after, again, pack, date(2024, 11, 25))
    assert unchanged == after and not nothing.changed


def test_a_later_table_updates_what_changed_and_forgets_what_went(pack: RulePack) -> None:
    first, _ = apply(ledger(), reconcile(table("2024.txt"), ledger_year(ledger(), pack, 2024)), pack, date(2024, 11, 1))
    later_text = (
        (DATA / "2024.txt")
        .read_text(encoding="utf-8")
        .replace(
            "10\t20240315\t20240315\t洪州学院\t未获得学时\t待审核",
            "10\t20240315\t20240315\t洪州学院\t已获得学时\t审核通过",
        )
    )
    later_text = later_text.replace("全国机器学习会议\t8\t20240510\t20240510\t----\t未获得学时\t驳回\t查看\n", "")
    later = read(later_text.encode("utf-8"), "later.txt")
    second, applied = apply(first, reconcile(later, ledger_year(first, pack, 2024)), pack, date(2024, 11, 20))
    by_id = {activity.id: activity for activity in second.activities}
    assert applied.updated == (3,) and applied.cleared == (4,) and not applied.added
    assert by_id[3].status is Status.APPROVED and by_id[3].platform_as_of == date(2024, 11, 20)
    assert by_id[4].platform_status is None and by_id[4].status is Status.REJECTED
    assert by_id[1].platform_as_of == date(2024, 11, 1)  # unchanged rows keep the day they were seen


def test_a_registered_row_longer_than_its_days_keeps_its_day_only(pack: RulePack) -> None:
    row = PlatformRow(
        1, 2024, Subject.PUBLIC, "网络课", D(90), date(2024, 3, 5), date(2024, 3, 6), Status.APPROVED, "审核通过", True
    )
    activity = registered(row, 1, pack, date(2024, 11, 1))
    # 2 days hold at most 2 × 24 × 60 / 45 = 64 学时: 90 cannot be from 03-05 to 03-06
    assert activity.start is None and activity.date == date(2024, 3, 6) and activity.hours == 90


def test_a_table_of_two_years_needs_a_year_and_numbers_rows_over_both() -> None:
    text = (
        "年度\t科目类型\t总学时\t课程名称\t学时数\t开始时间\t结束时间\t待审单位\t学时状态\t状态\t操作\n"
        "2023\t公需课\t30\t旧课\t30\t20230301\t20230301\t----\t已获得学时\t审核通过\t查看\n"
        "2024\t公需课\t10\t新课\t10\t20240301\t20240301\t----\t已获得学时\t审核通过\t查看\n"
    )
    both = read(text.encode("gb18030"), "two.txt")  # Notepad's ANSI on a Chinese Windows
    assert [(row.row, row.year, row.title) for row in both.rows] == [(1, 2023, "旧课"), (2, 2024, "新课")]
    with pytest.raises(TableError, match="holds the years 2023, 2024; choose one with --year"):
        year_of(both, None)
    assert year_of(both, 2024) == 2024


def test_many_activities_of_one_title_are_all_matched() -> None:
    """Titles are compared within a few candidates; the same title is always among them."""
    day = date(2024, 3, 1)
    rows = [
        PlatformRow(
            n, 2024, Subject.PUBLIC, "学习强国（江西专技在线）", D(1), day, day, Status.APPROVED, "审核通过", True
        )
        for n in range(1, 31)
    ]
    candidates = [Candidate(n, 2024, Subject.PUBLIC, "学习强国", None, day, (D(1), D(1))) for n in range(1, 31)]
    assert len(match(rows, candidates)) == 30  # none left over to be added a second time


def test_among_many_alike_titles_the_right_one_is_found() -> None:
    titles = [f"专业技术人员继续教育专题培训班第{n}期" for n in range(1, 101)]
    candidates = [
        Candidate(n, 2024, Subject.PROFESSIONAL, title, None, date(2024, 1, 1), (D(4), D(4)))
        for n, title in enumerate(titles, 1)
    ]
    rows = [
        PlatformRow(n, 2024, Subject.PROFESSIONAL, title + "（江西专技在线）", D(4), None, date(2024, 1, 1),
                    Status.APPROVED, "审核通过", True)
        for n, title in enumerate(reversed(titles), 1)
    ]  # fmt: skip
    assert all(row.title.startswith(found.title) for row, found in match(rows, candidates))
    assert len(match(rows, candidates)) == 100


def test_a_title_of_a_million_characters_is_cut_before_comparing() -> None:
    huge = "继续教育" * 250_000
    assert 0.6 < similarity(huge, "继续教育" * 50) <= 1  # the first MAX_COMPARED characters only
    text = "年度\t科目类型\t课程名称\t学时数\t状态\n2024\t公需课\t" + huge + "\t1\t审核通过\n"
    assert len(read(text.encode(), "t.txt").rows[0].title) == 1_000_000
