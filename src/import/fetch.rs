//! IMPORT (write side): `--fetch-images` downloads, with ureq, before anything is written.
//!
//! Every request has a short deadline (name lookup and connection 5 s, the whole request 10 s),
//! so a machine without a network gets a clear error in seconds, never a hang; once one request
//! fails for want of a connection the others are not tried. Bodies are capped at 64 MiB. Bytes
//! come back in memory; this module writes no file.

use std::time::Duration;

use super::Context;

const LIMIT: u64 = 64 * 1024 * 1024;

/// Each URL's bytes or why not, in the order given.
pub fn all(urls: &[String], _cx: &Context) -> Vec<Result<Vec<u8>, String>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_resolve(Some(Duration::from_secs(5)))
        .timeout_connect(Some(Duration::from_secs(5)))
        .timeout_global(Some(Duration::from_secs(10)))
        .max_redirects(5)
        .user_agent(concat!("hoego-import/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut out = Vec::with_capacity(urls.len());
    let mut offline: Option<String> = None;
    for url in urls {
        if let Some(why) = &offline {
            out.push(Err(format!("not tried: an earlier download failed ({why})")));
            continue;
        }
        let r = one(&agent, url);
        if let Err((e, true)) = &r {
            offline = Some(e.clone());
        }
        out.push(r.map_err(|(e, _)| e));
    }
    out
}

/// The bytes, or the error and whether it means no connection at all (so later URLs on any
/// host would fail alike).
fn one(agent: &ureq::Agent, url: &str) -> Result<Vec<u8>, (String, bool)> {
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err((format!("`{url}` is not an http(s) address"), false));
    }
    // Markdown may write an address with Hangul or spaces in it; HTTP wants it encoded.
    const SET: &percent_encoding::AsciiSet =
        &percent_encoding::CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>').add(b'`');
    let encoded = percent_encoding::utf8_percent_encode(url, SET).to_string();
    match agent.get(&encoded).call() {
        Ok(mut resp) => resp
            .body_mut()
            .with_config()
            .limit(LIMIT)
            .read_to_vec()
            .map_err(|e| (format!("reading the answer failed: {e}"), false)),
        Err(ureq::Error::StatusCode(code)) => Err((format!("HTTP {code}"), false)),
        Err(e) => {
            let offline = matches!(
                e,
                ureq::Error::Timeout(_)
                    | ureq::Error::HostNotFound
                    | ureq::Error::ConnectionFailed
                    | ureq::Error::Io(_)
            );
            let hint = if offline { " (is there a network connection?)" } else { "" };
            Err((format!("{e}{hint}"), offline))
        }
    }
}
