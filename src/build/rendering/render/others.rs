//! RENDER: the files of the output that are not rendered from templates one job at a time:
//! redirect pages at aliases, and the theme's, the site's and the content's files to copy.
//! Must not read the files it names.

use super::{Body, OutFile};
use crate::config::Config;
use crate::error::Diagnostics;
use crate::feeds;
use crate::site::Site;
use crate::theme::{FileData, Theme};
use crate::urls::output_file;
use crate::view::Urls;

/// A redirect page at every alias.
pub(super) fn redirects(config: &Config, site: &Site, diags: &mut Diagnostics) -> Vec<OutFile> {
    let (aliases, warnings) = feeds::aliases(site);
    diags.extend(warnings);
    let u = Urls::new(config);
    aliases
        .into_iter()
        .map(|a| OutFile {
            path: output_file(&a.from),
            body: Body::Bytes(feeds::redirect_html(&u, a.to).into_bytes().into()),
            origin: format!("alias `{}` of {}", a.from, a.to.source.path.display()),
            source: Some(a.to.source.path.clone()),
        })
        .collect()
}

/// Theme static files, the site's `static/`, and content assets; a site file overrides the
/// theme's file of the same path.
pub(super) fn copies(config: &Config, site: &Site, theme: &Theme) -> Vec<OutFile> {
    let mut out = Vec::new();
    let site_static: std::collections::HashSet<&str> = site_static_paths(site);
    for (rel, data) in &theme.statics {
        if !site_static.contains(rel.as_str()) {
            out.push(OutFile {
                path: rel.clone(),
                body: Body::Copy(data.clone()),
                origin: format!("theme `{}` static/{rel}", config.theme),
                source: None,
            });
        }
    }
    // The theme's vendored scripts go out only when a page loads them.
    let mermaid = site.posts.iter().chain(&site.pages).any(crate::view::uses_mermaid);
    for (rel, data) in theme.vendor.iter().filter(|(rel, _)| mermaid && rel.starts_with("mermaid")) {
        if !site_static.contains(rel.as_str()) {
            out.push(OutFile {
                path: rel.clone(),
                body: Body::Copy(data.clone()),
                origin: format!("theme `{}` vendor/{rel}", config.theme),
                source: None,
            });
        }
    }
    for s in &site.statics {
        out.push(OutFile {
            path: s.rel.clone(),
            body: Body::Copy(FileData::Disk(s.path.clone())),
            origin: s.path.display().to_string(),
            source: Some(s.path.clone()),
        });
    }
    for a in &site.assets {
        out.push(OutFile {
            path: output_file(&a.url),
            body: Body::Copy(FileData::Disk(a.source.path.clone())),
            origin: a.source.path.display().to_string(),
            source: Some(a.source.path.clone()),
        });
    }
    out
}

fn site_static_paths(site: &Site) -> std::collections::HashSet<&str> {
    site.statics.iter().map(|s| s.rel.as_str()).collect()
}
