/**
 * A zod-free validator for feeds.config.json, driven by feeds.schema.json (the JSON Schema that
 * json-schema.ts generates from the zod schema), so every bound, default, enum and key order has
 * one source of truth: schema.ts. It accepts only what the zod schema accepts and returns exactly
 * what zod returns (same values, same key order, so emit-key.ts hashes the same); on anything it is
 * not sure of — any problem, any schema construct it does not interpret, any check that the JSON
 * Schema cannot express and that is not listed in REFINEMENTS — it returns null and the caller runs
 * the zod schema, which stays the judge of unusual input and the author of every error message.
 * test/config/parse-config-fast.test.ts generates configs from the same JSON Schema, every key of
 * it, and checks the two agree.
 *
 * Why (issue 16; `node bench/run.js --only config --drivers sqlite`, 2 loaded cores, median of 5
 * interleaved runs): a 1,000-source warm run (every feed answers 304) took 970 ms of CPU and 1.18 s
 * wall with this path, 1,190 ms and 1.30 s with it disabled; reading the config alone took 60 ms
 * against 201 ms (zod and node-cron's modules are most of that). It saves only while no module on
 * the run path imports zod (test/config/zod-free-run.test.ts).
 */
import { readFileSync } from 'node:fs';
import { hasOneMatcher, isSourceLocation, isValidRegex } from './config-checks.js';
import { DEFAULTS } from './defaults.js';
import type { Config } from './schema.js';

/** Returned by a validator when the input needs the zod schema's judgement (cheaper than throwing). */
const NEEDS_ZOD: unique symbol = Symbol('needs zod');
type Validator = (value: unknown) => unknown;

interface SchemaNode {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  propertyNames?: SchemaNode;
}

/** Keywords that only document; any other keyword this file does not interpret sends the input to zod. */
const ANNOTATIONS = new Set(['description', 'title', '$schema', '$id']);
const INTERPRETED = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'items', 'anyOf', 'enum', 'const', 'default', 'minimum', 'maximum',
  'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'pattern', 'format', 'propertyNames',
]);

/**
 * Where the zod schema refines (its `.refine` calls, which the JSON Schema cannot say), by key path
 * with `[]` for array elements; the predicates are schema.ts's own (config-checks.ts). A refinement
 * added to schema.ts without a line here makes the property test fail.
 */
const REFINEMENTS: Array<{ path: RegExp; holds: (value: unknown) => boolean }> = [
  { path: /(^|\.)(include|exclude)\[\]$/, holds: (rule) => typeof rule === 'string' || isRuleObject(rule as { keyword?: unknown; regex?: string }) },
  { path: /^sources\[\]\.url$/, holds: (url) => isSourceLocation(url as string) },
  // Only the default is known valid here; any other expression is node-cron's (and zod's) to judge.
  { path: /^schedule\.cron$/, holds: (cron) => cron === DEFAULTS.cron },
];

/** ruleSchema's two refinements: exactly one of keyword or regex, and the regex compiles. */
function isRuleObject(rule: { keyword?: unknown; regex?: string }): boolean {
  return hasOneMatcher(rule) && (rule.regex === undefined || isValidRegex(rule.regex));
}

let compiled: Validator | null = null;

function configValidator(): Validator {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(new URL('../../feeds.schema.json', import.meta.url), 'utf8')) as SchemaNode;
    compiled = compileSchema(schema);
  }
  return compiled;
}

/** The validated config, or null when only the zod schema may decide. */
export function parseConfigFast(data: unknown, validate: Validator = configValidator()): Config | null {
  const parsed = validate(data);
  return parsed === NEEDS_ZOD ? null : (parsed as Config);
}

/** A validator for a JSON Schema node, compiled once so a 1,000-source config costs a few milliseconds. */
function compileSchema(node: SchemaNode, path = ''): Validator {
  for (const keyword in node) if (!INTERPRETED.has(keyword) && !ANNOTATIONS.has(keyword)) return () => NEEDS_ZOD;
  const validate = compileValue(node, path);
  const refinements = REFINEMENTS.filter((refinement) => refinement.path.test(path)).map((refinement) => refinement.holds);
  if (refinements.length === 0) return validate;
  return (value) => {
    const parsed = validate(value);
    if (parsed === NEEDS_ZOD) return NEEDS_ZOD;
    for (const holds of refinements) if (!holds(parsed)) return NEEDS_ZOD;
    return parsed;
  };
}

function compileValue(node: SchemaNode, path: string): Validator {
  if (node.anyOf) {
    const branches = node.anyOf.map((branch) => compileSchema(branch, path));
    // zod's union returns the first branch that accepts the value.
    return (value) => {
      for (const branch of branches) {
        const parsed = branch(value);
        if (parsed !== NEEDS_ZOD) return parsed;
      }
      return NEEDS_ZOD;
    };
  }
  const typed = compileType(node, path);
  const { const: constant, enum: allowed } = node;
  if (constant === undefined && !allowed) return typed;
  return (value) => ((constant !== undefined && value !== constant) || (allowed && !allowed.includes(value)) ? NEEDS_ZOD : typed(value));
}

function compileType(node: SchemaNode, path: string): Validator {
  switch (node.type) {
    case 'object':
      return compileObject(node, path);
    case 'array':
      return compileArray(node, path);
    case 'string':
      return compileString(node);
    case 'integer':
      return compileNumber(node, Number.isSafeInteger);
    case 'number':
      return compileNumber(node, (value) => typeof value === 'number' && Number.isFinite(value));
    case 'boolean':
      return (value) => (typeof value === 'boolean' ? value : NEEDS_ZOD);
    default:
      return () => NEEDS_ZOD;
  }
}

function compileObject(node: SchemaNode, path: string): Validator {
  const validateKey = node.propertyNames ? compileSchema(node.propertyNames, `${path}.*`) : null;
  const fields = Object.entries(node.properties ?? {}).map(([key, child]) => {
    const validate = compileSchema(child, path ? `${path}.${key}` : key);
    return { key, validate, hasDefault: child.default !== undefined, fallback: child.default, required: node.required?.includes(key) ?? false };
  });
  const known = new Set(fields.map((field) => field.key));
  const extra = typeof node.additionalProperties === 'object' ? compileSchema(node.additionalProperties, `${path}.*`) : null;
  if (!extra && node.additionalProperties !== false) return () => NEEDS_ZOD;
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return NEEDS_ZOD;
    const input = value as Record<string, unknown>;
    for (const key in input) {
      // An own "__proto__" key would reach the prototype of the output; zod decides what it means.
      if (key === '__proto__' || (!extra && !known.has(key))) return NEEDS_ZOD;
      if (validateKey && validateKey(key) === NEEDS_ZOD) return NEEDS_ZOD;
    }
    const out: Record<string, unknown> = {};
    for (const field of fields) {
      const given = input[field.key];
      let parsed: unknown;
      if (given !== undefined) parsed = field.validate(given);
      // A default (`.default()` or `.prefault({})`) is parsed like a given value: `{}` fills in its section.
      else if (field.hasDefault) parsed = field.validate(field.fallback);
      else if (field.required) return NEEDS_ZOD;
      else continue;
      if (parsed === NEEDS_ZOD) return NEEDS_ZOD;
      out[field.key] = parsed;
    }
    if (extra) {
      for (const key in input) {
        if (known.has(key)) continue;
        const parsed = extra(input[key]);
        if (parsed === NEEDS_ZOD) return NEEDS_ZOD;
        out[key] = parsed;
      }
    }
    return out;
  };
}

function compileArray(node: SchemaNode, path: string): Validator {
  if (!node.items) return () => NEEDS_ZOD;
  const validateItem = compileSchema(node.items, `${path}[]`);
  const { minItems = 0, maxItems = Infinity } = node;
  return (value) => {
    if (!Array.isArray(value) || value.length < minItems || value.length > maxItems) return NEEDS_ZOD;
    const out: unknown[] = new Array(value.length);
    for (let index = 0; index < value.length; index += 1) {
      const parsed = validateItem(value[index]);
      if (parsed === NEEDS_ZOD) return NEEDS_ZOD;
      out[index] = parsed;
    }
    return out;
  };
}

function compileString(node: SchemaNode): Validator {
  const { minLength = 0, maxLength = Infinity, format } = node;
  const pattern = node.pattern === undefined ? null : new RegExp(node.pattern);
  // `z.string().url()` keeps a value unchanged only when it has no surrounding space, tab or newline;
  // every other format (e-mail) is zod's to judge.
  if (format !== undefined && format !== 'uri') return () => NEEDS_ZOD;
  return (value) => {
    if (typeof value !== 'string' || value.length < minLength || value.length > maxLength) return NEEDS_ZOD;
    if (pattern && !pattern.test(value)) return NEEDS_ZOD;
    if (format === 'uri' && (value.trim() !== value || /[\t\n\r]/.test(value) || !URL.canParse(value))) return NEEDS_ZOD;
    return value;
  };
}

function compileNumber(node: SchemaNode, isType: (value: unknown) => boolean): Validator {
  const { minimum = -Infinity, maximum = Infinity, exclusiveMinimum = -Infinity, exclusiveMaximum = Infinity } = node;
  return (value) => {
    if (!isType(value)) return NEEDS_ZOD;
    const number = value as number;
    return number < minimum || number > maximum || !(number > exclusiveMinimum) || !(number < exclusiveMaximum) ? NEEDS_ZOD : number;
  };
}
