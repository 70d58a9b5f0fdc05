// What IAM refuses in a Resource / NotResource value, with the texts its
// MalformedPolicyDocument carries (recorded against AWS in moto's IAM policy tests):
// a value that is neither "*" nor colon-separated, a partition other than `aws`, a bare
// `arn:aws`, region information in iam and s3 ARNs, an iam resource outside IAM's resource
// types. Values whose colons are too few to be read as an ARN at all "failed legacy parsing".

const iamResourceTypes = [
  'user/',
  'federated-user/',
  'role/',
  'group/',
  'instance-profile/',
  'mfa/',
  'server-certificate/',
  'policy/',
  'sms-mfa/',
  'saml-provider/',
  'oidc-provider/',
  'report/',
  'access-report/',
];

/** The reason IAM gives for a malformed resource value, or undefined when it is acceptable. */
export function resourceFormatError(resource: string): string | undefined {
  if (resource === '*') return undefined;
  const firstColon = resource.indexOf(':');
  if (firstColon < 0) return `Resource ${resource} must be in ARN format or "*".`;
  const afterPrefix = resource.slice(firstColon + 1);
  const secondColon = afterPrefix.indexOf(':');
  const partition = secondColon < 0 ? afterPrefix : afterPrefix.slice(0, secondColon);
  if (partition !== 'aws' && partition !== '*') {
    // IAM echoes the value rebuilt as six components, a missing one shown as "*".
    const rest = secondColon < 0 ? [] : afterPrefix.slice(secondColon + 1).split(':');
    const component = (index: number): string => (index < rest.length && !(index === 0 && rest[0] === '' && rest.length === 1) ? rest[index]! : '*');
    const tail = rest.length > 3 ? rest.slice(3).join(':') : '*';
    return `Partition "${partition}" is not valid for resource "arn:${partition}:${component(0)}:${component(1)}:${component(2)}:${tail}".`;
  }
  if (secondColon < 0) return 'Resource vendor must be fully qualified and cannot contain regexes.';
  const components = afterPrefix.slice(secondColon + 1).split(':');
  const service = components[0]!;
  const region = components[1] ?? '';
  if (service === 'iam' && region !== '') return `IAM resource ${resource} cannot contain region information.`;
  if (service === 's3' && region !== '') return `Resource ${resource} can not contain region information.`;
  if (service === 'iam') {
    const resourcePart = components.slice(3).join(':');
    if (!iamResourceTypes.some((type) => resourcePart.startsWith(type))) {
      return `IAM resource path must either be "*" or start with ${iamResourceTypes.join(', ')}.`;
    }
  }
  return undefined;
}

/** Whether a value passes IAM's older parser: five colons, or none doubled, and a service named. */
export function passesLegacyParsing(resource: string): boolean {
  if (resource === '*') return true;
  const colons = resource.split(':').length - 1;
  if (colons < 5 && resource.includes('::')) return false;
  return resource.split(':')[2] !== '';
}
