//! Chinese names for teachers, townships, villages and schools.
//!
//! Bureau staff recognise a roster at a glance; names built the way real ones are (common
//! surnames in rough frequency order, one- or two-character given names, 乡/镇 townships,
//! 某家村 villages, schools named after their place) make the demo read like their own data.
//! Every character used here is in GBK, because the Chinese roster is written in GBK.

use super::rng::Rng;
use crate::domain::Gender;

/// Common surnames, most frequent first; the weight of the i-th is 1 ÷ (i + 8).
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
    "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏",
    "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯",
    "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵",
];

const FEMALE_GIVEN: &[&str] = &[
    "芳", "丽", "静", "敏", "燕", "艳", "娟", "霞", "秀", "玲", "婷", "雪", "慧", "红", "梅", "琳",
    "莉", "倩", "颖", "洁", "兰", "萍", "婧", "琴", "丹", "露", "悦", "媛", "佳", "蓉",
];

const MALE_GIVEN: &[&str] = &[
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞",
    "鑫", "波", "宇", "浩", "峰", "林", "健", "亮", "东", "凯", "俊", "彬", "锋", "龙",
];

/// Characters common in the first position of two-character given names of either gender.
const SHARED_GIVEN: &[&str] = &[
    "文", "晓", "建", "海", "春", "云", "子", "欣", "志", "小", "永", "思", "雨", "新", "国", "玉",
    "金", "德", "嘉", "立", "秋", "天", "一", "诗", "星", "家", "学", "红", "少", "宏",
];

/// Roots of township names; a township is the root plus 镇 or 乡.
const TOWNSHIP_ROOTS: &[&str] = &[
    "青石",
    "石桥",
    "杨柳",
    "白沙",
    "龙潭",
    "梅林",
    "东岗",
    "西河",
    "南山",
    "北坪",
    "高桥",
    "双溪",
    "三江",
    "长岭",
    "新田",
    "桃源",
    "清水",
    "马鞍",
    "凤凰",
    "大坪",
    "古城",
    "柏树",
    "金竹",
    "湾里",
    "花园",
    "太平",
    "永兴",
    "安乐",
    "黄土岭",
    "茶亭",
    "沙洲",
    "云岭",
    "枫林",
    "罗家",
    "樟树",
    "竹山",
    "河口",
    "岩头",
    "官庄",
    "水口",
    "龙门",
    "铁山",
    "仙人",
    "莲塘",
    "塘湾",
    "杉木",
    "鹤山",
    "石门",
    "横江",
    "白云",
    "红岩",
    "芦溪",
    "黄坪",
    "十里",
    "乌石",
    "白鹤",
    "丰乐",
    "宝山",
    "大桥",
    "麻田",
];

/// Endings of village names: 李家村, 王家坪, 张家湾 …
const VILLAGE_ENDINGS: &[&str] = &["村", "坪", "湾", "岭", "冲", "坳", "庄", "桥", "塘", "寨"];

const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// A plausible teacher name.
pub fn person(rng: &mut Rng, gender: Gender) -> String {
    let weights: Vec<f64> = (0..SURNAMES.len())
        .map(|i| 1.0 / (i as f64 + 8.0))
        .collect();
    let surname = SURNAMES[rng.weighted(&weights)];
    let own = match gender {
        Gender::Female => FEMALE_GIVEN,
        Gender::Male => MALE_GIVEN,
    };
    let mut name = surname.to_string();
    if rng.chance(0.65) {
        let first = if rng.chance(0.5) {
            rng.pick(SHARED_GIVEN)
        } else {
            rng.pick(own)
        };
        name.push_str(first);
    }
    let last = rng.pick(own);
    name.push_str(last);
    name
}

/// Names of the county's townships other than the seat (城关镇, added by the caller), drawn
/// without repetition from the roots, with a 上/下/新 … prefix once the roots run out.
pub fn townships(rng: &mut Rng, count: usize) -> Vec<String> {
    let mut roots: Vec<&str> = TOWNSHIP_ROOTS.to_vec();
    rng.shuffle(&mut roots);
    let prefixes = ["", "上", "下", "新", "老", "东", "西"];
    (0..count)
        .map(|i| {
            let prefix = prefixes[(i / roots.len()) % prefixes.len()];
            let root = roots[i % roots.len()];
            let suffix = if rng.chance(0.45) { "镇" } else { "乡" };
            format!("{prefix}{root}{suffix}")
        })
        .collect()
}

/// A village name such as 李家村; the caller keeps them unique.
pub fn village(rng: &mut Rng) -> String {
    let surname = SURNAMES[rng.index(40)];
    let ending = rng.pick(VILLAGE_ENDINGS);
    if rng.chance(0.8) {
        return format!("{surname}家{ending}");
    }
    let root = rng.pick(TOWNSHIP_ROOTS);
    if root.ends_with(ending) || root.ends_with('家') {
        format!("{root}村")
    } else {
        format!("{root}{ending}")
    }
}

/// 1 → 一, 12 → 十二, 20 → 二十, 105 → 一百零五 (used in 城关第二小学 …).
pub fn chinese_number(n: u32) -> String {
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        20..=99 => {
            let ones = if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            };
            format!("{}十{ones}", DIGITS[(n / 10) as usize])
        }
        _ => {
            let rest = n % 100;
            let tail = match rest {
                0 => String::new(),
                1..=9 => format!("零{}", DIGITS[rest as usize]),
                10..=19 => format!("一{}", chinese_number(rest)),
                _ => chinese_number(rest),
            };
            format!("{}百{tail}", chinese_number(n / 100))
        }
    }
}

/// The township name without its 镇/乡 ending, used as a school-name prefix (青石乡 → 青石).
pub fn township_stem(township: &str) -> &str {
    township
        .strip_suffix('镇')
        .or_else(|| township.strip_suffix('乡'))
        .unwrap_or(township)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(12), "十二");
        assert_eq!(chinese_number(20), "二十");
        assert_eq!(chinese_number(47), "四十七");
        assert_eq!(chinese_number(105), "一百零五");
        assert_eq!(chinese_number(112), "一百一十二");
    }

    #[test]
    fn names_encode_in_gbk() {
        let all = [
            SURNAMES,
            FEMALE_GIVEN,
            MALE_GIVEN,
            SHARED_GIVEN,
            TOWNSHIP_ROOTS,
            VILLAGE_ENDINGS,
        ]
        .concat()
        .concat();
        let (_, _, bad) = encoding_rs::GBK.encode(&all);
        assert!(!bad);
    }
}
