"""Importing a partnership's people: who they are, their agency, title and line manager.

New people get no password: they sign in through their organisation (single sign-on) or
set one from the invitation `escalate partnership invite` sends. An import never touches
an administrator of the whole site or anyone outside the partnership.
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower

from escalate.onboarding.plan import Change, Plan
from escalate.onboarding.table import ImportRefused, Problem, Row
from escalate.partnerships.models import Agency, Partnership, Person

COLUMNS = ("username", "first_name", "last_name", "email", "agency")
OPTIONAL = ("job_title", "line_manager")
FIELDS = ("first_name", "last_name", "email", "job_title")
_username = UnicodeUsernameValidator()


class _Checker:
    def __init__(self, partnership: Partnership, rows: list[Row]) -> None:
        self.partnership = partnership
        self.rows = rows
        self.problems: list[Problem] = []
        usernames = {row.get("username") for row in rows}
        emails = {row.get("email").lower() for row in rows}
        self.existing = {p.username: p for p in Person.objects.filter(username__in=usernames)}
        self.email_owners = dict(
            Person.objects.annotate(address=Lower("email"))
            .filter(address__in=emails - {""})
            .values_list("address", "username")
        )
        self.agencies = {a.name.lower(): a for a in partnership.agencies.all()}
        self.managers = dict(
            Person.objects.filter(
                agency__partnership=partnership, line_manager__isnull=False
            ).values_list("username", "line_manager__username")
        )
        self.members = set(
            Person.objects.filter(agency__partnership=partnership).values_list(
                "username", flat=True
            )
        )

    def refuse(self, row: Row, column: str, message: str) -> None:
        self.problems.append(Problem(row.line, message, column))

    def check(self, row: Row, seen_names: dict[str, int], seen_emails: dict[str, int]) -> bool:
        before = len(self.problems)
        username, email = row.get("username"), row.get("email")
        try:
            _username(username)
        except ValidationError:
            self.refuse(row, "username", "Write a username of letters, digits and @ . + - _ only")
            return False
        if len(username) > 150:
            self.refuse(row, "username", "A username must be 150 characters or fewer")
        if username in seen_names:
            self.refuse(row, "username", f"'{username}' is also on line {seen_names[username]}")
        seen_names.setdefault(username, row.line)
        person = self.existing.get(username)
        if person is not None and (person.is_superuser or person.is_staff):
            self.refuse(
                row,
                "username",
                f"'{username}' administers the whole site: an import "
                "cannot change them. Choose another username",
            )
        elif person is not None and person.partnership_id != self.partnership.pk:
            self.refuse(
                row,
                "username",
                f"'{username}' is someone outside this partnership. Choose another username",
            )
        for column in ("first_name", "last_name"):
            if not row.get(column):
                self.refuse(row, column, f"Write the person's {column.replace('_', ' ')}")
            elif len(row.get(column)) > 150:
                self.refuse(row, column, "Write 150 characters or fewer")
        self._check_email(row, username, email, seen_emails)
        if row.get("agency").lower() not in self.agencies:
            self.refuse(
                row,
                "agency",
                f"There is no agency '{row.get('agency')}' in this "
                "partnership. Import the agencies first, or correct the name",
            )
        if len(row.get("job_title")) > 200:
            self.refuse(row, "job_title", "Write 200 characters or fewer")
        return len(self.problems) == before

    def _check_email(self, row: Row, username: str, email: str, seen: dict[str, int]) -> None:
        try:
            validate_email(email)
        except ValidationError:
            self.refuse(
                row, "email", f"'{email}' is not an email address. Write it like name@agency.org.uk"
            )
            return
        if email.lower() in seen:
            self.refuse(
                row,
                "email",
                f"{email} is also on line {seen[email.lower()]}: each "
                "person needs their own address",
            )
        seen.setdefault(email.lower(), row.line)
        owner = self.email_owners.get(email.lower())
        if owner is not None and owner != username:
            self.refuse(
                row,
                "email",
                f"{email} belongs to someone else already: each person needs their own address",
            )

    def check_managers(self, names: set[str]) -> None:
        chart = dict(self.managers)
        for row in self.rows:
            chart.pop(row.get("username"), None)
            if row.get("line_manager"):
                chart[row.get("username")] = row.get("line_manager")
        for row in self.rows:
            manager, username = row.get("line_manager"), row.get("username")
            if not manager:
                continue
            if manager == username:
                self.refuse(row, "line_manager", "A person cannot be their own line manager")
            elif manager not in names and manager not in self.members:
                self.refuse(
                    row,
                    "line_manager",
                    f"Nobody in this partnership or this file has the username '{manager}'",
                )
            elif _loops(chart, username):
                self.refuse(
                    row,
                    "line_manager",
                    f"Line managers go round in a circle from "
                    f"'{username}': someone must be at the top",
                )


def _loops(chart: dict[str, str], start: str) -> bool:
    seen = {start}
    current = chart.get(start)
    while current is not None:
        if current in seen:
            return current == start
        seen.add(current)
        current = chart.get(current)
    return False


def plan_people(partnership: Partnership, rows: list[Row]) -> Plan:
    checker = _Checker(partnership, rows)
    names: dict[str, int] = {}
    emails: dict[str, int] = {}
    good = [row for row in rows if checker.check(row, names, emails)]
    checker.check_managers(set(names))
    if checker.problems:
        raise ImportRefused(sorted(checker.problems, key=lambda p: p.line))
    return _plan(partnership, checker, good)


def _plan(partnership: Partnership, checker: _Checker, rows: list[Row]) -> Plan:
    plan = Plan(kind="people")
    new: list[Person] = []
    changed: list[Person] = []
    managers: dict[str, str | None] = {}
    for row in rows:
        agency: Agency = checker.agencies[row.get("agency").lower()]
        values = {name: row.get(name) for name in FIELDS}
        person = checker.existing.get(row.get("username"))
        managers[row.get("username")] = row.get("line_manager") or None
        if person is None:
            new.append(
                Person(
                    username=row.get("username"),
                    agency=agency,
                    password=make_password(None),
                    **values,
                )
            )
            plan.changes.append(
                Change(
                    row.line, "add", f"{values['first_name']} {values['last_name']} ({agency.name})"
                )
            )
            continue
        differences = [
            name.replace("_", " ") for name in FIELDS if getattr(person, name) != values[name]
        ]
        if person.agency_id != agency.pk:
            differences.append(f"agency to {agency.name}")
        old_manager = checker.managers.get(person.username)
        if old_manager != managers[person.username]:
            differences.append("line manager")
        if differences:
            for name, value in values.items():
                setattr(person, name, value)
            person.agency = agency
            changed.append(person)
            plan.changes.append(
                Change(row.line, "change", f"{person.display_name}: {', '.join(differences)}")
            )
        else:
            plan.unchanged += 1

    def save() -> None:
        Person.objects.bulk_create(new)
        Person.objects.bulk_update(changed, [*FIELDS, "agency"])
        _set_managers(partnership, managers)

    plan.steps.append(save)
    return plan


def _set_managers(partnership: Partnership, managers: dict[str, str | None]) -> None:
    wanted = set(managers) | {m for m in managers.values() if m}
    people = {
        p.username: p
        for p in Person.objects.filter(username__in=wanted, agency__partnership=partnership)
    }
    updates = []
    for username, manager in managers.items():
        person = people[username]
        manager_id = people[manager].pk if manager else None
        if person.line_manager_id != manager_id:
            person.line_manager_id = manager_id
            updates.append(person)
    Person.objects.bulk_update(updates, ["line_manager"])
