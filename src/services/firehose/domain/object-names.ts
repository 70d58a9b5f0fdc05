// S3 object keys as Firehose names them (aws-wire.md §3.7, §5.7 item 38):
//   <evaluated prefix><stream>-<version>-<yyyy>-<MM>-<dd>-<HH>-<mm>-<ss>-<uuid><extension>
// The time is the arrival of the oldest record in the object, in UTC unless the
// destination's CustomTimeZone says otherwise. A prefix without a !{timestamp:...}
// expression is followed by YYYY/MM/dd/HH/; one with it is evaluated instead.
import { randomBytes } from 'node:crypto';
import type { ExtendedS3DestinationConfiguration } from '../../../generated/firehose-shapes.js';

export interface TimeParts {
  yyyy: string;
  MM: string;
  dd: string;
  HH: string;
  mm: string;
  ss: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function timeParts(millis: number, timeZone = 'UTC'): TimeParts {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(new Date(millis)).map((part) => [part.type, part.value]));
  return { yyyy: parts['year']!.padStart(4, '0'), MM: parts['month']!, dd: parts['day']!, HH: parts['hour']!, mm: parts['minute']!, ss: parts['second']! };
}

// The DateTimeFormatter letters !{timestamp:...} patterns use in Firehose's examples
// (s3-prefixes documentation): yyyy, MM, dd, HH, mm, ss; quoted text is literal.
function formatTimestamp(pattern: string, parts: TimeParts): string {
  return pattern.replace(/'([^']*)'|yyyy|MM|dd|HH|mm|ss/g, (match, quoted: string | undefined) => {
    if (quoted !== undefined) return quoted;
    return parts[match as keyof TimeParts];
  });
}

const randomAlphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** !{firehose:random-string}: 11 characters, as in the documentation's examples. */
function randomString(): string {
  return [...randomBytes(11)].map((byte) => randomAlphabet[byte % randomAlphabet.length]).join('');
}

/** The evaluated prefix, with YYYY/MM/dd/HH/ after it unless it names its own time. */
export function evaluatePrefix(prefix: string, parts: TimeParts, errorOutputType?: string): string {
  const evaluated = prefix.replace(/!\{([a-zA-Z]+):([^}]*)\}/g, (expression, namespace: string, argument: string) => {
    if (namespace === 'timestamp') return formatTimestamp(argument, parts);
    if (namespace === 'firehose' && argument === 'random-string') return randomString();
    if (namespace === 'firehose' && argument === 'error-output-type' && errorOutputType !== undefined) return errorOutputType;
    return expression;
  });
  if (prefix.includes('!{timestamp:')) return evaluated;
  return `${evaluated}${parts.yyyy}/${parts.MM}/${parts.dd}/${parts.HH}/`;
}

export interface ObjectNaming {
  streamName: string;
  versionId: number;
  firstArrival: number;
  uuid: string;
}

function extensionOf(config: ExtendedS3DestinationConfiguration): string {
  if (config.FileExtension) return config.FileExtension;
  return config.CompressionFormat === 'GZIP' ? '.gz' : '';
}

function suffix(naming: ObjectNaming, parts: TimeParts): string {
  return `${naming.streamName}-${naming.versionId}-${parts.yyyy}-${parts.MM}-${parts.dd}-${parts.HH}-${parts.mm}-${parts.ss}-${naming.uuid}`;
}

/** The key of an object of delivered records. */
export function dataObjectKey(config: ExtendedS3DestinationConfiguration, naming: ObjectNaming): string {
  const parts = timeParts(naming.firstArrival, config.CustomTimeZone || 'UTC');
  return `${evaluatePrefix(config.Prefix ?? '', parts)}${suffix(naming, parts)}${extensionOf(config)}`;
}

/**
 * The key of an object of records an HTTP endpoint did not take: under ErrorOutputPrefix
 * (its !{firehose:error-output-type} is "http-endpoint-failed"), or http-endpoint-failed/
 * when there is none [INF].
 */
export function failedObjectKey(config: ExtendedS3DestinationConfiguration, naming: ObjectNaming): string {
  const parts = timeParts(naming.firstArrival, 'UTC');
  const prefix = config.ErrorOutputPrefix ? config.ErrorOutputPrefix : 'http-endpoint-failed/';
  return `${evaluatePrefix(prefix, parts, 'http-endpoint-failed')}${suffix(naming, parts)}${config.CompressionFormat === 'GZIP' ? '.gz' : ''}`;
}
