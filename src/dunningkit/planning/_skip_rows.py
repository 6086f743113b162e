"""The skips of a plan kept as columns: a plan accounts for every open invoice, and
most are never read one by one."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from dunningkit.planning._results import Skip, SkipReason

__all__ = ["SkipRows"]


class SkipRows(Sequence[Skip]):
    """The skips of a plan, kept as four columns; a :class:`Skip` is built when read.

    Behaves as a read-only sequence: ``len``, iteration, indexing and slicing, and
    ``==`` against any sequence of skips (a tuple or list compares equal when it
    holds equal skips in the same order).
    """

    __slots__ = ("_customer_ids", "_details", "_invoice_ids", "_reasons")

    def __init__(
        self,
        invoice_ids: list[str],
        customer_ids: list[str],
        reasons: list[SkipReason],
        details: list[str],
    ) -> None:
        self._invoice_ids = invoice_ids
        self._customer_ids = customer_ids
        self._reasons = reasons
        self._details = details

    @classmethod
    def of(cls, skips: Iterable[Skip]) -> SkipRows:
        """Rows holding the given skips, in their order."""
        if isinstance(skips, SkipRows):
            return skips
        rows = cls([], [], [], [])
        for skip in skips:
            rows._invoice_ids.append(skip.invoice_id)
            rows._customer_ids.append(skip.customer_id)
            rows._reasons.append(SkipReason(skip.reason))
            rows._details.append(skip.detail)
        return rows

    def __len__(self) -> int:
        return len(self._invoice_ids)

    @overload
    def __getitem__(self, index: int) -> Skip: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Skip, ...]: ...
    def __getitem__(self, index: int | slice) -> Skip | tuple[Skip, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        return Skip(
            self._invoice_ids[index],
            self._customer_ids[index],
            self._reasons[index],
            self._details[index],
        )

    def __iter__(self) -> Iterator[Skip]:
        return map(Skip, self._invoice_ids, self._customer_ids, self._reasons, self._details)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SkipRows):
            return (
                self._invoice_ids == other._invoice_ids
                and self._reasons == other._reasons
                and self._customer_ids == other._customer_ids
                and self._details == other._details
            )
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"SkipRows({len(self)} skips)"

    def invoice_ids(self) -> Sequence[str]:
        """The skipped invoice ids, without building skips."""
        return tuple(self._invoice_ids)

    def counts(self) -> dict[SkipReason, int]:
        """How many invoices each reason holds back, without building skips."""
        return dict(Counter(self._reasons))

    def of_customer(self, customer_id: str) -> list[Skip]:
        """The skips of one customer (rows are sorted by customer: a bisection)."""
        start = bisect_left(self._customer_ids, customer_id)
        end = bisect_right(self._customer_ids, customer_id)
        return [self[i] for i in range(start, end)]
