//! The CI recipes in docs/recipes/ are valid YAML, and every `gen` command they run is one
//! gen accepts (checked with the real binary's argument parser).

use crate::support;

use support::repo_root;

fn recipes() -> Vec<(String, String)> {
    let dir = repo_root().join("docs/recipes");
    let mut v: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    v.sort();
    v
}

#[test]
fn recipes_are_valid_yaml_with_the_expected_shape() {
    let all = recipes();
    assert_eq!(all.len(), 3);
    for (name, text) in &all {
        assert!(!text.contains("HOEGO_REV: main"), "{name}: pin a tag or commit, not a branch");
        let v: serde_json::Value = serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        match name.as_str() {
            "github-pages.yml" => {
                assert!(v["jobs"]["build"]["steps"].as_array().unwrap().len() >= 5);
                assert_eq!(v["jobs"]["deploy"]["needs"], "build");
                assert_eq!(v["concurrency"]["cancel-in-progress"], false, "a PR must not cancel a deploy");
                assert!(text.contains("steps.pages.outputs.base_url"), "the base URL comes from configure-pages");
            }
            "gitlab-ci.yml" => assert_eq!(v["pages"]["artifacts"]["paths"][0], "public"),
            "object-store.yml" => assert!(v["jobs"]["publish"]["steps"].is_array()),
            other => panic!("unexpected recipe {other}"),
        }
    }
}

/// Every `gen …` command line in the recipes, as arguments.
fn gen_commands(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim().trim_start_matches("- ").trim_start_matches("run: ");
        // A command starts the line, as `gen …` or `path/to/gen …`.
        let Some(i) = line.find("gen ").filter(|&i| i == 0 || (line[..i].ends_with('/') && !line[..i].contains(' ')))
        else {
            continue;
        };
        if line.contains("cargo install") {
            continue;
        }
        let cmd = &line[i + 4..];
        let cmd = cmd.split(['>', '|']).next().unwrap_or("");
        out.push(shell_words::split(cmd).unwrap_or_else(|e| panic!("{cmd}: {e}")));
    }
    out
}

#[test]
fn every_gen_command_in_the_recipes_parses() {
    let mut seen = 0;
    for (name, text) in recipes() {
        for args in gen_commands(&text) {
            // Values with shell or CI variables are stood in for by a real URL.
            let args: Vec<String> =
                args.into_iter().map(|a| if a.contains('$') { "https://example.com/".into() } else { a }).collect();
            let parsed = <hoego::cli::Cli as clap::Parser>::try_parse_from(
                std::iter::once("gen".to_owned()).chain(args.clone()),
            );
            assert!(parsed.is_ok(), "{name}: `gen {}` is not a valid command: {:?}", args.join(" "), parsed.err());
            seen += 1;
        }
    }
    assert!(seen >= 5, "{seen}");
}

/// The recipes download `gen-<target>.tar.gz` from a release, and fall back to building gen:
/// the release workflow must build exactly that archive, for Linux, macOS and Windows.
#[test]
fn the_release_workflow_builds_what_the_recipes_download() {
    let text = std::fs::read_to_string(repo_root().join(".github/workflows/release.yml")).unwrap();
    let v: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    assert_eq!(v["on"]["push"]["tags"][0], "v*");
    let targets: Vec<&str> = v["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["target"].as_str().unwrap())
        .collect();
    for os in ["linux", "apple-darwin", "windows"] {
        assert!(targets.iter().any(|t| t.contains(os)), "{os} in {targets:?}");
    }
    assert!(
        text.contains("tar -czf \"$name.tar.gz\" -C \"$dir\" gen") && text.contains("name=gen-${{ matrix.target }}")
    );
    for (name, recipe) in recipes() {
        assert!(recipe.contains("releases/download/$HOEGO_REV/gen-x86_64-unknown-linux-gnu.tar.gz"), "{name}");
        assert!(targets.contains(&"x86_64-unknown-linux-gnu"));
        assert!(recipe.contains("cargo install --locked"), "{name}: a fallback when there is no release");
    }
}

/// What `cargo install` builds is small: no debug info, stripped (line tables made it 75 MB);
/// the `profiling` profile keeps them for scripts/profile.sh.
#[test]
fn the_release_profile_installs_a_small_binary() {
    let manifest: toml::Table = std::fs::read_to_string(repo_root().join("Cargo.toml")).unwrap().parse().unwrap();
    let release = &manifest["profile"]["release"];
    assert_eq!(release.get("debug").and_then(toml::Value::as_bool), Some(false));
    assert_eq!(release.get("strip").and_then(toml::Value::as_bool), Some(true));
    assert_eq!(manifest["profile"]["profiling"]["inherits"].as_str(), Some("release"));
}
