// Which fields of the player's data (the JSON Schema made from the Rust
// structs, crates/trellis-render/player/data.schema.json) the player's
// scripts read, found by reading the scripts (acorn) and following the
// data's types through them:
// - `D` (the data, imported from core.js) is the schema's root type;
// - `x.field` on a value of a known type must name a field of that type;
// - `list[i]`, `list.forEach(function (item) …)` (and map, filter, some,
//   every, find, findIndex, reduce) give the items' type;
// - `var x = …` and `x = …` give `x` the value's type in its function;
// - a function whose comment says `@param {TypeName} name` (a type of the
//   schema) gives that parameter the type.
// A value of a known type used whole (stored in an object or array,
// returned, serialised) counts as reading all of its fields.
import fs from "node:fs";
import path from "node:path";
import * as acorn from "acorn";

const ARRAY_CALLBACKS = {
  forEach: 0,
  map: 0,
  filter: 0,
  some: 0,
  every: 0,
  find: 0,
  findIndex: 0,
  reduce: 1,
};
const ARRAY_SAME = new Set(["filter", "slice", "concat"]);

/** The schema's types: `{ root, types: Map(name → schema), resolve }`. */
export function schemaTypes(schema) {
  const defs = schema.definitions || schema.$defs || {};
  const types = new Map(Object.entries(defs));
  types.set(schema.title, schema);
  /** A schema node without `$ref`, single-`allOf` wrappers and `null` alternatives; null when it is only null. */
  function resolve(s) {
    for (let guard = 0; s && guard < 20; guard++) {
      if (s.$ref) s = defs[s.$ref.split("/").pop()];
      else if (s.allOf && s.allOf.length === 1) s = s.allOf[0];
      else if (s.anyOf || s.oneOf) {
        const alts = (s.anyOf || s.oneOf).filter((a) => a.type !== "null");
        if (alts.length === 1) s = alts[0];
        else {
          const union = alts.map(resolve).filter(Boolean);
          // Alternative lists: a list of either's items.
          if (union.every((u) => u.type === "array"))
            return {
              type: "array",
              items: { anyOf: union.map((u) => u.items) },
            };
          return { union };
        }
      } else if (Array.isArray(s.type)) {
        const t = s.type.filter((x) => x !== "null");
        return { ...s, type: t.length === 1 ? t[0] : t };
      } else return s;
    }
    return s;
  }
  return { root: schema, types, resolve };
}

/** Every field of every object type: "Type.field" → true once read. */
function allFields(types) {
  const out = new Map();
  for (const [name, s] of types) {
    for (const f of Object.keys(s.properties || {}))
      out.set(`${name}.${f}`, false);
  }
  return out;
}

/** The name of an object type (for messages and the read list). */
function nameOf(types, s) {
  for (const [name, t] of types) if (t === s) return name;
  return null;
}

export function analyse(playerDir, schema) {
  const { root, types, resolve } = schemaTypes(schema);
  const read = allFields(types);
  const errors = [];
  const files = fs
    .readdirSync(playerDir)
    .filter((f) => f.endsWith(".js"))
    .sort();

  /** Marks a whole value (and everything in it) read. */
  function readWhole(t, seen = new Set()) {
    t = resolve(t);
    if (!t || seen.has(t)) return;
    seen.add(t);
    if (t.union) return t.union.forEach((u) => readWhole(u, seen));
    const name = nameOf(types, t);
    for (const [f, fs2] of Object.entries(t.properties || {})) {
      if (name) read.set(`${name}.${f}`, true);
      readWhole(fs2, seen);
    }
    if (t.items) readWhole(t.items, seen);
    if (t.additionalProperties && typeof t.additionalProperties === "object")
      readWhole(t.additionalProperties, seen);
  }

  /** The type of field `f` of `t`, or an error when `t` has no such field. */
  function field(t, f, where) {
    t = resolve(t);
    if (!t) return null;
    if (t.union) {
      const hits = t.union
        .map((u) => (resolve(u).properties || {})[f] && field(u, f, where))
        .filter(Boolean);
      if (hits.length) return hits.length === 1 ? hits[0] : { anyOf: hits };
      if (
        t.union.some(
          (u) => resolve(u).type === "object" && resolve(u).properties,
        )
      ) {
        errors.push(
          `${where}: reads \`${f}\`, which no alternative of ${t.union.map((u) => nameOf(types, resolve(u)) ?? resolve(u).type).join(" | ")} has`,
        );
      }
      return null;
    }
    if (t.type === "array") return null; // length, methods
    if (t.type === "object" && t.properties) {
      const name = nameOf(types, t) ?? "object";
      if (!(f in t.properties)) {
        errors.push(
          `${where}: reads \`${f}\`, which ${name} does not have (fields: ${Object.keys(t.properties).join(", ")})`,
        );
        return null;
      }
      read.set(`${name}.${f}`, true);
      return t.properties[f];
    }
    if (t.type === "object" && t.additionalProperties)
      return t.additionalProperties;
    return null;
  }
  function item(t) {
    t = resolve(t);
    if (!t) return null;
    if (t.type === "array") return t.items;
    if (t.type === "object" && t.additionalProperties)
      return t.additionalProperties;
    return null;
  }

  for (const file of files) {
    const src = fs.readFileSync(path.join(playerDir, file), "utf8");
    const comments = [];
    const ast = acorn.parse(src, {
      ecmaVersion: "latest",
      sourceType: "module",
      locations: true,
      onComment: comments,
    });
    const importsD =
      file === "core.js" ||
      ast.body.some(
        (n) =>
          n.type === "ImportDeclaration" &&
          n.specifiers.some((s) => s.local.name === "D"),
      );
    const at = (node) => `${file}:${node.loc.start.line}`;
    /** `@param {Type} name` from the comment right before `node`. */
    function annotations(node) {
      const out = {};
      const before = comments.filter(
        (c) =>
          c.end <= node.start &&
          !/\S/.test(
            src
              .slice(c.end, node.start)
              .replace(/^[\s=:(,]*|[A-Za-z0-9_$.\s=]*$/g, ""),
          ),
      );
      const c = before[before.length - 1];
      if (!c || node.start - c.end > 200) return out;
      // `{Name}`, `{Name[]}` or alternatives `{A[]|B[]}`, names of the schema.
      for (const m of c.value.matchAll(/@param\s+\{([\w[\]|]+)\}\s+(\w+)/g)) {
        const alts = m[1].split("|").map((a) => {
          const list = a.endsWith("[]");
          const name = list ? a.slice(0, -2) : a;
          if (!types.has(name))
            errors.push(
              `${file}:${c.loc.start.line}: @param type ${name} is not in the schema`,
            );
          return list
            ? { type: "array", items: types.get(name) }
            : types.get(name);
        });
        out[m[2]] = alts.length === 1 ? alts[0] : { anyOf: alts };
      }
      return out;
    }
    // Scopes: a chain of Maps, one per function.
    function lookup(scope, name) {
      for (let s = scope; s; s = s.parent)
        if (s.vars.has(name)) return s.vars.get(name);
      return undefined;
    }
    function declare(scope, name, t) {
      let s = scope;
      while (s.parent && !s.vars.has(name) && !s.own.has(name)) s = s.parent;
      if (!s.vars.has(name) && !s.own.has(name)) s = scope;
      if (t) s.vars.set(name, t);
    }
    function typeOf(node, scope) {
      if (!node) return null;
      switch (node.type) {
        case "Identifier": {
          const t = lookup(scope, node.name);
          return t === undefined ? null : t;
        }
        case "MemberExpression": {
          const o = typeOf(node.object, scope);
          if (node.computed) {
            walk(node.property, scope);
            if (!o) return null;
            if (
              node.property.type === "Literal" &&
              typeof node.property.value === "string" &&
              resolve(o)?.properties
            )
              return field(o, node.property.value, at(node));
            return item(o);
          }
          return o ? field(o, node.property.name, at(node)) : null;
        }
        case "CallExpression": {
          const callee = node.callee;
          if (callee.type === "MemberExpression" && !callee.computed) {
            const o = typeOf(callee.object, scope);
            const m = callee.property.name;
            const arr = o && resolve(o)?.type === "array" ? o : null;
            if (arr && m in ARRAY_CALLBACKS) {
              node.arguments.forEach((a, i) => {
                if (
                  i === 0 &&
                  (a.type === "FunctionExpression" ||
                    a.type === "ArrowFunctionExpression")
                )
                  fn(a, scope, { [ARRAY_CALLBACKS[m]]: resolve(arr).items });
                else walk(a, scope);
              });
              return m === "find"
                ? resolve(arr).items
                : ARRAY_SAME.has(m)
                  ? arr
                  : null;
            }
            if (arr && ARRAY_SAME.has(m)) {
              node.arguments.forEach((a) => walk(a, scope));
              return arr;
            }
          } else walk(callee, scope);
          // A typed value serialised is used whole; one passed to another
          // function is followed there only through its `@param` type.
          const whole =
            callee.type === "MemberExpression" &&
            callee.object.name === "JSON" &&
            callee.property.name === "stringify";
          node.arguments.forEach((a) =>
            whole ? use(a, scope) : walk(a, scope),
          );
          return null;
        }
        case "LogicalExpression": {
          // `a && b` is b when a holds; `a || b` and `a ?? b` either.
          const l = typeOf(node.left, scope);
          const r = typeOf(node.right, scope);
          return node.operator === "&&" ? r : l || r;
        }
        case "ConditionalExpression":
          walk(node.test, scope);
          return (
            typeOf(node.consequent, scope) || typeOf(node.alternate, scope)
          );
        case "AssignmentExpression": {
          const t =
            node.right.type === "Identifier" ||
            node.right.type === "MemberExpression"
              ? typeOf(node.right, scope)
              : (use(node.right, scope), null);
          if (node.left.type === "Identifier") {
            if (t) declare(scope, node.left.name, t);
          } else {
            walk(node.left, scope);
            if (t) readWhole(t); // stored somewhere else: used whole
          }
          return t;
        }
        case "FunctionExpression":
        case "ArrowFunctionExpression":
          fn(node, scope, {});
          return null;
        default:
          walk(node, scope, true);
          return null;
      }
    }
    /** A value used as a whole (an argument, a stored or returned value). */
    function use(node, scope) {
      const t = typeOf(node, scope);
      if (t && node.type !== "CallExpression") readWhole(t);
    }
    function fn(node, parent, byIndex, named = {}) {
      const scope = { parent, vars: new Map(), own: new Set() };
      const notes = { ...annotations(node), ...named };
      node.params.forEach((p, i) => {
        if (p.type !== "Identifier") return;
        scope.own.add(p.name);
        const t = byIndex[i] || notes[p.name];
        if (t) scope.vars.set(p.name, t);
      });
      hoist(node.body, scope);
      walk(node.body, scope);
    }
    function hoist(body, scope) {
      (function visit(n) {
        if (!n || typeof n !== "object") return;
        if (Array.isArray(n)) return n.forEach(visit);
        if (n.type === "VariableDeclarator" && n.id.type === "Identifier")
          scope.own.add(n.id.name);
        if (n.type === "FunctionDeclaration") return scope.own.add(n.id.name);
        if (
          n.type === "FunctionExpression" ||
          n.type === "ArrowFunctionExpression"
        )
          return;
        for (const k in n)
          if (k !== "loc" && n[k] && typeof n[k] === "object") visit(n[k]);
      })(body);
    }
    function walk(node, scope, childrenOnly = false) {
      if (!node || typeof node !== "object") return;
      if (Array.isArray(node)) return node.forEach((n) => walk(n, scope));
      if (!childrenOnly) {
        switch (node.type) {
          case "Identifier":
          case "MemberExpression":
          case "CallExpression":
          case "LogicalExpression":
          case "ConditionalExpression":
          case "AssignmentExpression":
          case "FunctionExpression":
          case "ArrowFunctionExpression":
            return void typeOf(node, scope);
          case "FunctionDeclaration":
            return fn(node, scope, {});
          case "VariableDeclarator": {
            if (!node.init) return;
            const t =
              node.init.type === "ObjectExpression" ||
              node.init.type === "ArrayExpression"
                ? (walk(node.init, scope), null)
                : typeOf(node.init, scope);
            if (node.id.type === "Identifier" && t)
              declare(scope, node.id.name, t);
            return;
          }
          case "ReturnStatement":
            return use(node.argument, scope);
          case "Property":
            if (node.computed) walk(node.key, scope);
            return use(node.value, scope);
          case "ArrayExpression":
            return node.elements.forEach((e) => use(e, scope));
        }
      }
      for (const k in node) {
        if (k === "loc" || k === "type" || k === "start" || k === "end")
          continue;
        const v = node[k];
        if (v && typeof v === "object") walk(v, scope);
      }
    }
    const top = { parent: null, vars: new Map(), own: new Set() };
    if (importsD) top.vars.set("D", root);
    hoist(ast.body, top);
    walk(ast.body, top);
  }
  const unread = [...read].filter(([, r]) => !r).map(([k]) => k);
  return { errors, unread, read };
}
