// What the six tag operations share: the resource they tag (a stream, named by name or
// ARN, or a consumer, named by ARN: resource-targets.ts) and the three things done to its
// tags. Every change is one compare-and-set on the stream's document, so concurrent
// taggers never lose a tag.
import { kinesisErrors } from '../errors.js';
import type { Kinesis } from '../kinesis.js';
import { consumerNotFound } from './consumers.js';
import { settingsOf, type ResourceTarget } from './resource-targets.js';
import { refOf, type StreamDoc } from './streams.js';
import { checkTagKeys, mergeTags } from './tags.js';

/** How the tag failure texts name the resource: "stream NAME under account ACCOUNT" as AWS words it (tags.ts). */
function describeTarget(target: ResourceTarget): string {
  const { name, accountId } = refOf(target.stream);
  return target.kind === 'stream' ? `stream ${name} under account ${accountId}` : `consumer ${target.name} under stream ${name} and account ${accountId}`;
}

/** The tags of the target and a setter for them, or the error that forbids changing them. */
function tagsOf(stream: StreamDoc, target: ResourceTarget, changing: boolean): { tags: Record<string, string>; set(tags: Record<string, string>): void } {
  const holder = settingsOf(stream, target, changing);
  return { tags: holder.tags ?? {}, set: (tags) => (holder.tags = tags) };
}

async function changeTags(kinesis: Kinesis, target: ResourceTarget, change: (tags: Record<string, string>) => Record<string, string>): Promise<void> {
  if (target.kind === 'consumer' && !(await kinesis.streams.find(target.stream))) throw consumerNotFound(target.stream, target.name, target.arn);
  await kinesis.streams.update(target.stream, (stream) => {
    const current = tagsOf(stream, target, true);
    current.set(change(current.tags));
  });
}

/** Adds or overwrites tags, at most 50 per resource. */
export async function addTags(kinesis: Kinesis, target: ResourceTarget, added: Record<string, string>): Promise<void> {
  await changeTags(kinesis, target, (tags) => mergeTags(tags, added, describeTarget(target), target.kind));
}

/** Removes the named tags; keys the resource does not have are ignored, as AWS ignores them (kinesalite removeTagsFromStream.js). */
export async function removeTags(kinesis: Kinesis, target: ResourceTarget, keys: string[]): Promise<void> {
  await changeTags(kinesis, target, (tags) => {
    checkTagKeys(keys, describeTarget(target));
    const remaining = { ...tags };
    for (const key of keys) delete remaining[key];
    return remaining;
  });
}

export async function readTags(kinesis: Kinesis, target: ResourceTarget): Promise<Record<string, string>> {
  const stream = await kinesis.streams.find(target.stream);
  if (!stream) throw target.kind === 'stream' ? kinesisErrors.streamNotFound(refOf(target.stream)) : consumerNotFound(target.stream, target.name, target.arn);
  return tagsOf(stream, target, false).tags;
}
