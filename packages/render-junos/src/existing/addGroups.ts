import { groupStatements, routerStatements, type DesiredGroup, type MeshrrConfig } from '@meshrr/core';
import { formatJunosCurly } from '../change/formatCurly.js';
import { BGP, createGroupEdits, type JunosEdit } from '../change/statementEdits.js';
import { ExistingConfigError } from '../errors.js';
import { findStatements } from '../junos/find.js';
import { parseJunos, type JunosStatement } from '../junos/parse.js';
import { applyTextEdits, type TextEdit } from '../junos/textEdit.js';
import { validGroupName } from '../junos/values.js';
import { FATAL_PARSE_ISSUES } from './updateIdentity.js';

/** The configuration with the groups it lacked, and their names. */
export interface AddedGroups {
  readonly text: string;
  /** Groups added, in configuration order (empty: the text is returned unchanged). */
  readonly added: readonly string[];
}

/** The desired group meshrr creates for `name` on router `routerId`: every statement, no member yet. */
function groupToCreate(config: MeshrrConfig, index: number, routerId: string): DesiredGroup {
  const group = config.groups[index]!;
  return {
    ...groupStatements(group, config, routerId),
    name: validGroupName(group.name),
    kind: group.kind,
    neighbors: [],
    allow: [],
    peerAsRanges: [],
  };
}

/** The block statement (`name { … }`) reached by exactly `path`, if the text has one. */
function blockAt(statements: readonly JunosStatement[], path: readonly string[]): JunosStatement | undefined {
  return findStatements(statements, path).find((m) => m.values.length === 0 && m.statement.children !== undefined)
    ?.statement;
}

function indentationOf(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** Inserts `lines` (already indented for inside the block) before the block's closing brace. */
function insertInBlock(text: string, block: JunosStatement, lines: readonly string[]): TextEdit {
  const close = block.end - 1;
  const lineStart = text.lastIndexOf('\n', close - 1) + 1;
  const body = `${lines.join('\n')}\n`;
  if (/^[ \t]*$/.test(text.slice(lineStart, close))) return { start: lineStart, end: lineStart, replacement: body };
  return { start: close, end: close, replacement: `\n${body}${indentationOf(text, block.start)}` };
}

/**
 * Adds to an existing `juniper.conf` (curly text) the groups of `config` it does not define under
 * `groups MESHRR protocols bgp`, each complete: every statement its kind needs, written by the same
 * edits the agent uses to create a group (type, cluster, multihop, route-server-client, families,
 * authentication — with TCP-AO key chains under `groups MESHRR security` —, hold-time, BFD, prefix
 * limits, long-lived graceful restart). Members (`neighbor`, `allow`) and a route server's
 * `peer-as-list` come from the agent's first change, once discovery has synced. Every statement is
 * inserted into the deepest block of its path the text already has (a missing `groups MESHRR …`
 * level is written around it), indented like its neighbors; nothing else of the text changes.
 * @throws {ExistingConfigError} when the text does not parse.
 */
export function addMissingGroups(text: string, config: MeshrrConfig, routerId: string): AddedGroups {
  const { statements, issues } = parseJunos(text);
  const fatal = issues.filter((i) => FATAL_PARSE_ISSUES.has(i.code));
  if (fatal.length > 0)
    throw new ExistingConfigError(
      `existing configuration does not parse: ${fatal.map((i) => `line ${i.line}: ${i.message}`).join('; ')}`,
    );
  const defined = new Set(
    findStatements(statements, [...BGP, 'group', '*']).map((m) => m.statement.words[m.valueIndex - 1]?.value),
  );
  const missing = config.groups.map((g, i) => ({ name: g.name, i })).filter((g) => !defined.has(g.name));
  if (missing.length === 0) return { text, added: [] };
  const gracefulRestart = routerStatements(config).gracefulRestart;
  const edits: JunosEdit[] = missing.flatMap(({ name, i }) =>
    createGroupEdits(groupToCreate(config, i, routerId), [...BGP, 'group', name], gracefulRestart),
  );
  // each edit goes into the deepest block of its path that exists (at most down to the group's parent)
  const byBlock = new Map<string, { prefix: readonly string[]; block?: JunosStatement; edits: JunosEdit[] }>();
  for (const edit of edits) {
    const words = edit.path.map((w) => (typeof w === 'string' ? w : w.quoted));
    let depth = Math.min(words.length - 1, BGP.length);
    let block: JunosStatement | undefined;
    for (; depth > 0; depth -= 1) {
      block = blockAt(statements, words.slice(0, depth));
      if (block !== undefined) break;
    }
    const prefix = words.slice(0, depth);
    const key = prefix.join(' ');
    const entry = byBlock.get(key) ?? { prefix, ...(block === undefined ? {} : { block }), edits: [] };
    entry.edits.push(edit);
    byBlock.set(key, entry);
  }
  const textEdits: TextEdit[] = [];
  for (const { prefix, block, edits: inBlock } of byBlock.values()) {
    if (block === undefined) {
      const lines = formatJunosCurly(inBlock, [], 0);
      textEdits.push({
        start: text.length,
        end: text.length,
        replacement: `${text.endsWith('\n') ? '' : '\n'}${lines.join('\n')}\n`,
      });
      continue;
    }
    const indent = indentationOf(text, block.start).length + 4;
    textEdits.push(insertInBlock(text, block, formatJunosCurly(inBlock, prefix, indent)));
  }
  return { text: applyTextEdits(text, textEdits), added: missing.map((g) => g.name) };
}
