"""The ``escalate`` command: policies, the working-day clock and the demo."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import get_args

from django.core.exceptions import ImproperlyConfigured

from escalate.policy.case import CaseFacts
from escalate.policy.clock import LONDON, NATIONS, WorkingCalendar
from escalate.policy.durations import DurationError, parse_duration
from escalate.policy.lint import policy_warnings
from escalate.policy.loader import PolicyError, find_policy, load_policy, shipped_policies
from escalate.policy.render import policy_text, timeline_text, when
from escalate.policy.routing import GENERAL, on_route, route_keys
from escalate.policy.schema import CHILD_STATUSES, AgencyKind
from escalate.policy.timeline import timeline_json, worst_case


class UsageError(Exception):
    """A mistake in the command line, explained in plain words."""


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"'{text}' is not a date and time. Write it as YYYY-MM-DDTHH:MM, "
            "for example 2026-12-24T10:00 (Europe/London time)"
        ) from None
    return moment.replace(tzinfo=LONDON) if moment.tzinfo is None else moment


def _list(args: argparse.Namespace) -> int:
    policies = [policy.summary() for policy in shipped_policies().values()]
    if args.json:
        print(json.dumps(policies, indent=2))
    else:
        for item in policies:
            print(f"{item['id']:<14} {item['partnership']} (version {item['version']})")
    return 0


def _check(args: argparse.Namespace) -> int:
    failed = False
    for name in args.files:
        try:
            policy = load_policy(Path(name))
        except PolicyError as error:
            failed = True
            for problem in error.problems:
                print(problem, file=sys.stderr)
        else:
            print(f"{name}: valid ({policy.partnership}, version {policy.version})")
            text = Path(name).read_text(encoding="utf-8")
            for warning in policy_warnings(text, name):
                print(warning)
    return 1 if failed else 0


def _show(args: argparse.Namespace) -> int:
    print(policy_text(find_policy(args.policy)))
    return 0


def _timeline(args: argparse.Namespace) -> int:
    policy = find_policy(args.policy)
    facts = CaseFacts(
        child_status=args.child_status,
        immediate_risk=args.immediate_risk,
        raising_agency=args.raising_agency,
        receiving_agency=args.receiving_agency,
    )
    try:
        policy = on_route(policy, args.route)
    except KeyError:
        keys = ", ".join(route_keys(policy))
        raise UsageError(f"{policy.id} has no route '{args.route}'. Name one of: {keys}") from None
    timeline = worst_case(policy, facts, _moment(args.start))
    if args.json:
        print(json.dumps(timeline_json(timeline), indent=2))
    else:
        print(timeline_text(timeline))
    return 0


def _due(args: argparse.Namespace) -> int:
    try:
        duration = parse_duration(args.duration)
    except DurationError as error:
        raise UsageError(str(error)) from None
    due = duration.due(WorkingCalendar(nation=args.nation), _moment(args.start))
    print(f"{when(due)} Europe/London ({due.isoformat()})")
    return 0


def _load_settings() -> None:
    """Read the settings now, so a wrong one stops the command with its plain message."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "escalate.settings")
    from django.conf import settings

    settings.INSTALLED_APPS  # noqa: B018 (reading it imports the settings module)


def _django(argv: Sequence[str]) -> None:
    _load_settings()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["escalate", *argv])


def demo_environment() -> None:
    """The demo opts in to development mode (production is the default everywhere else), with
    DEBUG off unless asked for, so a missing page is the service's own page rather than
    Django's technical one listing every address."""
    if os.environ.setdefault("ESCALATE_ENV", "development") != "development":
        raise UsageError(
            "the demo makes fictional people who all share one published password, so it "
            "runs only in development mode. Unset ESCALATE_ENV or write "
            "ESCALATE_ENV=development (never against a real partnership's database)"
        )
    os.environ.setdefault("ESCALATE_DEBUG", "false")


def _demo(args: argparse.Namespace) -> int:
    """Build the demo on SQLite (or DATABASE_URL) and serve it; safe to run again."""
    demo_environment()
    data_dir = Path(os.environ.setdefault("ESCALATE_DATA_DIR", str(Path.cwd() / "var")))
    data_dir.mkdir(parents=True, exist_ok=True)
    _django(["migrate", "--noinput", "--verbosity", "0"])
    _django(["load_demo"])
    if args.no_serve:
        return 0
    print(f"Emails are written to {data_dir / 'mail'} (one file per message).")
    print(f"\nEscalate is running at http://{args.address}/  (press Ctrl+C to stop)\n")
    worker = subprocess.Popen([sys.executable, "-m", "escalate.cli", "worker", "--interval", "10"])
    try:
        _django(["runserver", args.address, "--noreload"])
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return 0


def _serve(args: argparse.Namespace) -> int:
    from escalate.ops.serve import ServeSettingError, serve_settings

    try:
        server = serve_settings()
    except ServeSettingError as error:
        raise UsageError(str(error)) from None
    _load_settings()  # a wrong setting stops here, once, not in every worker process
    from escalate.ops import commands

    return commands.serve(server)


def _migrate(args: argparse.Namespace) -> int:
    _setup_django()
    from escalate.ops import commands

    return commands.migrate()


def _deploy_check(args: argparse.Namespace) -> int:
    _setup_django()
    from escalate.ops import commands

    return commands.check()


def _setup_django() -> None:
    _load_settings()
    import django

    django.setup()


def _worker(args: argparse.Namespace) -> int:
    _django(["run_worker", "--interval", args.interval, *(["--once"] if args.once else [])])
    return 0


def _partnership(args: argparse.Namespace) -> int:
    _django(["partnership", *args.arguments])
    return 0


def _api(args: argparse.Namespace) -> int:
    _django(["api_token", *args.arguments])
    return 0


def _manage(args: argparse.Namespace) -> int:
    _django(args.arguments)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="escalate", description="Run safeguarding partnerships' escalation procedures."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    policy = commands.add_parser("policy", help="the partnerships' policies").add_subparsers(
        dest="policy_command", required=True
    )
    listing = policy.add_parser("list", help="the shipped policies")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=_list)
    check = policy.add_parser("check", help="check policy files; exit 1 if any is wrong")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.set_defaults(handler=_check)
    show = policy.add_parser("show", help="a policy's ladder as readable text")
    show.add_argument("policy", metavar="ID|FILE")
    show.set_defaults(handler=_show)
    timeline = policy.add_parser("timeline", help="the worst-case timeline of a policy")
    timeline.add_argument("policy", metavar="ID|FILE")
    timeline.add_argument("--start", required=True, help="when it is raised, like 2026-12-24T10:00")
    timeline.add_argument("--immediate-risk", action="store_true")
    timeline.add_argument("--route", default=GENERAL, help="one of the policy's routes")
    timeline.add_argument("--child-status", choices=CHILD_STATUSES, default="none")
    timeline.add_argument("--raising-agency", choices=get_args(AgencyKind), default=None)
    timeline.add_argument("--receiving-agency", choices=get_args(AgencyKind), default=None)
    timeline.add_argument("--json", action="store_true", help="print JSON")
    timeline.set_defaults(handler=_timeline)

    clock = commands.add_parser("clock", help="the working-day clock").add_subparsers(
        dest="clock_command", required=True
    )
    due = clock.add_parser("due", help="when something is due")
    due.add_argument("start", help="like 2026-12-24T10:00 (Europe/London)")
    due.add_argument("duration", help='like "5 working days"')
    due.add_argument("--nation", choices=NATIONS, default="england")
    due.set_defaults(handler=_due)

    demo = commands.add_parser("demo", help="build the demo data and serve the web app")
    demo.add_argument("--address", default="127.0.0.1:8000", help="where to serve it")
    demo.add_argument("--no-serve", action="store_true", help="build the demo data only")
    demo.set_defaults(handler=_demo)
    serve = commands.add_parser(
        "serve", help="the production web server (settings from ESCALATE_BIND, ESCALATE_WEB_*)"
    )
    serve.set_defaults(handler=_serve)
    migrate = commands.add_parser("migrate", help="bring the database up to this version")
    migrate.set_defaults(handler=_migrate)
    deploy_check = commands.add_parser(
        "check", help="check a deployment's settings, database and mail server; exit 1 if wrong"
    )
    deploy_check.set_defaults(handler=_deploy_check)
    worker = commands.add_parser("worker", help="send notifications, reminders and alerts")
    worker.add_argument("--once", action="store_true", help="do what is due and exit (for cron)")
    worker.add_argument("--interval", default="30", help="seconds between passes")
    worker.set_defaults(handler=_worker)
    partnership = commands.add_parser(
        "partnership", help="create a partnership, import its directory (CSV), invite people"
    )
    partnership.add_argument("arguments", nargs=argparse.REMAINDER)
    partnership.set_defaults(handler=_partnership)
    api = commands.add_parser("api", help="API tokens: create, service, list, revoke")
    api.add_argument("arguments", nargs=argparse.REMAINDER)
    api.set_defaults(handler=_api)
    manage = commands.add_parser("manage", help="Django's management commands")
    manage.add_argument("arguments", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result: int = args.handler(args)
    except PolicyError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    except UsageError as error:
        print(f"escalate: {error}", file=sys.stderr)
        return 2
    except ImproperlyConfigured as error:
        print(f"escalate: a setting is wrong. {error}", file=sys.stderr)
        return 2
    return result


if __name__ == "__main__":
    sys.exit(main())
