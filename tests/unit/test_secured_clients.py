"""A secured cluster's settings reach every side client: the same aiokafka arguments the worker uses."""
from __future__ import annotations

import asyncio
from pathlib import Path

import aiokafka
import aiokafka.admin

from streams import consume, push, topics_admin
from streams.settings import Settings
from streams.web.views import Health

SASL = dict(security_protocol="SASL_PLAINTEXT", sasl_mechanism="SCRAM-SHA-512", sasl_username="sitrep",
            sasl_password="s3cret")


def test_sasl_settings_become_client_arguments():
    assert Settings(**SASL).kafka_client() == {
        "security_protocol": "SASL_PLAINTEXT", "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": "sitrep", "sasl_plain_password": "s3cret",
    }
    assert Settings().kafka_client() == {"security_protocol": "PLAINTEXT"}


def test_tls_settings_carry_a_context():
    kwargs = Settings(security_protocol="SSL").kafka_client()
    assert kwargs["security_protocol"] == "SSL" and kwargs["ssl_context"] is not None


class Refused(Exception):
    pass


def capture(monkeypatch, module, *names):
    seen: list[dict] = []

    def fake(*args, **kwargs):
        seen.append(kwargs)
        raise Refused  # the client is never started: only its arguments matter here

    for name in names:
        monkeypatch.setattr(module, name, fake)
    return seen


def test_side_clients_are_built_with_the_secured_arguments(monkeypatch, tmp_path: Path):
    client = Settings(**SASL).kafka_client()
    calls = [
        (consume, ("AIOKafkaConsumer",), lambda: consume.read_table("h:9092", client=client)),
        (consume, ("AIOKafkaConsumer",), lambda: consume.tail("h:9092", client=client)),
        (consume, ("AIOKafkaConsumer",), lambda: consume.read_dead_letters("h:9092", client=client)),
        (consume, ("AIOKafkaProducer",), lambda: consume.resend_dead_letters("h:9092", [], client=client)),
        (topics_admin, ("AIOKafkaAdminClient",), lambda: topics_admin.ensure_topics("h:9092", 4, 1, client)),
        (push, ("AIOKafkaProducer",), lambda: push.push([tmp_path / "none.jsonl"], "h:9092", {}, client=client)),
        (aiokafka, ("AIOKafkaConsumer",), lambda: topics_admin.changelog_highwaters("h:9092", "sitrep", ["t"], client)),
        (aiokafka.admin, ("AIOKafkaAdminClient",), lambda: Health(client).probe(["h:9092"])),
    ]
    for module, names, call in calls:
        seen = capture(monkeypatch, module, *names)
        try:
            asyncio.run(call())
        except Refused:
            pass  # (the health probe catches it itself and reports the broker unreachable)
        assert seen and seen[0]["sasl_plain_password"] == "s3cret", (module.__name__, names)
