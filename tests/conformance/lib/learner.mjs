// A scripted learner. It uses the course only as a person would: it finds
// things by role and accessible name (the menu, Next, "Check answer", a
// question by its prompt, a choice by its label) and it knows the answers
// because it has read the course's text files (lib/course.mjs).
import assert from "node:assert/strict";
import { plain, playerStrings, scenarioPath } from "./course.mjs";

export { playerStrings };
/** A player string with its `{name}` holes filled. */
export function fill(s, args) {
  return Object.entries(args).reduce((out, [k, v]) => out.split(`{${k}}`).join(String(v)), s);
}

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** A regex for text as the player may typeset it (curly quotes, collapsed spaces). */
export function textRe(s, { whole = false, prefix = 0 } = {}) {
  let t = plain(s);
  if (prefix) t = t.slice(0, prefix);
  const body = esc(t).replace(/['’‘]/g, "['’‘]").replace(/["“”]/g, "[\"“”]").replace(/ /g, "\\s+");
  return new RegExp(whole ? `^\\s*${body}\\s*$` : body);
}

export class Learner {
  /**
   * @param root a Page or FrameLocator holding the course; @param course from loadCourse;
   * `strings`: the player's strings in the page's language (playerStrings), by default the course's.
   */
  constructor(root, course, { log = () => {}, strings = playerStrings(course?.language) } = {}) {
    this.root = root;
    this.course = course;
    this.log = log;
    this.s = strings;
  }
  get live() { return this.root.locator("#t-live"); }
  /** The results line's "You scored N%" in the page's language, as a pattern. */
  scoreText(pct) { return new RegExp(esc(this.s.scoreLine.split("{score}")[0]) + pct + "\\b"); }
  menu() { return this.root.getByRole("navigation", { name: this.s.courseMenu }); }
  lessonHeading(lesson) { return this.root.getByRole("heading", { level: 2, name: textRe(lesson.title, { whole: true }) }); }

  async waitReady() {
    await this.menu().waitFor();
    await this.root.getByRole("button", { name: this.s.next }).waitFor();
    // The player says when the learner's saved state is restored; an LMS or
    // LRS answering slowly must not let a check read the page before that.
    await this.root.locator("body.t-ready").waitFor({ state: "attached" });
  }
  async next() { await this.root.getByRole("button", { name: this.s.next }).click(); }
  async openLesson(lesson) {
    await this.menu().getByRole("link", { name: textRe(lesson.title) }).click();
    await this.lessonHeading(lesson).waitFor();
  }

  question(q) {
    return this.root.getByRole("group", { name: textRe(q.promptText, { prefix: 70 }) });
  }

  /** Puts an answer in the inputs of question q (without checking it). */
  async setAnswer(q, correct) {
    const g = this.question(q);
    switch (q.type) {
      case "single-choice": {
        const choice = correct ? q.choices.find((c) => c.correct) : q.choices.find((c) => !c.correct);
        await g.getByRole("radio", { name: textRe(choice.text, { whole: true }) }).check();
        break;
      }
      case "multiple-response": {
        const wrongOne = q.choices.find((c) => !c.correct);
        for (const c of q.choices) {
          const box = g.getByRole("checkbox", { name: textRe(c.text, { whole: true }) });
          const want = correct ? !!c.correct : c === wrongOne;
          if (want) await box.check(); else await box.uncheck();
        }
        break;
      }
      case "true-false":
        await g.getByRole("radio", { name: (q.correct === correct) ? this.s.true : this.s.false, exact: true }).check();
        break;
      case "fill-blank":
        await g.getByRole("textbox", { name: this.s.yourAnswer, exact: true }).fill(correct ? q.accepted[0] : "no idea");
        break;
      case "numeric":
        await g.getByRole("textbox", { name: this.s.yourNumber, exact: true }).fill(String(correct ? q.value : q.value + 12345));
        break;
      case "matching": {
        const n = q.pairs.length;
        for (let i = 0; i < n; i++) {
          const target = q.pairs[correct ? i : (i + 1) % n].right;
          await g.getByRole("combobox", { name: textRe(q.pairs[i].left, { whole: true }) }).selectOption({ label: plain(target) });
        }
        break;
      }
      case "ordering": {
        const want = correct ? q.items : [...q.items].reverse();
        for (let k = 0; k < want.length; k++) {
          const texts = (await g.getByRole("listitem").allTextContents()).map((t) => t.replace(/\s+/g, " "));
          const j = texts.findIndex((t) => t.startsWith(plain(want[k].text)));
          assert.ok(j >= 0, `ordering ${q.id}: item "${want[k].text}" not found in ${JSON.stringify(texts)}`);
          for (let m = j; m > k; m--) await g.getByRole("button", { name: `${this.s.up}: ${plain(want[k].text)}`, exact: true }).click();
        }
        break;
      }
      default: throw new Error(`unknown question type ${q.type}`);
    }
  }

  /** A practice question: answer, Check answer, read the verdict; wrong answers use every attempt. */
  async practice(q, correct) {
    const g = this.question(q);
    const tries = correct ? 1 : Math.max(1, q.attempts);
    for (let t = 0; t < tries; t++) {
      await this.setAnswer(q, correct);
      await g.getByRole("button", { name: this.s.check }).click();
      const verdict = correct ? this.s.correct : t === tries - 1 && q.attempts > 0 ? this.s.shown : this.s.tryAgain;
      await this.live.filter({ hasText: verdict }).waitFor({ timeout: 3000 })
        .catch(async () => assert.fail(`${q.id}: expected "${verdict}" in the live region, got "${await this.live.textContent()}"`));
    }
  }

  async scenario(sc, best) {
    const route = scenarioPath(sc, best);
    const box = this.root.getByRole("group", { name: textRe(sc.title, { whole: true }) });
    for (const choice of route.path) await box.getByRole("button", { name: textRe(choice.text, { whole: true }) }).click();
    await box.getByText(fill(this.s.ending, { label: route.ending.label })).waitFor();
    return route;
  }

  /** Which pool questions this attempt drew (those whose group is shown), top to bottom. */
  async drawn(asmt) {
    const out = [];
    for (const id of asmt.pool) {
      const g = this.question(this.course.byId[id]);
      if (await g.isVisible()) out.push({ id, y: (await g.boundingBox()).y });
    }
    return out.sort((a, b) => a.y - b.y).map((x) => x.id);
  }

  async assessment(asmt, correct) {
    const drawn = await this.drawn(asmt);
    assert.equal(drawn.length, asmt.draw ?? asmt.pool.length, `${asmt.lesson}: drawn questions shown`);
    const answers = typeof correct === "function" ? drawn.map((id, k) => correct(id, k)) : drawn.map(() => correct);
    for (let k = 0; k < drawn.length; k++) await this.setAnswer(this.course.byId[drawn[k]], answers[k]);
    await this.root.getByRole("button", { name: this.s.submit }).click();
    await this.root.getByRole("heading", { level: 3, name: this.s.results }).waitFor();
    return { drawn, answers };
  }

  /**
   * Submits an assessment whose questions `rest` (ids) are not answered yet:
   * the player refuses and says how many are unanswered (an ordering
   * question always holds an order, so it counts as answered).
   */
  async submitUnfinished(rest) {
    const n = rest.filter((id) => this.course.byId[id].type !== "ordering").length;
    if (!n) return;
    await this.root.getByRole("button", { name: this.s.submit }).click();
    await this.live.filter({ hasText: `${n} unanswered` }).waitFor({ timeout: 3000 })
      .catch(async () => assert.fail(`expected "${n} unanswered", got "${await this.live.textContent()}"`));
  }

  /** Everything on one lesson: practice questions, scenarios, the assessment. */
  async doLesson(lesson, correct) {
    const done = { questions: [], scenarios: [], assessment: null };
    if (lesson.template === "assessment") {
      done.assessment = await this.assessment(this.course.assessments.find((a) => a.lesson === lesson.id), correct);
      return done;
    }
    for (const b of lesson.blocks) {
      if (b.kind === "question") { await this.practice(this.course.byId[b.id], correct); done.questions.push(b.id); }
      if (b.kind === "scenario") { done.scenarios.push(await this.scenario(this.course.scenarios.find((s) => s.id === b.id), correct)); }
    }
    return done;
  }

  /** Works through lessons [from, to) using Next, doing everything on each. */
  async work(correct, from = 0, to = this.course.lessons.length) {
    for (let i = from; i < to; i++) {
      const lesson = this.course.lessons[i];
      await this.lessonHeading(lesson).waitFor();
      this.log(`lesson ${lesson.id}`);
      await this.doLesson(lesson, correct);
      if (i < this.course.lessons.length - 1) await this.next();
    }
  }
}
