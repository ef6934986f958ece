"""Demo course text, part 1: one-stop services, data sharing, cybersecurity and personal
information. Written for GovLearn in our own words; the laws are summarised, not quoted.

Each lesson body is a list of (block type, zh value, en value); check questions keep the same
choices order in both languages.
"""

ONE_STOP = {
    "slug": "yiwangtongban",
    "zh": {
        "title": "一网通办：从“最多跑一次”到“一次都不跑”",
        "summary": "理解一网通办的目标、业务流程再造方法和窗口工作人员的新角色。",
        "body": "<p>本课程面向政务服务一线和业务处室人员，讲解一网通办的政策背景、办事流程再造和线上线下融合的工作方法。</p>",
        "audience": "政务服务中心窗口人员、各部门审批业务人员及其负责人。",
        "prerequisites": "无。建议先浏览本地政务服务网的事项清单。",
        "assessment_method": "完成全部课时并答对每课的检查题；课程测验（即将上线）。",
        "contact_person": "刘晓燕（培训处）",
        "contact_channel": "电话 010-6555 0101，邮箱 training@demo.govlearn.localhost",
        "material": (
            "一网通办工作手册（节选）",
            "一网通办工作手册（节选）\n\n一、事项标准化：统一事项名称、编码、依据、材料和时限。\n二、流程再造：减环节、减材料、减时限、减跑动。\n三、线上线下融合：同一事项、同一标准、同一结果。\n",
        ),
    },
    "en": {
        "title": "One-stop online services: from “at most one trip” to “no trip at all”",
        "summary": "The aims of one-stop services, how to re-engineer a procedure, and the new role of the service window.",
        "body": "<p>For front-line service staff and approval sections: the policy background of one-stop online services (一网通办), procedure re-engineering, and joining online and counter services into one.</p>",
        "audience": "Staff of government service centres, approval officers in every department, and their heads.",
        "prerequisites": "None. Browsing the local service portal's catalogue of procedures first helps.",
        "assessment_method": "Complete every lesson and answer each lesson's check questions correctly; a course test follows once tests are available.",
        "contact_person": "Liu Xiaoyan (Training Division)",
        "contact_channel": "Phone 010-6555 0101, e-mail training@demo.govlearn.localhost",
        "material": (
            "One-stop services handbook (extract)",
            "One-stop services handbook (extract)\n\n1. Standardise every procedure: one name, code, legal basis, list of documents and time limit.\n2. Re-engineer: fewer steps, fewer documents, shorter time limits, fewer trips.\n3. Online and at the counter: same procedure, same standard, same result.\n",
        ),
    },
    "credit_hours": "4.0",
    "estimated_minutes": 240,
    "pass_mark": 80,
    "certificate_issued": True,
    "tags": (
        ["一网通办", "政务服务", "流程再造"],
        ["one-stop services", "public services", "process re-engineering"],
    ),
    "lessons": [
        {
            "slug": "mubiao-yu-beijing",
            "title": (
                "一网通办的目标与政策背景",
                "Aims and policy background of one-stop services",
            ),
            "summary": (
                "为什么要把分散的办事系统整合为一个入口。",
                "Why scattered service systems are joined behind one entry point.",
            ),
            "minutes": 8,
            "min_seconds": 180,
            "body": [
                (
                    "paragraph",
                    "<p>过去，群众和企业办一件事往往要在多个部门之间来回奔波，重复提交身份证明、营业执照等材料。一网通办的核心是<b>以群众办事需求为中心</b>，把分散在各部门的服务整合到统一的网上入口，实现“一次登录、全网通办”。</p>",
                    "<p>In the past, citizens and businesses often had to go from department to department for a single matter, handing in the same identity papers and business licences again and again. One-stop online services put <b>the applicant's need at the centre</b>: services scattered across departments are joined behind one online entry point, so that one login reaches every service.</p>",
                ),
                (
                    "paragraph",
                    "<p>实现这一目标依赖三项基础：统一身份认证、政务数据共享和电子证照互认。窗口工作人员的角色也随之改变，从“收材料”转向“帮办代办”和发现流程中的堵点。</p>",
                    "<p>Three foundations make this possible: one identity for every service, data sharing between departments, and mutual recognition of electronic licences and certificates. The role of the service window changes too: from collecting paper to helping applicants through and spotting where procedures get stuck.</p>",
                ),
                (
                    "key_points",
                    {
                        "heading": "要点",
                        "points": [
                            "以群众办事需求为中心",
                            "统一入口、统一身份认证",
                            "数据共享替代材料重复提交",
                        ],
                    },
                    {
                        "heading": "Key points",
                        "points": [
                            "Start from what the applicant needs",
                            "One entry point and one identity",
                            "Shared data instead of the same documents again",
                        ],
                    },
                ),
                (
                    "check_question",
                    {
                        "question": "一网通办最核心的出发点是什么？",
                        "choices": [
                            "以群众和企业的办事需求为中心",
                            "以部门职责划分为中心",
                            "以减少窗口数量为中心",
                        ],
                        "correct_choice": 1,
                        "explanation": "一网通办从办事人的需求出发整合服务，部门分工服从于办事体验。",
                    },
                    {
                        "question": "What is the starting point of one-stop online services?",
                        "choices": [
                            "What citizens and businesses need to get done",
                            "How responsibilities are divided between departments",
                            "Reducing the number of service windows",
                        ],
                        "correct_choice": 1,
                        "explanation": "One-stop services are organised around the applicant's need; the division of work between departments follows from it.",
                    },
                ),
            ],
        },
        {
            "slug": "liucheng-zaizao",
            "title": (
                "办事流程再造：减环节、减材料、减时限",
                "Re-engineering procedures: fewer steps, documents and days",
            ),
            "summary": (
                "用“四减”方法梳理一个事项。",
                "Apply the “four reductions” to one procedure.",
            ),
            "minutes": 10,
            "min_seconds": 240,
            "body": [
                (
                    "paragraph",
                    "<p>流程再造从事项清单开始：逐项核对办理依据、申请材料、办理环节和法定时限。凡是能通过数据共享获取的材料，原则上不再要求申请人提交；能够并联审批的环节，不再串联办理。</p>",
                    "<p>Re-engineering starts from the catalogue of procedures: check each one's legal basis, required documents, steps and statutory time limit. Any document that can be obtained through data sharing is, as a rule, no longer asked of the applicant; steps that can run in parallel are no longer run one after another.</p>",
                ),
                (
                    "callout",
                    {
                        "kind": "tip",
                        "title": "实践建议",
                        "text": "<p>选一个办件量最大的事项，画出现有流程图，再标出每一处需要申请人往返或重复提交材料的地方。</p>",
                    },
                    {
                        "kind": "tip",
                        "title": "Try this",
                        "text": "<p>Take the procedure with the most applications, draw its current flow, and mark every point where the applicant must come back or hand in a document again.</p>",
                    },
                ),
                (
                    "key_points",
                    {
                        "heading": "四减",
                        "points": [
                            "减环节：合并或并联审批环节",
                            "减材料：共享数据替代纸质证明",
                            "减时限：压缩承诺办结时间",
                            "减跑动：线上办理、邮寄送达",
                        ],
                    },
                    {
                        "heading": "The four reductions",
                        "points": [
                            "Fewer steps: merge or parallelise approvals",
                            "Fewer documents: shared data replaces paper proofs",
                            "Fewer days: shorter promised completion times",
                            "Fewer trips: apply online, receive by post",
                        ],
                    },
                ),
                (
                    "check_question",
                    {
                        "question": "某项申请材料可以通过部门间数据共享获得，按照流程再造原则应当怎样处理？",
                        "choices": [
                            "仍要求申请人提交原件",
                            "不再要求申请人提交",
                            "要求申请人提交复印件",
                        ],
                        "correct_choice": 2,
                        "explanation": "能通过共享获取的材料原则上不再向申请人索要，这正是“减材料”。",
                    },
                    {
                        "question": "A required document can be obtained from another department through data sharing. What does re-engineering say?",
                        "choices": [
                            "Still ask the applicant for the original",
                            "Stop asking the applicant for it",
                            "Ask the applicant for a photocopy",
                        ],
                        "correct_choice": 2,
                        "explanation": "A document available through data sharing is, as a rule, no longer asked of the applicant: that is the “fewer documents” reduction.",
                    },
                ),
            ],
        },
        {
            "slug": "xianshang-xianxia",
            "title": (
                "线上线下融合与“好差评”",
                "Joining online and counter services, and service ratings",
            ),
            "summary": (
                "同一事项、同一标准，以及如何用评价改进服务。",
                "Same procedure, same standard, and using ratings to improve.",
            ),
            "minutes": 8,
            "min_seconds": 180,
            "body": [
                (
                    "paragraph",
                    "<p>并不是所有群众都习惯网上办事。线上线下融合要求同一事项在网上和窗口适用同一标准、得到同一结果，窗口人员还要帮助老年人等群体使用线上渠道。</p>",
                    "<p>Not everyone is comfortable applying online. Joining the channels means that a procedure follows the same standard and gives the same result online and at the counter, and that window staff help older people and others to use the online channel.</p>",
                ),
                (
                    "paragraph",
                    "<p>政务服务“好差评”让办事人对每次服务作出评价。差评必须核实、整改并反馈，评价数据用于发现共性问题，而不是简单地考核个人。</p>",
                    "<p>Service ratings let every applicant rate each service. A poor rating must be checked, put right and answered; rating data are used to find common problems, not merely to score individuals.</p>",
                ),
                (
                    "check_question",
                    {
                        "question": "收到一条政务服务差评后，首先应该做什么？",
                        "choices": ["删除该评价", "核实情况并整改反馈", "要求办事人修改评价"],
                        "correct_choice": 2,
                        "explanation": "差评要核实、整改并向办事人反馈，形成闭环。",
                    },
                    {
                        "question": "A service receives a poor rating. What comes first?",
                        "choices": [
                            "Delete the rating",
                            "Check the facts, put it right and reply",
                            "Ask the applicant to change the rating",
                        ],
                        "correct_choice": 2,
                        "explanation": "A poor rating is checked, put right and answered, closing the loop.",
                    },
                ),
            ],
        },
    ],
}

DATA_SHARING = {
    "slug": "shuju-gongxiang-kaifang",
    "zh": {
        "title": "政务数据共享与开放",
        "summary": "掌握政务数据目录、共享申请和公共数据开放的基本规则。",
        "body": "<p>数据是数字政府的基础资源。本课程讲解政务数据资源目录的编制、部门间共享的申请与使用规则，以及公共数据向社会开放的原则与风险控制。</p>",
        "audience": "各部门数据管理岗、信息化岗人员，以及需要使用共享数据的业务人员。",
        "prerequisites": "建议先完成《一网通办：从“最多跑一次”到“一次都不跑”》。",
        "assessment_method": "完成全部课时并答对检查题。",
        "contact_person": "王建国（市数据局）",
        "contact_channel": "电话 010-6555 0202",
        "material": (
            "政务数据共享申请表（样表）",
            "政务数据共享申请表（样表）\n\n申请部门：\n所需数据项：\n使用目的与依据：\n使用范围与期限：\n安全保障措施：\n",
        ),
    },
    "en": {
        "title": "Government data sharing and open data",
        "summary": "Data catalogues, requests to share data between departments, and the rules for opening public data.",
        "body": "<p>Data are a basic resource of digital government. This course covers drawing up the government data catalogue, the rules for requesting and using data shared between departments, and the principles and risk controls for opening public data to society.</p>",
        "audience": "Data officers and IT staff in every department, and officers who use shared data in their work.",
        "prerequisites": "Completing “One-stop online services” first is recommended.",
        "assessment_method": "Complete every lesson and answer the check questions correctly.",
        "contact_person": "Wang Jianguo (Municipal Data Bureau)",
        "contact_channel": "Phone 010-6555 0202",
        "material": (
            "Data sharing request form (sample)",
            "Data sharing request form (sample)\n\nRequesting department:\nData items needed:\nPurpose and legal basis:\nScope and period of use:\nSecurity measures:\n",
        ),
    },
    "credit_hours": "3.0",
    "estimated_minutes": 180,
    "pass_mark": 80,
    "certificate_issued": True,
    "tags": (
        ["数据共享", "开放数据", "数据治理"],
        ["data sharing", "open data", "data governance"],
    ),
    "lessons": [
        {
            "slug": "shuju-mulu",
            "title": ("政务数据资源目录", "The government data catalogue"),
            "summary": ("先有目录，才有共享。", "No sharing without a catalogue."),
            "minutes": 8,
            "min_seconds": 180,
            "body": [
                (
                    "paragraph",
                    "<p>政务数据资源目录记录每个部门掌握哪些数据、由谁负责、多久更新一次、可以在什么条件下共享。目录是数据共享的“地图”，没有目录，需求方就不知道该向谁申请。</p>",
                    "<p>The government data catalogue records which data each department holds, who is responsible for them, how often they are updated and on what conditions they may be shared. It is the map of data sharing: without it, nobody knows whom to ask.</p>",
                ),
                (
                    "key_points",
                    {
                        "heading": "目录应写明",
                        "points": [
                            "数据项名称与格式",
                            "责任部门与更新频率",
                            "共享类型：无条件、有条件或不予共享",
                        ],
                    },
                    {
                        "heading": "A catalogue entry states",
                        "points": [
                            "Data items and their format",
                            "Responsible department and update frequency",
                            "Sharing type: unconditional, conditional or not shared",
                        ],
                    },
                ),
                (
                    "check_question",
                    {
                        "question": "政务数据资源目录的主要作用是什么？",
                        "choices": [
                            "说明各部门有哪些数据以及如何共享",
                            "存放所有原始数据",
                            "替代数据安全管理制度",
                        ],
                        "correct_choice": 1,
                        "explanation": "目录是数据的“地图”，说明有什么、谁负责、怎么共享，本身并不存放原始数据。",
                    },
                    {
                        "question": "What is the government data catalogue for?",
                        "choices": [
                            "Showing which data each department holds and how they are shared",
                            "Storing all the raw data",
                            "Replacing the data security rules",
                        ],
                        "correct_choice": 1,
                        "explanation": "The catalogue is the map of data: what exists, who is responsible and how it is shared. It does not hold the raw data itself.",
                    },
                ),
            ],
        },
        {
            "slug": "gongxiang-guize",
            "title": (
                "共享为原则、不共享为例外",
                "Sharing as the rule, withholding as the exception",
            ),
            "summary": ("共享申请、使用与责任。", "Requests, use and responsibility."),
            "minutes": 10,
            "min_seconds": 240,
            "body": [
                (
                    "paragraph",
                    "<p>部门间政务数据以共享为原则、不共享为例外。需求部门应当说明使用目的和依据，只获取履职所需的数据项；提供部门不得以部门利益为由拒绝合理的共享申请。</p>",
                    "<p>Data held by government departments are shared as a rule and withheld only by exception. The requesting department states its purpose and legal basis and takes only the data items its duties need; the providing department may not refuse a reasonable request to protect its own interests.</p>",
                ),
                (
                    "callout",
                    {
                        "kind": "important",
                        "title": "谁使用，谁负责",
                        "text": "<p>获取共享数据的部门对数据的使用和安全负责，不得超出申请的用途使用，更不得向第三方提供。</p>",
                    },
                    {
                        "kind": "important",
                        "title": "Whoever uses it answers for it",
                        "text": "<p>The department that receives shared data is responsible for how it uses and protects them, may not use them beyond the stated purpose, and may not pass them on to third parties.</p>",
                    },
                ),
                (
                    "check_question",
                    {
                        "question": "需求部门申请共享数据时，以下哪种做法是正确的？",
                        "choices": [
                            "申请提供部门的全部数据，以备将来使用",
                            "只申请履职所需的数据项并说明用途",
                            "直接复制其他部门系统中的数据",
                        ],
                        "correct_choice": 2,
                        "explanation": "共享遵循最小必要：说明用途，只取所需。",
                    },
                    {
                        "question": "Which is the right way to request shared data?",
                        "choices": [
                            "Ask for all of the provider's data in case it is useful later",
                            "Ask only for the items your duties need and state the purpose",
                            "Copy the data straight out of the other department's system",
                        ],
                        "correct_choice": 2,
                        "explanation": "Sharing follows the minimum necessary: state the purpose, take only what is needed.",
                    },
                ),
            ],
        },
        {
            "slug": "gonggong-shuju-kaifang",
            "title": ("公共数据开放", "Opening public data"),
            "summary": (
                "开放什么、怎样开放、如何控制风险。",
                "What to open, how, and how to control the risks.",
            ),
            "minutes": 8,
            "min_seconds": 180,
            "body": [
                (
                    "paragraph",
                    "<p>公共数据开放是把不涉及国家秘密、商业秘密和个人隐私的数据，以机器可读的格式向社会提供，支持研究和创新。开放前要做分级分类和脱敏处理，开放后要持续更新并记录使用情况。</p>",
                    "<p>Opening public data means offering society, in machine-readable formats, the data that touch no state secret, trade secret or personal privacy, to support research and innovation. Before opening, data are classified by level and de-identified; after opening, they are kept up to date and their use is recorded.</p>",
                ),
                (
                    "key_points",
                    {
                        "heading": "开放数据的基本要求",
                        "points": [
                            "机器可读、格式开放",
                            "分级分类、脱敏处理",
                            "持续更新、可以追溯",
                        ],
                    },
                    {
                        "heading": "Basic requirements for open data",
                        "points": [
                            "Machine-readable, open formats",
                            "Classified by level and de-identified",
                            "Kept up to date and traceable",
                        ],
                    },
                ),
                (
                    "check_question",
                    {
                        "question": "以下哪类数据可以直接向社会开放？",
                        "choices": [
                            "含有个人身份证号码的办件记录",
                            "已汇总脱敏的年度办件量统计",
                            "尚未公开的企业经营数据",
                        ],
                        "correct_choice": 2,
                        "explanation": "汇总且脱敏、不涉及个人隐私和商业秘密的统计数据适合开放。",
                    },
                    {
                        "question": "Which of these may be opened to the public as it is?",
                        "choices": [
                            "Case records containing people's ID numbers",
                            "Aggregated, de-identified yearly application counts",
                            "Unpublished business data of companies",
                        ],
                        "correct_choice": 2,
                        "explanation": "Aggregated, de-identified statistics that touch no privacy or trade secret are suitable for opening.",
                    },
                ),
            ],
        },
    ],
}

CYBERSECURITY = {
    "slug": "wangluo-anquan-geren-xinxi",
    "zh": {
        "title": "网络安全与个人信息保护",
        "summary": "用自己的话理解网络安全法和个人信息保护法对政务工作的要求。",
        "body": "<p>政务系统承载大量公民个人信息。本课程结合网络安全法和个人信息保护法的主要精神，讲解网络安全等级保护、个人信息处理规则和安全事件应急处置。</p>",
        "audience": "全体公务员，特别是信息化、数据管理和窗口服务岗位人员。",
        "prerequisites": "无。",
        "assessment_method": "完成全部课时并答对检查题。",
        "contact_person": "赵磊（网络安全处）",
        "contact_channel": "电话 010-6555 0303，邮箱 security@demo.govlearn.localhost",
        "material": (
            "个人信息处理自查清单",
            "个人信息处理自查清单\n\n1. 处理目的是否明确、合理？\n2. 收集范围是否为最小必要？\n3. 是否告知个人处理规则？\n4. 是否采取了加密、访问控制等安全措施？\n5. 发生泄露时是否有应急预案？\n",
        ),
    },
    "en": {
        "title": "Cybersecurity and personal information protection",
        "summary": "What the Cybersecurity Law and the Personal Information Protection Law ask of government work, in plain words.",
        "body": "<p>Government systems hold a great deal of citizens' personal information. Following the main ideas of the Cybersecurity Law and the Personal Information Protection Law, this course covers multi-level protection of networks, the rules for handling personal information, and responding to security incidents.</p>",
        "audience": "Every civil servant, and especially IT, data and front-line service staff.",
        "prerequisites": "None.",
        "assessment_method": "Complete every lesson and answer the check questions correctly.",
        "contact_person": "Zhao Lei (Cybersecurity Section)",
        "contact_channel": "Phone 010-6555 0303, e-mail security@demo.govlearn.localhost",
        "material": (
            "Personal information self-check list",
            "Personal information self-check list\n\n1. Is the purpose clear and reasonable?\n2. Is collection limited to the minimum necessary?\n3. Are people told the handling rules?\n4. Are encryption and access control in place?\n5. Is there a response plan for a leak?\n",
        ),
    },
    "credit_hours": "3.0",
    "estimated_minutes": 180,
    "pass_mark": 85,
    "certificate_issued": True,
    "tags": (
        ["网络安全", "个人信息保护", "数据安全"],
        ["cybersecurity", "personal information", "data security"],
    ),
    "lessons": [
        {
            "slug": "dengji-baohu",
            "title": ("网络安全等级保护", "Multi-level protection of networks"),
            "summary": (
                "按重要程度分级保护政务系统。",
                "Protect government systems according to their importance.",
            ),
            "minutes": 8,
            "min_seconds": 180,
            "body": [
                (
                    "paragraph",
                    "<p>网络安全法要求网络运营者落实网络安全等级保护制度。政务系统要按照其重要程度和遭到破坏后的危害程度确定等级，并相应落实技术防护、管理制度和定期测评。</p>",
                    "<p>The Cybersecurity Law requires network operators to apply the multi-level protection scheme. A government system is graded by its importance and by the harm its compromise would cause, and technical protection, management rules and regular assessment follow from its grade.</p>",
                ),
                (
                    "key_points",
                    {
                        "heading": "要点",
                        "points": [
                            "定级、备案、建设整改、测评、监督检查",
                            "等级越高，防护要求越严",
                            "日志留存不少于六个月",
                        ],
                    },
                    {
                        "heading": "Key points",
                        "points": [
                            "Grade, register, build and fix, assess, inspect",
                            "The higher the grade, the stricter the protection",
                            "Keep network logs for at least six months",
                        ],
                    },
                ),
                (
                    "check_question",
                    {
                        "question": "确定政务系统安全保护等级的主要依据是什么？",
                        "choices": [
                            "系统的重要程度和被破坏后的危害程度",
                            "系统的建设费用",
                            "系统用户的数量",
                        ],
                        "correct_choice": 1,
                        "explanation": "定级看重要程度和受到破坏后对国家、社会和公民的危害程度。",
                    },
                    {
                        "question": "What mainly decides a government system's protection grade?",
                        "choices": [
                            "Its importance and the harm its compromise would cause",
                            "What it cost to build",
                            "How many users it has",
                        ],
                        "correct_choice": 1,
                        "explanation": "The grade follows from importance and from the harm to the state, society and citizens if the system were compromised.",
                    },
                ),
            ],
        },
        {
            "slug": "geren-xinxi-chuli",
            "title": ("个人信息处理规则", "Rules for handling personal information"),
            "summary": (
                "合法、正当、必要，告知与最小范围。",
                "Lawful, fair, necessary; notice and the minimum scope.",
            ),
            "minutes": 10,
            "min_seconds": 240,
            "body": [
                (
                    "paragraph",
                    "<p>个人信息保护法要求处理个人信息遵循合法、正当、必要和诚信原则，目的明确，收集范围限于实现目的的最小范围。国家机关为履行法定职责处理个人信息，也应当依照法定的权限和程序进行，并履行告知义务。</p>",
                    "<p>The Personal Information Protection Law requires personal information to be handled lawfully, fairly, only as necessary and in good faith, for a clear purpose, collecting no more than the purpose needs. A state body handling personal information to perform its statutory duties must also stay within its legal powers and procedures and tell people how their information is handled.</p>",
                ),
                (
                    "callout",
                    {
                        "kind": "warning",
                        "title": "敏感个人信息",
                        "text": "<p>身份证件号码、生物识别、医疗健康、金融账户和行踪轨迹等属于敏感个人信息，泄露后可能严重损害个人权益，必须采取更严格的保护措施。</p>",
                    },
                    {
                        "kind": "warning",
                        "title": "Sensitive personal information",
                        "text": "<p>ID numbers, biometrics, health records, financial accounts and location histories are sensitive personal information: a leak can seriously harm the person, so stricter protection is required.</p>",
                    },
                ),
                (
                    "check_question",
                    {
                        "question": "在办事表单中增加收集申请人的宗教信仰，但该事项办理并不需要这一信息。这违反了哪项原则？",
                        "choices": ["公开透明原则", "最小必要原则", "准确性原则"],
                        "correct_choice": 2,
                        "explanation": "收集与处理目的无关的信息违反最小必要原则。",
                    },
                    {
                        "question": "A form adds a question about the applicant's religion although the procedure does not need it. Which principle does this break?",
                        "choices": ["Openness", "The minimum necessary", "Accuracy"],
                        "correct_choice": 2,
                        "explanation": "Collecting information the purpose does not need breaks the minimum-necessary principle.",
                    },
                ),
            ],
        },
        {
            "slug": "anquan-shijian-chuzhi",
            "title": ("安全事件应急处置", "Responding to security incidents"),
            "summary": ("发现、报告、处置、告知。", "Detect, report, contain, inform."),
            "minutes": 8,
            "min_seconds": 180,
            "body": [
                (
                    "paragraph",
                    "<p>发生个人信息泄露或网络安全事件时，应立即启动应急预案，采取补救措施，按规定向主管部门报告，并在可能对个人造成危害时通知受影响的个人。不要因为担心问责而隐瞒或拖延报告。</p>",
                    "<p>When personal information leaks or a security incident happens, start the response plan at once, take remedial measures, report to the competent authority as required, and notify the people affected where they may be harmed. Never hide or delay a report for fear of blame.</p>",
                ),
                (
                    "key_points",
                    {
                        "heading": "处置顺序",
                        "points": [
                            "立即止损：隔离受影响系统",
                            "及时报告：按规定时限上报",
                            "通知个人：说明风险和补救措施",
                            "复盘整改：找出根因",
                        ],
                    },
                    {
                        "heading": "Order of response",
                        "points": [
                            "Contain: isolate the affected systems",
                            "Report: within the required time",
                            "Inform people: the risk and what is being done",
                            "Review: find and fix the root cause",
                        ],
                    },
                ),
                (
                    "check_question",
                    {
                        "question": "发现政务系统疑似发生个人信息泄露，下列做法正确的是？",
                        "choices": [
                            "先内部调查清楚再决定是否上报",
                            "立即启动应急预案并按规定报告",
                            "删除相关日志以免扩散",
                        ],
                        "correct_choice": 2,
                        "explanation": "应立即处置并按规定报告；删除日志会破坏调查证据。",
                    },
                    {
                        "question": "You suspect a government system has leaked personal information. What is right?",
                        "choices": [
                            "Investigate quietly first, then decide whether to report",
                            "Start the response plan at once and report as required",
                            "Delete the logs so it does not spread",
                        ],
                        "correct_choice": 2,
                        "explanation": "Act at once and report as required; deleting logs destroys the evidence.",
                    },
                ),
            ],
        },
    ],
}
