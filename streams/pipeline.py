"""The whole pipeline in one process: raw article -> claims -> incident events -> incident table.

`sitrep replay` and `make eval` run this; the Faust agents call the very same pieces (extract_article, revise,
Resolver, apply/follow_ups), one stage per agent, so the stream and the replay give the same table for the same
input order.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, MutableMapping

from schemas.article import RawArticle
from schemas.claim import ArticleSkipped
from schemas.incident import Incident, IncidentEvent
from streams.extract import extract_article
from streams.extract.revisions import ArticleEntry, revise
from streams.incidents.fold import IncidentState, apply, follow_ups, to_record
from streams.resolve import Resolver


class Pipeline:
    def __init__(self, resolver_store: MutableMapping[str, bytes] | None = None) -> None:
        self.articles: dict[str, ArticleEntry] = {}
        self.resolver = Resolver(resolver_store if resolver_store is not None else {})
        self.incidents: dict[str, IncidentState] = {}
        self.skipped: list[ArticleSkipped] = []
        self.events: list[IncidentEvent] = []

    def push(self, article: RawArticle) -> list[IncidentEvent]:
        extraction = extract_article(article)
        if extraction.skipped is not None:
            self.skipped.append(extraction.skipped)
        article_id = article.article_id
        entry, retractions, fresh = revise(
            self.articles.get(article_id), article_id, article.content_hash, extraction.claims
        )
        self.articles[article_id] = entry
        if not fresh:
            return []
        decided: list[IncidentEvent] = []
        # New claims first: a revision must meet its earlier version's claims before they are retracted.
        for claim in extraction.claims:
            decided += self.resolver.resolve(claim)
        for retraction in retractions:
            decided += self.resolver.retract(retraction)
        return self.project(decided)

    def project(self, events: Iterable[IncidentEvent]) -> list[IncidentEvent]:
        """Fold events into the table; follow-ups (a merge handing claims to its survivor) go through the same fold."""
        queue = deque(events)
        applied: list[IncidentEvent] = []
        while queue:
            event = queue.popleft()
            before = self.incidents.get(event.incident_id)
            after = apply(before, event)
            if after is None:
                self.incidents.pop(event.incident_id, None)
            else:
                self.incidents[event.incident_id] = after
            applied.append(event)
            queue.extend(follow_ups(before, event))
        self.events += applied
        return applied

    def table(self) -> list[Incident]:
        """The live incidents (tombstoned ones left out), in a stable order."""
        records = (to_record(state) for state in self.incidents.values())
        live = [r for r in records if r is not None and r.merged_into is None]
        return sorted(live, key=lambda r: r.incident_id)


def replay(articles: Iterable[RawArticle]) -> Pipeline:
    pipeline = Pipeline()
    for article in articles:
        pipeline.push(article)
    return pipeline
