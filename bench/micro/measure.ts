// A minimal timing loop for micro-benchmarks: warm up, then time a fixed number of calls
// (bounded), and report microseconds per call. Figures, not assertions.
export interface Measurement {
  name: string;
  microsPerCall: number;
  callsPerSecond: number;
}

export function measure(name: string, call: () => unknown, calls = 20_000): Measurement {
  for (let index = 0; index < Math.min(2_000, calls); index++) call();
  const started = performance.now();
  for (let index = 0; index < calls; index++) call();
  const micros = ((performance.now() - started) * 1000) / calls;
  return { name, microsPerCall: micros, callsPerSecond: 1e6 / micros };
}

export async function measureAsync(name: string, call: () => Promise<unknown>, calls = 2_000): Promise<Measurement> {
  for (let index = 0; index < Math.min(200, calls); index++) await call();
  const started = performance.now();
  for (let index = 0; index < calls; index++) await call();
  const micros = ((performance.now() - started) * 1000) / calls;
  return { name, microsPerCall: micros, callsPerSecond: 1e6 / micros };
}

export function report(title: string, measurements: Measurement[]): void {
  console.log(`\n${title}`);
  console.table(Object.fromEntries(measurements.map((item) => [item.name, { 'µs/call': Number(item.microsPerCall.toFixed(3)), 'calls/s': Math.round(item.callsPerSecond) }])));
}
