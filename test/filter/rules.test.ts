import { describe, expect, it } from 'vitest';
import { applyRules, compileRules } from '../../src/filter/rules.js';

const item = (fields: Partial<{ title: string; summary: string; content: string; categories: string[]; link: string; author: string }>) => ({
  title: fields.title ?? null,
  summary: fields.summary ?? null,
  content: fields.content ?? null,
  categories: fields.categories ?? [],
  link: fields.link ?? null,
  author: fields.author ?? null,
});

describe('include/exclude rules', () => {
  it('a keyword matches whole words case-insensitively, not inside other words', () => {
    const rules = [compileRules([], ['bet'])];
    expect(applyRules(item({ title: 'Place your BET now' }), rules)).toEqual({ kept: false, reason: 'excluded by keyword "bet"' });
    expect(applyRules(item({ title: 'A better way to bake' }), rules).kept).toBe(true);
  });

  it('matches keywords in Cyrillic as whole words', () => {
    const rules = [compileRules([], ['казино'])];
    expect(applyRules(item({ content: '<p>Лучшее казино года</p>' }), rules).kept).toBe(false);
    expect(applyRules(item({ content: '<p>Казиновый</p>' }), rules).kept).toBe(true);
  });

  it('a regex rule limited to chosen fields ignores the others', () => {
    const rules = [compileRules([], [{ regex: 'payday loans?', fields: ['title'] }])];
    expect(applyRules(item({ title: 'Cheap payday loans' }), rules).kept).toBe(false);
    expect(applyRules(item({ summary: 'payday loan tips' }), rules).kept).toBe(true);
  });

  it('matches text inside HTML content, not markup', () => {
    const rules = [compileRules([], ['script'])];
    expect(applyRules(item({ content: '<p class="script">Hello</p>' }), rules).kept).toBe(true);
  });

  it('include rules keep only matching items; excludes win over includes', () => {
    const rules = [compileRules([{ keyword: 'rust', fields: ['title', 'categories'] }], ['nightly'])];
    expect(applyRules(item({ title: 'Rust 2.0 released' }), rules).kept).toBe(true);
    expect(applyRules(item({ categories: ['Rust'] }), rules).kept).toBe(true);
    expect(applyRules(item({ title: 'Go 2.0 released' }), rules).reason).toMatch(/matched no include rule/);
    expect(applyRules(item({ title: 'Rust nightly notes' }), rules).reason).toBe('excluded by keyword "nightly"');
  });

  it('global and per-source rule sets both apply', () => {
    const rules = [compileRules([], ['casino']), compileRules([], [{ keyword: 'sponsored', fields: ['categories'] }])];
    expect(applyRules(item({ categories: ['Sponsored'] }), rules).kept).toBe(false);
    expect(applyRules(item({ link: 'https://casino.example/x' }), rules).kept).toBe(false);
    expect(applyRules(item({ title: 'News' }), rules).kept).toBe(true);
  });
});
