"""The one declaration of the input workbook: every sheet, column and Settings key.

Reading, validation, the template and the workbook reference (docs/workbook.md) are
all generated from the objects below; nothing else restates them.
"""

from __future__ import annotations

from models.input.data import GENERAL
from planner.workbook.declare import Column, Sheet, country, number, period, site, text

STAGES = ("mining", "separation", "metal", "magnet", "scrap")
"""Processing stages a material can belong to (scrap counts in no stage)."""

CHAIN_STAGES = ("mining", "separation", "metal", "magnet")
"""Stages of the processing chain, in order."""

RULE_STAGES = (*CHAIN_STAGES, "owner")
RULE_KINDS = (
    "ban",
    "tariff",
    "licence",
    "max_share",
    "min_share",
    "max_group_share",
    "max_supplier_share",
    "min_suppliers",
    "min_recycled_share",
    "traced_ban",
    "traced_licence",
    "max_suppliers",
)
TRACED_KINDS = ("traced_ban", "traced_licence")
"""Rule kinds matched on the traced history of a lot's content."""
TRACEABLE_SHARE_KINDS = ("max_share", "min_share", "max_group_share")
"""Share rules whose tally may count traced history (Rules.trace)."""
GENERAL_SEGMENT = GENERAL
"""The segment of demand rows without one."""
EVENT_KINDS = ("capacity", "price", "demand", "release")
UNKNOWN_COUNTRY = "UNK"
"""Reserved country id for an unknown origin; always declared."""
DEFAULT_SCENARIO = "base"


WINDOW = (
    period("from_period", "first period it applies (blank = first period of the horizon)"),
    period("to_period", "last period it applies (blank = last period of the horizon)"),
)

TIMING = (
    Column("lead_periods", "integer", "periods from order (a process: its run) to arrival "
           "in stock", default=0, minimum=0),
    Column("qualification_periods", "integer", "periods a qualification of this source "
           "takes before it may deliver (0 = already qualified)", default=0, minimum=0),
    number("qualification_cost", "paid in the period the qualification starts", "currency",
         default=0.0),
)
"""Lead time and qualification of an offer or a process."""

SETTINGS_KEYS: tuple[Column, ...] = (
    text("currency", "currency of every price and cost", default="USD"),
    number(
        "shortfall_cost",
        "default penalty per t of unmet demand (needed when a material with demand has none)",
        "currency/t",
    ),
    number("time_limit_s", "time budget of a run, shared by its main solve and its extra solves",
         "s", default=300.0, minimum=0.0),
    number("mip_gap", "relative optimality gap at which the MILP solve stops", "fraction",
         default=0.001, maximum=1.0),
    Column("threads", "integer", "solver threads (0 = solver default)", default=0, minimum=0),
    number("discount_rate", "yearly discount rate applied to every period's cost", "1/year",
         default=0.0, maximum=1.0),
    text("risk_measure", "objective: expected cost, a mix with CVaR, or the worst "
          "scenario's cost (worst: probabilities play no part)", default="expected",
          allowed=("expected", "cvar", "worst")),
    number("cvar_alpha", "CVaR confidence level", "fraction", default=0.95, maximum=1.0),
    number("cvar_weight", "weight of CVaR against expected cost (λ)", "fraction", default=0.0,
         maximum=1.0),
    period("decision_period",
            "last period whose decisions are common to all scenarios (default: first "
            "period); not used with a scenario tree (Scenarios parent, branch_period)"),
    number("min_supplier_quantity", "t a supplier must deliver to count for min_suppliers", "t",
         default=1.0),
    text("threshold_basis", "what a Rules threshold is a share of: the mass of the rule's "
          "element in the lot, or the lot's value at the purchase prices it was made from",
          default="mass", allowed=("mass", "value")),
    Column("rates_per_year", "bool", "true: capacities (Offers, Processes, Investments, "
           "CapacityGroups, Sales), min_order, min_take, min_run, holding_cost, fixed_cost "
           "and backorder_cost are per year, and a period gets years × the rate (for a "
           "horizon mixing quarters and years); false: per period", default=False),
)

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "Settings",
        "Scalar options as key/value rows; every key is optional.",
        (
            text("key", "name of the option", required=True,
                  allowed=tuple(k.name for k in SETTINGS_KEYS)),
            Column("value", "any", "value of the option (blank = default)"),
        ),
        key=("key",),
    ),
    Sheet(
        "Periods",
        "Planning periods, in order.",
        (
            text("period", "period label, e.g. 2026", required=True),
            number("years", "length of the period", "years", default=1.0, minimum=0.0),
        ),
        key=("period",),
        required=True,
        min_rows=1,
    ),
    Sheet(
        "Countries",
        "Countries that suppliers, processors and upstream stages can be in.",
        (
            text("country", "country id, e.g. CN", required=True),
            text("name", "full name"),
            Column("groups", "tags", "comma-separated tags, e.g. allied, FTA, FEOC"),
        ),
        key=("country",),
        required=True,
    ),
    Sheet(
        "Materials",
        "Materials bought, processed, stocked or demanded.",
        (
            text("material", "material id, e.g. NdPr_oxide", required=True),
            text("stage", "processing stage of the material", required=True, allowed=STAGES),
            text("name", "full name"),
            number("shortfall_cost", "penalty per t of unmet demand (default: Settings)",
                 "currency/t"),
            number("disposal_cost", "cost per t discarded (blank = the material cannot be "
                 "discarded)", "currency/t"),
            number("backorder_cost", "cost per t of demand served late, per period late "
                 "(blank = unmet demand is lost at once)", "currency/t/period"),
            Column("max_backorder_periods", "integer", "most periods demand may wait for a "
                   "backorder (blank = until the end of the horizon)", minimum=1),
        ),
        key=("material",),
        required=True,
        min_rows=1,
    ),
    Sheet(
        "Content",
        "Element content of materials, for stage accounting across materials.",
        (
            text("material", "material", required=True, ref=("Materials",)),
            text("element", "element or element group, e.g. NdPr, Dy", required=True),
            number("fraction", "t of element per t of material", "t/t", required=True,
                 maximum=1.0),
        ),
        key=("material", "element"),
    ),
    Sheet(
        "Suppliers",
        "Sellers and processors; each performs its stage in one country.",
        (
            text("supplier", "supplier id", required=True),
            country("country", "country where the supplier performs its stage", required=True),
            country("owner_country", "country of the supplier's owner (default: country)"),
            text("name", "full name"),
        ),
        key=("supplier",),
        required=True,
    ),
    Sheet(
        "Offers",
        "Purchase options: up to capacity t per period at price.",
        (
            text("offer", "offer id", required=True),
            text("supplier", "supplier selling it", required=True, ref=("Suppliers",)),
            text("material", "material sold", required=True, ref=("Materials",)),
            number("price", "price", "currency/t", required=True),
            number("capacity", "most that can be bought per period", "t/period", required=True),
            *WINDOW,
            number("min_order", "least quantity per period once ordered (makes it a MILP)",
                 "t/period", default=0.0),
            number("contract_cost", "paid once if the offer is used at all (makes it a MILP)",
                 "currency", default=0.0),
            number("min_take", "take-or-pay: t paid for in every period the contract is in "
                 "force, taken or not (makes it a MILP)", "t/period", default=0.0),
            Column("term_periods", "integer", "periods the contract binds from its start, "
                   "then ends (blank = to the end of the window; makes it a MILP)",
                   unit="periods", minimum=1),
            number("order_cost", "fixed cost in every period in which the offer is ordered "
                 "(makes it a MILP)", "currency/period", default=0.0),
            country("mined_in", "country of mining (blank = UNK)", default=UNKNOWN_COUNTRY),
            country("separated_in", "country of separation (blank = UNK)",
                     default=UNKNOWN_COUNTRY),
            country("metal_in", "country of metal making (blank = UNK)",
                     default=UNKNOWN_COUNTRY),
            Column("recycled", "bool", "true for secondary (recycled) material", default=False),
            text("index", "price index the price follows: price × index value in the period "
                  "/ its value in the first period (blank = a fixed price)",
                  ref=("PriceIndex.index",)),
            number("floor", "least indexed price (needs an index)", "currency/t"),
            number("cap", "most indexed price (needs an index)", "currency/t"),
            *TIMING,
        ),
        key=("offer",),
        required=True,
        ordered=(("from_period", "to_period"),),
    ),
    Sheet(
        "Processes",
        "Tolling or own processing at a supplier's site.",
        (
            text("process", "process id", required=True),
            text("supplier", "processor", required=True, ref=("Suppliers",)),
            text("output", "material produced", required=True, ref=("Materials",)),
            number("capacity", "most output per period", "t/period", required=True),
            number("cost", "processing cost per t of output", "currency/t", required=True),
            *WINDOW,
            Column("recycled", "bool", "true when the output is secondary material",
                   default=False),
            number("min_run", "least output in a period once the process runs at all (makes "
                 "it a MILP)", "t/period", default=0.0),
            *TIMING,
        ),
        key=("process",),
        ordered=(("from_period", "to_period"),),
    ),
    Sheet(
        "ProcessInputs",
        "Inputs consumed per t of a process's output (yields are expressed here).",
        (
            text("process", "process", required=True, ref=("Processes",)),
            text("material", "input material", required=True, ref=("Materials",)),
            number("quantity", "t of input per t of output", "t/t", required=True),
        ),
        key=("process", "material"),
    ),
    Sheet(
        "ProcessOutputs",
        "Further outputs (co-products) per t of a process's main output; capacity and "
        "cost stay per t of main output.",
        (
            text("process", "process", required=True, ref=("Processes",)),
            text("material", "co-product material", required=True, ref=("Materials",)),
            number("quantity", "t of co-product per t of main output", "t/t", required=True),
        ),
        key=("process", "material"),
    ),
    Sheet(
        "Demand",
        "Quantities required per material and period.",
        (
            text("material", "material demanded", required=True, ref=("Materials",)),
            period("period", "period", required=True),
            number("quantity", "quantity required", "t", required=True),
            text("segment", "part of demand kept apart, e.g. defence (blank = general)",
                  default=GENERAL_SEGMENT),
            site("site where it is required (blank = the first site of Sites)"),
        ),
        key=("material", "period", "segment", "site"),
        required=True,
    ),
    Sheet(
        "Stockpile",
        "Strategic inventory per material (a material without a row starts at 0, unbounded).",
        (
            text("material", "material stocked", required=True, ref=("Materials",)),
            number("initial", "inventory before the first period", "t", default=0.0),
            number("target", "least closing inventory once the target binds", "t"),
            number("target_days", "least closing inventory as days of that period's demand",
                 "days"),
            number("max", "most closing inventory", "t"),
            number("holding_cost", "cost per t of closing inventory per period",
                 "currency/t/period", default=0.0),
            period("target_from", "first period the target binds (blank = first period)"),
            site("site where it is held (blank = the first site of Sites)"),
        ),
        key=("material", "site"),
    ),
    Sheet(
        "Rules",
        "Sanctions, export controls and diversification rules.",
        (
            text("rule", "rule id", required=True),
            text("kind", "what the rule does", required=True, allowed=RULE_KINDS),
            text("item", "material or element it concerns (blank = every element)",
                  ref=("Materials", "Content.element")),
            text("stage", "stage it looks at (blank = every stage)", allowed=RULE_STAGES),
            country("country", "country it names"),
            text("group", "country group it names", ref=("Countries.groups",)),
            text("supplier", "supplier it names", ref=("Suppliers",)),
            Column("value", "number", "share, factor or count, depending on kind",
                   minimum=0.0),
            *WINDOW,
            text("scenario", "scenario that imposes it (blank = every scenario)",
                  ref=("Scenarios",)),
            number("penalty", "makes the rule soft: cost per t of violation", "currency/t"),
            number("threshold", "traced rules: a lot matches only when its matched content is "
                 "more than this share of it (de-minimis)", "fraction", default=0.0,
                 maximum=1.0),
            Column("trace", "bool", "max_share, min_share, max_group_share: count the traced "
                   "history of what is delivered to demand and added to stock", default=False),
            text("segment", "traced rules: act only on what serves this segment's demand "
                  "(blank = all)", ref=("Demand.segment",)),
            site("act only on what is delivered to this site: bans, tariffs, licences, "
                  "share and count rules; traced rules: on what is used and served there "
                  "(blank = wherever it goes)"),
        ),
        key=("rule",),
        ordered=(("from_period", "to_period"),),
    ),
    Sheet(
        "Investments",
        "Integer capacity units that can be built for a process.",
        (
            text("investment", "investment id", required=True),
            text("process", "process the units add capacity to", required=True,
                  ref=("Processes",)),
            number("capacity", "capacity added per unit", "t/period", required=True),
            number("capex", "cost per unit, paid in the build period", "currency", required=True),
            number("fixed_cost", "cost per built unit per period from the build period on",
                 "currency/period", default=0.0),
            period("earliest_period", "first period a unit may be built"),
            Column("lead_periods", "integer", "periods from build to first capacity",
                   default=0, minimum=0),
            Column("max_units", "integer", "most units that may be built (blank = no limit)",
                   minimum=0),
        ),
        key=("investment",),
    ),
    Sheet(
        "Scenarios",
        "Futures the plan must face (default: one scenario 'base' with probability 1). "
        "With parent and branch_period they form a scenario tree: a scenario with "
        "children is an interior node (not costed; its events and rules hold in every "
        "scenario below it), one without is a leaf, costed with the product of the "
        "probabilities on its path.",
        (
            text("scenario", "scenario id", required=True),
            number("probability", "probability of the scenario (in a tree: conditional on "
                 "its parent)", "fraction", required=True, maximum=1.0),
            text("description", "what happens in it"),
            text("parent", "scenario it branches from (blank = the root of the tree)",
                  ref=("Scenarios",)),
            period("branch_period", "first period in which it differs from its parent "
                    "(blank, for a scenario without parent: the second period)"),
        ),
        key=("scenario",),
    ),
    Sheet(
        "Events",
        "What changes in a scenario: capacity, price, demand factors or a stockpile release.",
        (
            text("scenario", "scenario (blank = every scenario)", ref=("Scenarios",)),
            text("kind", "what changes", required=True, allowed=EVENT_KINDS),
            text("item", "material or element it concerns (blank = all); a price event "
                  "may name a PriceIndex index instead, moving every offer that follows it",
                  ref=("Materials", "Content.element", "PriceIndex.index")),
            text("supplier", "supplier it concerns (blank = all)", ref=("Suppliers",)),
            country("country", "supplier country it concerns (blank = all)"),
            Column("value", "number", "factor (capacity, price, demand) or released t",
                   minimum=0.0),
            *WINDOW,
        ),
        ordered=(("from_period", "to_period"),),
    ),
    Sheet(
        "Sales",
        "Outlets: up to capacity t of a material may be sold per period at price.",
        (
            text("sale", "sale id", required=True),
            text("material", "material sold", required=True, ref=("Materials",)),
            number("price", "price received", "currency/t", required=True),
            number("capacity", "most that can be sold per period", "t/period", required=True),
            *WINDOW,
        ),
        key=("sale",),
        ordered=(("from_period", "to_period"),),
    ),
    Sheet(
        "PriceIndex",
        "Price indices that offers may follow (Offers index); a period without a value "
        "keeps the last earlier one, and the first period needs one.",
        (
            text("index", "index id, e.g. NdPr_oxide_spot", required=True),
            period("period", "period", required=True),
            number("value", "index value (any positive scale: only ratios to the first "
                 "period's value count)", "", required=True),
        ),
        key=("index", "period"),
    ),
    Sheet(
        "CapacityGroups",
        "Capacity shared by several offers and processes: in each period of the window "
        "their volumes together stay within the capacity. One row per member; a group's "
        "rows share one capacity and window (blank repeats the group's other rows).",
        (
            text("group", "group id", required=True),
            text("member", "offer, process or supplier (a supplier: all its offers and "
                  "processes)", required=True, ref=("Offers", "Processes", "Suppliers")),
            number("capacity", "most the members together may buy or make per period",
                 "t/period"),
            *WINDOW,
        ),
        key=("group", "member"),
        ordered=(("from_period", "to_period"),),
    ),
)

SITE_SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "Sites",
        "Places where the buyer receives, holds and uses material (blank = one implicit "
        "site). The first site listed is the default of a blank site column.",
        (
            text("site", "site id, e.g. EU", required=True),
            country("country", "country the site is in", required=True),
            text("name", "full name"),
        ),
        key=("site",),
    ),
    Sheet(
        "Lanes",
        "Transport from a supplier country to a site; where none is declared, delivery "
        "is free and immediate.",
        (
            country("from_country", "supplier country it starts from", required=True),
            text("to_site", "site it delivers to", required=True, ref=("Sites",)),
            number("cost", "transport cost per t delivered", "currency/t", default=0.0),
            Column("lead_periods", "integer", "periods in transit: ordered in t, it "
                   "arrives in t + lead", default=0, minimum=0),
            text("material", "material it carries (blank = every material; a lane for "
                  "the material wins)", ref=("Materials",)),
        ),
        key=("from_country", "to_site", "material"),
    ),
)
SHEETS = (*SHEETS, *SITE_SHEETS)

SHEETS_BY_NAME: dict[str, Sheet] = {sheet.name: sheet for sheet in SHEETS}
SETTINGS_BY_KEY: dict[str, Column] = {col.name: col for col in SETTINGS_KEYS}


def sheet(name: str) -> Sheet:
    """The declared sheet called name."""
    return SHEETS_BY_NAME[name]
