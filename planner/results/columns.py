"""The one declaration of the result sheets: their columns, units and the Summary keys.

Units use the schema's words (`t`, `currency/t`, `fraction`, ...); `currency` is
replaced by the Settings currency when a header or a label is written. Number
formats (planner.results.formats), headers with units, the Summary's unit and label
columns and the console summary all derive from what is declared here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ResultColumn:
    """One column of a result sheet; unit "" for text, ids and flags."""

    name: str
    unit: str = ""


def _cols(*spec: str | tuple[str, str]) -> tuple[ResultColumn, ...]:
    return tuple(ResultColumn(s) if isinstance(s, str) else ResultColumn(*s) for s in spec)


T, MONEY, PER_T, SHARE, COUNT = "t", "currency", "currency/t", "fraction", "count"

RESULT_COLUMNS: dict[str, tuple[ResultColumn, ...]] = {
    "Purchases": _cols("scenario", "period", "offer", "supplier", "country", "material",
                       ("quantity", T), ("price", PER_T), ("cost", MONEY),
                       ("discounted_cost", MONEY), "contract", "order",
                       ("take_or_pay_shortfall", T), ("take_or_pay_cost", MONEY),
                       "site", "lane", "arrival", ("transport_cost", MONEY)),
    "Contracts": _cols("scenario", "offer", "supplier", "signed", "first_use", "term_end",
                       ("committed", T), ("taken", T), ("paid_not_taken", T),
                       ("take_or_pay_cost", MONEY)),
    "Processing": _cols("scenario", "period", "process", "supplier", "country", "output",
                        ("quantity", T), ("cost", MONEY), ("discounted_cost", MONEY),
                        "arrival", "site"),
    "Inventory": _cols("scenario", "period", "material", ("opening", T), ("acquired", T),
                       ("consumed", T), ("demand", T), ("served", T), ("shortfall", T),
                       ("closing", T), ("target", T), ("backlog", T), "site"),
    "Qualification": _cols("scenario", "source", "type", "started", "finished",
                           "delivers_from", ("cost", MONEY), ("discounted_cost", MONEY)),
    "InvestmentPlan": _cols("scenario", "investment", "process", "period", ("units", COUNT),
                            ("capacity_added", "t/period"), "available_from", ("capex", MONEY),
                            ("discounted_capex", MONEY)),
    "Shares": _cols("scenario", "period", "element", "stage", "country", ("tally", T),
                    ("share", SHARE), "traced", "rule", "site"),
    "RuleReport": _cols("rule", "kind", "scenario", "period", "binding", ("violation", T),
                        ("marginal_cost", PER_T), "marginal_cost_from", ("volume", T),
                        ("removed", COUNT)),
    "RuleCosts": _cols("rule", "kind", "status", ("objective_without", MONEY),
                       ("cost_of_rule", MONEY)),
    "Excluded": _cols("offer_or_process", "type", "rule", "scenario", "periods", "reason"),
    "GroupUse": _cols("scenario", "period", "group", ("used", T), ("capacity", "t/period"),
                      "binding"),
    "SalesPlan": _cols("scenario", "period", "sale", "material", ("quantity", T), ("price", PER_T),
                       ("revenue", MONEY), ("discounted_revenue", MONEY)),
    "Provenance": _cols("scenario", "period", "material", "segment", "class", "history",
                        ("delivered", T), ("held", T), "site"),
    "ScenarioCosts": _cols("scenario", ("probability", SHARE), ("cost", MONEY),
                           ("shortfall_t", T)),
    "NodeDecisions": _cols("node", "period", "scenarios", ("probability", SHARE), "decision",
                           "id", "quantity"),
    "Stress": _cols(("iteration", COUNT), ("lower_bound", MONEY), ("upper_bound", MONEY),
                    ("gap", SHARE), "ban_set", ("ban_set_cost", MONEY),
                    ("search_value", MONEY), ("seconds", "s")),
    "StressBans": _cols(("rank", COUNT), "ban_set", "countries", ("bans", COUNT),
                        ("cost", MONEY), ("cost_added", MONEY), "source", "worst"),
}
"""Result sheet -> its columns in order (ScenarioCosts adds one cost_<term> per term;
Purchases has its take_or_pay columns only when some offer has a min_take)."""

ANNOTATION_COLUMNS: dict[str, tuple[ResultColumn, ...]] = {
    "Investments": _cols("units_built", "built_in", ("capacity_added", "t/period"),
                         ("capex_spent", MONEY)),
    "Scenarios": _cols(("path_probability", SHARE), "role", "leaves_below", ("depth", COUNT),
                       ("cost", MONEY), ("shortfall_t", T)),
}
"""Result columns appended to the copy of an input sheet (expected over scenarios)."""

PREFIX_UNITS = (("cost_", MONEY), ("seconds_", "s"))
"""Columns and Summary keys named by a prefix: cost_<term> is money, seconds_<phase>
(planner solve --profile) seconds."""


def names(sheet: str) -> list[str]:
    """Column names of a result sheet, in order."""
    return [c.name for c in RESULT_COLUMNS[sheet]]


def column_unit(sheet: str, column: str) -> str:
    """Declared unit of a result column ("" when it has none or is not declared)."""
    for col in RESULT_COLUMNS.get(sheet, ()):
        if col.name == column:
            return col.unit
    return next((unit for prefix, unit in PREFIX_UNITS if column.startswith(prefix)), "")


@dataclass(frozen=True)
class SummaryKey:
    """One row of the Summary sheet: its unit and a plain-language label.

    The label may name other Summary keys in braces, e.g. {cvar_alpha:.0%}.
    """

    key: str
    label: str
    unit: str = ""


SUMMARY_KEYS: tuple[SummaryKey, ...] = (
    SummaryKey("status", "status"),
    SummaryKey("objective", "objective (the figure the solver minimised)", MONEY),
    SummaryKey("total_cost", "total cost (discounted)", MONEY),
    SummaryKey("cost_purchase", "purchases", MONEY),
    SummaryKey("cost_processing", "processing and tolling", MONEY),
    SummaryKey("cost_holding", "holding stock", MONEY),
    SummaryKey("cost_shortfall", "penalty for unmet demand", MONEY),
    SummaryKey("cost_penalty", "penalties for breaking soft rules", MONEY),
    SummaryKey("cost_contract", "contracts signed", MONEY),
    SummaryKey("cost_capex", "investment (capex)", MONEY),
    SummaryKey("cost_fixed", "fixed costs of built capacity", MONEY),
    SummaryKey("cost_disposal", "disposal of material", MONEY),
    SummaryKey("cost_sales", "sales (revenue, negative)", MONEY),
    SummaryKey("cost_take_or_pay", "take-or-pay volume paid for but not taken", MONEY),
    SummaryKey("cost_ordering", "fixed costs of orders placed", MONEY),
    SummaryKey("cost_qualification", "qualification of new sources", MONEY),
    SummaryKey("cost_backorder", "demand served late (backorders)", MONEY),
    SummaryKey("cost_transport", "transport to sites", MONEY),
    SummaryKey("shortfall_t", "unmet demand (expected)", T),
    SummaryKey("expected_cost", "expected cost over the scenarios", MONEY),
    SummaryKey("cvar", "CVaR {cvar_alpha:.0%} (mean cost of the worst {cvar_tail:.0%})", MONEY),
    SummaryKey("wait_and_see", "wait and see (each scenario foreseen)", MONEY),
    SummaryKey("evpi", "EVPI (value of knowing the future)", MONEY),
    SummaryKey("eev", "EEV (cost of planning for the average)", MONEY),
    SummaryKey("vss", "VSS (value of planning for the scenarios)", MONEY),
    SummaryKey("information_note", "EVPI and VSS against the MIP gap"),
    SummaryKey("cvar_alpha", "CVaR confidence level", SHARE),
    SummaryKey("worst_cost", "cost of the worst scenario", MONEY),
    SummaryKey("risk_measure", "risk measure of the objective"),
    SummaryKey("second_pass", "second pass (each scenario's own best recourse)"),
    SummaryKey("second_pass_saving", "scenario costs the second pass saved", MONEY),
    SummaryKey("stress_worst_ban_set", "worst ban set"),
    SummaryKey("stress_worst_cost", "cost of the plan under the worst ban set", MONEY),
    SummaryKey("stress_lower_bound", "lower bound of the worst case", MONEY),
    SummaryKey("stress_gap", "gap between the bounds", SHARE),
    SummaryKey("stress_iterations", "iterations of the search", COUNT),
    SummaryKey("stress_combinations", "ban sets of at most K countries", COUNT),
    SummaryKey("stress_proof", "what is proven"),
    SummaryKey("stress_max_bans", "most bans at once (K)", COUNT),
    SummaryKey("stress_countries", "countries that may be banned"),
    SummaryKey("stress_stage", "stage the bans look at"),
    SummaryKey("stress_item", "item banned"),
    SummaryKey("stress_from", "first period of the bans"),
    SummaryKey("stress_scenario", "workbook scenario the bans are added to"),
    SummaryKey("stress_seconds", "time of the stress search", "s"),
    SummaryKey("model_type", "model type"),
    SummaryKey("mip_gap", "gap to best bound", SHARE),
    SummaryKey("best_bound", "best bound (no plan can cost less)", MONEY),
    SummaryKey("marginal_costs", "marginal costs come from"),
    SummaryKey("solve_seconds", "solve time", "s"),
    SummaryKey("scenarios", "scenarios", COUNT),
    SummaryKey("decision_period", "last period decided for every scenario alike"),
    SummaryKey("scenario_tree", "scenario tree"),
    SummaryKey("periods", "periods", COUNT),
    SummaryKey("variables", "variables", COUNT),
    SummaryKey("integer_variables", "integer variables", COUNT),
    SummaryKey("constraints", "constraints", COUNT),
    SummaryKey("traced_classes", "origin classes of traced materials"),
    SummaryKey("currency", "currency"),
    SummaryKey("input_file", "input workbook"),
    SummaryKey("input_sha256", "SHA-256 of the input workbook"),
    SummaryKey("planner_version", "planner version"),
    SummaryKey("solver", "solver (termination)"),
    SummaryKey("run_timestamp", "solved at", "UTC"),
    # planner solve --profile (planner/results/profile.py)
    SummaryKey("seconds_read", "reading the workbook", "s"),
    SummaryKey("seconds_validate", "checking the workbook", "s"),
    SummaryKey("seconds_build", "building the model", "s"),
    SummaryKey("seconds_hand_over", "handing the model to HiGHS", "s"),
    SummaryKey("seconds_highs", "HiGHS's own run", "s"),
    SummaryKey("seconds_duals", "marginal costs (duals)", "s"),
    SummaryKey("seconds_second_pass", "second pass (each scenario's own best recourse)", "s"),
    SummaryKey("seconds_extraction", "result tables", "s"),
    SummaryKey("seconds_studies", "scenario and rule-cost solves", "s"),
    SummaryKey("columns", "columns handed to HiGHS", COUNT),
    SummaryKey("rows", "rows handed to HiGHS", COUNT),
    SummaryKey("nonzeros", "nonzeros handed to HiGHS", COUNT),
    SummaryKey("peak_memory_mb", "peak memory", "MB"),
)
SUMMARY_BY_KEY: dict[str, SummaryKey] = {k.key: k for k in SUMMARY_KEYS}

COST_TERMS = tuple(k.key for k in SUMMARY_KEYS if k.key.startswith("cost_"))
"""Cost components, in the order they are shown."""


def summary_unit(key: str) -> str:
    found = SUMMARY_BY_KEY.get(key)
    if found is not None:
        return found.unit
    return next((unit for prefix, unit in PREFIX_UNITS if key.startswith(prefix)), "")


def summary_label(key: str, summary: dict[str, object]) -> str:
    """The plain-language label of a Summary key, its fields filled from summary."""
    found = SUMMARY_BY_KEY.get(key)
    if found is None:
        return key.removeprefix("cost_").replace("_", " ")
    alpha = summary.get("cvar_alpha")
    fields = dict(summary)
    if isinstance(alpha, float):
        fields["cvar_tail"] = 1 - alpha
    try:
        return found.label.format(**fields)
    except (KeyError, ValueError, TypeError):
        return found.label.split(" {")[0].split("{")[0].strip() or key
