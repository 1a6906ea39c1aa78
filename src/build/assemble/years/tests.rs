use crate::config::{Overrides, parse};
use crate::content::parse_bytes;
use crate::discover::{Discovered, Kind, Source};
use crate::error::Diagnostics;
use crate::site::{AssembleOptions, PostId, Site, assemble};
use std::path::Path;

/// The site of `files` (relative to content/, each parsed as it is), with its years.
pub(crate) fn site(files: &[(&str, &str)]) -> Site {
    let mut d = Diagnostics::default();
    let config = parse(Path::new("/s"), Path::new("gen.toml"), "", &Overrides::default(), &mut d).unwrap();
    let docs = files
        .iter()
        .map(|(rel, text)| {
            let kind = if rel.starts_with("posts/") { Kind::Post } else { Kind::Page };
            let src = Source { path: rel.into(), rel: rel.to_string(), kind, bundle: None };
            let (doc, e) = parse_bytes(&src, text.as_bytes(), &config.timezone);
            assert!(e.is_empty(), "{e:?}");
            doc.unwrap()
        })
        .collect();
    let mut s = assemble(&config, docs, &Discovered::default(), AssembleOptions::default(), &mut d);
    crate::site::attach_years(&config, &mut s);
    assert!(!d.has_errors(), "{:?}", d.sorted());
    s
}

fn year(s: &Site, y: i16) -> &super::Year {
    s.years.iter().find(|x| x.year == y).unwrap_or_else(|| panic!("no year {y}"))
}

fn titles(s: &Site, ids: &[PostId]) -> Vec<String> {
    ids.iter().map(|&i| s.posts[i].fm.title.clone()).collect()
}

#[test]
fn a_january_retrospective_covers_the_previous_year() {
    let s = site(&[
        ("posts/a.md", "---\ntitle: 회고\ntags: [회고]\ndate: 2024-01-05\n---\n"),
        ("posts/b.md", "---\ntitle: 글\ndate: 2023-06-01\n---\n"),
    ]);
    assert_eq!(titles(&s, &year(&s, 2023).retros), ["회고"]);
    assert_eq!(titles(&s, &year(&s, 2024).posts), ["회고"], "still listed where it was published");
    assert!(year(&s, 2024).retros.is_empty());
}

#[test]
fn a_year_with_only_a_retrospective_gets_a_page() {
    let s = site(&[("posts/a.md", "---\ntitle: 2019 Retrospective\ndate: 2021-03-01\n---\n")]);
    let years: Vec<i16> = s.years.iter().map(|y| y.year).collect();
    assert_eq!(years, [2019, 2021]);
    assert!(year(&s, 2019).posts.is_empty());
    assert_eq!((year(&s, 2019).next, year(&s, 2021).prev), (Some(2021), Some(2019)));
}

#[test]
fn explicit_flags_win() {
    let s = site(&[
        ("posts/a.md", "---\ntitle: 연말 정리\nretrospective: 2020\ndate: 2021-05-01\n---\n"),
        ("posts/b.md", "---\ntitle: 2021년 회고 모임 후기\nretrospective: false\ndate: 2021-12-30\n---\n"),
    ]);
    assert_eq!(titles(&s, &year(&s, 2020).retros), ["연말 정리"]);
    assert!(year(&s, 2021).retros.is_empty());
}

#[test]
fn goals_from_front_matter_and_task_lists_with_reviews() {
    let s = site(&[
        (
            "posts/r22.md",
            "---\ntitle: 2022년 회고\ndate: 2022-12-30\ngoals: [책 12권, 마라톤 완주]\n---\n## 2023년 목표\n\n- [ ] 블로그 24편\n",
        ),
        (
            "posts/r23.md",
            "---\ntitle: 2023년 회고\ndate: 2024-01-10\nreview:\n  - { goal: ' 책 12권 ', done: 0.5 }\n  - { goal: 마라톤 완주, done: true }\n  - { goal: 이사, done: false }\n---\n## 2023년 목표 돌아보기\n\n- [x] 블로그 24편\n",
        ),
    ]);
    let goals: Vec<(&str, Option<f64>, bool)> =
        year(&s, 2023).goals.iter().map(|g| (g.text.as_str(), g.done, g.unmatched)).collect();
    assert_eq!(
        goals,
        [
            ("책 12권", Some(0.5), false),
            ("마라톤 완주", Some(1.0), false),
            ("블로그 24편", Some(1.0), false),
            ("이사", Some(0.0), true)
        ]
    );
    assert_eq!(year(&s, 2022).next_goals.len(), 3);
}

#[test]
fn unreviewed_goals_stay_unreviewed() {
    let s = site(&[
        ("posts/r.md", "---\ntitle: 2023 결산\ndate: 2023-12-31 23:30\ngoals: [Rust 책 쓰기]\n---\n"),
        ("posts/x.md", "---\ntitle: x\ndate: 2024-03-01\n---\n"),
    ]);
    assert_eq!(year(&s, 2024).goals[0].done, None);
}

#[test]
fn stats_bucket_in_the_site_time_zone() {
    let s = site(&[
        ("posts/a.md", "---\ntitle: a\ndate: 2016-01-01T22:42:19+00:00\ntags: [x, y]\n---\n한글 다섯글자 words here\n"),
        ("posts/b.md", "---\ntitle: b\ndate: 2016-01-20\ntags: [x]\n---\nshort\n"),
        ("posts/c.md", "---\ntitle: c\ndate: 2016-03-01\n---\n"),
    ]);
    let st = &year(&s, 2016).stats;
    assert_eq!(st.posts, 3);
    assert_eq!(st.per_month[0], 2);
    assert_eq!(st.busiest_month, Some(1));
    assert_eq!(st.days.get(&(1, 2)), Some(&1), "22:42 UTC on Jan 1 is Jan 2 in Seoul");
    assert_eq!(st.top_tags, [("x".to_owned(), 2), ("y".to_owned(), 1)]);
    assert_eq!(titles(&s, &[st.longest.unwrap()]), ["a"]);
    assert_eq!(titles(&s, &[st.first.unwrap(), st.last.unwrap()]), ["a", "c"]);
    assert_eq!((st.cjk_chars, st.words), (6, 3));
}

#[test]
fn intros_are_not_pages() {
    let s = site(&[
        ("years/2023.md", "---\ntitle: 2023\n---\n인트로\n"),
        ("posts/a.md", "---\ntitle: a\ndate: 2023-02-02\n---\n"),
    ]);
    assert!(s.pages.is_empty());
    assert_eq!(year(&s, 2023).intro, Some(0));
}

#[test]
fn goals_match_with_a_note_after_them() {
    use super::same_goal;
    assert!(same_goal("책 12권 읽기", " 책 12권 읽기 "));
    assert!(same_goal("CI 10분 이내", "ci 10분 이내 – 18분 → 5분"));
    assert!(same_goal("발표 1회 (세 번째 도전)", "발표 1회"));
    assert!(!same_goal("책 12권", "책 12권 읽기"));
    assert!(!same_goal("발표", "발표회 참석"));
}

#[test]
fn top_tags_merge_spellings_of_one_tag_under_the_oldest_spelling() {
    let s = site(&[
        ("posts/a.md", "---\ntitle: a\ndate: 2016-01-01\ntags: [Rust, go]\n---\n"),
        ("posts/b.md", "---\ntitle: b\ndate: 2016-02-01\ntags: [rust, Go]\n---\n"),
        ("posts/c.md", "---\ntitle: c\ndate: 2016-03-01\ntags: [RUST]\n---\n"),
    ]);
    let st = &year(&s, 2016).stats;
    assert_eq!(st.top_tags, [("Rust".to_owned(), 3), ("go".to_owned(), 2)]);
}

#[test]
fn goals_are_found_by_their_core_as_comparing_each_would_find_them() {
    let texts = ["책 12권 읽기", "ci 10분 이내", "ci/cd 구축", "a: b", "a", "1:1 미팅", "", "운동 (주 3회)", "운동"];
    let queries = [
        "책 12권 읽기 (7권)",
        "ci 10분 이내 – 18분 → 5분",
        "ci/cd 구축",
        "ci",
        "a: b, 끝",
        "a - 반만",
        "a",
        "1:1 미팅 (매주)",
        "1",
        "(메모)",
        "",
        "운동 (주 3회) – 했음",
        "운동 - 조금",
        "없는 목표",
    ];
    let mut list = super::GoalList::default();
    let goal = |k: usize| super::Goal { text: texts[k].into(), done: None, source: PostId(k), unmatched: false };
    for (k, t) in texts.iter().enumerate() {
        list.push((*t).to_owned(), goal(k));
    }
    for q in queries {
        let linear = texts.iter().position(|t| super::same_folded(t, q));
        assert_eq!(list.find(q).map(|g| g.source.index()), linear, "{q}");
    }
}

#[test]
fn no_busiest_month_when_months_tie() {
    let s = site(&[
        ("posts/a.md", "---\ntitle: a\ndate: 2016-01-05\n---\n"),
        ("posts/b.md", "---\ntitle: b\ndate: 2016-02-05\n---\n"),
        ("posts/c.md", "---\ntitle: c\ndate: 2016-03-05\n---\n"),
    ]);
    assert_eq!(year(&s, 2016).stats.busiest_month, None, "one post in each of three months");
}
