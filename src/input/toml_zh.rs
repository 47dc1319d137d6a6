//! Chinese for the messages of serde and of the TOML parser, for the scenario's diagnostics.
//!
//! serde writes its messages in a few fixed forms (`invalid type: string "abc", expected i32`,
//! `unknown field `x`, expected one of `a`, `b``, `missing field `x``); these are put into
//! Chinese whole, with the same keys and values. A message of another form gets a Chinese
//! sentence saying what kind of problem it is, with the English text kept in parentheses.

/// The Chinese of a serde message about the scenario's keys and values (not a syntax error).
pub(crate) fn value_message(msg: &str) -> String {
    translate(msg).unwrap_or_else(|| format!("情景文件中的键或值有误（{msg}）"))
}

/// The Chinese of a TOML syntax error: what the parser says, in Chinese where its words are
/// known, always with its English text in parentheses (the parser's wording varies).
pub(crate) fn syntax_message(msg: &str) -> String {
    let mut what: Vec<String> = Vec::new();
    if let Some(key) = quoted_after(msg, "duplicate key `") {
        what.push(format!("键 {key} 重复出现"));
    }
    for (en, zh) in SYNTAX_WORDS {
        // a general word ("invalid …") only when nothing more precise was said
        let general = en.starts_with("invalid");
        if msg.contains(en) && (what.is_empty() || !general) {
            what.push(zh.to_string());
        }
    }
    match what.is_empty() {
        true => format!("TOML 语法错误（{msg}）"),
        false => format!("TOML 语法错误：{}（{msg}）", what.join("；")),
    }
}

/// Words of the TOML parser's syntax errors and their Chinese.
const SYNTAX_WORDS: [(&str, &str); 9] = [
    ("invalid string", "文本的写法有误（缺少引号？）"),
    ("invalid key", "键的写法有误"),
    ("invalid table header", "表头 [ ] 的写法有误"),
    ("invalid array", "列表 [ ] 的写法有误"),
    ("invalid inline table", "内联表 { } 的写法有误"),
    ("invalid number", "数字的写法有误"),
    ("expected newline", "一行只能写一个“键 = 值”"),
    ("expected `=`", "键后面应有“=”"),
    ("unclosed", "括号或引号没有闭合"),
];

/// The Chinese of a message in one of serde's fixed forms; `None` for another message.
fn translate(msg: &str) -> Option<String> {
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (key, expected) = rest.split_once("`, ")?;
        return Some(match one_of(expected) {
            Some(keys) if keys.is_empty() => format!("未知的键 {key}，此处没有可用的键"),
            Some(keys) => format!("未知的键 {key}，此处可用的键：{}", keys.join("、")),
            None => return None,
        });
    }
    if let Some(rest) = msg.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once("`, ")?;
        return Some(match one_of(expected) {
            Some(values) if values.is_empty() => format!("未知的取值 {value}"),
            Some(values) => format!("未知的取值 {value}，可用的取值：{}", values.join("、")),
            None => return None,
        });
    }
    if let Some(key) = quoted_after(msg, "missing field `").filter(|_| msg.starts_with("missing")) {
        return Some(format!("缺少键 {key}"));
    }
    if let Some(key) = quoted_after(msg, "duplicate field `").filter(|_| msg.starts_with("dup")) {
        return Some(format!("键 {key} 重复出现"));
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = msg.strip_prefix(prefix) {
            let (found, expected) = rest.rsplit_once(", expected ")?;
            return Some(match expected_zh(expected) {
                Some(zh) => format!("应为{zh}，实际是{}", found_zh(found)),
                None => format!("值不符合要求，实际是{}（{msg}）", found_zh(found)),
            });
        }
    }
    if let Some(rest) = msg.strip_prefix("invalid length ") {
        let (len, expected) = rest.split_once(", expected ")?;
        return Some(format!("长度为 {len}，不符合要求（应为 {expected}）"));
    }
    if let Some(rest) = msg.strip_prefix("unknown post \"") {
        let (post, _) = rest.split_once("\":")?;
        return Some(format!(
            "未知的职务“{post}”：请写 principal、vice_principal 或 middle_manager（校长、副校长、中层干部）"
        ));
    }
    None
}

/// The text between `start` and the next backquote.
fn quoted_after<'a>(msg: &'a str, start: &str) -> Option<&'a str> {
    let at = msg.find(start)? + start.len();
    let len = msg[at..].find('`')?;
    Some(&msg[at..at + len])
}

/// serde's list of the expected names: `there are no fields`, `expected `a``, `expected `a` or
/// `b``, `expected one of `a`, `b`, `c``. `None` for another text.
fn one_of(text: &str) -> Option<Vec<&str>> {
    if text.starts_with("there are no") {
        return Some(Vec::new());
    }
    let list = text.strip_prefix("expected ")?;
    let list = list.strip_prefix("one of ").unwrap_or(list);
    let names: Vec<&str> = list
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, name)| name)
        .collect();
    (!names.is_empty()).then_some(names)
}

/// The Chinese of what serde expected: `i32` → 整数, `a string` → 文本. `None` when unknown.
fn expected_zh(expected: &str) -> Option<String> {
    let zh = match expected {
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "整数",
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "不小于 0 的整数",
        "f32" | "f64" => "数字",
        "a string" | "a borrowed string" | "string" | "a str" => "文本（写在引号中）",
        "a boolean" | "bool" => "true 或 false",
        "a character" | "char" => "单个字符",
        "a sequence" => "列表 [ … ]",
        "a map" => "表",
        e if e.starts_with("struct ") => "表",
        e if e.starts_with("enum ") => "规定的取值之一（写在引号中）",
        _ => return None,
    };
    Some(zh.to_string())
}

/// The Chinese of the value serde found: `string "abc"` → 文本 "abc", `integer `3`` → 整数 3.
fn found_zh(found: &str) -> String {
    let ticked = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .map(|v| v.trim_matches('`').to_string())
    };
    if let Some(text) = found.strip_prefix("string ") {
        return format!("文本 {text}");
    }
    if let Some(v) = ticked("integer ") {
        return format!("整数 {v}");
    }
    if let Some(v) = ticked("floating point ") {
        return format!("小数 {v}");
    }
    if let Some(v) = ticked("boolean ") {
        return format!("布尔值 {v}");
    }
    if let Some(v) = ticked("character ") {
        return format!("字符 {v}");
    }
    match found {
        "sequence" => "列表".to_string(),
        "map" => "表".to_string(),
        "unit value" => "空值".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_in_chinese() {
        assert_eq!(
            value_message("invalid type: string \"abc\", expected i32"),
            "应为整数，实际是文本 \"abc\""
        );
        assert_eq!(
            value_message("invalid type: integer `3`, expected a string"),
            "应为文本（写在引号中），实际是整数 3"
        );
        assert_eq!(
            value_message("invalid value: integer `-1`, expected u32"),
            "应为不小于 0 的整数，实际是整数 -1"
        );
        assert_eq!(
            value_message(
                "unknown field `rotation_shar`, expected one of `rotation_share`, `commute_km`"
            ),
            "未知的键 rotation_shar，此处可用的键：rotation_share、commute_km"
        );
        assert_eq!(
            value_message("unknown field `x`, expected `path` or `sheet`"),
            "未知的键 x，此处可用的键：path、sheet"
        );
        assert_eq!(
            value_message("unknown field `x`, there are no fields"),
            "未知的键 x，此处没有可用的键"
        );
        assert_eq!(
            value_message("missing field `plan_year`"),
            "缺少键 plan_year"
        );
        assert_eq!(
            value_message("unknown variant `village`, expected one of `urban`, `town`"),
            "未知的取值 village，可用的取值：urban、town"
        );
        // another form: the English is kept
        assert_eq!(
            value_message("something new"),
            "情景文件中的键或值有误（something new）"
        );
    }

    #[test]
    fn syntax_messages_keep_the_english() {
        let zh = syntax_message("invalid string; expected `\"`, `'`");
        assert!(zh.starts_with("TOML 语法错误：文本的写法有误"), "{zh}");
        assert!(
            zh.ends_with("（invalid string; expected `\"`, `'`）"),
            "{zh}"
        );
        let zh = syntax_message("duplicate key `name` in document root");
        assert!(zh.contains("键 name 重复出现"), "{zh}");
        assert_eq!(syntax_message("odd"), "TOML 语法错误（odd）");
    }
}
