"""Which pages exist, where they sit in the menu, and who may open them."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.access.auth import Action, CurrentUser, may_open


@dataclass(frozen=True)
class PageSpec:
    path: str  # the page script, relative to the repository root
    title: str
    icon: str  # Material symbol
    section: str
    action: Action = Action.VIEW  # what the user must be allowed to do to see the page
    default: bool = False

    @property
    def url_path(self) -> str:
        """The page's address: its file name without the folder and ``.py`` (``/eu_overview``)."""
        return self.path.rsplit("/", 1)[-1].removesuffix(".py")


PAGES: list[PageSpec] = [
    PageSpec("pages/overview.py", "Overview", ":material/dashboard:", "Dashboard", default=True),
    PageSpec("pages/about.py", "About", ":material/info:", "Dashboard"),
    PageSpec("pages/eu_overview.py", "EU overview", ":material/public:", "Implementation"),
    PageSpec("pages/member_state.py", "Member State profile", ":material/flag:", "Implementation"),
    PageSpec("pages/recommendation.py", "Recommendation profile", ":material/article:", "Implementation"),
    PageSpec("pages/eu_actions.py", "EU-level actions", ":material/account_balance:", "Implementation"),
    PageSpec(
        "pages/due.py", "What is due", ":material/pending_actions:", "Implementation", Action.RECORD_STATUS
    ),
    PageSpec(
        "pages/review.py",
        "Review submissions",
        ":material/rate_review:",
        "Implementation",
        Action.ASSESS_STATUS,
    ),
    PageSpec(
        "pages/import_statuses.py",
        "Import from Excel",
        ":material/upload_file:",
        "Implementation",
        Action.IMPORT_DATA,
    ),
    PageSpec("pages/options.py", "Options assessment", ":material/leaderboard:", "Options"),
    PageSpec("pages/sensitivity.py", "Sensitivity and robustness", ":material/tune:", "Options"),
    PageSpec("pages/scoring.py", "Score options", ":material/edit_note:", "Options", Action.SCORE_OPTIONS),
    PageSpec("pages/delphi.py", "Scoring rounds", ":material/forum:", "Options"),
    PageSpec(
        "pages/weights.py", "Weights and profiles", ":material/balance:", "Options", Action.SAVE_WEIGHTS
    ),
    PageSpec("pages/register.py", "Recommendations", ":material/checklist:", "Reference"),
    PageSpec("pages/catalogue.py", "Options and criteria", ":material/account_tree:", "Reference"),
    PageSpec(
        "pages/manage_register.py",
        "Manage the register",
        ":material/edit_document:",
        "Administration",
        Action.MANAGE,
    ),
    PageSpec(
        "pages/manage_catalogue.py",
        "Manage the catalogue",
        ":material/category:",
        "Administration",
        Action.MANAGE,
    ),
    PageSpec(
        "pages/option_facts.py",
        "Facts and consistency",
        ":material/fact_check:",
        "Administration",
        Action.MANAGE,
    ),
    PageSpec(
        "pages/rounds.py", "Assessment rounds", ":material/event_available:", "Administration", Action.MANAGE
    ),
    PageSpec("pages/users.py", "Users", ":material/group:", "Administration", Action.MANAGE),
    PageSpec("pages/audit_log.py", "Audit log", ":material/history:", "Administration", Action.READ_AUDIT),
    PageSpec("pages/demo_data.py", "Demo data", ":material/science:", "Administration", Action.MANAGE),
]


def pages_for(user: CurrentUser) -> dict[str, list[PageSpec]]:
    """The pages ``user`` may open, grouped by menu section in menu order."""
    sections: dict[str, list[PageSpec]] = {}
    for page in PAGES:
        if may_open(user, page.action):
            sections.setdefault(page.section, []).append(page)
    return sections
