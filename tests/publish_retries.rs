//! A platform that answers 503 to every release: `ozg publish` tries
//! again as often as `--retries` says, every attempt under the same
//! idempotency key, honours `Retry-After`, and then gives up with exit
//! code 2 and a message that says what happened.
//!
//! The platform here is a small stand-in on a loopback socket, since the
//! real one cannot be made to answer 503 on purpose.

mod platform_support;
mod publish_support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use publish_support::Repo;

/// An empty platform's state, as `GET /api/v1/state` answers it.
const EMPTY_STATE: &str =
    r#"{"release":null,"today":"2026-03-02","etag":"\"0.2026-03-02\"","services":[]}"#;

/// One request as the stand-in saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    idempotency_key: Option<String>,
}

/// Serves requests until the test ends: the state to reads, 503 with
/// `Retry-After: 0` to everything else.
fn stand_in(listener: &TcpListener, seen: &Mutex<Vec<Seen>>) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if let Some(request) = answer(stream) {
            seen.lock().unwrap().push(request);
        }
    }
}

fn answer(mut stream: TcpStream) -> Option<Seen> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut length = 0;
    let mut idempotency_key = None;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse().ok()?,
            "idempotency-key" => idempotency_key = Some(value.trim().to_owned()),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let reply = if method == "GET" && path == "/api/v1/state" {
        format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\netag: \"0.2026-03-02\"\r\n\
             content-length: {}\r\nconnection: close\r\n\r\n{EMPTY_STATE}",
            EMPTY_STATE.len()
        )
    } else {
        "HTTP/1.1 503 Service Unavailable\r\nretry-after: 0\r\ncontent-length: 0\r\n\
         connection: close\r\n\r\n"
            .to_owned()
    };
    stream.write_all(reply.as_bytes()).ok()?;
    Some(Seen {
        method,
        path,
        idempotency_key,
    })
}

#[test]
fn an_unavailable_platform_is_tried_again_under_one_idempotency_key() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    {
        let seen = Arc::clone(&seen);
        std::thread::spawn(move || stand_in(&listener, &seen));
    }
    let repo = Repo::samples();

    let run = repo.ozg(
        Some("ozg_secret_of_the_test"),
        &["publish", "--url", &url, "--yes", "--retries", "3"],
    );

    assert_eq!(run.code, 2, "{}", run.all());
    assert_eq!(
        run.stderr.matches("trying again").count(),
        3,
        "{}",
        run.stderr
    );
    assert!(!run.all().contains("ozg_secret_of_the_test"));
    let releases: Vec<Seen> = seen
        .lock()
        .unwrap()
        .iter()
        .filter(|s| s.method == "POST" && s.path == "/api/v1/releases")
        .cloned()
        .collect();
    assert_eq!(releases.len(), 4, "{releases:?}");
    let key = releases[0].idempotency_key.clone().expect("a key is sent");
    assert!(
        releases
            .iter()
            .all(|s| s.idempotency_key.as_ref() == Some(&key)),
        "{releases:?}"
    );
}
