"""The interviewed group beside the designed sample: who they are and which quotas they meet.

The designed sample is what the selection drew; the participants table records who was
actually interviewed. The two can differ (a school interviews someone the design did not
pick, or a designed student is never interviewed), so every claim about "the sample" is made
for the group it is true of. :func:`interviewed_group` maps the participants to the students
table and counts, for the people interviewed, the same minimum quotas the design was drawn
with: levels come from the students and mentors tables, and ages are banded with the design's
own cut-points (a person outside the eligible pool's age range falls in the first or last
band, as the cut-points define it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from replicate.sampling._inputs import BANDED, CATEGORICAL
from replicate.sampling._levels import PoolLevels
from replicate.sampling.outputs import describe_sample
from replicate.sampling.quotas import DYAD

__all__ = ["Interviewed", "interviewed_group"]


@dataclass(frozen=True, eq=False)
class Interviewed:
    """The students of the participants table, set against the designed sample.

    Attributes
    ----------
    n : int
        Distinct students interviewed.
    n_interviews : int
        Rows of the participants table (more than ``n`` with repeat interviews).
    in_design : int
        Students interviewed who are in the designed sample.
    not_in_design : int
        Students interviewed who are not in the designed sample.
    design_not_interviewed : int
        Students of the designed sample who were not interviewed.
    not_eligible : int
        Students interviewed who do not meet the eligibility rules.
    achieved : numpy.ndarray of int
        Per constraint of the design (same order): how many interviewed students count
        towards it.
    sentence : str
        "12 students (5 men and 7 women, aged 25–38)" for the students interviewed (the age
        clause is left out when an age is missing).
    """

    n: int
    n_interviews: int
    in_design: int
    not_in_design: int
    design_not_interviewed: int
    not_eligible: int
    achieved: np.ndarray
    sentence: str

    @property
    def same_as_design(self) -> bool:
        """Whether the students interviewed are exactly the designed sample."""
        return self.not_in_design == 0 and self.design_not_interviewed == 0


def _level(dim: str, rows: pd.DataFrame, pool: PoolLevels) -> np.ndarray:
    """Each row's level of ``dim`` (``None`` where a banded value is missing)."""
    if dim == DYAD:
        return (rows["student_gender"].astype(str) + "-"
                + rows["mentor_gender"].astype(str)).to_numpy(dtype=object)
    if dim in BANDED:
        bands = pool.bands[dim]
        values = rows[BANDED[dim]].to_numpy(dtype=float)
        labels = np.asarray(bands.labels, dtype=object)
        out = np.full(len(values), None, dtype=object)
        known = ~np.isnan(values)
        out[known] = labels[bands.assign(values[known])]
        return out
    return rows[CATEGORICAL[dim]].to_numpy(dtype=object)


def interviewed_group(
    dyads: pd.DataFrame,
    eligible: np.ndarray,
    participant_ids: Sequence[str],
    design_ids: Sequence[str],
    pool: PoolLevels,
) -> Interviewed:
    """Describe the interviewed students and count the design's minimum quotas among them.

    Parameters
    ----------
    dyads : pandas.DataFrame
        Every student joined to their mentor, in file order
        (:func:`~replicate.sampling._inputs.build_dyads`).
    eligible : numpy.ndarray of bool
        Eligibility of each row of ``dyads``.
    participant_ids : sequence of str
        The participants table's ``student_id`` column (repeats allowed; every id is a
        student).
    design_ids : sequence of str
        Student ids of the designed sample.
    pool : PoolLevels
        The eligible pool with the design's bands and constraints.

    Returns
    -------
    Interviewed
    """
    ids = [str(s) for s in dict.fromkeys(str(s) for s in participant_ids)]
    position = pd.Index(dyads["student_id"].astype(str)).get_indexer(pd.Index(ids))
    rows = dyads.iloc[position].reset_index(drop=True)
    designed = {str(s) for s in design_ids}
    in_design = sum(1 for s in ids if s in designed)
    achieved = np.zeros(len(pool.constraints), dtype=np.int64)
    levels: dict[str, np.ndarray] = {}
    for k, con in enumerate(pool.constraints):
        if con.dimension not in levels:
            levels[con.dimension] = _level(con.dimension, rows, pool)
        achieved[k] = int(np.sum(levels[con.dimension] == con.level))
    ages = rows["student_age"].to_numpy(dtype=float)
    genders = rows["student_gender"].astype(str).tolist()
    sentence = describe_sample(genders, None if np.isnan(ages).any() else ages,
                               noun="student")
    return Interviewed(
        n=len(ids), n_interviews=len(participant_ids), in_design=in_design,
        not_in_design=len(ids) - in_design, design_not_interviewed=len(designed) - in_design,
        not_eligible=int((~np.asarray(eligible, dtype=bool)[position]).sum()),
        achieved=achieved, sentence=sentence,
    )
