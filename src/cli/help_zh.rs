//! The Chinese help texts (`--lang zh`, the default): each command's summary, each argument's
//! help and each command's examples. The English ones are the clap doc comments and the `HELP`
//! constants beside each command; these follow them, in the domain's words.

/// The command's summary (`-h`).
pub const ROOT_ABOUT: &str = "为县教育局规划教师交流轮岗和新教师分配";

/// The command's description (`--help`).
pub const ROOT_LONG_ABOUT: &str =
    "rotaplan 读入县的学校、教师和招聘数据（情景 TOML 加 CSV/XLSX），先逐项校验，再计算\
可证明最优的年度方案：哪些教师到哪所乡村学校交流，新教师分到哪里。详见 README.md 和 docs/。";

/// The command's example and exit codes.
pub const ROOT_AFTER_HELP: &str =
    "示例：\n  rotaplan plan scenarios/demo-county/scenario.toml --out out/demo\n\n\
退出码：0 成功；1 规则未满足（plan）或被违反（check）；2 输入有误；3 求解器或文件系统出错。\n\
English: add --lang en";

/// Subcommand → its summary.
pub const ABOUT: &[(&str, &str)] = &[
    ("validate", "校验情景文件和数据文件，一次列出全部问题"),
    (
        "inspect",
        "县域概况：各区域教师数、可交流与必须交流的教师、各学科缺编",
    ),
    ("plan", "计算最优交流方案并写入方案文件夹"),
    (
        "generate",
        "生成一个模拟县（或一个省的多个县）作为情景文件夹",
    ),
    (
        "explain",
        "解释方案：某位教师为何交流或未交流，某所学校接收了谁、为什么",
    ),
    ("check", "按全部规则核查方案文件夹（包括人工修改过的方案）"),
    (
        "compare",
        "并排比较多个方案：指标、分学科和分区域缺编、教师、学校",
    ),
    (
        "sweep",
        "对一个数值参数的每个取值分别规划，输出关键指标的表和图",
    ),
    (
        "advance",
        "由本年度情景和方案生成下一年度情景：计入服务年限、期满、退休、新教师入编",
    ),
    ("ledger", "教师的交流任教记录，或交流任教台账总览"),
    (
        "publish",
        "生成公示名单和交流通知：可打印的网页、A4 版 xlsx、CSV，加 --pdf 输出 PDF",
    ),
    (
        "render",
        "人工修改方案后，按修改后的决定重新生成派生文件、工作簿和报告，并核查",
    ),
    ("serve", "本地网页工作台：在浏览器中上传、校验、规划、下载"),
    ("help", "显示本帮助，或指定子命令的帮助"),
];

/// The arguments of every command: `--lang`, `-h/--help`, `-V/--version`.
pub const EVERY: &[(&str, &str)] = &[
    (
        "lang",
        "消息、错误、帮助和文档的语言：zh（中文，默认）或 en（英文）",
    ),
    ("help", "显示帮助"),
    ("version", "显示版本号"),
];

/// `-h/--help` where the long help (`--help`) says more than the summary (`-h`).
pub const HELP_SHORT: &str = "显示帮助（--help 显示详细说明）";
/// The same, as `--help` shows it.
pub const HELP_LONG: &str = "显示帮助（-h 只显示摘要）";

const SCENARIO: &str = "情景文件（scenario.toml）";
const SCENARIO_OF_PLAN: &str = "生成该方案所用的情景文件（scenario.toml）";
const DECISIONS: &str = "从哪一份读取决定：plan.csv（连同 hires.csv）或 plan.xlsx。\
默认读取方案生成后被修改过的那一份";

/// Subcommand → (argument id → its help).
pub const ARGS: &[(&str, &[(&str, &str)])] = &[
    (
        "validate",
        &[("scenario", SCENARIO), ("json", "以 JSON 格式输出诊断信息")],
    ),
    (
        "inspect",
        &[
            ("scenario", SCENARIO),
            ("json", "以 JSON 格式输出县域概况"),
            ("top", "列出缺编最多的学校的个数"),
        ],
    ),
    (
        "plan",
        &[
            ("scenario", "情景文件（scenario.toml）；使用 --batch 时省略"),
            (
                "batch",
                "规划此文件夹中的每个情景（DIR/*.toml、DIR/*/scenario.toml），分别写入 \
                 --out/<名称>/；每个方案都经核查",
            ),
            (
                "locks",
                "锁定文件（CSV/XLSX，列为 kind、teacher_id、school_id、subject），\
                 每个方案都必须遵守其中的锁定",
            ),
            (
                "from",
                "在此前一个方案文件夹的基础上重新规划，尽量少改动已有安排",
            ),
            (
                "base",
                "基准方案文件夹（通常是本变体所依据情景的方案）：凡仍为最优之处都沿用其决定，\
                 使 `compare` 只显示变体带来的变化",
            ),
            (
                "out",
                "输出的方案文件夹（不存在则创建；其中的文件会被替换）",
            ),
            (
                "time_limit",
                "求解器运行此秒数（正数）后停止，保留已找到的最好方案",
            ),
            (
                "export_model",
                "写出最后一个目标阶段的模型，供审计（.lp 或 .mps）",
            ),
            (
                "check",
                "对写出的方案运行独立核查并输出核查报告；未通过则退出码为 1",
            ),
            (
                "reproducible",
                "计时数据一律写 0，使两次运行生成的文件逐字节相同",
            ),
            (
                "anonymize",
                "plan.xlsx 和 report.html 中以化名代替教师姓名和编号（CSV 文件保留真实编号，\
                 供 `check` 使用）。密钥：$ROTAPLAN_ANON_KEY，未设置时用情景名称",
            ),
            (
                "years",
                "连续规划 N 年（1–10），每年由 `advance` 结转到下一年度：每年一个方案文件夹，\
                 另有 horizon.csv、horizon.json 和 horizon.svg（滚动预测；见 docs/years.md）",
            ),
        ],
    ),
    (
        "generate",
        &[
            ("teachers", "每个县的教师人数"),
            ("schools", "每个县的学校和教学点数"),
            ("seed", "随机种子：种子相同，生成的文件就相同"),
            ("counties", "县的个数（一个省）；每个县写入单独的文件夹"),
            ("plan_year", "所规划学年开始的公历年份"),
            (
                "teaching_points",
                "教学点占学校数的百分比（0–90；默认四分之一）",
            ),
            (
                "chinese",
                "使用中文表头和取值，写出 GBK 编码的 teachers.csv 和 schools.xlsx，\
                 与教育局导出的数据一样",
            ),
            (
                "leaders",
                "名册中包含校长、副校长和中层干部（post、post_since 列），\
                 用于干部交流（见 docs/leaders.md）",
            ),
            (
                "applications",
                "生成教师的交流申请和志愿（applications.csv：约三分之一符合交流条件的教师，\
                 多数为自愿报名），用于志愿目标（见 docs/wishes.md）",
            ),
            ("out", "写入情景的文件夹（须为新建或空文件夹）"),
        ],
    ),
    (
        "explain",
        &[
            ("scenario", SCENARIO_OF_PLAN),
            (
                "dir",
                "`plan` 写出的方案文件夹（plan.csv、hires.csv、unplaced.csv）",
            ),
            ("id", "教师编号、学校编号，或教师化名（配合 --anonymize）"),
            ("json", "以 JSON 格式输出解释"),
            (
                "anonymize",
                "以化名显示教师，与 `plan --anonymize` 写出的报告一致",
            ),
        ],
    ),
    (
        "check",
        &[
            ("scenario", SCENARIO_OF_PLAN),
            (
                "dir",
                "方案文件夹（plan.csv、hires.csv、gaps.csv、unplaced.csv、summary.json）",
            ),
            ("json", "以 JSON 格式输出核查报告"),
            ("decisions", DECISIONS),
            (
                "locks",
                "方案必须遵守的锁定文件（与 plan --locks 所给的相同）",
            ),
        ],
    ),
    (
        "compare",
        &[
            (
                "dirs",
                "两个或更多方案文件夹（`plan --years` 的文件夹按其中各年度计）",
            ),
            ("csv", "另将比较结果写成一张 CSV 表"),
            ("json", "以 JSON 代替文本输出比较结果"),
            (
                "scenario",
                "情景文件：文件夹中没有 whatif.json 时（普通 `plan` 的方案）据此确定学校所属区域",
            ),
        ],
    ),
    (
        "sweep",
        &[
            ("scenario", SCENARIO),
            (
                "set",
                "参数及其取值：KEY=FROM..TO:STEP（起..止:步长）、KEY=A,B,C 或 KEY=V\
                 （如 hires.total=0..200:20、weights.rural=1,2）",
            ),
            (
                "out",
                "输出文件夹：sweep.csv、sweep.json、sweep.svg，points/ 下每个取值一个方案文件夹",
            ),
            ("locks", "每个取值的方案都必须遵守的锁定文件"),
            ("time_limit", "每个取值的求解时间上限（秒，正数）"),
            ("reproducible", "计时数据一律写 0"),
        ],
    ),
    (
        "advance",
        &[
            ("scenario", "本年度的情景文件（scenario.toml）"),
            (
                "plan",
                "本年度的方案文件夹（`rotaplan plan --out` 写出的，可以人工修改过）",
            ),
            ("out", "写入下一年度情景的文件夹（须为新建或空文件夹）"),
            (
                "chinese",
                "数据文件使用中文表头和取值（GBK 编码的 teachers.csv、schools.xlsx）；\
                 默认与本年度情景的文件一致",
            ),
        ],
    ),
    (
        "ledger",
        &[
            ("scenario", SCENARIO),
            ("teacher", "只显示这位教师的交流任教记录（编号与名册一致）"),
            ("json", "以 JSON 格式输出"),
        ],
    ),
    (
        "publish",
        &[
            ("scenario", SCENARIO_OF_PLAN),
            (
                "plan",
                "方案文件夹（`rotaplan plan --out` 写出的，可以人工修改过）",
            ),
            (
                "out",
                "写入公示名单和交流通知的文件夹（须为新建或空文件夹）",
            ),
            ("unit", "发布单位；默认为“<县名>教育局”"),
            (
                "from",
                "公示开始日期，格式 YYYY-MM-DD；不给则留空，另行填写",
            ),
            ("days", "公示期（工作日天数）"),
            ("contact", "受理异议的联系电话"),
            ("date", "落款日期，格式 YYYY-MM-DD；不给则留空，另行填写"),
            ("pdf", "同时用无界面 Chromium 把网页文档打印成 PDF"),
        ],
    ),
    (
        "render",
        &[
            ("scenario", SCENARIO_OF_PLAN),
            (
                "plan",
                "决定（plan.csv 和 hires.csv，或 plan.xlsx）经人工修改的方案文件夹",
            ),
            (
                "out",
                "改为写入此文件夹（新建、空文件夹或方案文件夹），原文件夹不变",
            ),
            ("decisions", DECISIONS),
            ("reproducible", "计时数据一律写 0，并固定工作簿的创建时间"),
        ],
    ),
    (
        "serve",
        &[
            (
                "dir",
                "工作台文件夹：存放 scenarios/ 和 plans/（不存在则创建）",
            ),
            ("bind", "监听的地址和端口"),
            (
                "password_file",
                "密码文件，第一行为密码（--bind 不是 127.0.0.1 时必须提供）",
            ),
            ("max_upload_mb", "上传文件的大小上限（MB）"),
        ],
    ),
];

/// Subcommand → its examples and notes (the `HELP` constant's Chinese).
pub const AFTER_HELP: &[(&str, &str)] = &[
    (
        "validate",
        "示例：\n  rotaplan validate scenarios/demo-county/scenario.toml\n\n\
数据可以规划时退出码为 0（警告照常输出），有错误时为 2。",
    ),
    (
        "inspect",
        "示例：\n  rotaplan inspect scenarios/demo-county/scenario.toml\n  \
rotaplan inspect scenarios/demo-county/scenario.toml --json > overview.json",
    ),
    (
        "plan",
        "示例：\n  rotaplan plan scenarios/demo-county/scenario.toml --out out/demo --check\n\n\
在 --out 中写入 plan.csv、hires.csv、gaps.csv、unplaced.csv、summary.json、report.md、plan.xlsx\n\
和 report.html。每条规则都满足时退出码为 0；有规则未能满足（见 summary.json 的 violations）\n\
或 --check 发现问题时为 1；输入有误（包括互相矛盾的选项）时为 2；求解器或磁盘出错时为 3。\n\n\
假设分析（变体）：\n  rotaplan plan --batch scenarios/whatif --out out/whatif        # 并行规划文件夹中的每个情景\n  \
rotaplan plan scenarios/demo-county/scenario.toml --locks locks.csv --out out/locked\n  \
rotaplan plan variant.toml --from out/demo --out out/replan      # 尽量少改动\n  \
rotaplan plan variant.toml --base out/demo --out out/variant     # 仍为最优之处沿用基准方案的决定",
    ),
    (
        "generate",
        "示例：\n  rotaplan generate --teachers 10000 --schools 200 --seed 7 --out gen/county\n  \
rotaplan generate --teachers 8000 --schools 150 --counties 100 --out gen/province\n\n\
种子相同，生成的文件就相同。使用 --counties K 时，各县依次写入 DIR/county-001 …，彼此因序号而不同。\n\
数据的校准依据见 docs/generator.md。",
    ),
    (
        "explain",
        "示例：\n  rotaplan explain scenarios/demo-county/scenario.toml out/demo T00001\n  \
rotaplan explain scenarios/demo-county/scenario.toml out/demo S0031 --lang en --json\n\n\
ID 为教师编号或学校编号（使用 --anonymize 时为教师化名 ANON-…）。\n\
退出码为 0；情景、方案文件夹或编号有误时为 2。",
    ),
    (
        "check",
        "示例：\n  rotaplan check scenarios/demo-county/scenario.toml out/demo\n\n\
方案遵守每条规则且各项数据相符时退出码为 0；人工修改后决定仍遵守每条规则、只是由其派生的文件\n\
已过时，也为 0（给出警告：请运行 `rotaplan render`）；否则为 1。情景或方案文件夹无法读取\n\
（不存在、不是文件夹、缺少方案文件、UTF-16 编码或二进制文件）时为 2。",
    ),
    (
        "compare",
        "示例：\n  rotaplan compare out/whatif/more-hires out/whatif/rotation-15 --csv compare.csv\n  \
rotaplan compare out/five-years        # 并排比较 `plan --years` 文件夹中的各年度\n\n\
差异均相对于第一个文件夹。`plan --years` 写出的文件夹按顺序代表其中各年度的文件夹。",
    ),
    (
        "sweep",
        "示例：\n  rotaplan sweep scenarios/whatif/budget.toml --set hires.total=0..200:20 --out out/sweep\n  \
rotaplan sweep scenarios/demo-county/scenario.toml --set policy.rotation_share=0.1,0.15,0.2 --out out/share\n\n\
写入 sweep.csv、sweep.json、sweep.svg，并在 points/ 下为每个取值写一个方案文件夹（均经核查）。\n\
退出码为 0；某个取值有规则未满足时为 1；输入有误时为 2（不写入任何文件）；求解器或磁盘出错时为 3。",
    ),
    (
        "advance",
        "示例：\n  rotaplan plan scenarios/demo-county/scenario.toml --out out/2026\n  \
rotaplan advance scenarios/demo-county/scenario.toml out/2026 --out next/2027\n  \
rotaplan plan next/2027/scenario.toml --out out/2027\n\n\
方案须通过 `rotaplan check`。NEXT_DIR 须为新建或空文件夹；所给的文件都不改动。\n\
新情景旁另有 advance-report.csv（每项变动）和 service.csv（交流任教台账，供教师档案使用；\n\
跨入下一年度的交流期从中读取）。新教师的编号为 N<年份><序号>，姓名、性别和出生日期为占位值，需补全。\n\
写入成功时退出码为 0；情景、方案或输出文件夹无法使用时为 2。",
    ),
    (
        "ledger",
        "示例：\n  rotaplan ledger next/2027/scenario.toml\n  \
rotaplan ledger next/2027/scenario.toml --teacher T00041\n\n\
读取情景的教师名册和交流任教台账（[data] service，由 `rotaplan advance` 写出）。\n\
总览按类别和年份统计台账行数，列出评聘高级职称之前仍须交流的教师，以及到下学期服务期满的特岗教师。\n\
退出码为 0；情景无法读取或名册中没有该教师时为 2。",
    ),
    (
        "publish",
        "示例：\n  rotaplan publish scenarios/demo-county/scenario.toml out/demo --out out/demo-publish \\\n    \
--from 2026-08-20 --contact 0000-1234567\n\n\
写入 publicity.html（A4，在浏览器中打印）、publicity.xlsx（A4 横向，宽度缩为一页，每页重复表头）、\n\
publicity.csv、letters-schools.html（每所接收学校一份交流通知）和 letters-teachers.html（每位交流\n\
教师一份）；方案中有干部交流时，另有 publicity-leaders.html 和 .csv（干部交流任职公示）。加 --pdf\n\
时还用无界面 Chromium 打印出 PDF（apt-get install -y chromium fonts-noto-cjk）。方案须通过\n\
`rotaplan check`。写入成功时退出码为 0；情景、方案或输出文件夹无法使用时为 2。",
    ),
    (
        "render",
        "示例：\n  rotaplan render scenarios/demo-county/scenario.toml out/demo\n\n\
plan.csv 或 hires.csv、或 plan.xlsx 的“交流方案”或“新教师分配”工作表经人工修改后（如把一位教师\n\
改到另一所学校、删去一行），重新生成由其派生的全部内容：coverage.csv、itinerant.csv、gaps.csv、\n\
staffing.csv、unplaced.csv、summary.json（状态 `edited`）、plan.csv、hires.csv、plan.xlsx 和各报告，\n\
并核查结果。不加 --out 时就地整体重写该文件夹（不会只写一半）。\n\
修改后的方案遵守每条规则时退出码为 0；违反或未满足某条规则时为 1（核查报告会指明）；\n\
情景或方案的决定无法读取时为 2。",
    ),
    (
        "serve",
        "示例：\n  rotaplan serve                       # http://127.0.0.1:8080/，文件夹 ./rotaplan-workbench\n  \
rotaplan serve --dir D:/交流工作台 --bind 127.0.0.1:9000\n  \
rotaplan serve --bind 0.0.0.0:8080 --password-file pw.txt   # 办公室局域网内可以访问\n\n\
每个情景和方案都是 --dir 中的一个文件夹，格式与命令行相同。\n\
监听 127.0.0.1 以外的地址时需要密码（HTTP Basic 认证；用户名任意）。",
    ),
];
