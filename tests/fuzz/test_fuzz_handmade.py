"""One hundred hand-made bad scenarios, each refused with a located error (or stopped as an overflow).

Each case changes the fuzz base scenario in one way an attacker or a careless user might: a value out of
bounds or out of proportion, a wrong type, broken YAML, tags, aliases, deep nesting, control characters,
hostile names, `extends` games. The property is :func:`fuzz.hostile.check`; the expected outcome is
asserted too.
"""

from __future__ import annotations

import pytest

from fuzz.hostile import BASE, check


def swap(old: str, new: str) -> str:
    assert old in BASE, old
    return BASE.replace(old, new, 1)


def add(section: str) -> str:
    return BASE + section


REFUSED = "refused"
CASES: list[tuple[str, str, str]] = [
    # --- YAML itself
    ("empty", "", REFUSED),
    ("only-spaces", "   \n\n", REFUSED),
    ("a-list", "- a\n- b\n", REFUSED),
    ("a-number", "42\n", REFUSED),
    ("two-documents", BASE + "---\nname: other\n", REFUSED),
    ("unclosed-flow", swap("horizon: {start: 2025, end: 2030, discount_rate: 10%}", "horizon: {start: 2025"), REFUSED),
    ("tab-indent", swap("  users:", "\tusers:"), REFUSED),
    ("duplicate-key", swap("  min_cash: $5B", "  min_cash: $5B\n  min_cash: $6B"), REFUSED),
    ("python-tag", add("extra: !!python/object/apply:os.system [echo hi]\n"), REFUSED),
    ("python-name-tag", swap("name: fuzz", "name: !!python/name:os.system"), REFUSED),
    ("str-tag", swap("amount: $1B}", "amount: !!str $1B}"), REFUSED),
    ("local-tag", swap("tax_rate: 21%", "tax_rate: !pct 21"), REFUSED),
    ("binary-tag", add("blob: !!binary aGVsbG8=\n"), REFUSED),
    ("set-tag", add("things: !!set {a, b}\n"), REFUSED),
    ("alias", swap("  min_cash: $5B", "  min_cash: &m $5B\n  tax_rate_copy: *m"), REFUSED),
    ("alias-bomb", "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nname: bomb\n", REFUSED),
    ("merge-key-alias", swap("  lines:\n    - {name: legal, amount: $1B}",
                             "  lines:\n    - &l {name: legal, amount: $1B}\n    - {<<: *l, name: other}"), REFUSED),
    ("deep-flow", add("deep: " + "[" * 400 + "]" * 400 + "\n"), REFUSED),
    ("deep-block", add("deep:\n" + "".join("  " * i + "a:\n" for i in range(1, 60))), REFUSED),
    ("deep-mapping", add("deep: " + "{a: " * 100 + "1" + "}" * 100 + "\n"), REFUSED),
    ("nul-byte", swap("name: fuzz", "name: fu\x00zz"), REFUSED),
    ("c1-control", swap("name: fuzz", "name: fu\x9bzz"), REFUSED),
    ("bom-in-middle", swap("name: fuzz", "name: fu\ufeffzz\n\ufeffx: 1"), REFUSED),
    ("key-is-mapping", add("{a: 1}: 2\n"), REFUSED),
    ("key-is-list", add("[a, b]: 2\n"), REFUSED),
    ("complex-key", add("? [a]\n: 1\n"), REFUSED),
    ("yaml-directive", "%YAML 1.1\n---\n" + BASE + "extra: yes\n", REFUSED),
    ("truncated", BASE[: len(BASE) // 2] + "{", REFUSED),
    # --- names and text
    ("no-name", swap("name: fuzz\n", ""), REFUSED),
    ("name-is-number", swap("name: fuzz", "name: 12"), REFUSED),
    ("name-is-list", swap("name: fuzz", "name: [a, b]"), REFUSED),
    ("stream-name-pattern", swap("{name: subs,", "{name: Subs Plan,"), REFUSED),
    ("stream-name-path", swap("{name: subs,", "{name: ../../etc,"), REFUSED),
    ("site-name-escape", swap("{name: abilene,", '{name: "\\e[2J",'), REFUSED),
    ("unknown-field-escape", add('consumer2:\n  "\\e[31mred": 1\n'), REFUSED),
    ("duplicate-stream", swap("  - {name: licence, type: fixed, amount: $1B}",
                              "  - {name: licence, type: fixed, amount: $1B}\n"
                              "  - {name: licence, type: fixed, amount: 1}"),
     REFUSED),
    ("reserved-stream-name", swap("{name: licence,", "{name: total,"), REFUSED),
    ("unknown-stream-type", swap("type: fixed", "type: fixxed"), REFUSED),
    ("stream-type-missing", swap("{name: licence, type: fixed, amount: $1B}", "{name: licence, amount: $1B}"), REFUSED),
    ("unknown-section", add("consumr: {}\n"), REFUSED),
    ("unknown-field", swap("  flop_per_token: 2e12 FLOP", "  flop_per_tokn: 2e12 FLOP"), REFUSED),
    ("section-is-list", swap("opex:\n", "opex: []\nopex_old:\n"), REFUSED),
    ("extends-missing-file", add("extends: ./nothere.yaml\n"), REFUSED),
    ("extends-unknown-bundled", add("extends: openai-2024\n"), REFUSED),
    ("extends-is-number", add("extends: 5\n"), REFUSED),
    ("extends-absolute", add("extends: /etc/passwd\n"), REFUSED),
    ("extends-folder", add("extends: /\n"), REFUSED),
    # --- horizon
    ("horizon-reversed", swap("start: 2025, end: 2030,", "start: 2030, end: 2025,"), REFUSED),
    ("horizon-huge-end", swap("end: 2030,", "end: 99999,"), REFUSED),
    ("horizon-text", swap("start: 2025,", "start: soon,"), REFUSED),
    ("horizon-float", swap("start: 2025,", "start: 2025.5,"), REFUSED),
    ("discount-above-one", swap("discount_rate: 10%", "discount_rate: 500%"), REFUSED),
    # --- numbers out of bounds
    ("negative-users", swap('start: 800M, ceiling: "2B to 3B"', 'start: -800M, ceiling: "2B to 3B"'), REFUSED),
    ("share-above-one", swap("share_of_payers: 80%", "share_of_payers: 180%"), REFUSED),
    ("tiers-not-summing", swap("share_of_payers: 20%", "share_of_payers: 30%"), REFUSED),
    ("reversed-interval", swap('"8% to 12%"', '"12% to 8%"'), REFUSED),
    ("equal-interval", swap('"8% to 12%"', '"8% to 8%"'), REFUSED),
    ("nan-text", swap("min_cash: $5B", "min_cash: .nan"), REFUSED),
    ("inf-text", swap("min_cash: $5B", "min_cash: .inf"), REFUSED),
    ("overflowing-literal", swap("min_cash: $5B", "min_cash: 1e999"), REFUSED),
    ("huge-whole-number", swap("amount: $1B}", "amount: " + "9" * 400 + "}"), REFUSED),
    ("wrong-dimension", swap("capex_per_gw: \"$40B/GW to $60B/GW\"", "capex_per_gw: 45 USD/MWh"), REFUSED),
    ("unknown-unit", swap("flop_per_token: 2e12 FLOP", "flop_per_token: 2e12 bananas"), REFUSED),
    ("percent-for-money", swap("min_cash: $5B", "min_cash: 5%"), REFUSED),
    ("flops-per-watt-zero", swap("flops_per_watt_effective: {start: 1e11,", "flops_per_watt_effective: {start: 0,"),
     REFUSED),
    ("flops-per-watt-negative-interval", swap('flops_per_watt_effective: {start: 1e11, growth: "20% to 50%"}',
                                              'flops_per_watt_effective: "-1e11 to 1e11"'), REFUSED),
    ("contract-price-zero", swap("years: 5, price_per_gw_year: $12B", "years: 5, price_per_gw_year: 0"), REFUSED),
    ("contract-price-may-be-zero", swap("years: 5, price_per_gw_year: $12B",
                                        'years: 5, price_per_gw_year: {uniform: {low: 0, high: 1e10}}'), REFUSED),
    ("contract-years-zero", swap("years: 5, price", "years: 0, price"), REFUSED),
    ("contract-two-forms", swap("total_value: $60B, start_year", "capacity_gw: 1, total_value: $60B, start_year"),
     REFUSED),
    ("growth-below-minus-one", swap('growth: "30% to 80%"', "growth: -150%"), REFUSED),
    ("logistic-start-above-ceiling", swap('start: 800M, ceiling: "2B to 3B"', "start: 5B, ceiling: 1B"), REFUSED),
    ("anchor-outside-horizon", swap("{2025: 5%, 2030:", "{2025: 5%, 2050:"), REFUSED),
    ("anchor-year-text", swap("{2025: 5%, 2030:", "{2025: 5%, soon:"), REFUSED),
    ("unknown-distribution", swap("min_cash: $5B", "min_cash: {gamma: {k: 2}}"), REFUSED),
    ("beta-negative", swap("tax_rate: 21%", "tax_rate: {beta: {a: -1, b: 2}}"), REFUSED),
    ("normal-negative-sd", swap("min_cash: $5B", "min_cash: {normal: {mean: 5e9, sd: -1}}"), REFUSED),
    ("pert-out-of-order", swap("min_cash: $5B", "min_cash: {pert: {min: 9, mode: 1, max: 5}}"), REFUSED),
    ("choice-empty", swap("min_cash: $5B", "min_cash: {choice: {values: []}}"), REFUSED),
    ("choice-weights-negative", swap("min_cash: $5B", "min_cash: {choice: {values: [1, 2], weights: [-1, 2]}}"),
     REFUSED),
    ("lognormal-sigma-negative", swap("min_cash: $5B", "min_cash: {lognormal: {mu: 20, sigma: -1}}"), REFUSED),
    ("empty-mapping-value", swap("min_cash: $5B", "min_cash: {}"), REFUSED),
    ("list-value", swap("min_cash: $5B", "min_cash: [1, 2]"), REFUSED),
    ("boolean-value", swap("min_cash: $5B", "min_cash: true"), REFUSED),
    ("launch-year-outside", swap("launch_year: 2027", "launch_year: 2090"), REFUSED),
    ("tenor-zero", swap("tenor_years: 5", "tenor_years: 0"), REFUSED),
    ("financing-type", swap("type: equity", "type: gift"), REFUSED),
    ("revenue-share-unknown-stream", swap("streams: [api]", "streams: [apii]"), REFUSED),
    # --- correlations
    ("correlation-unknown-path", swap("consumer.paying_share.2030], rank", "consumer.paying_shares.2030], rank"),
     REFUSED),
    ("correlation-rank-above-one", swap("rank: 0.4", "rank: 1.5"), REFUSED),
    ("correlation-with-itself", swap("between: [consumer.users.ceiling, consumer.paying_share.2030]",
                                     "between: [consumer.users.ceiling, consumer.users.ceiling]"), REFUSED),
    ("correlation-impossible", add("  - {between: [consumer.users.ceiling, opex.headcount.2030], rank: 0.95}\n"
                                   "  - {between: [consumer.paying_share.2030, opex.headcount.2030], rank: -0.95}\n"),
     REFUSED),
    # --- in bounds, out of proportion: the run stops with an overflow error
    ("capacity-1e308", swap("capacity_gw: {2025: 0.2, 2026: 1.2}", "capacity_gw: 1e308"), REFUSED),
    ("headcount-growth-1e300", swap('headcount: {2025: 3000, 2030: "6000 to 9000"}',
                                    "headcount: {start: 3000, growth: 1e300}"), REFUSED),
    ("price-sigma-1e6", swap("price: 200 USD/month", "price: {lognormal: {mu: 3, sigma: 1e6}}"), REFUSED),
    ("tokens-1e300", swap("tokens: {start: 1e15, growth: \"30% to 80%\"}", "tokens: 1e300"), REFUSED),
    ("flop-per-token-1e300", swap("flop_per_token: 2e12 FLOP", "flop_per_token: 1e300 FLOP"), REFUSED),
    ("market-1e308", swap("market: $600B", "market: 1.7e308"), REFUSED),
    ("debt-amount-1e308", swap("amount: $10B, rate: 8%", "amount: 1e308, rate: 8%"), REFUSED),
    ("seats-times-price", swap("seats: {2025: 1M, 2030: 5M}, seat_price: 30 USD/month",
                               "seats: 1e200, seat_price: 1e200"), REFUSED),
    # --- extreme but fine: these run, with finite outputs
    ("tiny-values", swap("capacity_gw: {2025: 0.2, 2026: 1.2}", "capacity_gw: 1e-300"), "ran"),
    ("zero-everything", swap("market: $600B", "market: 0"), "ran"),
]


def test_one_hundred_cases() -> None:
    assert len(CASES) >= 100 and len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hand_made_scenario(text: str, expected: str) -> None:
    assert check(text) == expected


def test_the_property_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    """A foreign exception, an error without a place and a non-finite output each fail :func:`check`."""
    import numpy as np

    import gigawatt
    from gigawatt.scenario.errors import ScenarioError

    real_simulate = gigawatt.simulate

    def foreign(*args: object, **kwargs: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(gigawatt, "simulate", foreign)
    with pytest.raises(AssertionError, match="foreign KeyError"):
        check(BASE)

    def nowhere(*args: object, **kwargs: object) -> None:
        raise ScenarioError.one("something is wrong")

    monkeypatch.setattr(gigawatt, "simulate", nowhere)
    with pytest.raises(AssertionError, match="without a place"):
        check(BASE)

    def poisoned(*args: object, **kwargs: object) -> object:
        result = real_simulate(*args, **kwargs)
        poisoned_values = result.series["revenue_total"].copy()
        poisoned_values[0, 0] = np.nan
        result.series["revenue_total"] = poisoned_values
        return result

    monkeypatch.setattr(gigawatt, "simulate", poisoned)
    with pytest.raises(AssertionError, match="non-finite revenue_total accepted"):
        check(BASE)
