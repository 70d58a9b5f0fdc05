import type { GenerateDataKeyWithoutPlaintextRequest, GenerateDataKeyWithoutPlaintextResponse } from '../../../generated/kms-shapes.js';
import type { RequestContext } from '../../context.js';
import type { Kms } from '../kms.js';
import { generateDataKeyUnder } from './generate-data-key.js';

export async function generateDataKeyWithoutPlaintext(
  kms: Kms,
  input: GenerateDataKeyWithoutPlaintextRequest,
  context: RequestContext,
): Promise<GenerateDataKeyWithoutPlaintextResponse> {
  const generated = await generateDataKeyUnder(kms, input, context, 'kms:GenerateDataKeyWithoutPlaintext');
  return { CiphertextBlob: generated.blob, KeyId: generated.key.arn, KeyMaterialId: generated.materialId };
}
