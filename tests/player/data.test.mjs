// The player's data against its schema (crates/trellis-render/player/
// data.schema.json, made from trellis-render's Rust structs; a cargo test
// keeps it current):
// - the data embedded in every example's package for every target, and in
//   the large generated course's, validates (Ajv, no field the schema lacks);
// - the player's scripts read only fields the schema has, and every field of
//   the schema is read by some script (data-fields.mjs).
//
// Run: node --test tests/player/data.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Ajv from "ajv";
import {
  packageDir,
  repo,
  SUITE_COURSES,
  TARGETS,
} from "../conformance/lib/env.mjs";
import { analyse } from "./data-fields.mjs";

const player = path.join(repo, "crates/trellis-render/player");
const schema = JSON.parse(
  fs.readFileSync(path.join(player, "data.schema.json"), "utf8"),
);

/** The JSON of `<script id="trellis-data">` in a page. */
function dataOf(html) {
  const m = html.match(
    /<script type="application\/json" id="trellis-data">([\s\S]*?)<\/script>/,
  );
  assert.ok(m, "the page embeds the player's data");
  return JSON.parse(m[1]);
}

function validator() {
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
  });
  ajv.addFormat("uint", /^\d+$/);
  ajv.addFormat("uint32", /^\d+$/);
  ajv.addFormat("uint8", /^\d+$/);
  ajv.addFormat("double", /.*/);
  return ajv.compile(schema);
}

test("every example's package, for every target, holds data the schema accepts", () => {
  const valid = validator();
  for (const course of SUITE_COURSES) {
    for (const target of [...TARGETS, "review"]) {
      const dir = packageDir(course, target);
      for (const page of fs
        .readdirSync(dir)
        .filter((f) => /^index(\.[\w-]+)?\.html$/.test(f))) {
        const data = dataOf(fs.readFileSync(path.join(dir, page), "utf8"));
        assert.ok(
          valid(data),
          `${course} ${target} ${page}: ${JSON.stringify(valid.errors, null, 1)}`,
        );
        assert.equal(data.target, target);
      }
    }
  }
});

test("the large generated course's data, for every target, is accepted by the schema", () => {
  // trellis-render's example writes the data as the publisher embeds it.
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-data-"));
  try {
    execFileSync(
      "cargo",
      [
        "run",
        "--quiet",
        "-p",
        "trellis-render",
        "--example",
        "player_data",
        "--",
        out,
      ],
      { cwd: repo, stdio: ["ignore", "inherit", "inherit"] },
    );
    const valid = validator();
    const files = fs.readdirSync(out);
    assert.ok(files.length >= 7, `one file per target (${files.join(", ")})`);
    for (const f of files) {
      const data = JSON.parse(fs.readFileSync(path.join(out, f), "utf8"));
      assert.ok(data.pages.length >= 1000, `${f}: the large course`);
      assert.ok(
        valid(data),
        `${f}: ${JSON.stringify(valid.errors?.slice(0, 5), null, 1)}`,
      );
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test("the scripts read only fields the schema has, and every field is read", () => {
  const { errors, unread, read } = analyse(player, schema);
  assert.deepEqual(errors, [], "fields read that the schema does not have");
  assert.deepEqual(unread, [], "fields of the schema no script reads");
  assert.ok(read.size > 40, "the schema's fields were found");
});

test("the field check fails on a field the schema lacks and on one nothing reads", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trellis-fields-"));
  try {
    for (const f of fs.readdirSync(player).filter((f) => f.endsWith(".js")))
      fs.copyFileSync(path.join(player, f), path.join(dir, f));
    const core = path.join(dir, "core.js");
    fs.appendFileSync(
      core,
      "\nD.questions.forEach(function (q) { T.x = q.answerKey; });\n",
    );
    const wrong = analyse(dir, schema);
    assert.ok(
      wrong.errors.some(
        (e) => e.includes("`answerKey`") && e.includes("QuestionData"),
      ),
      wrong.errors.join("\n"),
    );
    const more = structuredClone(schema);
    more.properties.unusedField = { type: "string" };
    assert.deepEqual(analyse(player, more).unread, ["PlayerData.unusedField"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
