//! IMPORT (write side): `--fetch-images` downloads, through [`crate::net`], before anything is
//! written.
//!
//! Every request has a short deadline (name lookup and connection 5 s, the whole request 10 s),
//! so a machine without a network gets a clear error in seconds, never a hang; once one request
//! fails for want of a connection the others are not tried. Bodies are capped at 64 MiB. Bytes
//! come back in memory; this module writes no file.

use std::time::Duration;

use super::Context;
use crate::net::{Client, Deadlines, Failure};

const LIMIT: u64 = 64 * 1024 * 1024;

/// Each URL's bytes or why not, in the order given.
pub fn all(urls: &[String], _cx: &Context) -> Vec<Result<Vec<u8>, String>> {
    let deadlines = Deadlines { connect: Some(Duration::from_secs(5)), total: Duration::from_secs(10) };
    let client = match Client::new(concat!("hoego-import/", env!("CARGO_PKG_VERSION")), deadlines) {
        Ok(c) => c,
        // `gen import` refuses --fetch-images up front in such a build; this is the backstop.
        Err(why) => return urls.iter().map(|_| Err(why.to_owned())).collect(),
    };
    let mut out = Vec::with_capacity(urls.len());
    let mut offline: Option<String> = None;
    for url in urls {
        if let Some(why) = &offline {
            out.push(Err(format!("not tried: an earlier download failed ({why})")));
            continue;
        }
        let r = one(&client, url);
        if let Err((e, true)) = &r {
            offline = Some(e.clone());
        }
        out.push(r.map_err(|(e, _)| e));
    }
    out
}

/// The bytes, or the error and whether it means no connection at all (so later URLs on any
/// host would fail alike).
fn one(client: &Client, url: &str) -> Result<Vec<u8>, (String, bool)> {
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err((format!("`{url}` is not an http(s) address"), false));
    }
    // Markdown may write an address with Hangul or spaces in it; HTTP wants it encoded.
    const SET: &percent_encoding::AsciiSet =
        &percent_encoding::CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>').add(b'`');
    let encoded = percent_encoding::utf8_percent_encode(url, SET).to_string();
    client.get_bytes(&encoded, LIMIT).map_err(|e| {
        let offline = matches!(e, Failure::Offline(_));
        (e.to_string(), offline)
    })
}
