"""Counts and shares are both plain numbers to the unit check; a formula may not mix them up."""

from __future__ import annotations

import pytest
from toy_scenarios import TOY, with_paying_share

from gigawatt.scenario import loader
from gigawatt.scenario.errors import ScenarioError

USERS = 'users: {logistic: {start: 800M, ceiling: "2B to 3B", midpoint_year: 2028}}'


def test_a_count_is_not_a_share() -> None:
    with pytest.raises(ScenarioError, match=r"consumer.paying_share: = users_consumer: the formula gives a count "
                                            r"where a share \(fraction\) is expected"):
        loader.loads(with_paying_share("= users_consumer"))


def test_a_count_and_a_share_do_not_add() -> None:
    with pytest.raises(ScenarioError, match=r"'\+' at column 10 mixes a count and a share"):
        loader.loads(with_paying_share("= payers + paying_share_of_users"))
    with pytest.raises(ScenarioError, match=r"max\(\) mixes a count and a share"):
        loader.loads(with_paying_share("= max(users_consumer, paying_share_of_users) / users_consumer"))


def test_counts_over_counts_are_shares_and_constants_take_either_side() -> None:
    loader.loads(with_paying_share("= payers / users_consumer"))
    loader.loads(with_paying_share("= min(2% * 56%, 1)"))
    loader.loads(with_paying_share("= where(users_consumer > 1B, 6%, 4%)"))  # a count compared with a count constant
    assert USERS in TOY
    loader.loads(TOY.replace(USERS, 'users: "= 2B * (1 + consumer.paying_share)"'))  # a count by a constant
    with pytest.raises(ScenarioError, match=r"consumer.users: .*gives a share where a count \(count\) is expected"):
        loader.loads(TOY.replace(USERS, 'users: "= consumer.paying_share"'))
