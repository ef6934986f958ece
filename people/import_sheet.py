"""Reading and validating an HR sheet (CSV or XLSX) of people.

The whole file is validated before anything is written; the first bad row rejects the file. Problems
are kept as codes with parameters, not sentences, so the report can be shown in whichever language the
reader uses, long after the import ran.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from core.sheet_reader import (
    SHEET_PROBLEM_CODES,
    Sheet,
    describe_sheet_problem,
    read_csv,
    read_xlsx,
)
from core.spreadsheets import write_table

from .models import Profile, Rank, Role, User

MAX_ROWS = 50_000
MAX_DEPTH = 6
UNIT_SEPARATORS = ("/", "／", ">", "＞")

# Canonical column -> accepted header spellings (lower-cased).
COLUMNS: dict[str, tuple[str, ...]] = {
    "employee_number": ("employee_number", "employee number", "工号", "员工编号"),
    "name": ("name", "full_name", "full name", "姓名"),
    "username": ("username", "user name", "用户名", "账号"),
    "email": ("email", "e-mail", "邮箱", "电子邮箱"),
    "org_unit": ("org_unit", "org unit", "unit", "部门", "单位", "所在部门"),
    "post": ("post", "岗位", "职务"),
    "rank": ("rank", "grade", "职级"),
    "roles": ("roles", "role", "角色"),
    "language": ("language", "preferred_language", "语言"),
    "active": ("active", "is_active", "在职", "状态"),
}
REQUIRED_COLUMNS = ("employee_number", "name", "org_unit")
TEMPLATE_HEADERS = [
    "工号",
    "姓名",
    "用户名",
    "邮箱",
    "部门",
    "岗位",
    "职级",
    "角色",
    "语言",
    "在职",
]
TEMPLATE_EXAMPLE = [
    "E0001",
    "张晓明",
    "zhangxm",
    "zhangxm@example.gov.cn",
    "市政府办公室/市数据局/数据资源处",
    "数据管理岗",
    "一级科员",
    "学员",
    "zh-hans",
    "是",
]

YES = {"1", "yes", "y", "true", "是", "在职", "有效"}
NO = {"0", "no", "n", "false", "否", "离职", "停用"}


@dataclass
class Problem:
    """One thing wrong with the file or a row. `row` is the spreadsheet row number (header = 1)."""

    code: str
    row: int | None = None
    column: str | None = None
    params: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"code": self.code, "row": self.row, "column": self.column, "params": self.params}


@dataclass
class PersonRow:
    row: int
    employee_number: str
    name: str
    username: str
    email: str
    unit_names: list[str]
    post: str
    rank: str
    roles: set[str]
    language: str
    active: bool


@dataclass
class ParsedSheet:
    rows: list[PersonRow]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def describe_problem(problem: dict) -> str:
    """Render a stored problem as a whole sentence in the active language."""
    p = problem.get("params", {})
    messages = {
        "empty_file": _("The file is empty."),
        "no_rows": _("The file has a header row but no people in it."),
        "encoding": _(
            "The file is not in %(encoding)s encoding. Save it as “CSV UTF-8” or choose the "
            "GB18030 encoding when uploading."
        ),
        "unreadable_xlsx": _("The file could not be read as an Excel (.xlsx) workbook."),
        "unknown_format": _("Only .csv and .xlsx files can be imported."),
        "too_many_rows": _("The file has more than %(max)s rows; split it into smaller files."),
        "missing_columns": _(
            "These required columns are missing from the header row: %(columns)s."
        ),
        "duplicate_column": _("The column “%(column)s” appears more than once in the header row."),
        "required": _("“%(column)s” is required."),
        "bad_email": _("“%(value)s” is not a valid e-mail address."),
        "bad_username": _(
            "“%(value)s” is not a valid user name (letters, digits and @ . + - _ only, at most 150)."
        ),
        "bad_unit": _(
            "“%(value)s” is not a valid unit path; write it as Department/Division/Section."
        ),
        "unit_too_deep": _("The unit path “%(value)s” is deeper than %(max)s levels."),
        "bad_rank": _("“%(value)s” is not a known rank."),
        "bad_role": _("“%(value)s” is not a known role."),
        "bad_language": _("“%(value)s” is not a supported language (use zh-hans or en)."),
        "bad_active": _("“%(value)s” is not yes or no."),
        "duplicate_employee_number": _(
            "Employee number %(value)s also appears in row %(other_row)s."
        ),
        "duplicate_username": _("User name %(value)s also appears in row %(other_row)s."),
        "username_taken": _(
            "User name %(value)s already belongs to another person (employee number %(other)s)."
        ),
        "too_long": _("“%(column)s” is longer than %(max)s characters."),
    }
    code = problem.get("code", "")
    if code not in messages and code in SHEET_PROBLEM_CODES:
        return describe_sheet_problem(problem)
    template = messages.get(code, _("Unknown problem."))
    try:
        return template % p
    except (KeyError, TypeError, ValueError):
        return template


def _choice_lookup(choices) -> dict[str, str]:
    """Map codes and labels in both languages (lower-cased) to the code."""
    from django.utils import translation

    lookup: dict[str, str] = {}
    for code, label in choices:
        lookup[str(code).lower()] = code
        for language in ("en", "zh-hans"):
            with translation.override(language):
                lookup[str(label).lower()] = code
    return lookup


def _role_lookup() -> dict[str, str]:
    lookup = _choice_lookup(Role.choices)
    lookup.update({"admin": Role.PLATFORM_ADMIN, "管理员": Role.PLATFORM_ADMIN})
    return lookup


def _language_lookup() -> dict[str, str]:
    return {
        "zh-hans": "zh-hans",
        "zh": "zh-hans",
        "zh-cn": "zh-hans",
        "中文": "zh-hans",
        "简体中文": "zh-hans",
        "chinese": "zh-hans",
        "en": "en",
        "english": "en",
        "英文": "en",
        "英语": "en",
    }


def read_table(
    data: bytes, filename: str, encoding: str = "utf-8"
) -> tuple[list[list[str]], list[Problem]]:
    """Turn the uploaded bytes into rows of strings (header first), through the safe sheet reader:
    a file over its limits comes back with problems and no rows."""
    if not data or not data.strip():
        return [], [Problem("empty_file")]
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _from_sheet(read_xlsx(data, max_rows=MAX_ROWS))
    if not name.endswith(".csv") and not name.endswith(".txt"):
        return [], [Problem("unknown_format")]
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in {"utf-8", "utf8"} else encoding
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return [], [Problem("encoding", params={"encoding": encoding.upper()})]
    if "\x00" in text:
        # UTF-16 files decode as UTF-8 with NULs in between; they are not what we were told.
        return [], [Problem("encoding", params={"encoding": encoding.upper()})]
    return _from_sheet(read_csv(text, max_rows=MAX_ROWS))


def _from_sheet(sheet: Sheet) -> tuple[list[list[str]], list[Problem]]:
    """The reader's rows, or its problems in this module's terms (rendered by describe_problem)."""
    if not sheet.ok:
        problems = [Problem(p.code, p.row, p.column_letter, p.params) for p in sheet.problems]
        return [], problems
    return [cells for _number, cells in sheet.rows], []


def parse_people(table: list[list[str]]) -> ParsedSheet:
    """Validate every row of the table; return the clean rows and every problem found."""
    if not table:
        return ParsedSheet([], [Problem("empty_file")])
    header, body = table[0], table[1:]
    index: dict[str, int] = {}
    problems: list[Problem] = []
    for position, title in enumerate(header):
        key = title.strip().lower()
        for column, spellings in COLUMNS.items():
            if key in spellings:
                if column in index:
                    problems.append(Problem("duplicate_column", row=1, params={"column": title}))
                index[column] = position
    missing = [column for column in REQUIRED_COLUMNS if column not in index]
    if missing:
        problems.append(Problem("missing_columns", row=1, params={"columns": ", ".join(missing)}))
    if problems:
        return ParsedSheet([], problems)
    if not body:
        return ParsedSheet([], [Problem("no_rows")])
    if len(body) > MAX_ROWS:
        return ParsedSheet([], [Problem("too_many_rows", params={"max": MAX_ROWS})])

    ranks, roles, languages = _choice_lookup(Rank.choices), _role_lookup(), _language_lookup()
    username_validator = UnicodeUsernameValidator()
    parsed: list[PersonRow] = []
    seen_numbers: dict[str, int] = {}
    seen_usernames: dict[str, int] = {}

    for offset, cells in enumerate(body):
        row_number = offset + 2

        def cell(column: str, cells=cells) -> str:
            position = index.get(column)
            if position is None or position >= len(cells):
                return ""
            return cells[position].strip()

        row_problems: list[Problem] = []
        number, name = cell("employee_number"), cell("name")
        for column, value in (
            ("employee_number", number),
            ("name", name),
            ("org_unit", cell("org_unit")),
        ):
            if not value:
                row_problems.append(Problem("required", row_number, column, {"column": column}))
        for column, value, limit in (
            ("employee_number", number, 32),
            ("name", name, 150),
            ("post", cell("post"), 100),
        ):
            if len(value) > limit:
                row_problems.append(
                    Problem("too_long", row_number, column, {"column": column, "max": limit})
                )

        username = cell("username") or number.lower()
        if username:
            try:
                username_validator(username)
                if len(username) > 150:
                    raise ValidationError("too long")
            except ValidationError:
                row_problems.append(
                    Problem("bad_username", row_number, "username", {"value": username})
                )

        email = cell("email")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row_problems.append(Problem("bad_email", row_number, "email", {"value": email}))

        raw_unit = cell("org_unit")
        unit_names: list[str] = []
        if raw_unit:
            normalised = raw_unit
            for separator in UNIT_SEPARATORS[1:]:
                normalised = normalised.replace(separator, "/")
            unit_names = [part.strip() for part in normalised.split("/")]
            if any(not part or len(part) > 200 for part in unit_names):
                row_problems.append(
                    Problem("bad_unit", row_number, "org_unit", {"value": raw_unit})
                )
            elif len(unit_names) > MAX_DEPTH:
                row_problems.append(
                    Problem(
                        "unit_too_deep",
                        row_number,
                        "org_unit",
                        {"value": raw_unit, "max": MAX_DEPTH},
                    )
                )

        rank = ""
        if cell("rank"):
            rank = ranks.get(cell("rank").lower(), "")
            if not rank:
                row_problems.append(
                    Problem("bad_rank", row_number, "rank", {"value": cell("rank")})
                )

        row_roles: set[str] = {Role.LEARNER}
        for token in _split_list(cell("roles")):
            role = roles.get(token.lower())
            if role is None:
                row_problems.append(Problem("bad_role", row_number, "roles", {"value": token}))
            else:
                row_roles.add(role)

        language = Profile.Language.ZH_HANS
        if cell("language"):
            language = languages.get(cell("language").lower(), "")
            if not language:
                row_problems.append(
                    Problem("bad_language", row_number, "language", {"value": cell("language")})
                )

        active = True
        if cell("active"):
            flag = cell("active").lower()
            if flag in YES:
                active = True
            elif flag in NO:
                active = False
            else:
                row_problems.append(
                    Problem("bad_active", row_number, "active", {"value": cell("active")})
                )

        if number:
            if number in seen_numbers:
                row_problems.append(
                    Problem(
                        "duplicate_employee_number",
                        row_number,
                        "employee_number",
                        {"value": number, "other_row": seen_numbers[number]},
                    )
                )
            else:
                seen_numbers[number] = row_number
        if username:
            if username.lower() in seen_usernames:
                row_problems.append(
                    Problem(
                        "duplicate_username",
                        row_number,
                        "username",
                        {"value": username, "other_row": seen_usernames[username.lower()]},
                    )
                )
            else:
                seen_usernames[username.lower()] = row_number

        problems.extend(row_problems)
        if not row_problems:
            parsed.append(
                PersonRow(
                    row=row_number,
                    employee_number=number,
                    name=name,
                    username=username,
                    email=email,
                    unit_names=unit_names,
                    post=cell("post"),
                    rank=rank,
                    roles=row_roles,
                    language=language,
                    active=active,
                )
            )

    problems.extend(_check_against_database(parsed))
    return ParsedSheet(parsed, problems)


def _split_list(value: str) -> list[str]:
    for separator in ("；", "，", ",", "、", "|"):
        value = value.replace(separator, ";")
    return [token.strip() for token in value.split(";") if token.strip()]


def _check_against_database(rows: list[PersonRow]) -> list[Problem]:
    """User names already held by someone with a different employee number (two queries in all)."""
    by_username = {row.username.lower(): row for row in rows}
    existing = (
        User.objects.filter(username__in=[row.username for row in rows])
        .select_related("profile")
        .only("username", "profile__employee_number")
    )
    problems = []
    for user in existing:
        row = by_username.get(user.username.lower())
        holder = getattr(user, "profile", None)
        holder_number = holder.employee_number if holder else ""
        if row and holder_number != row.employee_number:
            problems.append(
                Problem(
                    "username_taken",
                    row.row,
                    "username",
                    {"value": row.username, "other": holder_number or "—"},
                )
            )
    return problems


def unit_code_for(names: list[str]) -> str:
    """A stable code for a unit created by import, derived from its full path."""
    digest = hashlib.sha1("/".join(names).encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"u-{digest[:12]}"


def template_csv() -> bytes:
    """The downloadable CSV template (UTF-8 with BOM so Excel opens the Chinese correctly)."""
    return write_table(TEMPLATE_HEADERS, [TEMPLATE_EXAMPLE], "csv", sheet_title="people")


def template_xlsx() -> bytes:
    """The downloadable XLSX template: the header row and one example person."""
    return write_table(TEMPLATE_HEADERS, [TEMPLATE_EXAMPLE], "xlsx", sheet_title="people")
