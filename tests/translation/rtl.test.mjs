// The player right to left: each example course written in Arabic
// (language "ar"; the course title and the first lesson's opening in Arabic,
// the rest left as the example has it) and published for the web, in Chromium:
//  - the page says lang="ar" dir="rtl", the player's own strings are the
//    Arabic ones, and the layout is mirrored (the course menu on the right,
//    a callout's bar on its right edge, Next left of Previous);
//  - axe-core finds no serious or critical violation on any lesson or on the
//    assessment's results;
//  - every question kind is answered and checked with the keyboard alone, the
//    flow the English suite (conformance/a11y.test.mjs) drives, in Arabic;
//  - a screenshot of the Arabic player for the README
//    (docs/screenshots/player-arabic.png).
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { EXAMPLES, repo, serve, launch, context, publishCourse } from "../conformance/lib/env.mjs";
import { loadCourse, plain } from "../conformance/lib/course.mjs";
import { Learner, playerStrings } from "../conformance/lib/learner.mjs";
import { axe, focused, tabTo, keyboardAnswer } from "../conformance/lib/a11y.mjs";

const AR = playerStrings("ar");
let browser, server, work;
const courses = {};

/** A copy of example `ex` written in Arabic: its language, and a few texts an Arabic author would have written. */
function arabicCopy(ex) {
  const dir = path.join(work, ex);
  fs.cpSync(path.join(repo, "examples", ex), dir, { recursive: true });
  const edit = (file, pairs) => {
    let text = fs.readFileSync(path.join(dir, file), "utf8");
    for (const [from, to] of pairs) {
      assert.ok(text.includes(from), `${ex}/${file} holds ${from}`);
      text = text.replace(from, to);
    }
    fs.writeFileSync(path.join(dir, file), text);
  };
  edit("course.toml", [['language = "en-GB"', 'language = "ar"']]);
  if (ex === "phishing-awareness") {
    edit("course.toml", [
      ['title = "Phishing awareness for office staff"', 'title = "التوعية بالتصيّد الاحتيالي لموظفي المكاتب"'],
      ['title = "Recognise phishing"', 'title = "التعرّف على التصيّد الاحتيالي"'],
      ['title = "Check and report"', 'title = "التحقق والإبلاغ"'],
      ['title = "Put it into practice"', 'title = "التطبيق العملي"'],
    ]);
    for (const [file, title] of [
      ["warning-signs", "علامات التحذير في رسالة البريد الإلكتروني"],
      ["check-a-link", "تحقّق من الرابط قبل أن تفتحه"],
      ["report-a-message", "أبلِغ عن رسالة مشبوهة"],
      ["urgent-invoice", "سيناريو: الفاتورة العاجلة"],
      ["phishing-assessment", "التقييم النهائي"],
    ]) {
      const file_ = `lessons/${file}.md`;
      const first = fs.readFileSync(path.join(dir, file_), "utf8").match(/^title = ".*"$/m)[0];
      edit(file_, [[first, `title = "${title}"`]]);
    }
    const lesson = path.join(dir, "lessons/what-is-phishing.md");
    const explanation = fs.readFileSync(lesson, "utf8").match(/::: text \{id = "wip-explanation"[^\n]*\n([\s\S]*?)\n:::\n/)[1];
    edit("lessons/what-is-phishing.md", [
      [explanation, `**التصيّد الاحتيالي** رسالة تتظاهر بأنها من جهة تثق بها لكي تفعل شيئًا يخدم
المهاجم: أن تكتب كلمة المرور في صفحة مزيّفة، أو تفتح ملفًا يثبّت برمجية خبيثة، أو
تدفع فاتورة إلى حساب خاطئ، أو تقرأ بصوت عالٍ رمزًا يُستخدم لمرة واحدة.

نادرًا ما يقتحم المهاجمون الأنظمة بتقنيات بارعة، فسؤال شخص ما أرخص بكثير. وينجح
التصيّد الاحتيالي لأنه يستغل ردود فعل بشرية عادية:

- **الاستعجال**: «سيُغلق حسابك اليوم»، «يجب إرسال الدفعة قبل الخامسة مساءً».
- **السلطة**: تدّعي الرسالة أنها من قسم تقنية المعلومات أو من أحد المديرين أو من مصلحة الضرائب أو من البنك.
- **الخوف أو الفضول**: طرد لم تطلبه، أو مراجعة للراتب، أو غرامة.
- **الرغبة في المساعدة**: زميل «عالق في الخارج» يحتاج إلى خدمة.

عندما تشعر بأن رسالة ما تستعجلك أو تقلقك، فهذا الشعور بحد ذاته علامة تحذير.
تمهّل قبل أن تتصرف.`],
      ['title = "What phishing is and why it works"', 'title = "ما هو التصيّد الاحتيالي ولماذا ينجح"'],
      [`By the end of this lesson you will be able to **explain what phishing is**, why
it catches careful people out, and the different forms it takes: e-mail, text
message, phone call and carefully targeted messages.`,
      `في نهاية هذا الدرس ستتمكن من **شرح ماهية التصيّد الاحتيالي**، ولماذا يوقع حتى
الحذرين من الناس، والأشكال المختلفة التي يتخذها: البريد الإلكتروني والرسائل النصية
والمكالمات الهاتفية والرسائل الموجّهة بعناية.`],
    ]);
  }
  return dir;
}

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-rtl-"));
  const roots = {};
  for (const ex of EXAMPLES) {
    const src = arabicCopy(ex);
    courses[ex] = loadCourse(src);
    roots[`/${ex}/`] = publishCourse(src, "web", path.join(work, `${ex}.web`));
  }
  server = await serve(roots);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

async function open(ex, options = {}) {
  // axe goes in as an inline script, past the package's policy (see conformance/a11y.test.mjs).
  const ctx = await context(browser, { bypassCSP: true, ...options });
  const page = await ctx.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${server.url}/${ex}/index.html`);
  const learner = new Learner(page, courses[ex], { strings: AR });
  await learner.waitReady();
  return { ctx, page, errors, learner };
}

describe("Arabic: the player right to left", () => {
  test("the page is Arabic and right to left, its own words Arabic, its layout mirrored", async () => {
    const { ctx, page, errors } = await open("phishing-awareness", { viewport: { width: 1280, height: 800 } });
    try {
      const root = await page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
      assert.deepEqual(root, { lang: "ar", dir: "rtl" });
      assert.equal(await page.locator("[data-t=next]").textContent(), AR.next);
      assert.equal(await page.locator("[data-t=progress]").textContent(), AR.progress.replace("{n}", "1").replace("{total}", "6"));
      // The menu, first in the source, stands on the right; the lesson on its left.
      const menu = await page.locator("#t-menu").boundingBox();
      const main = await page.locator("#t-main").boundingBox();
      assert.ok(menu.x > main.x + main.width - 1, `the menu (x ${menu.x}) is right of the lesson (ends at ${main.x + main.width})`);
      // The skip link and the lesson's text start at the right edge.
      const align = await page.evaluate(() => getComputedStyle(document.querySelector(".t-page p")).textAlign);
      assert.ok(["start", "right"].includes(align), align);
      // A callout's bar is on its right edge.
      await page.getByRole("link", { name: "تحقّق من الرابط قبل أن تفتحه" }).click();
      const bars = await page.evaluate(() => {
        const c = document.querySelector(".t-page:not([hidden]) .t-callout");
        const s = c && getComputedStyle(c);
        return s && { right: s.borderRightWidth, left: s.borderLeftWidth };
      });
      assert.ok(bars, "the lesson has a callout");
      assert.notEqual(bars.right, "0px");
      assert.equal(bars.left, "0px");
      // Next sits left of Previous, as the reading order runs right to left.
      const prev = await page.locator("[data-t=prev]").boundingBox();
      const next = await page.locator("[data-t=next]").boundingBox();
      assert.ok(next.x < prev.x, "Next is left of Previous");
      assert.deepEqual(errors, []);
    } finally { await ctx.close(); }
  });

  test("a screenshot of the Arabic player (docs/screenshots/player-arabic.png)", async () => {
    const { ctx, page } = await open("phishing-awareness", { viewport: { width: 1100, height: 720 } });
    try {
      await page.getByRole("heading", { level: 2, name: "ما هو التصيّد الاحتيالي ولماذا ينجح" }).waitFor();
      await page.screenshot({ path: path.join(repo, "docs/screenshots/player-arabic.png") });
    } finally { await ctx.close(); }
  });

  for (const ex of EXAMPLES) {
    test(`axe-core: ${ex} in Arabic, every lesson and the assessment results`, async () => {
      const course = courses[ex];
      const { ctx, page, errors, learner } = await open(ex);
      try {
        const found = [];
        for (const lesson of course.lessons) {
          await learner.openLesson(lesson);
          found.push(...await axe(page, `lesson "${lesson.id}"`));
        }
        const asmt = course.assessments[0];
        if (asmt) {
          await learner.openLesson(course.lessons.find((l) => l.id === asmt.lesson));
          await learner.assessment(asmt, false);
          const line = await page.locator("[data-t=results]").textContent();
          assert.ok(line.includes(AR.failed), `the results say ${AR.failed}: ${line}`);
          found.push(...await axe(page, `assessment results of "${asmt.lesson}"`));
        }
        assert.deepEqual(found, [], `axe found ${found.length} serious/critical problem(s):\n${found.join("\n")}`);
        assert.deepEqual(errors, []);
      } finally { await ctx.close(); }
    });
  }
});

describe("Arabic: keyboard alone, every question kind", () => {
  const kinds = ["single-choice", "multiple-response", "true-false", "fill-blank", "numeric", "matching", "ordering"];
  for (const kind of kinds) {
    test(kind, async () => {
      const ex = EXAMPLES.find((e) => courses[e].questions.some((q) => q.type === kind && !q.asmt));
      assert.ok(ex, `an example has a practice question of kind ${kind}`);
      const course = courses[ex];
      const q = course.questions.find((x) => x.type === kind && !x.asmt);
      const lesson = course.lessons.find((l) => l.id === q.lesson);
      const { ctx, page, errors } = await open(ex);
      try {
        await tabTo(page, (x) => x.kind === "a" && x.name.startsWith(plain(lesson.title)), `the menu link "${lesson.title}"`);
        await page.keyboard.press("Enter");
        await page.getByRole("heading", { level: 2, name: lesson.title }).waitFor();
        assert.equal((await focused(page)).name, lesson.title, "Enter on a menu link moves focus to the lesson's heading");
        await keyboardAnswer(page, q, AR);
        assert.deepEqual(errors, []);
      } finally { await ctx.close(); }
    });
  }
});
