// STS: the table of operations this server answers, over IAM's roles and credentials.
import { bindOperations, type ServiceDefinition, type ServiceOperation } from '../context.js';
import type { Iam } from '../iam/iam.js';
import { assumeRole } from './operations/assume-role.js';
import { getCallerIdentity } from './operations/get-caller-identity.js';

const operations: Record<string, ServiceOperation<Iam>> = {
  AssumeRole: assumeRole,
  GetCallerIdentity: getCallerIdentity,
};

export function createStsService(iam: Iam): ServiceDefinition {
  return { name: 'sts', operations: bindOperations(iam, operations) };
}
