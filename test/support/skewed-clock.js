// Preloaded (node --import) into a service process a test starts, to play a replica whose clock
// has drifted: every Date, and Date.now(), is CLOCK_SKEW_MS ahead (or behind, when negative).
// Timers and performance.now() are untouched, as they are on a real machine with a wrong clock.
const skewMs = Number(globalThis.process.env.CLOCK_SKEW_MS ?? '0');
const RealDate = globalThis.Date;

class SkewedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + skewMs);
    else super(...args);
  }

  static now() {
    return RealDate.now() + skewMs;
  }
}

globalThis.Date = SkewedDate;
