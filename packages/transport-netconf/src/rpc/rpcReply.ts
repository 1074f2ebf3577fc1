import { TransportError } from '@meshrr/core';
import type { XmlElement } from '../xml/index.js';
import { NETCONF_NS } from './namespaces.js';
import { readRpcError, readXnmError, type RpcErrorInfo } from './rpcErrorInfo.js';

/** Junos XML protocol error namespace (`xnm:error`). */
const XNM_NS = 'http://xml.juniper.net/xnm/1.1/xnm';

/** A parsed `<rpc-reply>`. */
export interface RpcReply {
  /** `message-id` attribute; `undefined` when the server omitted it. */
  readonly messageId: string | undefined;
  /** A direct `<ok/>` child is present (not a success signal by itself: see {@link RpcReply.errors}). */
  readonly ok: boolean;
  /** Every `rpc-error` / `xnm:error` / `xnm:warning` at any depth, in document order. */
  readonly errors: readonly RpcErrorInfo[];
  /** The reply element itself. */
  readonly root: XmlElement;
}

const isXnm = (e: XmlElement): boolean =>
  (e.name === 'error' || e.name === 'warning') && (e.ns === XNM_NS || e.prefix === 'xnm');

function collectErrors(root: XmlElement): RpcErrorInfo[] {
  const out: RpcErrorInfo[] = [];
  const walk = (e: XmlElement): void => {
    for (const c of e.children) {
      if (c.name === 'rpc-error') out.push(readRpcError(c));
      else if (isXnm(c)) out.push(readXnmError(c));
      else walk(c);
    }
  };
  walk(root);
  return out;
}

/**
 * Reads an `<rpc-reply>` (default-namespaced, `nc:`-prefixed or unbound). Errors are collected at
 * any depth (top level, inside `load-configuration-results`, inside `commit-results`), because
 * Junos puts them in all three places and sends `<ok/>` beside errors on some releases.
 * Throws `TransportError` (code `netconf-reply`) when the root is not an `rpc-reply`.
 */
export function readRpcReply(root: XmlElement): RpcReply {
  if (root.name !== 'rpc-reply' || (root.ns !== undefined && root.ns !== NETCONF_NS)) {
    throw new TransportError(`expected <rpc-reply>, got <${root.name}>`, { code: 'netconf-reply' });
  }
  return {
    messageId: root.attrs.get('message-id'),
    ok: root.children.some((c) => c.name === 'ok'),
    errors: collectErrors(root),
    root,
  };
}

/** Errors of severity `error` (what makes an RPC fail); warnings never do. */
export function failures(reply: RpcReply): RpcErrorInfo[] {
  return reply.errors.filter((e) => e.severity === 'error');
}

/** Warnings only (logged, never failing). */
export function warnings(reply: RpcReply): RpcErrorInfo[] {
  return reply.errors.filter((e) => e.severity === 'warning');
}
