//! The checks in front of Trellis's local servers (`trellis studio`,
//! `trellis review`, `trellis preview`): which `Host` and `Origin` a request
//! may carry (no DNS rebinding, no other site's page calling in) and, when
//! the server has a token, whether the request shows it (`Authorization:
//! Bearer T`, a `token` query parameter, or the cookie set once it was
//! shown); which tokens are strong enough; and [`serve`], which accepts
//! connections with a time limit for a request's headers and a cap on
//! connections open at once.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use trellis_app::{AppError, ErrorCode};

/// How long a client may take to send a request's headers (and, on a
/// kept-alive connection, to start the next request) before the
/// connection is closed, so that connections left half-open do not pile
/// up.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections a server keeps open at once; more are closed at once.
pub const MAX_CONNECTIONS: usize = 512;
/// Connections one address may keep open at once (a browser opens about
/// six per server; many reviewers may share one address behind a router),
/// so one machine on the network cannot take every connection.
pub const MAX_CONNECTIONS_PER_ADDRESS: usize = 128;
/// The shortest token `--token` accepts.
pub const MIN_TOKEN_LEN: usize = 20;

/// What a server accepts.
pub struct Guard {
    /// The server's name in messages, e.g. "Trellis studio".
    pub name: &'static str,
    /// The secret every protected request must show; `None` needs none.
    pub token: Option<String>,
    /// `Host` values accepted; `None` accepts any (an unspecified address,
    /// protected by the token).
    pub hosts: Option<Vec<String>>,
    /// The name of the token cookie: one per server and port
    /// (`trellis_studio_7077`), since a browser sends a site's cookies to
    /// every port of it, and studio and review must not read each other's.
    pub cookie: String,
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
    /// A guard for the server `kind` (`studio`, `review`, `preview`)
    /// listening on `host`:`port`: the loopback names and the address
    /// itself, or any host on an unspecified address. On port 80 a browser
    /// leaves the port out of `Host`, so the names without it are accepted
    /// too.
    pub fn new(
        name: &'static str,
        kind: &str,
        host: IpAddr,
        port: u16,
        token: Option<String>,
    ) -> Self {
        let hosts = if host.is_unspecified() {
            None
        } else {
            let mut names = vec![
                "127.0.0.1".to_owned(),
                "localhost".to_owned(),
                "[::1]".to_owned(),
            ];
            match host {
                IpAddr::V4(ip) => names.push(ip.to_string()),
                IpAddr::V6(ip) => names.push(format!("[{ip}]")),
            }
            let mut hosts: Vec<String> = names.iter().map(|n| format!("{n}:{port}")).collect();
            if port == 80 {
                hosts.extend(names);
            }
            Some(hosts)
        };
        Self {
            name,
            token: token.filter(|t| !t.is_empty()),
            hosts,
            cookie: format!("trellis_{kind}_{port}"),
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
        // `Origin: null` comes from sandboxed frames, `data:` and `file:`
        // pages and redirects: none is this server's own page.
        if let Some(origin) = headers.get(header::ORIGIN)
            && !origin.to_str().is_ok_and(|origin| {
                // Port 80 may be named or left out, on either side.
                let bare = |s: &str| s.strip_suffix(":80").unwrap_or(s).to_owned();
                origin
                    .to_ascii_lowercase()
                    .strip_prefix("http://")
                    .is_some_and(|o| bare(o) == bare(&host))
            })
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
                    .strip_prefix(&self.cookie)
                    .and_then(|c| c.strip_prefix('='))
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
            let cookie = format!("{}={token}; Path=/; HttpOnly; SameSite=Strict", self.cookie);
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

/// Refuses a token given with `--token` that is easy to guess: shorter
/// than [`MIN_TOKEN_LEN`], made of few different characters, or holding
/// characters an address or a cookie cannot carry as they are.
pub fn check_token(token: &str) -> Result<(), String> {
    let advice = "use a long random one, such as the output of `openssl rand -hex 16`, or leave out --token and use the one studio makes";
    if token.chars().count() < MIN_TOKEN_LEN {
        return Err(format!(
            "the token is too short to keep others out ({} characters, at least {MIN_TOKEN_LEN} needed): {advice}",
            token.chars().count()
        ));
    }
    if !token
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c))
    {
        return Err(format!(
            "the token may hold only letters, digits and - . _ ~ (it goes in an address and a cookie): {advice}"
        ));
    }
    let mut kinds: Vec<char> = token.chars().collect();
    kinds.sort_unstable();
    kinds.dedup();
    if kinds.len() < 8 {
        return Err(format!(
            "the token repeats too few different characters ({}) to be hard to guess: {advice}",
            kinds.len()
        ));
    }
    Ok(())
}

/// Serves `router` on `listener` until the process ends, with the limits
/// every local server needs: [`HEADER_TIMEOUT`] to send a request's
/// headers, at most [`MAX_CONNECTIONS`] connections at once and
/// [`MAX_CONNECTIONS_PER_ADDRESS`] from one address (more are closed at
/// once, before anything is read).
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> anyhow::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let open: Arc<Mutex<Open>> = Arc::default();
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            // Out of file handles, or the connection went away: try again
            // shortly rather than stop.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Some(slot) = Slot::take(&open, peer.ip()) else {
            drop(stream);
            continue;
        };
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let _slot = slot;
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT);
            let _ = http.serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

/// Connections open now: in all, and by address.
#[derive(Default)]
struct Open {
    total: usize,
    by_address: HashMap<IpAddr, usize>,
}

/// One open connection, counted in [`Open`] until dropped.
struct Slot {
    open: Arc<Mutex<Open>>,
    address: IpAddr,
}

impl Slot {
    fn take(open: &Arc<Mutex<Open>>, address: IpAddr) -> Option<Self> {
        let mut counts = open.lock().unwrap_or_else(|e| e.into_inner());
        let mine = counts.by_address.get(&address).copied().unwrap_or(0);
        if counts.total >= MAX_CONNECTIONS || mine >= MAX_CONNECTIONS_PER_ADDRESS {
            return None;
        }
        counts.total += 1;
        counts.by_address.insert(address, mine + 1);
        Some(Self {
            open: open.clone(),
            address,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut counts = self.open.lock().unwrap_or_else(|e| e.into_inner());
        counts.total -= 1;
        if let Some(n) = counts.by_address.get_mut(&self.address) {
            *n -= 1;
            if *n == 0 {
                counts.by_address.remove(&self.address);
            }
        }
    }
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
    fn weak_tokens_are_refused() {
        assert!(check_token("a").is_err());
        assert!(check_token("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").is_err());
        assert!(check_token("abcabcabcabcabcabcabcabc").is_err());
        assert!(check_token("has a space in it 123456789").is_err());
        assert!(check_token(&random_token().unwrap()).is_ok());
        assert!(check_token("Correct-Horse_Battery.Staple~42").is_ok());
    }

    #[test]
    fn port_80_hosts_need_no_port() {
        let guard = Guard::new("T", "studio", IpAddr::from([127, 0, 0, 1]), 80, None);
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("localhost"));
        assert!(guard.check_site(&headers).is_ok());
        headers.insert(header::ORIGIN, HeaderValue::from_static("http://localhost"));
        assert!(guard.check_site(&headers).is_ok());
        headers.insert(header::ORIGIN, HeaderValue::from_static("null"));
        assert!(guard.check_site(&headers).is_err());
    }

    #[test]
    fn same_compares_whole_strings() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "ab"));
    }
}
