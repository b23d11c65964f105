// Preloaded (node --require) by bench/memory-bench.mjs: the wall clock stands still at
// FEEDLOOM_FIXED_NOW (ms), so two runs of two trees on the same farm can be compared byte for byte
// (firstSeenAt, build dates). Timers run on their own clock and are untouched.
const fixed = Number(process.env.FEEDLOOM_FIXED_NOW);
if (Number.isFinite(fixed)) {
  const RealDate = Date;
  class FixedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(fixed);
      else super(...args);
    }
    static now() {
      return fixed;
    }
  }
  globalThis.Date = FixedDate;
}
