import type { TimerHandle } from '@meshrr/core';
import type { RpcReply } from './rpcReply.js';

/** One RPC waiting for its reply. */
export interface PendingRpc {
  readonly name: string;
  readonly resolve: (reply: RpcReply) => void;
  readonly reject: (error: Error) => void;
  readonly timer: TimerHandle;
  readonly detach: () => void;
}

/**
 * RPCs in flight by message-id, oldest first (NETCONF servers answer in order, so the oldest is
 * the one a reply without a usable message-id belongs to). Settling removes the entry, cancels its
 * timer and detaches its abort listener; settling twice is a no-op.
 */
export class PendingRpcs {
  readonly #byId = new Map<string, PendingRpc>();

  add(id: string, rpc: PendingRpc): void {
    this.#byId.set(id, rpc);
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  get size(): number {
    return this.#byId.size;
  }

  /** Id of the oldest RPC in flight. */
  oldest(): string | undefined {
    return this.#byId.keys().next().value;
  }

  resolve(id: string, reply: RpcReply): boolean {
    const rpc = this.#take(id);
    rpc?.resolve(reply);
    return rpc !== undefined;
  }

  reject(id: string, error: Error): boolean {
    const rpc = this.#take(id);
    rpc?.reject(error);
    return rpc !== undefined;
  }

  rejectAll(error: (name: string) => Error): void {
    for (const id of [...this.#byId.keys()]) {
      const rpc = this.#take(id);
      rpc?.reject(error(rpc.name));
    }
  }

  #take(id: string): PendingRpc | undefined {
    const rpc = this.#byId.get(id);
    if (rpc === undefined) return undefined;
    this.#byId.delete(id);
    rpc.timer.cancel();
    rpc.detach();
    return rpc;
  }
}
