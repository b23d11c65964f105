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
import { shareModel, tokensOf } from '../../src/filter/spam-model.js';
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
    const model = spamModelFor();
    const cases = analysisCases(sanitiseHtml);
    // Twice: with the classifier's features in the analysis, and with the verdict a parse worker
    // makes when handed the run's model (shared weights); either way the score must be the same.
    const shared = shareModel(model);
    for (const withModel of [false, true]) {
      let verdicts = 0;
      // The text features cross threads packed (issue 11): compared as the ingest side reads them.
      const analyseAndUnpack = (item: Parameters<typeof analyseItem>[0]) => {
        const analysis = analyseItem(item, withModel ? shared : undefined);
        if (analysis.verdict && !analysis.model) verdicts++;
        return { ...analysis, text: unpackTextFeatures(analysis.text) };
      };
      const modules = { analyseItem: analyseAndUnpack, buildSourceProfile, scoreSpam, model, htmlToText, detectLanguage, titleKey, textTokens, simhash, tokensOf };
      const outputs = outputsOf(modules, cases) as Record<string, Record<string, string>>;
      expect(Object.keys(outputs).length).toBe(Object.keys(reference.cases).length);
      const differences: string[] = [];
      for (const [id, digests] of Object.entries(reference.cases)) {
        reference.fields.forEach((field, index) => {
          if (outputs[id]?.[field] !== digests[index]) differences.push(`${id}.${field}`);
        });
      }
      expect(differences.slice(0, 20), `${differences.length} outputs differ (verdicts from the analysis: ${withModel})`).toEqual([]);
      expect(verdicts).toBe(withModel ? Object.keys(outputs).length : 0);
    }
  }, 180_000);
});
