use super::*;

fn src() -> Source {
    Source { path: "content/posts/a.md".into(), rel: "posts/a.md".into(), kind: Kind::Post, bundle: None }
}

fn parse(bytes: &[u8]) -> (Option<Doc>, Vec<String>) {
    let (d, diags) = parse_bytes(&src(), bytes, &jiff::tz::TimeZone::UTC);
    (d, diags.iter().map(|d| d.to_string()).collect())
}

#[test]
fn bom_and_crlf_are_cleaned() {
    let (d, e) = parse(b"\xEF\xBB\xBF---\r\ntitle: a\r\n---\r\nbody\r\n");
    assert!(e.is_empty(), "{e:?}");
    let d = d.unwrap();
    assert_eq!(d.fm.title, "a");
    assert_eq!(&*d.body, "body\n");
    assert_eq!(d.body_line, 4);
}

#[test]
fn invalid_utf8_names_the_line() {
    let (d, e) = parse(b"---\ntitle: a\n---\nok\nbad \xff here\n");
    assert!(d.is_none());
    assert_eq!(
        e,
        [
            "content/posts/a.md:5:5: error: the file is not valid UTF-8: save it as UTF-8 (EUC-KR/CP949 exports from old blogs need converting, e.g. `iconv -f cp949 -t utf-8`)"
        ]
    );
}

#[test]
fn empty_and_unclosed_files_are_errors_not_panics() {
    assert!(parse(b"").1[0].contains(":1:1: error: no front matter"));
    assert!(parse(b"---\ntitle: a\n").1[0].contains("never closed"));
    assert!(parse(b"---\n---\n").1[0].contains("missing `title`"));
}

#[test]
fn every_error_in_a_file_is_reported() {
    let (d, e) = parse(b"---\ntitle: ''\ndate: nope\n---\n");
    assert!(d.is_none());
    assert_eq!(e.len(), 2, "{e:?}");
}

#[test]
fn warnings_do_not_drop_the_doc() {
    let (d, e) = parse(b"---\ntitle: a\ntag: x\n---\n");
    assert!(d.is_some());
    assert_eq!(e.len(), 1);
    assert!(e[0].contains(":3:1: warning:"), "{e:?}");
}

#[test]
fn decomposed_hangul_becomes_nfc() {
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = "---\ntitle: 회고\n---\n한글\n".nfd().collect();
    let (d, _) = parse(nfd.as_bytes());
    let d = d.unwrap();
    assert_eq!(d.fm.title, "회고");
    assert_eq!(&*d.body, "한글\n");
}

#[test]
fn a_huge_file_parses() {
    let mut big = b"---\ntitle: big\n---\n".to_vec();
    big.extend(std::iter::repeat_n(b"lorem ipsum dolor sit amet\n".as_slice(), 2_000_000).flatten());
    assert!(big.len() > 50_000_000);
    let (d, e) = parse(&big);
    assert!(e.is_empty());
    assert_eq!(d.unwrap().fm.title, "big");
}
