//! RENDER: the site model x the templates -> files in memory, in parallel (`render`). `theme`
//! loads the templates; `view`, `yearview` and `feeds` are what templates see, read from the
//! model through `view::ViewCtx` alone; `charts` draws the year charts.

pub mod charts;
pub mod feeds;
pub mod render;
pub mod theme;
pub mod view;
pub mod yearview;
