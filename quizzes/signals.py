"""The signals the quizzes app sends.

`assessment_passed` — sent once per passed attempt, after the transaction that recorded its Result
has committed (so a receiver's failure can never undo a learner's result). Listeners: training
(training.receivers credits the test's hours) and certificates (certificates.receivers issues a
pass certificate); each calls its own service. Arguments: sender=Assessment, attempt, user,
assessment, result.

`contest_awarded` — sent once per award decided at the end of a contest (quizzes.services.contests.
contest_decide), after the transaction that wrote the final standings has committed. Receivers:
training credits the bonus hours (training.services.credit_hours_award), certificates issues the
award certificate (certificate_issue_for_award); both are idempotent on `award_key`. Arguments:
sender=ContestPage, contest, user, award_key (stable, unique per person and award), contest_title,
award_title, credit_hours (Decimal, may be 0), decided_on (date).
"""

from django.dispatch import Signal

assessment_passed = Signal()
contest_awarded = Signal()
