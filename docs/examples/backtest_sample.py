"""Back-test the default policy and a stricter one on the sample book's last quarter."""

from datetime import date, timedelta
from pathlib import Path

from dunningkit import compare, default_policy, load_policy, sample_portfolio

TODAY = date(2026, 11, 23)  # the sample book's day
book = sample_portfolio()
strict = load_policy(Path(__file__).parent / "strict_policy.toml")

comparison = compare(
    book,
    {"default": default_policy(), "strict": strict},
    start=TODAY - timedelta(days=90),
    end=TODAY,
)
print(comparison.table())
