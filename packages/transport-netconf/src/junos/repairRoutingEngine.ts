/**
 * Repairs the Junos bug where `<routing-engine>` is left unclosed before `<ok/>` in commit replies
 * (ncclient 12.1X46 sample; SRX cluster 25.4R1.12 rfc-compliant with `<nc:ok/>`; reported on
 * QFX/EX 22.x/23.x): inserts `</routing-engine>` before the last `ok` empty element, whatever its
 * prefix. Returns `undefined` when the text has no `<routing-engine` or no `ok/>`; the caller
 * re-parses the result and rejects it if still not well-formed, so the repair can never turn a
 * different defect into accepted data. Pure.
 */
export function repairUnclosedRoutingEngine(xml: string): string | undefined {
  if (!xml.includes('<routing-engine')) return undefined;
  const end = xml.lastIndexOf('ok/>');
  if (end < 0) return undefined;
  const start = xml.lastIndexOf('<', end);
  if (start < 0) return undefined;
  const name = xml.slice(start + 1, end + 2);
  if (name !== 'ok' && !(name.endsWith(':ok') && !/[\s<>/]/.test(name))) return undefined;
  return `${xml.slice(0, start)}</routing-engine>\n${xml.slice(start)}`;
}
