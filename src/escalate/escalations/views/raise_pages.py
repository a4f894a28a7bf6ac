"""The pages of raising an escalation, in order, and the title of each."""

# The pages in order; 'check' is the last.
PAGES = [
    "immediate-risk",
    "immediate-action",
    "not-an-escalation",
    "agency",
    "professional",
    "child",
    "route",
    "category",
    "disagreement",
    "arose",
    "outcome",
]


# Each page's title: its question, so that every page of the journey has a title of its own.
TITLES = {
    "immediate-risk": "Is the child at immediate risk of harm?",
    "immediate-action": "Act now to keep the child safe",
    "not-an-escalation": "Is your concern about one of these?",
    "agency": "Which agency do you disagree with?",
    "professional": "Who in that agency do you disagree with?",
    "child": "About the child",
    "route": "Which procedure are you following?",
    "category": "What is the disagreement about?",
    "disagreement": "What do you disagree about?",
    "arose": "When did the disagreement arise?",
    "outcome": "What outcome do you want for the child?",
}
