//! Running the real `ozg serve` for tests: a free loopback port, a
//! temporary data folder, tokens made with the command line, and plain
//! HTTP requests.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use ozg::platform::api::{BundleFile, ReleaseRequest};
use reqwest::blocking::{Client, Response};
use reqwest::header::HeaderMap;
use serde_json::Value;
use tempfile::TempDir;

pub const BIN: &str = env!("CARGO_BIN_EXE_ozg");

/// The instant the test clock starts at unless a test says otherwise:
/// noon on 2 March 2026 in Berlin.
pub const START: &str = "2026-03-02T11:00:00Z";

/// A running server with its own data folder.
pub struct Server {
    pub dir: TempDir,
    pub base: String,
    pub child: Child,
    pub stderr: PathBuf,
    pub client: Client,
}

impl Server {
    /// A server with a test clock at [`START`].
    pub fn start() -> Server {
        Server::start_with(&["--test-clock", "--now", START])
    }

    pub fn start_with(args: &[&str]) -> Server {
        let dir = tempfile::tempdir().expect("a temporary folder can be created");
        Server::start_in(dir, args)
    }

    /// Starts a server on an existing data folder.
    pub fn start_in(dir: TempDir, args: &[&str]) -> Server {
        // HTTPS support needs its cryptography chosen before a client is built.
        ozg::publish::client::install_crypto();
        let client = Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .expect("an HTTP client can be built");
        // A port found free may be taken before the server binds it; then
        // the server exits at once and another port is tried.
        for attempt in 0..10 {
            let stderr = dir.path().join(format!("server-{attempt}.log"));
            if let Some((child, base)) = spawn(&dir.path().join("data"), args, &stderr, &client) {
                return Server {
                    dir,
                    base,
                    child,
                    stderr,
                    client,
                };
            }
        }
        panic!("ozg serve did not start on any of 10 ports");
    }

    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Makes a token with the command line and returns its secret.
    pub fn token(&self, name: &str, scopes: &[&str]) -> String {
        token_in(&self.data(), name, scopes)
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    pub fn request(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: Option<Vec<u8>>,
    ) -> Reply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self.client.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body);
        }
        Reply::from(request.send().expect("the server answers"))
    }

    pub fn get(&self, path: &str, token: &str) -> Reply {
        self.request("GET", path, Some(token), &[], None)
    }

    pub fn post(&self, path: &str, token: &str, body: &Value) -> Reply {
        self.request(
            "POST",
            path,
            Some(token),
            &[],
            Some(body.to_string().into_bytes()),
        )
    }

    /// The current state's `ETag`.
    pub fn etag(&self, token: &str) -> String {
        let reply = self.get("/api/v1/state", token);
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.header("etag").expect("the state has an ETag")
    }

    /// Publishes against the current state.
    pub fn publish(&self, token: &str, bundle: &ReleaseRequest) -> Reply {
        let etag = self.etag(token);
        self.publish_with(token, bundle, &[("if-match", &etag)])
    }

    pub fn publish_with(
        &self,
        token: &str,
        bundle: &ReleaseRequest,
        headers: &[(&str, &str)],
    ) -> Reply {
        let body = serde_json::to_vec(bundle).expect("bundle serialises");
        self.request("POST", "/api/v1/releases", Some(token), headers, Some(body))
    }

    pub fn set_clock(&self, admin: &str, at: &str) {
        let reply = self.request(
            "PUT",
            "/api/v1/clock",
            Some(admin),
            &[],
            Some(serde_json::json!({ "now": at }).to_string().into_bytes()),
        );
        assert_eq!(reply.status, 200, "{}", reply.text);
    }

    /// Stops the server with SIGTERM and returns its exit status.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        self.child.wait().expect("the server exits")
    }
}

/// Starts `ozg serve` on a free port with its log in `stderr` and waits
/// until it answers; `None` when it exited first (the port was taken).
pub fn spawn(
    data: &Path,
    args: &[&str],
    stderr: &Path,
    client: &Client,
) -> Option<(Child, String)> {
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut child = Command::new(BIN)
        .arg("serve")
        .arg("--data")
        .arg(data)
        .arg("--listen")
        .arg(format!("127.0.0.1:{port}"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(stderr).expect("log file"))
        .spawn()
        .expect("ozg serve starts");
    if wait_ready(client, &base, &mut child) {
        Some((child, base))
    } else {
        let _ = child.kill();
        let _ = child.wait();
        None
    }
}

/// A server process that is killed when dropped, also when a test
/// panics half-way.
pub struct Running(pub Child);

impl Running {
    pub fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }

    pub fn id(&self) -> u32 {
        self.0.id()
    }

    pub fn wait(&mut self) -> std::process::ExitStatus {
        self.0.wait().expect("the server exits")
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Waits until the server answers its health check; `false` when it
/// exited or did not answer in time.
pub fn wait_ready(client: &Client, base: &str, child: &mut Child) -> bool {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return false;
        }
        if let Ok(r) = client.get(format!("{base}/api/v1/health")).send()
            && r.status() == 200
        {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn token_in(data: &Path, name: &str, scopes: &[&str]) -> String {
    let mut command = Command::new(BIN);
    command
        .args(["serve", "token", "add", name, "--data"])
        .arg(data);
    for s in scopes {
        command.args(["--scope", s]);
    }
    let output = command.output().expect("ozg serve token add runs");
    assert!(
        output.status.success(),
        "token add failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .trim()
        .to_owned()
}

/// A loopback port that was free a moment ago.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port can be bound");
    listener.local_addr().expect("bound address").port()
}

/// An answer, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
}

impl From<Response> for Reply {
    fn from(response: Response) -> Reply {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().unwrap_or_default();
        Reply {
            status,
            headers,
            text,
        }
    }
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }

    pub fn code(&self) -> String {
        self.json()["code"].as_str().unwrap_or_default().to_owned()
    }
}

pub const CONFIG: &str = "[project]\nname = \"Test\"\nformat = 1\nstate = \"BW\"\n";

/// A residents' parking permit whose annual fee is `short` euros, or
/// `long` for vehicles over 4.70 m, valid from `valid_from`.
pub fn permit(id: &str, valid_from: &str, short: &str, long: &str) -> String {
    service_text(id, valid_from, short, long, Some("P1Y"))
}

pub fn service_text(
    id: &str,
    valid_from: &str,
    short: &str,
    long: &str,
    retention: Option<&str>,
) -> String {
    let retention = retention.map_or(String::new(), |r| format!("retention = \"{r}\"\n"));
    format!(
        r#"[service]
id = "{id}"
title = "Bewohnerparkausweis {id}"
authority = "Stadt Musterstadt"
state = "BW"
valid_from = {valid_from}
legal_basis = ["§ 45 Abs. 1b Nr. 2a StVO"]
{retention}
[[field]]
id = "holder"
label = "Name der antragstellenden Person"
type = "text"
required = true
max_length = 100

[[field]]
id = "vehicle_length"
label = "Länge des Fahrzeugs (m)"
type = "decimal"
required = true
min = 2.0
max = 8.0

[[fee]]
id = "annual_fee"
label = "Jahresgebühr"
amount = "if vehicle_length > 4.70 then {long} else {short}"
legal_basis = "Gebührensatzung § 2"

[[role]]
id = "clerk"
title = "Sachbearbeitung"

[process]
start = "review"

[[step]]
id = "review"
kind = "task"
role = "clerk"
decisions = ["approve", "reject", "request_documents"]
deadline = {{ within = "P14D", from = "submitted", days = "working", on_expiry = "escalate", escalate_to = "clerk", legal_basis = "Dienstanweisung Nr. 3" }}
next = [
  {{ to = "granted", when = 'decision = "approve"' }},
  {{ to = "refused", when = 'decision = "reject"' }},
  {{ to = "await_documents", when = 'decision = "request_documents"' }},
]

[[step]]
id = "await_documents"
kind = "wait"
events = ["documents_received"]
deadline = {{ within = "P4W", from = "entered", on_expiry = "transition", to = "refused", legal_basis = "§ 24 VwVfG" }}
next = [{{ to = "review" }}]

[[step]]
id = "granted"
kind = "end"
outcome = "approved"

[[step]]
id = "refused"
kind = "end"
outcome = "rejected"
"#
    )
}

/// Files of a model repository by path.
pub type Files = BTreeMap<String, String>;

/// A repository with `ozg.toml` and the given services (id, text).
pub fn repo(services: &[(&str, String)]) -> Files {
    let mut files = Files::new();
    files.insert("ozg.toml".to_owned(), CONFIG.to_owned());
    for (id, text) in services {
        files.insert(format!("services/{id}/service.toml"), text.clone());
    }
    files
}

/// A bundle with the content of every file.
pub fn bundle(files: &Files) -> ReleaseRequest {
    ReleaseRequest {
        commit: Some("0123456789abcdef0123456789abcdef01234567".to_owned()),
        author: Some("Erika Mustermann".to_owned()),
        message: Some("Gebühren 2026".to_owned()),
        files: files
            .iter()
            .map(|(path, content)| BundleFile::new(path.clone(), content.clone()))
            .collect(),
        remove_services: Vec::new(),
        dry_run: false,
    }
}

/// A bundle that sends content only for the paths in `with_content`.
pub fn bundle_without_content(files: &Files, with_content: &[&str]) -> ReleaseRequest {
    let mut request = bundle(files);
    request.files = request
        .files
        .into_iter()
        .map(|f| {
            if with_content.contains(&f.path.as_str()) {
                f
            } else {
                f.without_content()
            }
        })
        .collect();
    request
}

/// Publishes and asserts success; returns the answer's JSON.
pub fn published(server: &Server, token: &str, files: &Files) -> Value {
    let reply = server.publish(token, &bundle(files));
    assert_eq!(reply.status, 201, "{}", reply.text);
    reply.json()
}

/// The number of releases in the history.
pub fn release_count(server: &Server, token: &str) -> usize {
    let reply = server.get("/api/v1/releases?limit=500", token);
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.json()["releases"].as_array().map_or(0, Vec::len)
}
