"""Forming circles (acompana_core.circles.form_circles): CPU time and objective against a
random split of the same sizes, for cohorts of 200, 1,000 and 3,000 teachers.

    .venv/bin/python benchmarks/forming_circles.py            # 200, 1000 and 3000
    .venv/bin/python benchmarks/forming_circles.py 500 2000   # other sizes

Teachers are seeded: 8 subjects, 6 grade levels, a school per 20 teachers, 4 career stages
and one of four philosophies with a number. Criteria: group subject (3), grade level (2) and
philosophy (2); balance career stage (2) and school (1); circles of 4 to 6.
"""

import random
import sys
import time

from acompana_core.circles import (
    BALANCE,
    GROUP,
    Criterion,
    Person,
    circle_sizes,
    form_circles,
    objective,
)

PHILOSOPHIES = [
    "evaluación formativa y retroalimentación",
    "aprendizaje basado en proyectos",
    "enseñanza explícita y práctica guiada",
    "aprendizaje cooperativo entre pares",
]
CRITERIA = [
    Criterion("subject", GROUP, 3),
    Criterion("grade_level", GROUP, 2),
    Criterion("career_stage", BALANCE, 2),
    Criterion("school", BALANCE, 1),
    Criterion("philosophy", GROUP, 2),
]


def cohort(n: int) -> list[Person]:
    rng = random.Random(1)
    return [
        Person(
            f"T{k:05d}",
            {
                "subject": rng.choice("ABCDEFGH"),
                "grade_level": rng.choice("123456"),
                "school": f"S{rng.randrange(n // 20 + 1)}",
                "career_stage": rng.choice(["b", "p", "h", "d"]),
                "philosophy": f"{rng.choice(PHILOSOPHIES)} {rng.randrange(50)}",
            },
        )
        for k in range(n)
    ]


def measure(n: int) -> str:
    people = cohort(n)
    started = time.process_time()
    result = form_circles(people, criteria=CRITERIA, min_size=4, max_size=6, seed=0)
    cpu = time.process_time() - started
    ids = [p.id for p in people]
    random.Random(2).shuffle(ids)
    split, start = [], 0
    for size in circle_sizes(n, min_size=4, max_size=6):
        split.append(ids[start : start + size])
        start += size
    return (
        f"| {n} | {len(result.circles)} | {result.passes} | {cpu:.2f} | "
        f"{result.objective:.1f} | {objective(split, people, CRITERIA):.1f} |"
    )


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [200, 1000, 3000]
    print("| Teachers | Circles | Passes | CPU (s) | Objective | Random split |")
    print("|---|---|---|---|---|---|")
    for n in sizes:
        print(measure(n))
