//! The command line (clap derive): parse arguments, run the library, print the summary and the
//! diagnostics (through `report`), and return the exit status. The only module that prints.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::args::{Format, SiteArgs, tidy_root};
use crate::config::Overrides;
use crate::pipeline::{self, BuildOptions, Failure, Outcome, Target};
use crate::report::{self, plural};

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
    /// Build in memory and verify every internal link and anchor (and, with --external, links
    /// to other sites).
    Check(CheckArgs),
    /// Serve the site from memory, rebuild on change and reload open browser tabs.
    Serve(crate::serve::ServeArgs),
    /// Scaffold a site, a post or a retrospective.
    New(crate::scaffold::NewArgs),
    /// Audit the year model: each year's retrospectives and why, other retrospectives, goals
    /// and how they went, and posts that look like retrospectives but were not taken.
    Years(YearsArgs),
    /// Import posts from another platform's export (WordPress, Velog) into a site.
    Import(crate::import::ImportArgs),
}

#[derive(Debug, Args)]
pub struct YearsArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site (default: `output_dir` in gen.toml, else public/).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Override `base_url`, e.g. https://me.github.io/blog/
    #[arg(long)]
    pub base_url: Option<String>,
    /// Print nothing on success (warnings and errors still go to stderr).
    #[arg(short, long)]
    pub quiet: bool,
    /// Print the time each stage took.
    #[arg(long)]
    pub timings: bool,
    /// Neither read nor write the build cache (`[cache]` in gen.toml, default .hoego-cache/).
    #[arg(long)]
    pub no_cache: bool,
    /// Seconds to wait while another build writes the same output, then fail with exit 2
    /// (default: wait until it is done; 0: fail at once).
    #[arg(long, value_name = "SECS", value_parser = seconds)]
    pub lock_timeout: Option<f64>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
}

fn seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..=1e9).contains(&v) => Ok(v),
        _ => Err(format!("`{s}` is not a number of seconds (such as 30 or 0.5)")),
    }
}

/// Said once when another build holds the output: a build that seems stuck is not.
fn tell_waiting(lock_file: &std::path::Path) {
    eprintln!("waiting for another gen build of this output to finish (it holds {})…", lock_file.display());
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Override `base_url`, to check links as they will be published.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Also request every link to another site and report its HTTP status.
    #[arg(long)]
    pub external: bool,
    /// With --external: requests at once.
    #[arg(long, default_value_t = 8)]
    pub concurrency: usize,
    /// With --external: seconds before a request gives up.
    #[arg(long, default_value_t = 10)]
    pub timeout: u64,
    /// With --external: retries after a timeout, 429 or 5xx.
    #[arg(long, default_value_t = 2)]
    pub retries: u32,
    /// With --external: milliseconds between two requests to one host.
    #[arg(long, default_value_t = 500)]
    pub host_delay: u64,
    /// Also report what was read from other generators (Jekyll, Hugo, Gatsby, Obsidian,
    /// Next.js): each key and construct, how often, and what needs attention.
    #[arg(long)]
    pub migrate: bool,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
}

/// Runs the parsed command line and returns the process exit status.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Serve(args) => crate::serve::run(args),
        Command::New(args) => crate::scaffold::run(args),
        Command::Years(args) => years(args),
        Command::Import(args) => crate::import::run(args),
    }
}

fn years(args: YearsArgs) -> ExitCode {
    let opts = BuildOptions {
        overrides: Overrides::default(),
        drafts: args.site.drafts,
        root: tidy_root(args.site.root),
        strict_links: false,
        ..BuildOptions::default()
    };
    let (config, site) = match pipeline::model(&opts) {
        Ok(m) => m,
        Err(d) => {
            report::human(&d, false);
            return ExitCode::from(2);
        }
    };
    let audit = crate::audit::audit(&config, &site);
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&audit) {
            Ok(json) => println!("{json}"),
            Err(e) => eprintln!("error: {e}"),
        },
        Format::Human => print!("{}", crate::audit::human(&audit)),
    }
    ExitCode::SUCCESS
}

fn build(args: BuildArgs) -> ExitCode {
    let opts = BuildOptions {
        // `--output` is relative to where gen runs, like any path given on a command line.
        overrides: Overrides { base_url: args.base_url, output_dir: args.output.map(absolute), origin: None },
        drafts: args.site.drafts,
        root: tidy_root(args.site.root),
        strict_links: false,
        lock: crate::output::LockWait {
            timeout: args.lock_timeout.map(std::time::Duration::from_secs_f64),
            on_wait: Some(tell_waiting),
        },
        cache_key: (!args.no_cache).then(|| crate::blockcache::FINGERPRINT.to_owned()),
    };
    let outcome = pipeline::build(&opts, Target::Disk);
    diagnostics(&outcome, args.format, true);
    match args.format {
        Format::Json => println!("{}", report::json("build", &outcome, None)),
        Format::Human if outcome.failure.is_none() && !args.quiet => print_summary(&outcome),
        Format::Human => {}
    }
    if args.timings {
        report::timings(&outcome.stats);
    }
    exit_code(&outcome)
}

fn check(args: CheckArgs) -> ExitCode {
    if args.external && !crate::net::AVAILABLE {
        eprintln!("error: --external: {}", crate::net::UNAVAILABLE);
        return ExitCode::from(2);
    }
    let opts = BuildOptions {
        overrides: Overrides { base_url: args.base_url, output_dir: None, origin: None },
        drafts: args.site.drafts,
        root: tidy_root(args.site.root),
        strict_links: true,
        ..BuildOptions::default()
    };
    let mut outcome = pipeline::build(&opts, Target::Memory);
    let migration = args.migrate.then(|| pipeline::model_with_findings(&opts).ok()).flatten();
    let migration = migration.map(|(_, site, found)| crate::migration::migration(&site, &found));
    let external = (args.external && outcome.failure.is_none()).then(|| {
        let o = crate::external::Options {
            concurrency: args.concurrency,
            timeout: std::time::Duration::from_secs(args.timeout),
            retries: args.retries,
            per_host_delay: std::time::Duration::from_millis(args.host_delay),
        };
        // Refused above when there is no client; an empty answer is the backstop.
        crate::external::check_all(&outcome.external, &o).unwrap_or_default()
    });
    for s in external.iter().flatten().filter(|s| !s.ok) {
        let why = s.status.map_or_else(|| s.error.clone().unwrap_or_default(), |c| format!("HTTP {c}"));
        for place in &s.places {
            let (path, line) =
                place.rsplit_once(':').and_then(|(p, l)| Some((p, l.parse().ok()?))).unwrap_or((place, 0));
            let d = crate::error::Diagnostic::error(
                path,
                line,
                usize::from(line > 0),
                format!("broken external link to `{}`: {why}", s.url),
            );
            outcome.diagnostics.push(d);
        }
    }
    diagnostics(&outcome, args.format, false);
    let failed = outcome.failure.is_some() || outcome.diagnostics.has_errors();
    match args.format {
        Format::Json => {
            let json = report::json("check", &outcome, external.as_deref());
            match &migration {
                Some(m) => println!("{}", with_migration(&json, m)),
                None => println!("{json}"),
            }
        }
        // Broken links fail the check, and are exactly when its counts matter.
        Format::Human if outcome.failure.is_none() || outcome.stats.pages_checked > 0 => {
            let s = &outcome.stats;
            let ext = external.as_ref().map_or(String::new(), |e| {
                format!(
                    ", {} external link{} ({} broken)",
                    e.len(),
                    plural(e.len()),
                    e.iter().filter(|x| !x.ok).count()
                )
            });
            println!(
                "Checked {} page{}, {} link{}: {} broken link{}{ext}",
                s.pages_checked,
                plural(s.pages_checked),
                s.links_checked,
                plural(s.links_checked),
                s.broken_links,
                plural(s.broken_links)
            );
            if let Some(m) = &migration {
                print!("\n{}", crate::migration::human(m));
            }
        }
        Format::Human => {}
    }
    match outcome.failure {
        Some(Failure::Config) => ExitCode::from(2),
        _ if failed => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}

/// `writes`: the command publishes (build), so a failure means nothing was written.
/// The check's JSON summary with a `migration` object added.
fn with_migration(json: &str, m: &crate::migration::Migration) -> String {
    let mut value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    if let (Some(obj), Ok(m)) = (value.as_object_mut(), serde_json::to_value(m)) {
        obj.insert("migration".into(), m);
    }
    serde_json::to_string_pretty(&value).unwrap_or_else(|_| json.to_owned())
}

fn diagnostics(outcome: &Outcome, format: Format, writes: bool) {
    report::human(&outcome.diagnostics, writes && outcome.failure.is_some());
    // Annotations go to stdout, where --format json must stay parseable: JSON consumers get
    // the same diagnostics in the summary instead.
    if format == Format::Human && std::env::var("GITHUB_ACTIONS").as_deref() == Ok("true") {
        report::github_annotations(&outcome.diagnostics);
    }
}

fn absolute(p: PathBuf) -> PathBuf {
    if p.is_absolute() { p } else { std::env::current_dir().map(|d| d.join(&p)).unwrap_or(p) }
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
