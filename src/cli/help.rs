//! The help summaries in the user's language (`--lang`, Chinese by default): the command's and
//! each subcommand's one-line summary. clap reads the language before it parses the command
//! line, so it is found in the raw arguments (`--lang en` or `--lang=en`, anywhere).

use rotaplan::output::Lang;
use std::ffi::OsString;

/// The language the arguments ask for; Chinese when they do not say.
pub fn lang_of(args: &[OsString]) -> Lang {
    let mut it = args.iter().map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if let Some(v) = a.strip_prefix("--lang=") {
            return Lang::parse(v).unwrap_or_default();
        }
        if a == "--lang" {
            return it.next().and_then(|v| Lang::parse(&v)).unwrap_or_default();
        }
    }
    Lang::Zh
}

/// Subcommand → its summary in Chinese.
const ZH: [(&str, &str); 13] = [
    ("validate", "校验情景文件和数据文件，一次列出全部问题"),
    (
        "inspect",
        "县域概况：各区域教师数、可交流与必须交流的教师、各学科缺编",
    ),
    ("plan", "计算最优交流方案并写入文件夹"),
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
];

/// The command with its summaries in `lang` (clap's derive gives the English ones).
pub fn localized(cmd: clap::Command, lang: Lang) -> clap::Command {
    if lang == Lang::En {
        return cmd;
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let mut cmd = cmd
        .about("为县教育局规划教师交流轮岗和新教师分配")
        .long_about(
            "rotaplan 读入县的学校、教师和招聘数据（情景 TOML 加 CSV/XLSX），先逐项校验，再计算\
             可证明最优的年度方案：哪些教师到哪所乡村学校交流，新教师分到哪里。详见 README.md 和 docs/。",
        )
        .after_help(
        "示例：\n  rotaplan plan scenarios/demo-county/scenario.toml --out out/demo\n\n\
退出码：0 成功；1 规则未满足（plan）或被违反（check）；2 输入有误；3 求解器或文件系统出错。\n\
English: add --lang en",
    );
    for name in names {
        if let Some((_, zh)) = ZH.iter().find(|(n, _)| *n == name) {
            cmd = cmd.mut_subcommand(&name, |c| c.about(*zh));
        }
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_is_found_anywhere_and_chinese_by_default() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(lang_of(&args(&["rotaplan", "plan", "x"])), Lang::Zh);
        assert_eq!(
            lang_of(&args(&["rotaplan", "plan", "--lang", "en"])),
            Lang::En
        );
        assert_eq!(
            lang_of(&args(&["rotaplan", "--lang=en", "check"])),
            Lang::En
        );
        assert_eq!(lang_of(&args(&["rotaplan", "--lang", "zh"])), Lang::Zh);
    }
}
