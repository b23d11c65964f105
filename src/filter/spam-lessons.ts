/**
 * What the operator teaches the text classifier: `approve` makes an item a ham lesson, `block`
 * a spam lesson. Lessons live in the store's state (they outlive the items, which retention
 * prunes), newest kept, at most MAX_SPAM_LESSONS, and one per item: approving what was blocked
 * replaces the lesson rather than teaching both.
 */
import type { SpamLesson, StoreState, StoredItem } from '../core/types.js';
import { htmlToText } from '../normalise/html.js';
import { MODEL_TEXT_CHARS } from './spam-model.js';

const MAX_SPAM_LESSONS = 500;

export function lessonOf(item: Pick<StoredItem, 'title' | 'content' | 'summary'>, label: SpamLesson['label']): SpamLesson {
  const body = item.content ? htmlToText(item.content) : item.summary ? htmlToText(item.summary) : '';
  return { label, title: item.title, text: body.slice(0, MODEL_TEXT_CHARS) };
}

/** The state's lessons with these added (an older lesson on the same title and text is dropped). */
export function addLessons(state: StoreState, lessons: SpamLesson[]): void {
  const same = (a: SpamLesson, b: SpamLesson) => a.title === b.title && a.text === b.text;
  const kept = (state.spamLessons ?? []).filter((old) => !lessons.some((lesson) => same(old, lesson)));
  state.spamLessons = [...kept, ...lessons].slice(-MAX_SPAM_LESSONS);
}

/** The state's lessons without these (`unblock`: what was wrongly taught as spam is no longer taught). */
export function removeLessons(state: StoreState, lessons: SpamLesson[]): void {
  const taught = (old: SpamLesson) => lessons.some((lesson) => lesson.label === old.label && lesson.title === old.title && lesson.text === old.text);
  state.spamLessons = (state.spamLessons ?? []).filter((old) => !taught(old));
}
