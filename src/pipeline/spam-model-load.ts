/**
 * Loads the shipped text classifier (models/spam-model.json) once per process, and only when a run
 * has new items to score, then teaches it this installation's lessons (`approve` and `block`,
 * kept in the store's state). Disk I/O stays here, out of filter/ (STYLE.md rule 2).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FeedloomError } from '../core/errors.js';
import type { SpamLesson } from '../core/types.js';
import { modelFromWeights, shareModel, trainModel, weightsProblem, type ModelWeights, type SpamModel } from '../filter/spam-model.js';

/** An operator's lesson counts this many corpus items: one approve should outweigh a few look-alikes. */
const LESSON_WEIGHT = 10;
/** Passes over the lessons on top of the shipped weights. */
const LESSON_EPOCHS = 3;

const MODEL_FILE = fileURLToPath(new URL('../../models/spam-model.json', import.meta.url));
let shipped: ModelWeights | null = null;

export function readShippedModel(file = MODEL_FILE): ModelWeights {
  if (shipped && file === MODEL_FILE) return shipped;
  let parsed: ModelWeights;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as ModelWeights;
  } catch (error) {
    throw new FeedloomError('E_CONFIG', `cannot read the spam model ${file}: ${(error as Error).message}`, { cause: error });
  }
  const known = (parsed?.version === 2 && typeof parsed.weights === 'object' && parsed.weights !== null) || (parsed?.version === 3 && typeof parsed.weights === 'string');
  if (!known) throw new FeedloomError('E_CONFIG', `${file} is not a feedloom spam model (version 2 or 3)`);
  const problem = weightsProblem(parsed);
  if (problem) throw new FeedloomError('E_CONFIG', `cannot read the spam model ${file}: ${problem}`);
  if (file === MODEL_FILE) shipped = parsed;
  return parsed;
}

/** The shipped model with the installation's lessons taught on top (a fresh copy each call). */
export function spamModelFor(lessons: SpamLesson[] = [], file?: string): SpamModel {
  const model = modelFromWeights(readShippedModel(file));
  if (lessons.length > 0) trainModel(model, lessons, { epochs: LESSON_EPOCHS, times: LESSON_WEIGHT });
  return model;
}

/** spamModelFor with its weights in shared memory, for a run whose parse workers score with it too (prepare-sources.ts). */
export function sharedSpamModelFor(lessons: SpamLesson[] = []): SpamModel {
  return shareModel(spamModelFor(lessons));
}
