//! ASSEMBLE: the typed year model — per-year posts, retrospectives, statistics, goals and
//! series — built in one pass over the sorted posts.
//!
//! Input: posts (newest first) whose `retro` year is already set, the series, and optional
//! intro pages (`content/years/{year}.md`). Output: [`Year`]s, oldest first. Everything is
//! bucketed in the site's time zone because post dates already are. No I/O, no rendering.

use std::collections::{BTreeMap, BTreeSet};

use crate::retro::goal_heading_year;
use crate::site::{Entry, PostId};
use crate::slug::nfc;
use crate::taxonomy::Series;

/// One year of the blog. `Hash` is what `gen serve`'s pages that show the year are kept by.
#[derive(Debug, Clone, Default, PartialEq, Hash)]
pub struct Year {
    pub year: i16,
    /// Index into `Site::pages`' year intros, if `content/years/{year}.md` exists.
    pub intro: Option<usize>,
    /// Retrospectives covering this year, oldest first.
    pub retros: Vec<PostId>,
    /// Other retrospectives (weekly, monthly, project, event) published this year, oldest first.
    pub other_retros: Vec<PostId>,
    /// Posts published this year, oldest first.
    pub posts: Vec<PostId>,
    pub stats: YearStats,
    /// Goals set for this year and how they went.
    pub goals: Vec<Goal>,
    /// Goals this year's retrospectives set for the next year.
    pub next_goals: Vec<Goal>,
    /// Series with a post published this year (indices into `Site::series`).
    pub series: Vec<usize>,
    pub prev: Option<i16>,
    pub next: Option<i16>,
}

/// The year's numbers.
#[derive(Debug, Clone, Default, PartialEq, Hash)]
pub struct YearStats {
    pub posts: usize,
    pub cjk_chars: usize,
    pub words: usize,
    pub reading_minutes: u32,
    /// Posts per month, January first.
    pub per_month: [u32; 12],
    /// 1-based month with the most posts (the earliest on a tie).
    pub busiest_month: Option<u8>,
    /// Most used tags: (name, count), most first, then by name; at most five.
    pub top_tags: Vec<(String, usize)>,
    pub longest: Option<PostId>,
    pub first: Option<PostId>,
    pub last: Option<PostId>,
    /// Posts per calendar day: (month, day) -> count.
    pub days: BTreeMap<(i8, i8), u32>,
}

/// A goal and its outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    pub text: String,
    /// 0.0 (not done) to 1.0 (done); `None` when no retrospective reviewed it.
    pub done: Option<f64>,
    /// The post that set it (for unmatched reviews: the post that reviewed it).
    pub source: PostId,
    /// A review entry that names no goal set for the year: shown, not dropped.
    pub unmatched: bool,
}

/// Every field, `done` by its bits (a float has no `Hash` of its own).
impl std::hash::Hash for Goal {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        let Goal { text, done, source, unmatched } = self;
        (text, done.map(f64::to_bits), source, unmatched).hash(h);
    }
}

/// Builds every year with a post or a retrospective. `reading_minutes` gives a post's reading
/// time; `intro_years` maps years to intro-page indices.
pub fn build(
    posts: &[Entry],
    series: &[Series],
    intro_years: &BTreeMap<i16, usize>,
    reading_minutes: impl Fn(&Entry) -> u32,
) -> Vec<Year> {
    let mut years: BTreeMap<i16, Year> = BTreeMap::new();
    for (i, p) in crate::site::with_ids(posts).rev() {
        let Some(d) = &p.date else { continue };
        let y = slot(&mut years, d.year());
        y.posts.push(i);
        if p.other_retro {
            y.other_retros.push(i);
        }
        if let Some(c) = p.retro {
            slot(&mut years, c).retros.push(i);
        }
    }
    let mut in_year = series_by_year(series, posts);
    for y in years.values_mut() {
        recount(y, posts, &reading_minutes);
        y.intro = intro_years.get(&y.year).copied();
        y.series = in_year.remove(&y.year).unwrap_or_default();
    }
    attach_goals(&mut years, posts);
    link_years(years)
}

/// One year's numbers from its posts (oldest first): what [`build`] counts for every year, and
/// what `gen serve` counts again for the year of a post whose words changed.
pub fn recount(year: &mut Year, posts: &[Entry], reading_minutes: impl Fn(&Entry) -> u32) {
    let mut stats = YearStats::default();
    for &i in &year.posts {
        add_stats(&mut stats, i, &posts[i], posts, reading_minutes(&posts[i]));
    }
    finish_stats(&mut stats, &year.posts, posts);
    year.stats = stats;
}

/// The goals of the years in `wanted` again, from the retrospectives the years already list
/// (`gen serve`, after a retrospective's body changed): what [`build`] attaches to them (and
/// to the year before each, as next goals), without walking every post or every year.
pub fn regoal(years: &mut [Year], posts: &[Entry], wanted: &BTreeSet<i16>) {
    let mut retros: Vec<PostId> = years.iter().flat_map(|y| y.retros.iter().copied()).collect();
    // `goals_by_year` reads posts oldest first: the largest index first.
    retros.sort_unstable_by(|a, b| b.cmp(a));
    retros.dedup();
    for y in years.iter_mut() {
        if wanted.contains(&y.year) {
            y.goals.clear();
        }
        if wanted.contains(&(y.year + 1)) {
            y.next_goals.clear();
        }
    }
    let find = |years: &[Year], y: i16| years.binary_search_by_key(&y, |x| x.year).ok();
    for (y, goals) in goals_of(retros.into_iter().map(|i| (i, &posts[i])), |y| wanted.contains(&y)) {
        if let Some(k) = find(years, y - 1) {
            years[k].next_goals = goals.iter().filter(|g| !g.unmatched).cloned().collect();
        }
        if let Some(k) = find(years, y) {
            years[k].goals = goals;
        }
    }
}

/// The years whose goals a retrospective feeds: the year it covers (reviews), the next
/// (`goals:`), and those its task lists' goal headings name.
pub fn goal_years(p: &Entry) -> BTreeSet<i16> {
    let Some(covered) = p.retro else { return BTreeSet::new() };
    let headings = p.rendered.tasks.iter().filter_map(|t| t.heading.as_deref());
    headings.filter_map(|h| goal_heading_year(h, covered)).chain([covered, covered + 1]).collect()
}

fn slot(years: &mut BTreeMap<i16, Year>, y: i16) -> &mut Year {
    years.entry(y).or_insert_with(|| Year { year: y, ..Year::default() })
}

fn add_stats(s: &mut YearStats, i: PostId, p: &Entry, posts: &[Entry], minutes: u32) {
    let Some(d) = &p.date else { return };
    let st = &p.rendered.stats;
    s.posts += 1;
    s.cjk_chars += st.cjk_chars;
    s.words += st.words;
    s.reading_minutes += minutes;
    s.per_month[(d.zoned.month() - 1) as usize] += 1;
    *s.days.entry((d.zoned.month(), d.zoned.day())).or_insert(0) += 1;
    let longer = |j: PostId| posts[j].rendered.stats.chars < st.chars;
    if s.longest.is_none_or(longer) {
        s.longest = Some(i);
    }
}

/// Busiest month, top tags, first and last post; `ids` are oldest first.
fn finish_stats(s: &mut YearStats, ids: &[PostId], posts: &[Entry]) {
    // Only a month that beats every other is the busiest: on a tie (one post in each of three
    // months) there is none to name.
    let max = s.per_month.iter().copied().max().unwrap_or(0);
    let tied = s.per_month.iter().filter(|&&c| c == max).count() > 1;
    s.busiest_month = (max > 0 && !tied).then(|| s.per_month.iter().position(|&c| c == max).map_or(1, |m| m as u8 + 1));
    s.first = ids.first().copied();
    s.last = ids.last().copied();
    // Count by name first (in first-seen order), then slug each distinct name once: a year of
    // a thousand posts has thousands of tag uses but a few dozen names.
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut by_name: Vec<(&str, usize)> = Vec::new();
    for &i in ids {
        for t in &posts[i].fm.tags {
            match seen.get(t.as_str()) {
                Some(&k) => by_name[k].1 += 1,
                None => {
                    seen.insert(t, by_name.len());
                    by_name.push((t, 1));
                }
            }
        }
    }
    let mut counts: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for (name, n) in by_name {
        counts.entry(crate::taxonomy::term_slug(name)).or_insert_with(|| (name.to_owned(), 0)).1 += n;
    }
    let mut top: Vec<(String, usize)> = counts.into_values().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top.truncate(5);
    s.top_tags = top;
}

/// Each year's series: those with a post published that year, in series order. One pass over
/// the series' posts (looking each series up in every year's post list was quadratic).
fn series_by_year(series: &[Series], posts: &[Entry]) -> BTreeMap<i16, Vec<usize>> {
    let mut out: BTreeMap<i16, Vec<usize>> = BTreeMap::new();
    for (k, s) in series.iter().enumerate() {
        for d in s.posts.iter().filter_map(|&p| posts.get(p.index())?.date.as_ref()) {
            let list = out.entry(d.year()).or_default();
            if list.last() != Some(&k) {
                list.push(k);
            }
        }
    }
    out
}

fn attach_goals(years: &mut BTreeMap<i16, Year>, posts: &[Entry]) {
    for (y, goals) in goals_by_year(posts) {
        if let Some(prev) = years.get_mut(&(y - 1)) {
            prev.next_goals = goals.iter().filter(|g| !g.unmatched).cloned().collect();
        }
        if let Some(year) = years.get_mut(&y) {
            year.goals = goals;
        }
    }
}

/// Goals per year, including years with no page yet. Goals come from a retrospective's `goals`
/// (for the year after the one it covers) and from task lists under goal headings; reviews
/// from `review` and checked boxes.
pub fn goals_by_year(posts: &[Entry]) -> BTreeMap<i16, Vec<Goal>> {
    goals_of(crate::site::with_ids(posts).rev(), |_| true)
}

/// [`goals_by_year`] of the given posts (index, post), oldest first, for the years `wanted`.
fn goals_of<'a>(
    posts: impl Iterator<Item = (PostId, &'a Entry)>,
    wanted: impl Fn(i16) -> bool,
) -> BTreeMap<i16, Vec<Goal>> {
    let mut set: BTreeMap<i16, GoalList> = BTreeMap::new();
    let mut reviews: BTreeMap<i16, Vec<(String, f64, PostId)>> = BTreeMap::new();
    for (i, p) in posts {
        let Some(covered) = p.retro else { continue };
        if wanted(covered + 1) {
            for g in &p.fm.goals {
                add_goal(set.entry(covered + 1).or_default(), g, None, i);
            }
        }
        if wanted(covered) {
            for r in &p.fm.review {
                reviews.entry(covered).or_default().push((r.goal.clone(), r.done, i));
            }
        }
        // Tasks under one heading come together: read each heading once.
        let mut last: Option<(&str, Option<i16>)> = None;
        // An empty checkbox (`- [ ] ` left to fill in) is no goal: no empty row, no "0 of 1".
        for t in p.rendered.tasks.iter().filter(|t| !t.text.is_empty()) {
            let Some(h) = t.heading.as_deref() else { continue };
            let y = match last {
                Some((prev, y)) if prev == h => y,
                _ => goal_heading_year(h, covered),
            };
            last = Some((h, y));
            let Some(y) = y else { continue };
            if !wanted(y) {
                continue;
            }
            let done = if t.checked {
                Some(1.0)
            } else if covered >= y {
                Some(0.0)
            } else {
                None
            };
            add_goal(set.entry(y).or_default(), &t.text, done, i);
        }
    }
    for (y, goals) in set.iter_mut() {
        for (text, done, src) in reviews.remove(y).unwrap_or_default() {
            let folded = fold(&text);
            match goals.find(&folded) {
                Some(g) => g.done = Some(done),
                None => goals.push(folded, Goal { text, done: Some(done), source: src, unmatched: true }),
            }
        }
    }
    let mut out: BTreeMap<i16, Vec<Goal>> =
        set.into_iter().map(|(y, goals)| (y, goals.goals.into_iter().map(|(_, g)| g).collect())).collect();
    for (y, rs) in reviews {
        let unmatched =
            rs.into_iter().map(|(text, done, source)| Goal { text, done: Some(done), source, unmatched: true });
        out.entry(y).or_default().extend(unmatched);
    }
    out
}

fn add_goal(list: &mut GoalList, text: &str, done: Option<f64>, source: PostId) {
    let folded = fold(text);
    match list.find(&folded) {
        Some(g) => g.done = g.done.or(done),
        None => list.push(folded, Goal { text: text.to_owned(), done, source, unmatched: false }),
    }
}

/// A year's goals in order, each beside its folded text (folding on every comparison was
/// quadratic in allocations), found by the part before any note: texts that [`same_folded`]
/// matches share it, so a year with hundreds of goals is not compared pair by pair.
#[derive(Default)]
struct GoalList {
    goals: Vec<(String, Goal)>,
    by_core: std::collections::HashMap<String, Vec<usize>>,
}

impl GoalList {
    /// The first goal (in order) that `folded` names.
    fn find(&mut self, folded: &str) -> Option<&mut Goal> {
        let candidates = self.by_core.get(core(folded))?;
        let k = candidates.iter().copied().find(|&k| same_folded(&self.goals[k].0, folded))?;
        Some(&mut self.goals[k].1)
    }

    fn push(&mut self, folded: String, goal: Goal) {
        self.by_core.entry(core(&folded).to_owned()).or_default().push(self.goals.len());
        self.goals.push((folded, goal));
    }
}

/// What may follow a goal as a note when it is reviewed.
const NOTE_START: [char; 9] = ['(', '[', '–', '—', '-', ':', ',', '/', '→'];

/// A folded goal up to its first note character: if one of two texts is the other plus a note,
/// both have the same core.
fn core(folded: &str) -> &str {
    folded.find(NOTE_START).map_or(folded, |i| &folded[..i]).trim_end()
}

/// Matching tolerates case, normalisation and surrounding white space, and a note after the
/// goal ("책 12권 읽기 (7권)", "CI 10분 이내 – 18분 → 5분"), as bloggers write when reviewing.
pub fn same_goal(a: &str, b: &str) -> bool {
    same_folded(&fold(a), &fold(b))
}

/// [`same_goal`] of two texts already folded.
fn same_folded(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.strip_prefix(short) {
        Some("") => true,
        Some(rest) => rest.trim_start().starts_with(NOTE_START) && !short.is_empty(),
        None => false,
    }
}

fn fold(s: &str) -> String {
    nfc(s.trim()).to_lowercase()
}

fn link_years(years: BTreeMap<i16, Year>) -> Vec<Year> {
    let mut v: Vec<Year> = years.into_values().collect();
    for i in 0..v.len() {
        v[i].prev = i.checked_sub(1).map(|p| v[p].year);
        v[i].next = v.get(i + 1).map(|n| n.year);
    }
    v
}

#[cfg(test)]
pub(crate) mod tests;
