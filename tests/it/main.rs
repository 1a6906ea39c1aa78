//! The integration tests: one test binary, so the crate and the harness are compiled and linked
//! once, not once per file (22 binaries took most of `cargo test`'s build time). Each module is
//! one area, in the order a user meets it; `support` is the harness (fixture sites, the real `gen`
//! binary, the headless browser) and `fuzzer` the mutation engine of `fuzz`.
//!
//! Run one area with a filter: `cargo test --test it serve::`, or one test by its path.

mod fuzzer;
mod support;

// Writing a site: new, build, the example blog, the theme, years, feeds, search.
mod build;
mod build_cache;
mod example_blog;
mod feeds;
mod scaffold;
mod search;
mod snapshots;
mod theme;
mod years;

// Previewing and checking.
mod browser;
mod cache;
mod check;
mod serve;

// Coming from another blog.
mod import;
mod import_generators;
mod import_platforms;
mod migrate;

// Promises: the first day, the docs and recipes, reliability, fuzzing.
mod docs;
mod first_day;
mod fuzz;
mod layers;
mod recipes;
mod reliability;
