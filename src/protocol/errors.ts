import { AwsError } from '../services/errors.js';

// Errors every AWS JSON service shares, raised before an operation runs (aws-wire.md §0.1).
export const commonErrors = {
  serialization: (message?: string) =>
    new AwsError('SerializationException', message ?? '', { messageKey: message === undefined ? 'none' : 'Message' }),
  unknownOperation: () => new AwsError('UnknownOperationException', '', { messageKey: 'none' }),
  missingAuthenticationToken: () =>
    new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token'),
  incompleteSignature: (message: string) => new AwsError('IncompleteSignatureException', message),
  invalidSignature: (message: string) => new AwsError('InvalidSignatureException', message),
  accessDenied: (message: string) => new AwsError('AccessDeniedException', message, { messageKey: 'Message' }),
};
