import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type Pair,
  type YAMLError,
} from 'yaml';
import { formatFieldPath, type ConfigIssue } from './issues.js';
import { CONFIG_LIMITS } from './limits.js';
import { tooDeepAt } from './yamlDepth.js';

/** A parsed YAML file with what is needed to turn field paths into line and column. */
export interface YamlFile {
  readonly origin: string;
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** The document as plain data (mappings as objects); `null` for an empty file. */
  readonly data: unknown;
}

/** Result of {@link parseYamlFile}: the file, YAML-level errors and warnings, and whether they are fatal. */
export interface YamlParseResult {
  readonly file: YamlFile;
  readonly errors: readonly ConfigIssue[];
  readonly warnings: readonly ConfigIssue[];
  /** Syntax errors make the data unreliable; only duplicate keys leave it usable. */
  readonly fatal: boolean;
}

/**
 * Parses `text` as one YAML 1.2 document (core schema: `yes` is a string), strict about
 * duplicate keys, with `<<` merge keys (as PyYAML, which meshrr used, reads them). A leading UTF-8 byte order mark is dropped so columns match editors. Every YAML
 * error is returned with its line and column; a second document (`---`) is an error.
 */
export function parseYamlFile(text: string, origin: string): YamlParseResult {
  const lineCounter = new LineCounter();
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const deep = tooDeepAt(source, CONFIG_LIMITS.maxYamlDepth);
  if (deep !== undefined) return tooDeep(source, origin, deep);
  const document = parseDocument(source, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    version: '1.2',
    merge: true,
  });
  let data: unknown = null;
  let aliasError: ConfigIssue | undefined;
  try {
    data = document.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (error) {
    aliasError = {
      file: origin,
      path: '',
      message: `YAML cannot be expanded: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const file: YamlFile = { origin, document, lineCounter, data };
  const toIssue = (error: YAMLError): ConfigIssue => yamlIssue(file, error);
  const forbidden = forbiddenKeys(file);
  const errors = [...document.errors.map(toIssue), ...(aliasError === undefined ? [] : [aliasError]), ...forbidden];
  const fatal =
    aliasError !== undefined || forbidden.length > 0 || document.errors.some((error) => error.code !== 'DUPLICATE_KEY');
  return { file, errors, warnings: document.warnings.map(toIssue), fatal };
}

/** The one error of a file nested too deep to parse safely, at the offending collection. */
function tooDeep(source: string, origin: string, offset: number): YamlParseResult {
  const lineCounter = new LineCounter();
  const document = parseDocument('', { lineCounter });
  for (let i = source.indexOf('\n'); i >= 0 && i < offset; i = source.indexOf('\n', i + 1))
    lineCounter.addNewLine(i + 1);
  const { line, col } = lineCounter.linePos(offset);
  const issue: ConfigIssue = {
    file: origin,
    line,
    column: col,
    path: '',
    message: `YAML nested deeper than ${CONFIG_LIMITS.maxYamlDepth} levels`,
    allowed: `at most ${CONFIG_LIMITS.maxYamlDepth} levels of nested mappings and lists`,
  };
  return { file: { origin, document, lineCounter, data: null }, errors: [issue], warnings: [], fatal: true };
}

/** Keys that would reach an object's prototype machinery if any code ever merged the data naively. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Every mapping key named `__proto__`, `constructor` or `prototype`, with its path (walked without recursion). */
function forbiddenKeys(file: YamlFile): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const stack: Array<{ node: unknown; path: PropertyKey[] }> = [{ node: file.document.contents, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key !== undefined && FORBIDDEN_KEYS.has(key)) {
          const at = isScalar(pair.key) && pair.key.range ? file.lineCounter.linePos(pair.key.range[0]) : undefined;
          issues.push({
            file: file.origin,
            ...(at === undefined ? {} : { line: at.line, column: at.col }),
            path: formatFieldPath([...path, key]),
            message: 'this key name is not allowed anywhere',
            found: JSON.stringify(key),
            allowed: 'keys other than __proto__, constructor and prototype',
          });
          continue;
        }
        stack.push({ node: pair.value, path: [...path, key ?? String(pair.key)] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => stack.push({ node: item, path: [...path, index] }));
    }
  }
  return issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

function yamlIssue(file: YamlFile, error: YAMLError): ConfigIssue {
  const { line, col } = file.lineCounter.linePos(error.pos[0]);
  if (error.code === 'DUPLICATE_KEY') {
    const found = keyPathAt(file.document.contents, error.pos[0], []);
    const path = found === undefined ? '' : formatFieldPath(found);
    const key = found?.[found.length - 1];
    return {
      file: file.origin,
      line,
      column: col,
      path,
      message: 'duplicate key',
      ...(key === undefined ? {} : { found: JSON.stringify(String(key)) }),
    };
  }
  if (error.code === 'MULTIPLE_DOCS') {
    return {
      file: file.origin,
      line,
      column: col,
      path: '',
      message: 'a second YAML document is not allowed (meshrr.conf.yml holds one document)',
    };
  }
  return { file: file.origin, line, column: col, path: '', message: `YAML syntax error: ${error.message}` };
}

/** The field path of the mapping key that starts at `offset`, searching the whole tree. */
function keyPathAt(node: unknown, offset: number, path: PropertyKey[]): PropertyKey[] | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) return [...path, key];
      const inner = keyPathAt(pair.value, offset, [...path, key]);
      if (inner !== undefined) return inner;
    }
  } else if (isSeq(node)) {
    for (const [index, item] of node.items.entries()) {
      const inner = keyPathAt(item, offset, [...path, index]);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

function pairOf(map: unknown, key: PropertyKey): Pair | undefined {
  if (!isMap(map)) return undefined;
  return map.items.find(
    (pair): pair is Pair =>
      isPair(pair) && (isScalar(pair.key) ? String(pair.key.value) : String(pair.key)) === String(key),
  );
}

/**
 * Line and column (1-based) of the field at `path`: its value, or its key when `atKey`. When the
 * path does not exist (a missing key), the deepest node that exists is used; `undefined` when the
 * document has no node at all.
 */
export function locate(
  file: YamlFile,
  path: readonly PropertyKey[],
  atKey = false,
): { line: number; column: number } | undefined {
  let node: unknown = file.document.contents;
  let best: Node | undefined = isNodeWithRange(node) ? node : undefined;
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
    } else {
      const pair = pairOf(node, segment);
      if (pair === undefined) break;
      node = last && atKey ? pair.key : (pair.value ?? pair.key);
    }
    if (!isNodeWithRange(node)) break;
    best = node;
  }
  if (best?.range === undefined || best.range === null) return undefined;
  const { line, col } = file.lineCounter.linePos(best.range[0]);
  return { line, column: col };
}

function isNodeWithRange(node: unknown): node is Node {
  return (isScalar(node) || isMap(node) || isSeq(node)) && Array.isArray((node as Node).range);
}
