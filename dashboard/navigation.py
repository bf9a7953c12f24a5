"""Which pages exist, where they sit in the menu, and who may open them."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.auth import Action, CurrentUser, can


@dataclass(frozen=True)
class PageSpec:
    path: str  # relative to the repository root
    title: str
    icon: str  # Material symbol
    section: str
    action: Action = Action.VIEW  # what the user must be allowed to do to see the page
    default: bool = False


PAGES: list[PageSpec] = [
    PageSpec("views/overview.py", "Overview", ":material/dashboard:", "Dashboard", default=True),
    PageSpec("views/eu_overview.py", "EU overview", ":material/public:", "Implementation"),
    PageSpec("views/member_state.py", "Member State profile", ":material/flag:", "Implementation"),
    PageSpec("views/recommendation.py", "Recommendation profile", ":material/article:", "Implementation"),
    PageSpec(
        "views/import_statuses.py",
        "Import from Excel",
        ":material/upload_file:",
        "Implementation",
        Action.IMPORT_DATA,
    ),
    PageSpec("views/options.py", "Options assessment", ":material/leaderboard:", "Options"),
    PageSpec("views/sensitivity.py", "Sensitivity and robustness", ":material/tune:", "Options"),
    PageSpec("views/scoring.py", "Score options", ":material/edit_note:", "Options", Action.SCORE_OPTIONS),
    PageSpec(
        "views/weights.py", "Weights and profiles", ":material/balance:", "Options", Action.SAVE_WEIGHTS
    ),
    PageSpec("views/register.py", "Recommendations", ":material/checklist:", "Reference"),
    PageSpec("views/catalogue.py", "Options and criteria", ":material/account_tree:", "Reference"),
    PageSpec("views/users.py", "Users", ":material/group:", "Administration", Action.MANAGE),
    PageSpec("views/audit_log.py", "Audit log", ":material/history:", "Administration", Action.READ_AUDIT),
]


def pages_for(user: CurrentUser) -> dict[str, list[PageSpec]]:
    """The pages ``user`` may open, grouped by menu section in menu order."""
    sections: dict[str, list[PageSpec]] = {}
    for page in PAGES:
        if can(user, page.action):
            sections.setdefault(page.section, []).append(page)
    return sections
