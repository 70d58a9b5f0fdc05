import type { RequestContext } from '../../context.js';
import { iamErrors } from '../errors.js';
import { callerUserName } from '../iam.js';

/**
 * The user whose access keys an operation manages: the named one, or the caller's own
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html: "If you
 * do not specify a user name, IAM determines the user name implicitly based on the Amazon
 * Web Services access key ID signing the request"). The root's own keys are not IAM's to
 * manage here: they are given to the server at start.
 */
export function targetUserName(name: string | undefined, context: RequestContext): string {
  const userName = name ?? callerUserName(context.caller);
  if (userName === undefined) throw iamErrors.validation('Must specify userName when calling with non-User credentials');
  return userName;
}
