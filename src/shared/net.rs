//! NETWORK (beside the pipeline, never called by a build): the one module that opens
//! connections, for `gen check --external` and `gen import --fetch-images`. It knows nothing of
//! links or imports — only how to ask a URL for its status or its bytes, with deadlines.
//!
//! The HTTP client (ureq with rustls) is the largest part of hoego's dependency tree and most
//! builds never use it, so it sits behind the `network` cargo feature, on by default. Built
//! without it, [`Client::new`] says so and [`Client`] has no values, so no request can be
//! written that would silently do nothing.

use std::time::Duration;

/// Whether this `gen` was built with the `network` feature.
pub const AVAILABLE: bool = cfg!(feature = "network");

/// Why a command that needs the network cannot run in a `gen` built without it.
pub const UNAVAILABLE: &str = "this gen was built without the `network` cargo feature, which this \
    needs; install it with default features (`cargo install --path .` or a release binary)";

/// How long a request may take.
#[derive(Debug, Clone, Copy)]
pub struct Deadlines {
    /// Name lookup and connection each; `None` leaves only `total`.
    pub connect: Option<Duration>,
    /// The whole request, redirects included.
    pub total: Duration,
}

/// Why a request got no usable answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The server answered with this status (≥ 400) where bytes were wanted.
    Status(u16),
    /// No connection at all (name lookup, refused, timeout, I/O): other URLs would fail alike.
    Offline(String),
    /// Anything else (a bad address, a body over the limit, a protocol error).
    Other(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Status(code) => write!(f, "HTTP {code}"),
            Failure::Offline(e) => write!(f, "{e} (is there a network connection?)"),
            Failure::Other(e) => f.write_str(e),
        }
    }
}

#[cfg(feature = "network")]
pub use client::Client;

#[cfg(not(feature = "network"))]
pub use absent::Client;

#[cfg(feature = "network")]
mod client {
    use super::{Deadlines, Failure};

    /// An HTTP client: redirects followed (at most 5), statuses returned rather than raised.
    pub struct Client {
        agent: ureq::Agent,
    }

    impl Client {
        pub fn new(user_agent: &str, d: Deadlines) -> Result<Client, &'static str> {
            let agent = ureq::Agent::config_builder()
                .timeout_resolve(d.connect)
                .timeout_connect(d.connect)
                .timeout_global(Some(d.total))
                .http_status_as_error(false)
                .max_redirects(5)
                .user_agent(user_agent)
                .build()
                .into();
            Ok(Client { agent })
        }

        /// The status a HEAD request gets.
        pub fn head(&self, url: &str) -> Result<u16, Failure> {
            self.agent.head(url).call().map(|r| r.status().as_u16()).map_err(failure)
        }

        /// The status a GET request gets (the body is not read).
        pub fn get_status(&self, url: &str) -> Result<u16, Failure> {
            self.agent.get(url).call().map(|r| r.status().as_u16()).map_err(failure)
        }

        /// The body of a successful GET, at most `limit` bytes.
        pub fn get_bytes(&self, url: &str, limit: u64) -> Result<Vec<u8>, Failure> {
            let mut resp = self.agent.get(url).call().map_err(failure)?;
            let status = resp.status().as_u16();
            if status >= 400 {
                return Err(Failure::Status(status));
            }
            resp.body_mut()
                .with_config()
                .limit(limit)
                .read_to_vec()
                .map_err(|e| Failure::Other(format!("reading the answer failed: {e}")))
        }
    }

    fn failure(e: ureq::Error) -> Failure {
        match e {
            ureq::Error::StatusCode(code) => Failure::Status(code),
            ureq::Error::Timeout(_)
            | ureq::Error::HostNotFound
            | ureq::Error::ConnectionFailed
            | ureq::Error::Io(_) => Failure::Offline(e.to_string()),
            e => Failure::Other(e.to_string()),
        }
    }
}

#[cfg(not(feature = "network"))]
mod absent {
    use super::{Deadlines, Failure, UNAVAILABLE};

    /// No client can be made in a build without the `network` feature: this type has no values.
    pub enum Client {}

    impl Client {
        pub fn new(_user_agent: &str, _d: Deadlines) -> Result<Client, &'static str> {
            Err(UNAVAILABLE)
        }

        pub fn head(&self, _url: &str) -> Result<u16, Failure> {
            match *self {}
        }

        pub fn get_status(&self, _url: &str) -> Result<u16, Failure> {
            match *self {}
        }

        pub fn get_bytes(&self, _url: &str, _limit: u64) -> Result<Vec<u8>, Failure> {
            match *self {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> Result<Client, &'static str> {
        Client::new("hoego-test", Deadlines { connect: None, total: Duration::from_secs(1) })
    }

    /// Both ways of building are tested: `.ci/run` also runs these without default features.
    #[test]
    fn a_client_exists_exactly_when_the_feature_is_on() {
        assert_eq!(client().is_ok(), AVAILABLE);
        if !AVAILABLE {
            assert!(client().err().is_some_and(|e| e.contains("`network` cargo feature")));
        }
    }

    #[cfg(feature = "network")]
    #[test]
    fn a_refused_connection_is_offline_not_a_status() {
        // A port just closed: nothing listens there, so the connection is refused at once.
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port());
        let c = client().expect("network build");
        let got = c.get_bytes(&format!("http://127.0.0.1:{}/", port.expect("a free port")), 10);
        assert!(matches!(got, Err(Failure::Offline(_))), "{got:?}");
    }
}
