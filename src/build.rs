//! The build's stages, one folder or module each, in pipeline order (`crate::pipeline` runs
//! them; `lib.rs` re-exports every module at the crate root under its own name). A stage may use
//! the stages before it and `crate::shared`, never one after it (tests/it/layers.rs).

// 1. CONFIG: gen.toml -> a validated configuration.
pub mod config;
// 2. LOAD: content/ and static/ -> classified sources.
pub mod discover;
// 3. PARSE: sources -> front matter and bodies; Markdown, code and math.
pub mod parse;
// 4. ASSEMBLE: the site model, the Markdown stage, the year model.
pub mod assemble;
// 5. RENDER: model x templates -> pages in memory.
pub mod rendering;
// 6. SEARCH: rendered pages -> Pagefind's index.
pub mod search;
// 7. CHECK: every internal link and anchor of the rendered pages.
pub mod checking;
// 8. WRITE: pages -> the output folder, swapped in atomically.
pub mod output;
