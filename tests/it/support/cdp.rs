//! A headless Chromium driven over the DevTools protocol (a websocket, tungstenite), for tests
//! that watch a page change while it is open: live reload, the error overlay, scroll position.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

pub struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    /// Starts Chromium on `url` and connects to that page.
    pub fn open(chrome: &Path, url: &str) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(chrome)
            .args(super::browser::headless_args(profile.path()))
            .args(["--remote-debugging-port=0", "--window-size=1000,700"])
            .arg(url)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("chromium starts");
        let stderr = child.stderr.take().unwrap();
        let mut lines = BufReader::new(stderr).lines();
        let devtools = lines
            .by_ref()
            .map_while(Result::ok)
            .find_map(|l| l.split("DevTools listening on ").nth(1).map(str::to_owned))
            .expect("chromium prints its DevTools address");
        // Keep draining stderr so chromium never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        let port = devtools.split(':').nth(2).and_then(|p| p.split('/').next()).expect("a port").to_owned();
        let ws_url = page_target(&port);
        let (ws, _) = tungstenite::connect(ws_url.as_str()).expect("connect to the page");
        Browser { child, _profile: profile, ws, next_id: 0 }
    }

    /// Evaluates `expr` in the page and returns its value (null while the page navigates).
    pub fn eval(&mut self, expr: &str) -> serde_json::Value {
        let params = serde_json::json!({"expression": expr, "returnByValue": true});
        self.call("Runtime.evaluate", params)["result"]["value"].clone()
    }

    /// Sends one DevTools command and returns its `result` (null if the page went away).
    pub fn call(&mut self, method: &str, params: serde_json::Value) -> serde_json::Value {
        self.next_id += 1;
        let id = self.next_id;
        let msg = serde_json::json!({"id": id, "method": method, "params": params});
        if self.ws.send(Message::text(msg.to_string())).is_err() {
            return serde_json::Value::Null;
        }
        loop {
            let Ok(Message::Text(t)) = self.ws.read() else { return serde_json::Value::Null };
            let v: serde_json::Value = serde_json::from_str(t.as_str()).unwrap_or_default();
            if v["id"] == id {
                return v["result"].clone();
            }
        }
    }

    /// Shows the page as a phone or a desktop of `width` CSS pixels, light or dark.
    pub fn emulate(&mut self, width: u32, dark: bool) {
        let metrics = serde_json::json!({"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600});
        self.call("Emulation.setDeviceMetricsOverride", metrics);
        let scheme = if dark { "dark" } else { "light" };
        let media = serde_json::json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]});
        self.call("Emulation.setEmulatedMedia", media);
    }

    /// Loads `url` and waits until it has loaded (fonts and images included).
    pub fn goto(&mut self, url: &str) {
        self.call("Page.navigate", serde_json::json!({"url": url}));
        let start = std::time::Instant::now();
        while start.elapsed() < std::time::Duration::from_secs(20) {
            let ready = self.eval("document.readyState === 'complete' && location.href") == serde_json::json!(url);
            if ready && self.eval("document.fonts.status") == "loaded" {
                return;
            }
            std::thread::yield_now();
        }
        panic!("{url} did not load");
    }
}

/// The websocket URL of the first page target.
fn page_target(port: &str) -> String {
    let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
    for _ in 0..200 {
        if let Ok(mut resp) = agent.get(&format!("http://127.0.0.1:{port}/json/list")).call() {
            let list: serde_json::Value =
                serde_json::from_str(&resp.body_mut().read_to_string().unwrap_or_default()).unwrap_or_default();
            if let Some(url) = list
                .as_array()
                .into_iter()
                .flatten()
                .find(|t| t["type"] == "page")
                .and_then(|t| t["webSocketDebuggerUrl"].as_str())
            {
                return url.to_owned();
            }
        }
        std::thread::park_timeout(std::time::Duration::from_millis(50));
    }
    panic!("no page target in chromium");
}
