"""The program menu: what people do in a program, grouped by the program's cycle.

Defined once here and rendered by ``includes/program_nav.html`` (through the
``program_menu`` template tag). Each item names the roles that see it; a person sees only the
groups that keep at least one item for their roles. The current place is found from the
resolved URL: the item whose URL name is the page's is the page (``aria-current="page"``);
an item that lists the page's URL name in ``places`` is where the page sits
(``aria-current="true"``), e.g. a visit's page sits under "Visits".
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from acompana.accounts.models import Role
from acompana.accounts.permissions import roles_in

COORDINATOR = Role.COORDINATOR.value
MENTOR = Role.MENTOR.value
MENTEE = Role.MENTEE.value
SPECIALIST = Role.SPECIALIST.value
TRAINER = Role.TRAINER.value
RESEARCHER = Role.RESEARCHER.value
ANYONE: None = None  # every person who sees the program's menu, with a role there or not


@dataclass(frozen=True)
class Item:
    label: str | Promise
    url_name: str
    roles: frozenset[str] | None  # None: anyone
    places: tuple[str, ...] = ()  # other pages (URL names) that sit under this item


@dataclass(frozen=True)
class Group:
    label: str | Promise
    items: tuple[Item, ...]


def _item(label: Promise, url_name: str, roles: Iterable[str] | None, *places: str) -> Item:
    return Item(label, url_name, None if roles is None else frozenset(roles), tuple(places))


# The program's home (its name at the top of the menu).
HOME = _item(
    _("Overview"),
    "programs:detail",
    ANYONE,
    "programs:cohort",
    "programs:cohort_new",
    "programs:cohort_edit",
    "hub:rollover",
    "hub:review",
    "hub:review_point_edit",
)

MENU: tuple[Group, ...] = (
    Group(
        _("People"),
        (
            _item(
                _("Mentors"),
                "people:mentors",
                {COORDINATOR, TRAINER, SPECIALIST, MENTOR, MENTEE},
                "hub:mentor",
            ),
            _item(
                _("Mentees"),
                "people:mentees",
                {COORDINATOR, SPECIALIST, MENTOR, MENTEE},
                "hub:mentee",
            ),
            _item(
                _("People and access"),
                "programs:members",
                {COORDINATOR},
                "programs:member_add",
                "programs:invitations",
            ),
            _item(_("Schools"), "programs:schools", {COORDINATOR}),
            _item(_("Import"), "people:import", {COORDINATOR}),
        ),
    ),
    Group(
        _("Selection and training"),
        (
            _item(
                _("Selection"),
                "selection:calls",
                {COORDINATOR},
                "selection:call",
                "selection:rubric",
                "selection:applications",
                "selection:application",
            ),
            _item(
                _("Training"),
                "training:index",
                {COORDINATOR, MENTOR, TRAINER},
                "training:session",
                "training:attendance_all",
                "training:plan_feedback",
                "training:groups_print",
                "training:specialists",
            ),
            _item(
                _("Readiness"),
                "training:readiness",
                {COORDINATOR, MENTOR, TRAINER},
                "training:readiness_items",
            ),
            _item(_("Buddies"), "training:buddies", {COORDINATOR, MENTOR}),
        ),
    ),
    Group(
        _("Matching"),
        (_item(_("Matching"), "matching:runs", {COORDINATOR}, "matching:run", "matching:pair"),),
    ),
    Group(
        _("Field work"),
        (
            _item(
                _("Visits"),
                "visits:list",
                {COORDINATOR, SPECIALIST, MENTOR, MENTEE},
                "visits:detail",
                "calendar:visit",
                "visits:commitments_overdue",
            ),
            _item(
                _("Rounds"),
                "visits:rounds",
                {COORDINATOR, SPECIALIST, MENTOR, MENTEE},
                "visits:coverage",
                "visits:protocol",
            ),
            _item(
                _("Instruments"),
                "visits:instruments",
                {COORDINATOR, MENTOR, SPECIALIST, TRAINER},
                "visits:instrument",
            ),
            _item(
                _("Agreements"),
                "agreements:list",
                {COORDINATOR, MENTOR, MENTEE},
                "agreements:detail",
                "agreements:issue",
                "agreements:revise",
                "agreements:templates",
                "agreements:template",
                "agreements:template_new",
                "agreements:goal_add",
                "agreements:goal_progress",
                "agreements:partnership_change",
            ),
            _item(
                _("My journal"),
                "journal:index",
                {MENTEE},
                "journal:new",
                "journal:entry",
                "journal:shared",
            ),
            _item(_("Shared journals"), "journal:shared", {MENTOR}),
        ),
    ),
    Group(
        _("Group work"),
        (
            _item(
                _("Group sessions"),
                "group_sessions:list",
                {COORDINATOR, MENTOR, SPECIALIST},
                "group_sessions:detail",
                "group_sessions:edit",
                "group_sessions:series",
                "group_sessions:report",
                "group_sessions:session_create",
                "group_sessions:series_create",
            ),
            _item(
                _("Informal meetings"),
                "group_sessions:meetings",
                {COORDINATOR, MENTOR},
                "group_sessions:network",
            ),
            _item(
                _("Circles"),
                "circles:list",
                {COORDINATOR, MENTOR, MENTEE, SPECIALIST},
                "circles:create",
                "circles:detail",
                "circles:edit",
                "circles:meeting",
                "circles:record",
                "circles:commitments",
                "circles:forming",
                "circles:forming_run",
            ),
        ),
    ),
    Group(
        _("Results"),
        (
            _item(
                _("Program health"),
                "health:page",
                {COORDINATOR, SPECIALIST, MENTOR},
                "health:list",
                "health:settings",
            ),
            _item(
                _("Surveys"),
                "surveys:index",
                {COORDINATOR},
                "surveys:questionnaire",
                "surveys:results",
                "surveys:distribution",
            ),
            _item(_("My surveys"), "surveys:mine", ANYONE, "surveys:answer"),
            _item(_("Mentor experience"), "people:mentor_experience", {COORDINATOR, RESEARCHER}),
            _item(_("In person and virtual"), "hub:modality", {COORDINATOR, RESEARCHER}),
            _item(
                _("Time and cost"),
                "costs:index",
                {COORDINATOR, MENTOR},
                "costs:time",
                "costs:time_edit",
                "costs:expenses",
                "costs:expense",
                "costs:budget",
                "costs:report",
                "costs:protected_time",
            ),
            _item(
                _("Protected time"),
                "costs:protected_time",
                {MENTEE},
                "costs:protected_time_approve",
            ),
            _item(
                _("Self-assessments"),
                "growth:list",
                {COORDINATOR, MENTOR, MENTEE, SPECIALIST},
                "growth:start",
                "growth:detail",
                "growth:edit",
                "growth:evidence",
            ),
        ),
    ),
    Group(
        _("Research"),
        (_item(_("Research"), "research:studies", {COORDINATOR, RESEARCHER}, "research:*"),),
    ),
    Group(
        _("Audit log"),
        (_item(_("Audit log"), "programs:audit", {COORDINATOR}),),
    ),
)


@dataclass
class Link:
    label: str | Promise
    url: str
    current: str = ""  # "page", "true" (a page under this link) or "" (elsewhere)


@dataclass
class MenuGroup:
    label: str | Promise
    links: list[Link]

    @property
    def single(self) -> bool:
        """A group of one link named as the group is shown as that link alone."""
        return len(self.links) == 1 and str(self.links[0].label) == str(self.label)

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


@dataclass
class Menu:
    home: Link
    groups: list[MenuGroup] = field(default_factory=list)

    @property
    def place(self) -> tuple[MenuGroup, Link] | None:
        """The group and link of the page being shown, if the menu has it."""
        for group in self.groups:
            for link in group.links:
                if link.current:
                    return group, link
        return None


def _where(item: Item, view_name: str) -> str:
    if view_name == item.url_name:
        return "page"
    for place in item.places:
        if view_name == place or (place.endswith(":*") and view_name.startswith(place[:-1])):
            return "true"
    return ""


def program_menu(*, roles: Iterable[str], program_slug: str, view_name: str = "") -> Menu:
    """The menu of one program for a person with ``roles`` there, on the page ``view_name``
    (``namespace:name`` of the resolved URL)."""
    have = frozenset(roles)
    home = Link(HOME.label, reverse(HOME.url_name, args=[program_slug]), _where(HOME, view_name))
    menu = Menu(home=home)
    for group in MENU:
        links = [
            Link(item.label, reverse(item.url_name, args=[program_slug]), _where(item, view_name))
            for item in group.items
            if item.roles is None or item.roles & have
        ]
        if links:
            menu.groups.append(MenuGroup(group.label, links))
    return menu


def menu_for_request(request: Any, program: Any) -> Menu:
    """The menu of ``program`` for the signed-in person, on the page the request resolved to."""
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match is not None else ""
    return program_menu(
        roles=roles_in(request.user, program), program_slug=program.slug, view_name=view_name
    )
