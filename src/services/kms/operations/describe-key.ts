import type { DescribeKeyRequest, DescribeKeyResponse } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import { keyMetadata, resolveKey, type Kms } from '../kms.js';

// Every key state allows DescribeKey; alias/aws/kinesis creates its key on first use.
export async function describeKey(kms: Kms, input: DescribeKeyRequest, context: RequestContext): Promise<DescribeKeyResponse> {
  const key = await resolveKey(kms, context.caller, input.KeyId);
  await context.authorize('kms:DescribeKey', key.arn);
  return { KeyMetadata: keyMetadata(key) };
}
