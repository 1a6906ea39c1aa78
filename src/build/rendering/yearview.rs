//! RENDER: the `year` and `archive` template variables, built from the typed year model.
//!
//! Borrowed views plus the inline SVG charts (from `charts.rs`) in the page's language. Every
//! field here is part of the template contract and documented in the guide's "Retrospectives
//! and year pages" chapter. Must not change the model.

use serde::Serialize;

use crate::charts::{self, ChartText};
use crate::site::PostId;
use crate::taxonomy::Tax;
use crate::view::{self, NavLink, TermView, ViewCtx, YearLink};
use crate::years::{Goal, Year};

#[derive(Serialize)]
pub struct MonthGroup<'a> {
    /// 1 to 12.
    pub month: u8,
    pub name: String,
    pub posts: Vec<view::Item<'a>>,
}

#[derive(Serialize)]
pub struct GoalView {
    pub text: String,
    /// `done`, `partly`, `not_done` or `not_reviewed`.
    pub status: &'static str,
    /// 0.0 to 1.0, or null when not reviewed.
    pub done: Option<f64>,
    /// 0 to 100, or null when not reviewed.
    pub percent: Option<u32>,
    /// A review entry that names no goal set for the year.
    pub unmatched: bool,
    pub source: NavLink,
}

#[derive(Serialize, Default)]
pub struct GoalSummary {
    pub total: usize,
    pub done: usize,
    pub partly: usize,
    pub not_done: usize,
    pub not_reviewed: usize,
}

#[derive(Serialize)]
pub struct MonthStat {
    pub month: u8,
    pub name: String,
    pub count: u32,
}

#[derive(Serialize)]
pub struct LongestPost {
    pub title: String,
    pub url: String,
    pub chars: usize,
}

#[derive(Serialize)]
pub struct StatsView<'a> {
    pub posts: usize,
    pub cjk_chars: usize,
    pub words: usize,
    pub reading_minutes: u32,
    pub per_month: [u32; 12],
    pub busiest_month: Option<MonthStat>,
    pub top_tags: Vec<TermView<'a>>,
    pub longest: Option<LongestPost>,
    pub first: Option<NavLink>,
    pub last: Option<NavLink>,
    pub active_days: usize,
}

#[derive(Serialize)]
pub struct Charts {
    /// Posts per month, as inline SVG.
    pub months: String,
    /// Day-by-day activity grid, as inline SVG.
    pub days: String,
}

/// The `year` variable of `year.html`.
#[derive(Serialize)]
pub struct YearView<'a> {
    pub year: i16,
    pub url: String,
    pub intro: Option<&'a str>,
    pub retrospectives: Vec<view::Item<'a>>,
    /// Weekly, monthly, project and event retrospectives published this year.
    pub other_retrospectives: Vec<view::Item<'a>>,
    /// Months with posts, January first, each oldest post first.
    pub months: Vec<MonthGroup<'a>>,
    pub stats: StatsView<'a>,
    pub charts: Charts,
    pub goals: Vec<GoalView>,
    pub goals_summary: GoalSummary,
    pub next_goals: Vec<GoalView>,
    pub series: Vec<TermView<'a>>,
    pub prev: Option<YearLink>,
    pub next: Option<YearLink>,
}

/// UI strings the year views need, read once per render.
pub struct YearText {
    pub months: Vec<String>,
    pub weekdays: Vec<String>,
    pub unit: String,
    pub months_aria: String,
    pub days_aria: String,
    pub years_aria: String,
}

impl YearText {
    pub fn from_strings(t: &toml::Table) -> Self {
        let list = |k: &str, n: usize| -> Vec<String> {
            let v: Vec<String> = t
                .get(k)
                .and_then(|v| v.as_array())
                .into_iter()
                .flatten()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect();
            if v.len() == n { v } else { (1..=n).map(|i| i.to_string()).collect() }
        };
        let s = |k: &str| t.get(k).and_then(|v| v.as_str()).unwrap_or("").to_owned();
        YearText {
            months: list("months_short", 12),
            weekdays: list("weekdays_short", 7),
            unit: s("posts_unit"),
            months_aria: s("chart_months"),
            days_aria: s("chart_days"),
            years_aria: s("chart_years"),
        }
    }

    fn chart(&self) -> ChartText<'_> {
        ChartText { months: &self.months, weekdays: &self.weekdays, unit: &self.unit }
    }
}

fn year_link(cx: &ViewCtx<'_>, y: Option<i16>) -> Option<YearLink> {
    y.map(|year| YearLink { year, url: cx.urls.href(&crate::urls::year_url(year)) })
}

pub fn year_view<'a>(cx: &ViewCtx<'a>, y: &'a Year, text: &YearText) -> YearView<'a> {
    let list = |ids: &[PostId]| ids.iter().map(|&i| view::list_item(cx, i)).collect::<Vec<_>>();
    let aria = |a: &str| format!("{} {a}", y.year);
    YearView {
        year: y.year,
        url: cx.urls.href(&crate::urls::year_url(y.year)),
        intro: y.intro.and_then(|k| cx.intro(k)).map(|e| e.rendered.html.as_str()),
        retrospectives: list(&y.retros),
        other_retrospectives: list(&y.other_retros),
        months: months(cx, y, text),
        stats: stats_view(cx, y, text),
        charts: Charts {
            months: charts::month_bars(&y.stats.per_month, &text.chart(), &aria(&text.months_aria)),
            days: charts::activity_grid(y.year, &y.stats.days, &text.chart(), &aria(&text.days_aria)),
        },
        goals: goal_views(cx, &y.goals),
        goals_summary: summary(&y.goals),
        next_goals: goal_views(cx, &y.next_goals),
        series: y.series.iter().map(|&i| series_link(cx, i)).collect(),
        prev: year_link(cx, y.prev),
        next: year_link(cx, y.next),
    }
}

fn series_link<'a>(cx: &ViewCtx<'a>, i: usize) -> TermView<'a> {
    let s = cx.series(i);
    TermView { name: &s.name, slug: &s.slug, url: cx.urls.href(&s.url), count: s.posts.len() }
}

fn months<'a>(cx: &ViewCtx<'a>, y: &Year, text: &YearText) -> Vec<MonthGroup<'a>> {
    let mut groups: Vec<MonthGroup<'a>> = Vec::new();
    for &i in &y.posts {
        let e = cx.post(i);
        let Some(m) = e.date.as_ref().map(|d| d.zoned.month() as u8) else { continue };
        if groups.last().is_none_or(|g| g.month != m) {
            groups.push(MonthGroup { month: m, name: text.months[m as usize - 1].clone(), posts: Vec::new() });
        }
        if let Some(g) = groups.last_mut() {
            g.posts.push(view::list_item(cx, i));
        }
    }
    groups
}

fn stats_view<'a>(cx: &ViewCtx<'a>, y: &Year, text: &YearText) -> StatsView<'a> {
    let s = &y.stats;
    let link = |i: Option<PostId>| i.map(|i| cx.link(i));
    let top_tags = s
        .top_tags
        .iter()
        .filter_map(|(name, count)| {
            let t = cx.term_named(Tax::Tags, name)?;
            Some(TermView { name: t.name, slug: t.slug, url: cx.urls.href(t.url), count: *count })
        })
        .collect();
    StatsView {
        posts: s.posts,
        cjk_chars: s.cjk_chars,
        words: s.words,
        reading_minutes: s.reading_minutes,
        per_month: s.per_month,
        busiest_month: s.busiest_month.map(|m| MonthStat {
            month: m,
            name: text.months[m as usize - 1].clone(),
            count: s.per_month[m as usize - 1],
        }),
        top_tags,
        longest: s.longest.map(|i| cx.post(i)).map(|e| LongestPost {
            title: e.fm.title.clone(),
            url: cx.urls.href(&e.url),
            chars: e.rendered.stats.chars,
        }),
        first: link(s.first),
        last: link(s.last),
        active_days: s.days.len(),
    }
}

fn status(done: Option<f64>) -> &'static str {
    match done {
        None => "not_reviewed",
        Some(d) if d >= 1.0 => "done",
        Some(d) if d > 0.0 => "partly",
        Some(_) => "not_done",
    }
}

fn goal_views(cx: &ViewCtx<'_>, goals: &[Goal]) -> Vec<GoalView> {
    goals
        .iter()
        .map(|g| GoalView {
            text: g.text.clone(),
            status: status(g.done),
            done: g.done,
            percent: g.done.map(|d| (d * 100.0).round() as u32),
            unmatched: g.unmatched,
            source: cx.link(g.source),
        })
        .collect()
}

/// Counts the goals that were set; review entries that match none are shown but not counted.
pub fn summary(goals: &[Goal]) -> GoalSummary {
    let set: Vec<&Goal> = goals.iter().filter(|g| !g.unmatched).collect();
    let mut s = GoalSummary { total: set.len(), ..GoalSummary::default() };
    for g in set {
        match status(g.done) {
            "done" => s.done += 1,
            "partly" => s.partly += 1,
            "not_done" => s.not_done += 1,
            _ => s.not_reviewed += 1,
        }
    }
    s
}

/// One year on the archive page.
#[derive(Serialize)]
pub struct ArchiveYear {
    pub year: i16,
    pub url: String,
    pub posts: usize,
    pub reading_minutes: u32,
    pub retrospectives: Vec<NavLink>,
    pub goals: Vec<GoalView>,
    pub goals_summary: GoalSummary,
}

/// The `archive` variable of `archive.html`.
#[derive(Serialize)]
pub struct ArchiveView {
    /// Newest first.
    pub years: Vec<ArchiveYear>,
    pub total_posts: usize,
    /// Whether any year has goals (the goals timeline is left out when none has).
    pub has_goals: bool,
    /// Posts per year, as inline SVG.
    pub chart: String,
}

pub fn archive_view(cx: &ViewCtx<'_>, text: &YearText) -> ArchiveView {
    let all: Vec<&Year> = cx.year_ids().map(|i| cx.year(i)).collect();
    let years = all
        .iter()
        .rev()
        .map(|y| ArchiveYear {
            year: y.year,
            url: cx.urls.href(&crate::urls::year_url(y.year)),
            posts: y.stats.posts,
            reading_minutes: y.stats.reading_minutes,
            retrospectives: y.retros.iter().map(|&i| cx.link(i)).collect(),
            goals: goal_views(cx, &y.goals),
            goals_summary: summary(&y.goals),
        })
        .collect();
    // Every year from the first to the last, so a gap in writing shows as a gap.
    let counts: std::collections::BTreeMap<i16, u32> = all.iter().map(|y| (y.year, y.stats.posts as u32)).collect();
    let points: Vec<(i16, u32)> = match (counts.keys().next(), counts.keys().last()) {
        (Some(&first), Some(&last)) => (first..=last).map(|y| (y, counts.get(&y).copied().unwrap_or(0))).collect(),
        _ => Vec::new(),
    };
    ArchiveView {
        has_goals: all.iter().any(|y| !y.goals.is_empty()),
        years,
        total_posts: cx.all().len(),
        chart: charts::year_bars(&points, &text.unit, &text.years_aria),
    }
}
