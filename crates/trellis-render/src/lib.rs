//! Renders a Trellis course to an accessible, responsive HTML site and ships
//! the player that runs it.
//!
//! [`render`] turns a [`Course`] into a [`Site`]: `index.html` (every lesson
//! as a `<section>`, the text in the HTML so it shows before any script
//! runs, with the player's styles inline so nothing delays the first paint)
//! and `trellis.js`. The player is small,
//! dependency-free JavaScript embedded in this crate (`player/`), put
//! together per course and [`Target`] from only the modules needed (see
//! [`player::modules_for`]). It adds navigation, questions, assessments,
//! scenarios, scoring, resume and tracking (local storage, SCORM 1.2,
//! SCORM 2004 4th edition, cmi5, xAPI).
//!
//! Markdown goes through pulldown-cmark and then ammonia with an allow-list,
//! so course content cannot inject script. The page template, the style
//! sheets and the UI strings are embedded and can each be overridden by a
//! file of the same name in [`RenderOptions::theme_dir`] (see
//! [`template::EMBEDDED`]).
//!
//! [`state_budget`] computes the longest saved-state string the player can
//! write for a course, for the 4,096-character SCORM 1.2 limit.
//!
//! Rendering is deterministic: the same course and options give the same
//! bytes. Asset bytes are not copied; pages refer to `assets/<name>`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use trellis_model::Course;

pub mod budget;
pub mod data;
#[doc(hidden)]
pub mod fixtures;
pub mod fonts;
mod html;
pub mod ids;
mod markdown;
pub mod player;
pub mod preview;
pub mod template;

pub use budget::{BudgetPart, StateBudget, state_budget};
/// Escapes text for HTML content and double-quoted attribute values.
pub use markdown::escape as escape_html;

/// Course Markdown as a learner page gets it: rendered and sanitised,
/// block content (`inline` false) or phrasing content such as labels and
/// buttons (`inline` true). Every course text goes through this path on its
/// way into a published page; it is public for the fuzz targets (`fuzz/`)
/// and tests, which check that nothing that could run survives it.
#[doc(hidden)]
pub fn sanitized_markdown(md: &str, inline: bool) -> String {
    let flow = if inline {
        markdown::Flow::Inline
    } else {
        markdown::Flow::Block
    };
    markdown::Sanitizer::new().render(md, flow)
}

/// What the site is published for; decides the tracking adapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Scorm12,
    Scorm2004,
    Cmi5,
    Xapi,
    /// A plain web site: progress is kept in the browser.
    Web,
    /// The authoring tool's preview: like `Web`, with its own storage key.
    Preview,
    /// A review build for subject-matter experts: like `Web` (progress in
    /// the browser, under its own storage key), plus the review layer
    /// (`review.js`, `review.css`) that pins comments to lessons, blocks and
    /// their parts and saves them as a `.trellis-review` file. Never part of
    /// a learner package.
    Review,
}

impl Target {
    pub const ALL: [Target; 7] = [
        Self::Scorm12,
        Self::Scorm2004,
        Self::Cmi5,
        Self::Xapi,
        Self::Web,
        Self::Preview,
        Self::Review,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scorm12 => "scorm12",
            Self::Scorm2004 => "scorm2004",
            Self::Cmi5 => "cmi5",
            Self::Xapi => "xapi",
            Self::Web => "web",
            Self::Preview => "preview",
            Self::Review => "review",
        }
    }
}

impl std::str::FromStr for Target {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| format!("unknown target `{s}`"))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    pub target: Target,
    /// A folder whose files replace embedded ones of the same name:
    /// `page.html`, `strings.json` (merged key by key), `base.css`,
    /// `blocks.css`, `questions.css`, `scenario.css`.
    pub theme_dir: Option<PathBuf>,
    /// Every language of a package that holds several (see
    /// [`render_languages`]); empty for a package in one language.
    pub languages: Vec<PageLanguage>,
}

/// One language's page of a package holding several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLanguage {
    /// The BCP 47 tag, e.g. `fr`.
    pub lang: String,
    /// Its launch page in the package, e.g. `index.fr.html`.
    pub href: String,
}

/// The name of language `tag` in that language ("Français"), for the
/// learner's language picker; the tag itself when the player has no
/// strings for it.
pub fn language_name(tag: &str) -> String {
    trellis_model::player_language(tag)
        .and_then(|code| template::string_table(code).remove("languageName"))
        .unwrap_or_else(|| tag.to_owned())
}

impl RenderOptions {
    pub fn new(target: Target) -> Self {
        Self {
            target,
            theme_dir: None,
            languages: Vec::new(),
        }
    }
}

/// The rendered files, by relative `/`-separated path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Site {
    pub files: BTreeMap<String, Vec<u8>>,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("theme file `{file}`: {message}")]
    Theme { file: String, message: String },
    #[error("template `{file}`: {message}")]
    Template { file: String, message: String },
}

fn valid_color(c: &str) -> bool {
    let hex = c.strip_prefix('#').unwrap_or("");
    (hex.len() == 6 || hex.len() == 3) && hex.chars().all(|c| c.is_ascii_hexdigit())
}

fn valid_font(f: &str) -> bool {
    !f.trim().is_empty()
        && f.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | ',' | '-' | '_' | '"' | '\''))
}

/// Relative luminance of a `#rgb`/`#rrggbb` colour (WCAG 2).
fn luminance(c: &str) -> f64 {
    let hex = c.trim_start_matches('#');
    let full: String = if hex.len() == 3 {
        hex.chars().flat_map(|c| [c, c]).collect()
    } else {
        hex.to_owned()
    };
    let channel = |i: usize| {
        let v = f64::from(u8::from_str_radix(&full[i..i + 2], 16).unwrap_or(0)) / 255.0;
        if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

/// The theme as CSS custom properties. Invalid values fall back to defaults,
/// so a theme cannot inject CSS.
fn theme_css(course: &Course, used: &[&fonts::Font]) -> String {
    let theme = &course.info.theme;
    let defaults = trellis_model::Theme::default();
    let color = |v: &str, d: &str| {
        if valid_color(v) {
            v.to_owned()
        } else {
            d.to_owned()
        }
    };
    let font = |v: &str, d: &str| {
        if valid_font(v) {
            fonts::stack_shown(v, used)
        } else {
            d.to_owned()
        }
    };
    let primary = color(&theme.primary_color, &defaults.primary_color);
    // Text on the primary colour: whichever of white and black contrasts more.
    let l = luminance(&primary);
    let on_primary = if (1.05 / (l + 0.05)) >= ((l + 0.05) / 0.05) {
        "#ffffff"
    } else {
        "#000000"
    };
    format!(
        ":root{{--t-primary:{primary};--t-on-primary:{on_primary};--t-bg:{};--t-text:{};--t-font:{};--t-heading-font:{}}}",
        color(&theme.background_color, &defaults.background_color),
        color(&theme.text_color, &defaults.text_color),
        font(&theme.body_font, &defaults.body_font),
        font(&theme.heading_font, &defaults.heading_font),
    )
}

/// Renders `course` for `options.target`: every lesson drawn in full, for
/// every target (the editor's lighter preview page is [`preview::page`]).
pub fn render(course: &Course, options: &RenderOptions) -> Result<Site, RenderError> {
    render_page(course, options, None)
}

/// One site holding `courses`, the same course in several languages (the
/// source first, then its translations, as `trellis_translate` makes them):
/// the first at `index.html`, each other at `index.<lang>.html`, all
/// sharing `trellis.js`, assets and fonts. The player opens the learner's
/// language (see `player/languages.js`).
pub fn render_languages(courses: &[&Course], options: &RenderOptions) -> Result<Site, RenderError> {
    let Some(first) = courses.first() else {
        return Ok(Site::default());
    };
    let mut options = options.clone();
    options.languages = courses
        .iter()
        .enumerate()
        .map(|(i, c)| PageLanguage {
            lang: c.info.language.clone(),
            href: if i == 0 {
                "index.html".to_owned()
            } else {
                format!("index.{}.html", c.info.language)
            },
        })
        .collect();
    let mut site = Site::default();
    for (course, page) in courses.iter().zip(options.languages.clone()) {
        let one = render_page(course, &options, None)?;
        for (name, bytes) in one.files {
            let name = if name == "index.html" {
                page.href.clone()
            } else {
                name
            };
            site.files.entry(name).or_insert(bytes);
        }
    }
    site.files.insert(
        "trellis.js".to_owned(),
        player::script_in_languages(first, options.target).into_bytes(),
    );
    Ok(site)
}

/// The site with every lesson drawn (`only: None`), or only the lesson at
/// page `only` drawn and the others as placeholders (see
/// [`html::PageWriter::placeholder`]). The player data is the whole
/// course's either way.
pub(crate) fn render_page(
    course: &Course,
    options: &RenderOptions,
    only: Option<usize>,
) -> Result<Site, RenderError> {
    use markdown::escape;

    let templates = template::Templates::load(options.theme_dir.as_deref(), &course.info.language)?;
    let sanitizer = markdown::Sanitizer::new();
    let mut writer = html::PageWriter::new(course, &templates, &sanitizer);
    writer.review = options.target == Target::Review;
    writer.set_job_aid(options);
    let menu = writer.menu();
    let mut lessons = String::new();
    for (page, lesson) in course.lessons().enumerate() {
        if only.is_some_and(|o| o != page) {
            lessons.push_str(&writer.placeholder(page, lesson));
        } else {
            lessons.push_str(&writer.lesson(page, lesson));
        }
        lessons.push('\n');
    }
    let logo = course
        .info
        .theme
        .logo
        .as_deref()
        .map(|l| {
            format!(
                "<img class=\"t-logo\" src=\"{}\" alt=\"\">",
                escape(&html::asset_url(l))
            )
        })
        .unwrap_or_default();
    let toolbar = format!(
        "<button type=\"button\" class=\"t-btn t-menu-btn\" aria-expanded=\"false\" aria-controls=\"t-menu\" hidden>{}</button>\n<p class=\"t-progress\" hidden><span data-t=\"progress\"></span> <progress data-t=\"progress-bar\" max=\"100\" value=\"0\" aria-label=\"{}\"></progress> <span data-t=\"course-score\" hidden></span></p>",
        escape(templates.s("menu")),
        escape(templates.s("progressBar")),
    );
    let pager = format!(
        "<nav class=\"t-pager\" aria-label=\"{}\" hidden><button type=\"button\" class=\"t-btn\" data-t=\"prev\">{}</button> <button type=\"button\" class=\"t-btn t-primary\" data-t=\"next\">{}</button></nav>",
        escape(templates.s("lessonNav")),
        escape(templates.s("prev")),
        escape(templates.s("next")),
    );
    let live = "<div id=\"t-live\" class=\"t-vh\" role=\"status\" aria-live=\"polite\" aria-atomic=\"true\"></div>";
    let mut data = data::course_data(course, options.target, &templates);
    if !options.languages.is_empty() {
        data.languages = Some(
            options
                .languages
                .iter()
                .map(|l| data::LanguageData {
                    language: l.lang.clone(),
                    name: crate::language_name(&l.lang),
                    href: l.href.clone(),
                })
                .collect(),
        );
    }
    let data = format!(
        "<script type=\"application/json\" id=\"trellis-data\">{}</script>",
        data::script_json(&data)
    );
    let title = escape(&course.info.title);
    let lang = escape(&course.info.language);
    let dir = if trellis_model::is_right_to_left(&course.info.language) {
        "rtl"
    } else {
        "ltr"
    };
    // The player's styles go inline, before the theme's custom properties:
    // no second request stands between the page and its first paint.
    // The bundled fonts the theme names first come with the site.
    let fonts = fonts::used(course);
    let theme = format!(
        "{}{}{}",
        fonts::font_face_css(&fonts),
        player::style(course, &templates, options.target),
        theme_css(course, &fonts)
    );
    let skip = escape(templates.s("skip"));
    let page = template::fill(
        "page.html",
        templates.file("page.html"),
        &[
            ("lang", &lang),
            ("dir", dir),
            ("title", &title),
            ("theme_css", &theme),
            ("skip_label", &skip),
            ("logo", &logo),
            ("toolbar", &toolbar),
            ("menu", &menu),
            ("lessons", &lessons),
            ("pager", &pager),
            ("live", live),
            ("data", &data),
        ],
    )?;
    let page = with_csp(page, options.target);
    let mut files = BTreeMap::new();
    files.insert("index.html".to_owned(), page.into_bytes());
    files.insert(
        "trellis.js".to_owned(),
        player::script(course, options.target).into_bytes(),
    );
    files.extend(fonts::files(&fonts));
    Ok(Site { files })
}

/// Whether the package for `target` carries the course's job aid: every
/// learner target does when the course has one (not the review build and
/// not the editor's preview).
pub fn has_job_aid_files(course: &Course, target: Target) -> bool {
    !matches!(target, Target::Review | Target::Preview) && course.has_job_aid()
}

/// Whether the last lesson of `course`, drawn for `target`, ends with the
/// job aid's links: in every learner package that carries the files, and
/// in the editor's preview, whose server makes them when they are asked
/// for; not in the review build.
pub fn shows_job_aid_links(course: &Course, target: Target) -> bool {
    target != Target::Review && course.has_job_aid()
}

/// Where a page's job aid files are in the package: `job-aid/` for the
/// course's own language, `job-aid/<lang>/` for each translation's page.
pub fn job_aid_dir(course: &Course, options: &RenderOptions) -> String {
    match options.languages.first() {
        Some(first) if first.lang != course.info.language => {
            format!("job-aid/{}/", course.info.language)
        }
        _ => "job-aid/".to_owned(),
    }
}

/// The Content-Security-Policy of a learner package's page, so that the
/// Markdown sanitiser is not the only defence: scripts only from the
/// package's own files (the player is `trellis.js`; the course data is an
/// inert `application/json` block), no plug-ins, no `<base>`, and no inline
/// style but the page's own `<style>` element (the player's CSS, inlined
/// for the first paint), allowed by its hash `style_hash` (see
/// [`style_hash`]): no `style` attribute, so markup that slipped past the
/// sanitiser cannot restyle the page (hotspot markers are placed by the
/// player through the style object, which a policy does not govern).
/// Media and images may come from elsewhere, as a course may link them;
/// requests may go anywhere, since xAPI and cmi5 send statements to the
/// LRS named at launch. A SCORM package talks to the LMS through
/// `window.parent`, which no policy touches. `frame-ancestors` cannot be
/// set from a page (an LMS frames it).
pub fn package_csp(style_hash: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self' '{style_hash}'; \
         img-src 'self' data: blob: https: http:; media-src 'self' data: blob: https: http:; \
         font-src 'self' data:; connect-src *; object-src 'none'; base-uri 'none'"
    )
}

/// The CSP source for an inline `<style>` (or `<script>`) element holding `css`:
/// `sha256-` and the base64 of the SHA-256 of its text, as browsers hash it.
pub fn style_hash(css: &str) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(css.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// `page` with [`package_csp`] as a `<meta>` after its charset, for the
/// package targets, allowing the page's `<style>` element by its hash. The
/// preview and the review build are served by `trellis studio` and
/// `trellis review` with their own policy as a header (and a review build
/// opened from `file://` has no address of its own for `'self'` to name).
fn with_csp(page: String, target: Target) -> String {
    if matches!(target, Target::Preview | Target::Review) {
        return page;
    }
    let css = page
        .split_once("<style>")
        .and_then(|(_, rest)| rest.split_once("</style>"))
        .map_or("", |(css, _)| css);
    let csp = package_csp(&style_hash(css));
    let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">");
    let at = page
        .find("<meta charset=\"utf-8\">")
        .map(|i| i + "<meta charset=\"utf-8\">".len())
        .or_else(|| page.find("<head>").map(|i| i + "<head>".len()));
    match at {
        Some(at) => format!("{}\n{meta}{}", &page[..at], &page[at..]),
        None => page,
    }
}

/// The styles inlined in a rendered site's launch page (the player's CSS and
/// the theme's custom properties): what a stylesheet file would hold.
pub fn inline_css(site: &Site) -> &str {
    let page = site
        .files
        .get("index.html")
        .and_then(|p| std::str::from_utf8(p).ok())
        .unwrap_or("");
    page.split_once("<style>")
        .and_then(|(_, rest)| rest.split_once("</style>"))
        .map_or("", |(css, _)| css)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_values_cannot_inject_css() {
        let mut c = trellis_model::sample::demo_course();
        c.info.theme.primary_color = "red;}body{display:none".into();
        c.info.theme.body_font = "x;}</style><script>".into();
        let css = theme_css(&c, &fonts::used(&c));
        assert!(!css.contains("display:none") && !css.contains("<"), "{css}");
        assert!(css.contains("--t-primary:#1f5f8b"));
    }

    #[test]
    fn text_on_primary_contrasts() {
        let mut c = trellis_model::sample::demo_course();
        c.info.theme.primary_color = "#ffdd00".into();
        assert!(theme_css(&c, &fonts::used(&c)).contains("--t-on-primary:#000000"));
        c.info.theme.primary_color = "#1f5f8b".into();
        assert!(theme_css(&c, &fonts::used(&c)).contains("--t-on-primary:#ffffff"));
    }

    #[test]
    fn a_bundled_theme_font_ships_with_its_licence_and_others_add_nothing() {
        let mut c = trellis_model::sample::demo_course();
        let plain = render(&c, &RenderOptions::new(Target::Web)).unwrap();
        assert!(!plain.files.keys().any(|k| k.starts_with("fonts/")));
        assert!(!inline_css(&plain).contains("@font-face"));

        c.info.theme.body_font = "\"Lora\", Georgia, serif".into();
        c.info.theme.heading_font = "\"Atkinson Hyperlegible\", system-ui, sans-serif".into();
        let site = render(&c, &RenderOptions::new(Target::Web)).unwrap();
        let fonts: Vec<&String> = site
            .files
            .keys()
            .filter(|k| k.starts_with("fonts/"))
            .collect();
        assert_eq!(fonts.len(), 10, "{fonts:?}");
        for f in [
            "fonts/lora-OFL.txt",
            "fonts/atkinson-hyperlegible-OFL.txt",
            "fonts/lora-latin-700-italic.woff2",
        ] {
            assert!(site.files.contains_key(f), "{f}");
        }
        let css = inline_css(&site);
        assert!(css.contains(
            "@font-face{font-family:\"Lora\";src:url(fonts/lora-latin-400-normal.woff2) format(\"woff2\");font-weight:400;font-style:normal"
        ));
        // The same family for body and headings ships once.
        c.info.theme.heading_font = "Lora, serif".into();
        let site = render(&c, &RenderOptions::new(Target::Web)).unwrap();
        assert_eq!(
            site.files
                .keys()
                .filter(|k| k.starts_with("fonts/"))
                .count(),
            5
        );
    }

    #[test]
    fn a_bundled_font_without_the_course_letters_gives_way_to_the_rest_of_its_stack() {
        let mut c = trellis_model::sample::demo_course();
        c.info.theme.body_font = "\"Lora\", Georgia, serif".into();
        c.info.theme.heading_font = "\"Source Sans 3\", system-ui, sans-serif".into();
        c.info.language = "el".into();
        c.modules[0].lessons[0].title = "Ασφάλεια στην αποθήκη".into();
        let site = render(&c, &RenderOptions::new(Target::Web)).unwrap();
        assert!(!site.files.keys().any(|k| k.starts_with("fonts/")));
        let css = inline_css(&site);
        assert!(!css.contains("@font-face"));
        assert!(
            css.contains("--t-font:Georgia, serif;--t-heading-font:system-ui, sans-serif}"),
            "{css}"
        );
        // Latin-1 letters (French, German, Spanish…) keep the bundled font.
        c.info.language = "fr".into();
        c.modules[0].lessons[0].title = "Sécurité à l'entrepôt : ça compte".into();
        let site = render(&c, &RenderOptions::new(Target::Web)).unwrap();
        assert!(site.files.contains_key("fonts/lora-latin-400-normal.woff2"));
        assert!(inline_css(&site).contains("--t-font:\"Lora\", Georgia, serif;"));
    }
}
