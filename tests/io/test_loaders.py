"""Any format: load_portfolio, empty books, what every reader shares."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dunningkit import (
    LoaderError,
    Portfolio,
    dump_json,
    dump_jsonl,
    load_csv,
    load_json,
    load_jsonl,
    load_portfolio,
)
from tests.builders import customer, invoice

FR_EXPORT = Path(__file__).parents[1] / "data" / "fr_export"


def _jsonl_folder(folder: Path, sections: dict[str, list[str]], *, end: str = "\n") -> Path:
    folder.mkdir(exist_ok=True)
    for section, lines in sections.items():
        (folder / f"{section}.jsonl").write_bytes(end.join(lines).encode() + end.encode())
    return folder


def _as_lines(records: list[dict[str, Any]]) -> list[str]:
    return [json.dumps(record) for record in records]


def same_records(a: Portfolio, b: Portfolio) -> None:
    """The same records in each section, whatever their order."""
    for section in ("customers", "invoices", "payments", "promises", "events"):
        assert sorted(getattr(a, section), key=lambda r: r.id) == sorted(
            getattr(b, section), key=lambda r: r.id
        )


def test_a_binary_file_is_one_error_not_one_per_line(tmp_path: Path) -> None:
    path = tmp_path / "book.jsonl"
    path.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(LoaderError) as caught:
        load_portfolio(path)
    assert str(caught.value) == f"{path}: is a binary file, not JSON Lines text (check the export)"
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "customers.csv").write_bytes(b"id,name\n\x00\x01\x02")
    (folder / "invoices.csv").write_text("id,customer_id\n")
    with pytest.raises(LoaderError, match="is a binary file"):
        load_portfolio(folder)


def test_empty_books_load_but_can_be_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    assert load_portfolio(empty).invoices == ()
    with pytest.raises(LoaderError, match="holds no invoices"):
        load_portfolio(empty, allow_empty=False)
    (tmp_path / "customers.csv").write_text("id,name\n")
    (tmp_path / "invoices.csv").write_text("id,customer_id,issue_date\n")
    with pytest.raises(LoaderError, match="holds no invoices"):
        load_portfolio(tmp_path, allow_empty=False)
    (tmp_path / "empty.json").write_text("")
    with pytest.raises(LoaderError, match="is empty"):
        load_portfolio(tmp_path / "empty.json")


def test_load_portfolio_refuses_unknown_things(tmp_path: Path) -> None:
    with pytest.raises(LoaderError, match="no such file"):
        load_portfolio(tmp_path / "nope.json")
    (tmp_path / "x.xml").write_text("<a/>")
    with pytest.raises(LoaderError, match="unknown format"):
        load_portfolio(tmp_path / "x.xml")
    with pytest.raises(LoaderError, match="neither"):
        load_portfolio(tmp_path)
    (tmp_path / "bad.json").write_text("{")
    with pytest.raises(LoaderError, match="not valid JSON"):
        load_portfolio(tmp_path / "bad.json")


def test_loading_leaves_the_garbage_collector_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No process-wide side effects (issue 11, decision 5): a host's other threads
    # keep their collector while a book loads.
    import gc  # noqa: PLC0415

    book = load_csv(FR_EXPORT, date_format="DD/MM/YYYY")
    dump_jsonl(book, tmp_path / "book.jsonl")
    dump_json(book, tmp_path / "book.json")
    calls: list[str] = []
    for name in ("disable", "enable", "freeze", "unfreeze", "set_threshold", "collect"):
        monkeypatch.setattr(gc, name, lambda *_, _name=name: calls.append(_name))
    assert load_csv(FR_EXPORT, date_format="DD/MM/YYYY") == book
    same_records(load_jsonl(tmp_path / "book.jsonl"), book)  # grouped by customer
    assert load_json(tmp_path / "book.json") == book
    assert Portfolio.model_validate(book.model_dump()) == book
    assert gc.isenabled()
    assert calls == []


def test_loaded_records_share_repeated_values(tmp_path: Path) -> None:
    # A million invoices of ten thousand customers hold ten thousand customer ids.
    customers = [customer("C1"), customer("C2")]
    invoices = [invoice(f"F{n}", cid=f"C{1 + n % 2}") for n in range(6)]
    folder = _jsonl_folder(
        tmp_path, {"customers": _as_lines(customers), "invoices": _as_lines(invoices)}
    )
    for book in (
        load_jsonl(folder),
        Portfolio.model_validate({"customers": customers, "invoices": invoices}),
    ):
        first, *others = book.invoices
        owner = book.customer(first.customer_id)
        assert all(i.customer_id is owner.id for i in book.invoices_of(owner.id))
        assert all(i.due_date is first.due_date for i in others)
        assert all(i.__pydantic_fields_set__ is first.__pydantic_fields_set__ for i in others)
        # Copies with changes do not change the shared set of field names.
        changed = first.model_copy(update={"payment_link": "https://pay.example/F0"})
        assert "payment_link" in changed.__pydantic_fields_set__
        assert "payment_link" not in first.__pydantic_fields_set__
