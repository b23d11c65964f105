/**
 * What ingest counts per feed and per run. Apart from ingest.ts so that a cycle can hold its
 * totals without loading the ingest stage: a run where nothing changed never loads it.
 */
export interface IngestCounts {
  new: number;
  updated: number;
  unchanged: number;
  filtered: number;
  duplicate: number;
  quarantined: number;
  capped: number;
}

export function emptyCounts(): IngestCounts {
  return { new: 0, updated: 0, unchanged: 0, filtered: 0, duplicate: 0, quarantined: 0, capped: 0 };
}

export function addCounts(total: IngestCounts, add: IngestCounts): void {
  for (const key of Object.keys(total) as Array<keyof IngestCounts>) total[key] += add[key];
}
