"""Demo course text, part 2: AI in public administration, cloud and e-government platforms.
Written for GovLearn in our own words."""

AI_IN_GOVERNMENT = {
    "slug": "rengong-zhineng-zhengwu",
    "zh": {
        "title": "人工智能在政务中的应用",
        "summary": "智能客服、辅助审批和数据分析：用好人工智能，守住安全和公平的底线。",
        "body": "<p>人工智能正在进入政务服务和机关内部管理。本课程介绍典型应用场景、生成式人工智能的使用边界，以及算法公平、透明和人工复核的要求。</p>",
        "audience": "各级机关工作人员，特别是正在规划或使用智能化系统的业务和信息化人员。",
        "prerequisites": "建议先完成《网络安全与个人信息保护》。",
        "assessment_method": "完成全部课时并答对检查题。",
        "contact_person": "陈思远（培训处）",
        "contact_channel": "邮箱 ai-course@demo.govlearn.localhost",
        "material": (
            "政务人工智能应用评估要点",
            "政务人工智能应用评估要点\n\n1. 应用场景和预期效果是否清楚？\n2. 训练和使用的数据是否合法、是否涉及个人信息？\n3. 结果是否有人工复核环节？\n4. 是否向群众说明使用了自动化决策？\n",
        ),
    },
    "en": {
        "title": "AI in public administration",
        "summary": "Chatbots, assisted approval and analytics: using AI well while keeping it safe and fair.",
        "body": "<p>Artificial intelligence is entering public services and the internal work of government. This course introduces typical uses, the limits on using generative AI, and the requirements of fairness, transparency and human review of algorithmic decisions.</p>",
        "audience": "Officials at every level, especially business and IT staff planning or running intelligent systems.",
        "prerequisites": "Completing “Cybersecurity and personal information protection” first is recommended.",
        "assessment_method": "Complete every lesson and answer the check questions correctly.",
        "contact_person": "Chen Siyuan (Training Division)",
        "contact_channel": "E-mail ai-course@demo.govlearn.localhost",
        "material": (
            "Checklist for assessing AI in government",
            "Checklist for assessing AI in government\n\n1. Are the use and its expected benefit clear?\n2. Are the training and input data lawful, and do they include personal information?\n3. Is there a human review of the results?\n4. Are people told that an automated decision is involved?\n",
        ),
    },
    "credit_hours": "2.5",
    "estimated_minutes": 150,
    "pass_mark": 80,
    "certificate_issued": False,
    "tags": (
        ["人工智能", "智能客服", "算法治理"],
        ["artificial intelligence", "chatbots", "algorithm governance"],
    ),
    "lessons": [
        {
            "slug": "yingyong-changjing",
            "title": ("政务人工智能的典型场景", "Typical uses of AI in government"),
            "summary": (
                "从智能问答到辅助审批。",
                "From answering questions to assisting approvals.",
            ),
            "minutes": 8,
            "min_seconds": 180,
            "body": [
                (
                    "paragraph",
                    "<p>常见的政务人工智能应用包括：智能客服回答办事咨询，材料智能预审发现缺项，热线工单自动分类派发，以及利用数据分析发现城市运行中的风险。它们的共同点是<b>辅助人</b>，而不是替代依法作出决定的责任人。</p>",
                    "<p>Common uses of AI in government include chatbots answering questions about procedures, automatic pre-checks that find missing documents, hotline tickets classified and routed automatically, and analytics that find risks in how a city runs. What they share is that they <b>assist people</b>; they do not replace the official who is legally responsible for a decision.</p>",
                ),
                (
                    "key_points",
                    {
                        "heading": "要点",
                        "points": [
                            "智能客服：7×24 小时答疑",
                            "智能预审：提前发现材料缺项",
                            "工单分派：缩短响应时间",
                        ],
                    },
                    {
                        "heading": "Key points",
                        "points": [
                            "Chatbots answer around the clock",
                            "Pre-checks find missing documents early",
                            "Automatic routing shortens response times",
                        ],
                    },
                ),
                (
                    "check_question",
                    {
                        "question": "在辅助审批中引入人工智能后，审批决定由谁负责？",
                        "choices": ["算法供应商", "依法履职的审批人员和机关", "人工智能系统本身"],
                        "correct_choice": 2,
                        "explanation": "人工智能只是辅助工具，法律责任仍由作出决定的机关和人员承担。",
                    },
                    {
                        "question": "AI assists with an approval. Who answers for the decision?",
                        "choices": [
                            "The algorithm's supplier",
                            "The approving officials and their authority",
                            "The AI system itself",
                        ],
                        "correct_choice": 2,
                        "explanation": "AI is a tool; legal responsibility stays with the authority and the officials who decide.",
                    },
                ),
            ],
        },
        {
            "slug": "shengchengshi-bianjie",
            "title": ("生成式人工智能的使用边界", "Limits on using generative AI"),
            "summary": (
                "不输入涉密和敏感信息，核实生成内容。",
                "No secret or sensitive input; verify what it writes.",
            ),
            "minutes": 8,
            "min_seconds": 180,
            "body": [
                (
                    "paragraph",
                    "<p>使用生成式人工智能起草材料可以提高效率，但要守住两条底线：不得把涉密信息、内部敏感信息和个人信息输入到未经批准的外部服务；对生成的内容逐项核实，尤其是数字、法规条文和引用来源。</p>",
                    "<p>Drafting with generative AI can save time, but two lines must hold: never put classified information, sensitive internal information or personal information into an external service that has not been approved; and check everything it produces, above all figures, legal provisions and cited sources.</p>",
                ),
                (
                    "callout",
                    {
                        "kind": "warning",
                        "title": "注意",
                        "text": "<p>生成式模型可能编造看似可信的法规条文或数据。对外发布前必须由人工核对原始出处。</p>",
                    },
                    {
                        "kind": "warning",
                        "title": "Watch out",
                        "text": "<p>Generative models can invent convincing legal provisions or figures. A person must check the original source before anything is published.</p>",
                    },
                ),
                (
                    "check_question",
                    {
                        "question": "以下哪种做法符合生成式人工智能的使用要求？",
                        "choices": [
                            "把含有群众身份证号的表格交给外部聊天机器人整理",
                            "用经批准的工具起草通知，并人工核对其中的法规引用",
                            "直接发布模型生成的政策解读",
                        ],
                        "correct_choice": 2,
                        "explanation": "使用经批准的工具并人工核对，是安全使用的基本要求。",
                    },
                    {
                        "question": "Which use of generative AI is acceptable?",
                        "choices": [
                            "Giving an external chatbot a sheet with citizens' ID numbers to tidy up",
                            "Drafting a notice with an approved tool and checking its legal references by hand",
                            "Publishing a policy explanation exactly as the model wrote it",
                        ],
                        "correct_choice": 2,
                        "explanation": "An approved tool plus a human check of the output is the basic rule of safe use.",
                    },
                ),
            ],
        },
        {
            "slug": "suanfa-gongping",
            "title": ("算法公平、透明与人工复核", "Fair, transparent algorithms with human review"),
            "summary": (
                "让自动化决策可解释、可申诉。",
                "Automated decisions that can be explained and appealed.",
            ),
            "minutes": 8,
            "min_seconds": 180,
            "body": [
                (
                    "paragraph",
                    "<p>利用个人信息进行自动化决策，应当保证决策的透明度和结果公平、公正。对个人权益有重大影响的决定，个人有权要求说明，并有权拒绝仅通过自动化决策的方式作出决定。政务系统应当设置人工复核和申诉渠道。</p>",
                    "<p>Automated decisions that use personal information must be transparent and their results fair and just. Where a decision significantly affects someone's rights, they may ask for an explanation and may refuse a decision made by automation alone. Government systems should provide human review and a way to appeal.</p>",
                ),
                (
                    "key_points",
                    {
                        "heading": "要点",
                        "points": [
                            "可解释：说明主要依据",
                            "可复核：人工复核重要决定",
                            "可申诉：提供申诉渠道",
                        ],
                    },
                    {
                        "heading": "Key points",
                        "points": [
                            "Explainable: state the main grounds",
                            "Reviewable: people review important decisions",
                            "Appealable: offer a way to appeal",
                        ],
                    },
                ),
                (
                    "check_question",
                    {
                        "question": "一项补贴资格由系统自动判定为不符合，申请人提出异议，应当怎样处理？",
                        "choices": [
                            "告知系统结果不可更改",
                            "提供人工复核并说明判定依据",
                            "要求申请人重新注册账号",
                        ],
                        "correct_choice": 2,
                        "explanation": "对自动化决策的异议应有人工复核，并向申请人说明依据。",
                    },
                    {
                        "question": "A system automatically finds an applicant ineligible for a subsidy, and the applicant objects. What should happen?",
                        "choices": [
                            "Say the system's result cannot be changed",
                            "Offer a human review and explain the grounds",
                            "Ask the applicant to register a new account",
                        ],
                        "correct_choice": 2,
                        "explanation": "An objection to an automated decision gets a human review and an explanation of the grounds.",
                    },
                ),
            ],
        },
    ],
}

CLOUD_PLATFORMS = {
    "slug": "zhengwuyun-pingtai",
    "zh": {
        "title": "政务云与电子政务平台建设",
        "summary": "集约建设、统一运维：理解政务云、共性平台和系统整合。",
        "body": "<p>各部门分散建设机房和系统，既浪费投资又形成“数据孤岛”。本课程讲解政务云的集约化建设模式、统一身份认证等共性支撑平台，以及老旧系统迁移上云的方法。</p>",
        "audience": "信息化管理人员、项目负责人和需要参与系统建设的业务人员。",
        "prerequisites": "无。",
        "assessment_method": "完成全部课时并答对检查题。",
        "contact_person": "周强（网络安全处）",
        "contact_channel": "电话 010-6555 0404",
        "material": (
            "系统上云迁移检查表",
            "系统上云迁移检查表\n\n1. 梳理系统依赖和数据量\n2. 确定安全等级和云上防护措施\n3. 制定迁移与回退方案\n4. 迁移后性能和安全测评\n",
        ),
    },
    "en": {
        "title": "Government cloud and e-government platforms",
        "summary": "Build once, run together: government cloud, shared platforms and joining up systems.",
        "body": "<p>When every department builds its own server room and systems, money is wasted and data end up in islands. This course covers the consolidated government cloud, shared platforms such as a single identity service, and how to move old systems to the cloud.</p>",
        "audience": "IT managers, project leads and business staff who take part in building systems.",
        "prerequisites": "None.",
        "assessment_method": "Complete every lesson and answer the check questions correctly.",
        "contact_person": "Zhou Qiang (Cybersecurity Section)",
        "contact_channel": "Phone 010-6555 0404",
        "material": (
            "Cloud migration checklist",
            "Cloud migration checklist\n\n1. Map the system's dependencies and data volumes\n2. Settle its protection grade and its security in the cloud\n3. Plan the migration and the way back\n4. Test performance and security after moving\n",
        ),
    },
    "credit_hours": "2.0",
    "estimated_minutes": 120,
    "pass_mark": 75,
    "certificate_issued": False,
    "tags": (["政务云", "电子政务", "平台建设"], ["government cloud", "e-government", "platforms"]),
    "lessons": [
        {
            "slug": "jiyue-jianshe",
            "title": ("政务云的集约化建设", "Consolidating on a government cloud"),
            "summary": (
                "为什么不再各建各的机房。",
                "Why departments no longer build their own server rooms.",
            ),
            "minutes": 8,
            "min_seconds": 180,
            "body": [
                (
                    "paragraph",
                    "<p>政务云由统一的主体建设和运营，各部门按需申请计算、存储和网络资源。集约建设降低了重复投资，也让安全防护、备份和运维可以统一实施，为数据共享打下基础。</p>",
                    "<p>A government cloud is built and run by one operator, and departments request computing, storage and network resources as they need them. Consolidation cuts duplicated spending and lets security, backup and operations be done once for all, laying the ground for data sharing.</p>",
                ),
                (
                    "key_points",
                    {
                        "heading": "要点",
                        "points": [
                            "统一建设、按需使用",
                            "统一安全防护和备份",
                            "减少重复投资和数据孤岛",
                        ],
                    },
                    {
                        "heading": "Key points",
                        "points": [
                            "Built once, used on demand",
                            "Security and backup done once for all",
                            "Less duplicated spending, fewer data islands",
                        ],
                    },
                ),
                (
                    "check_question",
                    {
                        "question": "政务云集约化建设的主要好处是什么？",
                        "choices": [
                            "每个部门都能拥有独立机房",
                            "减少重复投资并统一安全防护",
                            "不再需要网络安全等级保护",
                        ],
                        "correct_choice": 2,
                        "explanation": "集约建设减少重复投资、统一防护；云上系统仍须落实等级保护。",
                    },
                    {
                        "question": "What is the main benefit of consolidating on a government cloud?",
                        "choices": [
                            "Every department gets its own server room",
                            "Less duplicated spending and security done once for all",
                            "Multi-level protection is no longer needed",
                        ],
                        "correct_choice": 2,
                        "explanation": "Consolidation cuts duplication and unifies protection; systems in the cloud still follow multi-level protection.",
                    },
                ),
            ],
        },
        {
            "slug": "gongxing-pingtai",
            "title": ("共性支撑平台", "Shared platforms"),
            "summary": (
                "统一身份认证、电子证照、电子印章。",
                "Single identity, electronic licences, electronic seals.",
            ),
            "minutes": 8,
            "min_seconds": 180,
            "body": [
                (
                    "paragraph",
                    "<p>统一身份认证、电子证照库、电子印章和统一支付等共性平台只建一次、各系统复用。新建业务系统应当直接对接这些平台，而不是自建一套用户体系，否则群众又要在新系统里重新注册。</p>",
                    "<p>Shared platforms — a single identity service, an electronic licence library, electronic seals and a single payment service — are built once and reused by every system. A new system should connect to them rather than build its own user accounts; otherwise citizens must register all over again.</p>",
                ),
                (
                    "callout",
                    {
                        "kind": "tip",
                        "title": "建设前先问",
                        "text": "<p>这项功能是否已经有共性平台提供？复用比自建更快、更安全。</p>",
                    },
                    {
                        "kind": "tip",
                        "title": "Ask before building",
                        "text": "<p>Does a shared platform already offer this? Reuse is faster and safer than building your own.</p>",
                    },
                ),
                (
                    "check_question",
                    {
                        "question": "新建一个业务系统时，用户登录应当如何实现？",
                        "choices": [
                            "自建独立的注册和登录功能",
                            "对接统一身份认证平台",
                            "使用部门内部共享的一个账号",
                        ],
                        "correct_choice": 2,
                        "explanation": "对接统一身份认证，群众一次注册、处处可用。",
                    },
                    {
                        "question": "How should a new business system log users in?",
                        "choices": [
                            "Build its own registration and login",
                            "Connect to the single identity platform",
                            "Use one shared account for the department",
                        ],
                        "correct_choice": 2,
                        "explanation": "Connecting to the single identity service means one registration works everywhere.",
                    },
                ),
            ],
        },
        {
            "slug": "qianyi-shangyun",
            "title": ("老旧系统迁移上云", "Moving old systems to the cloud"),
            "summary": ("评估、迁移、回退和测评。", "Assess, move, keep a way back, test."),
            "minutes": 8,
            "min_seconds": 180,
            "body": [
                (
                    "paragraph",
                    "<p>迁移上云前要梳理系统依赖、数据量和安全等级，制定迁移和回退方案，选择业务低峰期实施。迁移后进行性能和安全测评，确认无误后再下线原有环境。</p>",
                    "<p>Before moving a system to the cloud, map its dependencies, data volumes and protection grade, plan the move and a way back, and do it in a quiet period. Afterwards test performance and security, and retire the old environment only once everything checks out.</p>",
                ),
                (
                    "key_points",
                    {
                        "heading": "迁移步骤",
                        "points": [
                            "评估依赖与数据",
                            "制定迁移与回退方案",
                            "低峰期实施",
                            "测评后下线旧环境",
                        ],
                    },
                    {
                        "heading": "Steps",
                        "points": [
                            "Assess dependencies and data",
                            "Plan the move and the way back",
                            "Move in a quiet period",
                            "Test, then retire the old environment",
                        ],
                    },
                ),
                (
                    "check_question",
                    {
                        "question": "系统迁移上云完成后，何时下线原有环境？",
                        "choices": [
                            "迁移当天立即下线",
                            "性能和安全测评通过后",
                            "无需下线，长期双轨运行",
                        ],
                        "correct_choice": 2,
                        "explanation": "测评通过后再下线，保留回退的可能。",
                    },
                    {
                        "question": "When is the old environment retired after a move to the cloud?",
                        "choices": [
                            "On the day of the move",
                            "After performance and security tests pass",
                            "Never; run both for good",
                        ],
                        "correct_choice": 2,
                        "explanation": "Retire it only after the tests pass, so a way back remains.",
                    },
                ),
            ],
        },
    ],
}
