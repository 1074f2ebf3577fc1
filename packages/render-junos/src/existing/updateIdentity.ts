import { pushAll } from '@meshrr/core';
import { ExistingConfigError } from '../errors.js';
import { findStatements } from '../junos/find.js';
import { parseJunos, type JunosIssue, type JunosStatement } from '../junos/parse.js';
import { junosQuote } from '../junos/quote.js';
import { meshrrKeyEdits } from '../junos/sshKey.js';
import { applyTextEdits, removalEdit, type TextEdit } from '../junos/textEdit.js';
import { validAddress } from '../junos/values.js';

/** The new pod identity to stamp into an existing `juniper.conf`. */
export interface IdentityUpdate {
  /** meshrr `POD_IP`: the new router-id. */
  readonly podIp: string;
  /** When given, replaces the meshrr login key (`## SECRET-DATA` line). */
  readonly sshPublicKey?: string;
  /** When given, replaces the single `system license keys key`. */
  readonly licenseKey?: string;
  /** Keep `neighbor` statements of the previous identity (default false: removed when the router-id changes). */
  readonly keepNeighbors?: boolean;
}

/** The updated text, what changed (one line each) and the structural issues of the input. */
export interface IdentityUpdateResult {
  readonly text: string;
  readonly previousRouterId: string | undefined;
  readonly changes: readonly string[];
  readonly issues: readonly JunosIssue[];
}

/** Parse issues that make an existing configuration impossible to edit safely (Junos would refuse it). */
export const FATAL_PARSE_ISSUES: ReadonlySet<string> = new Set([
  'unterminated-string',
  'unterminated-comment',
  'unexpected-brace',
  'unclosed-block',
  'anonymous-block',
]);
const BGP_GROUPS = ['groups', 'MESHRR', 'protocols', 'bgp', 'group', '*'];

function valueEdit(statement: JunosStatement, index: number, replacement: string): TextEdit {
  const token = statement.words[index];
  if (token === undefined)
    throw new ExistingConfigError(
      `line ${statement.line}: statement "${statement.words.map((w) => w.raw).join(' ')}" has no value`,
    );
  return { start: token.start, end: token.end, replacement };
}

/**
 * Updates the router identity of an existing `juniper.conf` structurally — never through a template
 * engine, so `{{` or `<%` in it are just text (meshrr fault B17) — keeping everything else byte for
 * byte: `routing-options router-id` (top level and in `groups MESHRR`) becomes `podIp`; each
 * `cluster` under `groups MESHRR protocols bgp group *` that equals the previous router-id becomes
 * `podIp` (other cluster ids are the operator's and stay); when the router-id changed, every
 * `neighbor` under `groups MESHRR protocols bgp group *` is removed (they were chosen for the old
 * identity; the agent re-adds current peers on its first pass) unless `keepNeighbors`. Optionally
 * replaces the meshrr login key and the licence. Throws {@link ExistingConfigError} when braces,
 * strings or comments do not balance, or there is no top-level `routing-options router-id`.
 */
export function updateExistingConfig(text: string, update: IdentityUpdate): IdentityUpdateResult {
  const podIp = validAddress(update.podIp, 'POD_IP');
  const { statements, issues } = parseJunos(text);
  const fatal = issues.filter((i) => FATAL_PARSE_ISSUES.has(i.code));
  if (fatal.length > 0)
    throw new ExistingConfigError(
      `existing configuration does not parse: ${fatal.map((i) => `line ${i.line}: ${i.message}`).join('; ')}`,
    );
  const top = findStatements(statements, ['routing-options', 'router-id'])[0];
  if (top === undefined)
    throw new ExistingConfigError('existing configuration has no "routing-options router-id" statement to update');
  const previous = top.values[0]?.value;
  const out: Edits = { edits: [], changes: [] };
  identityEdits(statements, previous, podIp, out);
  if (previous !== podIp && update.keepNeighbors !== true) neighborRemovals(text, statements, out);
  if (update.sshPublicKey !== undefined) {
    const keyEdits = meshrrKeyEdits(statements, update.sshPublicKey);
    if (keyEdits.length === 0)
      throw new ExistingConfigError(
        'existing configuration has no "system login user meshrr authentication ssh-ed25519" statement',
      );
    pushAll(out.edits, keyEdits);
    out.changes.push('meshrr login key replaced');
  }
  if (update.licenseKey !== undefined) licenceEdit(statements, update.licenseKey, out);
  return { text: applyTextEdits(text, out.edits), previousRouterId: previous, changes: out.changes, issues };
}

interface Edits {
  readonly edits: TextEdit[];
  readonly changes: string[];
}

function identityEdits(
  statements: readonly JunosStatement[],
  previous: string | undefined,
  podIp: string,
  out: Edits,
): void {
  const routerIds = [
    ...findStatements(statements, ['routing-options', 'router-id']),
    ...findStatements(statements, ['groups', 'MESHRR', 'routing-options', 'router-id']),
  ];
  for (const m of routerIds) {
    out.edits.push(valueEdit(m.statement, m.valueIndex, podIp));
    out.changes.push(`line ${m.statement.line}: router-id ${m.values[0]?.value ?? ''} → ${podIp}`);
  }
  for (const m of findStatements(statements, [...BGP_GROUPS, 'cluster'])) {
    if (previous === undefined || m.values[0]?.value !== previous) continue;
    out.edits.push(valueEdit(m.statement, m.valueIndex, podIp));
    out.changes.push(`line ${m.statement.line}: cluster ${previous} → ${podIp}`);
  }
}

function neighborRemovals(text: string, statements: readonly JunosStatement[], out: Edits): void {
  for (const m of findStatements(statements, [...BGP_GROUPS, 'neighbor', '*'])) {
    out.edits.push(removalEdit(text, m.statement.start, m.statement.end));
    out.changes.push(`line ${m.statement.line}: removed ${m.statement.words.map((w) => w.value).join(' ')}`);
  }
}

function licenceEdit(statements: readonly JunosStatement[], licenseKey: string, out: Edits): void {
  const keys = findStatements(statements, ['system', 'license', 'keys', 'key']);
  const m = keys[0];
  if (keys.length !== 1 || m === undefined)
    throw new ExistingConfigError(
      `existing configuration has ${keys.length} "system license keys key" statements; expected exactly one to replace`,
    );
  out.edits.push(valueEdit(m.statement, m.valueIndex, junosQuote(licenseKey, 'LICENSE_KEY')));
  out.changes.push('licence key replaced');
}
