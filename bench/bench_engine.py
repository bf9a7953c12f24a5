"""Engine benchmarks: SMAA with 10,000 weight samples (also drawing the experts' scores) and
break-even of every criterion at 10 x 15.

Run: make bench-engine  (or .venv/bin/python -m bench.bench_engine). Targets: SMAA <= 50 ms,
all break-evens <= 5 ms. The peer is the same SMAA done with pymcdm's WSM, one call per sample;
both must give the same rank acceptability.
"""

from __future__ import annotations

import platform
import statistics
import time
import warnings

import numpy as np

from dashboard import mcda

M, N, SAMPLES, SEED = 10, 15, 10_000, 2017


def _timed(fn, repeat: int) -> tuple[float, object]:
    """Median wall time in ms over ``repeat`` runs, after one warm-up run; and the last result."""
    result = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(1000 * (time.perf_counter() - start))
    return statistics.median(times), result


def _problem():
    rng = np.random.default_rng(SEED)
    matrix = rng.integers(-2, 3, size=(M, N)).astype(float) + rng.normal(0, 0.3, size=(M, N))
    directions = ["cost" if j % 4 == 1 else "benefit" for j in range(N)]
    return matrix, directions, rng.uniform(0.5, 2, N)


def _peer_smaa(matrix, directions) -> np.ndarray:
    from pymcdm import normalizations
    from pymcdm.methods import WSM

    wsm = WSM(normalization_function=normalizations.minmax_normalization)
    types = np.array([-1 if d == "cost" else 1 for d in directions])
    samples = mcda.sample_weights(N, SAMPLES, SEED)
    counts = np.zeros((M, M))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for w in samples:
            scores = wsm(matrix, w, types, validation=False)
            counts[np.arange(M), mcda.rank(scores) - 1] += 1
    return counts / SAMPLES


def main() -> None:
    matrix, directions, weights = _problem()
    smaa_ms, ours = _timed(lambda: mcda.smaa(matrix, directions, SAMPLES, SEED), repeat=30)
    peer_ms, theirs = _timed(lambda: _peer_smaa(matrix, directions), repeat=3)
    np.testing.assert_allclose(ours.acceptability, theirs)  # same computation, same answer
    be_ms, _ = _timed(lambda: mcda.stability_intervals(matrix, weights, directions), repeat=200)
    # Disagreement in the scores too: five experts scattered around the matrix, drawn per cell.
    rng = np.random.default_rng(SEED + 1)
    experts = np.clip(np.round(matrix[None] + rng.normal(0, 0.8, size=(5, M, N))), -2, 2)
    scale = mcda.EngineOptions(normalization="scale", bounds=((-2, 2),) * N)
    with_scores = {
        method: _timed(
            lambda method=method: mcda.smaa(
                experts.mean(axis=0),
                directions,
                SAMPLES,
                SEED,
                method=method,
                options=scale,
                expert_scores=experts,
            ),
            repeat=10,
        )[0]
        for method in ("weighted_sum", "topsis", "promethee_ii")
    }
    print(
        f"machine: {platform.processor() or platform.machine()}, {platform.python_version()}, "
        f"numpy {np.__version__}"
    )
    print(f"| SMAA, {SAMPLES:,} samples, {M} x {N} | {smaa_ms:.1f} ms | target 50 ms |")
    print(f"| same with pymcdm WSM per sample | {peer_ms:.0f} ms | ratio {peer_ms / smaa_ms:.0f}x |")
    print(f"| break-even of all {N} criteria, {M} x {N} | {be_ms:.2f} ms | target 5 ms |")
    for method, ms in with_scores.items():
        print(f"| SMAA over weights and 5 experts' scores, {method}, {SAMPLES:,} samples | {ms:.1f} ms |")


if __name__ == "__main__":
    main()
