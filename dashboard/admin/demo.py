"""Removing the demo: every illustrative row and user, in one transaction; reference data stays."""

from __future__ import annotations

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from dashboard.access.auth import Action, CurrentUser, authorize
from dashboard.store import audit
from dashboard.store.models import (
    AssessmentRound,
    AuditEntry,
    Criterion,
    EuAssessment,
    ImplementationAssessment,
    Option,
    OptionScore,
    ProfileWeight,
    Recommendation,
    RoundScore,
    RoundSnapshot,
    SavedScenario,
    ScoringRound,
    ThematicArea,
    User,
    WeightProfile,
)

CONFIRMATION = "remove demo data"  # what an administrator types to confirm


def remove_demo(session: Session, user: CurrentUser) -> dict[str, int]:
    """Delete every illustrative row and user; returns how many rows went from each table.

    The audit log keeps its entries (with the demo user's e-mail as the actor) and records the
    removal itself. Reference data (Member States, thematic areas, options, criteria as seeded)
    stays; catalogue items added in demo mode go unless real data refers to them.
    """
    authorize(user, Action.MANAGE)
    demo_users = select(User.id).where(User.illustrative)
    demo_recs = select(Recommendation.id).where(Recommendation.illustrative)
    demo_rounds = select(AssessmentRound.id).where(AssessmentRound.illustrative)
    demo_options = select(Option.id).where(Option.illustrative)
    demo_criteria = select(Criterion.id).where(Criterion.illustrative)
    demo_profiles = select(WeightProfile.id).where(
        or_(WeightProfile.illustrative, WeightProfile.owner_id.in_(demo_users))
    )
    a, s = ImplementationAssessment, OptionScore
    counts = {
        "round_snapshot": _delete(session, RoundSnapshot, RoundSnapshot.round_id.in_(demo_rounds)),
        "implementation_assessment": _delete(
            session, a, or_(a.illustrative, a.author_id.in_(demo_users), a.recommendation_id.in_(demo_recs))
        ),
    }
    session.execute(update(a).where(a.round_id.in_(demo_rounds)).values(round_id=None))  # real rows stay
    e = EuAssessment
    counts["eu_assessment"] = _delete(
        session, e, or_(e.illustrative, e.author_id.in_(demo_users), e.recommendation_id.in_(demo_recs))
    )
    counts["option_score"] = _delete(
        session,
        s,
        or_(
            s.illustrative,
            s.expert_id.in_(demo_users),
            s.option_id.in_(demo_options),
            s.criterion_id.in_(demo_criteria),
        ),
    )
    session.execute(
        delete(ProfileWeight).where(
            or_(ProfileWeight.profile_id.in_(demo_profiles), ProfileWeight.criterion_id.in_(demo_criteria))
        )
    )
    counts["weight_profile"] = _delete(session, WeightProfile, WeightProfile.id.in_(demo_profiles))
    demo_scoring = select(ScoringRound.id).where(ScoringRound.illustrative)
    counts["round_score"] = _delete(
        session,
        RoundScore,
        or_(
            RoundScore.round_id.in_(demo_scoring),
            RoundScore.expert_id.in_(demo_users),
            RoundScore.option_id.in_(demo_options),
            RoundScore.criterion_id.in_(demo_criteria),
        ),
    )
    counts["scoring_round"] = _delete(session, ScoringRound, ScoringRound.illustrative)
    counts["saved_scenario"] = _delete(
        session, SavedScenario, or_(SavedScenario.illustrative, SavedScenario.owner_id.in_(demo_users))
    )
    counts["assessment_round"] = _delete(session, AssessmentRound, AssessmentRound.illustrative)
    counts["recommendation"] = _delete(session, Recommendation, Recommendation.illustrative)
    counts |= _delete_unused_catalogue(session)
    session.execute(update(AuditEntry).where(AuditEntry.user_id.in_(demo_users)).values(user_id=None))
    session.execute(update(WeightProfile).where(WeightProfile.owner_id.in_(demo_users)).values(owner_id=None))
    counts["app_user"] = _delete(session, User, User.illustrative)
    # A demo persona removing the demo is itself gone now: the entry keeps its e-mail only.
    actor = user.email if user.illustrative else user
    audit.record(session, actor, "remove", "demo data", "all", None, counts)
    return counts


def _delete(session: Session, model, condition) -> int:
    return session.execute(delete(model).where(condition)).rowcount or 0


def _delete_unused_catalogue(session: Session) -> dict[str, int]:
    """Areas, options and criteria added in demo mode, unless real data still refers to them."""
    used_areas = select(Recommendation.area_id)
    used_options = select(OptionScore.option_id)
    used_criteria = select(OptionScore.criterion_id).union(select(ProfileWeight.criterion_id))
    return {
        "thematic_area": _delete(
            session, ThematicArea, ThematicArea.illustrative & ThematicArea.id.not_in(used_areas)
        ),
        "option": _delete(session, Option, Option.illustrative & Option.id.not_in(used_options)),
        "criterion": _delete(session, Criterion, Criterion.illustrative & Criterion.id.not_in(used_criteria)),
    }


def demo_summary(session: Session) -> dict[str, int]:
    """How many illustrative rows each table holds (what ``remove_demo`` would delete)."""
    tables = (User, Recommendation, ImplementationAssessment, OptionScore, AssessmentRound, WeightProfile)
    return {
        model.__tablename__: session.scalar(select(func.count()).select_from(model).where(model.illustrative))
        or 0
        for model in tables
    }
