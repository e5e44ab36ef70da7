"""The newsroom's three roles and what each may do.

Roles are Django groups seeded by a data migration; code checks permissions, never
group names, so an admin can widen a role from the admin without touching code.
"""

FACT_CHECKER = "Fact-checker"
EDITOR = "Editor"
ADMIN = "Admin"

# Permission codenames (app "articles" unless prefixed) granted to each role, cumulative.
_FACT_CHECKER_PERMS = [
    "review_claim",
    "view_article",
    "view_claim",
    "view_quote",
    "view_speaker",
    "view_outlet",
    "view_source",
    "view_factcheck",
    "view_citation",
    "view_correction",
    "view_rating",
    "view_auditevent",
    "change_claim",
    "change_quote",
    "add_factcheck",
    "change_factcheck",
    "add_citation",
    "change_citation",
    "delete_citation",
    "add_source",
    "change_source",
    "add_outlet",
    "add_speaker",
    "change_speaker",
]
_EDITOR_PERMS = _FACT_CHECKER_PERMS + ["publish_factcheck", "add_correction"]
_ADMIN_PERMS = _EDITOR_PERMS + [
    "run_import",
    "view_importbatch",
    "add_importbatch",
    "change_importbatch",
    "add_article",
    "change_article",
    "delete_article",
    "add_rating",
    "change_rating",
    "delete_rating",
    "change_outlet",
    "delete_outlet",
    "delete_source",
    "delete_speaker",
    "add_speakeralias",
    "change_speakeralias",
    "delete_speakeralias",
    "view_speakeralias",
    # Feed subscriptions (migration 0008); the workbench's feed pages need only run_import.
    "view_feedsubscription",
    "add_feedsubscription",
    "change_feedsubscription",
    "delete_feedsubscription",
    "view_feedpoll",
    "view_feedentry",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    FACT_CHECKER: _FACT_CHECKER_PERMS,
    EDITOR: _EDITOR_PERMS,
    ADMIN: _ADMIN_PERMS,
}

# The permission each workbench capability requires, named once for views and templates.
REVIEW = "articles.review_claim"
PUBLISH = "articles.publish_factcheck"
IMPORT = "articles.run_import"
