//! COMMANDS: what the arguments of every command that reads a site share (`gen build`, `check`,
//! `serve`, `new`, `import`, `years`), so the commands do not borrow from each other or from
//! `cli`, which only assembles them. It must not run anything.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

/// Arguments every command that reads a site shares.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site's folder (where gen.toml is).
    #[arg(short, long, default_value = ".")]
    pub root: PathBuf,
    /// Include posts marked `draft: true` (or `published: false`) and posts dated in the future.
    #[arg(long)]
    pub drafts: bool,
}

/// `--root .` becomes the empty path so that messages say `content/x.md`, not `./content/x.md`.
pub fn tidy_root(root: PathBuf) -> PathBuf {
    if root == Path::new(".") { PathBuf::new() } else { root }
}

/// `--format`: how a command reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Messages for people (diagnostics on stderr, a summary on stdout).
    Human,
    /// A JSON summary on stdout (diagnostics still on stderr).
    Json,
}
