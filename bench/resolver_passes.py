"""Resolver throughput and store writes as the feed repeats itself (`make bench`): gva's claims over N passes.

Reads: `<corpus>/gva/articles.jsonl` (env `SITREP_CORPUS_DIR`, default `<repo root>/../shared/corpus`).
Writes: one row per pass to stdout (and with `--json PATH` the rows to a file); nothing is asserted.

Claims are extracted once, before measuring. Each pass resolves all of them again under new article and claim ids
and another outlet, with the same text and dates (a wire story reprinted by one more outlet), so every pass attaches
to the same incidents and the candidate windows grow with each pass. (Under new ids alone they would be copies of
the same articles, which the resolver files without a search.) The store is RocksDB (rocksdict, as behind Faust's tables) wrapped to count
what is written, since in the stream every store write also goes to the table's Kafka changelog. Columns: claims/s
of the pass, store bytes and writes per claim in the pass, and the store's key count after it.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, MutableMapping
from pathlib import Path

from schemas import codec
from streams.evaluate import corpus_dir, load_set

from resolver_memory import open_store  # noqa: E402 - the sibling bench, on sys.path as this script's folder


class CountingStore(MutableMapping[str, bytes]):
    """A store that counts the bytes and keys written through it (what a changelog would carry)."""

    def __init__(self, inner: MutableMapping[str, bytes]) -> None:
        self.inner = inner
        self.bytes_written = 0
        self.writes = 0

    def __getitem__(self, key: str) -> bytes:
        return self.inner[key]

    def get(self, key: str, default=None):  # type: ignore[no-untyped-def,override]
        return self.inner.get(key, default)

    def __setitem__(self, key: str, value: bytes) -> None:
        self.bytes_written += len(key) + len(value)
        self.writes += 1
        self.inner[key] = value

    def __delitem__(self, key: str) -> None:
        self.writes += 1
        del self.inner[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.inner.keys())

    def __len__(self) -> int:
        return sum(1 for _ in self.inner.keys())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="corpus directory")
    parser.add_argument("--limit", type=int, help="only the first N gva articles")
    parser.add_argument("--passes", type=int, default=4)
    parser.add_argument("--store", choices=("rocksdb", "dict"), default="rocksdb")
    parser.add_argument("--json", dest="json_path")
    args = parser.parse_args(argv)

    from streams.extract import extract_article
    from streams.resolve import Resolver

    cs = load_set("gva", Path(args.corpus) if args.corpus else corpus_dir(), args.limit)
    t0 = time.perf_counter()
    claims = [c for a in cs.articles for c in extract_article(a).claims]
    print(f"gva: {len(cs.articles)} articles, {len(claims)} claims extracted in {time.perf_counter() - t0:.1f} s "
          f"(not measured); store: {args.store}; {args.passes} passes")

    folder = tempfile.mkdtemp(prefix="sitrep-resolver-passes-")
    inner, db = open_store(args.store, folder)
    store = CountingStore(inner)
    rows = []
    try:
        resolver = Resolver(store)
        head = f"{'pass':>4}  {'claims':>7}  {'events':>7}  {'claims/s':>9}  {'bytes/claim':>12}  {'writes/claim':>12}  {'store keys':>10}"
        print(head)
        print("-" * len(head))
        for n in range(1, args.passes + 1):
            # New ids, same text: another outlet's copy of every story (pass 1 keeps the corpus ids).
            batch = claims if n == 1 else [
                c.model_copy(update={"article_id": f"{c.article_id}~{n}", "claim_id": f"{c.claim_id}~{n}",
                                     "outlet": f"reprint{n}.example"})
                for c in claims
            ]
            written, writes, events = store.bytes_written, store.writes, 0
            t0 = time.perf_counter()
            for claim in batch:
                events += len(resolver.resolve(claim))
            seconds = time.perf_counter() - t0
            row = {"pass": n, "claims": len(batch), "events": events, "claims_per_s": len(batch) / seconds,
                   "bytes_per_claim": (store.bytes_written - written) / len(batch),
                   "writes_per_claim": (store.writes - writes) / len(batch), "store_keys": len(store)}
            rows.append(row)
            print(f"{n:4d}  {len(batch):7d}  {events:7d}  {row['claims_per_s']:9.1f}  {row['bytes_per_claim']:12.0f}  "
                  f"{row['writes_per_claim']:12.1f}  {row['store_keys']:10d}")
    finally:
        if db is not None:
            db.close()
        shutil.rmtree(folder, ignore_errors=True)
    if args.json_path:
        Path(args.json_path).write_bytes(codec.dumps({"store": args.store, "passes": rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
