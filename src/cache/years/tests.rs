use std::path::Path;

use crate::config::{Overrides, parse};
use crate::error::Diagnostics;
use crate::years::tests::site;

/// `gen serve` counts again only the years a body edit reaches: the result must be what
/// building them from the edited posts gives.
fn recounted_equals_built(before: &[(&str, &str)], edited: usize, body: &str) {
    let mut d = Diagnostics::default();
    let config = parse(Path::new("/s"), Path::new("gen.toml"), "", &Overrides::default(), &mut d).unwrap();
    let mut after_files = before.to_vec();
    after_files[edited].1 = body;
    let after = site(&after_files);
    let mut s = site(before);
    let cache = crate::cache::Cache::default();
    assert!(!super::attach(&cache, &config, &mut s), "the first build counts every year");
    cache.keep_model(s.clone(), 0);
    let i = s.posts.iter().position(|p| p.source.rel == before[edited].0).unwrap();
    s.posts[i].rendered = after.posts[i].rendered.clone();
    assert!(super::attach(&cache, &config, &mut s), "an edited body recounts from the previous years");
    assert_eq!(s.years, after.years, "editing {}", before[edited].0);
}

#[test]
fn a_body_edit_recounts_its_year_as_a_build_would() {
    let files = [
        ("posts/a.md", "---\ntitle: 가\ndate: 2023-01-10\n---\n하나 둘 셋 넷 다섯 여섯.\n"),
        ("posts/b.md", "---\ntitle: 나\ndate: 2023-03-10\n---\n하나 둘 셋 넷 다섯 여섯.\n"),
        ("posts/c.md", "---\ntitle: 다\ndate: 2023-05-10\n---\none two\n"),
        ("posts/d.md", "---\ntitle: 라\ndate: 2022-05-10\n---\nother year\n"),
    ];
    // The longest (the older of two equal posts) gets shorter: the year is searched again.
    recounted_equals_built(&files, 0, "---\ntitle: 가\ndate: 2023-01-10\n---\n짧다.\n");
    // A post grows past the longest; another ties with it and is newer, so it does not win.
    recounted_equals_built(
        &files,
        2,
        "---\ntitle: 다\ndate: 2023-05-10\n---\n하나 둘 셋 넷 다섯 여섯 일곱 여덟 아홉 열.\n",
    );
    recounted_equals_built(&files, 2, "---\ntitle: 다\ndate: 2023-05-10\n---\n하나 둘 셋 넷 다섯 여섯.\n");
    // The longest grows; nothing but the text changes.
    recounted_equals_built(&files, 0, "---\ntitle: 가\ndate: 2023-01-10\n---\n하나 둘 셋 넷 다섯 여섯 일곱.\n");
    recounted_equals_built(&files, 3, "---\ntitle: 라\ndate: 2022-05-10\n---\nother year\n");
}

#[test]
fn a_retrospective_body_edit_gathers_goals_as_a_build_would() {
    let files = [
        (
            "posts/r22.md",
            "---\ntitle: 2022년 회고\ndate: 2022-12-30\ngoals: [책 12권 읽기]\n---\n## 2023년 목표\n\n- [ ] 블로그 24편\n",
        ),
        ("posts/r23.md", "---\ntitle: 2023년 회고\ndate: 2023-12-30\n---\n## 2023년 목표\n\n- [x] 블로그 24편\n"),
        ("posts/p.md", "---\ntitle: 글\ndate: 2023-06-01\n---\n본문.\n"),
    ];
    recounted_equals_built(
        &files,
        1,
        "---\ntitle: 2023년 회고\ndate: 2023-12-30\n---\n## 2023년 목표\n\n- [ ] 블로그 24편\n",
    );
    recounted_equals_built(
        &files,
        0,
        "---\ntitle: 2022년 회고\ndate: 2022-12-30\ngoals: [책 12권 읽기]\n---\n## 2023년 목표\n\n- [ ] 운동\n",
    );
    recounted_equals_built(&files, 1, "---\ntitle: 2023년 회고\ndate: 2023-12-30\n---\n## 2024년 목표\n\n- [ ] 이사\n");
    // The next year's only goals go away: its goals and this year's next goals empty.
    let with_next = [
        files[0],
        ("posts/r23.md", "---\ntitle: 2023년 회고\ndate: 2023-12-30\n---\n## 2024년 목표\n\n- [ ] 이사\n"),
        ("posts/p.md", "---\ntitle: 글\ndate: 2024-06-01\n---\n본문.\n"),
    ];
    recounted_equals_built(&with_next, 1, "---\ntitle: 2023년 회고\ndate: 2023-12-30\n---\n목표 없음.\n");
    // A heading that named an earlier year names another: the year it named loses its goals.
    let earlier = [
        ("posts/r23.md", "---\ntitle: 2023년 회고\ndate: 2023-12-30\n---\n## 2021년 목표\n\n- [x] 이사\n"),
        ("posts/p.md", "---\ntitle: 글\ndate: 2021-06-01\n---\n본문.\n"),
    ];
    recounted_equals_built(
        &earlier,
        0,
        "---\ntitle: 2023년 회고\ndate: 2023-12-30\n---\n## 2024년 목표\n\n- [ ] 이사\n",
    );
}
