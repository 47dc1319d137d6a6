//! The help in the user's language (`--lang`, Chinese by default): the command's and each
//! subcommand's summary, every argument's help, the examples after it and clap's headings. clap
//! reads the language before it parses the command line, so it is found in the raw arguments
//! (`--lang en` or `--lang=en`, anywhere). The Chinese texts are in help_zh.rs.

#[path = "help_zh.rs"]
mod zh;

use clap::{Arg, Command};
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

/// The command with its help in `lang` (clap's derive gives the English).
///
/// Under Chinese the command is built first (`Command::build`), so that the arguments clap adds
/// itself (`-h/--help`, `-V/--version`, the `help` subcommand) and the global `--lang`, copied
/// into every subcommand, are there to be translated too.
pub fn localized(cmd: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return cmd;
    }
    let mut cmd = cmd
        .about(zh::ROOT_ABOUT)
        .long_about(zh::ROOT_LONG_ABOUT)
        .after_help(zh::ROOT_AFTER_HELP);
    cmd.build();
    in_chinese(cmd)
}

/// `cmd` (a subcommand, or the root) and everything below it in Chinese: summaries, examples,
/// arguments, headings.
fn in_chinese(mut cmd: Command) -> Command {
    let name = cmd.get_name().to_string();
    if let Some(about) = find(zh::ABOUT, &name) {
        cmd = cmd.about(about);
    }
    if cmd.get_after_help().is_some() {
        if let Some(after) = find(zh::AFTER_HELP, &name) {
            cmd = cmd.after_help(after);
        }
    }
    let own = zh::ARGS
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(&[][..], |(_, args)| *args);
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let Some(text) = find(own, &id).or_else(|| find(zh::EVERY, &id)) else {
            continue;
        };
        cmd = cmd.mut_arg(&id, |a| arg_in_chinese(a, text));
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for sub in subs {
        cmd = cmd.mut_subcommand(&sub, in_chinese);
    }
    let template = template(&cmd);
    cmd.help_template(template)
}

fn find(table: &[(&str, &'static str)], key: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// An argument with its Chinese help; clap's own `[default: …]` and `[possible values: …]` are
/// written into it in Chinese.
fn arg_in_chinese(arg: Arg, text: &str) -> Arg {
    if arg.get_id() == "help" && arg.get_long_help().is_some() {
        return arg.help(zh::HELP_SHORT).long_help(zh::HELP_LONG);
    }
    let mut text = text.to_string();
    let takes_values = arg.get_action().takes_values();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if takes_values && !defaults.is_empty() && !arg.is_hide_default_value_set() {
        text.push_str(&format!(" [默认：{}]", defaults.join(" ")));
    }
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if takes_values && !values.is_empty() && !arg.is_hide_possible_values_set() {
        text.push_str(&format!(" [可选：{}]", values.join(", ")));
    }
    let long = arg.get_long_help().is_some();
    let arg = arg
        .help(text.clone())
        .hide_default_value(true)
        .hide_possible_values(true);
    if long {
        arg.long_help(text)
    } else {
        arg
    }
}

/// clap's help layout with Chinese headings (用法, 命令, 参数, 选项), in clap's header style; a
/// section only when the command has something to list in it.
fn template(cmd: &Command) -> String {
    let styles = cmd.get_styles();
    let (usage, header) = (styles.get_usage(), styles.get_header());
    let mut t = format!("{{before-help}}{{about-with-newline}}\n{usage}用法：{usage:#}{{usage}}");
    let mut section = |title: &str, tag: &str| {
        t.push_str(&format!("\n\n{header}{title}：{header:#}\n{{{tag}}}"));
    };
    if cmd.get_subcommands().any(|c| !c.is_hide_set()) {
        section("命令", "subcommands");
    }
    if cmd.get_positionals().any(|a| !a.is_hide_set()) {
        section("参数", "positionals");
    }
    if cmd
        .get_arguments()
        .any(|a| !a.is_positional() && !a.is_hide_set())
    {
        section("选项", "options");
    }
    t.push_str("{after-help}");
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    /// `f` on `cmd` and on every command below it, with its path (`rotaplan plan`).
    fn walk(cmd: &Command, path: &str, f: &mut dyn FnMut(&str, &Command)) {
        f(path, cmd);
        for c in cmd.get_subcommands() {
            walk(c, &format!("{path} {}", c.get_name()), f);
        }
    }

    fn text(s: Option<&clap::builder::StyledStr>) -> String {
        s.map(|s| s.to_string()).unwrap_or_default()
    }

    #[test]
    fn every_argument_of_every_command_has_its_help_in_chinese() {
        let cmd = localized(super::super::Cli::command(), Lang::Zh);
        let (mut missing, mut args) = (Vec::new(), 0);
        walk(&cmd, "rotaplan", &mut |path, c| {
            if !has_cjk(&text(c.get_about())) {
                missing.push(format!("{path}: summary"));
            }
            if c.get_after_help().is_some_and(|h| !has_cjk(&h.to_string())) {
                missing.push(format!("{path}: examples"));
            }
            for a in c.get_arguments() {
                args += 1;
                let long = text(a.get_long_help());
                if !has_cjk(&text(a.get_help())) || !(long.is_empty() || has_cjk(&long)) {
                    missing.push(format!("{path} {}", a.get_id()));
                }
            }
        });
        assert!(missing.is_empty(), "help without Chinese: {missing:#?}");
        // Every subcommand with its own arguments, `--lang`, `-h` and `-V` everywhere.
        assert!(args > 100, "only {args} arguments seen");
    }

    #[test]
    fn every_row_of_the_chinese_tables_names_a_command_and_argument_there_are() {
        let cmd = localized(super::super::Cli::command(), Lang::Zh);
        let names: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).collect();
        for (name, _) in zh::ABOUT.iter().chain(zh::AFTER_HELP) {
            assert!(names.contains(name), "no command {name}");
        }
        for (name, args) in zh::ARGS {
            let sub = cmd.find_subcommand(name).expect(name);
            for (id, _) in *args {
                assert!(
                    sub.get_arguments().any(|a| a.get_id() == *id),
                    "no argument {id} in {name}"
                );
            }
        }
    }

    #[test]
    fn the_rendered_help_is_chinese_down_to_the_headings() {
        let mut cmd = localized(super::super::Cli::command(), Lang::Zh);
        let root = cmd.render_long_help().to_string();
        for s in [
            "用法：rotaplan",
            "命令：",
            "选项：",
            "显示本帮助",
            "[默认：zh]",
        ] {
            assert!(root.contains(s), "{s:?} not in\n{root}");
        }
        let plan = cmd.find_subcommand_mut("plan").unwrap();
        let help = plan.render_help().to_string();
        for s in [
            "用法：",
            "参数：",
            "选项：",
            "锁定文件",
            "示例：",
            "假设分析",
            "显示帮助",
        ] {
            assert!(help.contains(s), "{s:?} not in\n{help}");
        }
        for s in [
            "Usage",
            "Arguments:",
            "Options:",
            "Print help",
            "default:",
            "possible values",
        ] {
            assert!(!help.contains(s), "{s:?} in\n{help}");
        }
        let generate = cmd.find_subcommand_mut("generate").unwrap();
        let help = generate.render_help().to_string();
        assert!(help.contains("每个县的教师人数 [默认：2000]"), "{help}");
        assert!(
            !help.contains("参数："),
            "generate has no positionals:\n{help}"
        );
    }

    #[test]
    fn english_help_stays_the_doc_comments() {
        let mut en = localized(super::super::Cli::command(), Lang::En);
        en.build();
        let mut derived = super::super::Cli::command();
        derived.build();
        let mut seen = Vec::new();
        walk(&derived, "rotaplan", &mut |path, c| {
            for a in c.get_arguments() {
                let help = text(a.get_help());
                // English, apart from Chinese terms in brackets.
                assert!(
                    !help.starts_with(|c: char| !c.is_ascii()),
                    "{path} {}: {help}",
                    a.get_id()
                );
                seen.push((path.to_string(), a.get_id().to_string(), help));
            }
        });
        let mut i = 0;
        walk(&en, "rotaplan", &mut |path, c| {
            for a in c.get_arguments() {
                let row = (path.to_string(), a.get_id().to_string(), text(a.get_help()));
                assert_eq!(seen.get(i), Some(&row));
                i += 1;
            }
        });
        assert_eq!(i, seen.len());
        let plan = en
            .find_subcommand_mut("plan")
            .unwrap()
            .render_help()
            .to_string();
        for s in [
            "Usage:",
            "Arguments:",
            "Options:",
            "Re-plan from this previous plan folder",
            "Example:",
        ] {
            assert!(plan.contains(s), "{s:?} not in\n{plan}");
        }
        assert!(!plan.contains("锁定文件"), "{plan}");
    }

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
