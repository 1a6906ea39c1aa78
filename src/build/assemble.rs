//! ASSEMBLE: docs -> the site model (`site`, with URLs from `urls`; `taxonomy` collects tags,
//! categories and series), then the Markdown stage (`site::render_markdown`, `links` resolving
//! links to sources), then `retro` and `years`, the year model.

pub mod links;
pub mod retro;
pub mod site;
pub mod taxonomy;
pub mod urls;
pub mod years;
