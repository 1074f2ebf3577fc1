import { parseJunos, type JunosIssue } from './parse.js';

/**
 * Structural check of Junos curly-brace configuration text: balanced braces, every statement
 * terminated by `;` or a block, strings and comments closed, no quote glued to a word, no empty
 * `[ ]` list, no stray `;`. Returns the issues sorted by line (empty when the text is sound).
 * It checks structure only, not whether Junos knows the statements. Pure; never throws.
 */
export function checkJunosText(text: string): readonly JunosIssue[] {
  return parseJunos(text).issues;
}

/** One line per issue, `name:line:column: message (code)`, for logs and CLI output. */
export function formatJunosIssues(name: string, issues: readonly JunosIssue[]): string {
  return issues.map((i) => `${name}:${i.line}:${i.column}: ${i.message} (${i.code})`).join('\n');
}
