"""A scale-out server that reaches PostgreSQL and Redis through proxies a test cuts, holds and mends (the services
themselves are shared by every test). Its fixtures are module-scoped: a module that imports them by name gets a
server and proxies of its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from switchboard_emulators import EmulatorServer
from tests.backends import scale_env
from tests.harness import SwitchboardServer
from tests.tcp_proxy import TcpProxy


def through(url: str, proxy: TcpProxy) -> str:
    """``url`` with its host and port those of ``proxy``."""
    parts = urlsplit(url)
    return parts._replace(
        netloc=parts.netloc.replace(f"{parts.hostname}:{parts.port}", f"127.0.0.1:{proxy.port}")
    ).geturl()


@pytest.fixture(scope="module")
def proxies(postgres_url: str, redis_url: str) -> Iterator[tuple[TcpProxy, TcpProxy]]:
    """The database's proxy and Redis's."""
    pg, redis = urlsplit(postgres_url), urlsplit(redis_url)
    database = TcpProxy(pg.hostname or "127.0.0.1", pg.port or 5432).start()
    cache = TcpProxy(redis.hostname or "127.0.0.1", redis.port or 6379).start()
    yield database, cache
    database.cut()
    cache.cut()


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory,
    salesloft: EmulatorServer,
    constant_contact: EmulatorServer,
    postgres_url: str,
    redis_url: str,
    proxies: tuple[TcpProxy, TcpProxy],
) -> Iterator[SwitchboardServer]:
    database, cache = proxies
    data_dir: Path = tmp_path_factory.mktemp("proxied")
    upstreams = {"salesloft": salesloft.url, "constant_contact": constant_contact.url}
    env = scale_env(data_dir, upstreams, through(postgres_url, database), through(redis_url, cache))
    started = SwitchboardServer(data_dir, env).start(ready_within=120)
    yield started
    started.stop()
