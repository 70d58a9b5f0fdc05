import type { DisableEnhancedMonitoringInput, EnhancedMonitoringOutput } from '../../../generated/kinesis-shapes.js';
import type { RequestContext } from '../../context.js';
import { changeShardLevelMetrics } from '../domain/enhanced-monitoring.js';
import type { Kinesis } from '../kinesis.js';

/** Removes shard-level metrics from the stream's set (domain/enhanced-monitoring.ts). */
export function disableEnhancedMonitoring(kinesis: Kinesis, input: DisableEnhancedMonitoringInput, context: RequestContext): Promise<EnhancedMonitoringOutput> {
  return changeShardLevelMetrics(kinesis, input, context, 'disable');
}
