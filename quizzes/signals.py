"""The one signal the quizzes app sends.

`assessment_passed` — sent once per passed attempt, after the transaction that recorded its Result
has committed (so a receiver's failure can never undo a learner's result). Higher layers (courses:
a final test completes a course; certificates: issue one) connect a receiver that calls their own
service. Arguments: sender=Assessment, attempt, user, assessment, result.
"""

from django.dispatch import Signal

assessment_passed = Signal()
