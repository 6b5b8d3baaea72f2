//! The checks in front of Trellis's local servers (`trellis studio`,
//! `trellis review`): which `Host` and `Origin` a request may carry (no DNS
//! rebinding, no other site's page calling in) and, when the server has a
//! token, whether the request shows it (`Authorization: Bearer T`, a
//! `token` query parameter, or the cookie set once it was shown).

use std::net::IpAddr;

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use trellis_app::{AppError, ErrorCode};

const TOKEN_COOKIE: &str = "trellis_token";

/// What a server accepts.
pub struct Guard {
    /// The server's name in messages, e.g. "Trellis studio".
    pub name: &'static str,
    /// The secret every protected request must show; `None` needs none.
    pub token: Option<String>,
    /// `Host` values accepted; `None` accepts any (an unspecified address,
    /// protected by the token).
    pub hosts: Option<Vec<String>>,
}

/// How a request stands with the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// The server has no token.
    NotNeeded,
    /// Shown in the header or the query: the response sets the cookie.
    Shown,
    /// Carried by the cookie.
    Cookie,
    /// Not shown.
    Missing,
}

impl Guard {
    /// A guard for a server listening on `host`:`port`: the loopback names
    /// and the address itself, or any host on an unspecified address.
    pub fn new(name: &'static str, host: IpAddr, port: u16, token: Option<String>) -> Self {
        let hosts = if host.is_unspecified() {
            None
        } else {
            let mut hosts = vec![
                format!("127.0.0.1:{port}"),
                format!("localhost:{port}"),
                format!("[::1]:{port}"),
            ];
            match host {
                IpAddr::V4(ip) => hosts.push(format!("{ip}:{port}")),
                IpAddr::V6(ip) => hosts.push(format!("[{ip}]:{port}")),
            }
            Some(hosts)
        };
        Self {
            name,
            token: token.filter(|t| !t.is_empty()),
            hosts,
        }
    }

    /// Refuses a request for another host or from another site's page.
    #[allow(clippy::result_large_err)]
    pub fn check_site(&self, headers: &HeaderMap) -> Result<(), Response> {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        if let Some(hosts) = &self.hosts
            && !hosts.contains(&host)
        {
            return Err(refuse(
                StatusCode::FORBIDDEN,
                format!(
                    "{} does not answer requests for the host `{host}`.",
                    self.name
                ),
            ));
        }
        if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok())
            && origin != "null"
            && !origin.eq_ignore_ascii_case(&format!("http://{host}"))
        {
            return Err(refuse(
                StatusCode::FORBIDDEN,
                format!("{} does not answer requests from other sites.", self.name),
            ));
        }
        Ok(())
    }

    /// Whether `request` shows the token.
    pub fn token(&self, request: &Request) -> Token {
        let Some(token) = &self.token else {
            return Token::NotNeeded;
        };
        let headers = request.headers();
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        let query = request.uri().query().and_then(|q| {
            q.split('&')
                .find_map(|kv| kv.strip_prefix("token="))
                .map(str::to_owned)
        });
        if bearer.is_some_and(|t| same(t, token))
            || query.as_deref().is_some_and(|t| same(t, token))
        {
            return Token::Shown;
        }
        let cookie = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .find_map(|c| {
                c.trim()
                    .strip_prefix(&format!("{TOKEN_COOKIE}="))
                    .map(str::to_owned)
            });
        if cookie.as_deref().is_some_and(|t| same(t, token)) {
            Token::Cookie
        } else {
            Token::Missing
        }
    }

    /// Sets the token cookie on `response`, so the browser's later requests
    /// (page files, media) carry it.
    pub fn set_cookie(&self, response: &mut Response) {
        if let Some(token) = &self.token {
            let cookie = format!("{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict");
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
        }
    }
}

/// Compares in time independent of where the strings differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Whether a request says its body is JSON.
pub fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// An error answer: `{code, message}` as JSON, like every API error.
pub fn refuse(status: StatusCode, message: impl Into<String>) -> Response {
    let error = AppError::new(
        if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
            ErrorCode::Forbidden
        } else {
            ErrorCode::BadInput
        },
        message,
    );
    (status, axum::Json(error)).into_response()
}

/// A random token: 32 hex digits from the operating system's generator.
pub fn random_token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| anyhow::anyhow!("no random numbers for the token: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_long() {
        let a = random_token().unwrap();
        let b = random_token().unwrap();
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn same_compares_whole_strings() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "ab"));
    }
}
