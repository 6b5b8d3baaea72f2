//! One xAPI statement as the results table keeps it: checked, tied to the
//! course, reduced to the fields the analysis reads.

use serde_json::Value;
use trellis_store::ResultRow;

/// The course a statement must belong to.
#[derive(Debug, Clone)]
pub struct CourseKey {
    pub id: String,
    /// `urn:trellis:course:{id}`: the course activity; its lessons,
    /// questions, objectives and cmi5 AU are below it.
    pub iri: String,
}

impl CourseKey {
    pub fn of(course: &trellis_model::Course) -> Self {
        Self {
            id: course.id.as_str().to_owned(),
            iri: trellis_render::ids::course_iri(course),
        }
    }

    /// Whether `id` is the course's activity or one below it.
    pub fn owns(&self, id: &str) -> bool {
        id == self.iri || (id.starts_with(&self.iri) && id.as_bytes()[self.iri.len()] == b':')
    }
}

/// Why a statement was not stored.
#[derive(Debug, Clone, PartialEq)]
pub enum Skip {
    /// Not a statement this version understands; the reason in plain words.
    Malformed(String),
    /// A statement about another course (its object and context name no
    /// activity of this course).
    OtherCourse,
}

pub const VERB_ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";

/// Whether `s` is a UUID in its usual text form.
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// A key for the actor: one learner, whatever the statement calls them by.
/// `None` when the actor names nobody.
pub fn learner_key(actor: &Value) -> Option<String> {
    let s = |k: &str| actor.get(k).and_then(Value::as_str);
    if let Some(m) = s("mbox") {
        return Some(m.to_ascii_lowercase());
    }
    if let Some(m) = s("mbox_sha1sum") {
        return Some(format!("sha1:{}", m.to_ascii_lowercase()));
    }
    if let Some(m) = s("openid") {
        return Some(format!("openid:{m}"));
    }
    let account = actor.get("account")?;
    let home = account.get("homePage")?.as_str()?;
    let name = account.get("name")?.as_str()?;
    Some(format!("account:{home}|{name}"))
}

/// An ISO 8601 duration (`PT1M2.5S`, `P1DT2H`) in milliseconds; years and
/// months are refused (their length varies).
pub fn duration_ms(text: &str) -> Option<i64> {
    let rest = text.strip_prefix('P')?;
    let (days, time) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let mut ms = 0f64;
    let mut any = false;
    let mut take = |part: &str, units: &[(char, f64)]| -> Option<()> {
        let mut num = String::new();
        let mut next = 0;
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' || c == ',' {
                num.push(if c == ',' { '.' } else { c });
                continue;
            }
            let i = units[next..].iter().position(|(u, _)| *u == c)? + next;
            let n: f64 = num.parse().ok()?;
            ms += n * units[i].1;
            any = true;
            num.clear();
            next = i + 1;
        }
        num.is_empty().then_some(())
    };
    take(days, &[('W', 604_800_000.0), ('D', 86_400_000.0)])?;
    if let Some(t) = time {
        if t.is_empty() {
            return None;
        }
        take(t, &[('H', 3_600_000.0), ('M', 60_000.0), ('S', 1_000.0)])?;
    }
    (any && ms.is_finite() && ms < 1e15).then_some(ms.round() as i64)
}

fn context_activities(s: &Value) -> impl Iterator<Item = &str> {
    let ca = s.get("context").and_then(|c| c.get("contextActivities"));
    ["parent", "grouping", "category", "other"]
        .into_iter()
        .filter_map(move |k| ca.and_then(|ca| ca.get(k)))
        .flat_map(|v| match v {
            Value::Array(a) => a.iter().collect::<Vec<_>>(),
            o => vec![o],
        })
        .filter_map(|a| a.get("id").and_then(Value::as_str))
}

/// Checks `s` and reduces it to a row of the results table.
pub fn to_row(s: &Value, course: &CourseKey, origin: &str) -> Result<ResultRow, Skip> {
    let bad = |why: &str| Err(Skip::Malformed(why.to_owned()));
    if !s.is_object() {
        return bad("it is not a JSON object");
    }
    let Some(id) = s.get("id").and_then(Value::as_str) else {
        return bad("it has no id");
    };
    if !is_uuid(id) {
        return bad("its id is not a UUID");
    }
    let Some(actor) = s.get("actor") else {
        return bad("it has no actor");
    };
    let Some(learner) = learner_key(actor) else {
        return bad("its actor names no learner (no mbox, mbox_sha1sum, openid or account)");
    };
    let Some(verb) = s
        .get("verb")
        .and_then(|v| v.get("id"))
        .and_then(Value::as_str)
    else {
        return bad("it has no verb id");
    };
    let Some(object) = s.get("object") else {
        return bad("it has no object");
    };
    let kind = object.get("objectType").and_then(Value::as_str);
    let activity = match (kind, object.get("id").and_then(Value::as_str)) {
        (None | Some("Activity"), Some(a)) => a,
        (None | Some("Activity"), None) => return bad("its object has no id"),
        // About a person or another statement: not about the course's content.
        _ => "",
    };
    if !course.owns(activity) && !context_activities(s).any(|a| course.owns(a)) {
        return Err(Skip::OtherCourse);
    }
    let str_of = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("").to_owned();
    let ctx = s.get("context");
    let result = s.get("result");
    let success = match result.and_then(|r| r.get("success")) {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => return bad("its result.success is not true or false"),
    };
    let score = result
        .and_then(|r| r.get("score"))
        .and_then(|sc| sc.get("scaled"))
        .and_then(Value::as_f64);
    let duration = match result.and_then(|r| r.get("duration")) {
        None | Some(Value::Null) => None,
        Some(Value::String(d)) => match duration_ms(d) {
            Some(ms) => Some(ms),
            None => return bad("its result.duration is not an ISO 8601 duration"),
        },
        Some(_) => return bad("its result.duration is not text"),
    };
    let response = result
        .and_then(|r| r.get("response"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let timestamp = str_of(s.get("timestamp"));
    let stored = str_of(s.get("stored"));
    Ok(ResultRow {
        statement_id: id.to_ascii_lowercase(),
        course_id: course.id.clone(),
        course_version: str_of(ctx.and_then(|c| c.get("revision"))),
        verb: verb.to_owned(),
        activity: activity.to_owned(),
        learner,
        registration: str_of(ctx.and_then(|c| c.get("registration"))),
        success,
        score,
        duration_ms: duration,
        response,
        timestamp: if timestamp.is_empty() {
            stored.clone()
        } else {
            timestamp
        },
        stored,
        origin: origin.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn key() -> CourseKey {
        CourseKey {
            id: "demo".into(),
            iri: "urn:trellis:course:demo".into(),
        }
    }

    fn answered() -> Value {
        json!({
            "id": "6B1D2C3E-0000-4000-8000-000000000001",
            "actor": {"mbox": "mailto:Ann@Example.com"},
            "verb": {"id": VERB_ANSWERED},
            "object": {"id": "urn:trellis:course:demo:question:q-1", "objectType": "Activity"},
            "result": {"success": false, "response": "c-2", "duration": "PT1M2.5S"},
            "context": {"registration": "r-1", "revision": "1.2"},
            "timestamp": "2026-12-01T10:00:00.000Z",
            "stored": "2026-12-01T10:00:01.000Z"
        })
    }

    #[test]
    fn an_answer_becomes_a_row() {
        let r = to_row(&answered(), &key(), "lrs").unwrap();
        assert_eq!(r.statement_id, "6b1d2c3e-0000-4000-8000-000000000001");
        assert_eq!(r.learner, "mailto:ann@example.com");
        assert_eq!(r.activity, "urn:trellis:course:demo:question:q-1");
        assert_eq!(r.success, Some(false));
        assert_eq!(r.response.as_deref(), Some("c-2"));
        assert_eq!(r.duration_ms, Some(62_500));
        assert_eq!(r.course_version, "1.2");
        assert_eq!(r.registration, "r-1");
    }

    #[test]
    fn other_courses_and_damage_are_told_apart() {
        let mut s = answered();
        s["object"]["id"] = json!("urn:trellis:course:demo2:question:q-1");
        assert_eq!(to_row(&s, &key(), "lrs"), Err(Skip::OtherCourse));
        s["context"]["contextActivities"] =
            json!({"grouping": [{"id": "urn:trellis:course:demo:au"}]});
        assert!(to_row(&s, &key(), "lrs").is_ok(), "a cmi5 AU of the course");
        for (field, value, why) in [
            ("id", json!("42"), "UUID"),
            ("actor", json!({"name": "x"}), "names no learner"),
            ("verb", json!({}), "verb"),
        ] {
            let mut s = answered();
            s[field] = value;
            match to_row(&s, &key(), "lrs") {
                Err(Skip::Malformed(m)) => assert!(m.contains(why), "{m}"),
                other => panic!("{other:?}"),
            }
        }
        let mut s = answered();
        s["result"]["duration"] = json!("one minute");
        assert!(matches!(to_row(&s, &key(), "lrs"), Err(Skip::Malformed(_))));
        assert!(matches!(
            to_row(&json!([1]), &key(), "lrs"),
            Err(Skip::Malformed(_))
        ));
    }

    #[test]
    fn durations() {
        assert_eq!(duration_ms("PT0.25S"), Some(250));
        assert_eq!(duration_ms("PT1H2M3S"), Some(3_723_000));
        assert_eq!(duration_ms("P1DT1S"), Some(86_401_000));
        assert_eq!(duration_ms("P1W"), Some(604_800_000));
        assert_eq!(duration_ms("PT"), None);
        assert_eq!(duration_ms("P1M"), None, "months vary");
        assert_eq!(duration_ms("PT1S2M"), None, "out of order");
        assert_eq!(duration_ms("1S"), None);
    }

    #[test]
    fn course_ownership_is_by_whole_segments() {
        let k = key();
        assert!(k.owns("urn:trellis:course:demo"));
        assert!(k.owns("urn:trellis:course:demo:lesson:l-1"));
        assert!(!k.owns("urn:trellis:course:demo-2"));
        assert!(!k.owns("urn:trellis:course:dem"));
    }
}
