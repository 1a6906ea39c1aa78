use super::*;

/// Parses `text`; the warning about a relative base_url (most snippets here have none) is left
/// out, and tested on its own.
fn parse_ok(text: &str) -> (Option<Config>, Vec<String>) {
    let mut d = Diagnostics::default();
    let c = parse(Path::new("/site"), Path::new("gen.toml"), text, &Overrides::default(), &mut d);
    (c, d.sorted().iter().map(|d| d.to_string()).filter(|m| !m.contains("is not an absolute URL")).collect())
}

#[test]
fn a_relative_base_url_warns_because_feeds_need_absolute_urls() {
    let mut d = Diagnostics::default();
    parse(
        Path::new("/s"),
        Path::new("gen.toml"),
        "title = \"x\"\nbase_url = \"/blog/\"\n",
        &Overrides::default(),
        &mut d,
    );
    let all: Vec<String> = d.sorted().iter().map(|d| d.to_string()).collect();
    assert_eq!(all.len(), 1);
    assert!(all[0].starts_with("gen.toml:2:1: warning: `base_url` is not an absolute URL"), "{all:?}");
    let mut d = Diagnostics::default();
    parse(Path::new("/s"), Path::new("gen.toml"), "base_url = \"https://x.dev/\"", &Overrides::default(), &mut d);
    assert!(d.is_empty());
}

#[test]
fn reading_rates_must_be_positive() {
    let (c, d) = parse_ok("[retrospective]\ncjk_chars_per_minute = 0\n");
    assert!(c.is_none());
    assert!(d[0].starts_with("gen.toml:2:1: error: [retrospective] cjk_chars_per_minute must be 1 or more"), "{d:?}");
}

#[test]
fn defaults_apply_to_an_empty_file() {
    let (c, d) = parse_ok("");
    let c = c.unwrap();
    assert!(d.is_empty());
    assert_eq!(c.language, "ko");
    assert_eq!(c.timezone_name, "Asia/Seoul");
    assert_eq!(c.permalink, "/{year}/{slug}/");
    assert_eq!(c.paginate, 10);
    assert_eq!(c.theme, "default");
    assert_eq!(c.base_path, "/");
    assert_eq!(c.output_dir, Path::new("/site/public"));
}

#[test]
fn unknown_key_warns_with_the_nearest_known_one() {
    let (c, d) = parse_ok("title = \"x\"\ntimezon = \"UTC\"\n[markdown]\nhighlite = true\n");
    assert!(c.is_some());
    assert_eq!(
        d,
        [
            "gen.toml:2:1: warning: unknown key `timezon` is ignored; did you mean `timezone`?",
            "gen.toml:4:1: warning: unknown key `markdown.highlite` is ignored; did you mean `highlight`?",
        ]
    );
}

#[test]
fn invalid_values_name_the_line() {
    let (c, d) = parse_ok("title = \"x\"\n\ntimezone = \"Mars/Base\"\npaginate = 0\n");
    assert!(c.is_none());
    assert_eq!(d.len(), 2, "{d:?}");
    assert!(d[0].starts_with("gen.toml:3:1: error: unknown time zone `Mars/Base`"), "{d:?}");
    assert!(d[1].starts_with("gen.toml:4:1: error: `paginate` must be 1 or more"), "{d:?}");
}

#[test]
fn a_wrong_type_is_an_error_at_its_line() {
    let (c, d) = parse_ok("title = \"x\"\npaginate = \"ten\"\n");
    assert!(c.is_none());
    assert!(d[0].starts_with("gen.toml:2:"), "{d:?}");
}

#[test]
fn syntax_error_names_line_and_column() {
    let (c, d) = parse_ok("title = \"x\nbase_url = 1\n");
    assert!(c.is_none());
    assert!(d[0].starts_with("gen.toml:1:"), "{d:?}");
}

#[test]
fn base_url_paths() {
    assert_eq!(base_path_of("https://me.github.io/blog").unwrap(), "/blog/");
    assert_eq!(base_path_of("https://me.github.io/blog/").unwrap(), "/blog/");
    assert_eq!(base_path_of("https://example.com").unwrap(), "/");
    assert_eq!(base_path_of("/").unwrap(), "/");
    assert!(base_path_of("example.com").is_err());
}

#[test]
fn permalink_tokens_are_checked() {
    assert!(check_permalink("/{year}/{month}/{slug}/").is_ok());
    assert!(check_permalink("/{year}/{title}/").is_err());
    assert!(check_permalink("{slug}/").is_err());
    assert!(check_permalink("/{year}/").is_err());
}

#[test]
fn overrides_win() {
    let mut d = Diagnostics::default();
    let o = Overrides { base_url: Some("https://x.dev/blog".into()), output_dir: Some("out".into()), origin: None };
    let c = parse(Path::new("/s"), Path::new("gen.toml"), "base_url = \"/\"", &o, &mut d).unwrap();
    assert_eq!(c.base_url, "https://x.dev/blog/");
    assert_eq!(c.base_path, "/blog/");
    assert_eq!(c.output_dir, Path::new("/s/out"));
}

#[test]
fn highlight_theme_is_checked_at_its_line() {
    let (c, d) = parse_ok("[markdown]\nhighlight_theme = \"nope\"\n");
    assert!(c.is_none());
    assert!(d[0].starts_with("gen.toml:2:1: error: unknown highlight theme `nope`"), "{d:?}");
}

#[test]
fn language_codes_are_normalised() {
    assert_eq!(parse_ok("language = \"ko-KR\"").0.unwrap().language, "ko");
    assert_eq!(parse_ok("language = \"en_US\"").0.unwrap().language, "en");
    let (c, d) = parse_ok("language = \"kr\"");
    assert_eq!(c.unwrap().language, "ko");
    assert!(d[0].contains("warning: language `kr` is a country code"), "{d:?}");
}

#[test]
fn front_matter_aliases_must_name_a_front_matter_key() {
    let (c, d) = parse_ok("[front_matter.aliases]\n\"post-category\" = \"categories\"\n");
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(c.unwrap().front_matter_keys["post-category"], "categories");
    let (c, d) = parse_ok("[front_matter.aliases]\nthumb = \"covr\"\n");
    assert!(c.is_none());
    assert!(d[0].starts_with("gen.toml:2:1: error: [front_matter.aliases] maps `thumb` to `covr`"), "{d:?}");
    assert!(d[0].contains("did you mean `cover`?"), "{d:?}");
}

#[test]
fn a_permalink_that_climbs_out_is_a_configuration_error() {
    let (c, d) = parse_ok("permalink = \"/../../{slug}/\"\n");
    assert!(c.is_none());
    assert!(d[0].starts_with("gen.toml:1:1: error: `permalink` must not contain `.` or `..`"), "{d:?}");
}
