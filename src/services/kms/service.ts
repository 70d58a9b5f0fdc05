// KMS: the table of operations the built-in key service answers. Each lives in
// operations/<operation>.ts.
import type { OperationHandler, RequestContext, ServiceDefinition } from '../context.js';
import type { Kms } from './kms.js';
import { createKey } from './operations/create-key.js';
import { decrypt } from './operations/decrypt.js';
import { describeKey } from './operations/describe-key.js';
import { encrypt } from './operations/encrypt.js';
import { generateDataKey } from './operations/generate-data-key.js';
import { generateDataKeyWithoutPlaintext } from './operations/generate-data-key-without-plaintext.js';

type Operation = (kms: Kms, input: never, context: RequestContext) => Promise<unknown>;

const operations: Record<string, Operation> = {
  CreateKey: createKey,
  Decrypt: decrypt,
  DescribeKey: describeKey,
  Encrypt: encrypt,
  GenerateDataKey: generateDataKey,
  GenerateDataKeyWithoutPlaintext: generateDataKeyWithoutPlaintext,
};

/** Every operation the built-in KMS answers: the external mode forwards exactly these. */
export const kmsOperationNames = (): string[] => Object.keys(operations);

export function createKmsService(kms: Kms): ServiceDefinition {
  const bound: Record<string, OperationHandler> = {};
  for (const [name, operation] of Object.entries(operations)) {
    bound[name] = (input, context) => operation(kms, input as never, context);
  }
  return { name: 'kms', operations: bound };
}
