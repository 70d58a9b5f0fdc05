// A DirectPut delivery stream's throughput quota (aws-wire.md §3.5): in us-east-1,
// us-west-2 and eu-west-1 500,000 records/s and 5 MiB/s, elsewhere 100,000 records/s and
// 1 MiB/s. Records over the quota are refused one by one with ServiceUnavailableException
// "Slow down." (PutRecordBatch's per-record failure, which the SDKs and agents retry);
// the others of the same call are accepted. Token buckets hold one second's worth.

const largeRegions = new Set(['us-east-1', 'us-west-2', 'eu-west-1']);

export function quotaOf(region: string): { recordsPerSecond: number; bytesPerSecond: number } {
  return largeRegions.has(region) ? { recordsPerSecond: 500_000, bytesPerSecond: 5 * 1024 * 1024 } : { recordsPerSecond: 100_000, bytesPerSecond: 1024 * 1024 };
}

interface Bucket {
  records: number;
  bytes: number;
  at: number;
}

const maxBuckets = 10_000;

export class ThroughputLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number) {}

  /** For each record (by size), whether it fits the quota now; the ones that fit are taken from it. */
  admit(streamUuid: string, region: string, sizes: number[]): boolean[] {
    const quota = quotaOf(region);
    const now = this.now();
    let bucket = this.buckets.get(streamUuid);
    if (!bucket) {
      if (this.buckets.size >= maxBuckets) this.buckets.clear();
      bucket = { records: quota.recordsPerSecond, bytes: quota.bytesPerSecond, at: now };
      this.buckets.set(streamUuid, bucket);
    }
    const elapsed = Math.max(0, now - bucket.at) / 1000;
    bucket.records = Math.min(quota.recordsPerSecond, bucket.records + elapsed * quota.recordsPerSecond);
    bucket.bytes = Math.min(quota.bytesPerSecond, bucket.bytes + elapsed * quota.bytesPerSecond);
    bucket.at = now;
    return sizes.map((size) => {
      if (bucket.records < 1 || bucket.bytes < size) return false;
      bucket.records -= 1;
      bucket.bytes -= size;
      return true;
    });
  }
}
