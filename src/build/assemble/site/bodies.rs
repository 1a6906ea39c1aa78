//! MARKDOWN (after assembly): one entry's Markdown -> HTML, once every URL is known. The
//! stage renders every entry in parallel ([`super::render_markdown`]); `gen serve` reuses
//! earlier renders through the same [`Ctx`] (`crate::cache`). This module must not decide
//! what the site contains, and keeps nothing between builds.

use super::{Draft, Placed};
use crate::config::Config;
use crate::fields::FrontMatter;
use crate::highlight::Highlighter;
use crate::links::{Asked, EntryLinks, LinkMap};
use crate::markdown::{self, MdOptions, Rendered};

/// What rendering any entry needs.
pub struct Ctx<'a> {
    pub map: &'a LinkMap,
    opts: MdOptions<'a>,
    dialect: crate::dialect::Options,
}

impl<'a> Ctx<'a> {
    pub fn new(config: &'a Config, map: &'a LinkMap, highlighter: Option<&'a Highlighter>) -> Self {
        // Broken links (to Markdown sources too) are reported by the link check, after render.
        let opts = MdOptions {
            smart_punctuation: config.markdown.smart_punctuation,
            external_links_new_tab: config.markdown.external_links_new_tab,
            highlighter,
            math: config.markdown.math,
            attributes: &[],
        };
        let dialect = crate::dialect::Options { wikilinks: config.wikilinks };
        Ctx { map, opts, dialect }
    }

    fn options(&self, e: &Placed) -> MdOptions<'a> {
        MdOptions { math: e.fm.math.unwrap_or(self.opts.math), ..self.opts }
    }

    /// The switches that `e`'s HTML depends on, besides its body, where it lives and the URLs.
    pub fn switches(&self, e: &Placed) -> impl std::hash::Hash + use<'a> {
        let opts = self.options(e);
        (
            opts.smart_punctuation,
            opts.external_links_new_tab,
            opts.math,
            opts.highlighter.is_some(),
            self.dialect.wikilinks,
        )
    }

    /// `e`'s body as HTML, with its description and cover.
    pub fn render(&self, e: &Draft) -> Rendered {
        self.render_with(e, EntryLinks::new(self.map, &e.source.rel, &e.url)).0
    }

    /// [`Ctx::render`], with every question its links asked of the link map: the HTML is the
    /// same with any map that answers them the same ([`LinkMap::answers`]).
    pub fn render_asking(&self, e: &Draft) -> (Rendered, Vec<Asked>) {
        self.render_with(e, EntryLinks::asking(self.map, &e.source.rel, &e.url))
    }

    fn render_with(&self, e: &Draft, resolver: EntryLinks<'_>) -> (Rendered, Vec<Asked>) {
        let rendered = with_description(render(self, &e.body, self.options(e), &resolver), &e.fm, &resolver);
        (rendered, resolver.asked())
    }
}

/// Where an entry sits in the site model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Slot {
    Post(crate::site::PostId),
    Page(usize),
    Intro(usize),
}

/// Other generators' syntax rewritten (the dialect stage), then the Markdown rendered; links,
/// notes and every other place are the source body's lines and columns.
fn render(cx: &Ctx<'_>, body: &str, opts: MdOptions<'_>, resolver: &EntryLinks<'_>) -> Rendered {
    let Some(rw) = crate::dialect::rewrite(body, &MapSources(resolver), cx.dialect) else {
        return markdown::render(body, opts, resolver);
    };
    let mut r = markdown::render(&rw.text, MdOptions { attributes: &rw.attributes, ..opts }, resolver);
    for l in &mut r.links {
        l.offset = rw.source_offset(l.offset);
    }
    let places = crate::error::line_cols(body, r.links.iter().map(|l| l.offset));
    for (l, (line, col)) in r.links.iter_mut().zip(places) {
        (l.line, l.col) = (line, col);
    }
    // The Markdown stage's notes (math) are at the rewritten text's places too.
    for n in &mut r.notes {
        n.offset = rw.source_offset(n.offset);
    }
    let places = crate::error::line_cols(body, r.notes.iter().map(|n| n.offset));
    for (n, (line, col)) in r.notes.iter_mut().zip(places) {
        (n.line, n.col) = (line, col);
    }
    r.notes.extend(rw.notes);
    r.notes.sort_by_key(|n| n.offset);
    r.dialects = rw.counts;
    r
}

/// What the dialect stage may point at: the site's sources and their URLs, asked through the
/// entry's resolver, which notes each question.
struct MapSources<'r, 'a>(&'r EntryLinks<'a>);

impl crate::dialect::Sources for MapSources<'_, '_> {
    fn post_named(&self, stem: &str) -> Option<String> {
        self.0.named(stem).filter(|rel| crate::discover::is_markdown(rel))
    }

    fn by_name(&self, name: &str) -> Option<String> {
        self.0.named(name)
    }

    fn has(&self, rel: &str) -> bool {
        self.0.url_of(rel).is_some()
    }

    fn href(&self, rel: &str) -> Option<String> {
        self.0.url_of(rel).map(|u| self.0.href(u))
    }
}

/// `description`, else the summary as plain text; at most 200 characters. For meta tags. And
/// the cover image, resolved as a link in the body would be (`cover.png` in a bundle).
fn with_description(mut r: Rendered, fm: &FrontMatter, links: &dyn markdown::LinkResolver) -> Rendered {
    r.cover = fm.cover.as_ref().map(|c| links.resolve(c).unwrap_or_else(|| c.clone()));
    let plain = fm.description.as_deref().map(markdown::plain);
    let text = plain.as_deref().unwrap_or(&r.summary_text);
    r.description_text = match text.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", text[..i].trim_end()),
        None => text.to_owned(),
    };
    r
}
