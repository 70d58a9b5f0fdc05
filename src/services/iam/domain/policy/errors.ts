// Why a policy document is refused. The texts are AWS's own where AWS's are recorded:
// IAM's MalformedPolicyDocument messages (moto's IAM policy tests, checked against AWS;
// LocalStack's CreateRole; user reports quoting AWS), KMS's MalformedPolicyDocumentException
// message for principals. The parser throws PolicyDocumentError with the reason; the
// caller picks its service's error code (IAM `MalformedPolicyDocument`, KMS
// `MalformedPolicyDocumentException`, Kinesis `InvalidArgumentException`).

export const policyErrorReasons = {
  syntax: 'Syntax errors in policy.',
  /** CreateRole / UpdateAssumeRolePolicy with a trust policy that is not JSON. */
  trustPolicyJson: 'This policy contains invalid Json',
  /** Managed policies (CreatePolicy, CreatePolicyVersion) must use the current language version. */
  version: 'Policy document must be version 2012-10-17 or greater.',
  legacyParsing: 'The policy failed legacy parsing',
  duplicateSid: 'Statement IDs (SID) in a single policy must be unique.',
  missingActions: 'Policy statement must contain actions.',
  missingResources: 'Policy statement must contain resources.',
  actionWithoutVendor: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  actionColons: 'Actions/Condition can contain only one colon.',
  /** An identity-based policy (PutUserPolicy, CreatePolicy, ...) with Principal or NotPrincipal. */
  principalInIdentityPolicy: 'Policy document should not specify a principal.',
  /** A trust policy statement without Principal (AWS's text, internal class name and all). */
  trustPolicyWithoutPrincipal: 'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!',
  trustPolicyActions: 'AssumeRole policy may only specify STS AssumeRole actions.',
  /** KMS names any principal problem of a key policy with this one text. */
  keyPolicyPrincipals: 'Policy contains a statement with one or more invalid principals.',
  /** Other resource-based policies: the text S3 and others give for a statement without Principal. */
  resourcePolicyWithoutPrincipal: 'Missing required field Principal',
  invalidVendor: (vendor: string) => `Vendor ${vendor} is not valid`,
  prohibitedField: (field: string) => `Has prohibited field ${field}`,
  invalidPrincipal: (type: string, value: string) => `Invalid principal in policy: "${type}":"${value}"`,
} as const;

export class PolicyDocumentError extends Error {
  /** The message for the client, AWS's wording. */
  readonly reason: string;

  constructor(reason: string) {
    super(reason);
    this.name = 'PolicyDocumentError';
    this.reason = reason;
  }
}
