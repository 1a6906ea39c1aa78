//! Helpers for the `gen import` tests (tests/import.rs, tests/import_platforms.rs).

use super::{Run, Site};

/// The JSON report of a successful import.
pub fn json(run: &Run) -> serde_json::Value {
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// The imported site in `blog/` builds and checks with no error and no warning.
pub fn builds_clean(site: &Site) {
    for cmd in
        [&["build", "--root", "blog"][..], &["check", "--root", "blog"], &["build", "--root", "blog", "--drafts"]]
    {
        let r = site.run(cmd);
        assert_eq!(r.code, 0, "gen {cmd:?}: {}{}", r.stdout, r.stderr);
        assert!(!r.stderr.contains("error") && !r.stderr.contains("warning"), "gen {cmd:?}: {}", r.stderr);
    }
}
