/**
 * The index to send with the next blocking query, per Consul's "Blocking Queries" rules: when
 * the returned `X-Consul-Index` is lower than the one sent, reset to 0 (the next query answers
 * at once and restarts the loop); otherwise use the returned index, but never less than 1 (an
 * index of 0 would make every query return at once: a busy loop).
 */
export function nextBlockingIndex(sent: number, returned: number): number {
  if (returned < sent) return 0;
  return Math.max(returned, 1);
}

/**
 * Parses an `X-Consul-Index` header: a decimal unsigned integer. Returns undefined when absent or
 * malformed (the answer is then not trusted).
 */
export function parseConsulIndex(header: string | string[] | undefined): number | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  if (text === undefined || !/^\d{1,20}$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}
