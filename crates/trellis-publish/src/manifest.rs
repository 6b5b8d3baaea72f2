//! The manifest each target needs: `imsmanifest.xml` (SCORM 1.2 and SCORM
//! 2004 4th edition), `cmi5.xml` (cmi5) and `tincan.xml` (xAPI).
//!
//! Every id in them derives from the model's stable ids, so republishing an
//! edited course keeps them and an LMS keeps learners' history.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use trellis_model::{Course, Lesson};

use crate::seam::ids;

/// The launch page every target starts at.
pub const LAUNCH: &str = "index.html";

/// The identifiers a SCORM manifest uses, derived from the course id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScormIds {
    pub manifest: String,
    pub organization: String,
    pub item: String,
    pub resource: String,
}

impl ScormIds {
    pub fn for_course(course: &Course) -> Self {
        let id = course.id.as_str();
        Self {
            manifest: format!("trellis-{id}"),
            organization: format!("ORG-{id}"),
            item: format!("ITEM-{id}"),
            resource: format!("RES-{id}"),
        }
    }

    pub fn all(&self) -> [&str; 4] {
        [
            &self.manifest,
            &self.organization,
            &self.item,
            &self.resource,
        ]
    }
}

/// The AU of a cmi5 package: the whole course is one AU.
pub fn au_iri(course: &Course) -> String {
    format!("{}:au", ids::course_iri(course))
}

/// The assessment lessons of a course, in order.
pub fn assessments(course: &Course) -> impl Iterator<Item = &Lesson> {
    course
        .lessons()
        .filter(|l| l.assessment_settings().is_some())
}

/// The pass mark (percent) the package reports to the LMS: the course pass
/// mark when the course has one, else the first assessment's. `None` when
/// the course has neither.
pub fn pass_mark(course: &Course) -> Option<u32> {
    course
        .info
        .scoring
        .pass_mark
        .or_else(|| {
            assessments(course)
                .find_map(Lesson::assessment_settings)
                .map(|a| a.pass_mark)
        })
        .map(|m| m.min(100))
}

/// The manifest `version` attribute: the course's version label when it fits
/// the 20 characters IMS CP allows.
fn version_attr(course: &Course) -> Option<&str> {
    let v = course.info.version.trim();
    (!v.is_empty() && v.chars().count() <= 20).then_some(v)
}

/// Percent-encodes a package path for an `href`: keeps unreserved characters
/// and `/`, encodes everything else (spaces, `%`, `#`, `?`, non-ASCII...).
pub fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes what [`href`] encodes. Invalid escapes are kept as they are.
pub fn unhref(href: &str) -> String {
    let bytes = href.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

type W = Writer<Vec<u8>>;

fn writer() -> io::Result<W> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    Ok(w)
}

fn finish(w: W) -> String {
    let mut s = String::from_utf8(w.into_inner()).expect("the writer only writes UTF-8");
    s.push('\n');
    s
}

fn text<'a>(w: &'a mut W, name: &'a str, value: &str) -> io::Result<&'a mut W> {
    w.create_element(name)
        .write_text_content(BytesText::new(value))
}

/// A cmi5 `<title>` or `<description>`: one `langstring` in the course language.
fn langstring(w: &mut W, name: &str, lang: &str, value: &str) -> io::Result<()> {
    w.create_element(name).write_inner_content(|w| {
        w.create_element("langstring")
            .with_attribute(("lang", lang))
            .write_text_content(BytesText::new(value))?;
        Ok(())
    })?;
    Ok(())
}

/// A short, single-line description: the course description, or its title.
fn description(course: &Course) -> &str {
    let d = course.info.description.trim();
    if d.is_empty() {
        course.info.title.trim()
    } else {
        d
    }
}

/// SCORM 1.2 `imsmanifest.xml`: IMS CP 1.1.2 with the ADL CP extension, one
/// organization with one item launching the single SCO, whose resource lists
/// every file of the package (`files`, package paths, the manifest excluded).
pub fn scorm12(course: &Course, files: &[&str]) -> String {
    build_scorm12(course, files).expect("writing to memory cannot fail")
}

fn build_scorm12(course: &Course, files: &[&str]) -> io::Result<String> {
    let ids = ScormIds::for_course(course);
    let mut w = writer()?;
    let mut root = w
        .create_element("manifest")
        .with_attribute(("identifier", ids.manifest.as_str()));
    if let Some(v) = version_attr(course) {
        root = root.with_attribute(("version", v));
    }
    root.with_attributes([
        ("xmlns", "http://www.imsproject.org/xsd/imscp_rootv1p1p2"),
        ("xmlns:adlcp", "http://www.adlnet.org/xsd/adlcp_rootv1p2"),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        (
            "xsi:schemaLocation",
            "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd \
             http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd",
        ),
    ])
    .write_inner_content(|w| {
        w.create_element("metadata").write_inner_content(|w| {
            text(w, "schema", "ADL SCORM")?;
            text(w, "schemaversion", "1.2")?;
            Ok(())
        })?;
        w.create_element("organizations")
            .with_attribute(("default", ids.organization.as_str()))
            .write_inner_content(|w| {
                w.create_element("organization")
                    .with_attribute(("identifier", ids.organization.as_str()))
                    .write_inner_content(|w| {
                        text(w, "title", &course.info.title)?;
                        w.create_element("item")
                            .with_attributes([
                                ("identifier", ids.item.as_str()),
                                ("identifierref", ids.resource.as_str()),
                                ("isvisible", "true"),
                            ])
                            .write_inner_content(|w| {
                                text(w, "title", &course.info.title)?;
                                // A mastery score lets the LMS turn the status
                                // into passed/failed from the score itself,
                                // which only the passed/failed reporting wants.
                                if let Some(mark) = pass_mark(course)
                                    && course.info.reporting.reports_failure()
                                {
                                    text(w, "adlcp:masteryscore", &mark.to_string())?;
                                }
                                Ok(())
                            })?;
                        Ok(())
                    })?;
                Ok(())
            })?;
        resources(w, &ids, files, "adlcp:scormtype")
    })?;
    Ok(finish(w))
}

fn resources(w: &mut W, ids: &ScormIds, files: &[&str], scorm_type_attr: &str) -> io::Result<()> {
    w.create_element("resources").write_inner_content(|w| {
        w.create_element("resource")
            .with_attributes([
                ("identifier", ids.resource.as_str()),
                ("type", "webcontent"),
                (scorm_type_attr, "sco"),
                ("href", LAUNCH),
            ])
            .write_inner_content(|w| {
                for file in files {
                    w.create_element("file")
                        .with_attribute(("href", href(file).as_str()))
                        .write_empty()?;
                }
                Ok(())
            })?;
        Ok(())
    })?;
    Ok(())
}

/// SCORM 2004 4th edition `imsmanifest.xml`: one SCO that sets completion and
/// success itself (`completionSetByContent`, `objectiveSetByContent`; no
/// completion threshold and no minimum normalized measure that would override
/// what it reports), the course's learning objectives declared as local
/// objectives with the model's objective ids, and the LMS's continue/previous
/// buttons hidden (the SCO navigates inside itself).
pub fn scorm2004(course: &Course, files: &[&str]) -> String {
    build_scorm2004(course, files).expect("writing to memory cannot fail")
}

fn build_scorm2004(course: &Course, files: &[&str]) -> io::Result<String> {
    let ids = ScormIds::for_course(course);
    let mut w = writer()?;
    let mut root = w
        .create_element("manifest")
        .with_attribute(("identifier", ids.manifest.as_str()));
    if let Some(v) = version_attr(course) {
        root = root.with_attribute(("version", v));
    }
    root.with_attributes([
        ("xmlns", "http://www.imsglobal.org/xsd/imscp_v1p1"),
        ("xmlns:adlcp", "http://www.adlnet.org/xsd/adlcp_v1p3"),
        ("xmlns:adlseq", "http://www.adlnet.org/xsd/adlseq_v1p3"),
        ("xmlns:adlnav", "http://www.adlnet.org/xsd/adlnav_v1p3"),
        ("xmlns:imsss", "http://www.imsglobal.org/xsd/imsss"),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        (
            "xsi:schemaLocation",
            "http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd \
             http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd \
             http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd \
             http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd \
             http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd",
        ),
    ])
    .write_inner_content(|w| {
        w.create_element("metadata").write_inner_content(|w| {
            text(w, "schema", "ADL SCORM")?;
            text(w, "schemaversion", "2004 4th Edition")?;
            Ok(())
        })?;
        w.create_element("organizations")
            .with_attribute(("default", ids.organization.as_str()))
            .write_inner_content(|w| {
                w.create_element("organization")
                    .with_attributes([
                        ("identifier", ids.organization.as_str()),
                        ("adlseq:objectivesGlobalToSystem", "false"),
                    ])
                    .write_inner_content(|w| {
                        text(w, "title", &course.info.title)?;
                        w.create_element("item")
                            .with_attributes([
                                ("identifier", ids.item.as_str()),
                                ("identifierref", ids.resource.as_str()),
                            ])
                            .write_inner_content(|w| {
                                text(w, "title", &course.info.title)?;
                                item_sequencing(w, course)?;
                                w.create_element("adlnav:presentation")
                                    .write_inner_content(|w| {
                                        w.create_element("adlnav:navigationInterface")
                                            .write_inner_content(|w| {
                                                text(w, "adlnav:hideLMSUI", "previous")?;
                                                text(w, "adlnav:hideLMSUI", "continue")?;
                                                Ok(())
                                            })?;
                                        Ok(())
                                    })?;
                                Ok(())
                            })?;
                        w.create_element("imsss:sequencing")
                            .write_inner_content(|w| {
                                w.create_element("imsss:controlMode")
                                    .with_attributes([("choice", "true"), ("flow", "true")])
                                    .write_empty()?;
                                Ok(())
                            })?;
                        Ok(())
                    })?;
                Ok(())
            })?;
        resources(w, &ids, files, "adlcp:scormType")
    })?;
    Ok(finish(w))
}

fn item_sequencing(w: &mut W, course: &Course) -> io::Result<()> {
    w.create_element("imsss:sequencing")
        .write_inner_content(|w| {
            w.create_element("imsss:objectives")
                .write_inner_content(|w| {
                    // No objectiveID and satisfiedByMeasure left false: the
                    // SCO's own success status counts (NOTES.md pitfall 6).
                    w.create_element("imsss:primaryObjective").write_empty()?;
                    for objective in &course.objectives {
                        w.create_element("imsss:objective")
                            .with_attribute(("objectiveID", objective.id.as_str()))
                            .write_empty()?;
                    }
                    Ok(())
                })?;
            w.create_element("imsss:deliveryControls")
                .with_attributes([
                    ("tracked", "true"),
                    ("completionSetByContent", "true"),
                    ("objectiveSetByContent", "true"),
                ])
                .write_empty()?;
            Ok(())
        })?;
    Ok(())
}

/// The cmi5 `moveOn` criterion for the course's single AU.
pub fn move_on(course: &Course) -> &'static str {
    use trellis_model::CompletionRule::*;
    if pass_mark(course).is_none() {
        return "Completed";
    }
    match course.info.completion {
        Both => "CompletedAndPassed",
        AssessmentPassed => "Passed",
        AllLessonsViewed => "Completed",
    }
}

/// `pass_mark / 100` as an `xs:decimal` between 0 and 1, e.g. `0.8`.
pub fn decimal_fraction(percent: u32) -> String {
    let p = percent.min(100);
    if p == 100 {
        return "1".into();
    }
    let s = format!("0.{p:02}");
    let s = s.trim_end_matches('0');
    if s == "0." { "0".into() } else { s.into() }
}

/// `cmi5.xml`: the course, its objectives, and one AU (the whole course)
/// launched at `index.html` in any window, with `moveOn` and `masteryScore`
/// from the completion rule and the assessment's pass mark.
pub fn cmi5(course: &Course) -> String {
    build_cmi5(course).expect("writing to memory cannot fail")
}

fn build_cmi5(course: &Course) -> io::Result<String> {
    let lang = course.info.language.as_str();
    let mut w = writer()?;
    w.create_element("courseStructure")
        .with_attribute((
            "xmlns",
            "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd",
        ))
        .write_inner_content(|w| {
            w.create_element("course")
                .with_attribute(("id", ids::course_iri(course).as_str()))
                .write_inner_content(|w| {
                    langstring(w, "title", lang, &course.info.title)?;
                    langstring(w, "description", lang, description(course))?;
                    Ok(())
                })?;
            if !course.objectives.is_empty() {
                w.create_element("objectives").write_inner_content(|w| {
                    for o in &course.objectives {
                        w.create_element("objective")
                            .with_attribute(("id", ids::objective_iri(course, &o.id).as_str()))
                            .write_inner_content(|w| {
                                langstring(w, "title", lang, &o.statement)?;
                                langstring(w, "description", lang, &o.statement)?;
                                Ok(())
                            })?;
                    }
                    Ok(())
                })?;
            }
            let mut au = w
                .create_element("au")
                .with_attributes([("id", au_iri(course).as_str()), ("moveOn", move_on(course))]);
            let mastery = pass_mark(course).map(decimal_fraction);
            if let Some(m) = &mastery {
                au = au.with_attribute(("masteryScore", m.as_str()));
            }
            au.with_attributes([
                ("launchMethod", "AnyWindow"),
                ("activityType", "http://adlnet.gov/expapi/activities/course"),
            ])
            .write_inner_content(|w| {
                langstring(w, "title", lang, &course.info.title)?;
                langstring(w, "description", lang, description(course))?;
                if !course.objectives.is_empty() {
                    w.create_element("objectives").write_inner_content(|w| {
                        for o in &course.objectives {
                            w.create_element("objective")
                                .with_attribute((
                                    "idref",
                                    ids::objective_iri(course, &o.id).as_str(),
                                ))
                                .write_empty()?;
                        }
                        Ok(())
                    })?;
                }
                text(w, "url", LAUNCH)?;
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(finish(w))
}

/// `tincan.xml`: the course activity launched at `index.html`, then its
/// lessons, objectives and questions as activities with their IRIs, so an LRS
/// can name what statements are about.
pub fn tincan(course: &Course) -> String {
    build_tincan(course).expect("writing to memory cannot fail")
}

fn build_tincan(course: &Course) -> io::Result<String> {
    let lang = course.info.language.as_str();
    let mut w = writer()?;
    let activity = |w: &mut W, id: &str, kind: &str, name: &str| -> io::Result<()> {
        w.create_element("activity")
            .with_attributes([
                ("id", id),
                (
                    "type",
                    &format!("http://adlnet.gov/expapi/activities/{kind}"),
                ),
            ])
            .write_inner_content(|w| {
                w.create_element("name")
                    .with_attribute(("lang", lang))
                    .write_text_content(BytesText::new(name))?;
                Ok(())
            })?;
        Ok(())
    };
    w.create_element("tincan")
        .with_attribute(("xmlns", "http://projecttincan.com/tincan.xsd"))
        .write_inner_content(|w| {
            w.create_element("activities").write_inner_content(|w| {
                w.create_element("activity")
                    .with_attributes([
                        ("id", ids::course_iri(course).as_str()),
                        ("type", "http://adlnet.gov/expapi/activities/course"),
                    ])
                    .write_inner_content(|w| {
                        for (name, value) in [
                            ("name", course.info.title.as_str()),
                            ("description", description(course)),
                        ] {
                            w.create_element(name)
                                .with_attribute(("lang", lang))
                                .write_text_content(BytesText::new(value))?;
                        }
                        w.create_element("launch")
                            .with_attribute(("lang", lang))
                            .write_text_content(BytesText::new(LAUNCH))?;
                        Ok(())
                    })?;
                for lesson in course.lessons() {
                    activity(
                        w,
                        &ids::lesson_iri(course, &lesson.id),
                        "lesson",
                        &lesson.title,
                    )?;
                }
                for o in &course.objectives {
                    activity(
                        w,
                        &ids::objective_iri(course, &o.id),
                        "objective",
                        &o.statement,
                    )?;
                }
                for (lesson, block) in course.blocks() {
                    if block.question().is_some() {
                        let name = format!("{}: question {}", lesson.title, block.id);
                        activity(
                            w,
                            &ids::question_iri(course, &block.id),
                            "cmi.interaction",
                            &name,
                        )?;
                    }
                }
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(finish(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_are_decimals_in_range() {
        assert_eq!(decimal_fraction(80), "0.8");
        assert_eq!(decimal_fraction(75), "0.75");
        assert_eq!(decimal_fraction(5), "0.05");
        assert_eq!(decimal_fraction(0), "0");
        assert_eq!(decimal_fraction(100), "1");
        assert_eq!(decimal_fraction(250), "1");
    }

    #[test]
    fn hrefs_round_trip() {
        for p in ["assets/images/a b (1).png", "index.html", "assets/é#?%.png"] {
            assert_eq!(unhref(&href(p)), p);
        }
        assert_eq!(href("assets/a b.png"), "assets/a%20b.png");
        assert_eq!(unhref("bad%zz%4"), "bad%zz%4");
    }
}
