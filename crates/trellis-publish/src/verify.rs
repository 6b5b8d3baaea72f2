//! Checks on a package's manifest that the official schemas cannot make:
//! references resolve, every named file exists, every file of a SCORM package
//! is listed, the schema version is right, mastery scores are in range and
//! identifiers are legal. Run it beside the schema validation (`xmllint`);
//! it is also how the conformance suite judges packages.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};

use crate::limits::{check_ncname, is_absolute_iri};
use crate::manifest::unhref;

pub const NS_CP12: &str = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";
pub const NS_ADLCP12: &str = "http://www.adlnet.org/xsd/adlcp_rootv1p2";
pub const NS_CP2004: &str = "http://www.imsglobal.org/xsd/imscp_v1p1";
pub const NS_ADLCP2004: &str = "http://www.adlnet.org/xsd/adlcp_v1p3";
pub const NS_IMSSS: &str = "http://www.imsglobal.org/xsd/imsss";
pub const NS_CMI5: &str = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";
pub const NS_TINCAN: &str = "http://projecttincan.com/tincan.xsd";

/// An element with namespace-resolved names.
#[derive(Debug, Clone, Default)]
pub struct Element {
    pub ns: String,
    pub local: String,
    /// (namespace, local name, value); the namespace is empty for
    /// unprefixed attributes.
    pub attrs: Vec<(String, String, String)>,
    pub children: Vec<Element>,
    pub text: String,
}

impl Element {
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attr_ns("", local)
    }

    pub fn attr_ns(&self, ns: &str, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, l, _)| n == ns && l == local)
            .map(|(_, _, v)| v.as_str())
    }

    pub fn child(&self, local: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.local == local)
    }

    /// Every element below this one (depth first), with this one first.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = vec![self];
        let mut i = 0;
        while i < out.len() {
            let e = out[i];
            out.extend(e.children.iter());
            i += 1;
        }
        out
    }
}

/// Parses XML into an [`Element`] tree, resolving namespace prefixes.
pub fn parse(xml: &str) -> Result<Element, String> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Element> = Vec::new();
    let mut scopes: Vec<HashMap<String, String>> = vec![HashMap::from([(
        "xml".to_owned(),
        "http://www.w3.org/XML/1998/namespace".to_owned(),
    )])];
    let mut root = None;
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "not well-formed XML at byte {}: {e}",
                reader.error_position()
            )
        })?;
        match event {
            Event::Start(ref start) | Event::Empty(ref start) => {
                let empty = matches!(event, Event::Empty(_));
                let mut scope = scopes.last().cloned().unwrap_or_default();
                let mut raw = Vec::new();
                for attr in start.attributes() {
                    let attr = attr.map_err(|e| format!("bad attribute: {e}"))?;
                    let key = attr.key.as_ref().to_owned();
                    let value = attr
                        .normalized_value(XmlVersion::Implicit1_0)
                        .map_err(|e| format!("bad attribute value: {e}"))?
                        .into_owned();
                    if key == "xmlns" {
                        scope.insert(String::new(), value);
                    } else if let Some(p) = key.strip_prefix("xmlns:") {
                        scope.insert(p.to_owned(), value);
                    } else {
                        raw.push((key, value));
                    }
                }
                let qname = start.name().as_ref().to_owned();
                let (ns, local) = resolve(&scope, &qname, true)?;
                let mut attrs = Vec::new();
                for (key, value) in raw {
                    let (ans, alocal) = resolve(&scope, &key, false)?;
                    attrs.push((ans, alocal, value));
                }
                let element = Element {
                    ns,
                    local,
                    attrs,
                    ..Element::default()
                };
                if empty {
                    attach(&mut stack, &mut root, element);
                } else {
                    stack.push(element);
                    scopes.push(scope);
                }
            }
            Event::End(_) => {
                let element = stack.pop().ok_or("unbalanced end tag")?;
                scopes.pop();
                attach(&mut stack, &mut root, element);
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml_content(XmlVersion::Implicit1_0));
                }
            }
            Event::GeneralRef(r) => {
                if let Some(top) = stack.last_mut() {
                    let name = r.into_inner();
                    top.text.push_str(&unescape(&format!("&{name};"))?);
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml_content(XmlVersion::Implicit1_0));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err("the document ends inside an element".into());
    }
    root.ok_or_else(|| "the document has no root element".into())
}

fn unescape(s: &str) -> Result<String, String> {
    quick_xml::escape::unescape(s)
        .map(|c| c.into_owned())
        .map_err(|e| format!("bad character reference: {e}"))
}

fn attach(stack: &mut [Element], root: &mut Option<Element>, element: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None => *root = Some(element),
    }
}

fn resolve(
    scope: &HashMap<String, String>,
    qname: &str,
    element: bool,
) -> Result<(String, String), String> {
    match qname.split_once(':') {
        Some((prefix, local)) => scope
            .get(prefix)
            .map(|ns| (ns.clone(), local.to_owned()))
            .ok_or_else(|| format!("the prefix `{prefix}` of `{qname}` is not declared")),
        None if element => Ok((scope.get("").cloned().unwrap_or_default(), qname.to_owned())),
        None => Ok((String::new(), qname.to_owned())),
    }
}

/// The manifest kinds this module knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Scorm12,
    Scorm2004,
    Cmi5,
    Tincan,
}

/// Which manifest a package holds, by file name, then the kind by root
/// namespace.
pub fn find_manifest(files: &BTreeMap<String, Vec<u8>>) -> Option<(&'static str, Kind)> {
    for name in ["imsmanifest.xml", "cmi5.xml", "tincan.xml"] {
        if let Some(bytes) = files.get(name) {
            let xml = String::from_utf8_lossy(bytes);
            let kind = parse(&xml).ok().and_then(|root| kind_of(&root));
            return kind.map(|k| (name, k));
        }
    }
    None
}

fn kind_of(root: &Element) -> Option<Kind> {
    match (root.ns.as_str(), root.local.as_str()) {
        (NS_CP12, "manifest") => Some(Kind::Scorm12),
        (NS_CP2004, "manifest") => Some(Kind::Scorm2004),
        (NS_CMI5, "courseStructure") => Some(Kind::Cmi5),
        (NS_TINCAN, "tincan") => Some(Kind::Tincan),
        _ => None,
    }
}

/// Checks a manifest. With `files` (the package's paths), also checks that
/// what it names exists and, for SCORM, that it lists every file.
/// Returns the problems found; empty means it passed.
pub fn check_manifest(xml: &str, files: Option<&BTreeSet<String>>) -> Vec<String> {
    let root = match parse(xml) {
        Ok(root) => root,
        Err(e) => return vec![e],
    };
    let mut problems = Vec::new();
    match kind_of(&root) {
        Some(Kind::Scorm12) => check_scorm(&root, Kind::Scorm12, files, &mut problems),
        Some(Kind::Scorm2004) => check_scorm(&root, Kind::Scorm2004, files, &mut problems),
        Some(Kind::Cmi5) => check_cmi5(&root, files, &mut problems),
        Some(Kind::Tincan) => check_tincan(&root, files, &mut problems),
        None => problems.push(format!(
            "unknown root element `{}` in namespace `{}`",
            root.local, root.ns
        )),
    }
    problems
}

/// Checks a whole package: finds its manifest and checks it against the
/// package's files.
pub fn check_package(files: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let Some((name, _)) = find_manifest(files) else {
        return vec!["no imsmanifest.xml, cmi5.xml or tincan.xml of a known kind".into()];
    };
    let paths: BTreeSet<String> = files.keys().cloned().collect();
    let xml = String::from_utf8_lossy(&files[name]);
    check_manifest(&xml, Some(&paths))
}

fn number_in(s: &str, lo: f64, hi: f64) -> bool {
    s.trim()
        .parse::<f64>()
        .is_ok_and(|v| v.is_finite() && (lo..=hi).contains(&v))
}

fn check_scorm(
    root: &Element,
    kind: Kind,
    files: Option<&BTreeSet<String>>,
    problems: &mut Vec<String>,
) {
    let (cp, adlcp, version, type_attr) = match kind {
        Kind::Scorm12 => (NS_CP12, NS_ADLCP12, "1.2", "scormtype"),
        _ => (NS_CP2004, NS_ADLCP2004, "2004 4th Edition", "scormType"),
    };
    let all = root.descendants();
    let cp_elements = |local: &'static str| {
        all.iter()
            .copied()
            .filter(move |e| e.ns == cp && e.local == local)
    };

    // Metadata.
    let meta = root.child("metadata");
    let schema = meta.and_then(|m| m.child("schema")).map(|e| e.text.trim());
    let schemaversion = meta
        .and_then(|m| m.child("schemaversion"))
        .map(|e| e.text.trim());
    if schema != Some("ADL SCORM") {
        problems.push(format!(
            "metadata/schema is {schema:?}; it must be \"ADL SCORM\""
        ));
    }
    if schemaversion != Some(version) {
        problems.push(format!(
            "metadata/schemaversion is {schemaversion:?}; it must be {version:?}"
        ));
    }

    // Identifiers: legal and unique.
    let mut ids = BTreeSet::new();
    for e in &all {
        if e.ns != cp {
            continue;
        }
        if let Some(id) = e.attr("identifier") {
            if let Err(why) = check_ncname(id) {
                problems.push(why);
            }
            if !ids.insert(id.to_owned()) {
                problems.push(format!("identifier `{id}` is used twice"));
            }
        }
    }

    // References.
    let resources: BTreeMap<&str, &Element> = cp_elements("resource")
        .filter_map(|r| r.attr("identifier").map(|id| (id, r)))
        .collect();
    let organizations: BTreeSet<&str> = cp_elements("organization")
        .filter_map(|o| o.attr("identifier"))
        .collect();
    if organizations.is_empty() {
        problems.push("the manifest has no organization".into());
    }
    if let Some(default) = cp_elements("organizations")
        .next()
        .and_then(|o| o.attr("default"))
        && !organizations.contains(default)
    {
        problems.push(format!(
            "organizations/@default `{default}` names no organization"
        ));
    }
    for item in cp_elements("item") {
        if let Some(r) = item.attr("identifierref")
            && !resources.contains_key(r)
        {
            problems.push(format!(
                "item `{}` refers to resource `{r}`, which does not exist",
                item.attr("identifier").unwrap_or("?")
            ));
        }
    }
    for dep in cp_elements("dependency") {
        if let Some(r) = dep.attr("identifierref")
            && !resources.contains_key(r)
        {
            problems.push(format!("a dependency refers to missing resource `{r}`"));
        }
    }

    // Resources: SCORM type, files.
    let mut listed = BTreeSet::new();
    for (id, res) in &resources {
        match res.attr_ns(adlcp, type_attr) {
            Some("sco" | "asset") => {}
            other => problems.push(format!(
                "resource `{id}` has adlcp:{type_attr} {other:?}; it must be \"sco\" or \"asset\""
            )),
        }
        let mut named: Vec<String> = res.attr("href").map(unhref).into_iter().collect();
        for f in res
            .children
            .iter()
            .filter(|c| c.ns == cp && c.local == "file")
        {
            match f.attr("href") {
                Some(h) => {
                    let path = unhref(h);
                    listed.insert(path.clone());
                    named.push(path);
                }
                None => problems.push(format!("a file of resource `{id}` has no href")),
            }
        }
        if let Some(files) = files {
            for path in named {
                let path = path.split(['?', '#']).next().unwrap_or_default().to_owned();
                if !files.contains(&path) {
                    problems.push(format!(
                        "resource `{id}` names `{path}`, which is not in the package"
                    ));
                }
            }
        }
    }
    if let Some(files) = files {
        for f in files {
            if f != "imsmanifest.xml" && !f.ends_with('/') && !listed.contains(f) {
                problems.push(format!("`{f}` is in the package but no resource lists it"));
            }
        }
    }

    // Scores.
    for e in &all {
        match (kind, e.ns.as_str(), e.local.as_str()) {
            (Kind::Scorm12, NS_ADLCP12, "masteryscore") if !number_in(&e.text, 0.0, 100.0) => {
                problems.push(format!(
                    "adlcp:masteryscore `{}` is not a number from 0 to 100",
                    e.text.trim()
                ))
            }
            (Kind::Scorm2004, NS_IMSSS, "minNormalizedMeasure")
                if !number_in(&e.text, -1.0, 1.0) =>
            {
                problems.push(format!(
                    "imsss:minNormalizedMeasure `{}` is not a number from -1 to 1",
                    e.text.trim()
                ))
            }
            (Kind::Scorm2004, NS_ADLCP2004, "completionThreshold") => {
                if let Some(m) = e.attr("minProgressMeasure")
                    && !number_in(m, 0.0, 1.0)
                {
                    problems.push(format!(
                        "adlcp:completionThreshold minProgressMeasure `{m}` is not from 0 to 1"
                    ));
                }
            }
            _ => {}
        }
    }
}

fn check_cmi5(root: &Element, files: Option<&BTreeSet<String>>, problems: &mut Vec<String>) {
    let all = root.descendants();
    let mut ids = BTreeSet::new();
    let mut declared = BTreeSet::new();
    if let Some(objectives) = root.child("objectives") {
        for o in objectives
            .children
            .iter()
            .filter(|c| c.local == "objective")
        {
            if let Some(id) = o.attr("id") {
                declared.insert(id.to_owned());
            }
        }
    }
    match root.child("course").and_then(|c| c.attr("id")) {
        Some(id) if is_absolute_iri(id) => {
            ids.insert(id.to_owned());
        }
        other => problems.push(format!("the course id {other:?} is not an absolute IRI")),
    }
    let mut aus = 0;
    for e in &all {
        match e.local.as_str() {
            "au" | "block" => {
                let id = e.attr("id").unwrap_or_default();
                if !is_absolute_iri(id) {
                    problems.push(format!("{} id `{id}` is not an absolute IRI", e.local));
                }
                if !ids.insert(id.to_owned()) {
                    problems.push(format!("id `{id}` is used twice"));
                }
                for r in e
                    .child("objectives")
                    .map(|o| o.children.as_slice())
                    .unwrap_or_default()
                {
                    match r.attr("idref") {
                        Some(idref) if declared.contains(idref) => {}
                        other => problems.push(format!(
                            "{} `{id}` refers to objective {other:?}, which is not declared",
                            e.local
                        )),
                    }
                }
            }
            _ => {}
        }
        if e.local != "au" {
            continue;
        }
        aus += 1;
        let id = e.attr("id").unwrap_or_default();
        if let Some(m) = e.attr("masteryScore")
            && !number_in(m, 0.0, 1.0)
        {
            problems.push(format!(
                "au `{id}` has masteryScore `{m}`; it must be a number from 0 to 1"
            ));
        }
        if let Some(m) = e.attr("moveOn")
            && !matches!(
                m,
                "NotApplicable"
                    | "Passed"
                    | "Completed"
                    | "CompletedAndPassed"
                    | "CompletedOrPassed"
            )
        {
            problems.push(format!("au `{id}` has an unknown moveOn `{m}`"));
        }
        if let Some(m) = e.attr("launchMethod")
            && !matches!(m, "AnyWindow" | "OwnWindow")
        {
            problems.push(format!("au `{id}` has an unknown launchMethod `{m}`"));
        }
        match e.child("url").map(|u| u.text.trim()) {
            None | Some("") => problems.push(format!("au `{id}` has no url")),
            Some(url) => {
                if let Some(files) = files
                    && !is_absolute_iri(url)
                {
                    let path = unhref(url.split(['?', '#']).next().unwrap_or_default());
                    if !files.contains(&path) {
                        problems.push(format!(
                            "au `{id}` launches `{path}`, which is not in the package"
                        ));
                    }
                }
            }
        }
    }
    if aus == 0 {
        problems.push("the course structure has no au".into());
    }
}

fn check_tincan(root: &Element, files: Option<&BTreeSet<String>>, problems: &mut Vec<String>) {
    let activities: Vec<&Element> = root
        .child("activities")
        .map(|a| {
            a.children
                .iter()
                .filter(|c| c.local == "activity")
                .collect()
        })
        .unwrap_or_default();
    let mut launches = 0;
    let mut ids = BTreeSet::new();
    for a in &activities {
        let id = a.attr("id").unwrap_or_default();
        if !is_absolute_iri(id) {
            problems.push(format!("activity id `{id}` is not an absolute IRI"));
        }
        if !ids.insert(id) {
            problems.push(format!("activity id `{id}` is used twice"));
        }
        if let Some(launch) = a.child("launch") {
            launches += 1;
            let path = unhref(
                launch
                    .text
                    .trim()
                    .split(['?', '#'])
                    .next()
                    .unwrap_or_default(),
            );
            if let Some(files) = files
                && !files.contains(&path)
            {
                problems.push(format!(
                    "activity `{id}` launches `{path}`, which is not in the package"
                ));
            }
        }
    }
    if launches == 0 {
        problems.push("tincan.xml has no activity with a launch".into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_namespaces() {
        let root = parse(
            r#"<?xml version="1.0"?><m xmlns="urn:a" xmlns:b="urn:b"><b:x b:y="1" z="&amp;2">t&lt;</b:x></m>"#,
        )
        .unwrap();
        assert_eq!(root.ns, "urn:a");
        let x = &root.children[0];
        assert_eq!((x.ns.as_str(), x.local.as_str()), ("urn:b", "x"));
        assert_eq!(x.attr_ns("urn:b", "y"), Some("1"));
        assert_eq!(x.attr("z"), Some("&2"));
        assert_eq!(x.text, "t<");
        assert!(parse("<a><b></a>").is_err());
        assert!(parse("<p:a/>").is_err());
    }
}
