"""Permission probes: every public service function that takes the acting user is listed here as a
write (with the action it needs) or a read (checked, or open to every role with the reason), so a
new one cannot slip in unclassified; every write is called by every role, for their own and another
Member State, and refuses whoever may not, changing nothing, whoever the caller is (no page needed).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import inspect
import pkgutil
from collections.abc import Callable

import pytest

import dashboard
from dashboard.access import audit_log, users
from dashboard.access.auth import Action, CurrentUser, can
from dashboard.access.demo import demo_persona
from dashboard.admin import backup, demo
from dashboard.assessment import (
    catalogue,
    delphi,
    facts,
    report,
    saved_scenarios,
    scenario,
    scoring,
    weight_profiles,
)
from dashboard.assessment.weights import Weights
from dashboard.enums import Addressee, Fact, Priority, Role, StatusLevel
from dashboard.errors import InvalidInput, PermissionDenied
from dashboard.excel.upload import UploadRefused
from dashboard.monitoring import (
    corrections,
    due,
    eu_actions,
    importing,
    mail,
    recording,
    register,
    register_import,
    review,
    review_view,
    rounds,
)
from dashboard.monitoring import report as monitoring_report
from dashboard.store.db import session_scope
from tests.excel_files import filled
from tests.inputs import criterion_input
from tests.registers import REGISTER, contents, register_file

TODAY = dt.date.today()
OWN, OTHER = "EL", "PT"  # the probing official's Member State, and another


def _status(s, _u):
    return recording.StatusEntry("P-2", OWN, StatusLevel.SOME, TODAY - dt.timedelta(days=3), "Plan adopted.")


def _recommendation(code: str) -> register.RecommendationInput:
    return register.RecommendationInput(
        code, 1, "Probe recommendation", Addressee.MEMBER_STATES, dt.date(2018, 5, 18), Priority.HIGH,
        "Final report of the HLCEG-R", "9.9",
    )  # fmt: skip


def _scores(s, u):
    grid = scoring.score_grid(s, u).set_index(["option", "criterion"])
    version = int(grid.loc[("O1", "C01"), "version"])
    return [scoring.CellEdit("O1", "C01", 2, "Probe: much better.", version)]


def _status_file(s, u) -> bytes:
    admin = demo_persona(s, Role.ADMIN)
    blank = importing.upload_template(s, admin, TODAY)
    from dashboard.excel import template

    return filled(template.render(blank), [[OWN, "P-2", "Some progress", TODAY, "Plan adopted.", None]])


def _register_file(s, _u) -> bytes:
    admin = demo_persona(s, Role.ADMIN)
    return register_file(s.get_bind(), admin, [["R-90", *REGISTER[0][1:]]])


def _edit_option(s, u):
    entry, version, _ = catalogue.catalogue_item(s, "option", "O9")
    return catalogue.edit_option(s, u, "O9", dataclasses.replace(entry, name="Renamed by a probe"), version)


def _edit_criterion(s, u):
    entry, version, _ = catalogue.catalogue_item(s, "criterion", "C99")
    return catalogue.edit_criterion(s, u, "C99", dataclasses.replace(entry, name="Renamed"), version)


def _added_option(s):
    """In demo mode the catalogue as seeded stays; an item added by the demo administrator may change."""
    catalogue.add_option(s, demo_persona(s, Role.ADMIN), catalogue.OptionInput("O9", "Probe option"))


def _added_criterion(s):
    criterion = criterion_input("C99", "Probe")
    catalogue.add_criterion(s, demo_persona(s, Role.ADMIN), criterion)


def _every_criterion(s) -> dict[str, float]:
    return {code: 10.0 for code in catalogue.criteria_table(s)["Code"]}


def _save_scenario(s, u, name):
    codes = list(catalogue.criteria_table(s).query("~Retired")["Code"])
    link = scenario.encode(codes, Weights.equal(codes, 50), "weighted_sum", "mean")
    return saved_scenarios.save_scenario(s, u, name, link, codes)


def _edit_recommendation(s, u):
    entry, version, _ = register.recommendation_record(s, "P-1")
    return register.edit_recommendation(s, u, "P-1", dataclasses.replace(entry, title="Renamed"), version)


def _write_assessments(s, u):
    entry = _status(s, u)
    return recording.write_assessments(s, u, recording.ledger(s, [entry]), [entry])


def _write_submissions(s, u):
    entry = _status(s, u)
    return review.write_submissions(s, u, recording.ledger(s, [entry]), [entry])


def _submitted(s, *steps: str) -> None:
    """A submission of OWN's official, taken through ``steps`` by the secretariat and the official."""
    official, admin = demo_persona(s, Role.MS_OFFICIAL, OWN), demo_persona(s, Role.ADMIN)
    submission = review.submit_status(s, official, _status(s, official))
    for step in steps:
        if step == "contest":
            review.contest(s, admin, submission, StatusLevel.LIMITED, "Probe: only a plan so far.")
        elif step == "reply":
            review.reply(s, official, submission, "Probe: the plan is adopted.")


def _submission(s) -> int:
    from sqlalchemy import func, select

    from dashboard.store.models import StatusSubmission

    return s.scalar(select(func.max(StatusSubmission.id)))


def _assessed(s) -> int:
    from sqlalchemy import func, select

    from dashboard.store.models import ImplementationAssessment

    return s.scalar(select(func.max(ImplementationAssessment.id)))


def _send_reminders(s, u):
    from tests.smtp_sink import SmtpSink

    with SmtpSink() as sink:
        return mail.send_reminders(s, u, mail.MailSettings("127.0.0.1", sink.port))


def _open_round(s):
    rounds.add_round(s, demo_persona(s, Role.ADMIN), "2026 review", TODAY - dt.timedelta(days=1))


def _bound_account(s):
    admin = demo_persona(s, Role.ADMIN)
    identity = users.Identity("https://login.example.eu", "s-viewer", "viewer@example.com", True)
    assert users.sign_in(s, identity).user is not None
    del admin


@dataclasses.dataclass(frozen=True)
class Probe:
    action: Action
    call: Callable  # (session, user) -> anything: a call that succeeds for a user who may
    bound: bool = False  # for a Member State (OWN)
    setup: Callable | None = None  # run first, as the system
    elsewhere: tuple[type[Exception], str] = (PermissionDenied, "")  # how another state's official is refused


WRITES: dict[Callable, Probe] = {
    users.add_user: Probe(
        Action.MANAGE, lambda s, u: users.add_user(s, u, "probe@example.eu", "P", Role.VIEWER)
    ),
    users.set_role: Probe(
        Action.MANAGE, lambda s, u: users.set_role(s, u, "viewer@example.com", Role.EXPERT)
    ),
    users.set_active: Probe(Action.MANAGE, lambda s, u: users.set_active(s, u, "viewer@example.com", False)),
    users.unbind: Probe(
        Action.MANAGE, lambda s, u: users.unbind(s, u, "viewer@example.com"), setup=_bound_account
    ),
    users.record_sign_in: Probe(Action.VIEW, lambda s, u: users.record_sign_in(s, u)),
    backup.restore: Probe(Action.MANAGE, lambda s, u: backup.restore(s, u, {"schema": "none"})),
    demo.remove_demo: Probe(Action.MANAGE, lambda s, u: demo.remove_demo(s, u)),
    catalogue.add_option: Probe(
        Action.MANAGE, lambda s, u: catalogue.add_option(s, u, catalogue.OptionInput("O9", "Probe option"))
    ),
    catalogue.add_criterion: Probe(
        Action.MANAGE,
        lambda s, u: catalogue.add_criterion(s, u, criterion_input("C99", "Probe")),
    ),
    catalogue.edit_option: Probe(Action.MANAGE, _edit_option, setup=_added_option),
    catalogue.edit_criterion: Probe(Action.MANAGE, _edit_criterion, setup=_added_criterion),
    catalogue.retire: Probe(
        Action.MANAGE, lambda s, u: catalogue.retire(s, u, "option", "O9", True), setup=_added_option
    ),
    facts.save_fact: Probe(
        Action.MANAGE,
        lambda s, u: facts.save_fact(
            s, u, facts.FactInput("O9", Fact.SET_UP, 6, 12, "Probe source", TODAY), None
        ),
        setup=_added_option,
    ),
    delphi.open_round: Probe(Action.MANAGE, lambda s, u: delphi.open_round(s, u)),
    delphi.close_round: Probe(
        Action.MANAGE,
        lambda s, u: delphi.close_round(s, u),
        setup=lambda s: delphi.open_round(s, demo_persona(s, Role.ADMIN)),
    ),
    saved_scenarios.save_scenario: Probe(Action.VIEW, lambda s, u: _save_scenario(s, u, "Probe")),
    saved_scenarios.remove_scenario: Probe(
        Action.VIEW,
        lambda s, u: saved_scenarios.remove_scenario(s, u, "Mine"),
        setup=lambda s: _save_scenario(s, demo_persona(s, Role.ADMIN), "Mine"),
    ),
    scoring.save_scores: Probe(Action.SCORE_OPTIONS, lambda s, u: scoring.save_scores(s, u, _scores(s, u))),
    weight_profiles.save_profile: Probe(
        Action.SAVE_WEIGHTS,
        lambda s, u: weight_profiles.save_profile(s, u, "Probe", _every_criterion(s), shared=True),
    ),
    recording.record_assessment: Probe(
        Action.ASSESS_STATUS, lambda s, u: recording.record_assessment(s, u, _status(s, u))
    ),
    recording.write_assessments: Probe(Action.ASSESS_STATUS, _write_assessments),
    review.submit_status: Probe(
        Action.RECORD_STATUS, lambda s, u: review.submit_status(s, u, _status(s, u)), bound=True
    ),
    review.write_submissions: Probe(Action.RECORD_STATUS, _write_submissions, bound=True),
    review.withdraw_submission: Probe(
        Action.RECORD_STATUS,
        lambda s, u: review.withdraw_submission(s, u, _submission(s), "Probe: sent by mistake."),
        bound=True,
        setup=_submitted,
    ),
    review.validate: Probe(
        Action.ASSESS_STATUS, lambda s, u: review.validate(s, u, _submission(s)), setup=_submitted
    ),
    review.contest: Probe(
        Action.ASSESS_STATUS,
        lambda s, u: review.contest(s, u, _submission(s), StatusLevel.LIMITED, "Probe: a plan only."),
        setup=_submitted,
    ),
    review.reply: Probe(
        Action.RECORD_STATUS,
        lambda s, u: review.reply(s, u, _submission(s), "Probe: adopted since."),
        bound=True,
        setup=lambda s: _submitted(s, "contest"),
    ),
    review.accept: Probe(
        Action.ASSESS_STATUS,
        lambda s, u: review.accept(s, u, _submission(s)),
        setup=lambda s: _submitted(s, "contest", "reply"),
    ),
    review.keep: Probe(
        Action.ASSESS_STATUS,
        lambda s, u: review.keep(s, u, _submission(s), "Probe: the law is not in force."),
        setup=lambda s: _submitted(s, "contest", "reply"),
    ),
    corrections.withdraw_status: Probe(
        Action.ASSESS_STATUS,
        lambda s, u: corrections.withdraw_status(s, u, _assessed(s), "Probe: wrong state."),
    ),
    corrections.correct_status: Probe(
        Action.ASSESS_STATUS,
        lambda s, u: corrections.correct_status(
            s, u, _assessed(s), StatusLevel.LIMITED, "Probe: a plan only.", "Probe: misread the report."
        ),
    ),
    importing.import_statuses: Probe(
        Action.IMPORT_DATA,
        lambda s, u: importing.import_statuses(s, u, _status_file(s, u)),
        bound=True,
        # another state's official may import their own rows: this file's are refused row by row
        elsewhere=(UploadRefused, "'EL': you may import rows only for Portugal (PT)"),
    ),
    eu_actions.record_eu_status: Probe(
        Action.MANAGE,
        lambda s, u: eu_actions.record_eu_status(
            s, u, eu_actions.EuEntry("C-1", StatusLevel.SUBSTANTIAL, TODAY, "Probe: adopted at EU level.")
        ),
    ),
    mail.send_reminders: Probe(Action.MANAGE, _send_reminders),
    register.add_area: Probe(Action.MANAGE, lambda s, u: register.add_area(s, u, "Probe area")),
    register.rename_area: Probe(
        Action.MANAGE, lambda s, u: register.rename_area(s, u, 1, "Renamed area", False)
    ),
    register.add_recommendation: Probe(
        Action.MANAGE, lambda s, u: register.add_recommendation(s, u, _recommendation("R-99"))
    ),
    register.edit_recommendation: Probe(Action.MANAGE, _edit_recommendation),
    register.retire_recommendation: Probe(
        Action.MANAGE, lambda s, u: register.retire_recommendation(s, u, "P-1", TODAY)
    ),
    register_import.import_register: Probe(
        Action.MANAGE, lambda s, u: register_import.import_register(s, u, _register_file(s, u))
    ),
    rounds.add_round: Probe(Action.MANAGE, lambda s, u: rounds.add_round(s, u, "2026 review", TODAY)),
    rounds.close_round: Probe(
        Action.MANAGE, lambda s, u: rounds.close_round(s, u, "2026 review"), setup=_open_round
    ),
    rounds.reopen_round: Probe(Action.MANAGE, lambda s, u: rounds.reopen_round(s, u, "2025 review")),
    rounds.publish_round: Probe(Action.MANAGE, lambda s, u: rounds.publish_round(s, u, "2025 review")),
}
EXPECTED_REFUSAL = {
    backup.restore: "restore into a database migrated to the same revision"
}  # the one write a demo database refuses

# Reads that expose personal data or the audit log check permission themselves.
CHECKED_READS: dict[Callable, tuple[Action, Callable]] = {
    users.list_users: (Action.MANAGE, lambda s, u: users.list_users(s, u)),
    backup.backup: (Action.MANAGE, lambda s, u: backup.backup(s, u)),
    audit_log.audit_page: (
        Action.READ_AUDIT,
        lambda s, u: audit_log.audit_page(s, u, audit_log.AuditFilter()),
    ),
    audit_log.audit_report: (
        Action.READ_AUDIT,
        lambda s, u: audit_log.audit_report(s, u, audit_log.AuditFilter()),
    ),
    audit_log.choices: (Action.READ_AUDIT, lambda s, u: audit_log.choices(s, u)),
    audit_log.history_of: (
        Action.READ_AUDIT,
        lambda s, u: audit_log.history_of(s, u, "recommendation", "P-1"),
    ),
    register_import.register_template: (Action.MANAGE, lambda s, u: register_import.register_template(s, u)),
    due.due_for: (Action.RECORD_STATUS, lambda s, u: due.due_for(s, u, OWN)),
    due.due_by_state: (Action.MANAGE, lambda s, u: due.due_by_state(s, u)),
    due.reminders: (Action.MANAGE, lambda s, u: due.reminders(s, u)),
    due.reminder_report: (Action.MANAGE, lambda s, u: due.reminder_report(s, u)),
    mail.reminder_messages: (Action.MANAGE, lambda s, u: mail.reminder_messages(s, u, "from@example.eu")),
}
# Reads every role may make, and why they take the user.
OPEN_READS: dict[Callable, str] = {
    report.options_report: "the options workbook names who made it",
    monitoring_report.implementation_report: "the workbook names who made it",
    importing.upload_template: "an official's template lists only their own Member State",
    scoring.score_grid: "the user's own scores only",
    facts.check_scores: "lists scores by expert, as the options workbook does",
    saved_scenarios.my_scenarios: "the user's own scenarios only",
    delphi.feedback: "the user's own score beside the group's, with no names",
    review_view.submissions: "a submission waiting for review only to its Member State and the secretariat",
    review_view.own_statuses: "as submissions",
    review_view.thread: "as submissions",
    review_view.review_rows: "as submissions (the workbook's Review sheet)",
    weight_profiles.list_profiles: "the shared profiles and the user's own",
}
NOT_SERVICES = {"dashboard.access.auth", "dashboard.access.navigation", "dashboard.store.audit"}


def _user_functions() -> set[Callable]:
    """Every public function of the service packages that takes the acting user."""
    found = set()
    for module in pkgutil.walk_packages(dashboard.__path__, "dashboard."):
        name = module.name
        if (
            name.startswith(("dashboard.ui", "dashboard.cli"))
            or name.endswith("__main__")
            or name in NOT_SERVICES
        ):
            continue
        for fname, function in inspect.getmembers(importlib.import_module(name), inspect.isfunction):
            if function.__module__ != name or fname.startswith("_"):
                continue
            hints = [str(p.annotation) for p in inspect.signature(function).parameters.values()]
            if any("CurrentUser" in h for h in hints):
                found.add(function)
    return found


def test_every_service_function_taking_the_user_is_classified():
    classified = set(WRITES) | set(CHECKED_READS) | set(OPEN_READS)
    missing = {f"{f.__module__}.{f.__name__}" for f in _user_functions() - classified}
    assert not missing, f"classify these as a write or a read: {sorted(missing)}"


def _personas(s) -> dict[str, CurrentUser]:
    admin = demo_persona(s, Role.ADMIN)
    return {
        "viewer": demo_persona(s, Role.VIEWER),
        "expert": demo_persona(s, Role.EXPERT),
        "official of the state": demo_persona(s, Role.MS_OFFICIAL, OWN),
        "official of another state": demo_persona(s, Role.MS_OFFICIAL, OTHER),
        "official without a state": dataclasses.replace(
            demo_persona(s, Role.MS_OFFICIAL, OWN), member_state=None
        ),
        "deactivated administrator": dataclasses.replace(admin, active=False),
        "administrator": admin,
    }


def _may(user: CurrentUser, probe: Probe) -> bool:
    return can(user, probe.action, OWN if probe.bound else None) if probe.bound else can(user, probe.action)


@pytest.mark.parametrize("write", list(WRITES), ids=lambda f: f"{f.__module__.split('.')[-1]}.{f.__name__}")
def test_a_write_refuses_whoever_may_not_and_changes_nothing(demo_engine, write):
    probe = WRITES[write]
    if probe.setup:
        with session_scope(demo_engine) as s:
            probe.setup(s)
    with session_scope(demo_engine) as s:
        personas = _personas(s)
    allowed, refused = [], []
    for who, user in personas.items():
        (allowed if _may(user, probe) else refused).append(who)
        if who in allowed:
            continue
        before = contents(demo_engine)
        refusal, words = probe.elsewhere if who == "official of another state" else (PermissionDenied, "")
        with pytest.raises(refusal) as raised, session_scope(demo_engine) as s:
            probe.call(s, user)
        assert words in str(raised.value)
        assert contents(demo_engine) == before, f"{who}: a refused {write.__name__} changed data"
    assert "administrator" in allowed or probe.bound
    assert "deactivated administrator" in refused
    if probe.action is not Action.VIEW:
        assert {"viewer", "official without a state"} <= set(refused)
    doer = personas["official of the state" if probe.bound else allowed[-1]]
    with session_scope(demo_engine) as s:
        if write in EXPECTED_REFUSAL:
            with pytest.raises(InvalidInput, match=EXPECTED_REFUSAL[write]):
                probe.call(s, doer)
        else:
            probe.call(s, doer)  # the same call succeeds for who may: the probe reached the write


@pytest.mark.parametrize(
    "read", list(CHECKED_READS), ids=lambda f: f"{f.__module__.split('.')[-1]}.{f.__name__}"
)
def test_a_read_of_personal_data_or_the_audit_log_checks_permission_itself(demo_engine, read):
    action, call = CHECKED_READS[read]
    with session_scope(demo_engine) as s:
        for user in _personas(s).values():
            if can(user, action, OWN):  # a read bound to a Member State is made for OWN
                call(s, user)
            else:
                with pytest.raises(PermissionDenied):
                    call(s, user)
