"""dunningkit: plan payment reminders (dunning) that a credit manager can explain.

The public API is flat: import everything from ``dunningkit``. Submodules meant
for direct use are :mod:`dunningkit.errors`, :mod:`dunningkit.loaders` and
:mod:`dunningkit.cli`.
"""

from __future__ import annotations

from dunningkit._answers import (
    DisputeAnswer,
    LinkAnswer,
    PaymentSentAnswer,
    PromiseAnswer,
    answer_id,
    apply_answer,
)
from dunningkit._backtest import backtest, compare
from dunningkit._backtest_figures import (
    Backtest,
    DayFigures,
    InvoiceJourney,
    Projection,
    SegmentLoad,
)
from dunningkit._calendar import BusinessCalendar
from dunningkit._channel import CHANNEL_SPECS, Channel, ChannelSpec, Tone, channel_spec
from dunningkit._charges import (
    ChargePeriod,
    LateCharges,
    RateEntry,
    RateTable,
    builtin_rate_table,
    late_charges,
    load_rate_table,
)
from dunningkit._comparison import Comparison
from dunningkit._costs import ChannelCosts, load_costs
from dunningkit._customer import CompanySize, Contact, Customer, CustomerKind, Hold
from dunningkit._explain import Explanation, InvoiceExplanation, explain
from dunningkit._history import DunningEvent, EventOutcome
from dunningkit._invoice import Installment, Invoice, InvoiceKind, InvoiceStatus, StatusChange
from dunningkit._links import (
    LinkClaim,
    LinkFailure,
    LinkPurpose,
    LinkSigner,
    links_for,
    verify,
)
from dunningkit._messages import (
    PLACEHOLDERS,
    Creditor,
    Message,
    Template,
    TemplateSet,
    default_templates,
    load_templates,
    render,
    thank_you,
)
from dunningkit._payment import Payment, PaymentPromise
from dunningkit._plan import Action, Alert, Plan, Reason, Skip, SkipReason, SkipRows, action_key
from dunningkit._planner import next_actions
from dunningkit._policy import Grouping, PhoneOverflow, Policy, default_policy, load_policy
from dunningkit._portfolio import Portfolio, PortfolioBuilder
from dunningkit._profile import PayerProfile, payer_profile, payer_profiles
from dunningkit._response import BookResponse, ResponseModel
from dunningkit._sample import sample_portfolio
from dunningkit._scenario import Scenario, Step, default_scenarios
from dunningkit._segmentation import (
    Classification,
    Classifier,
    Rule,
    RulesClassifier,
    Segment,
    SegmentationSettings,
    classify,
    classify_portfolio,
)
from dunningkit._terms import PaymentTerms, TermsKind
from dunningkit.channels import (
    ChannelSender,
    Delivery,
    DeliveryOutcome,
    InMemorySender,
    dispatch,
)
from dunningkit.errors import (
    DunningkitError,
    InvalidAnswerError,
    InvalidLink,
    InvalidPortfolioError,
    LinkError,
    LoaderError,
    PluginError,
    PolicyError,
    Problem,
    TemplateError,
    UnknownChannelError,
    UnknownRecordError,
)
from dunningkit.loaders import (
    dump_csv,
    dump_json,
    dump_jsonl,
    load_csv,
    load_json,
    load_jsonl,
    load_portfolio,
)

__version__ = "0.1.0.dev0"

__all__ = [
    "CHANNEL_SPECS",
    "PLACEHOLDERS",
    "Action",
    "Alert",
    "Backtest",
    "BookResponse",
    "BusinessCalendar",
    "Channel",
    "ChannelCosts",
    "ChannelSender",
    "ChannelSpec",
    "ChargePeriod",
    "Classification",
    "Classifier",
    "CompanySize",
    "Comparison",
    "Contact",
    "Creditor",
    "Customer",
    "CustomerKind",
    "DayFigures",
    "Delivery",
    "DeliveryOutcome",
    "DisputeAnswer",
    "DunningEvent",
    "DunningkitError",
    "EventOutcome",
    "Explanation",
    "Grouping",
    "Hold",
    "InMemorySender",
    "Installment",
    "InvalidAnswerError",
    "InvalidLink",
    "InvalidPortfolioError",
    "Invoice",
    "InvoiceExplanation",
    "InvoiceJourney",
    "InvoiceKind",
    "InvoiceStatus",
    "LateCharges",
    "LinkAnswer",
    "LinkClaim",
    "LinkError",
    "LinkFailure",
    "LinkPurpose",
    "LinkSigner",
    "LoaderError",
    "Message",
    "PayerProfile",
    "Payment",
    "PaymentPromise",
    "PaymentSentAnswer",
    "PaymentTerms",
    "PhoneOverflow",
    "Plan",
    "PluginError",
    "Policy",
    "PolicyError",
    "Portfolio",
    "PortfolioBuilder",
    "Problem",
    "Projection",
    "PromiseAnswer",
    "RateEntry",
    "RateTable",
    "Reason",
    "ResponseModel",
    "Rule",
    "RulesClassifier",
    "Scenario",
    "Segment",
    "SegmentLoad",
    "SegmentationSettings",
    "Skip",
    "SkipReason",
    "SkipRows",
    "StatusChange",
    "Step",
    "Template",
    "TemplateError",
    "TemplateSet",
    "TermsKind",
    "Tone",
    "UnknownChannelError",
    "UnknownRecordError",
    "__version__",
    "action_key",
    "answer_id",
    "apply_answer",
    "backtest",
    "builtin_rate_table",
    "channel_spec",
    "classify",
    "classify_portfolio",
    "compare",
    "default_policy",
    "default_scenarios",
    "default_templates",
    "dispatch",
    "dump_csv",
    "dump_json",
    "dump_jsonl",
    "explain",
    "late_charges",
    "links_for",
    "load_costs",
    "load_csv",
    "load_json",
    "load_jsonl",
    "load_policy",
    "load_portfolio",
    "load_rate_table",
    "load_templates",
    "next_actions",
    "payer_profile",
    "payer_profiles",
    "render",
    "sample_portfolio",
    "thank_you",
    "verify",
]
