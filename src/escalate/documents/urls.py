"""The documents' addresses: under each escalation, plus the confirmations waiting for you."""

from django.urls import URLPattern, path

from escalate.documents.views import files, notice, notice_versions, outcome, resolution

urlpatterns: list[URLPattern] = [
    path("outcomes/to-confirm/", outcome.to_confirm, name="documents-to-confirm"),
    path(
        "escalations/<str:reference>/documents/notice/<slug:stage>/",
        notice.notice,
        name="documents-notice",
    ),
    path(
        "escalations/<str:reference>/documents/notice/<slug:stage>/correct/",
        notice_versions.notice_correct,
        name="documents-notice-correct",
    ),
    path(
        "escalations/<str:reference>/documents/notice/<slug:stage>/resolution/",
        notice_versions.notice_complete,
        name="documents-notice-complete",
    ),
    path(
        "escalations/<str:reference>/documents/resolution-form/",
        resolution.resolution_form,
        name="documents-resolution-form",
    ),
    path(
        "escalations/<str:reference>/documents/agreed-outcome/",
        outcome.outcome,
        name="documents-outcome",
    ),
    path(
        "escalations/<str:reference>/documents/agreed-outcome/letter/",
        outcome.outcome_letter,
        name="documents-outcome-letter",
    ),
    path("escalations/<str:reference>/documents/record/", files.record, name="documents-record"),
    path(
        "escalations/<str:reference>/documents/record/pdf/",
        files.record_pdf,
        name="documents-record-pdf",
    ),
    path(
        "escalations/<str:reference>/documents/<uuid:document_id>/",
        files.document,
        name="documents-document",
    ),
    path(
        "escalations/<str:reference>/documents/<uuid:document_id>/download/",
        files.download,
        name="documents-download",
    ),
]
