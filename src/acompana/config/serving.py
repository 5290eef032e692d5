"""How many processes and threads serve requests, and whether PostgreSQL can hold their connections.

Read by gunicorn's configuration (``acompana.config.gunicorn``) and by ``acompana serve``. Each
thread of each worker keeps at most one database connection (``CONN_MAX_AGE``), so the app servers
need ``APP_SERVERS x WEB_WORKERS x WEB_THREADS`` connections, plus one per task worker
(``TASK_WORKERS``) and a few for migrations and administrators (``DB_RESERVED_CONNECTIONS``).
"""

import os
from dataclasses import dataclass

from acompana.config.env import env_bool, env_int, env_str


def default_workers() -> int:
    """Two processes per core and one more: a request that waits on the database leaves the core
    to another process."""
    return 2 * (os.cpu_count() or 1) + 1


@dataclass(frozen=True)
class Serving:
    bind: str
    workers: int
    threads: int
    app_servers: int
    task_workers: int
    reserved: int
    pgbouncer: bool

    @property
    def connections(self) -> int:
        """Connections to PostgreSQL that every app server and task worker may hold at once."""
        return self.app_servers * self.workers * self.threads + self.task_workers + self.reserved


def serving_from_env() -> Serving:
    return Serving(
        bind=env_str("BIND", "127.0.0.1:8000"),
        workers=env_int("WEB_WORKERS", default_workers()),
        threads=env_int("WEB_THREADS", 2),
        app_servers=env_int("APP_SERVERS", 1),
        task_workers=env_int("TASK_WORKERS", 1),
        reserved=env_int("DB_RESERVED_CONNECTIONS", 5),
        pgbouncer=env_bool("PGBOUNCER", False),
    )


def connection_problem(serving: Serving, max_connections: int) -> str:
    """Why PostgreSQL (``max_connections``, less its superuser reserve) cannot hold every
    connection of ``serving``, or "" if it can. Behind PgBouncer, the pool size bounds them."""
    if serving.pgbouncer or serving.connections < max_connections:
        return ""
    return (
        f"{serving.app_servers} app server(s) x {serving.workers} workers x {serving.threads} "
        f"threads + {serving.task_workers} task worker(s) + {serving.reserved} reserved = "
        f"{serving.connections} connections, but PostgreSQL accepts {max_connections}: lower "
        "WEB_WORKERS or WEB_THREADS, raise max_connections, or put PgBouncer in front "
        "(PGBOUNCER=true; see docs/deployment.md)."
    )
