// IAM's error catalog with AWS's texts, as the Query protocol names the codes (the
// model's error.code: NoSuchEntity for NoSuchEntityException) and their HTTP statuses
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html#API_CreateUser_Errors
// and the other operations' Errors sections). Texts as AWS words them [INF where marked].
import { AwsError } from '../errors.js';

export const iamErrors = {
  noSuchEntity: (message: string) => new AwsError('NoSuchEntity', message, { status: 404 }),
  noSuchUser: (name: string) => iamErrors.noSuchEntity(`The user with name ${name} cannot be found.`),
  noSuchRole: (name: string) => iamErrors.noSuchEntity(`The role with name ${name} cannot be found.`),
  noSuchUserPolicy: (name: string) => iamErrors.noSuchEntity(`The user policy with name ${name} cannot be found.`),
  noSuchRolePolicy: (name: string) => iamErrors.noSuchEntity(`The role policy with name ${name} cannot be found.`),
  noSuchAccessKey: (id: string) => iamErrors.noSuchEntity(`The Access Key with id ${id} cannot be found.`),
  noSuchPolicy: (arn: string) => iamErrors.noSuchEntity(`Policy ${arn} was not found.`),
  notAttachable: (arn: string) => iamErrors.noSuchEntity(`Policy ${arn} does not exist or is not attachable.`),
  noSuchPolicyVersion: (arn: string, versionId: string) => iamErrors.noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`),
  entityAlreadyExists: (message: string) => new AwsError('EntityAlreadyExists', message, { status: 409 }),
  userExists: (name: string) => iamErrors.entityAlreadyExists(`User with name ${name} already exists.`),
  roleExists: (name: string) => iamErrors.entityAlreadyExists(`Role with name ${name} already exists.`),
  policyExists: (name: string) => iamErrors.entityAlreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`),
  limitExceeded: (message: string) => new AwsError('LimitExceeded', message, { status: 409 }),
  deleteConflict: (message: string) => new AwsError('DeleteConflict', message, { status: 409 }),
  malformedPolicy: (message = 'Syntax errors in policy.') => new AwsError('MalformedPolicyDocument', message, { status: 400 }),
  invalidInput: (message: string) => new AwsError('InvalidInput', message, { status: 400 }),
  validation: (message: string) => new AwsError('ValidationError', message, { status: 400 }),
  /** For an update that lost every compare-and-set. */
  concurrentModification: () => new AwsError('ConcurrentModification', 'The request was rejected because multiple requests to change this object were submitted simultaneously. Wait a few minutes and submit your request again.', { status: 409 }),
};
