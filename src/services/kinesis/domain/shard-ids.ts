// Shard ids are `shardId-` + 12 digits; the KPL parses the number after the first '-'
// and assumes children are numbered above parents (aws-wire.md §1.3). On input AWS
// also accepts loose forms (`shardId-0`, `0`, `anything-5`).

export function toShardId(index: number): string {
  return 'shardId-' + String(index).padStart(12, '0');
}

/** The shard index a (possibly loose) shard id names, or undefined when it names none. */
export function parseShardId(raw: string): number | undefined {
  const dash = raw.indexOf('-');
  const digits = dash >= 0 ? raw.slice(dash + 1) : raw;
  if (!/^\d+$/.test(digits)) return undefined;
  const index = Number(digits);
  return index <= 2147483647 ? index : undefined;
}
