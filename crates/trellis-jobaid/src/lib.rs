//! The job aid of a Trellis course: the quick-reference a learner keeps
//! after the course (procedure steps, checklists, summaries, tables,
//! decisions, key pictures), made from the blocks and lessons the author
//! marked.
//!
//! [`model::build`] decides what goes in, in order; [`pdf::write`] prints
//! it as a tagged PDF (A4 or US Letter), [`phone::page`] as one small
//! self-contained HTML page, and [`qr_svg`] / [`qr_png`] draw the QR code
//! that points to the page's address.

pub mod model;
pub mod pdf;
pub mod phone;

pub use model::{JobAid, build, has_job_aid};

/// Paper sizes the PDF is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    pub const ALL: [Paper; 2] = [Paper::A4, Paper::Letter];

    /// Width and height in points.
    pub fn size(self) -> (f32, f32) {
        match self {
            // 210 × 297 mm.
            Paper::A4 => (595.276, 841.89),
            // 8.5 × 11 in.
            Paper::Letter => (612.0, 792.0),
        }
    }

    /// The name used in file names: `a4`, `letter`.
    pub fn name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "letter",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the job aid's PDF could not be written: {0}")]
    Pdf(String),
    #[error("the job aid's address cannot be put in a QR code: {0}")]
    Qr(String),
    #[error("the QR code picture could not be written: {0}")]
    Png(String),
}

/// The words the job aid adds around the course's own text.
#[derive(Debug, Clone)]
pub struct Labels {
    /// `{version}` is the course's version label.
    pub version: String,
    /// Page footer; `{n}` and `{total}`.
    pub page: String,
    /// `{n}`: the decision's number.
    pub decision: String,
    /// `{choice}`: the option's text.
    pub if_you: String,
    /// `{n}`: the next decision's number.
    pub go_to: String,
    /// `{ending}`: the ending's label.
    pub ends: String,
    /// Under the QR code.
    pub scan: String,
    /// Alt text of the QR code; `{url}`.
    pub qr_alt: String,
    /// Alt text of the logo.
    pub logo: String,
    /// Shown when nothing is marked for the aid.
    pub empty: String,
    /// The phone page's print button.
    pub print: String,
}

impl Labels {
    /// The labels in `language` (a BCP 47 tag), from the player's string
    /// table of that language (`trellis-render/strings/`); English for a
    /// language the player has no table for, and for any key a table lacks.
    pub fn for_language(language: &str) -> Self {
        let mut strings = trellis_render::template::string_table("en");
        if let Some(code) = trellis_model::player_language(language)
            && code != "en"
        {
            strings.extend(trellis_render::template::string_table(code));
        }
        let fallback = Labels::default();
        let pick = |key: &str, english: String| strings.get(key).cloned().unwrap_or(english);
        Labels {
            version: pick("jobAidVersion", fallback.version),
            page: pick("jobAidPage", fallback.page),
            decision: pick("jobAidDecision", fallback.decision),
            if_you: pick("jobAidIfYou", fallback.if_you),
            go_to: pick("jobAidGoTo", fallback.go_to),
            ends: pick("jobAidEnds", fallback.ends),
            scan: pick("jobAidScan", fallback.scan),
            qr_alt: pick("jobAidQrAlt", fallback.qr_alt),
            logo: pick("jobAidLogo", fallback.logo),
            empty: pick("jobAidEmpty", fallback.empty),
            print: pick("jobAidPrint", fallback.print),
        }
    }
}

impl Default for Labels {
    fn default() -> Self {
        Labels {
            version: "Version {version}".into(),
            page: "Page {n} of {total}".into(),
            decision: "Decision {n}".into(),
            if_you: "If you choose \u{201c}{choice}\u{201d}:".into(),
            go_to: "Go to decision {n}.".into(),
            ends: "Outcome: {ending}.".into(),
            scan: "Scan to open this job aid on your phone".into(),
            qr_alt: "QR code that opens this job aid at {url}".into(),
            logo: "Logo".into(),
            empty: "Nothing in this course is marked for the job aid yet.".into(),
            print: "Print".into(),
        }
    }
}

fn qr(url: &str) -> Result<qrcode::QrCode, Error> {
    qrcode::QrCode::new(url.as_bytes()).map_err(|e| Error::Qr(e.to_string()))
}

/// The QR code of `url` as an SVG picture with a four-module quiet zone,
/// labelled for screen readers.
pub fn qr_svg(url: &str, labels: &Labels) -> Result<String, Error> {
    let code = qr(url)?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(256, 256)
        .quiet_zone(true)
        .build();
    let title = trellis_render::escape_html(&labels.qr_alt.replace("{url}", url));
    // Name the picture: role and title after the opening tag.
    Ok(match svg.find("<svg ") {
        Some(at) => {
            let end = svg[at..].find('>').map(|e| at + e).unwrap_or(at);
            format!(
                "{} role=\"img\" aria-label=\"{title}\">\n<title>{title}</title>{}",
                &svg[..end],
                &svg[end + 1..]
            )
        }
        None => svg,
    })
}

/// The QR code of `url` as a PNG, eight pixels a module.
pub fn qr_png(url: &str) -> Result<Vec<u8>, Error> {
    let code = qr(url)?;
    let img = code
        .render::<image::Luma<u8>>()
        .module_dimensions(8, 8)
        .quiet_zone(true)
        .build();
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .map_err(|e| Error::Png(e.to_string()))?;
    Ok(out.into_inner())
}

/// Every file of a job aid, named as they go in the published zip.
pub struct Files {
    /// `(name, bytes)` in a fixed order.
    pub files: Vec<(String, Vec<u8>)>,
    /// Pages of the A4 PDF.
    pub pages: usize,
    pub missing_characters: Vec<char>,
}

/// `course`'s job aid laid out on A4 without drawing it, its words in the
/// course's language and its pictures sized from the course's asset list:
/// how many pages the PDF runs to and which letters it would print as `?`.
pub fn measure(course: &trellis_model::Course) -> pdf::Measure {
    let aid = build(course);
    let labels = Labels::for_language(&course.info.language);
    let sizes = |name: &str| {
        let a = course.assets.iter().find(|a| a.name == name)?;
        Some((a.width?, a.height?))
    };
    pdf::measure(&aid, Paper::A4, &labels, &sizes)
}

/// The PDF file name for `paper`, e.g. `job-aid-a4.pdf`.
pub fn pdf_name(paper: Paper) -> String {
    format!("job-aid-{}.pdf", paper.name())
}

/// The files of a job aid that a learner package carries (see
/// [`file`]): both PDFs, the phone page and the QR code's SVG (when the
/// aid has an address).
pub const PACKAGE_FILES: [&str; 4] = [
    "job-aid-a4.pdf",
    "job-aid-letter.pdf",
    "index.html",
    "qr-code.svg",
];

/// One file of the job aid by its name in the zip (`job-aid-a4.pdf`,
/// `job-aid-letter.pdf`, `index.html`, `qr-code.svg`, `qr-code.png`),
/// made alone, as [`files`] makes it; `None` for any other name, and for
/// the QR code when the aid has no address.
pub fn file(
    aid: &JobAid,
    labels: &Labels,
    assets: pdf::Assets,
    name: &str,
) -> Result<Option<Vec<u8>>, Error> {
    Ok(match name {
        "index.html" => Some(phone::page(aid, labels, assets).into_bytes()),
        "qr-code.svg" => match &aid.url {
            Some(url) => Some(qr_svg(url, labels)?.into_bytes()),
            None => None,
        },
        "qr-code.png" => match &aid.url {
            Some(url) => Some(qr_png(url)?),
            None => None,
        },
        _ => match Paper::ALL.into_iter().find(|p| pdf_name(*p) == name) {
            Some(paper) => Some(pdf::write(aid, paper, labels, assets)?.bytes),
            None => None,
        },
    })
}

/// The whole job aid: both PDFs, the phone page and, when the course has an
/// address for it, the QR code as SVG and PNG.
pub fn files(aid: &JobAid, labels: &Labels, assets: pdf::Assets) -> Result<Files, Error> {
    let mut files = Vec::new();
    let mut pages = 0;
    let mut missing = Vec::new();
    for paper in Paper::ALL {
        let pdf = pdf::write(aid, paper, labels, assets)?;
        if paper == Paper::A4 {
            pages = pdf.pages;
            missing = pdf.missing_characters;
        }
        files.push((pdf_name(paper), pdf.bytes));
    }
    files.push((
        "index.html".into(),
        phone::page(aid, labels, assets).into_bytes(),
    ));
    if let Some(url) = &aid.url {
        files.push(("qr-code.svg".into(), qr_svg(url, labels)?.into_bytes()));
        files.push(("qr-code.png".into(), qr_png(url)?));
    }
    Ok(Files {
        files,
        pages,
        missing_characters: missing,
    })
}
