"""Matching mentors to mentees: problem model, solvers, file interface and scoring.

The modules, from the problem to its solution:

* ``problem``: ``Mentor``, ``Mentee``, ``Problem``, ``Result``, ``EdgeTable``, ``validate``;
* ``solvers``: ``solve`` for the ``total``, ``maxmin`` and ``stable`` objectives;
* ``greedy``: a greedy baseline, for comparison only;
* ``fileio``: ``load_problem``, ``dump_result``, ``run_file`` (the JSON file interface);
* ``scoring``: pair scores and explanations from mentor and mentee profiles.

The names below are re-exported for convenience.
"""

from acompana_core.matching.fileio import dump_result, load_problem, run_file
from acompana_core.matching.greedy import greedy
from acompana_core.matching.problem import (
    EdgeTable,
    Mentee,
    Mentor,
    Problem,
    ProblemError,
    Result,
    validate,
)
from acompana_core.matching.solvers import solve

__all__ = [
    "EdgeTable",
    "Mentee",
    "Mentor",
    "Problem",
    "ProblemError",
    "Result",
    "dump_result",
    "greedy",
    "load_problem",
    "run_file",
    "solve",
    "validate",
]
