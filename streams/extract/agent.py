"""Extract agent: reads `sitrep.articles.raw.v1`, writes claims and retractions to `sitrep.claims.v1`.

I/O only: decode and validate, have `extract_article` run in the extractor processes (streams/extract/pool.py),
call `revise`, send (in batches, streams/delivery.py). The
`articles` table (article id -> content hash and claim ids) makes a redelivered article a no-op and a revised one
retract its old claims.
"""
from __future__ import annotations

import asyncio
from typing import Any

from schemas import codec
from schemas.article import RawArticle
from schemas.claim import block_key
from schemas.topics import ARTICLES_RAW, CLAIMS
from streams import metrics
from streams.app import bytes_table
from streams.deadletters import make_dead_letter, send_dead_letter
from streams.delivery import Batches, Prepared, StagedStore, process_batches
from streams.extract.pool import ExtractorPool, ExtractorTimeout, Timed
from streams.extract.revisions import ArticleEntry, revise


def register(topo: Any) -> None:
    app, settings = topo.app, topo.settings
    articles = topo.tables["articles"] = bytes_table(
        app, "articles", settings, "article id -> content hash and the claim ids it yielded"
    )
    claims_topic = topo.topic(CLAIMS)
    # Written once the batch's claims are acknowledged; a later record of the same batch already reads it.
    staged = StagedStore(articles)
    pool = ExtractorPool(settings.extract_processes, timeout=settings.extract_timeout_seconds)
    app.on_before_shutdown.connect(lambda sender, **kwargs: pool.close())
    # The batch's decoded articles and their running extractions, by input message (see prefetch).
    started: dict[int, tuple[RawArticle, asyncio.Future[Timed] | None] | codec.DecodeError | None] = {}

    def decode(value: bytes | None) -> RawArticle | codec.DecodeError | None:
        if value is None or len(value) > settings.max_message_bytes:
            return None
        try:
            return codec.decode(value, RawArticle)
        except codec.DecodeError as exc:
            return exc

    def previous_entry(article_id: str) -> ArticleEntry | None:
        raw_entry = staged.get(article_id)
        return ArticleEntry.model_validate(codec.loads(raw_entry)) if raw_entry else None

    def known(article: RawArticle, previous: ArticleEntry | None) -> bool:
        """Already extracted with this content: a redelivery, which needs no extraction. Under load it is the
        common case (a batch redelivered after a rebalance), and extracting it again took the time the backlog
        needed."""
        return previous is not None and previous.article_hash == article.content_hash

    def prefetch(events: Any) -> None:
        """Decodes the batch and starts every extraction at once, so the pool works while the batch is sent."""
        started.clear()
        for event in events:
            article = decode(event.value)
            if isinstance(article, RawArticle):
                seen = known(article, previous_entry(article.article_id))
                started[id(event.message)] = (article, None if seen else pool.submit(article))
            else:
                started[id(event.message)] = article

    async def prepare(value: bytes | None, key: bytes | None, message: Any) -> Prepared:
        """One raw record's claims to send; the result is how many (for tests and metrics)."""
        metrics.articles_in.inc()
        job = started.pop(id(message)) if id(message) in started else decode(value)
        if job is None:
            size = "null" if value is None else f"{len(value)} bytes"
            await send_dead_letter(
                topo, make_dead_letter("extract", "too_large" if value else "empty_record", size, value, key, message)
            )
            return Prepared(result=0)
        if isinstance(job, codec.DecodeError):
            await send_dead_letter(topo, make_dead_letter("extract", job.reason, str(job), value, key, message))
            return Prepared(result=0)
        article, pending = job if isinstance(job, tuple) else (job, None)
        article_id = article.article_id
        # Read again here: an earlier record of this batch may have staged the same article meanwhile.
        previous = previous_entry(article_id)
        if known(article, previous):
            metrics.articles_redelivered.inc()
            return Prepared(result=0)
        try:
            extraction, seconds = await pool.extract(pending or pool.submit(article), article)
        except Exception as exc:  # noqa: BLE001 - an extractor bug must not stop the partition
            reason = "extractor_timeout" if isinstance(exc, ExtractorTimeout) else "extractor_crash"
            await send_dead_letter(
                topo, make_dead_letter("extract", reason, f"{type(exc).__name__}: {exc}", value, key, message)
            )
            return Prepared(result=0)
        metrics.extraction_seconds.observe(seconds)
        # `previous` is still this article's entry (a batch prepares one record at a time), and `known` said it
        # holds other content: the claims are new.
        entry, retractions, _ = revise(previous, article_id, article.content_hash, extraction.claims)
        # New claims before retractions (same block, same partition, so this order holds downstream): a revision
        # must meet its earlier version's claims before they are retracted.
        sends = [(claims_topic, block_key(c).encode(), codec.dumps(c)) for c in extraction.claims]
        sends += [(claims_topic, r.block_key.encode(), codec.dumps(r)) for r in retractions]
        if extraction.skipped is not None:
            sends.append((claims_topic, b"skipped", codec.dumps(extraction.skipped)))
        staged[article_id] = codec.dumps(entry)

        def after() -> None:
            metrics.claims_retracted.inc(len(retractions))
            metrics.claims_out.inc(len(extraction.claims))
            if extraction.skipped is not None:
                metrics.articles_skipped.labels(extraction.skipped.reason).inc()
                metrics.recent_skipped.append(extraction.skipped)

        return Prepared(sends, len(extraction.claims), after)

    batches = topo.batches["extract"] = Batches(topo, "extract", prepare, [staged], prefetch=prefetch,
                                                topic=ARTICLES_RAW.name)

    @app.agent(topo.topic(ARTICLES_RAW), name="sitrep.extract")
    async def extract(stream: Any) -> Any:
        async for sent in process_batches(stream, topo, batches=batches):
            yield sent

    topo.agents["extract"] = extract
    topo.agents["extract.prepare"] = prepare
    topo.agents["extract.pool"] = pool
