//! ASSEMBLE: docs -> drafts placed in the site (`site`, with URLs from `urls` and each post's
//! verdict from `retro`), then the Markdown stage (`site::render_markdown`, `links` resolving
//! links to sources) making the entries, and `taxonomy` collecting tags, categories and series;
//! then `years`, the year model.

pub mod links;
pub mod retro;
pub mod site;
pub mod taxonomy;
pub mod urls;
pub mod years;
