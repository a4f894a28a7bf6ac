"""Importing a partnership's directory from CSV: all or nothing, every problem by line."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from cast import partnership_for
from directory import AGENCIES, PEOPLE_HEADER, people_rows, write
from django.core.management import CommandError, call_command

from escalate.onboarding.services import import_directory
from escalate.onboarding.table import ImportRefused
from escalate.partnerships.models import Agency, AgencyKind, Partnership, Person, RoleHolder

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership() -> Partnership:
    partnership = partnership_for("brent")
    import_directory(partnership, "agencies", AGENCIES.encode(), apply=True)
    return partnership


def problems(partnership: Partnership, kind: str, text: str) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        import_directory(partnership, kind, text.encode("utf-8"), apply=True)
    return [str(problem) for problem in refused.value.problems]


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("partnership", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_five_hundred_people_with_one_bad_row_change_nothing_and_name_the_line(
    partnership: Partnership, tmp_path: Path
) -> None:
    rows = people_rows(500)
    rows[300] = rows[300].replace("@example.org", "-at-example.org")  # line 302 of the file
    path = write(tmp_path, "people.csv", PEOPLE_HEADER + "\n".join(rows) + "\n")
    with pytest.raises(CommandError, match="was not imported: nothing changed"):
        run("import", "brent", "people", str(path))
    assert not Person.objects.exists()
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("partnership", "import", "brent", "people", str(path), stderr=err)
    assert (
        "line 302, column 'email': 'person.0300-at-example.org' is not an email" in err.getvalue()
    )

    rows[300] = people_rows(500)[300]
    write(tmp_path, "people.csv", PEOPLE_HEADER + "\n".join(rows) + "\n")
    out, _ = run("import", "brent", "people", str(path))
    assert "Done. people: 500 to add, 0 to change" in out
    assert Person.objects.filter(agency__partnership=partnership).count() == 500
    assert Person.objects.get(username="person.0437").line_manager.username == "person.0430"
    assert not Person.objects.get(username="person.0437").has_usable_password()
    again, _ = run("import", "brent", "people", str(path))
    assert "0 to add, 0 to change, 500 already as the file says" in again


def test_a_dry_run_shows_the_changes_and_makes_none(
    partnership: Partnership, tmp_path: Path
) -> None:
    path = write(tmp_path, "people.csv", PEOPLE_HEADER + "\n".join(people_rows(3)) + "\n")
    out, _ = run("import", "brent", "people", str(path), "--dry-run")
    assert "line 2: add Sam0 Testworth (Greenfield Primary School)" in out
    assert "Dry run, nothing changed. people: 3 to add" in out
    assert not Person.objects.exists()


def test_changes_to_known_people_are_shown_field_by_field(partnership: Partnership) -> None:
    import_directory(
        partnership, "people", (PEOPLE_HEADER + people_rows(2)[0]).encode(), apply=True
    )
    moved = PEOPLE_HEADER + (
        "person.0000,Sam0,Testworth,person.0000@example.org,"
        "Northshire Community Health,School nurse,\n"
    )
    plan = import_directory(partnership, "people", moved.encode(), apply=True)
    assert [str(c) for c in plan.changes] == [
        "line 2: change Sam0 Testworth: job title, agency to Northshire Community Health"
    ]
    assert Person.objects.get(username="person.0000").agency.name == "Northshire Community Health"


def test_every_wrong_row_is_named(partnership: Partnership) -> None:
    Person.objects.create_superuser("root.admin", "root@example.org", "x" * 20)
    other = partnership_for("haringey")
    elsewhere = Agency.objects.create(partnership=other, name="Elsewhere", kind="school")
    Person.objects.create_user("far.away", "far@example.org", "x" * 20, agency=elsewhere)
    text = PEOPLE_HEADER + "\n".join(
        [
            "ok.one,Ok,One,ok.one@example.org,Greenfield Primary School,,",
            "ok.one,Ok,Again,ok.again@example.org,Greenfield Primary School,,",
            "no name,A,B,ab@example.org,Greenfield Primary School,,",
            "root.admin,Root,Admin,root2@example.org,Greenfield Primary School,,",
            "far.away,Far,Away,far2@example.org,Greenfield Primary School,,",
            "nobody.agency,No,Agency,na@example.org,Greenfeld Primary,,",
            "taken.email,Taken,Email,far@example.org,Greenfield Primary School,,",
            "loop.a,Loop,A,loop.a@example.org,Greenfield Primary School,,loop.b",
            "loop.b,Loop,B,loop.b@example.org,Greenfield Primary School,,loop.a",
            "ghost.boss,Ghost,Boss,gb@example.org,Greenfield Primary School,,ghost",
            ",Blank,Username,bu@example.org,Greenfield Primary School,,",
        ]
    )
    found = problems(partnership, "people", text)
    assert found == [
        "line 3, column 'username': 'ok.one' is also on line 2",
        "line 4, column 'username': Write a username of letters, digits and @ . + - _ only",
        "line 5, column 'username': 'root.admin' administers the whole site: an import "
        "cannot change them. Choose another username",
        "line 6, column 'username': 'far.away' is someone outside this partnership. "
        "Choose another username",
        "line 7, column 'agency': There is no agency 'Greenfeld Primary' in this partnership. "
        "Import the agencies first, or correct the name",
        "line 8, column 'email': far@example.org belongs to someone else already: each "
        "person needs their own address",
        "line 9, column 'line_manager': Line managers go round in a circle from 'loop.a': "
        "someone must be at the top",
        "line 10, column 'line_manager': Line managers go round in a circle from 'loop.b': "
        "someone must be at the top",
        "line 11, column 'line_manager': Nobody in this partnership or this file has the "
        "username 'ghost'",
        "line 12, column 'username': Write a username of letters, digits and @ . + - _ only",
    ]
    assert Person.objects.count() == 2


def test_agencies_by_kind_key_or_label_and_refused_kinds(partnership: Partnership) -> None:
    assert Agency.objects.get(name="Northshire Community Health").kind == AgencyKind.HEALTH
    found = problems(
        partnership, "agencies", "name,kind\nA Nursery,nursery\nA Nursery,school\n,school\n"
    )
    assert found[0].startswith(
        "line 2, column 'kind': 'nursery' is not a kind of agency. Write one of: school, health"
    )
    assert found[1:] == [
        "line 3, column 'name': 'A Nursery' is also on line 2: list each agency once",
        "line 4, column 'name': Write the agency's name",
    ]
    plan = import_directory(
        partnership, "agencies", b"name,kind\nGreenfield Primary School,voluntary\n", apply=True
    )
    assert plan.summary() == "agencies: 0 to add, 1 to change, 0 already as the file says"


def test_roles_only_from_the_vocabulary(partnership: Partnership) -> None:
    import_directory(
        partnership, "people", (PEOPLE_HEADER + people_rows(1)[0]).encode(), apply=True
    )
    found = problems(
        partnership,
        "roles",
        "username,role\nperson.0000,designated-safeguarding-leed\nsomeone.else,practitioner\n",
    )
    assert found == [
        "line 2, column 'role': 'designated-safeguarding-leed' is not a role this "
        "partnership's policy or the shared list names. See the roles list on the import page",
        "line 3, column 'username': Nobody in this partnership has the username "
        "'someone.else'. Import the people first",
    ]
    text = b"username,role\nperson.0000,designated-safeguarding-lead\nperson.0000,Practitioner\n"
    import_directory(partnership, "roles", text, apply=True)
    assert set(RoleHolder.objects.values_list("role", flat=True)) == {
        "designated-safeguarding-lead",
        "practitioner",
    }


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "The file is empty: its first line names the columns"),
        (
            b"name\nA school\n",
            "line 1: The header has no 'kind' column. The columns are: name, kind",
        ),
        (
            b"name,kind,colour\n",
            "line 1: 'colour' is not a column of this file. Use only: name, kind",
        ),
        (
            b"name,kind\nA,school,extra\n",
            "line 2: This line has 3 cells but the header names 2 "
            "columns. Put text with commas in double quotes",
        ),
        (
            "name,kind\nÉcole,school\n".encode("latin-1"),
            "The file must be UTF-8 text. In your spreadsheet, save as 'CSV UTF-8'",
        ),
    ],
)
def test_files_that_are_not_right_are_refused_plainly(
    partnership: Partnership, data: bytes, expected: str
) -> None:
    with pytest.raises(ImportRefused) as refused:
        import_directory(partnership, "agencies", data, apply=True)
    assert [str(p) for p in refused.value.problems] == [expected]


def test_a_spreadsheets_byte_order_mark_and_quoted_commas_are_read(
    partnership: Partnership,
) -> None:
    data = '\ufeffname,kind\n"Hill, Dale and Vale Academy",school\n'.encode()
    import_directory(partnership, "agencies", data, apply=True)
    assert Agency.objects.filter(name="Hill, Dale and Vale Academy").exists()


def test_the_command_names_unknown_partnerships_and_files(tmp_path: Path) -> None:
    partnership_for("brent")
    with pytest.raises(
        CommandError, match=r"There is no partnership 'nowhere'\. Those there are: brent"
    ):
        run("import", "nowhere", "agencies", str(tmp_path / "a.csv"))
    with pytest.raises(CommandError, match=r"Cannot read .*a\.csv: No such file"):
        run("import", "brent", "agencies", str(tmp_path / "a.csv"))
