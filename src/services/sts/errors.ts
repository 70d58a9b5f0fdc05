// STS's errors with AWS's texts (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html#API_AssumeRole_Errors).
import { AwsError } from '../errors.js';

export const stsErrors = {
  /** A role that does not exist is refused like one the caller may not assume: AWS says no more. */
  notAuthorized: (callerArn: string, action: string, resource: string) =>
    new AwsError('AccessDenied', `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource}`, { status: 403 }),
  validation: (message: string) => new AwsError('ValidationError', message, { status: 400 }),
};
