"""Resolver memory against articles processed over all of gva (`make bench`): it must stay flat with the stream.

Reads: `<corpus>/gva/articles.jsonl` (env `SITREP_CORPUS_DIR`, default `<repo root>/../shared/corpus`).
Writes: a table to stdout every `--every` articles (and with `--json PATH` the series to a file); nothing is asserted.

Claims are extracted first, before measuring, so only resolution is measured. The resolver gets the store it has in
the stream: an on-disk RocksDB (rocksdict, the library behind Faust's tables), so what stays in the Python heap is the
resolver's own in-memory index; `--store dict` keeps the store in the heap too (as `sitrep replay` does), which is
expected to grow with the table. Events are dropped after each claim: folding them is the table's job, not the
resolver's. Columns: Python heap held since the start (tracemalloc), its peak, the process RSS, the store's size, and
the decoded bucket chunks the resolver's candidate index caches in memory.
"""
from __future__ import annotations

import argparse
import gc
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from schemas import codec
from streams.evaluate import corpus_dir, load_set


def rss_mb() -> float | None:
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[1])
        import os

        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return None


def cached_chunks(resolver) -> int | None:  # type: ignore[no-untyped-def]
    """How many decoded bucket chunks the resolver's candidate index holds in memory, if it says."""
    return getattr(getattr(resolver, "index", None), "cache_size", None)


def _fmt(value: object) -> str:
    return "-" if value is None else str(value)


def open_store(kind: str, folder: str):  # type: ignore[no-untyped-def]
    if kind == "dict":
        return {}, None
    from rocksdict import Rdict

    db = Rdict(folder)
    return db, db


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="corpus directory")
    parser.add_argument("--limit", type=int, help="only the first N gva articles")
    parser.add_argument("--every", type=int, default=250, help="print a row every N articles")
    parser.add_argument("--store", choices=("rocksdb", "dict"), default="rocksdb")
    parser.add_argument("--order", choices=("corpus", "published"), default="corpus",
                        help="corpus order, or publication order as a live feed would deliver it")
    parser.add_argument("--cache-chunks", type=int,
                        help="passed to Resolver(store, cache_chunks=N); default: the resolver's own")
    parser.add_argument("--json", dest="json_path")
    args = parser.parse_args(argv)

    from streams.extract import extract_article
    from streams.resolve import Resolver

    cs = load_set("gva", Path(args.corpus) if args.corpus else corpus_dir(), args.limit)
    articles = cs.articles
    if args.order == "published":
        articles = sorted(articles, key=lambda a: (a.published_at is None, a.published_at, a.article_id))
    t0 = time.perf_counter()
    per_article = [extract_article(a).claims for a in articles]
    print(f"gva: {len(articles)} articles, {sum(map(len, per_article))} claims extracted in "
          f"{time.perf_counter() - t0:.1f} s (not measured); store: {args.store}; order: {args.order}; "
          f"cache chunks: {args.cache_chunks if args.cache_chunks is not None else 'default'}")

    folder = tempfile.mkdtemp(prefix="sitrep-resolver-bench-")
    store, db = open_store(args.store, folder)
    series: list[dict[str, float | int | None]] = []
    try:
        gc.collect()
        tracemalloc.start()
        resolver = Resolver(store) if args.cache_chunks is None else Resolver(store, cache_chunks=args.cache_chunks)
        events = claims = 0
        head = (f"{'articles':>8}  {'claims':>7}  {'events':>7}  {'heap MB':>8}  {'peak MB':>8}  {'RSS MB':>8}  "
                f"{'store keys':>10}  {'cached':>6}")
        print(head)
        print("-" * len(head))
        t0 = time.perf_counter()
        for n, article_claims in enumerate(per_article, 1):
            for claim in article_claims:
                events += len(resolver.resolve(claim))
                claims += 1
            if n % args.every == 0 or n == len(per_article):
                gc.collect()
                current, peak = tracemalloc.get_traced_memory()
                keys = len(store) if isinstance(store, dict) else sum(1 for _ in store.keys())
                point = {"articles": n, "claims": claims, "events": events, "heap_mb": current / 2**20,
                         "peak_mb": peak / 2**20, "rss_mb": rss_mb(), "store_keys": keys,
                         "cached_chunks": cached_chunks(resolver)}
                series.append(point)
                rss = point["rss_mb"]
                rss_text = f"{rss:8.1f}" if rss is not None else f"{'-':>8}"
                print(f"{n:8d}  {claims:7d}  {events:7d}  {point['heap_mb']:8.2f}  {point['peak_mb']:8.2f}  "
                      f"{rss_text}  {keys:10d}  {_fmt(point['cached_chunks']):>6}")
        seconds = time.perf_counter() - t0
        tracemalloc.stop()
    finally:
        if db is not None:
            db.close()
        shutil.rmtree(folder, ignore_errors=True)

    if len(series) >= 4:
        half = series[len(series) // 2]
        last = series[-1]
        span = max(1, int(last["articles"]) - int(half["articles"]))  # type: ignore[arg-type]
        growth = (float(last["heap_mb"]) - float(half["heap_mb"])) * 2**20 / span  # type: ignore[arg-type]
        print(f"heap growth over the second half of the stream: {growth:+.0f} bytes/article "
              f"({half['heap_mb']:.2f} MB at {half['articles']} -> {last['heap_mb']:.2f} MB at {last['articles']})")
    print(f"resolved {claims} claims in {seconds:.1f} s with tracemalloc on")
    if args.json_path:
        Path(args.json_path).write_bytes(codec.dumps({"store": args.store, "order": args.order, "series": series}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
