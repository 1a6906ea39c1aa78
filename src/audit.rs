//! REPORT: `gen years` — the year model as people and CI read it: for each year, its annual
//! retrospectives and why each was taken, the other retrospectives published that year, the
//! goals set for it and how they went, and the posts that look like retrospectives but were
//! not taken, with the reason. Reads the assembled model; renders no page and writes no file.

use serde::Serialize;

use crate::config::Config;
use crate::retro::Kind;
use crate::site::{Entry, PostId, Site};

/// The audit of every year, oldest first.
#[derive(Debug, Serialize)]
pub struct Audit {
    pub years: Vec<YearAudit>,
}

#[derive(Debug, Serialize)]
pub struct YearAudit {
    pub year: i16,
    /// Annual retrospectives covering the year.
    pub annual: Vec<Taken>,
    /// Weekly, monthly, project and event retrospectives published in the year.
    pub other: Vec<Taken>,
    /// Goals set for the year.
    pub goals: Vec<GoalState>,
    /// Posts published in the year that look like retrospectives but are not taken.
    pub near_misses: Vec<Taken>,
}

/// A post and why it was (or was not) taken.
#[derive(Debug, Serialize)]
pub struct Taken {
    pub title: String,
    pub path: String,
    pub url: String,
    pub why: String,
    /// Why an annual one covers its year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year_why: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct GoalState {
    pub text: String,
    /// 0.0 to 1.0; `null` when no retrospective reviewed it.
    pub done: Option<f64>,
    /// The title of the post that set it (or reviewed it, for a review that names no goal).
    pub from: String,
    /// A review entry that matches no goal set for the year.
    pub unmatched: bool,
}

/// Builds the audit from an assembled site.
pub fn audit(config: &Config, site: &Site) -> Audit {
    let verdicts: Vec<crate::retro::Verdict> = site.posts.iter().map(|p| config.retro.verdict(p)).collect();
    let taken = |i: PostId| {
        let (p, v) = (&site.posts[i], &verdicts[i.index()]);
        Taken { year_why: v.year_why.clone(), ..about(p, &v.why) }
    };
    let years = site
        .years
        .iter()
        .map(|y| YearAudit {
            year: y.year,
            annual: y.retros.iter().map(|&i| taken(i)).collect(),
            other: y.other_retros.iter().map(|&i| taken(i)).collect(),
            goals: y
                .goals
                .iter()
                .map(|g| GoalState {
                    text: g.text.clone(),
                    done: g.done,
                    from: site.posts.get(g.source.index()).map(|p| p.fm.title.clone()).unwrap_or_default(),
                    unmatched: g.unmatched,
                })
                .collect(),
            near_misses: y
                .posts
                .iter()
                .filter(|&&i| verdicts[i.index()].kind == Kind::None && verdicts[i.index()].near_miss)
                .map(|&i| about(&site.posts[i], &verdicts[i.index()].why))
                .collect(),
        })
        .collect();
    Audit { years }
}

fn about(p: &Entry, why: &str) -> Taken {
    Taken {
        title: p.fm.title.clone(),
        path: p.source.path.display().to_string(),
        url: p.url.clone(),
        why: why.to_owned(),
        year_why: None,
    }
}

/// The audit as text for people: one block a year.
pub fn human(a: &Audit) -> String {
    let mut out = String::new();
    for y in &a.years {
        out.push_str(&format!("{}\n", y.year));
        section(&mut out, "annual retrospectives", &y.annual, "none");
        section(&mut out, "other retrospectives", &y.other, "");
        goals(&mut out, y.year, &y.goals);
        section(&mut out, "not taken", &y.near_misses, "");
        out.push('\n');
    }
    if a.years.is_empty() {
        out.push_str("no dated posts: no years\n");
    }
    out
}

fn section(out: &mut String, name: &str, items: &[Taken], empty: &str) {
    if items.is_empty() {
        if !empty.is_empty() {
            out.push_str(&format!("  {name}: {empty}\n"));
        }
        return;
    }
    out.push_str(&format!("  {name}:\n"));
    for t in items {
        out.push_str(&format!("    {}  ({})\n      why: {}\n", t.title, t.path, t.why));
        if let Some(y) = &t.year_why {
            out.push_str(&format!("      year: {y}\n"));
        }
    }
}

fn goals(out: &mut String, year: i16, goals: &[GoalState]) {
    if goals.is_empty() {
        return;
    }
    let done = goals.iter().filter(|g| g.done == Some(1.0)).count();
    out.push_str(&format!("  goals for {year}: {} set, {done} done\n", goals.len()));
    for g in goals {
        let (mark, state) = match g.done {
            None => ("[ ]".to_owned(), "; not reviewed yet"),
            Some(d) if d >= 1.0 => ("[x]".to_owned(), ""),
            Some(d) if d <= 0.0 => ("[ ]".to_owned(), ""),
            Some(d) => (format!("[~] {:.0}%", d * 100.0), ""),
        };
        let unmatched = if g.unmatched { "; a review naming no goal set for the year" } else { "" };
        out.push_str(&format!("    {mark} {}  (from {}{state}{unmatched})\n", g.text, g.from));
    }
}
