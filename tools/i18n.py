"""Keep the Chinese catalog in step with the code.

    python tools/i18n.py update    # extract messages, merge into zh/cpd.po (keeps translations), compile cpd.mo
    python tools/i18n.py check     # exit 1 if a message is missing, untranslated or stale, or cpd.mo is old

Messages are English source strings found in cpd_cli/: every ``_("…")``, ``N_("…")`` or
``N_plural("…", "…")`` call (a message with a plural form, looked up with ``ngettext``), every
``help="…"`` keyword in the CLI, every command docstring (they contain "Example:"),
and the summaries of the lazily loaded commands.  Needs Babel (the test extra).
"""

from __future__ import annotations

import ast
import inspect
import io
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "cpd_cli"
PO = PACKAGE / "locale" / "zh" / "LC_MESSAGES" / "cpd.po"
MO = PO.with_suffix(".mo")


def extract() -> list[str | tuple[str, str]]:
    """Every message in the code, in first-seen order; a message with a plural form is a pair."""
    found: dict[str | tuple[str, str], None] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        in_cli = "cli" in path.parts
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func  # text_option(...) or fields.text_option(...)
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
                if name in ("_", "N_") and node.args and _text(node.args[0]) is not None:
                    found[_text(node.args[0])] = None  # type: ignore[index]
                if name == "N_plural" and len(node.args) == 2:
                    forms = (_text(node.args[0]), _text(node.args[1]))
                    if None not in forms:
                        found[forms] = None  # type: ignore[index]
                if name == "text_option" and len(node.args) >= 2 and _text(node.args[1]) is not None:
                    found[_text(node.args[1])] = None  # type: ignore[index]
                if name == "Lazy" and len(node.args) >= 3 and _text(node.args[2]) is not None:
                    found[_text(node.args[2])] = None  # type: ignore[index]
                if in_cli:
                    for keyword in node.keywords:
                        if keyword.arg == "help" and _text(keyword.value) is not None:
                            found[_text(keyword.value)] = None  # type: ignore[index]
            if in_cli and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                doc = ast.get_docstring(node, clean=True)
                if doc and "Example:" in doc:
                    found[doc] = None
    return list(found)


def _text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return inspect.cleandoc(node.value) if "\n" in node.value and node.value.startswith("\n") else node.value
    return None


def read_catalog() -> object:
    from babel.messages.pofile import read_po

    with PO.open("rb") as handle:
        return read_po(handle, locale="zh_Hans_CN", domain="cpd")


def compiled(catalog: object) -> bytes:
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)  # type: ignore[arg-type]
    return buffer.getvalue()


def _translated(message: object) -> bool:
    """Whether every form of ``message`` (one, or one per plural form) has its translation."""
    string = message.string  # type: ignore[attr-defined]
    return all(string) if isinstance(string, tuple | list) else bool(string)


def problems() -> list[str]:
    messages = extract()
    catalog = read_catalog()
    ids = {message.id for message in catalog if message.id}  # type: ignore[attr-defined]
    found = []
    found += [f"missing from cpd.po: {m!r}" for m in messages if m not in ids]
    found += [f"stale in cpd.po (no longer in the code): {m!r}" for m in sorted(ids - set(messages))]
    for message in catalog:  # type: ignore[attr-defined]
        if message.id and (not _translated(message) or message.fuzzy):  # type: ignore[attr-defined]
            found.append(f"not translated: {message.id!r}")
    if not MO.exists() or MO.read_bytes() != compiled(catalog):
        found.append("cpd.mo is not the compiled cpd.po: run python tools/i18n.py update")
    return found


def update() -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    old = {m.id: m.string for m in read_catalog()} if PO.exists() else {}  # type: ignore[attr-defined]
    fixed = datetime(2024, 11, 1, tzinfo=UTC)  # a fixed header date, so an update changes only what changed
    catalog = Catalog(
        locale="zh_Hans_CN",
        domain="cpd",
        project="cpd",
        charset="utf-8",
        creation_date=fixed,
        revision_date=fixed,
        fuzzy=False,
    )
    for message in extract():
        catalog.add(message, old.get(message, ""))
    with PO.open("wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False, sort_output=False, no_location=True)
    MO.write_bytes(compiled(read_catalog()))
    untranslated = [m for m in read_catalog() if m.id and not _translated(m)]  # type: ignore[attr-defined]
    print(f"{PO.relative_to(ROOT)}: {len(extract())} messages, {len(untranslated)} untranslated")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        update()
    else:
        issues = problems()
        print("\n".join(issues) or "catalog complete")
        sys.exit(1 if issues else 0)
