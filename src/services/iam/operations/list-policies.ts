import type { ListPoliciesRequest, ListPoliciesResponse } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { pageFields, pageOf } from '../domain/paging.js';
import { policyView, type Iam } from '../iam.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicies.html: this server
// has no AWS-managed policies, so Scope AWS lists none and All lists the account's own.
export async function listPolicies(iam: Iam, input: ListPoliciesRequest, context: RequestContext): Promise<ListPoliciesResponse> {
  await context.authorize('iam:ListPolicies', `arn:aws:iam::${iam.accountId}:policy/`);
  if (input.Scope === 'AWS') return { Policies: [], IsTruncated: false };
  const [policies, users, roles] = await Promise.all([iam.policies.list(iam.accountId), iam.users.list(iam.accountId), iam.roles.list(iam.accountId)]);
  const counts = new Map<string, number>();
  for (const principal of [...users, ...roles]) for (const arn of principal.attachedPolicyArns) counts.set(arn, (counts.get(arn) ?? 0) + 1);
  const selected = policies.filter((policy) => policy.path.startsWith(input.PathPrefix ?? '/') && (!input.OnlyAttached || (counts.get(policy.arn) ?? 0) > 0));
  const page = pageOf(selected, (policy) => policy.policyName.toLowerCase(), input.MaxItems, input.Marker);
  // ListPolicies leaves out Description and Tags, as AWS does.
  return {
    Policies: page.items.map((policy) => {
      const { Description: _description, Tags: _tags, ...view } = policyView(policy, counts.get(policy.arn) ?? 0);
      return view;
    }),
    ...pageFields(page),
  };
}
