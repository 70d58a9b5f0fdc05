// What users and roles share: inline policies by name and attached managed policies
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html).
// The per-operation files (put-user-policy.ts, attach-role-policy.ts, …) name the
// entity, the action to authorize and the errors; the changes themselves are here.
import type { AttachedPolicy } from '../../../generated/iam-shapes.js';
import type { RequestContext } from '../../context.js';
import { iamErrors } from '../errors.js';
import { encodePolicyDocument, policyByArn, type Iam } from '../iam.js';
import type { EntityStore, Principal } from './entities.js';
import { pageFields, pageOf } from './paging.js';
import { validatePolicyDocument } from './policy-documents.js';

export interface PrincipalKind<Doc extends Principal> {
  /** 'User' or 'Role': the action names (iam:PutUserPolicy) and the answers' member (UserName). */
  kind: 'User' | 'Role';
  store: (iam: Iam) => EntityStore<Doc>;
  nameOf: (doc: Doc) => string;
  noSuchPolicy: (policyName: string) => Error;
}

/** IAM's quota on managed policies attached to one user or role. */
export const maxAttachedPolicies = 10;

export async function putInlinePolicy<Doc extends Principal>(iam: Iam, kind: PrincipalKind<Doc>, name: string, policyName: string, document: string, context: RequestContext): Promise<void> {
  const principal = await kind.store(iam).get(iam.accountId, name);
  await context.authorize(`iam:Put${kind.kind}Policy`, principal.arn);
  validatePolicyDocument(document, 'identity');
  await kind.store(iam).update(iam.accountId, name, (doc) => {
    doc.inlinePolicies[policyName] = document;
  });
  iam.policiesChanged();
}

export async function getInlinePolicy<Doc extends Principal>(iam: Iam, kind: PrincipalKind<Doc>, name: string, policyName: string, context: RequestContext): Promise<{ entityName: string; PolicyName: string; PolicyDocument: string }> {
  const principal = await kind.store(iam).get(iam.accountId, name);
  await context.authorize(`iam:Get${kind.kind}Policy`, principal.arn);
  const document = principal.inlinePolicies[policyName];
  if (document === undefined) throw kind.noSuchPolicy(policyName);
  return { entityName: kind.nameOf(principal), PolicyName: policyName, PolicyDocument: encodePolicyDocument(document) };
}

export async function deleteInlinePolicy<Doc extends Principal>(iam: Iam, kind: PrincipalKind<Doc>, name: string, policyName: string, context: RequestContext): Promise<void> {
  const principal = await kind.store(iam).get(iam.accountId, name);
  await context.authorize(`iam:Delete${kind.kind}Policy`, principal.arn);
  await kind.store(iam).update(iam.accountId, name, (doc) => {
    if (doc.inlinePolicies[policyName] === undefined) throw kind.noSuchPolicy(policyName);
    delete doc.inlinePolicies[policyName];
  });
  iam.policiesChanged();
}

export async function listInlinePolicies<Doc extends Principal>(iam: Iam, kind: PrincipalKind<Doc>, name: string, maxItems: number | undefined, marker: string | undefined, context: RequestContext): Promise<{ PolicyNames: string[]; IsTruncated: boolean; Marker?: string }> {
  const principal = await kind.store(iam).get(iam.accountId, name);
  await context.authorize(`iam:List${kind.kind}Policies`, principal.arn);
  const page = pageOf(Object.keys(principal.inlinePolicies), (policyName) => policyName, maxItems, marker);
  return { PolicyNames: page.items, ...pageFields(page) };
}

export async function attachPolicy<Doc extends Principal>(iam: Iam, kind: PrincipalKind<Doc>, name: string, arn: string, context: RequestContext): Promise<void> {
  const principal = await kind.store(iam).get(iam.accountId, name);
  await context.authorize(`iam:Attach${kind.kind}Policy`, principal.arn);
  await policyByArn(iam, arn, iamErrors.notAttachable);
  await kind.store(iam).update(iam.accountId, name, (doc) => {
    if (doc.attachedPolicyArns.includes(arn)) return;
    if (doc.attachedPolicyArns.length >= maxAttachedPolicies) {
      throw iamErrors.limitExceeded(`Cannot exceed quota for PoliciesPer${kind.kind}: ${maxAttachedPolicies}`);
    }
    doc.attachedPolicyArns.push(arn);
  });
  iam.policiesChanged();
}

export async function detachPolicy<Doc extends Principal>(iam: Iam, kind: PrincipalKind<Doc>, name: string, arn: string, context: RequestContext): Promise<void> {
  const principal = await kind.store(iam).get(iam.accountId, name);
  await context.authorize(`iam:Detach${kind.kind}Policy`, principal.arn);
  await kind.store(iam).update(iam.accountId, name, (doc) => {
    const index = doc.attachedPolicyArns.indexOf(arn);
    if (index < 0) throw iamErrors.noSuchPolicy(arn);
    doc.attachedPolicyArns.splice(index, 1);
  });
  iam.policiesChanged();
}

export async function listAttachedPolicies<Doc extends Principal>(
  iam: Iam,
  kind: PrincipalKind<Doc>,
  input: { name: string; PathPrefix?: string; MaxItems?: number; Marker?: string },
  context: RequestContext,
): Promise<{ AttachedPolicies: AttachedPolicy[]; IsTruncated: boolean; Marker?: string }> {
  const principal = await kind.store(iam).get(iam.accountId, input.name);
  await context.authorize(`iam:ListAttached${kind.kind}Policies`, principal.arn);
  const attached: AttachedPolicy[] = [];
  for (const arn of principal.attachedPolicyArns) {
    const policy = await iam.policies.find(iam.accountId, arn.slice(arn.lastIndexOf('/') + 1));
    if (policy && policy.arn === arn && policy.path.startsWith(input.PathPrefix ?? '/')) attached.push({ PolicyName: policy.policyName, PolicyArn: arn });
  }
  const page = pageOf(attached, (policy) => policy.PolicyName!.toLowerCase(), input.MaxItems, input.Marker);
  return { AttachedPolicies: page.items, ...pageFields(page) };
}
