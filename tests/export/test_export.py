"""``cpd export``: golden Markdown and CSV, the CSV read back, JSON keys, HTML, the bundle."""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from cpd_cli.export.bundle import safe_part
from cpd_cli.export.formats import EXTENSIONS, Format
from tests.conftest import Cli

DATA = Path(__file__).parents[1] / "data"
UPDATE = os.environ.get("CPD_UPDATE_GOLDEN") == "1"
EVIDENCE = {
    "访学证明.pdf": b"visit",
    "参会证明.jpg": b"conference",
    "成绩单.pdf": b"grades",
    "积分截图.png": b"points",
    "论文.pdf": b"%PDF paper",
    "检索证明.pdf": b"index",
    "专利证书.pdf": b"patent",
}


@pytest.fixture
def year_ledger(cli: Cli, tmp_path: Path) -> Path:
    folder = tmp_path / "evidence"
    folder.mkdir()
    for name, content in EVIDENCE.items():
        (folder / name).write_bytes(content)
    cli.ledger.parent.mkdir(parents=True, exist_ok=True)
    text = (
        (DATA / "year-2024.toml").read_text(encoding="utf-8").replace("{DIR}", str(folder).replace("\\", "\\\\"))
    )  # a TOML string
    cli.ledger.write_text(text, encoding="utf-8")
    return folder


def golden(name: str, actual: str, folder: Path) -> None:
    actual = actual.replace(str(folder), "{DIR}")  # Markdown shows paths as code, backslashes as they are
    path = DATA / name
    if UPDATE:
        path.write_bytes(actual.encode("utf-8"))
    assert actual == path.read_bytes().decode("utf-8")


def test_markdown_golden(cli: Cli, year_ledger: Path) -> None:
    result = cli("export", "--year", "2024")
    assert result.exit_code == 0, result.output
    golden("export-2024.md", result.stdout, year_ledger)


def test_csv_golden_and_read_back(cli: Cli, year_ledger: Path, tmp_path: Path) -> None:
    out = tmp_path / "2024.csv"
    result = cli("export", "--year", "2024", "--format", "csv", "--output", str(out))
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    golden("export-2024.csv", raw.decode("utf-8"), year_ledger)
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0])[:6] == ["年度", "科目类型", "课程名称", "学时数", "开始时间", "结束时间"]
    by_id = {row["编号 id"]: row for row in rows}
    assert set(by_id) == {str(i) for i in range(1, 17)}  # 17 is of 2023
    assert (
        by_id["1"]["学时数"] == "24" and by_id["1"]["开始时间"] == "20240401" and by_id["1"]["结束时间"] == "20240420"
    )
    assert by_id["9"]["科目类型"] == "专业课" and by_id["8"]["科目类型"] == "公需课"
    assert by_id["16"]["课程名称"].startswith("'=")  # never run as a spreadsheet formula
    assert by_id["10"]["清单 section"] == "3 不必申报"


def test_sections(cli: Cli, year_ledger: Path) -> None:
    data = json.loads(cli("export", "--year", "2024", "--format", "json").stdout)
    # by date; #15, rejected, is back to declare again; #13 and #14 are dated after today (2024-11-29)
    assert [row["id"] for row in data["declare"]] == [6, 9, 5, 15, 11, 12, 4, 16, 8]
    assert [row["id"] for row in data["verify"]] == [3, 1, 2]
    assert [row["id"] for row in data["skip"]] == [10, 7, 13, 14]
    assert {p["kind"] for p in data["problems"]} == {"missing", "no-evidence"}
    assert {p["id"] for p in data["problems"] if p["kind"] == "no-evidence"} == {15, 16}
    assert data["skip"][0]["why"] == "9(1): not a core journal (核心刊物 required)"
    assert data["skip"][3]["why"] == "dated after today (2024-11-29): a plan, no credit until then"
    # public 24 approved needs the 6 of #8; professional 44 registered or pending needs the visit's 30
    assert [row["id"] for row in data["declare"] if row["needed"]] == [4, 8]
    rejected = data["declare"][3]
    assert (rejected["status"], rejected["学时数"], rejected["needed"]) == ("rejected", 3.1, False)
    assert data["declare"][1]["claim"] == "待审核 awaiting the platform" and not data["declare"][1]["needed"]


def test_needed_only(cli: Cli, year_ledger: Path) -> None:
    data = json.loads(cli("export", "--year", "2024", "--format", "json", "--needed").stdout)
    assert [row["id"] for row in data["declare"]] == [4, 8]
    assert [row["id"] for row in data["verify"]] == [3, 1, 2]  # the other sections stay whole
    markdown = cli("export", "--year", "2024", "--needed").stdout
    assert "必报 needed: #4, #8 — 申报这 2 项即可完成 2024 年度 · 2 claims finish 2024; 可选 optional: 7" in markdown
    assert "可选 optional |" not in markdown


def test_json_documented_keys(cli: Cli, year_ledger: Path) -> None:
    data = json.loads(cli("export", "--year", "2024", "--format", "json").stdout)
    assert set(data) == {
        "year", "rules", "document", "deadline", "profile", "required", "credited", "remaining", "complete",
        "declare", "verify", "skip", "problems", "warnings",
    }  # fmt: skip
    row = data["declare"][0]
    assert set(row) == {
        "id", "kind", "年度", "科目类型", "课程名称", "学时数", "开始时间", "结束时间", "base", "rule", "rule_text",
        "route", "status", "notes", "evidence", "needed", "claim", "platform_as_of",
    }  # fmt: skip
    assert data["profile"] == {"name": "张三", "unit": "洪州学院"}


def test_html_is_self_contained_and_escaped(cli: Cli, year_ledger: Path) -> None:
    text = cli("export", "--year", "2024", "--format", "html").stdout
    assert text.startswith("<!DOCTYPE html>") and "@page { size: A4" in text
    assert "http://" not in text and "https://" not in text and "<script" not in text and "<link" not in text
    assert "=HYPERLINK(&quot;x&quot;) 授课" in text


def test_html_prints_as_a_checklist(cli: Cli, year_ledger: Path) -> None:
    """What makes the page work on paper: read from the HTML as a browser's print would."""
    text = cli("export", "--year", "2024", "--format", "html").stdout
    style = text[text.index("<style>") : text.index("</style>")]
    assert "h2, p.lead { break-after: avoid" in style  # a heading never ends a page
    assert "th { white-space: nowrap" in style  # a narrow header is never broken inside a word
    assert "<th>学时数</th>" in text and "<th>依据<br><span class=en>rule</span></th>" in text
    # One ☐ per claim: the 9 to declare and the 3 registered by others (tests/data/export-2024.md).
    assert text.count("<td class=tick>☐</td>") == 9 + 3
    # Totals, from that file's rows: to declare 10+10+10+3.1+10+3+30+6 = 82.1 专业 and 6 公需 (#8);
    # registered 24 公需 (#1) and 10 + 24 = 34 专业 (#3, #2).  Together 6 + 24 = 30 公需 and
    # 82.1 + 34 = 116.1 专业: the year's credited 113 and the 3.1 the rejected #15 earns once declared again.
    assert "<td colspan=5>合计 total (公需课 6 · 专业课 82.1)</td><td class=n>88.1</td>" in text
    assert "<td colspan=5>合计 total (公需课 24 · 专业课 34)</td><td class=n>58</td>" in text


def test_ledger_text_is_never_markup(cli: Cli, tmp_path: Path) -> None:
    title = "<b>粗</b> *星* _下_ [链接](http://x) | a & b `c`"
    proof = tmp_path / "a_b[1]&c.pdf"  # no "*": Windows refuses it in a name
    proof.write_bytes(b"x")
    cli("add", "paper", "--title", title, "--date", "2024-01-01", "--evidence", str(proof))
    markdown = cli("export", "--year", "2024").stdout
    escaped = r"\<b\>粗\</b\> \*星\* \_下\_ \[链接\](http://x) \| a \& b \`c\`"
    assert f"| {escaped} |" in markdown and f"**#1 {escaped}**" in markdown
    assert f"`{proof}`" in markdown  # a path as code: shown as it is, "_", "[" and "&" kept
    html_text = cli("export", "--year", "2024", "--format", "html").stdout
    assert "<b>粗</b>" not in html_text and "&lt;b&gt;粗&lt;/b&gt;" in html_text


def test_output_never_overwrites_without_force(cli: Cli, year_ledger: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.md"
    out.write_text("mine", encoding="utf-8")
    result = cli("export", "--year", "2024", "--output", str(out))
    assert result.exit_code == 2 and "exists; use --force" in result.stderr
    assert out.read_text(encoding="utf-8") == "mine"
    assert cli("export", "--year", "2024", "--output", str(out), "--force").exit_code == 0
    assert out.read_text(encoding="utf-8-sig").startswith("# 2024年度")  # with a BOM on Windows


def test_bad_format(cli: Cli) -> None:
    result = cli("export", "--format", "pdf")
    assert result.exit_code == 2 and "--format: 'pdf'" in result.stderr


STARTS = {
    Format.MD: "# 2024年度".encode(),
    Format.CSV: "\ufeff年度".encode(),
    Format.XLSX: b"PK",  # a zip
    Format.JSON: b"{",
    Format.HTML: b"<!DOCTYPE html>",
    Format.ICS: b"BEGIN:VCALENDAR",
}


@pytest.mark.parametrize("format", list(Format))
def test_every_format_writes_the_checklist_and_its_extension_implies_it(
    cli: Cli, year_ledger: Path, tmp_path: Path, format: Format
) -> None:
    extension = next(extension for extension, implied in EXTENSIONS.items() if implied is format)
    target = tmp_path / f"清单{extension}"
    assert cli("export", "--year", "2024", "--output", str(target)).exit_code == 0
    assert target.read_bytes().removeprefix(codecs.BOM_UTF8 if format is Format.MD else b"").startswith(STARTS[format])


@pytest.mark.parametrize("format", list(Format))
def test_every_format_but_the_calendar_writes_the_summary(cli: Cli, year_ledger: Path, format: Format) -> None:
    result = cli("export", "--since", "2023", "--format", format, "--output", "-")
    if format is Format.ICS:
        assert result.exit_code == 2 and "--format ics does not apply" in result.stderr
    else:
        assert result.exit_code == 0 and result.stdout_bytes


def test_bundle(cli: Cli, year_ledger: Path, tmp_path: Path) -> None:
    target = tmp_path / "申报材料.zip"
    result = cli("export", "--year", "2024", "--bundle", str(target))
    assert result.exit_code == 1  # the book's cover is missing
    assert "missing-book-cover.pdf" in result.stderr and len(result.stderr.strip().splitlines()) == 2
    assert result.stdout == ""  # what was written is said on stderr; the checklist is in the zip
    assert result.stderr.startswith(
        f"wrote {target}: checklist and {len(EVIDENCE)} evidence files"
    )  # all but the cover
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        for info in archive.infolist():
            assert not info.filename.startswith("/") and ".." not in info.filename.split("/")
            if not info.filename.isascii():
                assert info.flag_bits & 0x800, info.filename  # UTF-8 names
        assert {"checklist.md", "checklist.csv", "checklist.html", "manifest.json"} <= set(names)
        assert archive.read("checklist.html").decode("utf-8").startswith("<!DOCTYPE html>")
        assert "9-paper-深度学习在赣南脐橙病害识别中的应用/9-paper-深度学习在赣南脐橙病害识别中的应用.pdf" in names
        assert "9-paper-深度学习在赣南脐橙病害识别中的应用/9-paper-深度学习在赣南脐橙病害识别中的应用-2.pdf" in names
        assert "5-conference-全国机器学习会议 _ CCML/5-conference-全国机器学习会议 _ CCML.jpg" in names
        files = manifest["files"]
        assert {Path(f["original"]) for f in files} == {year_ledger / n for n in EVIDENCE} | {
            year_ledger / "missing-book-cover.pdf"
        }  # as paths: on Windows the ledger's "/" and the folder's "\\" are the same separator
        for entry in files:
            if entry["status"] == "missing":
                assert entry["original"].endswith("missing-book-cover.pdf") and entry["name"] not in names
                continue
            content = archive.read(entry["name"])
            assert content == (year_ledger / Path(entry["original"]).name).read_bytes()
            assert entry["size"] == len(content)
            import hashlib

            assert entry["sha256"] == hashlib.sha256(content).hexdigest()


def test_bundle_with_output_writes_both_and_prints_neither(cli: Cli, year_ledger: Path, tmp_path: Path) -> None:
    result = cli(
        "export", "--year", "2024", "-f", "csv", "-o", str(tmp_path / "a.csv"), "--bundle", str(tmp_path / "b.zip")
    )
    assert result.stdout == "" and (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert zipfile.is_zipfile(tmp_path / "b.zip")


def test_bundle_complete_exits_zero(cli: Cli, tmp_path: Path) -> None:
    proof = tmp_path / "p.pdf"
    proof.write_bytes(b"x")
    cli("add", "paper", "--title", "../../etc/passwd", "--date", "2024-01-01", "--evidence", str(proof))
    target = tmp_path / "b.zip"
    assert cli("export", "--year", "2024", "--bundle", str(target)).exit_code == 0
    names = zipfile.ZipFile(target).namelist()
    assert "1-paper-etc_passwd/1-paper-etc_passwd.pdf" in names


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../x", "x"),
        ("a/b\\c", "a_b_c"),
        ("..", "untitled"),
        ("", "untitled"),
        ("名称\x00\n", "名称"),
        ("a..b", "a..b"),
        (".hidden", "hidden"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),  # shown right to left it would read "invoiceexe.pdf"
        ("a\u200bb\u2066c\ufeff", "abc"),
        ("a\x85b\u2028c", "a_b_c"),
    ],
)
def test_safe_part(given: str, expected: str) -> None:
    assert safe_part(given) == expected


def test_an_approved_claim_is_declared_no_more(cli: Cli) -> None:
    """After a reconcile, an approved paper is under 学时查询, not "declare yourself"; a rejected one is back."""
    cli("add", "paper", "--title", "approved", "--date", "2024-03-01", "--status", "approved")
    cli("add", "paper", "--title", "rejected", "--date", "2024-04-01", "--status", "rejected")
    data = json.loads(cli("export", "--year", "2024", "--format", "json").stdout)
    assert [row["id"] for row in data["verify"]] == [1] and [row["id"] for row in data["declare"]] == [2]
    markdown = cli("export", "--year", "2024").stdout
    assert (
        "| 1 | 2024 | 专业课 | approved | 10 | 20240301 | 20240301 | 个人申报，已审核通过 declared by you, approved |"
        in markdown
    )
    assert "declare yourself |" not in markdown.split("## 2.")[1]
