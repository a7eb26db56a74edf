"""Themes benchmark: grouping time for N answers in the real worker process, and its memory.

    .venv/bin/python bench/themes.py [--answers 500]

Starts `python -m sessions.themes.worker` as the server does, then times one request with N
fresh answers (every text encoded: the worst case), the same request again (embeddings cached,
as in a re-run), and N+20 answers (20 new ones arrive). Memory is the worker's peak RSS
(VmHWM from /proc): the server itself loads none of this. Prints progress lines, then one JSON
object as the last line.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.themes_corpus import load  # noqa: E402

TAILS = ("", " denk ik", " vooral", " in de praktijk", " met het gezin", " elke week", " echt waar", " soms")


def answers(count: int, seed: int = 16) -> list[str]:
    """`count` distinct answers: corpus answers with varied endings (numbered, so none repeats)."""
    rng = random.Random(seed)
    base = [text for part in ("tune", "holdout") for rows in load(part).values() for _, text in rows]
    return [f"{rng.choice(base).rstrip('.')}{rng.choice(TAILS)} ({i})" for i in range(count)]


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=500)
    args = parser.parse_args()
    texts = answers(args.answers + 20)
    started = time.perf_counter()
    worker = subprocess.Popen([sys.executable, "-m", "sessions.themes.worker"], cwd=ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE)
    assert worker.stdin is not None and worker.stdout is not None  # both pipes
    stdin, stdout = worker.stdin, worker.stdout
    ready = json.loads(stdout.readline())
    start_seconds = time.perf_counter() - started
    print(f"worker ready in {start_seconds:.1f} s (it reports {ready['load_seconds']} s)", flush=True)
    idle_mb = peak_rss_mb(worker.pid)

    def ask(request_id: int, batch: list[str]) -> tuple[float, int]:
        begun = time.perf_counter()
        stdin.write(json.dumps({"id": request_id, "texts": batch}).encode() + b"\n")
        stdin.flush()
        reply = json.loads(stdout.readline())
        return time.perf_counter() - begun, len(reply["themes"])

    cold, themes = ask(1, texts[:args.answers])
    print(f"{args.answers} new answers: {cold:.2f} s, {themes} themes", flush=True)
    warm, _ = ask(2, texts[:args.answers])
    print(f"the same again (cached embeddings): {warm:.2f} s", flush=True)
    more, _ = ask(3, texts)
    print(f"{args.answers + 20} answers, 20 of them new: {more:.2f} s", flush=True)
    peak_mb = peak_rss_mb(worker.pid)
    stdin.close()
    worker.wait(timeout=30)
    print(json.dumps({"answers": args.answers, "worker_start_s": round(start_seconds, 2),
                      "cold_s": round(cold, 2), "rerun_s": round(warm, 2), "plus_20_s": round(more, 2),
                      "themes": themes, "worker_idle_rss_mb": round(idle_mb), "worker_peak_rss_mb": round(peak_mb)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
