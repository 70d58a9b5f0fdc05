// Policy variables (IAM User Guide, "IAM policy elements: Variables and tags"):
// `${aws:username}` is replaced by the request context's value; `${key, 'default'}` gives a
// default; `${*}`, `${?}` and `${$}` stand for a literal `*`, `?` and `$`. Variables exist
// only in policies of Version 2012-10-17: elsewhere `${aws:username}` is literal text.
// A variable the request cannot resolve makes the value it sits in match nothing ("any
// attempt to match it fails").
import type { RequestContext } from './context.js';
import { escapeRegex, globSource } from './match.js';

export type TemplatePart =
  /** Policy text: in a pattern its `*` and `?` are wildcards. */
  | { kind: 'text'; text: string }
  /** A character written as `${*}`, `${?}` or `${$}`: always literal. */
  | { kind: 'verbatim'; text: string }
  | { kind: 'variable'; key: string; fallback: string | undefined };

export interface Template {
  readonly parts: readonly TemplatePart[];
}

const variablePattern = /\$\{([^}]*)\}/g;
const withDefault = /^\s*([^,\s][^,]*?)\s*,\s*'([^']*)'\s*$/;

/** The template of a policy string, or undefined when it holds no variable. */
export function parseTemplate(text: string): Template | undefined {
  // NUL marks substitutions while a pattern compiles (resolvePatternSource): a policy string
  // that holds one is taken literally.
  if (!text.includes('${') || text.includes('\u0000')) return undefined;
  const parts: TemplatePart[] = [];
  let last = 0;
  let hasVariable = false;
  for (const match of text.matchAll(variablePattern)) {
    const inner = match[1]!;
    const at = match.index!;
    let part: TemplatePart | undefined;
    if (inner === '*' || inner === '?' || inner === '$') {
      part = { kind: 'verbatim', text: inner };
    } else {
      const defaulted = withDefault.exec(inner);
      const key = (defaulted ? defaulted[1]! : inner).trim();
      if (key.length > 0 && !key.includes('${')) part = { kind: 'variable', key: key.toLowerCase(), fallback: defaulted ? defaulted[2] : undefined };
    }
    if (!part) continue;
    if (at > last) parts.push({ kind: 'text', text: text.slice(last, at) });
    parts.push(part);
    hasVariable = true;
    last = at + match[0].length;
  }
  if (!hasVariable) return undefined;
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return { parts };
}

function valueOf(part: Extract<TemplatePart, { kind: 'variable' }>, context: RequestContext): string | undefined {
  return context.single(part.key) ?? part.fallback;
}

/** The template as plain text, or undefined when a variable has no value. */
export function resolveText(template: Template, context: RequestContext): string | undefined {
  let text = '';
  for (const part of template.parts) {
    if (part.kind === 'variable') {
      const value = valueOf(part, context);
      if (value === undefined) return undefined;
      text += value;
    } else {
      text += part.text;
    }
  }
  return text;
}

/**
 * The template as regular-expression source for a glob: policy text keeps its wildcards,
 * substituted values and `${*}`-style characters are literal. `toSource` turns policy text
 * into source (a plain glob, or an ARN-component-aware one).
 */
export function resolvePatternSource(template: Template, context: RequestContext, toSource: (text: string) => string = (text) => globSource(text)): string | undefined {
  // The text is converted in one piece, each substitution held by a NUL marker, so that an
  // ARN-aware converter sees whole components.
  let pendingText = '';
  const marker = '\u0000';
  const literals: string[] = [];
  for (const part of template.parts) {
    if (part.kind === 'text') {
      pendingText += part.text;
      continue;
    }
    const literal = part.kind === 'verbatim' ? part.text : valueOf(part, context);
    if (literal === undefined) return undefined;
    literals.push(literal);
    pendingText += marker;
  }
  let index = 0;
  return toSource(pendingText).replace(/\u0000/g, () => escapeRegex(literals[index++]!));
}
