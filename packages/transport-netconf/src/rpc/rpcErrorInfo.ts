import { child, childText, type XmlElement } from '../xml/index.js';

/** One `<rpc-error>` (or Junos `xnm:error`/`xnm:warning`) as the device reported it. */
export interface RpcErrorInfo {
  /** `protocol`, `application`, … (often absent on Junos). */
  readonly type?: string;
  /** `lock-denied`, `operation-failed`, `invalid-value`, … (often absent on Junos). */
  readonly tag?: string;
  /** A missing severity counts as `error`. */
  readonly severity: 'error' | 'warning';
  /** `error-message` (or xnm `message`), trimmed of the newlines Junos wraps it in. */
  readonly message: string;
  /** `error-path` (Junos CLI banner form like `[edit protocols]`) or xnm `edit-path`. */
  readonly path?: string;
  /** `error-info/bad-element` (or xnm `statement`). */
  readonly badElement?: string;
  /** Junos `source-daemon` (top level, or under `error-info` on 21.2R1+ rfc-compliant). */
  readonly sourceDaemon?: string;
  /** `error-info/session-id`: the holder of a lock on lock-denied. */
  readonly sessionId?: string;
}

const optional = <K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> =>
  value === undefined || value === '' ? {} : ({ [key]: value } as Partial<Record<K, string>>);

/** Reads one NETCONF `<rpc-error>` element (matched by local names). Pure. */
export function readRpcError(e: XmlElement): RpcErrorInfo {
  const info = child(e, 'error-info');
  const severity = childText(e, 'error-severity') === 'warning' ? 'warning' : 'error';
  return {
    severity,
    message: childText(e, 'error-message') ?? childText(e, 'error-tag') ?? 'unspecified error',
    ...optional('type', childText(e, 'error-type')),
    ...optional('tag', childText(e, 'error-tag')),
    ...optional('path', childText(e, 'error-path')),
    ...optional('badElement', childText(info, 'bad-element')),
    ...optional('sourceDaemon', childText(e, 'source-daemon') ?? childText(info, 'source-daemon')),
    ...optional('sessionId', childText(info, 'session-id')),
  };
}

/** Reads one Junos XML protocol `<xnm:error>` / `<xnm:warning>` element. Pure. */
export function readXnmError(e: XmlElement): RpcErrorInfo {
  return {
    severity: e.name === 'warning' ? 'warning' : 'error',
    message: childText(e, 'message') ?? 'unspecified error',
    ...optional('path', childText(e, 'edit-path')),
    ...optional('badElement', childText(e, 'statement')),
    ...optional('sourceDaemon', childText(e, 'source-daemon')),
  };
}

/** One line per error: `severity: message [path] (bad-element)`, for logs and error messages. */
export function formatRpcError(e: RpcErrorInfo): string {
  const where = [e.path, e.badElement === undefined ? undefined : `(${e.badElement})`]
    .filter((x) => x !== undefined)
    .join(' ');
  return `${e.severity}: ${e.message}${where === '' ? '' : ` ${where}`}`;
}
