// Preloaded with `node --import` (through NODE_OPTIONS) by `pnpm test:shifted`: moves the wall clock of
// every Node process of a test run (vitest workers and the child processes tests start) by
// INT_TEST_CLOCK_SHIFT_DAYS days. Date.now(), `new Date()` and `Date()` move; timers and
// performance.now() do not, as with faketime's monotonic clock left alone. A test that passes only
// on some days fails here.
const raw = process.env.INT_TEST_CLOCK_SHIFT_DAYS;
const days = raw === undefined || raw === '' ? 0 : Number(raw);
if (!Number.isFinite(days)) {
  throw new Error(`INT_TEST_CLOCK_SHIFT_DAYS must be a number of days, got ${JSON.stringify(raw)}`);
}

if (days !== 0 && !globalThis.__intWallClockShifted) {
  globalThis.__intWallClockShifted = true;
  const offsetMs = Math.round(days * 86_400_000);
  const RealDate = globalThis.Date;
  const shiftedNow = () => RealDate.now() + offsetMs;

  function ShiftedDate(...args) {
    if (!new.target) return new RealDate(shiftedNow()).toString();
    return Reflect.construct(RealDate, args.length === 0 ? [shiftedNow()] : args, new.target);
  }
  Object.setPrototypeOf(ShiftedDate, RealDate);
  Object.defineProperties(ShiftedDate, {
    prototype: { value: RealDate.prototype },
    now: { value: shiftedNow, writable: true, configurable: true },
    name: { value: 'Date' },
    length: { value: RealDate.length },
  });
  globalThis.Date = ShiftedDate;
}
