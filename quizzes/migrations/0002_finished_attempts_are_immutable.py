"""Database triggers that refuse to change a finished attempt, its answers or its result, whatever
code path tries (the services refuse first; this catches everything else)."""

from django.db import migrations

POSTGRES = [
    """
    CREATE OR REPLACE FUNCTION quizzes_refuse_finished_answer() RETURNS trigger AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM quizzes_attempt WHERE id = OLD.attempt_id AND status <> 'in_progress')
      THEN RAISE EXCEPTION 'quizzes: answers of a finished attempt cannot change';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER quizzes_answer_immutable BEFORE UPDATE ON quizzes_answer
    FOR EACH ROW EXECUTE FUNCTION quizzes_refuse_finished_answer();
    """,
    """
    CREATE OR REPLACE FUNCTION quizzes_refuse_finished_attempt() RETURNS trigger AS $$
    BEGIN
      IF OLD.status <> 'in_progress' THEN
        RAISE EXCEPTION 'quizzes: a finished attempt cannot change';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER quizzes_attempt_immutable BEFORE UPDATE ON quizzes_attempt
    FOR EACH ROW EXECUTE FUNCTION quizzes_refuse_finished_attempt();
    """,
    """
    CREATE OR REPLACE FUNCTION quizzes_refuse_result_change() RETURNS trigger AS $$
    BEGIN
      RAISE EXCEPTION 'quizzes: a result cannot change';
    END $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER quizzes_result_immutable BEFORE UPDATE ON quizzes_result
    FOR EACH ROW EXECUTE FUNCTION quizzes_refuse_result_change();
    """,
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS quizzes_answer_immutable ON quizzes_answer;",
    "DROP TRIGGER IF EXISTS quizzes_attempt_immutable ON quizzes_attempt;",
    "DROP TRIGGER IF EXISTS quizzes_result_immutable ON quizzes_result;",
    "DROP FUNCTION IF EXISTS quizzes_refuse_finished_answer();",
    "DROP FUNCTION IF EXISTS quizzes_refuse_finished_attempt();",
    "DROP FUNCTION IF EXISTS quizzes_refuse_result_change();",
]
SQLITE = [
    """
    CREATE TRIGGER quizzes_answer_immutable BEFORE UPDATE ON quizzes_answer
    WHEN (SELECT status FROM quizzes_attempt WHERE id = OLD.attempt_id) <> 'in_progress'
    BEGIN SELECT RAISE(ABORT, 'quizzes: answers of a finished attempt cannot change'); END;
    """,
    """
    CREATE TRIGGER quizzes_attempt_immutable BEFORE UPDATE ON quizzes_attempt
    WHEN OLD.status <> 'in_progress'
    BEGIN SELECT RAISE(ABORT, 'quizzes: a finished attempt cannot change'); END;
    """,
    """
    CREATE TRIGGER quizzes_result_immutable BEFORE UPDATE ON quizzes_result
    BEGIN SELECT RAISE(ABORT, 'quizzes: a result cannot change'); END;
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS quizzes_answer_immutable;",
    "DROP TRIGGER IF EXISTS quizzes_attempt_immutable;",
    "DROP TRIGGER IF EXISTS quizzes_result_immutable;",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP}),
        )
    ]
