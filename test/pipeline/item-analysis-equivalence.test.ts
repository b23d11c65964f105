/**
 * Issue 11: the one-pass analysis must give exactly what the per-signal code gave. The reference
 * is test/fixtures/analysis/outputs.json, digests made by make-outputs.mjs from the code before
 * the rewrite (commit "Analysis equivalence fixture"), over the 4,327 cases of analysis-cases.mjs:
 * the spam corpus, the spam and dedupe fixtures, bench farm items and generated texts in every
 * script, with emoji, entities, raw markup, case-mapping and normalisation edge cases. A mismatch
 * names the case and the output; regenerate the old side at that commit to see the difference.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simhash, textTokens, titleKey } from '../../src/dedupe/fingerprint.js';
import { detectLanguage } from '../../src/normalise/language.js';
import { buildSourceProfile, scoreSpam } from '../../src/filter/spam.js';
import { tokensOf } from '../../src/filter/spam-model.js';
import { htmlToText, sanitiseHtml } from '../../src/normalise/html.js';
import { analyseItem } from '../../src/dedupe/item-analysis.js';
import { unpackTextFeatures } from '../../src/dedupe/cross-source.js';
import { spamModelFor } from '../../src/pipeline/spam-model-load.js';
// @ts-expect-error: a plain .mjs fixture module, shared with the script that made the reference.
import { analysisCases, outputsOf } from '../fixtures/analysis/analysis-cases.mjs';

const reference = JSON.parse(readFileSync(new URL('../fixtures/analysis/outputs.json', import.meta.url), 'utf8')) as {
  fields: string[];
  cases: Record<string, string[]>;
};

describe('per-item analysis, before and after the one-pass rewrite', () => {
  it('gives identical spam facts, text features, fingerprints, spam scores and text functions on every case', () => {
    // The text features cross threads packed (issue 11): compared as the ingest side reads them.
    const analyseAndUnpack = (item: Parameters<typeof analyseItem>[0]) => {
      const analysis = analyseItem(item);
      return { ...analysis, text: unpackTextFeatures(analysis.text) };
    };
    const modules = { analyseItem: analyseAndUnpack, buildSourceProfile, scoreSpam, model: spamModelFor(), htmlToText, detectLanguage, titleKey, textTokens, simhash, tokensOf };
    const outputs = outputsOf(modules, analysisCases(sanitiseHtml)) as Record<string, Record<string, string>>;
    expect(Object.keys(outputs).length).toBe(Object.keys(reference.cases).length);
    const differences: string[] = [];
    for (const [id, digests] of Object.entries(reference.cases)) {
      reference.fields.forEach((field, index) => {
        if (outputs[id]?.[field] !== digests[index]) differences.push(`${id}.${field}`);
      });
    }
    expect(differences.slice(0, 20), `${differences.length} outputs differ`).toEqual([]);
  }, 180_000);
});
