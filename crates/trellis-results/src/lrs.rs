//! Reading a course's statements from an xAPI 1.0.3 record store: the
//! statements API filtered by activity (with related activities) and
//! `since`, page after page through `more`, each page parsed statement by
//! statement and stored in batches, so memory stays bounded whatever the
//! number of statements. A page whose connection drops is asked for again;
//! statements already stored are recognised by their ids.

use std::fmt;
use std::io::Read;
use std::time::Duration;

use base64::Engine as _;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use trellis_store::{CourseFile, PullMarker};

use crate::ResultsError;
use crate::intake::{Intake, Summary};

/// How far before the last pull's newest statement the next pull starts:
/// statements stored late (a learner's queue sent when back online) are
/// read again, and the ones already held are recognised by their ids.
pub const OVERLAP: jiff::SignedDuration = jiff::SignedDuration::from_hours(1);

/// Where and how to read.
#[derive(Clone)]
pub struct Lrs {
    /// The statements API's base, e.g. `https://lrs.example.com/xAPI/`.
    pub endpoint: String,
    pub key: String,
    pub secret: String,
    /// Where the key and secret came from, in the words of the message that
    /// says the store refused them (`TRELLIS_LRS_KEY and TRELLIS_LRS_SECRET`).
    pub given_as: String,
}

impl fmt::Debug for Lrs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lrs")
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone)]
pub struct PullOptions {
    /// Read statements stored after this time; `None`: after the last
    /// pull from this store (less [`OVERLAP`]), or everything the first time.
    pub since: Option<jiff::Timestamp>,
    /// Statements asked for per page (the store may send fewer).
    pub page_size: u32,
    /// How often one page is asked for again after a dropped connection
    /// or a failing store.
    pub retries: u32,
    /// The wait before the first retry (doubled each time).
    pub first_wait: Duration,
    pub timeout: Duration,
}

impl Default for PullOptions {
    fn default() -> Self {
        Self {
            since: None,
            page_size: 500,
            retries: 4,
            first_wait: Duration::from_millis(500),
            timeout: Duration::from_secs(60),
        }
    }
}

/// How far a pull has got, after each page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PullProgress {
    pub pages: u32,
    /// Statements read so far (the course's, another course's, damaged).
    pub read: u64,
}

/// What a pull did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PullSummary {
    #[serde(flatten)]
    pub statements: Summary,
    pub pages: u32,
    /// Pages asked for again.
    pub retried: u32,
    /// The `since` sent, if any.
    pub since: Option<String>,
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The endpoint with one trailing slash.
pub fn normalise_endpoint(endpoint: &str) -> Result<String, ResultsError> {
    let e = endpoint.trim();
    if !(e.starts_with("http://") || e.starts_with("https://")) {
        return Err(ResultsError::Lrs(format!(
            "`{e}` is not a record store address: it must start with https:// (or http://)"
        )));
    }
    Ok(if e.ends_with('/') {
        e.to_owned()
    } else {
        format!("{e}/")
    })
}

/// `more` (an absolute path, a full address, or relative to the endpoint)
/// as a full address.
fn resolve(endpoint: &str, more: &str) -> String {
    if more.starts_with("http://") || more.starts_with("https://") {
        return more.to_owned();
    }
    if more.starts_with('/') {
        let after_scheme = endpoint.find("://").map_or(0, |i| i + 3);
        let host_end = endpoint[after_scheme..]
            .find('/')
            .map_or(endpoint.len(), |i| after_scheme + i);
        return format!("{}{more}", &endpoint[..host_end]);
    }
    format!("{endpoint}{more}")
}

/// Parses one statements result (`{"statements": [...], "more": "..."}`),
/// handing each statement to the intake as it is read.
struct Page<'i, 'a> {
    intake: &'i mut Intake<'a>,
    page: u32,
    failed: Option<ResultsError>,
}

impl<'de> DeserializeSeed<'de> for &mut Page<'_, '_> {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for &mut Page<'_, '_> {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a statement result: an object with `statements` and `more`")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut more = None;
        let mut any = false;
        while let Some(k) = map.next_key::<String>()? {
            match k.as_str() {
                "statements" => {
                    any = true;
                    map.next_value_seed(Statements(&mut *self))?;
                }
                "more" => more = map.next_value::<Option<String>>()?,
                _ => drop(map.next_value::<IgnoredAny>()?),
            }
        }
        if !any {
            return Err(serde::de::Error::custom("it has no `statements` list"));
        }
        Ok(more.filter(|m| !m.is_empty()))
    }
}

struct Statements<'p, 'i, 'a>(&'p mut Page<'i, 'a>);

impl<'de> DeserializeSeed<'de> for Statements<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Statements<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of statements")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let page = self.0;
        let mut n = 0u64;
        while let Some(s) = seq.next_element::<Value>()? {
            n += 1;
            // After a retry, the statements read before the drop come
            // again; the course file recognises them by their ids.
            let p = page.page;
            if let Err(e) = page
                .intake
                .statement(&s, || format!("statement {n} of page {p}"))
            {
                page.failed = Some(e);
                return Err(serde::de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

enum Attempt {
    /// The page was read; the next page's address, if any.
    Done(Option<String>),
    /// Worth asking again (connection dropped, store busy or failing).
    Again(String),
}

/// Reads the course's statements from `lrs` into `file`; records where
/// the pull ended so the next one reads only what is new.
pub fn pull(
    file: &mut CourseFile,
    lrs: &Lrs,
    options: &PullOptions,
) -> Result<PullSummary, ResultsError> {
    pull_with_progress(file, lrs, options, &mut |_| {})
}

/// [`pull`], calling `progress` after each page.
pub fn pull_with_progress(
    file: &mut CourseFile,
    lrs: &Lrs,
    options: &PullOptions,
    progress: &mut dyn FnMut(PullProgress),
) -> Result<PullSummary, ResultsError> {
    let endpoint = normalise_endpoint(&lrs.endpoint)?;
    let since = match options.since {
        Some(s) => Some(s),
        None => file
            .results_pull_marker(&endpoint)?
            .and_then(|m| m.last_stored.parse::<jiff::Timestamp>().ok())
            .and_then(|t| t.checked_sub(OVERLAP).ok()),
    };
    let previous = file
        .results_pull_marker(&endpoint)?
        .and_then(|m| m.last_stored.parse::<jiff::Timestamp>().ok());
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(Some(Duration::from_secs(15)))
        .timeout_recv_response(Some(options.timeout))
        .timeout_recv_body(Some(options.timeout))
        .build()
        .into();
    let auth = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", lrs.key, lrs.secret))
    );
    let course_iri = trellis_render::ids::course_iri(file.course());
    // The course activity (xAPI packages put it in each statement's
    // context) and the cmi5 AU (which the LMS puts in the grouping).
    let activities = [course_iri.clone(), format!("{course_iri}:au")];
    let mut intake = Intake::new(file, "lrs");
    let (mut pages, mut retried) = (0u32, 0u32);
    for activity in &activities {
        let mut url = format!(
            "{endpoint}statements?activity={}&related_activities=true&limit={}",
            encode(activity),
            options.page_size
        );
        if let Some(s) = since {
            url += &format!("&since={}", encode(&s.to_string()));
        }
        loop {
            pages += 1;
            let mut page = Page {
                intake: &mut intake,
                page: pages,
                failed: None,
            };
            let mut tries = 0;
            let next = loop {
                match fetch_page(&agent, &url, &auth, &endpoint, &lrs.given_as, &mut page)? {
                    Attempt::Done(next) => break next,
                    Attempt::Again(why) => {
                        if tries >= options.retries {
                            let asked = match tries + 1 {
                                1 => "once".to_owned(),
                                n => format!("{n} times"),
                            };
                            return Err(ResultsError::Lrs(format!(
                                "{why}; asked {asked}, giving up. The statements read so far are stored: run the pull again to go on."
                            )));
                        }
                        std::thread::sleep(options.first_wait * 2u32.pow(tries));
                        tries += 1;
                        retried += 1;
                    }
                }
            };
            progress(PullProgress {
                pages,
                read: intake.summary.read,
            });
            match next {
                Some(more) => url = resolve(&endpoint, &more),
                None => break,
            }
        }
    }
    let (summary, newest) = intake.finish()?;
    let newest = match (newest, previous) {
        (Some(n), Some(p)) => Some(n.max(p)),
        (n, p) => n.or(p),
    };
    if let Some(n) = newest {
        file.set_results_pull_marker(&PullMarker {
            lrs: endpoint.clone(),
            last_stored: n.to_string(),
            pulled_at: jiff::Timestamp::now().to_string(),
        })?;
    }
    Ok(PullSummary {
        statements: summary,
        pages,
        retried,
        since: since.map(|s| s.to_string()),
    })
}

fn fetch_page(
    agent: &ureq::Agent,
    url: &str,
    auth: &str,
    endpoint: &str,
    given_as: &str,
    page: &mut Page,
) -> Result<Attempt, ResultsError> {
    let response = agent
        .get(url)
        .header("X-Experience-API-Version", "1.0.3")
        .header("Authorization", auth)
        .header("Accept", "application/json")
        .call();
    let response = match response {
        Ok(r) => r,
        Err(ureq::Error::HostNotFound) => {
            return Err(ResultsError::Lrs(format!(
                "the record store's host in {endpoint} was not found; check the address"
            )));
        }
        Err(ureq::Error::ConnectionFailed)
        | Err(ureq::Error::Io(_))
        | Err(ureq::Error::Timeout(_)) => {
            return Ok(Attempt::Again(format!(
                "could not reach the record store at {endpoint}"
            )));
        }
        Err(e) => {
            return Err(ResultsError::Lrs(format!(
                "could not talk to the record store at {endpoint}: {e}"
            )));
        }
    };
    let status = response.status().as_u16();
    let (_, body) = response.into_parts();
    match status {
        200 => {}
        401 | 403 => {
            return Err(ResultsError::Lrs(format!(
                "the record store at {endpoint} refused the key and secret ({status}{}); check {given_as}, and that this key may read statements",
                if status == 401 {
                    " Unauthorized"
                } else {
                    " Forbidden"
                }
            )));
        }
        404 => {
            return Err(ResultsError::Lrs(format!(
                "{endpoint} has no statements API (404 Not Found); the address is the record store's xAPI endpoint, usually ending in /xAPI/ or /data/xAPI/"
            )));
        }
        408 | 429 | 500..=599 => {
            let text = short_body(body);
            return Ok(Attempt::Again(format!(
                "the record store at {endpoint} failed ({status}{}{text})",
                if status == 500 {
                    " Internal Server Error"
                } else {
                    ""
                }
            )));
        }
        _ => {
            let text = short_body(body);
            return Err(ResultsError::Lrs(format!(
                "the record store at {endpoint} answered {status}{text}; nothing more was read"
            )));
        }
    }
    let reader = body.into_reader();
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::new(reader));
    match (&mut *page).deserialize(&mut de).and_then(|more| {
        de.end()?;
        Ok(more)
    }) {
        Ok(more) => Ok(Attempt::Done(more)),
        Err(e) => {
            if let Some(failed) = page.failed.take() {
                return Err(failed);
            }
            match e.classify() {
                serde_json::error::Category::Io | serde_json::error::Category::Eof => {
                    Ok(Attempt::Again(format!(
                        "the connection to the record store at {endpoint} dropped while a page was read"
                    )))
                }
                _ => Err(ResultsError::Lrs(format!(
                    "the record store at {endpoint} answered something that is not a list of statements ({e})"
                ))),
            }
        }
    }
}

/// The start of an error answer's text, for the message.
fn short_body(body: ureq::Body) -> String {
    let mut text = String::new();
    let _ = body.into_reader().take(300).read_to_string(&mut text);
    let text: String = text.chars().filter(|c| !c.is_control()).take(200).collect();
    if text.trim().is_empty() {
        String::new()
    } else {
        format!(": {}", text.trim())
    }
}

/// `--since`: a date (`2026-12-01`, midnight UTC) or an RFC 3339 time.
pub fn parse_since(text: &str) -> Result<jiff::Timestamp, ResultsError> {
    if let Ok(t) = text.parse::<jiff::Timestamp>() {
        return Ok(t);
    }
    text.parse::<jiff::civil::Date>()
        .ok()
        .and_then(|d| d.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok())
        .map(|z| z.timestamp())
        .ok_or_else(|| {
            ResultsError::Lrs(format!(
                "`{text}` is not a date (2026-12-01) or a time (2026-12-01T09:30:00Z)"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_links_resolve_against_the_endpoint() {
        let e = "http://127.0.0.1:8100/xAPI/";
        assert_eq!(
            resolve(e, "/xAPI/statements?pit_id=1"),
            "http://127.0.0.1:8100/xAPI/statements?pit_id=1"
        );
        assert_eq!(
            resolve(e, "statements?x=1"),
            "http://127.0.0.1:8100/xAPI/statements?x=1"
        );
        assert_eq!(resolve(e, "https://other/s"), "https://other/s");
    }

    #[test]
    fn since_takes_dates_and_times() {
        assert_eq!(
            parse_since("2026-12-01").unwrap().to_string(),
            "2026-12-01T00:00:00Z"
        );
        assert_eq!(
            parse_since("2026-12-01T09:30:00+01:00")
                .unwrap()
                .to_string(),
            "2026-12-01T08:30:00Z"
        );
        assert!(parse_since("yesterday").is_err());
    }

    #[test]
    fn endpoints_need_a_scheme() {
        assert_eq!(
            normalise_endpoint("https://lrs.example/xAPI").unwrap(),
            "https://lrs.example/xAPI/"
        );
        assert!(normalise_endpoint("lrs.example/xAPI").is_err());
        assert_eq!(encode("urn:a b/é"), "urn%3Aa%20b%2F%C3%A9");
    }
}
