"""A second, deliberately naive scorer written straight from ANNOTATION.md §3.

It is a test oracle for `extractor.scoring`: it shares no code with it, reads
plain JSON dicts (gold files and ArticleResult dumps), uses floats, and finds
one-to-one alignments by brute-force enumeration instead of the Hungarian
algorithm. Where §3 is silent it follows the conventions that the library
documents (0/0 figures, value_max, buyers set equality, tie-breaking of deal
pairs), so the two must agree on every headline figure.
"""

from __future__ import annotations

import functools
import unicodedata

SUFFIXES = [
    "S.A.", "S.L.", "Inc.", "Corp.", "Ltd.", "LLC", "SE", "AG", "plc",
    "S.A.B. de C.V.", "S.A. de C.V.", "S.A.P.I. de C.V.", "S.A.A.", "S.A.C.", "S.A.S.",
    "Ltda.", "N.V.", "B.V.", "GmbH", "S.p.A.", "Co.",
]  # fmt: skip
ATTRS = ["amount", "stake", "valuation", "date", "status", "seller", "buyers"]
TYPES = ["investment", "acquisition", "stake", "merger", "contract"]


def words(name):
    name = unicodedata.normalize("NFKD", name.lower())
    name = "".join(c for c in name if not unicodedata.combining(c))
    return "".join(c if c.isalnum() else " " for c in name).split()


SUFFIX_STRINGS = {"".join(words(s)) for s in SUFFIXES}


@functools.cache
def norm(name):
    w = words(name)
    changed = True
    while changed:
        changed = False
        # try the longest tail first, keep at least one word
        for k in range(len(w) - 1, 0, -1):
            if "".join(w[len(w) - k :]) in SUFFIX_STRINGS:
                w = w[: len(w) - k]
                changed = True
                break
    return "".join(w)


def forms(company):
    out = {norm(company["name"])}
    for a in company.get("aliases", []):
        out.add(norm(a))
    out.discard("")
    return out


def name_match(pred_name, gold_name, gold_companies, pred_companies):
    p = norm(pred_name)
    g = norm(gold_name)
    if not p or not g:
        return False
    p_side = {p}
    for c in pred_companies:
        if p in forms(c):
            p_side |= forms(c)
    g_side = {g}
    for c in gold_companies:
        if g in forms(c):
            g_side |= forms(c)
    return bool(p_side & g_side)


def close(gold_value, pred_value):
    if gold_value == 0:
        return pred_value == 0
    return abs(pred_value - gold_value) <= 0.005 * abs(gold_value)


def close_max(g, p):
    if g is None and p is None:
        return True
    if g is None or p is None:
        return False
    return close(g, p)


def same_amount(g, p):
    return (
        g.get("currency") == p.get("currency")
        and close(g["value"], p["value"])
        and close_max(g.get("value_max"), p.get("value_max"))
    )


def same_percentage(g, p):
    return abs(g["value"] - p["value"]) < 1e-6


def same_date(g, p):
    return g["value"] == p["value"]


def max_pairs(n_gold, n_pred, ok):
    """Size of the largest one-to-one matching, by exhaustive search."""

    @functools.cache
    def best(i, used):
        if i == n_gold:
            return 0
        result = best(i + 1, used)  # gold i left unmatched
        for j in range(n_pred):
            if not used & (1 << j) and ok(i, j):
                result = max(result, 1 + best(i + 1, used | (1 << j)))
        return result

    return best(0, 0)


def all_matchings(n_gold, n_pred, ok):
    """Every one-to-one matching, as a tuple: gold i -> pred index or None."""

    def rec(i, used):
        if i == n_gold:
            yield ()
            return
        for rest in rec(i + 1, used):
            yield (None, *rest)
        for j in range(n_pred):
            if j not in used and ok(i, j):
                for rest in rec(i + 1, used | {j}):
                    yield (j, *rest)

    yield from rec(0, frozenset())


def money_ok(g, p):
    if g is None or p is None:
        return g is None and p is None
    return (
        g.get("currency") == p.get("currency")
        and g.get("qualifier", "exact") == p.get("qualifier", "exact")
        and close(g["value"], p["value"])
        and close_max(g.get("value_max"), p.get("value_max"))
    )


def score_pair(gd, pd, gc, pc):
    def m(a, b):
        return name_match(a, b, gc, pc)

    seller_ok = (gd["seller"] is None and pd["seller"] is None) or (
        gd["seller"] is not None and pd["seller"] is not None and m(pd["seller"], gd["seller"])
    )
    stake_ok = (gd["stake"] is None and pd["stake"] is None) or (
        gd["stake"] is not None
        and pd["stake"] is not None
        and abs(gd["stake"] - pd["stake"]) < 0.01
    )
    buyers_ok = all(any(m(b, a) for b in pd["buyers"]) for a in gd["buyers"]) and all(
        any(m(b, a) for a in gd["buyers"]) for b in pd["buyers"]
    )
    return {
        "amount": money_ok(gd["amount"], pd["amount"]),
        "stake": stake_ok,
        "valuation": money_ok(gd["valuation"], pd["valuation"]),
        "date": gd["date"] == pd["date"],
        "status": gd["status"] == pd["status"],
        "seller": seller_ok,
        "buyers": buyers_ok,
    }


def deals_match(gd, pd, gc, pc):
    if gd["type"] != pd["type"]:
        return False
    if gd["target"] is None or pd["target"] is None:
        if not (gd["target"] is None and pd["target"] is None):
            return False
    elif not name_match(pd["target"], gd["target"], gc, pc):
        return False
    if not gd["buyers"] and not pd["buyers"]:
        return True
    return any(name_match(b, a, gc, pc) for a in gd["buyers"] for b in pd["buyers"])


def pick_deal_matching(gold, pred, gc, pc):
    """The documented preference: required pairs, all pairs, exact pairs, attributes, order."""
    best_key, best = None, None
    for matching in all_matchings(
        len(gold), len(pred), lambda i, j: deals_match(gold[i], pred[j], gc, pc)
    ):
        req = total = exact = agree = 0
        for i, j in enumerate(matching):
            if j is None:
                continue
            total += 1
            if not gold[i]["optional"]:
                req += 1
                checks = score_pair(gold[i], pred[j], gc, pc)
                agree += sum(checks.values())
                exact += all(checks.values())
        order = tuple(-(len(pred) if j is None else j) for j in matching)
        key = (req, total, exact, agree, order)
        if best_key is None or key > best_key:
            best_key, best = key, matching
    return best


def div(a, b, nothing):
    if b == 0:
        return 1.0 if nothing else 0.0
    return a / b


def prf(tp, fp, fn):
    nothing = tp == 0 and fp == 0 and fn == 0
    p = div(tp, tp + fp, nothing)
    r = div(tp, tp + fn, nothing)
    f = div(2 * tp, 2 * tp + fp + fn, nothing)
    return p, r, f


def score_corpus(pairs):
    """pairs: (gold dict, prediction dict). Returns a flat dict of figures."""
    counts = {}

    def add(key, tp, fp, fn):
        old = counts.get(key, (0, 0, 0))
        counts[key] = (old[0] + tp, old[1] + fp, old[2] + fn)

    attr_right = dict.fromkeys(ATTRS, 0)
    exact_total = 0
    type_exact = dict.fromkeys(TYPES, 0)
    for gold, pred in pairs:
        gc, pc = gold["companies"], pred["companies"]
        n = max_pairs(
            len(gc), len(pc), lambda i, j, gc=gc, pc=pc: bool(forms(gc[i]) & forms(pc[j]))
        )
        add("companies", n, len(pc) - n, len(gc) - n)
        for field, same in (
            ("amounts", same_amount),
            ("percentages", same_percentage),
            ("dates", same_date),
        ):
            g, p = gold[field], pred[field]
            n = max_pairs(len(g), len(p), lambda i, j, g=g, p=p, same=same: same(g[i], p[j]))
            add(field, n, len(p) - n, len(g) - n)
            n = max_pairs(
                len(g),
                len(p),
                lambda i, j, g=g, p=p, same=same: same(g[i], p[j]) and g[i]["text"] == p[j]["text"],
            )
            add(field + "_strict", n, len(p) - n, len(g) - n)

        gd, pd = gold["deals"], pred["deals"]
        matching = pick_deal_matching(gd, pd, gc, pc)
        used_preds = {j for j in matching if j is not None}
        for i, j in enumerate(matching):
            t = gd[i]["type"]
            if j is None:
                if not gd[i]["optional"]:
                    add("deals", 0, 0, 1)
                    add("per_type." + t, 0, 0, 1)
                continue
            if gd[i]["optional"]:
                continue  # removed from both sides
            add("deals", 1, 0, 0)
            add("per_type." + t, 1, 0, 0)
            checks = score_pair(gd[i], pd[j], gc, pc)
            for a in ATTRS:
                attr_right[a] += checks[a]
            if all(checks.values()):
                exact_total += 1
                type_exact[t] += 1
        for j in range(len(pd)):
            if j not in used_preds:
                add("deals", 0, 1, 0)
                add("per_type." + pd[j]["type"], 0, 1, 0)

    out = {}
    for key in [
        "companies", "amounts", "percentages", "dates",
        "amounts_strict", "percentages_strict", "dates_strict", "deals",
        *("per_type." + t for t in TYPES),
    ]:  # fmt: skip
        tp, fp, fn = counts.get(key, (0, 0, 0))
        p, r, f = prf(tp, fp, fn)
        out[key + ".precision"], out[key + ".recall"], out[key + ".f1"] = p, r, f
        out[key + ".tp"], out[key + ".fp"], out[key + ".fn"] = tp, fp, fn
    tp, fp, fn = counts.get("deals", (0, 0, 0))
    nothing = tp == fp == fn == 0
    out["exact_deals"] = div(exact_total, tp + fn, nothing)
    for a in ATTRS:
        out["deal_attributes." + a] = div(attr_right[a], tp, nothing)
    for t in TYPES:
        ttp, tfp, tfn = counts.get("per_type." + t, (0, 0, 0))
        out[f"per_type.{t}.exact_deals"] = div(type_exact[t], ttp + tfn, ttp == tfp == tfn == 0)
    return out
