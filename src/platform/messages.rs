//! Every message the platform sends to its clients, in one place, so that
//! they can be reviewed and translated together. Messages say what went
//! wrong and what to do; none of them ever repeats a token or any other
//! secret the request carried.

pub fn token_missing() -> String {
    "This request needs an access token: send `Authorization: Bearer <token>`. An \
     administrator makes tokens with `ozg serve token add`."
        .to_owned()
}

pub fn token_not_accepted() -> String {
    "The access token was not accepted: it is unknown, revoked or malformed. Ask an \
     administrator for a valid token."
        .to_owned()
}

pub fn missing_scope(scope: &str) -> String {
    format!(
        "The access token does not allow this: it needs the scope `{scope}`. Ask an \
         administrator for a token with that scope."
    )
}

pub fn storage_failed(detail: &str) -> String {
    format!("The platform could not read or write its database ({detail}). Try again later.")
}

pub fn task_failed() -> String {
    "The platform failed while handling the request. Try again later.".to_owned()
}

pub fn body_too_large(limit: usize) -> String {
    format!(
        "The request is larger than the platform accepts ({limit} bytes). Publish fewer \
         files at once, or start the server with a larger `--max-body`."
    )
}

pub fn body_unreadable(detail: &str) -> String {
    format!("The request body could not be read: {detail}.")
}

pub fn invalid_json(detail: &str) -> String {
    format!(
        "The request body is not valid JSON of the expected shape: {}.",
        shorten(detail)
    )
}

pub fn invalid_query(detail: &str) -> String {
    format!("The query parameters cannot be read: {detail}.")
}

pub fn route_not_found() -> String {
    "There is no such endpoint. The API lives under /api/v1; see docs/openapi.yaml.".to_owned()
}

pub fn method_not_allowed() -> String {
    "This endpoint does not support that method; see docs/openapi.yaml.".to_owned()
}

pub fn timeout() -> String {
    "The request took too long and was stopped. Try again; a release sent with an \
     Idempotency-Key may be sent again safely."
        .to_owned()
}

pub fn precondition_required() -> String {
    "A release must say which state it was made against: send the `ETag` of \
     GET /api/v1/state as `If-Match` (or `If-Match: *` to publish over any state)."
        .to_owned()
}

pub fn precondition_failed(current: &str) -> String {
    format!(
        "The platform's state has changed since it was read (it is now {current}): \
         someone else published, or a version took effect at midnight. Read the state \
         again, check the plan, and publish with the new ETag."
    )
}

pub fn invalid_if_match() -> String {
    "The `If-Match` header cannot be read; send the ETag exactly as the platform gave it."
        .to_owned()
}

pub fn idempotency_key_invalid() -> String {
    "The `Idempotency-Key` header must be 1 to 200 visible ASCII characters.".to_owned()
}

pub fn idempotency_key_reused() -> String {
    "This Idempotency-Key was already used for a different request. Use a new key for a \
     new request; repeat a request only with exactly the same body."
        .to_owned()
}

pub fn path_too_long(max: usize) -> String {
    format!("A file path in the bundle is longer than {max} characters.")
}

pub fn path_not_relative(path: &str) -> String {
    format!(
        "The path `{}` is not a plain relative path: write paths relative to the \
         repository root, with `/`, without `..`, `.`, empty parts, drive letters or \
         backslashes.",
        shorten(path)
    )
}

pub fn path_characters(path: &str) -> String {
    format!(
        "The path `{}` contains characters the platform does not accept: use letters, \
         digits, `_`, `-` and `.` in file and folder names.",
        shorten(path)
    )
}

pub fn path_not_a_model_file(path: &str) -> String {
    format!(
        "`{}` is not a model file. A bundle holds only `ozg.toml`, \
         `codelists/<name>.toml`, `services/<id>/service.toml` and \
         `services/<id>/scenarios/<name>.toml`, where <id> is a service id (lower-case \
         letters, digits, `_`).",
        shorten(path)
    )
}

pub fn too_many_files(max: usize) -> String {
    format!("The bundle holds more than {max} files.")
}

pub fn invalid_sha256(path: &str) -> String {
    format!(
        "The hash of `{}` is not a SHA-256 in lower-case hex (64 characters 0-9, a-f).",
        shorten(path)
    )
}

pub fn duplicate_path(path: &str) -> String {
    format!("`{}` is listed twice in the bundle.", shorten(path))
}

pub fn invalid_service_id(id: &str) -> String {
    format!(
        "`{}` is not a service id: ids start with a lower-case letter and hold lower-case \
         letters, digits and `_`.",
        shorten(id)
    )
}

pub fn duplicate_removal(id: &str) -> String {
    format!("`{id}` is listed twice in `remove_services`.")
}

pub fn text_too_long(field: &str, max: usize) -> String {
    format!("`{field}` is longer than {max} bytes or contains a NUL character.")
}

pub fn hash_mismatch(path: &str, claimed: &str, actual: &str) -> String {
    format!(
        "The content of `{path}` does not match its hash: the bundle says {claimed}, the \
         content has {actual}. The file may have been changed or damaged on the way; \
         build the bundle again."
    )
}

pub fn unknown_content(paths: &[String]) -> String {
    let shown: Vec<String> = paths
        .iter()
        .take(5)
        .map(|p| format!("`{}`", shorten(p)))
        .collect();
    let more = if paths.len() > 5 {
        format!(" and {} more", paths.len() - 5)
    } else {
        String::new()
    };
    format!(
        "{}{more} came without content, and the platform holds no file with that hash. Send \
         them again with their content (all are listed in `missing_content`).",
        shown.join(", ")
    )
}

pub fn bundle_unreadable(detail: &str) -> String {
    format!("The bundle cannot be checked: {detail}.")
}

pub fn lint_errors(count: usize) -> String {
    let noun = if count == 1 { "error" } else { "errors" };
    format!(
        "The bundle has {count} {noun}; nothing was published. Fix them (`ozg lint` shows \
         the same) and publish again."
    )
}

pub fn no_valid_from(id: &str, path: &str) -> String {
    format!(
        "The service `{id}` ({path}) has no `valid_from` date; the platform needs it to \
         know from when the version applies."
    )
}

pub fn does_not_compile(id: &str, detail: &str) -> String {
    format!("The service `{id}` cannot be run: {detail}. `ozg lint` explains the cause.")
}

pub fn invalid_retention(id: &str, text: &str) -> String {
    format!(
        "The `retention` of the service `{id}` is `{}`, which is no ISO 8601 duration \
         such as `P1Y` or `P6M`.",
        shorten(text)
    )
}

pub fn service_twice(id: &str) -> String {
    format!("The service id `{id}` is used by more than one service file.")
}

pub fn removed_and_bundled(id: &str) -> String {
    format!("The service `{id}` is both in the bundle and in `remove_services`; choose one.")
}

pub fn removing_unknown(id: &str) -> String {
    format!("The service `{id}` cannot be removed: the platform does not serve it.")
}

pub fn services_left_out(ids: &[&str]) -> String {
    let shown: Vec<String> = ids.iter().take(20).map(|i| format!("`{i}`")).collect();
    let more = if ids.len() > 20 {
        format!(" and {} more", ids.len() - 20)
    } else {
        String::new()
    };
    format!(
        "The platform serves {}{more}, but the bundle does not contain them. List every \
         served service in the bundle (its files with their hashes; unchanged content may \
         be left out), or name the services to remove in `remove_services`.",
        shown.join(", ")
    )
}

pub fn path_parameter() -> String {
    "The address holds an id that cannot be read (it is not UTF-8 text).".to_owned()
}

pub fn release_id_invalid(text: &str) -> String {
    format!("`{}` is not a release number.", shorten(text))
}

pub fn unknown_release(id: u64) -> String {
    format!("There is no release {id}; GET /api/v1/releases lists them.")
}

pub fn unknown_service(id: &str) -> String {
    format!(
        "The platform does not serve a service `{}`; GET /api/v1/state lists them.",
        shorten(id)
    )
}

pub fn no_version_on(id: &str, date: jiff::civil::Date) -> String {
    format!(
        "No version of the service `{id}` is valid on {date}: applications can be \
         submitted from the day the first version takes effect, and until the last one ends."
    )
}

pub fn submitted_in_future(date: jiff::civil::Date, today: jiff::civil::Date) -> String {
    format!("The submission date {date} lies in the future; today is {today}.")
}

pub fn application_invalid(count: usize) -> String {
    let noun = if count == 1 { "error" } else { "errors" };
    format!(
        "The application has {count} {noun} and was not accepted; see `field_errors`. No \
         case was started."
    )
}

pub fn case_id_invalid(text: &str) -> String {
    format!("`{}` is not a case id.", shorten(text))
}

pub fn unknown_case(id: &str) -> String {
    format!("There is no case `{id}`.")
}

pub fn case_erased(id: &str) -> String {
    format!("The personal data of case `{id}` have been erased; the case cannot change any more.")
}

pub fn action_refused(detail: &str) -> String {
    format!("The case cannot take this: {detail}.")
}

pub fn action_in_future(date: jiff::civil::Date, today: jiff::civil::Date) -> String {
    format!("The date {date} lies in the future; today is {today}.")
}

pub fn empty_value(what: &str) -> String {
    format!("`{what}` must not be empty and at most 200 characters long.")
}

pub fn clock_not_settable() -> String {
    "The clock of this server cannot be set: start it with `--test-clock` to set the \
     time over the API."
        .to_owned()
}

pub fn fee_not_computed(fee: &str) -> String {
    format!("the fee `{fee}` could not be computed")
}

pub fn version_missing(hash: &str) -> String {
    format!("the stored service version {hash} holds no service")
}

pub fn version_broken(hash: &str, detail: &str) -> String {
    format!("the stored service version {hash} cannot be run: {detail}")
}

/// Values from the request are shown only in part, so that a huge value
/// cannot blow up an error message or a log line.
fn shorten(text: &str) -> String {
    const MAX: usize = 200;
    if text.chars().count() <= MAX {
        return text.to_owned();
    }
    let cut: String = text.chars().take(MAX).collect();
    format!("{cut}…")
}
