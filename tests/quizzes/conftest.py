import pytest

from tests.factories.quizzes import assessment_with_all_types


@pytest.fixture
def assessment(db):
    """A published test with one question of each type, full review immediately."""
    return assessment_with_all_types()


def right_responses(attempt) -> dict[int, dict]:
    """The full-marks response for every slot of an attempt (read from the stored versions)."""
    responses = {}
    for answer in attempt.answers.select_related("question_version"):
        version = answer.question_version
        payload = version.payload
        if version.qtype in ("single", "true_false"):
            best = max(payload["options"], key=lambda o: o["fraction"])
            responses[answer.slot] = {"choice": best["id"]}
        elif version.qtype == "multiple":
            responses[answer.slot] = {
                "choices": [o["id"] for o in payload["options"] if o["fraction"] > 0]
            }
        elif version.qtype == "fill_in":
            best = max(payload["answers"], key=lambda a: a["fraction"])
            responses[answer.slot] = {"text": best["text"]}
        else:
            responses[answer.slot] = {
                "matches": {str(i): pair["right"] for i, pair in enumerate(payload["pairs"])}
            }
    return responses
