"""HR import: all-or-nothing, with a row-by-row report in the reader's language."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from people.import_sheet import describe_problem
from people.models import OrgUnit, Profile, Role, RoleAssignment, User
from people.services import people_import_file

HEADER = "工号,姓名,用户名,邮箱,部门,岗位,职级,角色,语言\n"


def csv_bytes(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return (header + "".join(row + "\n" for row in rows)).encode(encoding)


GOOD_ROWS = (
    "E1,张三,zhangsan,zs@example.gov.cn,市政府办公室/市数据局/数据资源处,数据管理岗,一级科员,学员,zh-hans",
    "E2,李四,,ls@example.gov.cn,市政府办公室/市数据局,综合管理岗,四级主任科员,学员;管理员,en",
    "E3,王五,wangwu,,市政府办公室/市数据局/数据资源处,,,manager,",
)


def counts():
    return (
        User.objects.count(),
        Profile.objects.count(),
        OrgUnit.objects.count(),
        RoleAssignment.objects.count(),
    )


def codes(report):
    return [(p["row"], p["column"], p["code"]) for p in report["problems"]]


@pytest.mark.django_db
class TestGoodFile:
    def test_creates_people_units_and_roles(self):
        report = people_import_file(data=csv_bytes(*GOOD_ROWS), filename="hr.csv")
        assert report["ok"] is True
        assert (report["created"], report["updated"], report["units_created"]) == (3, 0, 3)
        zhang = Profile.objects.select_related("user", "org_unit", "post").get(employee_number="E1")
        assert zhang.user.full_name == "张三"
        assert zhang.org_unit.name == "数据资源处"
        assert zhang.org_unit.get_parent().name == "市数据局"
        assert zhang.post.name == "数据管理岗"
        assert zhang.rank == "staff_1"
        li = Profile.objects.get(employee_number="E2")
        assert li.user.username == "e2"  # default user name is the employee number
        assert li.preferred_language == "en"
        assert {a.role for a in li.user.role_assignments.all()} == {
            Role.LEARNER,
            Role.PLATFORM_ADMIN,
        }
        manager = Profile.objects.get(employee_number="E3").user
        assignment = manager.role_assignments.get(role=Role.MANAGER)
        assert assignment.org_unit == Profile.objects.get(employee_number="E3").org_unit

    def test_importing_again_updates_instead_of_duplicating(self):
        people_import_file(data=csv_bytes(*GOOD_ROWS), filename="hr.csv")
        before = counts()
        moved = GOOD_ROWS[0].replace("市数据局/数据资源处", "市数据局").replace("张三", "张叁")
        report = people_import_file(data=csv_bytes(moved, *GOOD_ROWS[1:]), filename="hr.csv")
        assert report["ok"] and report["created"] == 0 and report["updated"] == 3
        assert counts() == before
        zhang = Profile.objects.get(employee_number="E1")
        assert (zhang.user.full_name, zhang.org_unit.name) == ("张叁", "市数据局")

    def test_xlsx_file(self):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(["employee_number", "name", "org_unit", "rank"])
        sheet.append(["X1", "赵六", "市人社局/培训处", "Staff member, grade 2"])
        buffer = io.BytesIO()
        workbook.save(buffer)
        report = people_import_file(data=buffer.getvalue(), filename="hr.xlsx")
        assert report["ok"], report
        assert Profile.objects.get(employee_number="X1").rank == "staff_2"

    def test_gb18030_file_when_that_encoding_is_chosen(self):
        data = csv_bytes(GOOD_ROWS[0], encoding="gb18030")
        report = people_import_file(data=data, filename="hr.csv", encoding="gb18030")
        assert report["ok"]
        assert User.objects.get(username="zhangsan").full_name == "张三"

    def test_departed_person_is_deactivated(self):
        people_import_file(data=csv_bytes(GOOD_ROWS[0]), filename="hr.csv")
        data = csv_bytes(GOOD_ROWS[0] + ",否", header=HEADER.strip() + ",在职\n")
        assert people_import_file(data=data, filename="hr.csv")["ok"]
        assert User.objects.get(username="zhangsan").is_active is False


@pytest.mark.django_db
class TestBadFilesWriteNothing:
    def test_one_bad_row_rejects_the_whole_file_and_names_the_row(self):
        bad = "E9,坏数据,bad,not-an-email,市政府办公室,,不存在的职级,学员,"
        before = counts()
        report = people_import_file(
            data=csv_bytes(GOOD_ROWS[0], bad, GOOD_ROWS[2]), filename="hr.csv"
        )
        assert report["ok"] is False
        assert codes(report) == [(3, "email", "bad_email"), (3, "rank", "bad_rank")]
        assert counts() == before

    def test_duplicate_employee_numbers(self):
        dup = GOOD_ROWS[2].replace("E3", "E1")
        report = people_import_file(data=csv_bytes(GOOD_ROWS[0], dup), filename="hr.csv")
        assert codes(report) == [(3, "employee_number", "duplicate_employee_number")]
        assert report["problems"][0]["params"]["other_row"] == 2
        assert User.objects.count() == 0

    def test_user_name_held_by_another_person(self):
        people_import_file(data=csv_bytes(GOOD_ROWS[0]), filename="hr.csv")
        clash = GOOD_ROWS[2].replace("wangwu", "zhangsan")
        before = counts()
        report = people_import_file(data=csv_bytes(clash), filename="hr.csv")
        assert codes(report) == [(2, "username", "username_taken")]
        assert counts() == before

    def test_wrong_encoding_is_reported_not_garbled(self):
        data = csv_bytes(*GOOD_ROWS, encoding="gbk")
        report = people_import_file(data=data, filename="hr.csv", encoding="utf-8")
        assert codes(report) == [(None, None, "encoding")]
        assert User.objects.count() == 0

    def test_utf16_file_declared_as_utf8_is_reported(self):
        report = people_import_file(
            data=csv_bytes(*GOOD_ROWS, encoding="utf-16"), filename="hr.csv"
        )
        assert codes(report) == [(None, None, "encoding")]

    @pytest.mark.parametrize("data", [b"", b"   \n\n"])
    def test_empty_file(self, data):
        report = people_import_file(data=data, filename="hr.csv")
        assert codes(report) == [(None, None, "empty_file")]

    def test_header_only(self):
        report = people_import_file(data=csv_bytes(), filename="hr.csv")
        assert codes(report) == [(None, None, "no_rows")]

    def test_missing_required_columns(self):
        report = people_import_file(data="name,email\n张三,a@b.cn\n".encode(), filename="hr.csv")
        assert codes(report) == [(1, None, "missing_columns")]
        assert "employee_number" in report["problems"][0]["params"]["columns"]

    def test_not_a_spreadsheet(self):
        assert codes(people_import_file(data=b"PK\x03\x04junk", filename="hr.xlsx")) == [
            (None, None, "unreadable_xlsx")
        ]
        assert codes(people_import_file(data=b"x", filename="hr.pdf")) == [
            (None, None, "unknown_format")
        ]

    def test_missing_required_cells_and_bad_unit_path(self):
        rows = ("E5,,u5,,市政府办公室,,,,", "E6,钱七,u6,,市政府办公室//数据资源处,,,,")
        report = people_import_file(data=csv_bytes(*rows), filename="hr.csv")
        assert codes(report) == [(2, "name", "required"), (3, "org_unit", "bad_unit")]

    def test_failure_midway_rolls_back_everything(self, monkeypatch):
        from people import services

        real = services.person_upsert
        calls = {"n": 0}

        def flaky(**kwargs):
            calls["n"] += 1
            if calls["n"] == 3:
                raise RuntimeError("database went away")
            return real(**kwargs)

        monkeypatch.setattr(services, "person_upsert", flaky)
        with pytest.raises(RuntimeError):
            people_import_file(data=csv_bytes(*GOOD_ROWS), filename="hr.csv")
        assert counts() == (0, 0, 0, 0)


@pytest.mark.django_db
class TestHostileFilesAreRefusedNotRead:
    """The HR import reads through core.sheet_reader: limits are row problems, nothing written."""

    def test_an_xlsx_bomb_is_refused_with_a_sentence_and_nothing_is_written(self, tmp_path):
        from bench.bench_imports import write_xlsx_bomb

        bomb = write_xlsx_bomb(tmp_path / "hr.xlsx").read_bytes()  # 1 MB, 1 GB unpacked
        report = people_import_file(data=bomb, filename="hr.xlsx")
        assert not report["ok"]
        assert codes(report) == [(None, None, "xlsx_too_large_unpacked")]
        with translation.override("en"):
            assert describe_problem(report["problems"][0]) == (
                "The workbook would unpack to more than 50 MB; split it into smaller files."
            )
        assert counts() == (0, 0, 0, 0)

    def test_rows_over_the_configured_limit_refuse_the_file(self, settings):
        settings.IMPORT_MAX_ROWS = 2
        report = people_import_file(data=csv_bytes(*GOOD_ROWS), filename="hr.csv")
        assert codes(report) == [(None, None, "too_many_rows")]
        assert report["problems"][0]["params"] == {"max": 2}
        assert counts() == (0, 0, 0, 0)

    def test_a_cell_over_the_limit_is_reported_at_its_row_and_column(self, settings):
        settings.IMPORT_MAX_CELL_CHARS = 40
        long_post = "岗" * 41
        rows = (GOOD_ROWS[0], f"E2,李四,,,市政府办公室,{long_post},,,", GOOD_ROWS[2])
        report = people_import_file(data=csv_bytes(*rows), filename="hr.csv")
        assert codes(report) == [(3, "F", "cell_too_long")]
        with translation.override("zh-hans"):
            assert describe_problem(report["problems"][0]) == "F 列的单元格超过 40 个字符。"
        assert counts() == (0, 0, 0, 0)

    def test_a_csv_field_over_the_parsers_limit_is_a_row_problem_not_a_traceback(self):
        giant = "x" * 200_000  # over the csv module's own 131,072-character field limit
        rows = (GOOD_ROWS[0], f'E2,李四,,,"{giant}",,,,', GOOD_ROWS[2])
        report = people_import_file(data=csv_bytes(*rows), filename="hr.csv")
        assert codes(report) == [(3, None, "csv_field_unreadable")]
        assert counts() == (0, 0, 0, 0)

    def test_an_xlsx_cell_over_the_limit_is_reported_too(self, settings):
        settings.IMPORT_MAX_CELL_CHARS = 40
        book = Workbook()
        book.active.append(["工号", "姓名", "部门"])
        book.active.append(["E1", "张" * 41, "市政府办公室"])
        buffer = io.BytesIO()
        book.save(buffer)
        report = people_import_file(data=buffer.getvalue(), filename="hr.xlsx")
        assert codes(report) == [(2, "B", "cell_too_long")]
        assert counts() == (0, 0, 0, 0)


def test_report_is_written_in_the_readers_language():
    problem = {"code": "bad_email", "row": 3, "column": "email", "params": {"value": "x@"}}
    with translation.override("en"):
        assert describe_problem(problem) == "“x@” is not a valid e-mail address."
    with translation.override("zh-hans"):
        assert describe_problem(problem) == "“x@” 不是有效的电子邮箱地址。"


@pytest.mark.django_db
class TestCommand:
    def test_command_imports_a_good_file(self, tmp_path, capsys):
        path = tmp_path / "hr.csv"
        path.write_bytes(csv_bytes(*GOOD_ROWS))
        call_command("import_people", str(path), "--language", "en")
        assert "3 people created" in capsys.readouterr().out
        assert Profile.objects.count() == 3

    def test_command_rejects_a_bad_file_with_the_row_report(self, tmp_path, capsys):
        path = tmp_path / "hr.csv"
        path.write_bytes(csv_bytes(GOOD_ROWS[0], GOOD_ROWS[0]))
        with pytest.raises(CommandError, match="nothing was written"):
            call_command("import_people", str(path), "--language", "en")
        assert (
            "row 3 [employee_number]: Employee number E1 also appears in row 2."
            in capsys.readouterr().err
        )
        assert Profile.objects.count() == 0

    def test_command_reports_a_missing_file(self, tmp_path):
        with pytest.raises(CommandError):
            call_command("import_people", str(tmp_path / "nope.csv"))
