//! RENDER: inline SVG charts for year and archive pages — posts per month, a day-by-day
//! activity grid, posts per year.
//!
//! No JavaScript: every mark carries a `<title>` (a tooltip and an accessible name) and each
//! chart an `aria-label`. Colours come from CSS classes (`.bar`, `.day.l0`–`.l4`), so themes
//! and dark mode restyle them. Pure string building; must not know about templates or files.

use std::collections::BTreeMap;
use std::fmt::Write;

use jiff::civil::Date;

/// Labels a chart needs, in the page's language.
pub struct ChartText<'a> {
    /// Short month names, January first.
    pub months: &'a [String],
    /// Weekday names, Sunday first.
    pub weekdays: &'a [String],
    /// The unit after a count: "편", " posts".
    pub unit: &'a str,
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

fn label(t: &ChartText<'_>, i: usize) -> String {
    t.months.get(i).cloned().unwrap_or_else(|| (i + 1).to_string())
}

/// A bar per month.
pub fn month_bars(counts: &[u32; 12], t: &ChartText<'_>, aria: &str) -> String {
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    let (w, h, bar) = (12 * 30, 150, 20);
    let mut s = format!(
        "<svg class=\"chart chart-months\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        esc(aria)
    );
    for (i, &c) in counts.iter().enumerate() {
        let x = i * 30 + 5;
        let bh = (c as usize * 100).div_ceil(max as usize);
        let y = 120 - bh;
        let name = label(t, i);
        let _ = write!(s, "<g><title>{}: {c}{}</title>", esc(&name), esc(t.unit));
        let _ =
            write!(s, "<rect class=\"bar\" x=\"{x}\" y=\"{y}\" width=\"{bar}\" height=\"{}\" rx=\"2\"/>", bh.max(1));
        if c > 0 {
            let _ = write!(
                s,
                "<text class=\"value\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{c}</text>",
                x + bar / 2,
                y - 4
            );
        }
        let _ = write!(
            s,
            "<text class=\"label\" x=\"{}\" y=\"138\" text-anchor=\"middle\">{}</text></g>",
            x + bar / 2,
            esc(&name)
        );
    }
    s.push_str("</svg>");
    s
}

/// A contribution-calendar grid: one square per day of `year`, a column per week (Sunday
/// first), shaded by the number of posts that day.
pub fn activity_grid(year: i16, days: &BTreeMap<(i8, i8), u32>, t: &ChartText<'_>, aria: &str) -> String {
    let Ok(first) = Date::new(year, 1, 1) else { return String::new() };
    let offset = first.weekday().to_sunday_zero_offset() as usize;
    // Drawn at its natural size, 676 px, which fits the desktop column; a phone scrolls it
    // sideways, so that labels stay 12 px (scaled to a phone's width they were 9).
    let (step, cell, left, top) = (12, 10, 28, 18);
    let width = left + 54 * step;
    let height = top + 7 * step;
    let mut s = format!(
        "<svg class=\"chart chart-days\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        esc(aria)
    );
    for (row, name) in t.weekdays.iter().enumerate().filter(|(r, _)| r % 2 == 1) {
        let _ = write!(s, "<text class=\"label\" x=\"0\" y=\"{}\">{}</text>", top + row * step + cell - 1, esc(name));
    }
    let mut day = first;
    let mut index = 0usize;
    while day.year() == year {
        let (col, row) = ((index + offset) / 7, (index + offset) % 7);
        let (x, y) = (left + col * step, top + row * step);
        if day.day() == 1 {
            let _ = write!(
                s,
                "<text class=\"label\" x=\"{x}\" y=\"13\">{}</text>",
                esc(&label(t, day.month() as usize - 1))
            );
        }
        let count = days.get(&(day.month(), day.day())).copied().unwrap_or(0);
        let level = count.min(4);
        let _ = write!(
            s,
            "<rect class=\"day l{level}\" x=\"{x}\" y=\"{y}\" width=\"{cell}\" height=\"{cell}\" rx=\"2\"><title>{day}: {count}{}</title></rect>",
            esc(t.unit)
        );
        index += 1;
        day = match day.tomorrow() {
            Ok(d) => d,
            Err(_) => break,
        };
    }
    s.push_str("</svg>");
    s
}

/// A bar per year, oldest on the left, each the same width whatever the number of years: a
/// blog of one year gets one bar, not a bar stretched to the column (the SVG is drawn at its
/// natural size; the page scrolls it sideways when thirty years do not fit).
pub fn year_bars(points: &[(i16, u32)], unit: &str, aria: &str) -> String {
    let max = points.iter().map(|p| p.1).max().unwrap_or(0).max(1);
    let (step, bar, h) = (48, 32, 160);
    let w = points.len().max(1) * step;
    let mut s = format!(
        "<svg class=\"chart chart-years\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        esc(aria)
    );
    for (i, &(year, c)) in points.iter().enumerate() {
        let x = i * step + (step - bar) / 2;
        let bh = (c as usize * 100).div_ceil(max as usize).max(1);
        let y = 126 - bh;
        let mid = x + bar / 2;
        let _ = write!(s, "<g><title>{year}: {c}{}</title>", esc(unit));
        let _ = write!(s, "<rect class=\"bar\" x=\"{x}\" y=\"{y}\" width=\"{bar}\" height=\"{bh}\" rx=\"2\"/>");
        let _ = write!(s, "<text class=\"value\" x=\"{mid}\" y=\"{}\" text-anchor=\"middle\">{c}</text>", y - 4);
        let _ = write!(s, "<text class=\"label\" x=\"{mid}\" y=\"146\" text-anchor=\"middle\">{year}</text></g>");
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text() -> (Vec<String>, Vec<String>) {
        let months = (1..=12).map(|m| format!("{m}월")).collect();
        let weekdays = ["일", "월", "화", "수", "목", "금", "토"].map(String::from).to_vec();
        (months, weekdays)
    }

    #[test]
    fn month_bars_have_titles_and_scale_to_the_busiest_month() {
        let (m, w) = text();
        let t = ChartText { months: &m, weekdays: &w, unit: "편" };
        let mut counts = [0; 12];
        counts[2] = 4;
        counts[5] = 2;
        let svg = month_bars(&counts, &t, "월별 글 수");
        assert!(svg.starts_with("<svg class=\"chart chart-months\""));
        assert!(svg.contains("aria-label=\"월별 글 수\""));
        assert!(
            svg.contains("<title>3월: 4편</title><rect class=\"bar\" x=\"65\" y=\"20\" width=\"20\" height=\"100\"")
        );
        assert!(
            svg.contains("<title>6월: 2편</title><rect class=\"bar\" x=\"155\" y=\"70\" width=\"20\" height=\"50\"")
        );
        assert_eq!(svg.matches("<rect").count(), 12);
    }

    #[test]
    fn activity_grid_has_a_square_per_day_starting_on_the_right_weekday() {
        let (m, w) = text();
        let t = ChartText { months: &m, weekdays: &w, unit: "편" };
        let mut days = BTreeMap::new();
        days.insert((1, 1), 1);
        days.insert((12, 31), 5);
        let svg = activity_grid(2023, &days, &t, "활동");
        assert_eq!(svg.matches("<rect").count(), 365);
        // 2023-01-01 was a Sunday: first column, first row.
        assert!(svg.contains("<rect class=\"day l1\" x=\"28\" y=\"18\" width=\"10\" height=\"10\" rx=\"2\"><title>2023-01-01: 1편</title>"));
        assert!(svg.contains("<title>2023-12-31: 5편</title>") && svg.contains("class=\"day l4\""));
        assert_eq!(activity_grid(2024, &BTreeMap::new(), &t, "x").matches("<rect").count(), 366);
    }

    /// One year is one bar of the same size as each of twelve: the chart's width follows the
    /// number of years, its height never does (one year was a 44 x 150 box stretched to the
    /// column, a 1,600-px bar).
    #[test]
    fn year_bars_keep_their_size_for_one_to_thirty_years() {
        let size = |n: usize| {
            let points: Vec<(i16, u32)> = (0..n).map(|i| (2000 + i as i16, 3)).collect();
            let svg = year_bars(&points, "편", "연도별");
            let attr = |name: &str| {
                let at = svg.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
                svg[at..at + svg[at..].find('"').unwrap()].parse::<usize>().unwrap()
            };
            assert!(svg.contains("width=\"32\" height=\"100\""), "{svg}");
            (attr("width"), attr("height"))
        };
        assert_eq!(size(1), (48, 160));
        assert_eq!(size(3), (144, 160));
        assert_eq!(size(12), (576, 160));
        assert_eq!(size(30), (1440, 160));
    }

    #[test]
    fn labels_are_escaped() {
        let svg = year_bars(&[(2020, 3)], " <posts>", "a \"b\"");
        assert!(svg.contains("aria-label=\"a &quot;b&quot;\""));
        assert!(svg.contains("2020: 3 &lt;posts&gt;"));
    }
}
