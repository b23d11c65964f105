/**
 * The operator's include/exclude rules. A rule is a keyword (matched case-insensitively as whole
 * words, so "bet" does not drop "better") or a regular expression, against chosen fields.
 * Global rules apply to every source, a source's own rules on top. Pure.
 */
import type { Rule } from '../config/schema.js';
import type { NormalisedItem } from '../core/types.js';
import { htmlToText } from '../normalise/html.js';

export type RuleField = 'title' | 'summary' | 'content' | 'categories' | 'link' | 'author';
const DEFAULT_FIELDS: RuleField[] = ['title', 'summary', 'content', 'categories', 'link'];

export interface CompiledRule {
  /** How the rule reads in the config, for `explain` and the run summary. */
  label: string;
  fields: RuleField[];
  test(text: string): boolean;
}

export interface RuleSet {
  include: CompiledRule[];
  exclude: CompiledRule[];
}

export interface RuleDecision {
  kept: boolean;
  /** The rule that decided a drop (exclude match, or "no include matched"). */
  reason: string | null;
}

export function compileRules(include: Rule[], exclude: Rule[]): RuleSet {
  return { include: include.map(compileRule), exclude: exclude.map(compileRule) };
}

function compileRule(rule: Rule): CompiledRule {
  if (typeof rule === 'string') return keywordRule(rule, DEFAULT_FIELDS);
  const fields = (rule.fields ?? DEFAULT_FIELDS) as RuleField[];
  if (rule.keyword !== undefined) return keywordRule(rule.keyword, fields);
  const flags = rule.flags ?? 'i';
  const pattern = new RegExp(rule.regex ?? '', flags.replace(/g/g, ''));
  return { label: `regex /${pattern.source}/${pattern.flags}`, fields, test: (text) => pattern.test(text) };
}

function keywordRule(keyword: string, fields: RuleField[]): CompiledRule {
  const escaped = keyword.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  // \b is ASCII-only in JS; Unicode-aware boundaries so Cyrillic keywords match whole words too.
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, 'iu');
  return { label: `keyword "${keyword}"`, fields, test: (text) => pattern.test(text) };
}

type RuleInput = Pick<NormalisedItem, 'title' | 'summary' | 'content' | 'categories' | 'link' | 'author'>;

function fieldText(item: RuleInput, field: RuleField): string {
  switch (field) {
    case 'title':
      return item.title ?? '';
    case 'summary':
      return item.summary ? htmlToText(item.summary) : '';
    case 'content':
      return item.content ? htmlToText(item.content) : '';
    case 'categories':
      return item.categories.join('\n');
    case 'link':
      return item.link ?? '';
    case 'author':
      return item.author ?? '';
  }
}

function matches(rule: CompiledRule, item: RuleInput, cache: Map<RuleField, string>): boolean {
  return rule.fields.some((field) => {
    let text = cache.get(field);
    if (text === undefined) {
      text = fieldText(item, field);
      cache.set(field, text);
    }
    return text !== '' && rule.test(text);
  });
}

/** Decide one item against global and per-source rules. Excludes win over includes. */
export function applyRules(item: RuleInput, sets: RuleSet[]): RuleDecision {
  const cache = new Map<RuleField, string>();
  for (const set of sets) {
    for (const rule of set.exclude) {
      if (matches(rule, item, cache)) return { kept: false, reason: `excluded by ${rule.label}` };
    }
  }
  for (const set of sets) {
    if (set.include.length === 0) continue;
    if (!set.include.some((rule) => matches(rule, item, cache))) {
      return { kept: false, reason: `matched no include rule (${set.include.map((r) => r.label).join(', ')})` };
    }
  }
  return { kept: true, reason: null };
}
