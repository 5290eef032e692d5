"""Load: many people at once on gunicorn and PostgreSQL, as in production.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/acompana_load \\
        .venv/bin/python benchmarks/load.py --users 20 --seconds 60 --password PASSWORD

The database must hold a program whose accounts share PASSWORD (`acompana demo --password
PASSWORD`, or a larger generated program). The benchmark migrates the database, collects the
static files into a temporary folder, starts `acompana serve` (gunicorn, --workers x --threads)
on a free loopback port, and runs locust headless in this process for --seconds with --users
simulated people, each signing in first (Argon2 under load) and then browsing with a few
seconds between clicks:

- mentors (6 in 10): their home, their visit list, one of their visits, their calendar feed;
  now and then a notebook save and a new commitment on their visit;
- principals (3 in 10): their home and their own page (commitments, visits);
- coordinators (1 in 10): their home, the visit list, the round coverage.

Prints the machine, requests/s, p50/p95/p99 and errors, overall and per page. Bounded: the run
stops after --seconds and only talks to 127.0.0.1.
"""

# locust patches the standard library for gevent: it is imported before anything else.
from locust import HttpUser, between, events, task  # isort: skip
from locust.env import Environment  # isort: skip

import argparse
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import gevent

from imports import machine

ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')


@dataclass
class Plan:
    """Who signs in and which of their pages they open (read once from the database)."""

    password: str
    mentors: list[dict] = field(default_factory=list)
    principals: list[dict] = field(default_factory=list)
    coordinators: list[dict] = field(default_factory=list)


def plan_from_database(password: str) -> Plan:
    import django

    django.setup()
    from acompana.accounts.models import CalendarFeed, Membership, Role
    from acompana.people.models import MenteeProfile, MentorProfile
    from acompana.visits.models import Visit

    plan = Plan(password=password)
    for mentor in MentorProfile.objects.select_related("program", "user").filter(active=True):
        visit = Visit.objects.filter(mentor=mentor).order_by("-scheduled_at").values("pk").first()
        if visit is None:
            continue
        feed, _ = CalendarFeed.objects.get_or_create(
            user=mentor.user, defaults={"token": secrets.token_urlsafe(32)}
        )
        plan.mentors.append(
            {
                "email": mentor.user.email,
                "slug": mentor.program.slug,
                "visit": visit["pk"],
                "feed": feed.token,
            }
        )
    for mentee in MenteeProfile.objects.select_related("program", "user").filter(active=True):
        plan.principals.append(
            {"email": mentee.user.email, "slug": mentee.program.slug, "code": mentee.code}
        )
    for membership in Membership.objects.filter(role=Role.COORDINATOR).select_related(
        "user", "program"
    ):
        plan.coordinators.append({"email": membership.user.email, "slug": membership.program.slug})
    if not (plan.mentors and plan.principals and plan.coordinators):
        sys.exit("The database needs mentors with visits, principals and coordinators.")
    return plan


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int, workers: int, threads: int) -> subprocess.Popen:
    static = tempfile.mkdtemp(prefix="acompana-load-static-")
    env = {
        **os.environ,
        "DEBUG": "false",
        "HTTPS": "false",
        "STATIC_ROOT": static,
        "BIND": f"127.0.0.1:{port}",
        "WEB_WORKERS": str(workers),
        "WEB_THREADS": str(threads),
        "AXES_ENABLED": "false",  # thousands of sign-ins from one address are not an attack here
    }
    acompana = [sys.executable, "-m", "acompana"]
    subprocess.run([*acompana, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([*acompana, "collectstatic", "--noinput", "-v0"], env=env, check=True)
    server = subprocess.Popen(
        [*acompana, "serve"],
        env={**env, "WEB_MAX_REQUESTS": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        except OSError:
            time.sleep(0.2)
            continue
        for _ in range(4 * workers):  # every worker has loaded Django before the clock starts
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=60).read()
        return server
    server.terminate()
    sys.exit("gunicorn did not start")


PLAN: Plan


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 5)
    accounts: list[dict] = []

    def on_start(self) -> None:
        self.account = random.choice(self.accounts)
        token = CSRF.search(self.open("/accounts/login/", "sign-in page"))
        self.send(
            "/accounts/login/",
            {
                "username": self.account["email"],
                "password": PLAN.password,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            "sign in",
        )

    def open(self, url: str, name: str) -> str:
        """GET ``url``; an error status or a lost session (sent to sign in) is a failure."""
        with self.client.get(url, name=name, catch_response=True) as response:
            lost = "/accounts/login/" in response.url and "/accounts/login/" not in url
            if response.status_code != 200 or lost:
                response.failure(f"{response.status_code} at {response.url}")
            return response.text

    def send(self, url: str, data: dict, name: str) -> None:
        """POST a form as a browser does; anything but a redirect to a page or 200 fails."""
        headers = {"Referer": f"{self.host}{url}"}
        with self.client.post(
            url, data=data, headers=headers, name=name, catch_response=True
        ) as response:
            if response.status_code != 200 or "/accounts/login/" in response.url:
                response.failure(f"{response.status_code} at {response.url}")


class Mentor(Person):
    weight = 6

    def on_start(self) -> None:
        self.accounts = PLAN.mentors
        super().on_start()
        self.visit = f"/p/{self.account['slug']}/visits/{self.account['visit']}/"

    @task(4)
    def home(self) -> None:
        self.open("/", "mentor: home")

    @task(2)
    def visit_list(self) -> None:
        self.open(f"/p/{self.account['slug']}/visits/", "mentor: visit list")

    @task(3)
    def visit_page(self) -> None:
        self.open(self.visit, "mentor: visit page")

    @task(1)
    def calendar(self) -> None:
        self.open(f"/calendar/{self.account['feed']}.ics", "mentor: calendar feed")

    @task(1)
    def notebook_save(self) -> None:
        text = self.open(self.visit, "mentor: visit page")
        token, version = CSRF.search(text), VERSION.search(text)
        data = {
            "csrfmiddlewaretoken": token.group(1) if token else "",
            "version": version.group(1) if version else "0",
            "context": "Aula de cuarto grado",
            "events": f"Observación {random.randint(1, 10**6)}",
            "interpretation": "",
            "notes": "",
        }
        self.send(f"{self.visit}notebook/", data, "mentor: notebook save")

    @task(1)
    def commitment_add(self) -> None:
        token = CSRF.search(self.open(self.visit, "mentor: visit page"))
        data = {
            "csrfmiddlewaretoken": token.group(1) if token else "",
            "text": "Preparar la reunión con docentes",
            "owner": "mentee",
            "due_on": "2030-01-15",
        }
        self.send(f"{self.visit}commitments/", data, "mentor: commitment add")


class Principal(Person):
    weight = 3

    def on_start(self) -> None:
        self.accounts = PLAN.principals
        super().on_start()

    @task(3)
    def home(self) -> None:
        self.open("/", "principal: home")

    @task(2)
    def own_page(self) -> None:
        url = f"/p/{self.account['slug']}/mentees/{self.account['code']}/"
        self.open(url, "principal: commitments (own page)")


class Coordinator(Person):
    weight = 1

    def on_start(self) -> None:
        self.accounts = PLAN.coordinators
        super().on_start()

    @task(2)
    def home(self) -> None:
        self.open("/", "coordinator: home")

    @task(2)
    def visit_list(self) -> None:
        self.open(f"/p/{self.account['slug']}/visits/", "coordinator: visit list")

    @task(1)
    def coverage(self) -> None:
        url = f"/p/{self.account['slug']}/visits/coverage/"
        self.open(url, "coordinator: coverage")


def report(env: Environment, seconds: float) -> None:
    total = env.stats.total

    def row(name: str, entry) -> str:
        return (
            f"{name:<40} {entry.num_requests:>7} {entry.num_failures:>6} "
            f"{entry.get_response_time_percentile(0.5):>7.0f} "
            f"{entry.get_response_time_percentile(0.95):>7.0f} "
            f"{entry.get_response_time_percentile(0.99):>7.0f}"
        )

    print(f"{'request':<40} {'count':>7} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for (name, _method), entry in sorted(env.stats.entries.items()):
        print(row(f"{name}", entry))
    print(row("all", total))
    print(
        f"{total.num_requests / seconds:.1f} requests/s over {seconds:.0f} s, "
        f"{total.num_failures} errors"
    )
    for error in list(env.stats.errors.values())[:5]:
        print(f"  error x{error.occurrences}: {error.method} {error.name}: {error.error}")


def main() -> None:
    global PLAN
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="users started per second")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--password", required=True, help="the password of every account")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database holding a program.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acompana.config.settings")
    os.environ["HTTPS"] = "false"
    port = free_port()
    server = start_server(port, args.workers, args.threads)  # migrates the database first
    PLAN = plan_from_database(args.password)
    from django.db import connections

    connections.close_all()
    print(machine())
    print(
        f"gunicorn {args.workers} workers x {args.threads} threads; {args.users} users "
        f"(spawned at {args.spawn_rate}/s) for {args.seconds} s; {len(PLAN.mentors)} mentors, "
        f"{len(PLAN.principals)} principals, {len(PLAN.coordinators)} coordinators"
    )
    try:
        env = Environment(user_classes=[Mentor, Principal, Coordinator], events=events)
        env.host = f"http://127.0.0.1:{port}"
        for user_class in (Mentor, Principal, Coordinator):
            user_class.host = env.host
        runner = env.create_local_runner()
        started = time.perf_counter()
        runner.start(args.users, spawn_rate=args.spawn_rate)
        gevent.sleep(args.seconds)
        runner.quit()
        report(env, time.perf_counter() - started)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
