// The Principal / NotPrincipal element of resource-based policies (IAM User Guide, "AWS
// JSON policy elements: Principal"): `"*"` or `{"AWS": "*"}` for everyone; an account id or
// `arn:aws:iam::ACCOUNT:root` for the account; user, role and role-session ARNs for those
// identities; `{"Service": ...}` and `{"Federated": ...}` for services and identity
// providers. Naming the account delegates to it: its IAM users and roles still need an
// identity-based policy that allows the action. Naming a role covers its sessions.
import type { Principal } from './context.js';

export interface PrincipalSet {
  /** `"*"` or `{"AWS": "*"}`. */
  readonly anyone: boolean;
  /** Account ids, from a bare id or a root ARN. */
  readonly accounts: ReadonlySet<string>;
  /** User, role, assumed-role session and federated-user ARNs. */
  readonly arns: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
}

/** How a statement's principal covers the caller: by name (or `*`), through the caller's account, or not at all. */
export type PrincipalMatch = 'direct' | 'account' | undefined;

/** The principal value that failed, in the `"AWS":"value"` form IAM's error text shows. */
export class InvalidPrincipal extends Error {
  constructor(readonly type: string, readonly value: string) {
    super(`"${type}":"${value}"`);
  }
}

const accountId = /^\d{12}$/;
const rootArnPattern = /^arn:aws:iam::(\d{12}):root$/;
// IAM names ([\w+=,.@-]+) and paths (/ or /.../ of printable ASCII); no wildcard anywhere:
// "You can't use a wildcard in the portion of the ARN that specifies the resource type".
const name = '[\\w+=,.@-]+';
const path = '(?:/[\\x21-\\x29\\x2b-\\x3e\\x40-\\x7e]+)*';
const identityArn = new RegExp(`^arn:aws:iam::\\d{12}:(?:user|role)${path}/${name}$`);
const sessionArn = new RegExp(`^arn:aws:sts::\\d{12}:(?:assumed-role/${name}/${name}|federated-user/${name})$`);

function asList(value: unknown): string[] {
  return typeof value === 'string' ? [value] : (value as string[]);
}

/**
 * Reads a Principal element whose shape (string or object of strings / string lists) the
 * document parser has checked; throws InvalidPrincipal for a value no principal can have.
 */
export function parsePrincipals(element: unknown): PrincipalSet {
  const accounts = new Set<string>();
  const arns = new Set<string>();
  const services = new Set<string>();
  let anyone = false;
  if (typeof element === 'string') {
    if (element !== '*') throw new InvalidPrincipal('AWS', element);
    return { anyone: true, accounts, arns, services };
  }
  const entries = Object.entries(element as Record<string, unknown>);
  if (entries.length === 0) throw new InvalidPrincipal('AWS', '');
  for (const [type, value] of entries) {
    const values = asList(value);
    for (const item of values) {
      switch (type) {
        case 'AWS': {
          if (item === '*') anyone = true;
          else if (accountId.test(item)) accounts.add(item);
          else if (rootArnPattern.test(item)) accounts.add(rootArnPattern.exec(item)![1]!);
          else if (identityArn.test(item) || sessionArn.test(item)) arns.add(item);
          else throw new InvalidPrincipal(type, item);
          break;
        }
        case 'Service':
          if (item.length === 0 || /[*?]/.test(item)) throw new InvalidPrincipal(type, item);
          services.add(item);
          break;
        case 'Federated':
          // Identity providers are accepted and never match: Sealstream has no federation.
          if (item.length === 0) throw new InvalidPrincipal(type, item);
          break;
        default:
          throw new InvalidPrincipal(type, item);
      }
    }
  }
  // `{"AWS": []}` names no one: IAM refuses it as it refuses any principal it cannot resolve.
  if (!anyone && accounts.size + arns.size + services.size === 0 && !entries.some(([type]) => type === 'Federated')) throw new InvalidPrincipal(entries[0]![0], '');
  return { anyone, accounts, arns, services };
}

/** How a Principal element covers the caller. */
export function matchPrincipal(set: PrincipalSet, principal: Principal): PrincipalMatch {
  if (set.anyone) return 'direct';
  if (set.arns.has(principal.arn)) return 'direct';
  if (principal.roleArn !== undefined && set.arns.has(principal.roleArn)) return 'direct';
  // The root user is the account principal itself; everyone else gets there by delegation.
  if (set.accounts.has(principal.accountId)) return principal.type === 'Root' ? 'direct' : 'account';
  return undefined;
}

/**
 * Whether a NotPrincipal statement applies to the caller. AWS evaluates it against each
 * identity the request carries (the account, the user, or the role and its session), which
 * is why "you must also specify the account ARN" of a principal to keep out of a Deny: the
 * statement applies when any of those identities is not listed.
 */
export function notPrincipalApplies(set: PrincipalSet, principal: Principal): boolean {
  if (set.anyone) return false;
  if (!set.accounts.has(principal.accountId)) return true;
  if (principal.type === 'Root') return false;
  if (!set.arns.has(principal.arn)) return true;
  return principal.roleArn !== undefined && !set.arns.has(principal.roleArn);
}
