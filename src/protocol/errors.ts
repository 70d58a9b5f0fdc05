import { AwsError } from '../services/errors.js';

/**
 * The two wordings of AWS's front door. The same refusal has one name in the JSON protocol
 * (Kinesis, Firehose, KMS, CloudTrail: `InvalidSignatureException`, HTTP 400) and another
 * in the Query protocol (IAM, STS: `SignatureDoesNotMatch`, HTTP 403).
 */
export type AuthFlavor = 'json' | 'query';

// Texts AWS sends for authentication failures, shared by both flavors. Sources: dynalite's
// and kinesalite's records of AWS's answers, and the IAM guide "Troubleshoot Signature
// Version 4 signing for AWS API requests".
export const authTexts = {
  signatureMismatch:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  hostNotSigned: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
  bothForms: "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
  invalidToken: 'The security token included in the request is invalid.',
  expiredToken: 'The security token included in the request is expired',
};

export interface AuthErrors {
  /** No signature at all (neither an Authorization header nor X-Amz-Algorithm). */
  missingAuthenticationToken(): AwsError;
  /** A signature that lacks a part or names an algorithm or date AWS does not accept. */
  incompleteSignature(message: string): AwsError;
  /** A signature that does not verify, is out of its time window, or is scoped wrongly. */
  invalidSignature(message: string): AwsError;
  /** The access key ID is unknown. */
  unrecognizedClient(): AwsError;
  /** The session token does not belong to the access key, or is unknown. */
  invalidSessionToken(): AwsError;
  /** The session token (temporary credentials) has expired. */
  expiredToken(): AwsError;
}

// JSON services answer every front-door refusal with HTTP 400: kinesalite's records for
// Kinesis, and the "status code: 400" of Kinesis, Firehose and KMS clients' reports of
// InvalidSignatureException, UnrecognizedClientException and ExpiredTokenException.
const jsonErrors: AuthErrors = {
  missingAuthenticationToken: () => new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token'),
  incompleteSignature: (message) => new AwsError('IncompleteSignatureException', message),
  invalidSignature: (message) => new AwsError('InvalidSignatureException', message),
  unrecognizedClient: () => new AwsError('UnrecognizedClientException', authTexts.invalidToken),
  // dynalite recorded a bad X-Amz-Security-Token as this text without its full stop.
  invalidSessionToken: () => new AwsError('UnrecognizedClientException', authTexts.invalidToken.slice(0, -1)),
  expiredToken: () => new AwsError('ExpiredTokenException', authTexts.expiredToken),
};

// Query services: 403 but for IncompleteSignature (400), as the IAM and STS API
// references' Common Errors list them; STS's recorded answer to an unsigned request.
const queryErrors: AuthErrors = {
  missingAuthenticationToken: () => new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', { status: 403 }),
  incompleteSignature: (message) => new AwsError('IncompleteSignature', message),
  invalidSignature: (message) => new AwsError('SignatureDoesNotMatch', message, { status: 403 }),
  unrecognizedClient: () => new AwsError('InvalidClientTokenId', authTexts.invalidToken, { status: 403 }),
  invalidSessionToken: () => new AwsError('InvalidClientTokenId', authTexts.invalidToken, { status: 403 }),
  expiredToken: () => new AwsError('ExpiredToken', authTexts.expiredToken, { status: 403 }),
};

export const authErrors: Record<AuthFlavor, AuthErrors> = { json: jsonErrors, query: queryErrors };

// Errors every AWS JSON service shares, raised before an operation runs (aws-wire.md §0.1).
export const commonErrors = {
  serialization: (message?: string) =>
    new AwsError('SerializationException', message ?? '', { messageKey: message === undefined ? 'none' : 'Message' }),
  unknownOperation: () => new AwsError('UnknownOperationException', '', { messageKey: 'none' }),
  missingAuthenticationToken: jsonErrors.missingAuthenticationToken,
  incompleteSignature: jsonErrors.incompleteSignature,
  invalidSignature: jsonErrors.invalidSignature,
  accessDenied: (message: string) => new AwsError('AccessDeniedException', message, { messageKey: 'Message' }),
};
