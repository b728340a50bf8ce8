"""Revenue shares owed to partners, operating expenses, EBITDA and operating income."""

from __future__ import annotations

from .helpers import close, row, run

B = 1e9


def test_revenue_share_until_a_year_and_opex_lines() -> None:
    result = run("""
name: opex
horizon: {start: 2025, end: 2029}
streams:
  - {name: deal, type: fixed, amount: $1B}
  - {name: ads, type: market_share, market: $10B, share: 20%}
opex:
  headcount: {2025: 1000, 2029: 5000, interpolate: linear}
  cost_per_head: $500K
  sales_marketing_share: 10%
  general_admin: $100M
  stock_compensation: $100M
  lines:
    - {name: research_data, amount: $200M}
    - {name: rsu_extra, amount: $300M, cash: false}
  revenue_shares:
    - {name: cloud_partner, share: 20%, until_year: 2027, streams: [deal]}
    - {name: everyone, share: 5%}
""")
    revenue = 3 * B
    close(row(result, "revenue_total"), [revenue] * 5)
    shares = [0.2 * B + 0.05 * revenue] * 3 + [0.05 * revenue] * 2
    close(row(result, "revenue_share_cost"), shares)
    close(row(result, "cost_of_revenue"), shares)
    staff = [h * 500e3 for h in (1000, 2000, 3000, 4000, 5000)]
    close(row(result, "staff_cost"), staff)
    close(row(result, "sales_marketing"), [0.1 * revenue] * 5)
    close(row(result, "general_admin"), [0.1 * B] * 5)
    close(row(result, "other_opex"), [0.2 * B] * 5)
    close(row(result, "stock_compensation"), [0.4 * B] * 5)
    opex_cash = [st + 0.3 * B + 0.1 * B + 0.2 * B for st in staff]
    close(row(result, "opex_cash"), opex_cash)
    ebitda = [revenue - sh - op for sh, op in zip(shares, opex_cash, strict=True)]
    close(row(result, "ebitda"), ebitda)
    close(row(result, "operating_income"), [e - 0.4 * B for e in ebitda])
    # stock compensation is not cash: free cash flow is EBITDA (no capex, taxes, interest)
    close(row(result, "free_cash_flow"), ebitda)
