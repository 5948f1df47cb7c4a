/**
 * Google's partial-response `fields` parameter: `nextPageToken,files(id,name,owners(displayName))`,
 * with `a/b` as a shorthand for `a(b)` and `*` for everything.
 */

/** A parsed mask: each field maps to its sub-mask, or to true for the whole value. */
type Mask = Map<string, Mask | true>;

/** Parses a mask; returns undefined when it is not well formed. */
export function parseFieldMask(text: string): Mask | undefined {
  let position = 0;
  const source = text.replace(/\s+/g, '');

  function list(): Mask | undefined {
    const mask: Mask = new Map();
    for (;;) {
      const match = /^[A-Za-z_*][\w*]*(?:\/[A-Za-z_*][\w*]*)*/.exec(source.slice(position));
      if (!match) return undefined;
      position += match[0].length;
      let sub: Mask | true = true;
      if (source[position] === '(') {
        position += 1;
        const inner = list();
        if (!inner || source[position] !== ')') return undefined;
        position += 1;
        sub = inner;
      }
      // a/b/c(d) is a(b(c(d)))
      const names = match[0].split('/');
      for (const name of names.slice(1).reverse()) sub = new Map([[name, sub]]);
      merge(mask, names[0] ?? '', sub);
      if (source[position] !== ',') return mask;
      position += 1;
    }
  }

  const mask = list();
  return mask && position === source.length ? mask : undefined;
}

function merge(mask: Mask, name: string, sub: Mask | true): void {
  const existing = mask.get(name);
  if (existing === true || sub === true || existing === undefined) {
    mask.set(name, existing === true || sub === true ? true : sub);
    return;
  }
  for (const [key, value] of sub) merge(existing, key, value);
}

function apply(value: unknown, mask: Mask | true): unknown {
  if (mask === true || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => apply(item, mask));
  const all = mask.get('*');
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const sub = mask.get(key) ?? all;
    if (sub !== undefined) result[key] = apply(inner, sub);
  }
  return result;
}

/** Keeps only the masked fields of `body`; undefined when the mask is not well formed. */
export function applyFieldMask(body: unknown, fields: string): unknown {
  const mask = parseFieldMask(fields);
  return mask && apply(body, mask);
}
