import type { BgpGroupConfig } from '../api/config.js';
import { pushAll } from '../collections/bulk.js';
import type { OptionsSchema } from '../api/discovery.js';
import {
  checkCrossFields,
  checkDeprecatedKeys,
  checkGroupsTogether,
  checkLongLivedFamilies,
  checkSelection,
} from './crossChecks.js';
import { formatFieldPath, type ConfigIssue } from './issues.js';
import type { PathIssue } from './pathIssue.js';
import { fileSchema, type ParsedFile } from './schema/fileSchema.js';
import { fromZodIssues } from './schema/fromZodIssues.js';
import { PARSE_ONCE } from './schema/leaf.js';
import { parseGroup } from './schema/groupSchema.js';
import { checkSourceOptions } from './sourceOptions.js';
import { locate, type YamlFile } from './yamlDocument.js';

/** A file that passed validation: its top-level values and its groups, before env overrides. */
export interface ValidatedFile {
  readonly top: ParsedFile;
  readonly groups: readonly BgpGroupConfig[];
  /** `mode` exactly as written, when the file has the key. */
  readonly writtenMode: unknown;
}

/** Paths whose values are secrets: issues about them never repeat the value. */
const SECRET_KEYS = new Set(['encrypted_root_pw']);

/** Turns path issues into located issues of `file`, without echoing secrets. */
export function locateIssues(file: YamlFile, issues: readonly PathIssue[]): ConfigIssue[] {
  return issues.map((issue) => {
    const position = locate(file, issue.path, issue.atKey === true);
    const secret = SECRET_KEYS.has(String(issue.path[0]));
    return {
      file: file.origin,
      ...position,
      path: formatFieldPath(issue.path),
      message: issue.message,
      ...(issue.found === undefined || secret ? {} : { found: issue.found }),
      ...(issue.allowed === undefined ? {} : { allowed: issue.allowed }),
    };
  });
}

function validateGroups(rawGroups: readonly unknown[]): { groups: Map<number, BgpGroupConfig>; issues: PathIssue[] } {
  const groups = new Map<number, BgpGroupConfig>();
  const issues: PathIssue[] = [];
  for (const [index, raw] of rawGroups.entries()) {
    const result = parseGroup(raw, index);
    if (result.group !== undefined) groups.set(index, result.group);
    pushAll(issues, result.issues);
  }
  return { groups, issues };
}

/**
 * Validates a parsed YAML file completely, collecting every issue (top-level keys, each group,
 * checks across groups and blocks, and — with `sourceSchemas` — each mesh group's source options).
 * Returns the validated file only when there is no error. Never mutates `file.data`.
 */
export function validateFile(
  file: YamlFile,
  sourceSchemas: ReadonlyMap<string, OptionsSchema<unknown>> | undefined,
): { validated?: ValidatedFile; errors: ConfigIssue[]; warnings: ConfigIssue[] } {
  const data = file.data;
  if (data === null || data === undefined) {
    return {
      errors: [
        {
          file: file.origin,
          line: 1,
          column: 1,
          path: '',
          message: 'the file is empty (it needs at least asn and bgpgroups)',
        },
      ],
      warnings: [],
    };
  }
  const top = fileSchema.safeParse(data, PARSE_ONCE);
  const issues = top.success ? [] : fromZodIssues(top.error.issues, data, []);
  const record = typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  const rawGroups = Array.isArray(record['bgpgroups']) ? (record['bgpgroups'] as unknown[]) : [];
  const { groups, issues: groupIssues } = validateGroups(rawGroups);
  const together = checkGroupsTogether(rawGroups, groups);
  const deprecated = checkDeprecatedKeys(record);
  pushAll(issues, groupIssues);
  pushAll(issues, together.errors);
  pushAll(issues, checkCrossFields(record));
  pushAll(issues, checkSelection(record));
  pushAll(issues, deprecated.errors);
  pushAll(issues, checkLongLivedFamilies(record, groups));
  if (sourceSchemas !== undefined)
    pushAll(
      issues,
      checkSourceOptions(groups, sourceSchemas, new Set(issues.map((issue) => formatFieldPath(issue.path)))),
    );
  const errors = locateIssues(file, issues);
  const warnings = locateIssues(file, [...together.warnings, ...deprecated.warnings]);
  if (!top.success || errors.length > 0) return { errors, warnings };
  const ordered = [...groups.entries()].sort(([a], [b]) => a - b).map(([, group]) => group);
  return { validated: { top: top.data, groups: ordered, writtenMode: record['mode'] }, errors, warnings };
}
