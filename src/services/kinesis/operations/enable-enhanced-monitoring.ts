import type { EnableEnhancedMonitoringInput, EnhancedMonitoringOutput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { changeShardLevelMetrics } from '../domain/enhanced-monitoring.js';
import type { Kinesis } from '../kinesis.js';

/** Adds shard-level metrics to the stream's set (domain/enhanced-monitoring.ts). */
export function enableEnhancedMonitoring(kinesis: Kinesis, input: EnableEnhancedMonitoringInput, context: RequestContext): Promise<EnhancedMonitoringOutput> {
  return changeShardLevelMetrics(kinesis, input, context, 'enable');
}
