/**
 * The did-you-mean of config keys, command names and options. Apart from format-issues.ts, which
 * loads the zod schema: the CLI names the nearest command or option on every mistyped run, and a
 * module it imports at start-up must not pull zod into every run (bench: `--only config`).
 */

/**
 * Nearest candidate by edit distance, if close enough to be a plausible typo. Units and the parent
 * key are ignored on both sides, so `fetchTimout` under `fetch` still finds `timeoutMs`.
 */
export function nearest(word: string, candidates: string[], parent = ''): string | null {
  const simplify = (value: string) => value.toLowerCase().replace(/(ms|days|bytes)$/, '');
  const typed = [word.toLowerCase(), simplify(word)];
  if (parent && word.toLowerCase().startsWith(parent.toLowerCase())) typed.push(simplify(word.slice(parent.length)));
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    for (const form of typed) {
      const distance = Math.min(editDistance(form, candidate.toLowerCase()), editDistance(form, simplify(candidate)));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
  }
  const tolerance = Math.max(2, Math.floor(word.length / 3));
  return best !== null && bestDistance <= tolerance ? best : null;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
