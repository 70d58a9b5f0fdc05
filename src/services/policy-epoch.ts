// A counter every change to what authorization reads moves forward: IAM policies and
// identities, KMS key policies and grants. The authorizer's decision cache keys on it, so
// a revoked permission is gone on the very next request (issue 8: "policy decisions are
// cached so that the data path stays fast").
export class PolicyEpoch {
  private current = 0;

  get value(): number {
    return this.current;
  }

  bump(): void {
    this.current++;
  }
}
