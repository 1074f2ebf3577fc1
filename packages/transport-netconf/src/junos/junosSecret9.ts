/**
 * Junos "$9$" secrets: Junos shows plain-text secrets (`authentication-key`, key-chain `secret`)
 * obfuscated as `$9$…`. The scheme is a reversible substitution (documented publicly by many
 * tools), not encryption: meshrr reads the value back only to compare it with the key it should
 * hold, so a drifted key is repaired and an unchanged one is not rewritten on every pass.
 * (`$8$` secrets are encrypted with the device's master password and cannot be read back.)
 */

const FAMILIES = ['QzF3n6/9CAtpu0O', 'B1IREhcSyrleKvMW8LXx', '7N-dVbwsY2g4oaJZGUDj', 'iHkq.mPf5T'];
const ALPHABET = FAMILIES.join('');
const POSITION = new Map([...ALPHABET].map((c, i) => [c, i]));
/** How many filler characters follow the salt, by the salt's family. */
const EXTRA = new Map(FAMILIES.flatMap((family, i) => [...family].map((c) => [c, 3 - i] as const)));
/** The weights of each encoded character's gaps, cycling per plain-text character. */
const ENCODING = [
  [1, 4, 32],
  [1, 16, 32],
  [1, 8, 32],
  [1, 64],
  [1, 32],
  [1, 4, 16, 128],
  [1, 32, 64],
];

/** Decodes a `$9$` secret; `undefined` when `text` is not a well-formed one. */
export function decodeJunos9(text: string): string | undefined {
  if (!text.startsWith('$9$') || text.length < 5) return undefined;
  const chars = [...text.slice(3)];
  if (chars.some((c) => !POSITION.has(c))) return undefined;
  let previous = chars[0]!;
  let index = 1 + EXTRA.get(previous)!;
  let plain = '';
  while (index < chars.length) {
    const weights = ENCODING[plain.length % ENCODING.length]!;
    if (index + weights.length > chars.length) return undefined;
    let value = 0;
    weights.forEach((weight, i) => {
      const c = chars[index + i]!;
      const gap =
        (((POSITION.get(c)! - POSITION.get(previous)!) % ALPHABET.length) + ALPHABET.length) % ALPHABET.length;
      value += (gap - 1) * weight;
      previous = c;
    });
    index += weights.length;
    plain += String.fromCharCode(value % 256);
  }
  return plain;
}

/**
 * Encodes `plain` as a `$9$` secret with the given salt character and filler (deterministic; the
 * device chooses random ones). Used by tests to build device replies; meshrr sends keys in plain
 * text and lets Junos obfuscate them.
 */
export function encodeJunos9(plain: string, salt: string, filler: string): string {
  if (!POSITION.has(salt)) throw new Error(`salt ${salt} is not in the $9$ alphabet`);
  const extra = EXTRA.get(salt)!;
  if (filler.length !== extra || [...filler].some((c) => !POSITION.has(c)))
    throw new Error(`filler must be ${extra} characters of the $9$ alphabet`);
  let previous = salt;
  let out = `$9$${salt}${filler}`;
  [...plain].forEach((ch, n) => {
    const weights = ENCODING[n % ENCODING.length]!;
    let value = ch.charCodeAt(0);
    const gaps: number[] = [];
    for (let i = weights.length - 1; i >= 0; i -= 1) {
      const weight = weights[i]!;
      const gap = Math.floor(value / weight);
      value -= gap * weight;
      gaps.unshift(gap);
    }
    for (const gap of gaps) {
      const next = ALPHABET[(POSITION.get(previous)! + gap + 1) % ALPHABET.length]!;
      out += next;
      previous = next;
    }
  });
  return out;
}
