// CloudTrail: the table of operations Sealstream answers. Only LookupEvents, the event
// history over the audit trail; every other CloudTrail operation (trails, event data
// stores, Lake queries) is modelled but has no handler, so the dispatcher answers
// UnknownOperationException for it.
import { bindOperations, type ServiceDefinition, type ServiceOperation } from '../context.js';
import type { CloudTrail } from './cloudtrail.js';
import { lookupEvents } from './operations/lookup-events.js';

type Operation = ServiceOperation<CloudTrail>;

const operations: Record<string, Operation> = {
  LookupEvents: lookupEvents,
};

export function createCloudTrailService(cloudTrail: CloudTrail): ServiceDefinition {
  return { name: 'cloudtrail', operations: bindOperations(cloudTrail, operations) };
}
