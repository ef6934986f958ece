"""Questions that use every field the formats carry, shared by the round-trip tests."""

from quizzes.formats.base import QuestionData, true_false_payload


def every_field_questions() -> list[QuestionData]:
    return [
        QuestionData(
            qtype="single",
            name="等保: 级别 {1}",
            text="网络安全等级保护共分几级？ 注意 ~ = # { } : 和 \\ 这些字符\n第二行",
            payload={
                "options": [
                    {"text": "五级", "fraction": 1.0, "feedback": "正确 #1"},
                    {"text": "四级 = 4", "fraction": -0.5, "feedback": "扣分"},
                    {"text": "三级", "fraction": 0.0, "feedback": ""},
                    {"text": "两级~", "fraction": 0.25, "feedback": "部分"},
                ]
            },
            explanation="等级保护分为五级。",
            category="数字政府/安全",
            competence="6.3",
            difficulty="hard",
            language="zh-hans",
            tags=["等保", "security"],
        ),
        QuestionData(
            qtype="multiple",
            name="Principles",
            text="Which principles apply to personal information?",
            payload={
                "options": [
                    {"text": "Lawful", "fraction": 0.5, "feedback": "Yes"},
                    {"text": "Necessary", "fraction": 0.5, "feedback": ""},
                    {"text": "Collect everything", "fraction": -1.0, "feedback": "No"},
                ]
            },
            explanation="",
            category="Safety",
            competence="4.2",
            difficulty="medium",
            language="en",
            tags=["privacy"],
        ),
        QuestionData(
            qtype="true_false",
            name="开放数据",
            text="所有政务数据都可以无条件开放。",
            payload=true_false_payload(False, "对，需分级分类。", "不对。"),
            explanation="公共数据开放分为无条件、有条件和不予开放。",
            category="Safety",
            competence="6.2",
            difficulty="easy",
            language="zh-hans",
        ),
        QuestionData(
            qtype="fill_in",
            name="Fill",
            text="The 12345 line is the government _____ hotline.",
            payload={
                "answers": [
                    {"text": "Service", "fraction": 1.0, "feedback": "Right", "regex": False},
                    {"text": r"serv\w*", "fraction": 0.5, "feedback": "Close", "regex": True},
                    {"text": "a{2}#b", "fraction": 0.1, "feedback": "", "regex": True},
                ],
                "case_sensitive": True,
            },
            explanation="",
            category="",
            competence="2.1",
            difficulty="medium",
            language="en",
        ),
        QuestionData(
            qtype="matching",
            name="热线",
            text="把热线和用途配对。",
            payload={
                "pairs": [
                    {"left": "12345", "right": "政务服务"},
                    {"left": "12315", "right": "消费投诉"},
                ],
                "distractors": ["天气"],
            },
            explanation="记住常用热线。",
            category="",
            competence="2.1",
            difficulty="easy",
            language="zh-hans",
            tags=["热线"],
        ),
        QuestionData(
            qtype="numerical",
            name="办结率 {%}",
            text="受理 200 件、办结 190 件，办结率是多少？ 注意 # = ~ : 这些字符",
            payload={
                "answers": [
                    {"value": 95.0, "tolerance": 0.0, "fraction": 1.0, "feedback": "对 #1"},
                    {"value": 0.95, "tolerance": 0.005, "fraction": 0.5, "feedback": "写成小数"},
                    {"value": -1.5e-3, "tolerance": 1.0, "fraction": 0.0, "feedback": ""},
                ],
                "units": [{"unit": "%", "multiplier": 1.0}, {"unit": "‰", "multiplier": 10.0}],
                "unit_handling": "required",
                "unit_penalty": 0.25,
            },
            explanation="190 ÷ 200 = 95%。",
            category="数据",
            competence="6.2",
            difficulty="medium",
            language="zh-hans",
            tags=["统计"],
        ),
        QuestionData(
            qtype="essay",
            name="案例分析: 12345",
            text="结合材料，谈谈如何提高诉求办理质量。{ } = ~ # 都是普通字符",
            payload={
                "material": "某市热线一年受理诉求 300 万件。\n部分诉求“转而不办” // 不是注释",
                "word_limit": 800,
                "allow_file": True,
                "rubric": [
                    {
                        "criterion": "论点: 是否清楚",
                        "levels": [
                            {"label": "缺失", "points": 0.0},
                            {"label": "清楚 = 有力", "points": 4.5},
                        ],
                    },
                    {
                        "criterion": "Measures",
                        "levels": [
                            {"label": "none", "points": 0.0},
                            {"label": "feasible", "points": 3.0},
                            {"label": "concrete; feasible", "points": 6.0},
                        ],
                    },
                ],
                "marker_guide": "看是否抓住“接诉即办”。\n<b>不是 HTML</b>",
            },
            explanation="闭环管理。",
            category="案例",
            competence="1.1",
            difficulty="hard",
            language="zh-hans",
        ),
    ]


def normalised(questions):
    """Questions without their line numbers (which differ per format)."""
    for question in questions:
        question.line = None
    return questions
