import { createHash } from 'node:crypto';
import type { AssumeRoleRequest, AssumeRoleResponse } from '../../../generated/sts-shapes.js';
import type { RequestContext } from '../../context.js';
import { accessKeyId, secretAccessKey, sessionToken } from '../../iam/ids.js';
import { roleNameOf, sealSecret, type Iam } from '../../iam/iam.js';
import { stsErrors } from '../errors.js';

/** Role chaining (a role session assuming a role) is limited to one hour (AssumeRole's DurationSeconds). */
const chainedMaxSeconds = 3600;

// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html: temporary
// credentials for the role, DurationSeconds 900 up to the role's MaxSessionDuration
// (3600 unless told). The authorizer decides whether the caller may assume it (the
// caller's policies and the role's trust policy). The secret is stored sealed under the
// root key, the session token only as its SHA-256.
export async function assumeRole(iam: Iam, input: AssumeRoleRequest, context: RequestContext): Promise<AssumeRoleResponse> {
  const { caller } = context;
  await context.authorize('sts:AssumeRole', input.RoleArn);
  const roleName = roleNameOf(iam.accountId, input.RoleArn);
  const role = roleName === undefined ? undefined : await iam.roles.find(iam.accountId, roleName);
  if (!role || role.arn !== input.RoleArn) throw stsErrors.notAuthorized(caller.principalArn, 'sts:AssumeRole', input.RoleArn);
  const duration = input.DurationSeconds ?? 3600;
  if (caller.principalType === 'AssumedRole' && duration > chainedMaxSeconds) {
    throw stsErrors.validation('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  }
  if (duration > role.maxSessionDuration) throw stsErrors.validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');

  const id = accessKeyId('ASIA');
  const secret = secretAccessKey();
  const token = sessionToken();
  const expiresAt = iam.now() + duration * 1000;
  await iam.credentials.put(id, {
    kind: 'session',
    accountId: iam.accountId,
    roleName: role.roleName,
    roleArn: role.arn,
    roleId: role.roleId,
    sessionName: input.RoleSessionName,
    sealedSecret: sealSecret(iam, id, secret),
    sessionTokenSha256: createHash('sha256').update(token).digest('hex'),
    expiresAt,
  });
  return {
    Credentials: { AccessKeyId: id, SecretAccessKey: secret, SessionToken: token, Expiration: new Date(expiresAt) },
    AssumedRoleUser: { AssumedRoleId: `${role.roleId}:${input.RoleSessionName}`, Arn: assumedRoleArn(iam.accountId, role.roleName, input.RoleSessionName) },
  };
}

export function assumedRoleArn(accountId: string, roleName: string, sessionName: string): string {
  return `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
}
