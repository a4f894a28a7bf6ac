"""The ``escalate`` command: policies, timelines and the working-day clock."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from escalate.cli import main

BRENT = (resources.files("escalate.policy") / "policies" / "brent.yaml").read_text(encoding="utf-8")
SHIPPED = {"brent", "bromley", "haringey", "lincolnshire", "st-helens"}
DASH = "\N{EN DASH}"
BRENT_TITLES = [
    f"Stage One {DASH} Involving your Line manager",
    f"Stage Two {DASH} involving the worker from other agency/service",
    f"Stage Three {DASH} Escalate Line Manager to Line Manager",
    f"Stage Four {DASH} Escalate to named/designated safeguarding leads"
    " or senior operational manager",
    f"Stage Five {DASH} Involving the Local Safeguarding Board (LSCB)",
]
TIMELINE_KEYS = {
    "format",
    "policy",
    "start",
    "immediate_risk",
    "child_status",
    "target_due",
    "complete",
    "stages",
    "notifications",
    "final_decision",
}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _line_of(text: str, fragment: str) -> int:
    assert text.count(fragment) == 1, fragment
    return text.count("\n", 0, text.index(fragment)) + 1


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _brent_with(old: str, new: str) -> str:
    assert BRENT.count(old) == 1, old
    return BRENT.replace(old, new)


# policy list


def test_list_names_every_shipped_policy(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "policy", "list")
    assert code == 0
    assert err == ""
    ids = [line.split()[0] for line in out.splitlines() if line.strip()]
    assert "brent" in ids
    assert len(ids) == len(set(ids))
    assert set(ids) == SHIPPED
    assert "Brent Local Safeguarding Children Board (version 2)" in out


def test_list_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "policy", "list", "--json")
    assert code == 0
    items = json.loads(out)
    assert isinstance(items, list)
    for item in items:
        assert set(item) == {"id", "partnership", "title", "version", "effective_date"}
        assert all(isinstance(value, str) and value for value in item.values())
    assert {item["id"] for item in items} == SHIPPED
    (brent,) = [item for item in items if item["id"] == "brent"]
    assert brent == {
        "id": "brent",
        "partnership": "Brent Local Safeguarding Children Board",
        "title": "Inter-Agency Escalation Policy",
        "version": "2",
        "effective_date": "2014-12-03",
    }


# policy check


def test_check_good_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _write(tmp_path, "brent.yaml", BRENT)
    code, out, err = _run(capsys, "policy", "check", str(path))
    assert code == 0
    assert err == ""
    assert out.strip() == f"{path}: valid (Brent Local Safeguarding Children Board, version 2)"


def test_check_bad_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = _brent_with(
        "    actors: [line-manager@both]\n",
        "    actors: [line-manager@both]\n    deadline: 5 days\n",
    )
    path = _write(tmp_path, "brent.yaml", text)
    code, out, err = _run(capsys, "policy", "check", str(path))
    assert code == 1
    assert out == ""
    line = _line_of(text, "deadline: 5 days")
    assert err.startswith(
        f"{path}, line {line}, stages[2].deadline.within: '5 days' is not a deadline "
        "Escalate understands."
    )
    assert 'for example "5 working days"' in err
    assert "Traceback" not in err


def test_check_several_files_reports_each(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = _write(tmp_path, "good.yaml", BRENT)
    nation = _write(tmp_path, "nation.yaml", _brent_with("nation: england", "nation: france"))
    prefix = _write(
        tmp_path, "prefix.yaml", _brent_with("reference_prefix: BRE", "reference_prefix: Brent")
    )
    missing = tmp_path / "missing.yaml"
    code, out, err = _run(
        capsys, "policy", "check", str(nation), str(good), str(prefix), str(missing)
    )
    assert code == 1
    assert f"{good}: valid" in out
    lines = err.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"{nation}, line 13, nation: 'france' is not allowed here.")
    assert lines[1].startswith(f"{prefix}, line 12, reference_prefix: 'Brent' is not in the right")
    assert lines[2] == f"{missing}: there is no such file. Check the path"


def test_check_file_with_several_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = _brent_with("nation: england", "nation: france").replace(
        "reference_prefix: BRE", "reference_prefix: Brent"
    )
    path = _write(tmp_path, "two.yaml", text)
    code, _, err = _run(capsys, "policy", "check", str(path))
    assert code == 1
    assert f"{path}, line 12, reference_prefix:" in err
    assert f"{path}, line 13, nation:" in err


def test_check_file_that_is_not_utf8(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"\xff\xfe" + "partnership: Br\xe9nt\n".encode("latin-1"))
    code, _, err = _run(capsys, "policy", "check", str(path))
    assert code == 1
    assert err.strip() == f"{path}: the file is not UTF-8 text. Save it as UTF-8"


def test_check_file_with_a_control_character(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _write(tmp_path, "bell.yaml", BRENT.replace("short_name: ", "short_name: \x07"))
    code, _, err = _run(capsys, "policy", "check", str(path))
    assert code == 1
    assert err.startswith(f"{path}, line 5")


# policy show


def test_show_contains_stage_titles(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "policy", "show", "brent")
    assert code == 0
    assert out.startswith("Brent Local Safeguarding Children Board: Inter-Agency Escalation Policy")
    for title in BRENT_TITLES:
        assert title in out
    positions = [out.index(title) for title in BRENT_TITLES]
    assert positions == sorted(positions)


def test_show_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _write(tmp_path, "mine.yaml", BRENT)
    code, out, _ = _run(capsys, "policy", "show", str(path))
    assert code == 0
    assert BRENT_TITLES[4] in out


def test_show_unknown_policy(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "policy", "show", "camden")
    assert code == 1
    assert out == ""
    assert err.startswith("camden: there is no shipped policy with this id and no such file.")
    for policy_id in SHIPPED:
        assert policy_id in err


# policy timeline


def test_timeline_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(
        capsys, "policy", "timeline", "brent", "--start", "2026-12-24T10:00", "--json"
    )
    assert code == 0
    assert err == ""
    timeline = json.loads(out)
    assert set(timeline) == TIMELINE_KEYS
    assert timeline["format"] == 1
    assert timeline["policy"] == {"id": "brent", "version": "2"}
    assert timeline["start"] == "2026-12-24T10:00:00+00:00"
    assert timeline["immediate_risk"] is False
    assert timeline["child_status"] == "none"
    assert timeline["target_due"] == "2027-01-05T17:00:00+00:00"
    assert [stage["title"] for stage in timeline["stages"]] == BRENT_TITLES
    assert timeline["stages"][0]["starts"] == "2026-12-24T10:00:00+00:00"
    assert isinstance(timeline["notifications"], list)


def test_timeline_immediate_risk(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys,
        "policy",
        "timeline",
        "brent",
        "--start",
        "2026-12-24T10:00",
        "--immediate-risk",
        "--json",
    )
    assert code == 0
    timeline = json.loads(out)
    assert timeline["immediate_risk"] is True
    assert timeline["stages"][0]["deadline"] == "2026-12-24T17:00:00+00:00"


def test_timeline_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "policy", "timeline", "brent", "--start", "2026-12-24T10:00")
    assert code == 0
    assert "Target: resolved by Tue 05 Jan 2027 17:00" in out
    assert BRENT_TITLES[0] in out


@pytest.mark.parametrize("start", ["24/12/2026 10:00", "tomorrow", "2026-13-01T10:00", ""])
def test_timeline_bad_start(capsys: pytest.CaptureFixture[str], start: str) -> None:
    code, out, err = _run(capsys, "policy", "timeline", "brent", "--start", start)
    assert code == 2
    assert out == ""
    assert err.startswith(f"escalate: '{start}' is not a date and time.")
    assert "Write it as YYYY-MM-DDTHH:MM" in err
    assert "Traceback" not in err


# clock due


def test_clock_due(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "clock", "due", "2026-12-24T10:00", "5 working days")
    assert code == 0
    assert err == ""
    assert out.strip() == "Tue 05 Jan 2027 17:00 Europe/London (2027-01-05T17:00:00+00:00)"


def test_clock_due_bad_duration(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "clock", "due", "2026-12-24T10:00", "5 days")
    assert code == 2
    assert out == ""
    assert err.startswith("escalate: '5 days' is not a deadline Escalate understands.")
    assert 'for example "5 working days"' in err
    assert "Traceback" not in err


def test_clock_due_bad_start(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "clock", "due", "Christmas Eve", "5 working days")
    assert code == 2
    assert err.startswith("escalate: 'Christmas Eve' is not a date and time.")


@pytest.mark.parametrize(
    ("start", "duration", "england", "scotland"),
    [
        ("2026-11-27T10:00", "1 working day", "Mon 30 Nov 2026 17:00", "Tue 01 Dec 2026 17:00"),
        ("2026-11-30T10:00", "same working day", "Mon 30 Nov 2026 17:00", "Tue 01 Dec 2026 17:00"),
        ("2026-11-27T10:00", "5 working days", "Fri 04 Dec 2026 17:00", "Mon 07 Dec 2026 17:00"),
    ],
)
def test_clock_due_st_andrews_day(
    capsys: pytest.CaptureFixture[str], start: str, duration: str, england: str, scotland: str
) -> None:
    _, default, _ = _run(capsys, "clock", "due", start, duration)
    _, in_england, _ = _run(capsys, "clock", "due", start, duration, "--nation", "england")
    code, in_scotland, _ = _run(capsys, "clock", "due", start, duration, "--nation", "scotland")
    assert code == 0
    assert default == in_england
    assert in_england.startswith(england)
    assert in_scotland.startswith(scotland)


def test_clock_due_unknown_nation(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["clock", "due", "2026-11-27T10:00", "1 working day", "--nation", "cornwall"])
    assert exited.value.code == 2
    assert "invalid choice: 'cornwall'" in capsys.readouterr().err
