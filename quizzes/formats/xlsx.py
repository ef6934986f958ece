"""The question spreadsheet (XLSX): one question per row, headers in Chinese or English.

Columns: type, competence, difficulty, language, category, title, question, option A … option H,
answer, explanation, tags, case sensitive, tolerance, units, word limit, rubric, material, marker
guide, allow file. The answer column holds option letters for choice
questions ("A" or "A,C"), true or false (对/错) for true/false, and accepted answers separated by
"|" for fill-in (a /pattern/ is a regular expression). Matching rows write each pair as
"left -> right" in the option columns (" -> right" alone is a distractor). A spreadsheet cannot
carry per-option feedback or partial credit other than an equal share of the right options; the
writer reports the questions that lose something.

Numerical rows: the answer column holds the accepted number (several separated by "|", each worth
full marks), the tolerance column one tolerance for all of them, the units column the units as
"m; cm=100" (the first is the base unit; with units, a number without one is read in the base
unit). Essay rows: word limit (0 or empty: none), rubric as
"criterion: level=points; level=points | criterion: …", case material, marker guide and whether a
file may be attached (是/否). See quizzes.formats.payloads for both syntaxes.
"""

from __future__ import annotations

from core.sheet_reader import read_xlsx
from core.spreadsheets import write_table

from ..models.bank import QuestionType
from .base import (
    MAX_WORD_LIMIT,
    FormatError,
    ParseResult,
    Problem,
    QuestionData,
    true_false_answer,
    true_false_payload,
)
from .payloads import (
    SyntaxProblem,
    essay_payload,
    format_number,
    format_rubric,
    numerical_payload,
    parse_rubric,
    parse_units,
    read_number,
)
from .text import regex_from_answer

LETTERS = "ABCDEFGH"
COLUMNS: dict[str, tuple[str, ...]] = {
    "type": ("type", "题型", "类型"),
    "competence": ("competence", "能力", "能力编码"),
    "difficulty": ("difficulty", "难度"),
    "language": ("language", "语言"),
    "category": ("category", "分类"),
    "title": ("title", "name", "标题"),
    "question": ("question", "question text", "题干"),
    **{
        f"option_{c.lower()}": (f"option {c.lower()}", f"option_{c.lower()}", f"选项{c}")
        for c in LETTERS
    },
    "answer": ("answer", "答案"),
    "explanation": ("explanation", "解析"),
    "tags": ("tags", "标签"),
    "case_sensitive": ("case sensitive", "case_sensitive", "区分大小写"),
    "tolerance": ("tolerance", "误差", "容差"),
    "units": ("units", "unit", "单位"),
    "word_limit": ("word limit", "word_limit", "字数限制"),
    "rubric": ("rubric", "评分细则", "评分标准"),
    "material": ("material", "案例材料", "材料"),
    "marker_guide": ("marker guide", "marker_guide", "评分说明", "阅卷说明"),
    "allow_file": ("allow file", "allow_file", "允许附件"),
}
REQUIRED = ("type", "question")
HEADERS = (
    ["题型", "能力编码", "难度", "语言", "分类", "标题", "题干"]
    + [f"选项{c}" for c in LETTERS]
    + ["答案", "解析", "标签", "区分大小写"]
    + ["误差", "单位", "字数限制", "评分细则", "案例材料", "评分说明", "允许附件"]
)
TYPE_NAMES = {
    "single": QuestionType.SINGLE,
    "单选": QuestionType.SINGLE,
    "单选题": QuestionType.SINGLE,
    "multiple": QuestionType.MULTIPLE,
    "多选": QuestionType.MULTIPLE,
    "多选题": QuestionType.MULTIPLE,
    "true_false": QuestionType.TRUE_FALSE,
    "true/false": QuestionType.TRUE_FALSE,
    "判断": QuestionType.TRUE_FALSE,
    "判断题": QuestionType.TRUE_FALSE,
    "fill_in": QuestionType.FILL_IN,
    "fill-in": QuestionType.FILL_IN,
    "填空": QuestionType.FILL_IN,
    "填空题": QuestionType.FILL_IN,
    "matching": QuestionType.MATCHING,
    "匹配": QuestionType.MATCHING,
    "匹配题": QuestionType.MATCHING,
    "numerical": QuestionType.NUMERICAL,
    "数值": QuestionType.NUMERICAL,
    "数值题": QuestionType.NUMERICAL,
    "计算": QuestionType.NUMERICAL,
    "计算题": QuestionType.NUMERICAL,
    "essay": QuestionType.ESSAY,
    "简答": QuestionType.ESSAY,
    "简答题": QuestionType.ESSAY,
    "论述": QuestionType.ESSAY,
    "论述题": QuestionType.ESSAY,
    "案例分析": QuestionType.ESSAY,
    "案例分析题": QuestionType.ESSAY,
}
DIFFICULTY_NAMES = {
    "易": "easy",
    "简单": "easy",
    "中": "medium",
    "中等": "medium",
    "难": "hard",
    "困难": "hard",
}
# Moodle types GovLearn does not have (a formula with wildcards, a text without a question, cloze).
UNSUPPORTED_NAMES = {"calculated", "description", "multianswer", "cloze", "描述", "完形填空"}
TRUE = {"true", "t", "对", "正确", "是", "yes", "√"}
FALSE = {"false", "f", "错", "错误", "否", "no", "×"}
EXAMPLES = [
    [
        "单选",
        "6.1",
        "易",
        "zh-hans",
        "数字政府/政务服务",
        "一网通办的含义",
        "“一网通办”主要是指什么？",
        "企业和群众办事只需登录一个平台",
        "每个部门各建一个办事网站",
        "所有事项只能到窗口办理",
        "",
        "",
        "",
        "",
        "",
        "A",
        "一网通办强调统一入口、数据共享。",
        "政务服务",
        "",
    ],
    [
        "多选",
        "4.2",
        "中",
        "zh-hans",
        "安全/个人信息",
        "个人信息处理原则",
        "处理个人信息应当遵循哪些原则？",
        "合法",
        "正当",
        "必要",
        "尽量多收集",
        "",
        "",
        "",
        "",
        "A,B,C",
        "",
        "个人信息",
        "",
    ],
    [
        "判断",
        "6.3",
        "易",
        "zh-hans",
        "安全/等级保护",
        "",
        "网络安全等级保护只适用于企业，不适用于政务系统。",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "错",
        "",
        "",
        "",
    ],
    [
        "填空",
        "6.2",
        "中",
        "zh-hans",
        "数据/开放",
        "",
        "公共数据开放平台上可以免费获取的数据称为______数据。",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "开放|公开",
        "",
        "",
        "否",
    ],
    [
        "匹配",
        "2.1",
        "中",
        "zh-hans",
        "沟通",
        "",
        "把渠道和用途匹配起来。",
        "12345 -> 政务服务便民热线",
        "12315 -> 消费者投诉举报",
        "12377 -> 违法和不良信息举报",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "数值",
        "6.2",
        "中",
        "zh-hans",
        "数据/统计",
        "办结率",
        "某窗口本月受理 200 件，办结 190 件，办结率是百分之多少？",
        *[""] * len(LETTERS),
        "95",
        "190 ÷ 200 = 95%。",
        "",
        "",
        "0.5",
        "",
    ],
    [
        "论述",
        "1.1",
        "难",
        "zh-hans",
        "案例分析",
        "12345 热线案例",
        "结合材料，谈谈如何提高 12345 热线的诉求办理质量。",
        *[""] * len(LETTERS),
        "",
        "",
        "",
        "",
        "",
        "",
        "800",
        "论点: 缺失=0; 基本清楚=2; 清楚有力=4 | 对策: 没有=0; 可行=3; 具体可行=6",
        "某市热线一年受理诉求 300 万件，群众反映部分诉求“转而不办”。",
        "看是否抓住“接诉即办”和闭环管理。",
        "否",
    ],
]
EXAMPLES = [row + [""] * (len(HEADERS) - len(row)) for row in EXAMPLES]


def parse_xlsx(data: bytes, *, max_questions: int = 5000) -> ParseResult:
    """Read the question spreadsheet. Raises FormatError when the sheet itself is unusable."""
    if not data:
        raise FormatError(Problem("empty_file"))
    sheet = read_xlsx(data, max_rows=max_questions)
    file_problems = [p for p in sheet.problems if p.row is None]
    if file_problems:
        first = file_problems[0]
        if first.code == "too_many_rows":
            raise FormatError(Problem("too_many_questions", params={"max": max_questions}))
        raise FormatError(Problem(first.code, None, first.params))
    cell_problems = [Problem(p.code, p.row, p.params) for p in sheet.problems]
    if cell_problems and not sheet.rows:
        raise FormatError(cell_problems[0])
    rows = sheet.rows
    if not rows:
        raise FormatError(Problem("empty_file"))
    header_line, header = rows[0]
    index: dict[str, int] = {}
    for position, title in enumerate(header):
        key = title.strip().lower()
        for column, spellings in COLUMNS.items():
            if key in spellings or title.strip() in spellings:
                index.setdefault(column, position)
    missing = [column for column in REQUIRED if column not in index]
    if missing:
        raise FormatError(Problem("missing_columns", header_line, {"columns": ", ".join(missing)}))
    if len(rows) - 1 > max_questions:
        raise FormatError(Problem("too_many_questions", params={"max": max_questions}))
    questions: list[QuestionData] = []
    problems: list[Problem] = list(cell_problems)
    refused_rows = {p.line for p in cell_problems}
    for line, cells in rows[1:]:
        if line in refused_rows:
            continue  # Its over-long cell was dropped; other checks on it would only mislead.

        def cell(column: str, cells=cells) -> str:
            position = index.get(column)
            return cells[position] if position is not None and position < len(cells) else ""

        question = _row_question(line, cell, problems)
        if question is not None:
            questions.append(question)
    return ParseResult(questions, problems)


def _row_question(line: int, cell, problems: list[Problem]) -> QuestionData | None:
    raw_type = cell("type").strip()
    name = cell("title") or cell("question")[:60]
    qtype = TYPE_NAMES.get(raw_type.lower()) or TYPE_NAMES.get(raw_type)
    if qtype is None:
        code = "unsupported_type" if raw_type.lower() in UNSUPPORTED_NAMES else "bad_type"
        problems.append(Problem(code, line, {"name": name, "type": raw_type, "value": raw_type}))
        return None
    options = [cell(f"option_{c.lower()}") for c in LETTERS]
    answer = cell("answer").strip()
    if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        letters = [
            part.strip().upper()
            for part in answer.replace("，", ",").replace("、", ",").split(",")
            if part.strip()
        ]
        if len(letters) == 1 and len(letters[0]) > 1 and letters[0].isalpha():
            letters = list(letters[0])  # "AC" as well as "A,C"
        bad = [x for x in letters if x not in LETTERS or not options[LETTERS.index(x)]]
        if bad or not letters:
            problems.append(
                Problem("bad_answer_letter", line, {"name": name, "value": answer or "—"})
            )
            return None
        share = round(1 / len(letters), 7) if qtype == QuestionType.MULTIPLE else 1.0
        payload = {
            "options": [
                {"text": text, "fraction": share if LETTERS[i] in letters else 0.0, "feedback": ""}
                for i, text in enumerate(options)
                if text
            ]
        }
    elif qtype == QuestionType.TRUE_FALSE:
        if answer.lower() not in TRUE | FALSE:
            problems.append(
                Problem("bad_answer_letter", line, {"name": name, "value": answer or "—"})
            )
            return None
        payload = true_false_payload(answer.lower() in TRUE)
    elif qtype == QuestionType.FILL_IN:
        accepted = []
        for part in answer.split("|"):
            part = part.strip()
            if part:
                pattern = regex_from_answer(part)
                accepted.append(
                    {
                        "text": pattern if pattern is not None else part,
                        "fraction": 1.0,
                        "feedback": "",
                        "regex": pattern is not None,
                    }
                )
        payload = {"answers": accepted, "case_sensitive": cell("case_sensitive").lower() in TRUE}
    elif qtype == QuestionType.NUMERICAL:
        payload = _numerical_row(line, name, answer, cell, problems)
        if payload is None:
            return None
    elif qtype == QuestionType.ESSAY:
        payload = _essay_row(line, name, cell, problems)
        if payload is None:
            return None
    else:
        pairs, distractors = [], []
        for text in options:
            if not text:
                continue
            left, arrow, right = text.partition("->")
            if not arrow:
                problems.append(Problem("bad_answer_letter", line, {"name": name, "value": text}))
                return None
            if left.strip():
                pairs.append({"left": left.strip(), "right": right.strip()})
            else:
                distractors.append(right.strip())
        payload = {"pairs": pairs, "distractors": distractors}
    difficulty = cell("difficulty").strip()
    return QuestionData(
        qtype=qtype,
        text=cell("question"),
        payload=payload,
        name=cell("title"),
        explanation=cell("explanation"),
        category=cell("category").strip("/ "),
        competence=cell("competence"),
        difficulty=DIFFICULTY_NAMES.get(difficulty, difficulty.lower()),
        language=cell("language").lower(),
        tags=[t.strip() for t in cell("tags").replace("，", ",").split(",") if t.strip()],
        line=line,
    )


def _numerical_row(line: int, name: str, answer: str, cell, problems: list[Problem]):
    tolerance_text = cell("tolerance").strip()
    tolerance = read_number(tolerance_text) if tolerance_text else 0.0
    values = [part.strip() for part in answer.replace("｜", "|").split("|") if part.strip()]
    bad = [v for v in values if read_number(v) is None]
    if tolerance is None:
        bad.append(tolerance_text)
    if bad or not values:
        problems.append(
            Problem("bad_numerical_answer", line, {"name": name, "value": (bad or ["—"])[0]})
        )
        return None
    try:
        units = parse_units(cell("units"))
    except SyntaxProblem as error:
        problems.append(Problem(error.code, line, {"name": name, **error.params}))
        return None
    return numerical_payload(
        [{"value": read_number(v), "tolerance": tolerance} for v in values],
        units=units,
        unit_handling="optional" if units else "none",
    )


def _essay_row(line: int, name: str, cell, problems: list[Problem]):
    limit_text = cell("word_limit").strip()
    limit = read_number(limit_text) if limit_text else 0
    if limit is None or limit != int(limit) or not 0 <= limit <= MAX_WORD_LIMIT:
        problems.append(Problem("bad_word_limit", line, {"name": name, "max": MAX_WORD_LIMIT}))
        return None
    try:
        rubric = parse_rubric(cell("rubric"))
    except SyntaxProblem as error:
        problems.append(Problem(error.code, line, {"name": name, **error.params}))
        return None
    return essay_payload(
        material=cell("material"),
        word_limit=int(limit),
        allow_file=cell("allow_file").lower() in TRUE,
        rubric=rubric,
        marker_guide=cell("marker_guide"),
    )


def _numerical_cells(payload: dict) -> tuple[str, str, str, bool]:
    """(answer, tolerance, units) cells and whether the row lost something."""
    answers = payload["answers"]
    tolerances = {float(a.get("tolerance") or 0) for a in answers}
    units = payload.get("units") or []
    lossy = (
        len(tolerances) > 1
        or any(float(a["fraction"]) != 1 or a.get("feedback") for a in answers)
        or (payload.get("unit_handling") or "none") != ("optional" if units else "none")
        or float(payload.get("unit_penalty", 0.1)) != 0.1
        or any(";" in u["unit"] or "=" in u["unit"] for u in units)
    )
    tolerance = tolerances.pop() if len(tolerances) == 1 else 0.0
    return (
        "|".join(format_number(a["value"]) for a in answers),
        format_number(tolerance) if tolerance else "",
        "; ".join(f"{u['unit']}={format_number(u['multiplier'])}" for u in units),
        lossy,
    )


def _row(question: QuestionData) -> tuple[list[str], bool]:
    """The row for a question, and whether the spreadsheet lost something of it."""
    payload = question.payload
    options = [""] * len(LETTERS)
    answer, lossy = "", False
    extra = [""] * 7
    if question.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        right = []
        for i, option in enumerate(payload["options"][: len(LETTERS)]):
            options[i] = option["text"]
            if float(option["fraction"]) > 0:
                right.append(LETTERS[i])
            lossy |= bool(option["feedback"])
        lossy |= len(payload["options"]) > len(LETTERS)
        fractions = {float(o["fraction"]) for o in payload["options"] if float(o["fraction"]) > 0}
        wrong = {float(o["fraction"]) for o in payload["options"] if float(o["fraction"]) <= 0}
        lossy |= len(fractions) > 1 or wrong - {0.0} != set()
        if question.qtype == QuestionType.SINGLE:
            lossy |= fractions != {1.0}
        answer = ",".join(right)
    elif question.qtype == QuestionType.TRUE_FALSE:
        answer = "true" if true_false_answer(payload) else "false"
        lossy = any(o["feedback"] for o in payload["options"])
    elif question.qtype == QuestionType.FILL_IN:
        answer = "|".join(
            f"/{a['text']}/" if a.get("regex") else a["text"] for a in payload["answers"]
        )
        lossy = any(float(a["fraction"]) != 1 or a["feedback"] for a in payload["answers"])
    elif question.qtype == QuestionType.NUMERICAL:
        answer, tolerance, units, lossy = _numerical_cells(payload)
        extra = [tolerance, units, "", "", "", "", ""]
    elif question.qtype == QuestionType.ESSAY:
        rubric, readable = format_rubric(payload.get("rubric") or [], " | ")
        lossy = not readable
        extra = [
            "",
            "",
            str(payload.get("word_limit") or ""),
            rubric,
            payload.get("material", ""),
            payload.get("marker_guide", ""),
            "是" if payload.get("allow_file") else "",
        ]
    else:
        items = [f"{p['left']} -> {p['right']}" for p in payload["pairs"]]
        items += [f" -> {d}" for d in payload.get("distractors", [])]
        for i, text in enumerate(items[: len(LETTERS)]):
            options[i] = text
        lossy = len(items) > len(LETTERS)
    type_names = {
        QuestionType.SINGLE: "single",
        QuestionType.MULTIPLE: "multiple",
        QuestionType.TRUE_FALSE: "true_false",
        QuestionType.FILL_IN: "fill_in",
        QuestionType.MATCHING: "matching",
        QuestionType.NUMERICAL: "numerical",
        QuestionType.ESSAY: "essay",
    }
    row = [
        type_names[question.qtype],
        question.competence,
        question.difficulty,
        question.language,
        question.category,
        question.name,
        question.text,
        *options,
        answer,
        question.explanation,
        ", ".join(question.tags),
        "yes" if payload.get("case_sensitive") else "",
        *extra,
    ]
    return row, lossy


def write_xlsx(questions: list[QuestionData]) -> tuple[bytes, list[str]]:
    """The questions as a workbook, and the titles of questions the spreadsheet could not carry
    in full (per-option feedback, partial credit)."""
    rows = []
    lossy_names = []
    for question in questions:
        row, lossy = _row(question)
        rows.append(row)
        if lossy:
            lossy_names.append(question.name)
    # Text cells stay exact (never a formula), so the file reads back through parse_xlsx unchanged.
    return write_table(HEADERS, rows, "xlsx", sheet_title="questions"), lossy_names


def template_xlsx() -> bytes:
    """The downloadable template: the header row and one example of each question type."""
    return write_table(HEADERS, EXAMPLES, "xlsx", sheet_title="questions")
