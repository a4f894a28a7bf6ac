from django.urls import path

from escalate.administration import policy_views, views

urlpatterns = [
    path("partnership/policy/", policy_views.policy_upload, name="policy-upload"),
    path("partnership/policy/drafts/<int:pk>/", policy_views.policy_draft, name="policy-draft"),
    path("partnership/administration/", views.index, name="administration"),
    path("partnership/administration/agencies/", views.agencies, name="administration-agencies"),
    path("partnership/administration/people/", views.people, name="administration-people"),
    path(
        "partnership/administration/people/<int:pk>/",
        views.person_change,
        name="administration-person",
    ),
]
