// Every form control of the editor does what it says: each one in Settings,
// Theme, Objectives, Assets, Publish, the assessment lesson's header and
// every block and question editor is driven once, and the course file on
// disk (read back with `trellis export`, tests/ui/course-file.mjs) must then
// hold the value. Published packages are checked on disk.
//
// The test is a table: panel -> control (by its accessible name) -> how to
// drive it -> where the value must land. Each panel's controls are listed
// from the page first, and a control without a row fails the test, so a new
// control cannot go untested.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { saved, png, openEditor } from "./harness.mjs";
import { readCourseFile } from "./course-file.mjs";

let editor, browser, page, bin, work, file;

// ---- The course the test starts from: one block of every kind. -----------

const MP4 = Buffer.from("\0\0\0\x18ftypmp42\0\0\0\0", "latin1");
const MP3 = Buffer.from("ID3\x04\0\0\0\0\0\0", "latin1");
const VTT = (s) => Buffer.from(`WEBVTT\n\n00:00.000 --> 00:01.000\n${s}\n`);

const COURSE = `id = "controls"
title = "Every control"
language = "en"
version = "1.0"

[[objectives]]
id = "o1"
statement = "Identify the first thing."

[[objectives]]
id = "o2"
statement = "Explain the second thing."

[[modules]]
id = "m1"
title = "Module one"
lessons = ["content", "practice", "quiz"]
`;

const CONTENT = `+++
id = "content"
title = "Content"
template = "free"
+++

::: text {id = "t1"}
Some text.
:::

::: heading {id = "h1"}
text = "A heading"
level = 2
:::

::: image {id = "im1"}
asset = "images/a.png"
alt = "A gradient"
caption = "First caption"
layout = "image-left"
markdown = "Words beside."
:::

::: video {id = "v1"}
asset = "media/clip.mp4"
title = "A clip"
captions = "captions/a.vtt"
transcript = "Words said."
poster = "images/a.png"
:::

::: audio {id = "au1"}
asset = "media/sound.mp3"
title = "A sound"
captions = "captions/a.vtt"
transcript = "Words heard."
:::

::: callout {id = "co1", style = "info", title = "Note"}
Callout text.
:::

::: quote {id = "qu1", attribution = "Someone"}
Quoted text.
:::

::: accordion {id = "ac1"}
[[panels]]
id = "p1"
title = "Panel one"
markdown = "Panel text."
:::

::: tabs {id = "tb1"}
[[panels]]
id = "p1"
title = "Tab one"
markdown = "Tab text."
:::

::: process {id = "pr1", job_aid = true}
[[steps]]
id = "s1"
title = "Step one"
markdown = "Step text."
:::

::: columns {id = "cols1"}
[[columns]]
id = "k1"
title = "Column one"
markdown = "Column text."

[[columns]]
id = "k2"
markdown = "Second column."
:::

::: flashcards {id = "fc1"}
[[cards]]
id = "f1"
front = "Term"
back = "Definition"
:::

::: labelled-graphic {id = "lg1"}
asset = "images/a.png"
alt = "A gradient with a marker"

[[markers]]
id = "m1"
x = 10
y = 20
label = "Marker"
markdown = "Marker text."
:::

::: divider {id = "dv1"}
:::
`;

const COMMON = `objectives = ["o1"]
correct_feedback = "Right."
incorrect_feedback = "Not quite."
hint = "Think."`;
const CHOICES = `
[[choices]]
id = "c1"
text = "First"
correct = true
feedback = "Because first."

[[choices]]
id = "c2"
text = "Second"
feedback = "Because second."`;

const PRACTICE = `+++
id = "practice"
title = "Practice"
template = "free"
+++

::: question {id = "q-single"}
type = "single-choice"
prompt = "Which one?"
scored = true
${COMMON}
${CHOICES}
:::

::: question {id = "q-multi"}
type = "multiple-response"
prompt = "Which ones?"
${COMMON}
${CHOICES}
:::

::: question {id = "q-tf"}
type = "true-false"
prompt = "The sky is blue."
${COMMON}
correct = true
true_feedback = "Yes."
false_feedback = "No."
:::

::: question {id = "q-fill"}
type = "fill-blank"
prompt = "The ___ is blue."
${COMMON}
accepted = ["sky"]
:::

::: question {id = "q-match"}
type = "matching"
prompt = "Match them."
${COMMON}

[[pairs]]
id = "p1"
left = "Cat"
right = "Meow"

[[pairs]]
id = "p2"
left = "Dog"
right = "Woof"
:::

::: question {id = "q-order"}
type = "ordering"
prompt = "Put them in order."
${COMMON}

[[items]]
id = "i1"
text = "One"

[[items]]
id = "i2"
text = "Two"
:::

::: question {id = "q-num"}
type = "numeric"
prompt = "How many?"
${COMMON}
value = 3
:::

::: scenario {id = "sc1"}
title = "A choice"
objectives = ["o1"]
start = "n1"

[[nodes]]
id = "n1"
narrative = "What now?"

[[nodes.choices]]
id = "c1"
text = "Go on"
consequence = "You go on."
next = "n2"

[[nodes]]
id = "n2"
narrative = "The end."
ending = { label = "Done", score = 100 }

[[nodes]]
id = "n3"
narrative = "A detour."

[[nodes.choices]]
id = "c2"
text = "Back on track"
consequence = "You find the way."
next = "n2"
:::
`;

const QUIZ = `+++
id = "quiz"
title = "Quiz"
template = "assessment"

[assessment]
shuffle = false
pass_mark = 80
+++

::: question {id = "qz1", slot = "pool"}
type = "single-choice"
prompt = "Ready?"
${COMMON}
${CHOICES}
:::
`;

function writeCourseFolder(dir) {
  const put = (rel, data) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), data);
  };
  put("course.toml", COURSE);
  put("lessons/content.md", CONTENT);
  put("lessons/practice.md", PRACTICE);
  put("lessons/quiz.md", QUIZ);
  put("assets/images/a.png", png(32, 20));
  put("assets/images/b.png", png(20, 32));
  put("assets/media/clip.mp4", MP4);
  put("assets/media/clip2.mp4", MP4);
  put("assets/media/sound.mp3", MP3);
  put("assets/media/sound2.mp3", MP3);
  put("assets/captions/a.vtt", VTT("A"));
  put("assets/captions/b.vtt", VTT("B"));
}

// ---- How a control is driven. ---------------------------------------------

/** Types into a text field and leaves it (fields commit on blur). */
const type = (v) => async (el) => { await el.fill(v); await el.press("Tab"); };
/** Replaces the text of a rich-text field (the editor, or its stand-in). */
const write = (v) => async (el) => {
  await el.click();
  await page.locator(".rt-content.ProseMirror-focused").waitFor();
  await page.keyboard.press("Control+a");
  await page.keyboard.type(v);
  await page.keyboard.press("Tab");
};
const pick = (v) => async (el) => { await el.selectOption(v); };
const tick = (on) => async (el) => { await el.setChecked(on); };
const colour = (v) => async (el) => { await el.fill(v); };
const upload = (name, buffer, mimeType) => async (el) => {
  await el.setInputFiles({ name, mimeType, buffer });
  await page.getByText(`Imported ${name}.`).first().waitFor();
};

/** Chooses a target and publishes. */
const publishAs = async (el) => {
  await el.check();
  await publish();
};
/** Publishes: in browser mode the package downloads; it is saved in the work folder. */
let lastPackage = null;
async function publish() {
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 60000 }),
    page.locator("section.publish").getByRole("button", { name: "Publish and download" }).click(),
  ]);
  lastPackage = path.join(work, "downloads", download.suggestedFilename());
  fs.mkdirSync(path.dirname(lastPackage), { recursive: true });
  await download.saveAs(lastPackage);
  return lastPackage;
}
const packagePath = async () => lastPackage;
/** The names of the files in a zip. */
const entries = (zip) => execFileSync("unzip", ["-Z1", zip], { encoding: "utf8" }).split("\n").filter(Boolean);
const unzipText = (zip, name) => execFileSync("unzip", ["-p", zip, name], { encoding: "utf8" });

// ---- The table: panel -> control -> where its value lands. -----------------
//
// A row: [accessible name (numbers of repeated items as N), drive, check]
// with an optional `nth` (which of several same-named controls). `check`
// gets the course as the file holds it (and, for Publish, the package) and
// returns [what is there, what must be there].

const row = (name, drive, check, opts = {}) => ({ name, drive, check, ...opts });
const B = (id) => (c) => c.block(id);

/** A question's rows; `scored`: it starts as a scored knowledge check (the box is then cleared). */
function questionRows(id, answerRows, newType, { scored = false } = {}) {
  const q = B(id);
  return [
    row("Points", type("3"), (c) => [q(c).points, 3]),
    row("Attempts (0 = unlimited)", type("0"), (c) => [q(c).attempts ?? 1, 0]),
    row("Counts toward the course score", tick(!scored), (c) => [q(c).scored, scored ? undefined : true]),
    row("Prompt", write(`Prompt of ${id}, edited`), (c) => [q(c).prompt, `Prompt of ${id}, edited`]),
    ...answerRows,
    row("Feedback when right", type("Right, edited."), (c) => [q(c).correct_feedback, "Right, edited."]),
    row("Feedback when wrong", type("Wrong, edited."), (c) => [q(c).incorrect_feedback, "Wrong, edited."]),
    row("Hint", type("A hint, edited."), (c) => [q(c).hint, "A hint, edited."]),
    row("Link an objective", pick("o2"), (c) => [q(c).objectives, ["o1", "o2"]]),
    // Last: a new type replaces the answer, and its controls with it.
    row("Question type", pick(newType), (c) => [q(c).type, newType]),
  ];
}
function choiceRows(id, single) {
  const q = B(id);
  return [
    row("Choice N", type("First, edited"), (c) => [q(c).choices[0].text, "First, edited"]),
    row("Feedback for choice N", type("Feedback, edited."), (c) => [q(c).choices[0].feedback, "Feedback, edited."]),
    row("Correct", tick(true), (c) => [q(c).choices.map((x) => !!x.correct), single ? [false, true] : [true, true]], { nth: 1 }),
  ];
}
function panelRows(id, word, key) {
  return [
    row(`${word} N title`, type(`${word} one, edited`), (c) => [B(id)(c)[key][0].title, `${word} one, edited`]),
    row(`${word} N text`, write(`${word} text, edited.`), (c) => [B(id)(c)[key][0].markdown, `${word} text, edited.`]),
  ];
}
function mediaRows(id, kind) {
  const b = B(id);
  const file = kind === "video" ? "Video file" : "Audio file";
  const [other, ext, bytes, mime] = kind === "video" ? ["media/clip2.mp4", "mp4", MP4, "video/mp4"] : ["media/sound2.mp3", "mp3", MP3, "audio/mpeg"];
  return [
    row(file, pick(other), (c) => [b(c).asset, other]),
    row(`${file}: import a file`, upload(`new-${kind}.${ext}`, bytes, mime), (c) => [[b(c).asset, c.assets.includes(`new-${kind}.${ext}`)], [`new-${kind}.${ext}`, true]]),
    row("…or a URL (https)", type(`https://media.example.com/${kind}.${ext}`), (c) => [[b(c).url, b(c).asset], [`https://media.example.com/${kind}.${ext}`, undefined]]),
    row("Title", type(`A ${kind}, edited`), (c) => [b(c).title, `A ${kind}, edited`]),
    row("Captions (WebVTT)", pick("captions/b.vtt"), (c) => [b(c).captions, "captions/b.vtt"]),
    row("Captions (WebVTT): import a file", upload(`${kind}.vtt`, VTT(kind), "text/vtt"), (c) => [[b(c).captions, c.assets.includes(`${kind}.vtt`)], [`${kind}.vtt`, true]]),
    ...(kind === "video" ? [
      row("Poster image", pick("images/b.png"), (c) => [b(c).poster, "images/b.png"]),
      row("Poster image: import a file", upload("poster.png", png(16, 9), "image/png"), (c) => [[b(c).poster, c.assets.includes("poster.png")], ["poster.png", true]]),
    ] : []),
    row("Transcript", type(`The ${kind} transcript, edited.`), (c) => [b(c).transcript, `The ${kind} transcript, edited.`]),
  ];
}
function imageRows(id, alt, extra) {
  const b = B(id);
  return [
    row("Image", pick("images/b.png"), (c) => [b(c).asset, "images/b.png"]),
    row("Image: import a file", upload(`${id}.png`, png(8, 8), "image/png"), (c) => [[b(c).asset, c.assets.includes(`${id}.png`)], [`${id}.png`, true]]),
    row(alt, type("A picture, edited"), (c) => [b(c).alt, "A picture, edited"]),
    ...extra,
  ];
}

const nav = (label) => async () => {
  await page.locator("nav.views button", { hasText: label }).click();
};
const lesson = (id) => async () => {
  await page.locator(`.t-lesson[data-id="${id}"]`).click();
  await page.waitForFunction((l) => document.querySelector(".t-lesson.current")?.getAttribute("data-id") === l && document.querySelector(".lesson .card, .lesson .empty-state"), id);
};
const card = (id) => `.card[data-block="${id}"]`;

const targets = [
  ["SCORM 1.2", (zip) => /<schemaversion>1\.2<\/schemaversion>/.test(unzipText(zip, "imsmanifest.xml"))],
  ["SCORM 2004", (zip) => /2004/.test(unzipText(zip, "imsmanifest.xml"))],
  ["cmi5", (zip) => entries(zip).includes("cmi5.xml")],
  ["xAPI (Tin Can)", (zip) => entries(zip).includes("tincan.xml")],
  ["Web site", (zip) => entries(zip).includes("index.html") && !entries(zip).includes("imsmanifest.xml")],
  // A review build pins comments to blocks.
  ["Review build (for SMEs)", (zip) => unzipText(zip, "index.html").includes("data-rv-block=")],
  // The process block is in the job aid (the course above).
  ["Job aid (PDF and phone page)", (zip) => entries(zip).includes("job-aid-a4.pdf") && entries(zip).includes("index.html")],
];

const PANELS = [
  { panel: "Settings", open: nav("Settings"), scope: "section.settings", rows: [
    row("Course title", type("Every control, edited"), (c) => [c.course.title, "Every control, edited"]),
    row("Description", type("What the course is about."), (c) => [c.course.description, "What the course is about."]),
    row("Language (e.g. en, fr-CA)", type("fr-CA"), (c) => [c.course.language, "fr-CA"]),
    row("Version", type("2.1"), (c) => [c.course.version, "2.1"]),
    row("Authors (comma separated)", type("Ana Diaz, Ben Ode"), (c) => [c.course.authors, ["Ana Diaz", "Ben Ode"]]),
    row("The course is complete when", pick("assessment-passed"), (c) => [c.course.completion, "assessment-passed"]),
    row("What the LMS shows when a learner passes / fails", pick("completed-incomplete"), (c) => [c.course.reporting, "completed-incomplete"]),
    row("Course pass mark (%)", type("70"), (c) => [c.course.scoring?.pass_mark, 70]),
    // Shown while the course has both a scored knowledge check and an assessment.
    row("Share of the score from knowledge checks (%)", type("30"), (c) => [c.course.scoring?.checks_weight, 30]),
  ] },
  { panel: "Theme", open: nav("Theme"), scope: "section.theme", rows: [
    row("Primary (links, buttons)", colour("#aa3300"), (c) => [c.course.theme?.primary_color, "#aa3300"]),
    row("Primary (links, buttons) hex", type("#123456"), (c) => [c.course.theme?.primary_color, "#123456"]),
    row("Background", colour("#fefefe"), (c) => [c.course.theme?.background_color, "#fefefe"]),
    row("Background hex", type("#fafafa"), (c) => [c.course.theme?.background_color, "#fafafa"]),
    row("Text", colour("#222222"), (c) => [c.course.theme?.text_color, "#222222"]),
    row("Text hex", type("#111111"), (c) => [c.course.theme?.text_color, "#111111"]),
    row("Body font", pick("Verdana, sans-serif"), (c) => [c.course.theme?.body_font, "Verdana, sans-serif"]),
    row("Heading font", pick('"Atkinson Hyperlegible", system-ui, sans-serif'), (c) => [c.course.theme?.heading_font, '"Atkinson Hyperlegible", system-ui, sans-serif']),
    row("Logo", pick("images/b.png"), (c) => [c.course.theme?.logo, "images/b.png"]),
  ] },
  { panel: "Objectives", open: nav("Objectives"), scope: "section.objectives", rows: [
    row("Objective N", type("Identify the first thing, edited."), (c) => [c.course.objectives[0].statement, "Identify the first thing, edited."]),
    row("Level", pick("apply"), (c) => [c.course.objectives[0].bloom, "apply"]),
  ] },
  { panel: "Assets", open: nav("Assets"), scope: "section.assets", rows: [
    row("Files to import", upload("from-assets.png", png(12, 12), "image/png"), (c) => [c.assets.includes("from-assets.png"), true]),
  ] },
  { panel: "Publish", open: nav("Publish"), scope: "section.publish", rows: [
    ...targets.map(([label, ok]) => row(label, publishAs, async () => {
      const zip = await packagePath();
      return [[path.basename(zip), fs.existsSync(zip) && ok(zip)], [path.basename(zip), true]];
    })),
  ] },
  // A block's slot in a template lesson (before the row below makes the quiz free).
  { panel: "a block's slot", open: lesson("quiz"), scope: card("qz1") + " .card-slot", rows: [
    row("Template slot of this question · single choice", pick(""), (c) => [c.block("qz1").slot, undefined]),
  ] },
  { panel: "the assessment lesson", scope: ".lesson-head", rows: [
    row("Draw (questions per attempt)", type("1"), (c) => [c.lessons.quiz.assessment?.draw, 1]),
    row("Pass mark (%)", type("65"), (c) => [c.lessons.quiz.assessment?.pass_mark, 65]),
    row("Attempts (0 = unlimited)", type("3"), (c) => [c.lessons.quiz.assessment?.attempts, 3]),
    row("Shuffle questions", tick(true), (c) => [c.lessons.quiz.assessment?.shuffle ?? true, true]),
    row("Put this whole lesson in the job aid", tick(true), (c) => [c.lessons.quiz.job_aid, true]),
    row("Lesson title", type("Quiz, edited"), (c) => [c.lessons.quiz.title, "Quiz, edited"]),
    row("Template", pick("free"), (c) => [c.lessons.quiz.template, "free"]),
  ] },
  { panel: "text block", open: lesson("content"), scope: card("t1"), rows: [
    row("Text", write("Some text, edited."), (c) => [c.block("t1").markdown, "Some text, edited."]),
  ] },
  { panel: "heading block", scope: card("h1"), rows: [
    row("Heading", type("A heading, edited"), (c) => [c.block("h1").text, "A heading, edited"]),
    row("Level", pick("3"), (c) => [c.block("h1").level, 3]),
  ] },
  { panel: "image block", scope: card("im1"), rows: imageRows("im1", "Alt text (what the image shows, for screen readers)", [
    row("Caption", type("Caption, edited"), (c) => [c.block("im1").caption, "Caption, edited"]),
    row("Decorative (screen readers skip it)", tick(true), (c) => [c.block("im1").decorative, true]),
    // The layout picker (the block starts beside its text, so every control
    // is on screen); the text beside the image goes before the layouts that
    // hide it. The default layout is not written to the file.
    row("Text beside the image", write("Words beside, edited."), (c) => [c.block("im1").markdown, "Words beside, edited."]),
    row("Image right", tick(true), (c) => [c.block("im1").layout, "image-right"]),
    row("Full width", tick(true), (c) => [[c.block("im1").layout, c.block("im1").markdown], ["full-width", "Words beside, edited."]]),
    row("Centred", tick(true), (c) => [c.block("im1").layout, undefined]),
    row("Image left", tick(true), (c) => [c.block("im1").layout, "image-left"]),
  ]) },
  { panel: "video block", scope: card("v1"), rows: mediaRows("v1", "video") },
  { panel: "audio block", scope: card("au1"), rows: mediaRows("au1", "audio") },
  { panel: "callout block", scope: card("co1"), rows: [
    row("Style", pick("warning"), (c) => [c.block("co1").style, "warning"]),
    row("Title", type("Careful"), (c) => [c.block("co1").title, "Careful"]),
    row("Callout text", write("Callout text, edited."), (c) => [c.block("co1").markdown, "Callout text, edited."]),
  ] },
  { panel: "quote block", scope: card("qu1"), rows: [
    row("Quote", write("Quoted, edited."), (c) => [c.block("qu1").markdown, "Quoted, edited."]),
    row("Attribution", type("Someone else"), (c) => [c.block("qu1").attribution, "Someone else"]),
  ] },
  { panel: "accordion block", scope: card("ac1"), rows: panelRows("ac1", "Panel", "panels") },
  { panel: "tabs block", scope: card("tb1"), rows: panelRows("tb1", "Tab", "panels") },
  { panel: "process block", scope: card("pr1"), rows: panelRows("pr1", "Step", "steps") },
  { panel: "text columns block", scope: card("cols1"), rows: panelRows("cols1", "Column", "columns") },
  { panel: "flashcards block", scope: card("fc1"), rows: [
    row("Card N front", type("Term, edited"), (c) => [c.block("fc1").cards[0].front, "Term, edited"]),
    row("Card N back", type("Definition, edited"), (c) => [c.block("fc1").cards[0].back, "Definition, edited"]),
  ] },
  { panel: "labelled graphic block", scope: card("lg1"), rows: imageRows("lg1", "Alt text", [
    row("Marker N label", type("Marker, edited"), (c) => [c.block("lg1").markers[0].label, "Marker, edited"]),
    row("X %", type("33.5"), (c) => [c.block("lg1").markers[0].x, 33.5]),
    row("Y %", type("66"), (c) => [c.block("lg1").markers[0].y, 66]),
    row("Marker N text", write("Marker text, edited."), (c) => [c.block("lg1").markers[0].markdown, "Marker text, edited."]),
  ]) },
  { panel: "divider block", scope: card("dv1"), rows: [] },
  { panel: "single-choice question", open: lesson("practice"), scope: card("q-single"), rows: questionRows("q-single", choiceRows("q-single", true), "multiple-response", { scored: true }) },
  { panel: "multiple-response question", scope: card("q-multi"), rows: questionRows("q-multi", choiceRows("q-multi", false), "single-choice") },
  { panel: "true-false question", scope: card("q-tf"), rows: questionRows("q-tf", [
    row("False is right", tick(true), (c) => [c.block("q-tf").correct, false]),
    row("True is right", tick(true), (c) => [c.block("q-tf").correct, true]),
    row("Feedback when the learner answers True", type("Yes, edited."), (c) => [c.block("q-tf").true_feedback, "Yes, edited."]),
    row("Feedback when the learner answers False", type("No, edited."), (c) => [c.block("q-tf").false_feedback, "No, edited."]),
  ], "fill-blank") },
  { panel: "fill-in-the-blank question", scope: card("q-fill"), rows: questionRows("q-fill", [
    row("Accepted answer N", type("heaven"), (c) => [c.block("q-fill").accepted, ["heaven"]]),
    row("Case sensitive", tick(true), (c) => [c.block("q-fill").case_sensitive, true]),
  ], "true-false") },
  { panel: "matching question", scope: card("q-match"), rows: questionRows("q-match", [
    row("Left N", type("Cow"), (c) => [c.block("q-match").pairs[0].left, "Cow"]),
    row("Matches N", type("Moo"), (c) => [c.block("q-match").pairs[0].right, "Moo"]),
    // The learner's list beside it: picking the second term's match trades the two.
    row("Right match for term N in the learner's list", pick("p2"), (c) => [c.block("q-match").pairs.map((p) => p.right), ["Woof", "Moo"]]),
  ], "ordering") },
  { panel: "ordering question", scope: card("q-order"), rows: questionRows("q-order", [
    row("Item N", type("First of all"), (c) => [c.block("q-order").items[0].text, "First of all"]),
  ], "matching") },
  { panel: "numeric question", scope: card("q-num"), rows: questionRows("q-num", [
    row("Correct value", type("42.5"), (c) => [c.block("q-num").value, 42.5]),
    row("Tolerance (±)", type("0.5"), (c) => [c.block("q-num").tolerance, 0.5]),
  ], "single-choice") },
  { panel: "scenario", scope: card("sc1"), rows: [
    row("Scenario title", type("A choice, edited"), (c) => [c.block("sc1").title, "A choice, edited"]),
    row("Narrative of node N", write("What now, edited?"), (c) => [c.block("sc1").nodes[0].narrative, "What now, edited?"]),
    row("Choice N of node N", type("Go on, edited"), (c) => [c.block("sc1").nodes[0].choices[0].text, "Go on, edited"]),
    row("Consequence", type("You went on."), (c) => [c.block("sc1").nodes[0].choices[0].consequence, "You went on."]),
    row("Leads to", pick("n3"), (c) => [c.block("sc1").nodes[0].choices[0].next, "n3"]),
    row("Ending label", type("Done, edited"), (c) => [c.block("sc1").nodes[1].ending.label, "Done, edited"]),
    row("Score (0–100, empty = not scored)", type("50"), (c) => [c.block("sc1").nodes[1].ending.score, 50]),
    row("Ending", tick(true), (c) => [[{ ...c.block("sc1").nodes[2].ending }, c.block("sc1").nodes[2].choices], [{ label: "Outcome", score: 100 }, undefined]], { nth: 2 }),
    row("Starts at", pick("n2"), (c) => [c.block("sc1").start, "n2"]),
    row("Link an objective", pick("o2"), (c) => [c.block("sc1").objectives, ["o1", "o2"]]),
  ] },
];

// Each block that can go in the job aid has the choice in its margin: the
// value picked (in, out, or the automatic default) and what the file holds.
const JOB_AID = { t1: "in", h1: "out", im1: "in", co1: "in", qu1: "out", ac1: "in", tb1: "in", pr1: "", cols1: "in", fc1: "in", lg1: "in", sc1: "in" };
for (const p of PANELS) {
  const id = /^\.card\[data-block="([^"]+)"\]$/.exec(p.scope)?.[1];
  if (id && id in JOB_AID) {
    p.rows.push(row("In the job aid", pick(JOB_AID[id]), (c) => [c.block(id).job_aid, { in: true, out: false, "": undefined }[JOB_AID[id]]]));
  }
}
// ---- Listing the controls of a panel by their accessible names. ------------

/** The form controls under `scope`, each tagged `data-ctl` and named. */
function controlsIn(scope) {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel);
    if (!root) return null;
    const text = (el) => (el?.textContent ?? "").replace(/\s+/g, " ").trim();
    const nameOf = (el) => {
      if (el.getAttribute("aria-label")) return el.getAttribute("aria-label");
      const by = el.getAttribute("aria-labelledby");
      if (by) return by.split(/\s+/).map((id) => text(document.getElementById(id))).join(" ");
      if (el.labels?.length) return [...el.labels].map(text).join(" ");
      return el.getAttribute("title") || el.getAttribute("placeholder") || "";
    };
    const found = root.querySelectorAll('input:not([type=hidden]), select, textarea, [contenteditable="true"], [role=textbox], [role=combobox], [role=checkbox], [role=radio], [role=switch], [role=spinbutton], [role=slider]');
    return [...new Set(found)].map((el, i) => {
      el.setAttribute("data-ctl", String(i));
      // Repeated items are numbered ("Choice 2 of node 1"): a row may name
      // them all ("Choice N of node N").
      const name = nameOf(el);
      return { ctl: String(i), name, kind: name.replace(/(?<=\s)\d+(?=\s|$)/g, "N") };
    });
  }, scope);
}

// ---- Running the table. ------------------------------------------------------

before(async () => {
  editor = await openEditor((work) => {
    const folder = path.join(work, "course");
    writeCourseFolder(folder);
    return folder;
  }, { name: "controls" });
  ({ browser, page, bin, work, file } = editor);
});

after(() => editor?.close());

for (const p of PANELS) {
  test(`every control of ${p.panel} stores its value`, async () => {
    if (p.open) await p.open();
    await page.locator(p.scope).first().waitFor();
    await page.locator(p.scope).first().scrollIntoViewIfNeeded();
    // The controls on screen, each with a row.
    const present = await controlsIn(p.scope);
    const rowFor = (c) => p.rows.find((r) => r.name === c.name || r.name === c.kind);
    assert.deepEqual([...new Set(present.filter((c) => !rowFor(c)).map((c) => c.name))], [], `controls of ${p.panel} with no row in the table`);
    assert.deepEqual(p.rows.filter((r) => !present.some((c) => rowFor(c) === r)).map((r) => r.name), [], `rows of ${p.panel} whose control is not on screen`);

    const wrong = [];
    for (const r of p.rows) {
      const same = (await controlsIn(p.scope)).filter((c) => c.name === r.name || c.kind === r.name);
      const target = same[r.nth ?? 0];
      assert.ok(target, `${p.panel}: control "${r.name}" (#${(r.nth ?? 0) + 1}) is on screen`);
      const el = page.locator(`${p.scope} [data-ctl="${target.ctl}"]`).first();
      await el.scrollIntoViewIfNeeded();
      await r.drive(el);
      await saved(page);
      const [got, want] = await r.check(readCourseFile(bin, file));
      try {
        assert.deepEqual(got, want);
      } catch {
        wrong.push(`"${r.name}": the file holds ${JSON.stringify(got)}, not ${JSON.stringify(want)}`);
      }
    }
    assert.deepEqual(wrong, [], `controls of ${p.panel} whose value the course file does not hold`);
  });
}

// The image layout picker is a radio group: arrow keys move the choice, and
// the course file follows.
test("the image layout picker works from the keyboard", async () => {
  await lesson("content")();
  const radios = page.locator(`${card("im1")} fieldset[data-field=layout] input[type=radio]`);
  await radios.first().waitFor();
  assert.deepEqual(await page.locator(`${card("im1")} fieldset[data-field=layout] legend`).textContent(), "Layout");
  await page.locator(`${card("im1")} fieldset[data-field=layout] input:checked`).focus();
  const layout = () => readCourseFile(bin, file).block("im1").layout;
  assert.equal(layout(), "image-left", "the table's last row left the image on the left");
  await page.keyboard.press("ArrowRight");
  await saved(page);
  assert.equal(layout(), "image-right");
  // The text beside the image is shown for the beside layouts only.
  assert.equal(await page.locator(card("im1")).getByRole("textbox", { name: "Text beside the image" }).count(), 1);
  await page.keyboard.press("ArrowRight");
  await saved(page);
  assert.equal(layout(), undefined, "wraps round to the default, not written");
  assert.equal(await page.locator(card("im1")).getByRole("textbox", { name: "Text beside the image" }).count(), 0);
  await page.keyboard.press("ArrowLeft");
  await saved(page);
  assert.equal(layout(), "image-right");
  assert.equal(await page.evaluate(() => document.activeElement?.labels?.[0]?.textContent.trim()), "Image right");
});
