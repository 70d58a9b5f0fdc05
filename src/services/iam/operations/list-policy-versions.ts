import type { ListPolicyVersionsRequest, ListPolicyVersionsResponse } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { pageFields, pageOf } from '../domain/paging.js';
import { policyByArn, type Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicyVersions.html: without documents.
export async function listPolicyVersions(iam: Iam, input: ListPolicyVersionsRequest, context: RequestContext): Promise<ListPolicyVersionsResponse> {
  await context.authorize('iam:ListPolicyVersions', input.PolicyArn);
  const policy = await policyByArn(iam, input.PolicyArn);
  // Newest first, as AWS lists them.
  const page = pageOf(policy.versions, (version) => String(1e9 - Number(version.versionId.slice(1))).padStart(10, '0'), input.MaxItems, input.Marker);
  return {
    Versions: page.items.map((version) => ({ VersionId: version.versionId, IsDefaultVersion: version.versionId === policy.defaultVersionId, CreateDate: new Date(version.createdAt) })),
    ...pageFields(page),
  };
}
