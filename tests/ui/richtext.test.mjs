// Rich text edited in place, stored as Markdown: in real headless Chromium
// against the real `trellis studio`, an author types, selects, formats and
// pastes through the keyboard and the clipboard, and the test reads the
// Markdown stored in the course file (`trellis export`).
//
// The clipboard HTML of Word (mso-list paragraphs), Google Docs (the
// font-weight:normal wrapper, styled spans, lists nested in lists) and web
// pages is written by hand after what they put on the clipboard;
// LibreOffice's is real: tests/fixtures/paste/libreoffice-7.4-writer.html
// is what LibreOffice Writer 7.4 put on the X clipboard after Select All
// and Copy of tests/fixtures/paste/libreoffice-source.html opened in Writer
// (captured with tests/fixtures/paste/capture-libreoffice.py).
//
// Run: (cd tests && node --test ui/richtext.test.mjs)
// Needs: ui/dist (built when missing), cargo (or TRELLIS_BIN), /usr/bin/chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { saved, openEditor, writeCourse } from "./harness.mjs";
import { readCourseFile } from "./course-file.mjs";

let editor, studio, page, bin, work, file;

const COURSE = `id = "richtext"
title = "Rich text"
language = "en"
version = "1.0"

[[modules]]
id = "m1"
title = "Module one"
lessons = ["text"]
`;

const WRAPPED = `A long sentence that the course file
hard-wraps over two lines.

| Sign | Meaning |
|------|---------|
| Urgent | Pressure |

Last paragraph.`;

const ids = ["bold", "list", "caret", "breaks", "link", "wrap", "word", "gdocs", "web", "undo", "clip", "libreoffice"];
const LESSON = `+++
id = "text"
title = "Text"
template = "free"
+++

${ids.map((id) => `::: text {id = "${id}"}\n${id === "wrap" ? WRAPPED : `Text of ${id}.`}\n:::\n`).join("\n")}`;

before(async () => {
  editor = await openEditor((work) => writeCourse(path.join(work, "course"), COURSE, { "text.md": LESSON }), { name: "richtext" });
  ({ studio, page, bin, work, file } = editor);
  await page.locator(".t-lesson", { hasText: "Text" }).first().click();
});

after(() => editor?.close());

const card = (id) => page.locator(`.card[data-block="${id}"]`);
const field = (id) => card(id).locator('[aria-label="Text"][role="textbox"]');
const stored = (id) => readCourseFile(bin, file).block(id).markdown;
const press = (k) => page.keyboard.press(k);
const type = (t) => page.keyboard.type(t);

/** Clicks into a block's text and selects all of it. */
async function enter(id) {
  await card(id).scrollIntoViewIfNeeded();
  await field(id).click();
  await page.locator(`.card[data-block="${id}"] .rt-content.ProseMirror-focused`).waitFor();
  await press("Control+a");
}
async function leave() {
  await press("Tab");
  await saved(page);
}

test("Ctrl+B starts and ends bold; Ctrl+I italic: the file holds Markdown, never a literal ****", async () => {
  await enter("bold");
  await type("Plain ");
  await press("Control+b");
  await type("bold");
  await press("Control+b");
  await type(" then ");
  await press("Control+i");
  await type("italic");
  await press("Control+i");
  await type(".");
  // Bold shows as bold, not as asterisks.
  assert.equal(await card("bold").locator(".rt-content strong").textContent(), "bold");
  assert.equal(await field("bold").textContent(), "Plain bold then italic.");
  await leave();
  assert.equal(stored("bold"), "Plain **bold** then _italic_.");
});

test("the bullet button bullets every selected line and the numbered button numbers them", async () => {
  await enter("list");
  await type("One");
  await press("Enter");
  await type("Two");
  await press("Enter");
  await type("Three");
  await press("Control+a");
  await card("list").getByRole("button", { name: "Bulleted list" }).click();
  assert.equal(await card("list").locator(".rt-content li").count(), 3);
  await leave();
  assert.equal(stored("list"), "- One\n- Two\n- Three");
  await enter("list");
  await card("list").getByRole("button", { name: "Numbered list" }).click();
  await leave();
  assert.equal(stored("list"), "1. One\n2. Two\n3. Three");
  // Pressed again on the whole list: plain paragraphs again.
  await enter("list");
  await card("list").getByRole("button", { name: "Numbered list" }).click();
  await leave();
  assert.equal(stored("list"), "One\n\nTwo\n\nThree");
});

test("after the bullet button the caret is in the item, after the marker; Enter adds an item, Enter on an empty one ends the list", async () => {
  await enter("caret");
  await press("Backspace");
  await card("caret").getByRole("button", { name: "Bulleted list" }).click();
  await type("First");
  await press("Enter");
  await type("Second");
  await press("Enter");
  await press("Enter");
  await type("After the list.");
  await leave();
  assert.equal(stored("caret"), "- First\n- Second\n\nAfter the list.");
});

test("Enter makes a paragraph and Shift+Enter a line break, as the output shows them", async () => {
  await enter("breaks");
  await type("Line one");
  await press("Shift+Enter");
  await type("line two");
  await press("Enter");
  await type("New paragraph.");
  assert.equal(await card("breaks").locator(".rt-content p").count(), 2);
  assert.equal(await card("breaks").locator(".rt-content br:not(.ProseMirror-trailingBreak)").count(), 1);
  await leave();
  assert.equal(stored("breaks"), "Line one\\\nline two\n\nNew paragraph.");
});

test("Ctrl+K links the selected words", async () => {
  await enter("link");
  await type("Report it on our site");
  for (let i = 0; i < 4; i++) await press("Shift+ArrowLeft");
  await press("Control+k");
  const address = card("link").getByLabel("Link address");
  await address.waitFor();
  await address.fill("https://example.com/report");
  await address.press("Enter");
  await card("link").locator('.rt-content a[href="https://example.com/report"]').waitFor();
  assert.equal(await page.locator(".palette").count(), 0, "Ctrl+K in a text field links; it does not open the command palette");
  await press("End");
  await type(".");
  await leave();
  assert.equal(stored("link"), "Report it on our [site](https://example.com/report).");
});

test("hard-wrapped text reads as one paragraph; a table is kept as written and edited as text; only the edited paragraph is rewritten", async () => {
  await card("wrap").scrollIntoViewIfNeeded();
  await card("wrap").locator(".rt-content").waitFor();
  const first = card("wrap").locator(".rt-content > p").first();
  assert.equal(await first.textContent(), "A long sentence that the course file hard-wraps over two lines.");
  const table = card("wrap").locator(".rt-raw textarea");
  assert.equal(await table.inputValue(), "| Sign | Meaning |\n|------|---------|\n| Urgent | Pressure |");
  // Focus and leave without a change: nothing is rewritten.
  const before = Number(await page.locator(".statusbar").getAttribute("data-revision"));
  await field("wrap").click();
  await press("Tab");
  await page.waitForTimeout(400);
  assert.equal(Number(await page.locator(".statusbar").getAttribute("data-revision")), before, "an unedited field commits nothing");
  assert.equal(stored("wrap"), WRAPPED);
  // Edit the last paragraph: the first keeps its line break, the table its text.
  await card("wrap").locator(".rt-content > p").last().click();
  await press("End");
  await type(" More.");
  await leave();
  assert.equal(stored("wrap"), WRAPPED.replace("Last paragraph.", "Last paragraph. More."));
  // The table's source is edited as text.
  await table.click();
  await press("Control+End");
  await type("\n| Odd link | Trap |");
  await leave();
  assert.equal(stored("wrap"), WRAPPED.replace("Last paragraph.", "Last paragraph. More.").replace("| Urgent | Pressure |", "| Urgent | Pressure |\n| Odd link | Trap |"));
});

/** Pastes clipboard HTML (and its plain text) into the focused editor, as Ctrl+V does. */
async function paste(html, text) {
  await page.evaluate(([html, text]) => {
    const data = new DataTransfer();
    data.setData("text/html", html);
    data.setData("text/plain", text);
    document.activeElement.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, [html, text]);
}

const WORD = `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40"><head><meta name=ProgId content=Word.Document><meta name=Generator content="Microsoft Word 15"><style><!--
p.MsoNormal, li.MsoNormal {mso-style-unhide:no; margin:0cm; font-size:11.0pt; font-family:"Calibri",sans-serif;}
p.MsoListParagraphCxSpFirst {mso-style-type:export-only; margin-left:36.0pt;}
--></style></head><body lang=EN-GB style='tab-interval:36.0pt;word-wrap:break-word'>
<!--StartFragment--><h2><span lang=EN-US>Before you click<o:p></o:p></span></h2>
<p class=MsoNormal><span lang=EN-US>Check the <b>sender</b> and the <i>address</i>,
then <a href="https://example.com/report">report it</a>.<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span lang=EN-US style='font-family:Symbol;mso-fareast-font-family:Symbol;mso-bidi-font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span lang=EN-US>Hover over the link<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpMiddle style='margin-left:72.0pt;mso-add-space:auto;text-indent:-18.0pt;mso-list:l0 level2 lfo1'><![if !supportLists]><span lang=EN-US style='font-family:"Courier New";mso-fareast-font-family:"Courier New"'><span style='mso-list:Ignore'>o<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]><span lang=EN-US>Read the <b>whole</b> address<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span lang=EN-US style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span lang=EN-US>Report it<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span lang=EN-US><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span lang=EN-US>First step<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span lang=EN-US><span style='mso-list:Ignore'>2.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span lang=EN-US>Second step<o:p></o:p></span></p>
<p class=MsoNormal><span lang=EN-US style='color:#C00000;mso-highlight:yellow'>Coloured</span><span lang=EN-US> words<o:p></o:p></span></p>
<!--EndFragment--></body></html>`;

test("paste from Word: heading, bold, italic, link, bulleted list with levels, numbered list", async () => {
  await enter("word");
  await paste(WORD, "Before you click\nCheck the sender…");
  await leave();
  assert.equal(
    stored("word"),
    "## Before you click\n\nCheck the **sender** and the _address_, then [report it](https://example.com/report).\n\n" +
      "- Hover over the link\n  - Read the **whole** address\n- Report it\n\n1. First step\n2. Second step\n\nColoured words",
  );
});

const GDOCS = `<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-5d3e8c2a-7fff-1f2b-9a61-0c8e1f9b2d11"><h1 dir="ltr" style="line-height:1.38;margin-top:20pt;margin-bottom:6pt;"><span style="font-size:20pt;font-family:Arial,sans-serif;color:#000000;background-color:transparent;font-weight:400;font-style:normal;">Spot the signs</span></h1><p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;"><span style="font-size:11pt;font-family:Arial,sans-serif;font-weight:700;font-style:normal;">Urgent</span><span style="font-size:11pt;font-family:Arial,sans-serif;font-weight:400;font-style:normal;"> requests and </span><span style="font-size:11pt;font-family:Arial,sans-serif;font-weight:400;font-style:italic;">odd</span><span style="font-size:11pt;font-family:Arial,sans-serif;font-weight:400;font-style:normal;"> links.</span></p><ul style="margin-top:0;margin-bottom:0;padding-inline-start:48px;"><li dir="ltr" style="list-style-type:disc;font-size:11pt;" aria-level="1"><p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;" role="presentation"><span style="font-size:11pt;font-weight:400;">Sender</span></p></li><ul style="margin-top:0;margin-bottom:0;padding-inline-start:48px;"><li dir="ltr" style="list-style-type:circle;font-size:11pt;" aria-level="2"><p dir="ltr" role="presentation"><span style="font-weight:400;">Domain</span></p></li></ul><li dir="ltr" style="list-style-type:disc;" aria-level="1"><p dir="ltr" role="presentation"><span style="font-weight:400;">Link</span></p></li></ul><br><p dir="ltr"><span style="font-weight:400;">Plain end.</span></p></b>`;

test("paste from Google Docs: heading, bold and italic spans, nested list", async () => {
  await enter("gdocs");
  await paste(GDOCS, "Spot the signs\nUrgent requests and odd links.");
  await leave();
  assert.equal(stored("gdocs"), "# Spot the signs\n\n**Urgent** requests and _odd_ links.\n\n- Sender\n  - Domain\n- Link\n\nPlain end.");
});

const WEB = `<div class="article"><h3>Report a message</h3><p>Use the <code>Report</code> button, <img src="https://example.com/a.png" alt="pic"> or <span onclick="alert(1)" style="color:red">call us</span>.</p><table><tr><td>Phone</td><td>1234</td></tr></table><script>alert("x")</script><p><a href="javascript:alert(1)">Not a link</a> and <a href="https://example.com/help" title="Help">help</a>.</p><div><font color="red">Old markup</font></div></div>`;

test("paste from a web page: what the schema knows keeps its meaning, the rest becomes plain text, never HTML", async () => {
  await enter("web");
  await paste(WEB, "Report a message");
  await leave();
  const md = stored("web");
  assert.doesNotMatch(md, /[<>]/, `no HTML in ${md}`);
  assert.doesNotMatch(md, /alert|javascript/);
  assert.match(md, /^### Report a message\n\nUse the `Report` button, +or call us\.\n\n/);
  assert.match(md, /\n\n\| Phone \| 1234 \|\n\| --- \| --- \|\n\n/, "the table is a Markdown table");
  assert.match(md, /Not a link and \[help\]\(https:\/\/example\.com\/help "Help"\)\./);
  assert.match(md, /Old markup$/);
});

test("Ctrl+Z in the field undoes the last typing; the file follows", async () => {
  await enter("undo");
  await type("Changed");
  await page.waitForTimeout(300);
  await press("Control+z");
  await leave();
  assert.equal(stored("undo"), "Text of undo.");
});

test("Ctrl+V from the system clipboard: copied HTML arrives as Markdown", async () => {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(studio.url).origin });
  await enter("clip");
  await page.evaluate(async (html) => {
    await navigator.clipboard.write([new ClipboardItem({
      "text/html": new Blob([html], { type: "text/html" }),
      "text/plain": new Blob(["Steps"], { type: "text/plain" }),
    })]);
  }, `<p>Do <strong>this</strong> first:</p><ol><li>Stop</li><li>Check <em>the</em> <a href="https://example.com/">sender</a></li></ol>`);
  await press("Control+v");
  await leave();
  assert.equal(stored("clip"), "Do **this** first:\n\n1. Stop\n2. Check _the_ [sender](https://example.com/)");
});

test("paste from LibreOffice Writer (its real clipboard HTML) through the system clipboard", async () => {
  const html = fs.readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), "..", "fixtures", "paste", "libreoffice-7.4-writer.html"), "utf8");
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(studio.url).origin });
  await enter("libreoffice");
  await page.evaluate(async (h) => {
    await navigator.clipboard.write([new ClipboardItem({
      "text/html": new Blob([h], { type: "text/html" }),
      "text/plain": new Blob(["Spot a phishing message"], { type: "text/plain" }),
    })]);
  }, html);
  await press("Control+v");
  await leave();
  // Heading, bold, italic, link, a list with two levels, a numbered list and a table, as Markdown.
  assert.equal(stored("libreoffice"), [
    "## Spot a phishing message",
    "Read the **sender's address**, not the name, and _never_ share your password. See [the password policy](https://example.org/policy).",
    "- Urgent tone\n  - Deadlines today\n- Odd links",
    "1. Stop\n2. Report",
    "| Sign | Meaning |\n| --- | --- |\n| Urgency | Pressure |",
  ].join("\n\n"));
});

