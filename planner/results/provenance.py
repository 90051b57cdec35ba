"""Result tables of provenance: what was sold, and the traced classes delivered and held."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from models import ModelData, Plan
from models.rules.traced_sites import split_label
from planner.results.columns import names

SALES_COLUMNS = names("SalesPlan")
PROVENANCE_COLUMNS = names("Provenance")


def sales_table(data: ModelData, plan: Plan) -> pd.DataFrame:
    """One row per scenario, sale and period with a sale; revenue at its price."""
    sales = {k.id: k for k in data.sales}
    rows = [[s, t, k, sales[k].material, quantity, sales[k].price, sales[k].price * quantity,
             sales[k].price * quantity * data.discount_factor(t)]
            for (s, k, t), quantity in plan.sales.items() if quantity > 0]
    order = {t: i for i, t in enumerate(data.period_ids)}
    rows.sort(key=lambda r: (r[0], order[r[1]], r[2]))
    return pd.DataFrame(rows, columns=SALES_COLUMNS)


def sale_columns(data: ModelData, plan_table: pd.DataFrame) -> pd.DataFrame:
    """Per sale: t sold and revenue (expected over scenarios), for the copy of the
    Sales input sheet."""
    weights = plan_table.scenario.map(data.probability)
    rows = {}
    for sale in data.sales:
        mine = plan_table.sale == sale.id
        rows[sale.id] = {"sold": float((plan_table.quantity[mine] * weights[mine]).sum()),
                         "revenue": float((plan_table.revenue[mine] * weights[mine]).sum())}
    return pd.DataFrame.from_dict(rows, orient="index")


def history(data: ModelData, marks: str) -> str:
    """A class's history in words: for each traced rule it matches, the stage and
    countries the rule names (r~: within the rule's de-minimis threshold)."""
    if not marks:
        return "matches no traced rule"
    rules = data.rule_by_id
    parts = []
    for mark in marks.split("+"):
        if mark.removesuffix("~") not in rules:  # a traced share rule's tag
            parts.append(_tag_words(mark))
            continue
        rule = rules[mark.removesuffix("~")]
        where = ", ".join(sorted(rule.countries)) if rule.countries else "any country"
        stage = rule.stage or "a stage"
        within = f" (at most {rule.threshold:g} of it)" if mark.endswith("~") else ""
        parts.append(f"{rule.id}: {rule.item or 'its content'}{within} with {stage} in {where}")
    return "; ".join(parts)


def _tag_words(tag: str) -> str:
    """'rule@item/stage=country' in words (none: not through that stage)."""
    key, _, bucket = tag.rpartition("=")
    rule, _, rest = key.rpartition("@")
    item, _, stage = rest.partition("/")
    where = {"none": "not done", "other": "in another country",
             "in": "in a country it names"}.get(bucket, f"in {bucket}")
    return f"{rule}: {item} with {stage} {where}"


def provenance_table(data: ModelData, plan: Plan) -> pd.DataFrame:
    """Per scenario, period, traced material, segment and class: t delivered, and the t
    of the class held at the period's end (on the row without a segment); with sites,
    per site too (the column site only then)."""
    delivered: dict[tuple, float] = defaultdict(float)
    for (s, mat, c, g, t), quantity in plan.served_by_class.items():
        delivered[s, t, mat, g, c] += quantity
    rows = [[s, t, mat, g, *_class(data, c), q, None, split_label(data, c)[0]]
            for (s, t, mat, g, c), q in delivered.items() if q > 0]
    rows += [[s, t, mat, None, *_class(data, c), None, q, split_label(data, c)[0]]
             for (s, mat, c, t), q in plan.held_by_class.items() if q > 0]
    order = {t: i for i, t in enumerate(data.period_ids)}
    rows.sort(key=lambda r: (r[0], order[r[1]], r[2], r[-1] or "", r[3] is None, r[3] or "",
                             r[4]))
    frame = pd.DataFrame(rows, columns=PROVENANCE_COLUMNS)
    return frame if data.sites else frame.drop(columns="site")


def _class(data: ModelData, c: str) -> tuple[str, str]:
    """(class name, its history in words) of a class index (with sites: at a site)."""
    marks = split_label(data, c)[1]
    return marks or "clean", history(data, marks)
