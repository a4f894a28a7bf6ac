"""Who may use each address: the table that tests/web/test_url_access.py checks.

Each rule says, for everyone in the cast, what a GET and a POST get: ``ok`` (the page, or a
redirect onwards, or the form's own error), ``sign-in`` (anonymous: sent to sign in),
``404`` (not found, as if it did not exist), ``405`` (not a method the address takes),
``refused`` (401/403: a token or a signature is missing). The cast: ``anonymous``;
``raiser``, ``other`` (the professional it is with), ``manager`` and ``other_manager`` (their
line managers) and ``head`` (the raiser's manager's manager) are party to the escalation;
``colleague`` (same school), ``dsl`` (same school, a role not yet involved), ``outsider``
(health, same partnership) and ``stranger`` (another partnership) are not; ``officer`` (the
business manager and partnership administrator) and ``chair`` are the partnership's officers.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

CAST = (
    "anonymous",
    "raiser",
    "other",
    "manager",
    "other_manager",
    "head",
    "colleague",
    "dsl",
    "outsider",
    "stranger",
    "officer",
    "chair",
)
PARTIES = ("raiser", "other", "manager", "other_manager", "head")
OFFICERS = ("officer", "chair")
SIGNED_IN = tuple(name for name in CAST if name != "anonymous")


@dataclass(frozen=True)
class Expect:
    """What each person gets by GET and by POST; anyone not named gets ``others``."""

    get: dict[str, tuple[str, ...]] = field(default_factory=dict)
    post: dict[str, tuple[str, ...]] = field(default_factory=dict)
    others: tuple[str, ...] = ("404",)
    anonymous: tuple[str, ...] = ("sign-in",)
    # A PDF takes seconds to make: of those let in, only the first is asked (everyone who
    # must be refused is still asked, which is quick).
    costly: bool = False

    def outcome(self, who: str, method: str) -> tuple[str, ...]:
        if who == "anonymous" and who not in (self.get if method == "GET" else self.post):
            return self.anonymous
        return (self.get if method == "GET" else self.post).get(who, self.others)


def _for(people: tuple[str, ...], *outcome: str) -> dict[str, tuple[str, ...]]:
    return dict.fromkeys(people, outcome)


def only(
    people: tuple[str, ...], get: tuple[str, ...] = ("ok",), post: tuple[str, ...] = ("ok",)
) -> Expect:
    """``people`` may use it (GET ``get``, POST ``post``); anyone else signed in gets 404."""
    return Expect(get=_for(people, *get), post=_for(people, *post))


ADMINISTRATORS = ("officer",)
# The business manager of another partnership is an officer of their own: pages about "the
# partnership" show them their own partnership's, never this one's.
PARTNERSHIP_OFFICERS = (*OFFICERS, "stranger")

ANYONE = Expect(get=_for(CAST, "ok"), post=_for(CAST, "ok"))
SIGNED_IN_ONLY = only(SIGNED_IN)
PARTY = only(PARTIES + OFFICERS)
OFFICER_PAGE = only(PARTNERSHIP_OFFICERS)
ADMINISTRATOR_PAGE = only(ADMINISTRATORS)
POST_ONLY_FOR_OFFICERS = Expect(get=_for(SIGNED_IN, "405"), post=_for(PARTNERSHIP_OFFICERS, "ok"))
# Pages of something the cast's escalation (open, at its first stage) does not have yet: a
# meeting, an issued document, a decision. Only refusal is checked here: everyone gets 404
# and anonymous people are sent to sign in. Their permissions have tests of their own.
NOT_YET = Expect()

RULES: dict[str, Expect] = {
    "": SIGNED_IN_ONLY,
    "sign-in/": ANYONE,
    "accessibility/": Expect(get=_for(CAST, "ok"), post=_for(CAST, "ok", "405")),  # for all
    "sign-out/": Expect(get=_for(CAST, "405"), post=_for(CAST, "sign-in")),
    "account/contact/": SIGNED_IN_ONLY,
    "account/tokens/": SIGNED_IN_ONLY,  # each person's own tokens only (tests/api)
    "account/set-password/<uidb64>/<token>/": ANYONE,  # the token decides; a bad one is told
    "procedure/": SIGNED_IN_ONLY,
    "notifications/": SIGNED_IN_ONLY,
    "notifications/read/": only(SIGNED_IN, get=("405",)),
    "notify/receipts/": Expect(get=_for(CAST, "405"), post=_for(CAST, "404")),  # unconfigured
    "outcomes/to-confirm/": SIGNED_IN_ONLY,
    "raise/": SIGNED_IN_ONLY,
    "raise/<slug:page>/": SIGNED_IN_ONLY,
    "raise/check/": SIGNED_IN_ONLY,
    "raise/not-an-escalation/<slug:matter>/": SIGNED_IN_ONLY,
    "raise/done/<str:reference>/": PARTY,
    "escalations/<str:reference>/": PARTY,
    "escalations/<str:reference>/circumstances/": PARTY,
    "escalations/<str:reference>/<slug:action>/": PARTY,
    "escalations/<str:reference>/views/": only(OFFICERS),
    "escalations/<str:reference>/documents/record/": PARTY,
    "escalations/<str:reference>/documents/record/pdf/": replace(PARTY, costly=True),
    "escalations/<str:reference>/documents/notice/<slug:stage>/": NOT_YET,
    "escalations/<str:reference>/documents/notice/<slug:stage>/correct/": NOT_YET,
    "escalations/<str:reference>/documents/notice/<slug:stage>/resolution/": NOT_YET,
    "escalations/<str:reference>/documents/resolution-form/": NOT_YET,
    "escalations/<str:reference>/documents/agreed-outcome/": NOT_YET,
    "escalations/<str:reference>/documents/agreed-outcome/letter/": NOT_YET,
    "escalations/<str:reference>/documents/<uuid:document_id>/": NOT_YET,
    "escalations/<str:reference>/documents/<uuid:document_id>/download/": NOT_YET,
    "escalations/<str:reference>/learning/": PARTY,
    "escalations/<str:reference>/learning/debrief/": PARTY,
    "escalations/<str:reference>/meeting/": NOT_YET,
    "escalations/<str:reference>/meeting/convene/": NOT_YET,
    "escalations/<str:reference>/meeting/representation/": NOT_YET,
    "escalations/<str:reference>/meeting/held/": NOT_YET,
    "escalations/<str:reference>/meeting/decision/": NOT_YET,
    "escalations/<str:reference>/meeting/rearrange/": NOT_YET,
    "escalations/<str:reference>/meeting/cancel/": NOT_YET,
    "partnership/policy/": ADMINISTRATOR_PAGE,
    # A draft of the cast's partnership's policy (none in the cast: 404); tests/administration.
    "partnership/policy/drafts/<int:pk>/": only(
        ADMINISTRATORS, get=("ok", "404"), post=("ok", "404")
    ),
    "partnership/import/": ADMINISTRATOR_PAGE,
    "partnership/administration/": ADMINISTRATOR_PAGE,
    "partnership/administration/agencies/": ADMINISTRATOR_PAGE,
    "partnership/administration/people/": ADMINISTRATOR_PAGE,
    "partnership/administration/people/<int:pk>/": ADMINISTRATOR_PAGE,
    "partnership/failed-emails/": OFFICER_PAGE,
    "partnership/audit/": OFFICER_PAGE,  # each partnership's officers, their own log
    "partnership/audit.csv": OFFICER_PAGE,
    "partnership/two-factor/": ADMINISTRATOR_PAGE,
    # The administrator, for someone they may reset (never themselves: 404); tests/twofactor.
    "partnership/two-factor/<int:pk>/reset/": only(
        ADMINISTRATORS, get=("ok", "404"), post=("ok", "404")
    ),
    "two-factor/": SIGNED_IN_ONLY,  # with no app set up yet: sent on to set one up
    "two-factor/set-up/": SIGNED_IN_ONLY,
    # Single sign-on with no identity provider set up: nothing there (tests/sso).
    "sso/": Expect(anonymous=("404",)),
    "sso/<int:pk>/start/": Expect(anonymous=("404",)),
    "sso/callback/": Expect(get=_for(CAST, "refused"), post=_for(CAST, "405")),
    "partnership/webhooks/": OFFICER_PAGE,
    "partnership/dashboard/": OFFICER_PAGE,
    "partnership/learning/": OFFICER_PAGE,
    "partnership/learning/<int:pk>/answer/": NOT_YET,
    "partnership/report/": OFFICER_PAGE,
    "partnership/report/pdf/": replace(OFFICER_PAGE, costly=True),
    "partnership/report/review/": OFFICER_PAGE,
    "partnership/report/<slug:table>.csv": OFFICER_PAGE,
    "partnership/data-protection/": OFFICER_PAGE,
    "partnership/data-protection/subject-access/": OFFICER_PAGE,
    "partnership/data-protection/settings/": POST_ONLY_FOR_OFFICERS,
    "partnership/data-protection/holds/": POST_ONLY_FOR_OFFICERS,
    "partnership/data-protection/anonymise/": POST_ONLY_FOR_OFFICERS,
    "partnership/data-protection/holds/<int:pk>/release/": Expect(
        get=_for(SIGNED_IN, "405"), post=_for(SIGNED_IN, "404")
    ),
}

# The administration (Django's admin site): only partnership administrators get in; anyone
# else, signed in or not, is sent to its sign-in page. Inside, an administrator may still be
# refused a page (403: deleting, say) or find nothing (404: another partnership's row).
ADMIN_PREFIX = "admin/"
ADMIN_RULE = Expect(
    get=_for(ADMINISTRATORS, "ok", "refused", "404"),
    post=_for(ADMINISTRATORS, "ok", "refused", "404", "405"),
    others=("sign-in",),
)
ADMIN_OPEN = {  # the admin's own sign-in and sign-out pages
    "admin/login/": ANYONE,
    "admin/logout/": Expect(
        get=_for(CAST, "ok", "405"), post=_for(CAST, "ok", "sign-in"), others=("ok",)
    ),
}

# The API takes bearer tokens only: a session, whoever's, opens nothing (its own tests use
# tokens). Its description is public.
API_PREFIX = "api/v1/"
NO_SESSION = ("refused", "405", "404")
API_RULE: dict[str, Expect] = {
    "*": Expect(others=NO_SESSION, anonymous=NO_SESSION),
    "api/v1/docs": ANYONE,
    "api/v1/openapi.json": ANYONE,
}
