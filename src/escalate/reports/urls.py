"""Meetings and learning on an escalation; the officers' queues, dashboard and report."""

from django.urls import path

from escalate.reports.views import board, learning, meetings, rescheduling, review

urlpatterns = [
    path("escalations/<str:reference>/meeting/", meetings.meeting_detail, name="reports-meeting"),
    path(
        "escalations/<str:reference>/meeting/convene/",
        meetings.meeting_convene,
        name="reports-meeting-convene",
    ),
    path(
        "escalations/<str:reference>/meeting/representation/",
        meetings.meeting_representation,
        name="reports-meeting-representation",
    ),
    path(
        "escalations/<str:reference>/meeting/held/",
        meetings.meeting_held,
        name="reports-meeting-held",
    ),
    path(
        "escalations/<str:reference>/meeting/decision/",
        meetings.meeting_decision,
        name="reports-meeting-decision",
    ),
    path(
        "escalations/<str:reference>/meeting/rearrange/",
        rescheduling.meeting_rearrange_page,
        name="reports-meeting-rearrange",
    ),
    path(
        "escalations/<str:reference>/meeting/cancel/",
        rescheduling.meeting_cancel_page,
        name="reports-meeting-cancel",
    ),
    path(
        "escalations/<str:reference>/learning/",
        learning.escalation_learning,
        name="reports-learning",
    ),
    path(
        "escalations/<str:reference>/learning/debrief/",
        learning.debrief_schedule,
        name="reports-debrief",
    ),
    path("partnership/learning/", learning.learning_queues, name="reports-learning-queues"),
    path(
        "partnership/learning/<int:pk>/answer/",
        learning.learning_answer,
        name="reports-learning-answer",
    ),
    path("partnership/dashboard/", board.dashboard_page, name="reports-dashboard"),
    path("partnership/report/", board.report_page, name="reports-board"),
    path("partnership/report/pdf/", board.report_pdf, name="reports-board-pdf"),
    path("partnership/report/review/", review.review_page, name="reports-review"),
    path("partnership/report/<slug:table>.csv", board.report_csv, name="reports-board-csv"),
]
