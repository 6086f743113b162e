"""Write the golden files: what the code outputs today, stored to be reviewed in diffs.

Run ``python tests/golden/write.py`` after a change that alters an output, then read
``git diff tests/golden``: every changed line is a change a user will see. The script
rewrites every file and deletes the ones the code no longer writes;
``tests/golden/test_golden.py`` fails when a stored file differs from what the code
writes now.

What is stored (everything on fixed days, from the bundled sample book and the
policy the demo uses; no clock, no machine path):

- ``plan/<day>.json``: the demo plan on three fixed days (``Plan.model_dump_json``);
- ``messages/<language>/<template>.<channel>.txt``: every shipped template in every
  language on every channel its kind is written for (email and letter, the
  registered letter for a formal notice, SMS, phone), rendered for one sample reader
  who reads that language;
- ``dossier/<customer>.json``, ``.html`` and ``<customer>/<table>.csv``: the hand-over
  dossier of one sample customer in each of its formats;
- ``claim/<customer>.json``, ``.csv`` and ``.html``: the claim declared in the
  insolvency proceedings of the sample's customer in receivership;
- ``report/collections.html``: the collections report page (needs jinja2, installed by
  the ``dev`` extra: without it that file is left as it is);
- ``cli/<command>.txt``: the command line's tables (``demo``, ``plan``, ``explain``,
  ``kpis``) on the sample book, run in-process with a fixed ``--today``.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from functools import cache
from pathlib import Path

from dunningkit import (
    Channel,
    Message,
    Plan,
    Portfolio,
    Template,
    claim_declaration,
    collections_report,
    default_scenarios,
    default_templates,
    handover_dossier,
    next_actions,
    render,
    sample_portfolio,
    thank_you,
)
from dunningkit._sample import sample_policy
from dunningkit.cli import main

HERE = Path(__file__).parent
if __name__ == "__main__":  # run as a script: the named days live in tests/builders.py
    sys.path.insert(0, str(HERE.parents[1]))

from tests.builders import DEMO_DAY, SAMPLE_DAY, TODAY  # noqa: E402 - needs the path above
from tests.handover.dossiers import fixture_files, sample_digests  # noqa: E402 - needs the path above

# The stored files, by path relative to HERE; this script and the test are not among them.
OWN_FILES = frozenset({"__init__.py", "write.py", "test_golden.py"})

# Fixed days, all Mondays: the sample book's day of the back-test docs, the suite's
# today, and the day the docs run the demo and the report on. One day for the rest.
DAYS = (SAMPLE_DAY, TODAY, DEMO_DAY)
DAY = TODAY
# The sample customers who read the shipped templates: one in English, one in French;
# the other languages are read by the French one with its contacts in that locale.
READERS = {"en": "CLI-042", "fr": "CLI-036"}
LOCALES = {"de": "de_DE", "es": "es_ES", "it": "it_IT", "nl": "nl_NL"}
DOSSIER_CUSTOMER = "CLI-075"  # a bad payer with a reminder history
CLAIM_CUSTOMER = "CLI-082"  # the customer in receivership
EXPLAINED = ("CLI-052", "CLI-080")
# The channels that take each kind of template (a formal notice goes registered).
CHANNELS_OF_KIND = {
    "written": (Channel.EMAIL, Channel.LETTER),
    "sms": (Channel.SMS,),
    "script": (Channel.PHONE,),
}
REPORT = "report/collections.html"
BOOK_MARK = "<book>"  # what a temporary folder's path reads as in the CLI outputs


def has_jinja2() -> bool:
    """Whether the report page can be written here (the ``report`` extra)."""
    return importlib.util.find_spec("jinja2") is not None


@cache
def _book(day: date) -> Portfolio:
    return sample_portfolio(day)


@cache
def _plan(day: date) -> Plan:
    return next_actions(_book(day), day, sample_policy())


def plans() -> Iterator[tuple[str, str]]:
    """The demo plan on each fixed day, as JSON."""
    for day in DAYS:
        yield f"plan/{day.isoformat()}.json", _plan(day).model_dump_json(indent=2) + "\n"


def _message_text(message: Message) -> str:
    fields = {
        "template": message.template_id,
        "channel": message.channel,
        "locale": message.locale,
        "to": message.to or "",
        "subject": message.subject,
    }
    head = "".join(f"{name}: {value}".rstrip() + "\n" for name, value in fields.items())
    return f"{head}\n{message.body}\n"


def _last_paid(customer_id: str) -> tuple[str, date]:
    """The invoice a customer paid last before DAY, and the day of that payment."""
    book = _book(DAY)
    owned = {i.id for i in book.invoices if i.customer_id == customer_id}
    paid = max(
        (p for p in book.payments if p.invoice_id in owned and p.date < DAY),
        key=lambda p: (p.date, p.invoice_id),
    )
    return paid.invoice_id, paid.date


_TONES = {
    step.template: step.tone
    for scenario in reversed(default_scenarios().values())
    for step in scenario.steps
}


def _channels(template: Template) -> tuple[Channel, ...]:
    if template.id == "formal_notice" and template.kind == "written":
        return (Channel.EMAIL, Channel.REGISTERED_LETTER)
    return CHANNELS_OF_KIND[template.kind]


@cache
def _reader_book(language: str) -> tuple[Portfolio, str]:
    """The sample book as its reader of ``language`` sees it, and the reader's id."""
    book = _book(DAY)
    if language in READERS:
        return book, READERS[language]
    reader, locale = READERS["fr"], LOCALES[language]
    customers = tuple(
        c.model_copy(
            update={
                "locale": locale,
                "contacts": tuple(k.model_copy(update={"locale": locale}) for k in c.contacts),
            }
        )
        if c.id == reader
        else c
        for c in book.customers
    )
    return Portfolio.model_validate({**book.model_dump(), "customers": customers}), reader


def _rendered(template: Template, channel: Channel) -> Message:
    book, reader = _reader_book(template.locale)
    policy = sample_policy().model_copy(update={"formality": template.formality})
    if template.id == "thank_you":
        invoice_id, paid_on = _last_paid(reader)
        return thank_you(reader, [invoice_id], book, paid_on, policy, channel=channel)
    # The action the planner chose for the reader, told to use this template, in the
    # tone of the default step that names it (a formal notice is not courteous).
    action = next(a for a in _plan(DAY).actions if a.customer_id == reader)
    contact = book.customer(reader).contact_for(channel)
    tone = _TONES.get(template.id, action.tone)
    update = {"template": template.id, "channel": channel, "contact": contact, "tone": tone}
    return render(action.model_copy(update=update), book, policy, today=DAY)


def messages() -> Iterator[tuple[str, str]]:
    """Every shipped template in every language, on each channel it is written for, in
    each register it is written in (``<id>.<channel>.informal.txt``: *du*, *tu*)."""
    every = default_templates()
    for template in sorted(every, key=lambda t: (t.locale, t.id, t.kind, t.formality)):
        if template.locale not in READERS and template.locale not in LOCALES:
            msg = f"no sample reader for templates in {template.locale!r}: add it to LOCALES"
            raise LookupError(msg)
        for channel in _channels(template):
            register = ".informal" if template.formality == "informal" else ""
            if register and channel in (Channel.LETTER, Channel.REGISTERED_LETTER):
                continue  # a letter keeps the formal register
            path = f"messages/{template.locale}/{template.id}.{channel}{register}.txt"
            yield path, _message_text(_rendered(template, channel))


def dossier() -> Iterator[tuple[str, str]]:
    """The hand-over dossier of one sample customer, in every format it writes."""
    found = handover_dossier(_book(DAY), DOSSIER_CUSTOMER, DAY, policy=sample_policy())
    yield f"dossier/{DOSSIER_CUSTOMER}.json", found.to_json() + "\n"
    yield f"dossier/{DOSSIER_CUSTOMER}.html", found.to_html()
    for name, text in sorted(found.csv_tables().items()):
        yield f"dossier/{DOSSIER_CUSTOMER}/{name}", text
    for name, text in sorted(fixture_files().items()):
        yield f"dossier/fixture-C1/{name}", text
    digests = json.dumps(sample_digests(), indent=1) + "\n"
    yield "dossier/sample-digests.json", digests


def claim() -> Iterator[tuple[str, str]]:
    """The claim declared in the sample's receivership, in every format it writes."""
    found = claim_declaration(_book(DAY), CLAIM_CUSTOMER, DAY, policy=sample_policy())
    yield f"claim/{CLAIM_CUSTOMER}.json", found.to_json() + "\n"
    yield f"claim/{CLAIM_CUSTOMER}.csv", found.to_csv()
    yield f"claim/{CLAIM_CUSTOMER}.html", found.to_html()


def report() -> Iterator[tuple[str, str]]:
    """The collections report page of the sample book (when jinja2 is installed)."""
    if has_jinja2():
        yield REPORT, collections_report(_book(DAY), DAY, policy=sample_policy())


def _run(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as stop:  # argparse's usage errors
            code = stop.code if isinstance(stop.code, int) else 2
    return code, out.getvalue() + err.getvalue()


def _cli(argv: list[str]) -> str:
    code, text = _run(argv)
    if code != 0:
        msg = f"dunningkit {' '.join(argv)} exited {code}:\n{text}"
        raise RuntimeError(msg)
    return text


def cli() -> Iterator[tuple[str, str]]:
    """The command line's tables on the sample book, as a user's terminal shows them."""
    day = DAY.isoformat()
    yield "cli/demo.txt", _cli(["demo", "--today", day])
    with tempfile.TemporaryDirectory() as folder:
        book = str(Path(folder) / "book")
        _cli(["demo", "--today", day, "--export", book])

        def unplaced(text: str) -> str:
            return text.replace(book, BOOK_MARK).replace(folder, BOOK_MARK)

        yield "cli/plan.txt", unplaced(_cli(["plan", book, "--today", day]))
        for customer in EXPLAINED:
            text = _cli(["explain", book, customer, "--today", day])
            yield f"cli/explain-{customer}.txt", unplaced(text)
        kpis = _cli(["kpis", book, "--today", day])
        yield "cli/kpis.txt", unplaced(kpis)


SECTIONS: tuple[Callable[[], Iterator[tuple[str, str]]], ...] = (
    plans,
    messages,
    dossier,
    claim,
    report,
    cli,
)


def outputs() -> dict[str, str]:
    """Every golden file's text as the code writes it now, by path relative to HERE."""
    found: dict[str, str] = {}
    for section in SECTIONS:
        for path, text in section():
            if path in found:
                msg = f"two golden outputs named {path}"
                raise ValueError(msg)
            found[path] = text
    return found


def stored() -> set[str]:
    """The golden files on disk, by path relative to HERE."""
    return {
        p.relative_to(HERE).as_posix()
        for p in HERE.rglob("*")
        if p.is_file() and p.name not in OWN_FILES and "__pycache__" not in p.parts
    }


def write() -> list[str]:
    """Rewrite every golden file and delete the ones no longer written; the changes."""
    texts = outputs()
    changes = []
    for path, text in sorted(texts.items()):
        target = HERE / path
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
            changes.append(f"wrote {path}")
    keep = set(texts) | ({REPORT} if not has_jinja2() else set())
    for path in sorted(stored() - keep):
        (HERE / path).unlink()
        changes.append(f"deleted {path}")
    for folder in sorted(HERE.rglob("*"), reverse=True):
        if folder.is_dir() and folder.name != "__pycache__" and not any(folder.iterdir()):
            folder.rmdir()
    return changes


if __name__ == "__main__":
    for line in write() or ["golden files unchanged"]:
        sys.stdout.write(line + "\n")
    if not has_jinja2():
        sys.stdout.write(f"{REPORT} left as it was: install jinja2 (the dev extra) to write it\n")
