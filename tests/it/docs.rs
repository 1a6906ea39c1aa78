//! The commands the README and the guide show are commands gen runs: every `gen …` line of
//! their shell blocks parses with the real argument parser, and the README's tour runs as
//! written, line by line, in a temporary folder.

use crate::support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use support::repo_root;

/// The shell blocks (```sh, ```bash, ```console) of `file`: (first line number, lines).
fn shell_blocks(file: &Path) -> Vec<(usize, Vec<String>)> {
    let text = std::fs::read_to_string(file).unwrap();
    let mut out = Vec::new();
    let mut open: Option<(usize, Vec<String>)> = None;
    for (i, line) in text.lines().enumerate() {
        let fence = line.trim_start();
        match &mut open {
            None if ["```sh", "```bash", "```console", "```shell"].contains(&fence.trim_end()) => {
                open = Some((i + 2, Vec::new()));
            }
            Some(_) if fence.starts_with("```") => out.extend(open.take()),
            Some((_, lines)) => lines.push(line.to_owned()),
            None => {}
        }
    }
    out
}

/// A command line without its prompt and trailing `# comment` (a `#` after a space, outside
/// quotes).
fn command(line: &str) -> String {
    let line = line.trim().trim_start_matches("$ ");
    let (mut quote, mut prev) = (None, ' ');
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '#') if prev.is_whitespace() => return line[..i].trim().to_owned(),
            _ => {}
        }
        prev = c;
    }
    line.to_owned()
}

fn docs() -> Vec<PathBuf> {
    let mut files = vec![repo_root().join("README.md")];
    for e in walkdir::WalkDir::new(repo_root().join("docs")).sort_by_file_name() {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "md") {
            files.push(e.into_path());
        }
    }
    files
}

#[test]
fn every_gen_command_in_the_readme_and_the_guide_parses() {
    let mut seen = 0;
    for file in docs() {
        for (first, lines) in shell_blocks(&file) {
            for (k, line) in lines.iter().enumerate() {
                let cmd = command(line);
                let Some(args) = cmd.strip_prefix("gen ") else { continue };
                let args = shell_words::split(args).unwrap_or_else(|e| panic!("{}:{}: {e}", file.display(), first + k));
                let parsed =
                    <hoego::cli::Cli as clap::Parser>::try_parse_from(std::iter::once("gen".to_owned()).chain(args));
                if let Err(e) = parsed {
                    // --help and --version "fail" by printing; they are fine.
                    use clap::error::ErrorKind::{DisplayHelp, DisplayVersion};
                    assert!(
                        matches!(e.kind(), DisplayHelp | DisplayVersion),
                        "{}:{}: `{cmd}` is not a command gen accepts:\n{e}",
                        file.display(),
                        first + k
                    );
                }
                seen += 1;
            }
        }
    }
    assert!(seen >= 30, "only {seen} commands found: is the extraction broken?");
}

/// The README's tour, run as a newcomer types it (after `cargo install`, which the test's own
/// build stands in for): each command succeeds where the previous `cd` left it, and `gen
/// serve` starts and says where it serves.
#[test]
fn the_readme_tour_runs_as_written() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let tour = &readme[readme.find("## A short tour").unwrap()..];
    let (_, lines) = shell_blocks(&repo_root().join("README.md"))
        .into_iter()
        .find(|(_, l)| tour.contains(&l.join("\n")))
        .expect("the tour's shell block");
    let home = tempfile::tempdir().unwrap();
    let mut here = home.path().to_path_buf();
    let mut ran = Vec::new();
    for line in &lines {
        let cmd = command(line);
        if cmd.starts_with("cargo install") {
            continue;
        }
        if let Some(dir) = cmd.strip_prefix("cd ") {
            here = here.join(dir);
            continue;
        }
        let args = shell_words::split(cmd.strip_prefix("gen ").expect("a gen command")).unwrap();
        let mut run = Command::new(env!("CARGO_BIN_EXE_gen"));
        run.args(&args).current_dir(&here);
        if args[0] == "serve" {
            serves(run);
        } else {
            let out = run.output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "`{cmd}` in {}: {stderr}", here.display());
            assert!(stderr.is_empty(), "`{cmd}` warns: {stderr}");
        }
        ran.push(args[0].clone() + " " + args.get(1).map_or("", String::as_str));
    }
    assert!(ran.len() >= 7, "{ran:?}");
    assert!(here.join("public/index.html").is_file(), "the tour ends with a built site");
}

/// Starts `gen serve` on a free port, waits for its "Serving … at URL" line, and stops it.
fn serves(mut run: Command) {
    let mut child = run.args(["-p", "0", "--no-watch"]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(first.starts_with("Serving") && first.contains("http://127.0.0.1:"), "gen serve said: {first}");
}
