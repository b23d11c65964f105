/** Process exit codes, following sysexits(3) where one fits. Documented in the README. */
export const EXIT = {
  OK: 0,
  /** `parse` was given something that is not a feed. */
  NOT_A_FEED: 2,
  /** `parse <url>`: the fetch failed (docs/parse-json.md). */
  FETCH_FAILED: 3,
  /** `run --strict`: the cycle completed but some sources failed. */
  SOURCES_FAILED: 4,
  USAGE: 64,
  /** A file named on the command line is not what the command reads (import-opml of a non-OPML file): EX_DATAERR. */
  DATAERR: 65,
  /** A file named on the command line cannot be read (missing, unreadable): EX_NOINPUT. */
  NOINPUT: 66,
  /** Internal error, or the store is unusable (corrupt, newer schema, I/O). */
  SOFTWARE: 70,
  /** Another run holds the lock. */
  TEMPFAIL: 75,
  CONFIG: 78,
  /** `run` stopped by SIGINT (Ctrl-C): 128 + 2, as a shell reports it. */
  INTERRUPTED: 130,
  /** `run` stopped by SIGTERM: 128 + 15. */
  TERMINATED: 143,
} as const;
