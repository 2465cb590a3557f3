//! Errors as the API answers them: a status code, a stable reason code and
//! a message, in the JSON shape of [`ErrorBody`].

use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::platform::api::{ErrorBody, FieldError, LintDiagnostic, code};
use crate::platform::messages as msg;
use crate::platform::store::StoreError;

/// An answer that is not a success. Boxed, since it travels through
/// every `Result` of the platform and is rarely made.
#[derive(Debug, Clone)]
pub struct ApiError(Box<Inner>);

#[derive(Debug, Clone)]
struct Inner {
    status: StatusCode,
    body: ErrorBody,
    /// Headers to send with the answer: the `WWW-Authenticate` challenge
    /// of a 401 or 403, the current `ETag` of a 412.
    headers: Vec<(HeaderName, String)>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> ApiError {
        ApiError(Box::new(Inner {
            status,
            body: ErrorBody {
                code: code.to_owned(),
                message: message.into(),
                diagnostics: Vec::new(),
                field_errors: Vec::new(),
                missing_content: Vec::new(),
            },
            headers: Vec::new(),
        }))
    }

    pub fn status(&self) -> StatusCode {
        self.0.status
    }

    pub fn body(&self) -> &ErrorBody {
        &self.0.body
    }

    #[must_use]
    pub fn with_header(mut self, name: HeaderName, value: String) -> ApiError {
        self.0.headers.push((name, value));
        self
    }

    /// 400: the request is malformed.
    pub fn bad_request(code: &str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 422: the request is well formed but cannot be carried out.
    pub fn unprocessable(code: &str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
    }

    pub fn not_found(code: &str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, code, message)
    }

    pub fn conflict(code: &str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, code, message)
    }

    #[must_use]
    pub fn with_diagnostics(mut self, diagnostics: Vec<LintDiagnostic>) -> ApiError {
        self.0.body.diagnostics = diagnostics;
        self
    }

    #[must_use]
    pub fn with_missing_content(mut self, paths: Vec<String>) -> ApiError {
        self.0.body.missing_content = paths;
        self
    }

    #[must_use]
    pub fn with_field_errors(mut self, errors: Vec<FieldError>) -> ApiError {
        self.0.body.field_errors = errors;
        self
    }

    /// 401. `presented` tells whether the request carried a token at all.
    pub fn unauthorized(presented: bool) -> ApiError {
        let error = ApiError::new(
            StatusCode::UNAUTHORIZED,
            code::UNAUTHORIZED,
            if presented {
                msg::token_not_accepted()
            } else {
                msg::token_missing()
            },
        );
        let challenge = if presented {
            "Bearer realm=\"ozg\", error=\"invalid_token\""
        } else {
            "Bearer realm=\"ozg\""
        };
        error.with_header(header::WWW_AUTHENTICATE, challenge.to_owned())
    }

    /// 403: the token lacks `scope`.
    pub fn forbidden(scope: &str) -> ApiError {
        ApiError::new(
            StatusCode::FORBIDDEN,
            code::INSUFFICIENT_SCOPE,
            msg::missing_scope(scope),
        )
        .with_header(
            header::WWW_AUTHENTICATE,
            format!("Bearer realm=\"ozg\", error=\"insufficient_scope\", scope=\"{scope}\""),
        )
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, code::INTERNAL, message)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::internal(msg::storage_failed(&e.to_string()))
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        ApiError::from(StoreError::Sql(e))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let Inner {
            status,
            body,
            headers,
        } = *self.0;
        let body = serde_json::to_vec(&body).unwrap_or_default();
        let mut response = (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response();
        for (name, value) in headers {
            if let Ok(value) = HeaderValue::from_str(&value) {
                response.headers_mut().insert(name, value);
            }
        }
        response
    }
}
