"""``dunningkit links`` and the key file."""

from __future__ import annotations

import base64
import json
import os
from datetime import date
from pathlib import Path

import pytest

from dunningkit import LinkError, verify
from dunningkit.cli import main
from dunningkit.cli._keys import load_key_file
from tests.builders import DEMO_DAY

TODAY = DEMO_DAY.isoformat()
KEY_1 = bytes(range(32))
KEY_2 = bytes(range(50, 82))


def b64(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).decode().rstrip("=")


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("book")
    assert main(["demo", "--today", TODAY, "--export", str(folder)]) == 0
    return folder


@pytest.fixture(scope="module")
def action_key(book: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    del tmp_path_factory
    from dunningkit import load_portfolio, next_actions  # noqa: PLC0415

    plan = next_actions(load_portfolio(book), date.fromisoformat(TODAY))
    # An email: scripts for phone calls carry no links.
    return next(a.key for a in plan.actions if a.channel == "email")


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "link-keys"
    path.write_text(f"# rotated 2026-11\nold = {b64(KEY_1)}\nk2={b64(KEY_2)}\n")
    path.chmod(0o600)
    return path


def test_links_prints_a_verifiable_link_per_purpose(
    book: Path, action_key: str, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["links", str(book), action_key, "--base-url", "https://pay.example.com/l"]
    assert main([*args, "--key-file", str(key_file), "--today", TODAY, "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    links = json.loads(out)
    assert list(links) == ["pay", "promise", "dispute", "contact_me"]
    signer = load_key_file(key_file)
    for purpose, url in links.items():
        assert url.startswith("https://pay.example.com/l?token=k2.")  # the last key signs
        claim = verify(url.split("token=")[1], signer, today=date(2026, 12, 23))
        assert claim.purpose == purpose
        assert claim.action_key == action_key
    for secret in (b64(KEY_1), b64(KEY_2), KEY_1.hex(), KEY_2.hex()):
        assert secret not in out


def test_links_as_text_and_with_an_expiry(
    book: Path, action_key: str, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["links", str(book), action_key, "--base-url", "https://pay.example.com/l"]
    assert (
        main([*args, "--key-file", str(key_file), "--today", TODAY, "--expires-on", "2026-12-01"])
        == 0
    )
    out = capsys.readouterr().out
    assert "valid to 2026-12-01" in out
    assert out.count("https://pay.example.com/l?token=") == 4


def test_a_missing_base_url_is_a_usage_error(
    book: Path, action_key: str, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["links", str(book), action_key, "--key-file", str(key_file)]) == 2
    assert "--base-url" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"short\n", "too short"),
        (b"k1=not*base64\n", "too short"),  # not a key line: read as one raw key
        (b"k1=AAAA\n", "too short"),
        (b"k1=" + b"A" * 43 + b"\nk1=" + b"B" * 43 + b"\n", "listed twice"),
        (b"k1=" + b"A" * 42 + b"B\n", "not base64url"),
    ],
)
def test_a_bad_key_file_is_one_line_without_the_key(
    book: Path,
    action_key: str,
    tmp_path: Path,
    content: bytes,
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "keys"
    path.write_bytes(content)
    path.chmod(0o600)
    args = ["links", str(book), action_key, "--base-url", "https://x.example/l"]
    assert main([*args, "--key-file", str(path), "--today", TODAY]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert "A" * 20 not in err


def test_a_raw_key_file_and_a_warning_when_others_can_read_it(
    book: Path, action_key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "raw.key"
    path.write_bytes(os.urandom(32))
    path.chmod(0o644)
    args = ["links", str(book), action_key, "--base-url", "https://x.example/l"]
    assert main([*args, "--key-file", str(path), "--today", TODAY]) == 0
    out, err = capsys.readouterr()
    assert "token=default." in out
    if os.name == "posix":
        assert "chmod 600" in err


def test_an_unknown_action_or_missing_key_file_is_a_data_error(
    book: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["links", str(book), "dk-nope", "--base-url", "https://x.example/l"]
    assert main([*args, "--key-file", str(key_file), "--today", TODAY]) == 1
    assert "no action with key 'dk-nope'" in capsys.readouterr().err
    assert main([*args, "--key-file", str(key_file.parent / "absent"), "--today", TODAY]) == 1
    assert "key file" in capsys.readouterr().err


def test_load_key_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(LinkError, match="absent"):
        load_key_file(tmp_path / "absent")


def test_render_signs_links_when_the_policy_asks_for_them(
    book: Path, action_key: str, key_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(
        'links_base_url = "https://pay.example.com/l"\n[creditor]\nname = "Atelier"\n'
    )
    args = ["render", str(book), "--today", TODAY, "--policy", str(policy), "--action", action_key]
    assert main(args) == 1
    assert "signer" in capsys.readouterr().err
    assert main([*args, "--key-file", str(key_file)]) == 0
    out = capsys.readouterr().out
    assert "https://pay.example.com/l?token=k2." in out


def test_links_read_the_policy_kept_with_the_book(
    book: Path, action_key: str, key_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kept = tmp_path / "book"
    kept.mkdir()
    for file in book.iterdir():
        (kept / file.name).write_bytes(file.read_bytes())
    policy = kept / "policy.toml"
    text = policy.read_text(encoding="utf-8")
    policy.write_text(f'links_base_url = "https://kept.example.com/l"\n{text}', encoding="utf-8")
    code = main(["links", str(kept), action_key, "--key-file", str(key_file), "--today", TODAY])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.count("https://kept.example.com/l?token=") == 4
