"""Whether each formula reads only model outputs made before its field is used, checked without running the model.

The model runs its blocks in order, each seeing the outputs of the blocks before it. Two declarations say
what a formula may read: each output declares the block that makes it (``block=`` in
:data:`gigawatt.outputs.CATALOGUE`), and each numeric field the block that reads it first (its component's
:class:`~gigawatt.scenario.components.base.ReadBy`). A formula in a field read by block ``k`` may name the
outputs of the blocks before ``k``; through a formula field it names, the same holds for that field's
formula (it is computed where the first one is). Anything else is a located error that names the chain,
found when the scenario loads (:func:`gigawatt.api.load` calls :func:`check_output_order` with the model's
block order). Tests run the model and hold both declarations to what the blocks really make and read.
"""

from __future__ import annotations

from collections.abc import Sequence

from gigawatt import outputs as catalogue
from gigawatt.scenario.components.base import PLANNER
from gigawatt.scenario.errors import Mark, Problem, ScenarioError
from gigawatt.scenario.formula import Formula
from gigawatt.scenario.paths import Field, numeric_fields
from gigawatt.scenario.schema import Scenario
from gigawatt.scenario.values import formulas_in


def ready_at(reader: str, blocks: Sequence[str]) -> list[str]:
    """The declared outputs that the blocks before ``reader`` make (none for the planner), in catalogue order."""
    if reader not in blocks:
        return []
    before = set(blocks[: blocks.index(reader)])
    return [out.name for out in catalogue.CATALOGUE if out.block in before]


def check_output_order(scenario: Scenario, blocks: Sequence[str]) -> None:
    """Raise :class:`ScenarioError`, located at each formula, for every model output a formula reads that is not
    made by a block before the one that reads its field (``blocks``: the model's block names, in run order).

    Names the loader has already checked (fields exist, outputs are declared, no cycles) are taken as given.
    """
    fields = {item.path: item for item in numeric_fields(scenario)}
    problems: list[Problem] = []
    for item in fields.values():
        for formula in formulas_in(item.value):
            problem = _late(formula, item, fields, blocks, (formula.path or item.path,))
            if problem is not None:
                file, line, column = formula.where
                problems.append(Problem(Mark(file, line, column), formula.path or item.path,
                                        f"{formula.text}: {problem}"))
    if problems:
        raise ScenarioError(problems)


def _late(formula: Formula, used: Field, fields: dict[str, Field], blocks: Sequence[str],
          chain: tuple[str, ...]) -> str | None:
    """What is wrong with ``formula`` computed where ``used`` is read first (None: nothing), ``chain`` the fields
    that lead to it."""
    reader = used.reader
    position = blocks.index(reader) if reader in blocks else -1
    for name in formula.outputs:
        found = catalogue.find(name)
        if found is None:  # the loader has said so already
            continue
        maker = found[0].block
        if maker in blocks and blocks.index(maker) < position:
            continue
        ready = ready_at(reader, blocks)
        if reader == PLANNER:
            why = f"`gigawatt plan` reads {used.path} without running the model, so no output is ready"
        elif maker == reader:
            why = f"the {maker} block makes it, and reads {used.path} before it has made it"
        elif maker in blocks:
            why = f"the {maker} block makes it, after the {reader} block that reads {used.path}"
        else:
            why = f"the {maker} block makes it, which is not a block of this model"
        first = " (it runs first)" if blocks and reader == blocks[0] else ""
        return (f"{' -> '.join((*chain, name))}: {name!r} is not a model output computed before this field is used "
                f"({why}); outputs ready at that point: {', '.join(ready) or 'none' + first}")
    for path in formula.field_paths:
        named = fields.get(path)
        if named is None:
            continue
        for inner in formulas_in(named.value):
            problem = _late(inner, used, fields, blocks, (*chain, inner.path or path))
            if problem is not None:
                return problem
    return None
