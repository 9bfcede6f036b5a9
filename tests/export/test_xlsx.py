"""``cpd export --format xlsx``: the workbook read back, opened by LibreOffice, and the format chosen
from ``--output``'s name."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from cpd_cli.export.writers import CSV_COLUMNS
from tests.conftest import Cli
from tests.core.test_career import career_ledger
from tests.export.test_export import year_ledger  # noqa: F401 - a fixture

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def export_xlsx(cli: Cli, target: Path, *args: str) -> openpyxl.Workbook:
    result = cli("export", *args, "--output", str(target))
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(target)
    return openpyxl.load_workbook(target)


@pytest.mark.usefixtures("year_ledger")
def test_the_checklist_as_a_workbook(cli: Cli, tmp_path: Path) -> None:
    book = export_xlsx(cli, tmp_path / "2024.xlsx", "--year", "2024")  # the name chooses xlsx
    assert book.sheetnames == ["申报清单", "问题 problems", "说明 about"]
    sheet = book["申报清单"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == CSV_COLUMNS
    for printed in book.worksheets:  # printed as the HTML is: A4 across, every column on the page's width
        setup = printed.page_setup
        assert (setup.paperSize, setup.orientation, setup.fitToHeight) == (9, "landscape", 0)
        assert printed.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth in (None, 1)  # 1 is the default
    assert sheet.print_title_rows == "$1:$1"  # the header row on every page
    by_id = {row[6]: row for row in rows[1:] if isinstance(row[6], int)}
    assert set(by_id) == set(range(1, 17))  # as the CSV: 17 is of 2023
    assert by_id[1][:6] == [2024, "公需课", by_id[1][2], 24, "20240401", "20240420"]
    assert by_id[8][1] == "公需课" and by_id[9][1] == "专业课"
    assert by_id[16][2].startswith("=") and sheet.cell(row=rows.index(by_id[16]) + 1, column=3).data_type == "s"
    totals = [row for row in rows[1:] if row[6] is None]
    assert [row[2].split(" · ")[-1] for row in totals] == ["1 个人申报", "2 学时查询核对", "3 不必申报"]
    for total, section in zip(totals, ("1 个人申报", "2 学时查询核对", "3 不必申报"), strict=True):
        assert total[3] == sum(row[3] for row in rows[1:] if row[6] is not None and row[10] == section)
    exported = json.loads(cli("export", "--year", "2024", "--format", "json").stdout)
    # the checklist's own total: the year's credited figure and the 3.1 the rejected #15 earns once declared again
    rejected = sum(entry["学时数"] for entry in exported["declare"] if entry["status"] == "rejected")
    assert rejected == 3.1
    assert sum(total[3] for total in totals) == pytest.approx(exported["credited"]["total"] + rejected)
    problems = [list(row) for row in book["问题 problems"].iter_rows(values_only=True)]
    assert problems[0] == ["编号 id", "问题 kind", "文件 file", "说明 text"]
    assert {(row[0], row[1]) for row in problems[1:] if row[1] == "no-evidence"} == {
        (16, "no-evidence"),
        (15, "no-evidence"),
    }
    about = [row[0] for row in book["说明 about"].iter_rows(values_only=True)]
    assert about[0].startswith("2024年度继续教育学时申报清单") and any("洪州学院" in line for line in about)


def test_the_dossier_as_a_workbook(cli: Cli, tmp_path: Path) -> None:
    career_ledger(cli)
    book = export_xlsx(cli, tmp_path / "汇总.xlsx", "--since", "2021", "--format", "xlsx")
    rows = [list(row) for row in book["各年度学时"].iter_rows(values_only=True)]
    assert rows[0][:5] == ["年度", "公需", "专业", "合计", "补学"]
    assert [row[0] for row in rows[1:]] == [2021, 2022, 2023, 2024, "合计 total"]
    assert rows[2][:5] == [2022, 0, 0, 0, 0] and rows[2][5] == "incomplete"
    assert rows[-1][3] == sum(row[3] for row in rows[1:-1])
    problems = [list(row) for row in book["问题 problems"].iter_rows(values_only=True)]
    assert [row[0] for row in problems[1:]] == [2022, 2023] and "需补学" in problems[1][1]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-calc)")
@pytest.mark.usefixtures("year_ledger")
def test_libreoffice_opens_the_workbook_with_the_chinese_intact(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "清单.xlsx"
    book = export_xlsx(cli, target, "--year", "2024")
    converted = tmp_path / "converted"
    profile = tmp_path / "lo-profile"  # its own settings folder: never the person's, and no lock held by another
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
         "--outdir", str(converted), str(target)],
        capture_output=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (result,) = converted.glob("*.csv")
    rows = list(csv.reader(io.StringIO(result.read_bytes().decode("utf-8"))))  # filter option 76: UTF-8
    assert rows[0] == CSV_COLUMNS
    written = [list(row) for row in book["申报清单"].iter_rows(values_only=True)]
    assert [row[2] for row in rows] == [row[2] or "" for row in written]  # 课程名称, every one as written
    assert [row[10] for row in rows] == [row[10] or "" for row in written]  # 清单 section
    assert {row[1] for row in rows[1:] if row[6]} == {"公需课", "专业课"}
    assert any("合计 total" in row[2] for row in rows)


# ---------------------------------------------------------------- the format from the file's name


@pytest.mark.usefixtures("year_ledger")
@pytest.mark.parametrize(
    ("name", "starts"),
    [("清单.csv", "\ufeff年度,"), ("清单.md", "# 2024年度"), ("清单.html", "<!DOCTYPE html>"), ("清单.json", "{"),
     ("清单.ics", "BEGIN:VCALENDAR"), ("清单.txt", "# 2024年度")],
)  # fmt: skip
def test_the_output_name_chooses_the_format(cli: Cli, tmp_path: Path, name: str, starts: str) -> None:
    target = tmp_path / name
    result = cli("export", "--year", "2024", "--output", str(target))
    assert result.exit_code == 0, result.output
    text = target.read_bytes().decode("utf-8")
    assert text.removeprefix("\ufeff" if sys.platform == "win32" and name.endswith((".md", ".txt")) else "").startswith(
        starts
    )


@pytest.mark.parametrize(
    ("format", "name"), [("csv", "2024.xlsx"), ("md", "清单.csv"), ("xlsx", "2024.csv"), ("json", "x.ics")]
)
def test_a_name_that_contradicts_the_format_is_refused(cli: Cli, tmp_path: Path, format: str, name: str) -> None:
    result = cli("export", "--year", "2024", "--format", format, "--output", str(tmp_path / name))
    assert result.exit_code == 2 and "--format is" in result.stderr
    assert not (tmp_path / name).exists()


def test_a_workbook_is_not_written_to_the_screen(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from cpd_cli.cli import output

    monkeypatch.setattr(output, "destination", lambda stream=None: "console")
    monkeypatch.setattr("cpd_cli.cli.export.destination", lambda stream=None: "console")
    result = cli("export", "--format", "xlsx")
    assert result.exit_code == 2 and "--output FILE.xlsx" in result.stderr


def test_a_workbook_goes_to_a_pipe_as_bytes(cli: Cli) -> None:
    cli("add", "paper", "--title", "论文", "--date", "2024-03-01")
    data = cli("export", "--year", "2024", "--format", "xlsx").stdout_bytes
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book["申报清单"]["C2"].value == "论文"
