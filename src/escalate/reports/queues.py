"""Where each kind of learning goes, in the words of the partnership's policy.

Gaps in policy or procedure go to the chair the policy names ("the Independent Chair of the
LSCB"); training needs and lessons go to the group the policy's ``learning`` section names
(Haringey: the Training, Learning and Development Sub-Group; the Quality Assurance and
Practice Review sub-group). Where a policy names nobody, a sensible default is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from escalate.policy.schema import Policy

GAP, TRAINING, LESSON = "chair", "training", "learning"

_GROUP = re.compile(
    r"\b((?:[A-Z][A-Za-z]*,?\s+(?:and\s+)?)*[A-Z][A-Za-z]*\s+(?:[Ss]ub-[Gg]roup|Group))"
)
_ATTENTION = re.compile(r"attention of (?:the )?([^.;]+)")

DEFAULTS = {
    GAP: "The partnership chair",
    TRAINING: "The partnership's training lead (the business manager until one is named)",
    LESSON: "The business manager, for the report to the Board",
}


@dataclass(frozen=True)
class Queue:
    key: str
    label: str
    source: str  # the policy's words it was taken from, or "" for Escalate's default


def _first_group(texts: list[str], *words: str) -> tuple[str, str] | None:
    for text in texts:
        if any(word in text.lower() for word in words):
            found = _GROUP.search(text)
            if found:
                name = re.sub(r"^The\s+", "", found.group(1))
                return f"The {name}", text
    return None


def _gap_queue(policy: Policy) -> Queue:
    texts = [n.text for n in policy.notify if n.when == "policy-gap"] + list(policy.learning)
    for text in texts:
        if "chair" in text.lower():
            found = _ATTENTION.search(text)
            if found:
                who = found.group(1).strip()
                return Queue(GAP, f"The {who[:1].upper()}{who[1:]}", text)
    return Queue(GAP, DEFAULTS[GAP], "")


def _lesson_groups(texts: list[str]) -> tuple[str, str] | None:
    """Every group the policy sends lessons to, in its order: the group named for general
    issues and learning, and a group that reflects on cases (Haringey's Joint Operational
    Group); texts about training needs are the training queue's."""
    found: list[tuple[str, str]] = []
    for text in texts:
        if "training" in text.lower():
            continue
        group = _first_group([text], "learning", "lessons", "general issues", "reflect")
        if group is not None and group[0] not in (name for name, _ in found):
            found.append(group)
    if not found:
        return None
    names = [found[0][0], *(name[:1].lower() + name[1:] for name, _ in found[1:])]
    return " and ".join(names), " ".join(text for _, text in found)


def queues_for(policy: Policy) -> dict[str, Queue]:
    """The queue for each queue key: gaps (the chair), training needs, lessons."""
    learning = list(policy.learning)
    training = _first_group(learning, "training")
    lesson = _lesson_groups(learning)
    return {
        GAP: _gap_queue(policy),
        TRAINING: Queue(TRAINING, *training)
        if training
        else Queue(TRAINING, DEFAULTS[TRAINING], ""),
        LESSON: Queue(LESSON, *lesson) if lesson else Queue(LESSON, DEFAULTS[LESSON], ""),
    }


QUEUE_OF_KIND = {"policy-gap": GAP, "training-need": TRAINING, "lesson": LESSON}
