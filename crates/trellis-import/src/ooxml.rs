//! The parts of an Office Open XML package (.docx, .pptx) read safely: the
//! zip is opened from bytes already in memory, every entry is read through a
//! cap (the sizes a zip declares are never trusted), the number of entries is
//! bounded, and each XML part becomes a small element tree with bounded
//! nesting and size. A document type declaration is refused outright, so no
//! entity can expand.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use quick_xml::events::Event;
use zip::ZipArchive;

use crate::ImportError;

/// Most entries a package may list; real documents have tens to hundreds.
pub const MAX_ENTRIES: usize = 5_000;
/// Largest uncompressed XML part (the document body of a 1,000-page book is
/// far smaller).
pub const MAX_XML_BYTES: u64 = 32 * 1024 * 1024;
/// Largest uncompressed media part (one image).
pub const MAX_MEDIA_BYTES: u64 = 32 * 1024 * 1024;
/// Most bytes read out of one package, all entries together.
pub const MAX_TOTAL_BYTES: u64 = 160 * 1024 * 1024;
/// Deepest element nesting accepted in an XML part.
pub const MAX_DEPTH: usize = 200;
/// Most elements and text nodes in one XML part.
pub const MAX_NODES: usize = 1_500_000;

/// The first bytes of an OLE compound file: what Office writes for a
/// password-protected (encrypted) document, and for old binary .doc/.ppt.
const OLE_SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// An element: its local name (without prefix), its attributes (local
/// names too) and its children.
#[derive(Debug, Default)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug)]
pub enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    /// The attribute of local name `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The child elements, in order.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// The first element named `name` at any depth below this one.
    pub fn find(&self, name: &str) -> Option<&Element> {
        for e in self.elements() {
            if e.name == name {
                return Some(e);
            }
            if let Some(found) = e.find(name) {
                return Some(found);
            }
        }
        None
    }

    /// Every element named `name` at any depth below this one, in order
    /// (not looking inside the ones found).
    pub fn find_all<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        for e in self.elements() {
            if e.name == name {
                out.push(e);
            } else {
                e.find_all(name, out);
            }
        }
    }

    /// The `val` attribute of the child `name`, as Office's properties keep it.
    pub fn val(&self, name: &str) -> Option<&str> {
        self.child(name).and_then(|c| c.attr("val"))
    }

    /// All text below this element, in order.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    fn collect_text(&self, out: &mut String) {
        for n in &self.children {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => e.collect_text(out),
            }
        }
    }
}

/// Whether an on/off property (`<w:b/>`, `<w:b w:val="0"/>`) is on.
pub fn on(props: Option<&Element>, name: &str) -> bool {
    match props.and_then(|p| p.child(name)) {
        None => false,
        Some(e) => !matches!(e.attr("val"), Some("0" | "false" | "off" | "none")),
    }
}

fn local(name: &str) -> String {
    match name.rsplit_once(':') {
        Some((_, local)) => local.to_owned(),
        None => name.to_owned(),
    }
}

/// Parses an XML part into its root element. `part` names it for messages.
pub fn parse(bytes: &[u8], part: &str) -> Result<Element, String> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let config = reader.config_mut();
    config.trim_text(false);
    config.expand_empty_elements = true;
    let mut stack: Vec<Element> = vec![Element::default()];
    let mut nodes = 0usize;
    let mut buf = Vec::new();
    let bad = |e: &dyn std::fmt::Display| format!("{part} is not well-formed XML ({e})");
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| bad(&e))?;
        nodes += 1;
        if nodes > MAX_NODES {
            return Err(format!(
                "{part} has more than {MAX_NODES} parts; documents this large are not imported"
            ));
        }
        match event {
            Event::Start(start) => {
                if stack.len() > MAX_DEPTH {
                    return Err(format!(
                        "{part} nests elements more than {MAX_DEPTH} deep; it is refused"
                    ));
                }
                let mut el = Element {
                    name: local(start.name().as_ref()),
                    ..Element::default()
                };
                for a in start.attributes().with_checks(false) {
                    let a = a.map_err(|e| bad(&e))?;
                    let key = a.key.as_ref();
                    if key.starts_with("xmlns") {
                        continue;
                    }
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| bad(&e))?;
                    el.attrs.push((local(key), value.into_owned()));
                }
                stack.push(el);
            }
            Event::End(_) => {
                let el = stack.pop().expect("a start for every end");
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(el)),
                    None => return Err(bad(&"an end without a start")),
                }
            }
            Event::Text(t) => {
                let text = t.xml10_content();
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(Node::Text(text.into_owned()));
                }
            }
            Event::CData(t) => {
                let text = t.into_inner().into_owned();
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(Node::Text(text));
                }
            }
            Event::GeneralRef(r) => {
                let text = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = r.into_inner().into_owned();
                        match name.as_str() {
                            "lt" => "<".into(),
                            "gt" => ">".into(),
                            "amp" => "&".into(),
                            "apos" => "'".into(),
                            "quot" => "\"".into(),
                            _ => return Err(bad(&format!("unknown entity &{name};"))),
                        }
                    }
                };
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(Node::Text(text));
                }
            }
            Event::DocType(_) => {
                return Err(format!(
                    "{part} declares a document type; Office never writes one, and it could expand entities without bound, so the file is refused"
                ));
            }
            Event::Eof => break,
            Event::Empty(_) => unreachable!("empty elements are expanded"),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
        buf.clear();
    }
    if stack.len() != 1 {
        return Err(bad(&"an element is not closed"));
    }
    let root = stack.pop().expect("the document");
    root.children
        .into_iter()
        .find_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
        .ok_or_else(|| format!("{part} is empty"))
}

/// A relationship of a part: where it points and whether outside the package.
#[derive(Debug, Clone)]
pub struct Rel {
    pub target: String,
    pub kind: String,
    pub external: bool,
}

/// An opened package.
pub struct Package {
    zip: ZipArchive<Cursor<Vec<u8>>>,
    names: BTreeMap<String, usize>,
    read: u64,
    shown: String,
}

impl Package {
    /// Opens the package `bytes` (the file `shown`, for messages); `kind`
    /// names what it should be ("Word document").
    pub fn open(bytes: Vec<u8>, shown: &str, kind: &str) -> Result<Self, ImportError> {
        let refuse = |why: String| ImportError::Refused {
            path: shown.to_owned(),
            why,
        };
        if bytes.starts_with(&OLE_SIGNATURE) {
            return Err(refuse(format!(
                "it is password-protected (encrypted), or an old binary Office file; open it in Word or LibreOffice, remove the password or save it as a {kind}, and import it again"
            )));
        }
        if !bytes.starts_with(b"PK") {
            return Err(refuse(format!(
                "it is not a {kind}: a {kind} is a zip package, and this file is not one"
            )));
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            refuse(format!(
                "it is not a {kind}: its zip package cannot be read ({e})"
            ))
        })?;
        if zip.len() > MAX_ENTRIES {
            return Err(refuse(format!(
                "its package lists {} entries; a {kind} has far fewer, so it is refused",
                zip.len()
            )));
        }
        let names = zip
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.into_owned()))
            .collect::<Vec<_>>()
            .into_iter()
            .filter_map(|n| zip.index_for_name(&n).map(|i| (n, i)))
            .collect();
        Ok(Self {
            zip,
            names,
            read: 0,
            shown: shown.to_owned(),
        })
    }

    /// The file the package came from, as messages name it.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    pub fn has(&self, name: &str) -> bool {
        self.names.contains_key(name)
    }

    fn refuse(&self, why: String) -> ImportError {
        ImportError::Refused {
            path: self.shown.clone(),
            why,
        }
    }

    /// The bytes of entry `name`, read through `cap`; `None` when there is
    /// no such entry. Over the cap, or over the package's total, is an error.
    pub fn bytes(&mut self, name: &str, cap: u64) -> Result<Option<Vec<u8>>, ImportError> {
        let Some(&index) = self.names.get(name) else {
            return Ok(None);
        };
        let left = MAX_TOTAL_BYTES.saturating_sub(self.read);
        let whole_package = left < cap;
        let cap = cap.min(left);
        let mut out = Vec::new();
        let read = match self.zip.by_index(index) {
            Ok(entry) => entry.take(cap + 1).read_to_end(&mut out).map(|_| ()),
            Err(e) => Err(std::io::Error::other(e)),
        };
        if let Err(e) = read {
            return Err(self.refuse(format!("its part {name} cannot be read ({e})")));
        }
        if out.len() as u64 > cap {
            return Err(self.refuse(if whole_package {
                format!(
                    "it unpacks to more than {} MB; documents this large (or zip bombs) are not imported",
                    MAX_TOTAL_BYTES / (1024 * 1024)
                )
            } else {
                format!(
                    "its part {name} unpacks to more than {} MB; it is refused as too large (or a zip bomb)",
                    cap / (1024 * 1024)
                )
            }));
        }
        self.read += out.len() as u64;
        Ok(Some(out))
    }

    /// The XML part `name` as an element tree; `None` when absent.
    pub fn xml(&mut self, name: &str) -> Result<Option<Element>, ImportError> {
        let Some(bytes) = self.bytes(name, MAX_XML_BYTES)? else {
            return Ok(None);
        };
        parse(&bytes, name)
            .map(Some)
            .map_err(|why| self.refuse(why))
    }

    /// The package's main part (the document, the presentation): the
    /// target of its `officeDocument` relationship when that part exists,
    /// else `default`.
    pub fn main_part(&mut self, default: &str) -> Result<String, ImportError> {
        let main = self
            .rels("")?
            .into_values()
            .find(|r| r.kind == "officeDocument" && !r.external)
            .map(|r| r.target)
            .filter(|t| self.has(t));
        Ok(main.unwrap_or_else(|| default.to_owned()))
    }

    /// The relationships of part `name` (by id), empty when it has none.
    /// Broken entries (no id or target) are left out.
    pub fn rels(&mut self, name: &str) -> Result<BTreeMap<String, Rel>, ImportError> {
        let (dir, file) = match name.rfind('/') {
            Some(i) => (&name[..i], &name[i + 1..]),
            None => ("", name),
        };
        let rels_name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let mut out = BTreeMap::new();
        let Some(root) = self.xml(&rels_name)? else {
            return Ok(out);
        };
        for r in root.elements().filter(|e| e.name == "Relationship") {
            let (Some(id), Some(target)) = (r.attr("Id"), r.attr("Target")) else {
                continue;
            };
            let external = r.attr("TargetMode") == Some("External");
            let target = if external {
                target.to_owned()
            } else {
                resolve(dir, target)
            };
            out.insert(
                id.to_owned(),
                Rel {
                    target,
                    kind: r
                        .attr("Type")
                        .and_then(|t| t.rsplit('/').next())
                        .unwrap_or("")
                        .to_owned(),
                    external,
                },
            );
        }
        Ok(out)
    }
}

/// The document's title from its properties (`docProps/core.xml`), if set.
pub fn core_title(pkg: &mut Package) -> Result<Option<String>, ImportError> {
    let Some(core) = pkg.xml("docProps/core.xml")? else {
        return Ok(None);
    };
    Ok(core
        .child("title")
        .map(|t| t.text().trim().to_owned())
        .filter(|t| !t.is_empty()))
}

/// A picture's description as a learner should hear it: empty when the
/// producer put only a file name there (pandoc writes `fig: name.png`).
pub fn description(descr: &str) -> String {
    let d = descr.trim();
    let d = d.strip_prefix("fig:").map(str::trim).unwrap_or(d);
    let lower = d.to_lowercase();
    let file_name = !d.contains(' ')
        && [
            ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".emf", ".wmf", ".bmp",
        ]
        .iter()
        .any(|e| lower.ends_with(e));
    if file_name {
        String::new()
    } else {
        d.to_owned()
    }
}

/// A package path from a relationship target relative to `dir`.
pub fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if let Some(abs) = target.strip_prefix('/') {
        return normalise(abs.split('/').collect());
    } else if dir.is_empty() {
        Vec::new()
    } else {
        dir.split('/').collect()
    };
    parts.extend(target.split('/'));
    normalise(parts)
}

fn normalise(parts: Vec<&str>) -> String {
    let mut out: Vec<&str> = Vec::new();
    for p in parts {
        match p {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            p => out.push(p),
        }
    }
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_and_deep_nesting_are_refused() {
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><w:document>&lol2;</w:document>";
        assert!(
            parse(bomb.as_bytes(), "word/document.xml")
                .unwrap_err()
                .contains("document type")
        );
        let deep = format!("{}{}", "<a>".repeat(300), "</a>".repeat(300));
        assert!(parse(deep.as_bytes(), "x").unwrap_err().contains("deep"));
        assert!(parse(b"<a><b></a>", "x").is_err());
        assert!(parse(b"<a>&foo;</a>", "x").is_err());
    }

    #[test]
    fn names_lose_their_prefixes_and_text_is_unescaped() {
        let root = parse(
            br#"<w:p xmlns:w="x"><w:r><w:t xml:space="preserve">a &amp; b&#33;</w:t></w:r><w:b w:val="0"/></w:p>"#,
            "x",
        )
        .unwrap();
        assert_eq!(root.name, "p");
        assert_eq!(root.text(), "a & b!");
        assert!(!on(Some(&root), "b"));
        assert_eq!(root.find("t").unwrap().attr("space"), Some("preserve"));
    }

    #[test]
    fn targets_resolve_against_their_part() {
        assert_eq!(resolve("word", "media/image1.png"), "word/media/image1.png");
        assert_eq!(resolve("ppt/slides", "../media/a.png"), "ppt/media/a.png");
        assert_eq!(resolve("word", "/word/media/x.png"), "word/media/x.png");
    }
}
