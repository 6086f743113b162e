"""The company's rules as data: policy, scenarios, costs."""

from dunningkit.policy._costs import ChannelCosts, load_costs
from dunningkit.policy._fees import Fee
from dunningkit.policy._policy import Grouping, PhoneOverflow, Policy, default_policy, load_policy
from dunningkit.policy._scenario import CatchUp, CountsFrom, Scenario, Step, default_scenarios

__all__ = [
    "CatchUp",
    "ChannelCosts",
    "CountsFrom",
    "Fee",
    "Grouping",
    "PhoneOverflow",
    "Policy",
    "Scenario",
    "Step",
    "default_policy",
    "default_scenarios",
    "load_costs",
    "load_policy",
]
