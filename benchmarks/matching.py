"""Matching benchmark: solve times, memory and quality on seeded synthetic programs.

    .venv/bin/python benchmarks/matching.py            # every case
    .venv/bin/python benchmarks/matching.py --quick    # small cases only

Each measurement runs in its own process, which reports its wall time and its peak
resident memory (``VmHWM``, loading the instance included). Instances are generated
once, with fixed seeds, and handed to the workers as ``.npz`` files.

Cases: 1,000 x 100 and 10,000 x 1,000 with every pair allowed, 10,000 x 1,000 with 50-200
candidate mentors per mentee, and 100,000 x 10,000 in 25 regions with 100 candidates per
mentee inside its region. Mentor capacities add up to about 5% more than the number of
mentees. Scores mix the mentee's own taste with a mentor's general appeal, so popular
mentors are contested, as in real programs; the greedy baseline shows what optimisation
buys. Also measured: the bare OR-Tools call against the whole ``run_file`` path on the same
input, and scoring 10,000 x 1,000 profiles.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, cast

import numpy as np
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

OBJECTIVES = ("total", "maxmin", "stable", "greedy")
Objective = Literal["total", "maxmin", "stable"]
CAPACITY_MARGIN = 1.0


# --- instances -------------------------------------------------------------------------


def _scores(
    rng: np.random.Generator, ei: NDArray[np.int64], mj: NDArray[np.int64], m: int
) -> NDArray[np.float64]:
    appeal = rng.random(m)
    raw = 0.6 * rng.random(ei.shape[0]) + 0.4 * appeal[mj]
    return np.round(raw, 6)


def _capacities(rng: np.random.Generator, n: int, m: int) -> NDArray[np.int64]:
    mean = CAPACITY_MARGIN * n / m
    return rng.integers(max(0, round(mean * 0.5)), round(mean * 1.5) + 1, size=m)


def _pick(
    rng: np.random.Generator, rows: int, pool: int, counts: NDArray[np.int64]
) -> NDArray[np.int64]:
    """For each row, ``counts[row]`` distinct positions in ``range(pool)``, ascending."""
    chosen = np.argsort(rng.random((rows, pool)), axis=1)[:, : int(counts.max())]
    wanted = np.arange(chosen.shape[1])[None, :] < counts[:, None]
    chosen = np.where(wanted, chosen, pool)
    chosen.sort(axis=1)  # the padding value ``pool`` sorts last
    return chosen[wanted]


def dense(n: int, m: int, seed: int) -> dict[str, NDArray[Any]]:
    """Every mentee may take every mentor."""
    rng = np.random.default_rng(seed)
    ei = np.repeat(np.arange(n), m)
    mj = np.tile(np.arange(m), n)
    return {
        "n": np.array(n),
        "mentee": ei,
        "mentor": mj,
        "score": _scores(rng, ei, mj, m),
        "capacity": _capacities(rng, n, m),
    }


def sparse(n: int, m: int, low: int, high: int, seed: int) -> dict[str, NDArray[Any]]:
    """Each mentee has between ``low`` and ``high`` candidate mentors."""
    rng = np.random.default_rng(seed)
    counts = rng.integers(low, high + 1, size=n)
    mj = np.concatenate(
        [_pick(rng, len(block), m, counts[block]) for block in np.array_split(np.arange(n), 20)]
    )
    ei = np.repeat(np.arange(n), counts)
    return {
        "n": np.array(n),
        "mentee": ei,
        "mentor": mj,
        "score": _scores(rng, ei, mj, m),
        "capacity": _capacities(rng, n, m),
    }


def regional(n: int, m: int, regions: int, per_mentee: int, seed: int) -> dict[str, NDArray[Any]]:
    """Mentees and mentors in regions; candidates are mentors of the mentee's region."""
    rng = np.random.default_rng(seed)
    mentee_region = np.sort(rng.integers(regions, size=n))
    mentor_region = np.sort(rng.integers(regions, size=m))
    pieces = []
    for r in range(regions):
        mentees = np.flatnonzero(mentee_region == r)
        mentors = np.flatnonzero(mentor_region == r)
        k = min(per_mentee, mentors.shape[0])
        for block in np.array_split(mentees, max(1, mentees.shape[0] // 2000)):
            counts = np.full(block.shape[0], k)
            picked = _pick(rng, block.shape[0], mentors.shape[0], counts)
            pieces.append((np.repeat(block, k), mentors[picked]))
    ei = np.concatenate([p[0] for p in pieces])
    mj = np.concatenate([p[1] for p in pieces])
    return {
        "n": np.array(n),
        "mentee": ei,
        "mentor": mj,
        "score": _scores(rng, ei, mj, m),
        "capacity": _capacities(rng, n, m),
    }


CASES: dict[str, tuple[str, Callable[[], dict[str, NDArray[Any]]], bool]] = {
    "1k-dense": ("1,000 x 100, all pairs", lambda: dense(1_000, 100, 1), True),
    "10k-dense": ("10,000 x 1,000, all pairs", lambda: dense(10_000, 1_000, 2), False),
    "10k-sparse": (
        "10,000 x 1,000, 50-200 candidates",
        lambda: sparse(10_000, 1_000, 50, 200, 3),
        True,
    ),
    "100k-regional": (
        "100,000 x 10,000, 25 regions, 100 candidates",
        lambda: regional(100_000, 10_000, 25, 100, 4),
        False,
    ),
}


def load_problem_arrays(path: str, objective: Objective) -> Any:
    from acompana_core.matching import EdgeTable, Mentee, Mentor, Problem

    data = np.load(path)
    n, capacity = int(data["n"]), data["capacity"]
    mentees = [f"M{i}" for i in range(n)]
    mentors = [f"T{j}" for j in range(capacity.shape[0])]
    edges = EdgeTable(mentees, mentors, data["mentee"], data["mentor"], data["score"])
    return Problem(
        objective=objective,
        mentors=[Mentor(t, int(c)) for t, c in zip(mentors, capacity.tolist(), strict=True)],
        mentees=[Mentee(e) for e in mentees],
        edges=edges,
    )


# --- workers (one process per measurement) -------------------------------------------------


def peak_mib() -> float:
    """Peak resident memory of this process.

    ``VmHWM`` belongs to the process image, so unlike ``ru_maxrss`` (which Linux carries
    over from the parent through fork and exec) it counts this worker alone.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def work_solve(path: str, objective: str) -> dict[str, Any]:
    from acompana_core.matching import greedy, solve

    problem = load_problem_arrays(
        path, "total" if objective == "greedy" else cast(Objective, objective)
    )
    start = time.perf_counter()
    result = greedy(problem) if objective == "greedy" else solve(problem)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "matched": result.matched,
        "total": result.total_score,
        "min": result.min_score,
        "peak_mib": peak_mib(),
    }


def work_file(path: str, repeat: int) -> dict[str, Any]:
    from acompana_core.matching.compiled import compile_problem
    from acompana_core.matching.fileio import load_problem, run_file, write_problem
    from acompana_core.matching.flow import min_cost_max_matching

    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "problem.json", Path(tmp) / "result.json"
        write_problem(load_problem_arrays(path, "total"), source)
        # The bare call gets the very numbers the file holds.
        compiled = compile_problem(load_problem(source))
        capacity = compiled.residual_capacity()
        bare, whole, bare_cpu, whole_cpu = [], [], [], []
        for _ in range(repeat):
            start, cpu = time.perf_counter(), time.process_time()
            min_cost_max_matching(
                compiled.n_mentees,
                compiled.edge_mentee,
                compiled.edge_mentor,
                compiled.edge_weight,
                capacity,
            )
            bare.append(time.perf_counter() - start)
            bare_cpu.append(time.process_time() - cpu)
            start, cpu = time.perf_counter(), time.process_time()
            run_file(source, target)
            whole.append(time.perf_counter() - start)
            whole_cpu.append(time.process_time() - cpu)
        size = source.stat().st_size
    return {
        "bare": min(bare),
        "run_file": min(whole),
        "bare_median": float(np.median(bare)),
        "run_file_median": float(np.median(whole)),
        "bare_cpu": min(bare_cpu),
        "run_file_cpu": min(whole_cpu),
        "load": os.getloadavg()[0],
        "megabytes": size / 1e6,
        "peak_mib": peak_mib(),
    }


def _words(text: str) -> list[str]:
    return text.split()


SPANISH = _words(
    """
    aprendizaje colaborativo evaluación formativa liderazgo pedagógico inclusión
    convivencia escolar comunidad familias estudiantes docentes currículo innovación
    reflexión práctica acompañamiento equidad calidad enseñanza lectura escritura
    matemáticas ciencias proyectos bienestar socioemocional datos mejora continua
    retroalimentación observación aula confianza respeto diálogo participación
    diversidad cultura desarrollo profesional planificación metas resultados crecimiento
    autonomía motivación disciplina positiva creo que el la los las de del en con para
    por un una es son como más nuestro nuestra cada todos todas escuela niños niñas
    maestros trabajo equipo territorio rural interculturalidad lengua materna juego
    exploración gestión recursos normativa supervisión orientación tutoría jornada
    extendida alimentación infraestructura evaluaciones estandarizadas aprendizajes
    esperados competencias ciudadanas
"""
)
ENGLISH = _words(
    """
    collaborative learning formative assessment instructional leadership inclusion
    school climate community families students teachers curriculum innovation reflective
    practice coaching equity quality teaching reading writing mathematics science
    projects wellbeing social emotional data continuous improvement feedback classroom
    observation trust respect dialogue participation diversity culture professional
    development planning goals results growth autonomy motivation positive discipline i
    believe that the of in with for by a an is are as more our each all every children
    educators teamwork rural intercultural mother tongue play exploration management
    resources policy supervision guidance tutoring extended day nutrition infrastructure
    standardized tests outcomes citizenship skills
"""
)


def profiles(n: int, m: int, seed: int) -> tuple[list[Any], list[Any], Any]:
    from acompana_core.matching.scoring import (
        MODALITIES,
        POSITIONS,
        Criteria,
        MenteeProfile,
        MentorProfile,
    )

    rng = np.random.default_rng(seed)
    competencies = [f"C{k:02d}" for k in range(30)]
    languages = ["es", "en", "qu", "ay", "pt"]
    levels = ["preschool", "primary", "secondary", "adult"]

    def text() -> str:
        words = SPANISH if rng.random() < 0.65 else ENGLISH
        weights = 1 / np.arange(1, len(words) + 1) ** 0.6
        chosen = rng.choice(len(words), size=int(rng.integers(30, 90)), p=weights / weights.sum())
        return " ".join(words[k] for k in chosen)

    def pick(items: list[str], low: int, high: int) -> frozenset[str]:
        return frozenset(
            rng.choice(items, size=int(rng.integers(low, high + 1)), replace=False).tolist()
        )

    mentors = [
        MentorProfile(
            f"T{j}",
            region=f"R{rng.integers(25)}",
            latitude=float(rng.uniform(-40, -15)),
            longitude=float(rng.uniform(-75, -65)),
            modality=str(rng.choice(MODALITIES)),
            languages=pick(languages, 1, 2),
            strengths=pick(competencies, 4, 8),
            management_years=float(rng.integers(0, 20)),
            school_levels=pick(levels, 1, 2),
            school=f"S{rng.integers(20_000)}",
            philosophy=text(),
        )
        for j in range(m)
    ]
    mentees = [
        MenteeProfile(
            f"M{i}",
            region=f"R{rng.integers(25)}",
            latitude=float(rng.uniform(-40, -15)),
            longitude=float(rng.uniform(-75, -65)),
            modality=str(rng.choice(MODALITIES)),
            languages=pick(languages, 1, 2),
            needs=pick(competencies, 2, 6),
            position=str(rng.choice(POSITIONS)),
            school_level=str(rng.choice(levels)),
            school=f"S{rng.integers(20_000)}",
            previous_mentor=f"T{rng.integers(m)}" if rng.random() < 0.3 else None,
            philosophy=text(),
        )
        for i in range(n)
    ]
    criteria = Criteria(
        {
            "region": 5,
            "modality": 3,
            "language": "must",
            "needs": 8,
            "management": 4,
            "level": 3,
            "continuity": 2,
            "philosophy": 4,
        },
        in_person=True,
        max_km=400,
    )
    return mentees, mentors, criteria


def work_scoring(n: int, m: int, repeat: int) -> dict[str, Any]:
    from acompana_core.matching.scoring import candidate_edges, score_matrix

    mentees, mentors, criteria = profiles(n, m, seed=5)
    times, edge_times = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        scorer = score_matrix(mentees, mentors, criteria)
        times.append(time.perf_counter() - start)
        start = time.perf_counter()
        edges = candidate_edges(scorer, top_k=100)
        edge_times.append(time.perf_counter() - start)
    return {
        "seconds": min(times),
        "top_k_seconds": min(edge_times),
        "edges": len(edges),
        "allowed": float(scorer.allowed.mean()),
        "peak_mib": peak_mib(),
    }


def child(spec: dict[str, Any]) -> dict[str, Any]:
    kind = spec["kind"]
    if kind == "solve":
        return work_solve(spec["path"], spec["objective"])
    if kind == "file":
        return work_file(spec["path"], spec["repeat"])
    return work_scoring(spec["n"], spec["m"], spec["repeat"])


def run_child(spec: dict[str, Any]) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps(spec)],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"worker failed for {spec}:\n{out.stderr}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


# --- report ---------------------------------------------------------------------------


def machine() -> list[str]:
    import ortools
    import scipy

    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024**2:.1f} GiB"
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores; memory {memory}",
        f"- Python {platform.python_version()} on {platform.system()} {platform.release()}",
        f"- NumPy {np.__version__}, SciPy {scipy.__version__}, OR-Tools {ortools.__version__}",
    ]


def fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def file_ratio(repeat: int) -> None:
    """``run_file`` against the bare solver call on 10,000 x 1,000 sparse, ``repeat`` times
    each, alternating: best and median wall times, best CPU times, and the load average."""
    label, build, _small = CASES["10k-sparse"]
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "case.npz")
        np.savez(path, **build())  # type: ignore[arg-type]
        r = run_child({"kind": "file", "path": path, "repeat": repeat})
    print(f"{label}, objective total, {repeat} runs each; load average {r['load']:.1f}")
    print("| | Bare OR-Tools call | `run_file` | Ratio |")
    print("|---|---:|---:|---:|")
    for name, key in (("Best wall time (s)", ""), ("Median wall time (s)", "_median")):
        bare, whole = r[f"bare{key}"], r[f"run_file{key}"]
        print(f"| {name} | {bare:.2f} | {whole:.2f} | {whole / bare:.2f}x |")
    bare, whole = r["bare_cpu"], r["run_file_cpu"]
    print(f"| Best CPU time, all threads (s) | {bare:.2f} | {whole:.2f} | {whole / bare:.2f}x |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small cases only")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best kept)")
    parser.add_argument(
        "--file-only", action="store_true", help="only run_file against the bare solver call"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return
    if args.file_only:
        file_ratio(args.repeat)
        return

    print("## Matching benchmark\n")
    print("\n".join(machine()))
    print(
        f"\nCommand: `.venv/bin/python benchmarks/matching.py{' --quick' if args.quick else ''}`\n"
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        paths: dict[str, str] = {}
        for key, (label, build, small) in CASES.items():
            if args.quick and not small:
                continue
            start = time.perf_counter()
            data = build()
            paths[key] = str(Path(tmp) / f"{key}.npz")
            np.savez(paths[key], **data)  # type: ignore[arg-type]
            print(
                f"generated {label}: {data['mentee'].shape[0]:,} edges "
                f"in {time.perf_counter() - start:.1f} s",
                file=sys.stderr,
            )
            for objective in OBJECTIVES:
                repeat = args.repeat if small else 1
                runs = [
                    run_child({"kind": "solve", "path": paths[key], "objective": objective})
                    for _ in range(repeat)
                ]
                best = min(runs, key=lambda r: r["seconds"])
                best["peak_mib"] = max(r["peak_mib"] for r in runs)
                rows.append((label, data["mentee"].shape[0], objective, best))
                print(f"  {objective}: {best}", file=sys.stderr)
        file_case = run_child({"kind": "file", "path": paths["10k-sparse"], "repeat": args.repeat})
    scoring_n, scoring_m = (2_000, 200) if args.quick else (10_000, 1_000)
    scoring = run_child({"kind": "scoring", "n": scoring_n, "m": scoring_m, "repeat": args.repeat})

    print(
        "\n| Case | Edges | Objective | Time (s) | Peak RSS (MiB) | Matched | Total score | "
        "Lowest score | vs greedy: matched / total |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
    baseline = {label: r for label, _, objective, r in rows if objective == "greedy"}
    for label, edges, objective, r in rows:
        base = baseline[label]
        gain = (
            f"{r['matched'] - base['matched']:+,} / {r['total'] - base['total']:+,.1f}"
            if objective != "greedy"
            else "baseline"
        )
        print(
            f"| {label} | {edges:,} | {objective} | {r['seconds']:.2f} | {r['peak_mib']:,.0f} | "
            f"{r['matched']:,} | {fmt(r['total'])} | {fmt(r['min'], 4)} | {gain} |"
        )
    ratio = file_case["run_file"] / file_case["bare"]
    print("\n| 10,000 x 1,000 sparse, objective total | Time (s) |")
    print("|---|---:|")
    print(f"| Bare OR-Tools min-cost flow (arrays in memory) | {file_case['bare']:.2f} |")
    print(
        f"| `run_file` end to end ({file_case['megabytes']:.0f} MB JSON in, result out) | "
        f"{file_case['run_file']:.2f} |"
    )
    print(f"| Ratio | {ratio:.2f}x |")
    print(f"\n| Scoring {scoring_n:,} x {scoring_m:,} profiles (8 criteria) | Time (s) |")
    print("|---|---:|")
    print(f"| `score_matrix` | {scoring['seconds']:.2f} |")
    print(f"| `candidate_edges(top_k=100)` | {scoring['top_k_seconds']:.2f} |")
    print(
        f"\nPeak RSS of the scoring run: {scoring['peak_mib']:,.0f} MiB; "
        f"{scoring['allowed']:.0%} of pairs allowed."
    )


if __name__ == "__main__":
    main()
