//! The command line (clap derive): parse arguments, run the library, print the summary and the
//! diagnostics, and return the exit status. The only module that prints.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::config::Overrides;
use crate::error::Severity;
use crate::pipeline::{self, BuildOptions, Failure, Outcome, Target};

#[derive(Debug, Parser)]
#[command(
    name = "gen",
    version,
    about = "hoego (회고): a static site generator for tech blogs that look back on their years"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default: public/).
    Build(BuildArgs),
}

/// Arguments every command that reads a site shares.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site's folder (where gen.toml is).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Include posts marked `draft: true` (or `published: false`).
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site (default: `output_dir` in gen.toml, else public/).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Override `base_url`, e.g. https://me.github.io/blog/
    #[arg(long)]
    pub base_url: Option<String>,
    /// Print nothing on success (warnings and errors still go to stderr).
    #[arg(long)]
    pub quiet: bool,
    /// Print the time each stage took.
    #[arg(long)]
    pub timings: bool,
}

/// Runs the parsed command line and returns the process exit status.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) => build(args),
    }
}

fn build(args: BuildArgs) -> ExitCode {
    let opts = BuildOptions {
        // `--output` is relative to where gen runs, like any path given on a command line.
        overrides: Overrides { base_url: args.base_url, output_dir: args.output.map(absolute) },
        drafts: args.site.drafts,
        root: tidy_root(args.site.root),
    };
    let outcome = pipeline::build(&opts, Target::Disk);
    report(&outcome);
    if outcome.failure.is_none() && !args.quiet {
        print_summary(&outcome);
    }
    if args.timings {
        for (stage, d) in &outcome.stats.timings {
            println!("  {stage:<20} {:>8.1} ms", d.as_secs_f64() * 1000.0);
        }
    }
    exit_code(&outcome)
}

fn absolute(p: PathBuf) -> PathBuf {
    if p.is_absolute() { p } else { std::env::current_dir().map(|d| d.join(&p)).unwrap_or(p) }
}

/// `--root .` becomes the empty path so that messages say `content/x.md`, not `./content/x.md`.
fn tidy_root(root: PathBuf) -> PathBuf {
    if root == std::path::Path::new(".") { PathBuf::new() } else { root }
}

/// Every diagnostic to stderr, sorted by path, then a count.
fn report(outcome: &Outcome) {
    let d = &outcome.diagnostics;
    if d.is_empty() {
        return;
    }
    let mut err = std::io::stderr().lock();
    for item in d.sorted() {
        let _ = writeln!(err, "{item}");
    }
    let (e, w) = (d.count(Severity::Error), d.count(Severity::Warning));
    let _ = match (e, w) {
        (0, w) => writeln!(err, "{w} warning{}", plural(w)),
        (e, 0) => writeln!(err, "{e} error{}; nothing was written", plural(e)),
        (e, w) => writeln!(err, "{e} error{}, {w} warning{}; nothing was written", plural(e), plural(w)),
    };
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn print_summary(o: &Outcome) {
    let s = &o.stats;
    let total: std::time::Duration = s.timings.iter().map(|(_, d)| *d).sum();
    println!(
        "Built {} post{} and {} page{} ({} files rendered, {} copied) in {} ms -> {}",
        s.posts,
        plural(s.posts),
        s.pages,
        plural(s.pages),
        s.rendered,
        s.copied,
        total.as_millis(),
        o.output_dir.display()
    );
}

fn exit_code(o: &Outcome) -> ExitCode {
    match o.failure {
        None => ExitCode::SUCCESS,
        Some(Failure::Content) => ExitCode::from(1),
        Some(Failure::Config) => ExitCode::from(2),
    }
}
