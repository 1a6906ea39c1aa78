use super::*;

#[test]
fn yaml_and_toml_fences() {
    let s = split("---\ntitle: a\n---\nbody\n").unwrap();
    assert_eq!((s.format, s.matter, s.body, s.body_line), (Format::Yaml, "title: a\n", "body\n", 4));
    let s = split("+++\ntitle = \"a\"\n+++\n\nbody").unwrap();
    assert_eq!((s.format, s.body, s.body_line), (Format::Toml, "\nbody", 4));
    assert_eq!(parse(&s).unwrap()["title"], "a");
}

#[test]
fn unclosed_and_missing_fences_are_errors_at_line_one() {
    let e = split("---\ntitle: a\nbody\n").unwrap_err();
    assert_eq!(e.line, 1);
    assert!(e.message.contains("never closed"));
    assert!(split("# just markdown\n").unwrap_err().message.contains("no front matter"));
    assert!(split("").is_err());
}

#[test]
fn yaml_errors_are_reported_at_file_lines() {
    let s = split("---\ntitle: ok\ntags: [a, b\ndate: 2020-01-01\n---\n").unwrap();
    let e = parse(&s).unwrap_err();
    assert!(e.line >= 3, "{e:?}");
    assert!(e.message.starts_with("invalid YAML front matter"), "{e:?}");
    assert!(!e.message.contains("at line"), "{e:?}");
}

#[test]
fn toml_errors_are_reported_at_file_lines() {
    let s = split("+++\ntitle = \"ok\"\ndate = \n+++\n").unwrap();
    let e = parse(&s).unwrap_err();
    assert_eq!(e.line, 3, "{e:?}");
}

#[test]
fn toml_dates_become_text() {
    let s = split("+++\ntitle = \"x\"\ndate = 2020-06-01T09:00:00+09:00\nday = 2020-06-01\n+++\n").unwrap();
    let m = parse(&s).unwrap();
    assert_eq!(m["date"], "2020-06-01T09:00:00+09:00");
    assert_eq!(m["day"], "2020-06-01");
}

#[test]
fn yaml_dates_and_scalars() {
    let s = split("---\ntitle: 2023\ndate: 2023-10-30 10:00\ndraft: true\n---\n").unwrap();
    let m = parse(&s).unwrap();
    assert_eq!(m["date"], "2023-10-30 10:00");
    assert_eq!(m["draft"], true);
    assert_eq!(m["title"], 2023);
}

#[test]
fn key_positions_are_file_lines() {
    let s = split("---\ntitle: a\n\"tags\": [x]\ntags:: y\n---\n").unwrap();
    assert_eq!(key_position(&s, "title"), (2, 1));
    assert_eq!(key_position(&s, "tags"), (3, 1));
    assert_eq!(key_position(&s, "tags:"), (4, 1));
    assert_eq!(key_position(&s, "nope"), (2, 1));
}

#[test]
fn yaml_1_1_booleans_and_leading_zeros_stay_text() {
    let s = split("---\ntags: [y, no, on, '1', 007]\ndraft: yes\nok: true\n---\n").unwrap();
    let m = parse(&s).unwrap();
    assert_eq!(m["tags"], serde_json::json!(["y", "no", "on", "1", "007"]));
    assert_eq!(m["draft"], "yes");
    assert_eq!(m["ok"], true);
}

#[test]
fn an_alias_bomb_is_a_short_clear_error() {
    let mut text = String::from(
        "---\ntitle: x\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, prev) in ["a", "b", "c", "d", "e", "f", "g", "h"].iter().enumerate() {
        let name = ["b", "c", "d", "e", "f", "g", "h", "i"][i];
        text.push_str(&format!(
            "{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    text.push_str("---\n");
    let s = split(&text).unwrap();
    let e = parse(&s).unwrap_err();
    assert!(e.message.contains("too many YAML aliases"), "{e:?}");
    assert!(e.message.len() < 200, "{e:?}");
}

/// Jekyll (Psych) and Hugo read a quoted value whose next line starts at column 0; so does hoego.
#[test]
fn a_quoted_value_continued_at_column_zero_is_read_as_other_loaders_read_it() {
    for (text, want) in [
        ("---\ntitle: a\ndescription: \"첫 줄\n둘째 줄\"\n---\n", "첫 줄 둘째 줄"),
        ("---\ntitle: a\ndescription: '첫 줄\n둘째 줄 it''s'\n---\n", "첫 줄 둘째 줄 it's"),
        ("---\ndescription: \"a \\\"q\\\"\nb\"\ntitle: a\n---\n", "a \"q\" b"),
    ] {
        let s = split(text).unwrap();
        let m = parse(&s).unwrap_or_else(|e| panic!("{text:?}: {}", e.message));
        assert_eq!(m["description"], want, "{text:?}");
        assert_eq!(m["title"], "a");
    }
    // What no loader reads stays an error at its line: indentation with a tab.
    let s = split("---\ntags:\n\t- a\n---\n").unwrap();
    assert_eq!(parse(&s).unwrap_err().line, 3);
}
