"""Article revisions: reads an article's previous claim ids, writes retractions when its content changed.

Kept per article id (the extract agent holds it in a table keyed like the raw topic), so a redelivered article
changes nothing and a revised one replaces its claims.
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from schemas.claim import Claim, ClaimRetraction, block_key


class ArticleEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    article_hash: str
    claims: dict[str, str] = Field(default_factory=dict)  # claim id -> block key


def revise(
    previous: ArticleEntry | None, article_id: str, article_hash: str, claims: list[Claim]
) -> tuple[ArticleEntry, list[ClaimRetraction], bool]:
    """Return the new entry, the retractions to send, and whether the claims are new (False: a redelivery)."""
    entry = ArticleEntry(article_hash=article_hash, claims={c.claim_id: block_key(c) for c in claims})
    if previous is not None and previous.article_hash == article_hash:
        return previous, [], False
    retractions = [
        ClaimRetraction(claim_id=cid, article_id=article_id, superseded_by_hash=article_hash, block_key=block)
        for cid, block in sorted((previous.claims if previous else {}).items())
        if cid not in entry.claims
    ]
    return entry, retractions, True
