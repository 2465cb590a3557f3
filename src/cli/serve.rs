//! `ozg serve`: run the reference platform, and manage its access tokens.
//!
//! Exit codes: 0 when the server stopped on SIGTERM or Ctrl-C after
//! finishing its requests, or a token command succeeded; 2 when it could
//! not start (data folder, address in use) or a token command failed.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Subcommand, ValueEnum};
use jiff::Timestamp;

use ozg::platform::api::DEFAULT_LISTEN;
use ozg::platform::auth::{self, Scope};
use ozg::platform::clock::ClockMode;
use ozg::platform::store::Store;
use ozg::platform::{DEFAULT_MAX_BODY, ServeConfig, serve};

use super::{EXIT_ERROR, Global};

/// Run the reference platform: receive releases, activate service versions
/// on their dates, accept applications and run their cases.
///
/// Everything is stored in one database file in the data folder. Clients
/// need a token: make one with `ozg serve token add NAME --scope SCOPE
/// --data DIR`. With -v, one line per request is logged on stderr.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<TokenCommand>,

    /// Folder for the platform's database (created if missing).
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,

    /// Address and port to listen on.
    #[arg(long, value_name = "ADDR", default_value = DEFAULT_LISTEN)]
    listen: SocketAddr,

    /// Fix the platform's clock at this instant (RFC 3339, e.g.
    /// 2026-02-07T09:00:00+01:00); for demonstrations and tests.
    #[arg(long, value_name = "TIMESTAMP", value_parser = parse_timestamp)]
    now: Option<Timestamp>,

    /// Let an admin token set the clock with PUT /api/v1/clock (starts at
    /// --now or the system time). Never use this in production.
    #[arg(long)]
    test_clock: bool,

    /// Largest request body accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BODY)]
    max_body: usize,

    /// Seconds a request may take before it is answered with 408.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    request_timeout: u64,

    /// Seconds between two checks for closed cases whose retention
    /// period has passed.
    #[arg(long, value_name = "SECONDS", default_value_t = 3600)]
    retention_every: u64,
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Manage the platform's access tokens.
    #[command(subcommand)]
    Token(Token),
}

#[derive(Debug, Subcommand)]
enum Token {
    /// Make a token and print its secret (shown only this once).
    Add {
        /// Name of the token, shown in the history and audit log.
        name: String,
        /// What the token may do; repeat for several.
        #[arg(long = "scope", value_name = "SCOPE", required = true, value_enum)]
        scopes: Vec<ScopeArg>,
        /// The platform's data folder.
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
    },
    /// Revoke a token: it stops working at once.
    Revoke {
        name: String,
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
    },
    /// List the tokens, active and revoked (never their secrets).
    List {
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ScopeArg {
    /// Read the state, the release history and the audit log.
    Read,
    /// Publish and roll back releases (includes read).
    Publish,
    /// Submit applications, read cases, post decisions and events.
    Apply,
    /// Everything, including erasing personal data and setting a test clock.
    Admin,
}

impl ScopeArg {
    fn scope(self) -> Scope {
        match self {
            ScopeArg::Read => Scope::Read,
            ScopeArg::Publish => Scope::Publish,
            ScopeArg::Apply => Scope::Apply,
            ScopeArg::Admin => Scope::Admin,
        }
    }
}

fn parse_timestamp(text: &str) -> Result<Timestamp, String> {
    text.parse::<Timestamp>().map_err(|_| {
        format!("`{text}` is not a timestamp; write it like 2026-02-07T09:00:00+01:00")
    })
}

pub fn run(args: &Args, global: Global) -> ExitCode {
    match &args.command {
        Some(TokenCommand::Token(token)) => run_token(token),
        None => run_server(args, global),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(EXIT_ERROR)
}

fn run_server(args: &Args, global: Global) -> ExitCode {
    let Some(data) = &args.data else {
        return fail("`ozg serve` needs a data folder: --data DIR");
    };
    let clock = if args.test_clock {
        ClockMode::Test
    } else if args.now.is_some() {
        ClockMode::Fixed
    } else {
        ClockMode::System
    };
    let config = ServeConfig {
        data: data.clone(),
        listen: args.listen,
        clock,
        now: args.now,
        max_body: args.max_body,
        timeout: Duration::from_secs(args.request_timeout.max(1)),
        retention_every: Duration::from_secs(args.retention_every.max(1)),
        verbose: global.verbose,
    };
    let quiet = global.quiet;
    let result = serve(&config, |addr| {
        if !quiet {
            eprintln!(
                "ozg serve: listening on http://{addr} (data in {})",
                data.display()
            );
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e.to_string()),
    }
}

fn open(data: &Path) -> Result<Store, ExitCode> {
    Store::open(data).map_err(|e| fail(&e.to_string()))
}

/// Opens the platform data that must already be there: listing or
/// revoking tokens in a mistyped folder must not make a new, empty
/// platform there.
fn open_existing(data: &Path) -> Result<Store, ExitCode> {
    if !data.join(ozg::platform::store::DATABASE_FILE).is_file() {
        return Err(fail(&format!(
            "there is no platform data in {}\n  help: check the folder given with --data; \
             `ozg serve token add` or `ozg serve` make it the first time",
            data.display()
        )));
    }
    open(data)
}

fn run_token(command: &Token) -> ExitCode {
    match command {
        Token::Add { name, scopes, data } => {
            let store = match open(data) {
                Ok(s) => s,
                Err(code) => return code,
            };
            let scopes: Vec<Scope> = scopes.iter().map(|s| s.scope()).collect();
            match auth::add_token(&store, name, &scopes, Timestamp::now()) {
                Ok(secret) => {
                    println!("{secret}");
                    eprintln!(
                        "Token `{name}` made. Its secret is printed above, only this once: \
                         keep it in a secret store."
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e.to_string()),
            }
        }
        Token::Revoke { name, data } => {
            let store = match open_existing(data) {
                Ok(s) => s,
                Err(code) => return code,
            };
            match auth::revoke_token(&store, name, Timestamp::now()) {
                Ok(()) => {
                    eprintln!("Token `{name}` revoked.");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e.to_string()),
            }
        }
        Token::List { data } => {
            let store = match open_existing(data) {
                Ok(s) => s,
                Err(code) => return code,
            };
            match auth::list_tokens(&store) {
                Ok(tokens) => {
                    for t in tokens {
                        let scopes: Vec<&str> = t.scopes.iter().map(|s| s.name()).collect();
                        let status = match t.revoked_at {
                            Some(at) => format!("revoked {at}"),
                            None => "active".to_owned(),
                        };
                        println!(
                            "{}\t{}\tcreated {}\t{status}",
                            t.name,
                            scopes.join(","),
                            t.created_at
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e.to_string()),
            }
        }
    }
}
