/**
 * fast-check generators of hostile redirect URLs that are NEAR MISSES of a genuine one: the real
 * redirect Google sent (right scheme, path, state, code and iss) with at least one thing broken —
 * the state altered, missing or duplicated, the scheme, host or path changed, a parameter
 * duplicated, the URL oversized, the query moved into the fragment, separators smuggled — and,
 * on top, neutral noise (reordered and extra parameters, a fragment, percent-encoding that decodes
 * to the same value) and flow-ending extras (a wrong `iss`, an `error` next to the code) that must
 * never get past the first break. A share of the cases is plain noise (random strings, web URLs).
 *
 * Every generated URL must be refused by a redirect receiver waiting for the genuine one.
 */
import fc from 'fast-check';

/** A redirect URL taken apart, keeping the exact (encoded) text of every parameter. */
export interface RedirectParts {
  scheme: string;
  /** null: `scheme:/path`; a string: `scheme://authority/path`. */
  authority: string | null;
  path: string;
  /** Raw `name=value` pairs as they appear in the query (value undefined: a bare `name`). */
  params: Array<[string, string | undefined]>;
  /** How the pairs are joined (`&` normally). */
  separator: string;
  fragment: string | null;
}

/** A generated URL and the mutations that made it (for the tally). */
export interface HostileRedirect {
  url: string;
  labels: string[];
}

/** Splits a URL into {@link RedirectParts} without decoding anything. */
export function splitRedirect(url: string): RedirectParts {
  const hashAt = url.indexOf('#');
  const fragment = hashAt >= 0 ? url.slice(hashAt + 1) : null;
  const beforeHash = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const queryAt = beforeHash.indexOf('?');
  const query = queryAt >= 0 ? beforeHash.slice(queryAt + 1) : '';
  const target = queryAt >= 0 ? beforeHash.slice(0, queryAt) : beforeHash;
  const colon = target.indexOf(':');
  const scheme = target.slice(0, colon);
  let rest = target.slice(colon + 1);
  let authority: string | null = null;
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    authority = slash >= 0 ? rest.slice(2, slash) : rest.slice(2);
    rest = slash >= 0 ? rest.slice(slash) : '';
  }
  const params = query
    ? query.split('&').map((pair): [string, string | undefined] => {
        const eq = pair.indexOf('=');
        return eq >= 0 ? [pair.slice(0, eq), pair.slice(eq + 1)] : [pair, undefined];
      })
    : [];
  return { scheme, authority, path: rest, params, separator: '&', fragment };
}

/** Puts {@link RedirectParts} back together. */
export function joinRedirect(parts: RedirectParts): string {
  const query = parts.params
    .map(([name, value]) => (value === undefined ? name : `${name}=${value}`))
    .join(parts.separator);
  return (
    `${parts.scheme}:` +
    (parts.authority !== null ? `//${parts.authority}` : '') +
    parts.path +
    (parts.params.length > 0 ? `?${query}` : '') +
    (parts.fragment !== null ? `#${parts.fragment}` : '')
  );
}

/** `arbitrary` with probability `p`, else null. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, p: number): fc.Arbitrary<T | null> {
  const weight = Math.round(p * 100);
  return fc.oneof({ arbitrary, weight }, { arbitrary: fc.constant(null), weight: 100 - weight });
}

type Mutation = { label: string; apply: (parts: RedirectParts) => RedirectParts };

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Characters that look like base64url ones to a person (and to a careless normaliser). */
const LOOKALIKES = [
  'А',
  'В',
  'Е',
  'К',
  'О',
  'Р',
  'а',
  'е',
  'о',
  'р',
  'ｓ',
  'Ａ',
  '０',
  'ı',
  'ſ',
  'K',
];

/** Every byte as %XX: decodes to the same text, looks nothing like it. */
function percentAll(value: string): string {
  return Array.from(
    new TextEncoder().encode(value),
    (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
  ).join('');
}

/** An encoding of `value` that decodes back to exactly `value` in a query string. */
const encodingOf = (value: string): fc.Arbitrary<string> =>
  fc.constantFrom(encodeURIComponent(value), percentAll(value));

const decode = (raw: string): string => {
  try {
    return new URLSearchParams(`x=${raw}`).get('x') ?? '';
  } catch {
    return raw;
  }
};

const getParam = (parts: RedirectParts, name: string): string | undefined =>
  parts.params.find(([n]) => n === name)?.[1];

const withParams = (parts: RedirectParts, params: RedirectParts['params']): RedirectParts => ({
  ...parts,
  params,
});

/** Decoded state values that differ from `state`. */
function alteredStates(state: string): fc.Arbitrary<string> {
  const index = fc.nat({ max: Math.max(0, state.length - 1) });
  const other = (c: string) => fc.constantFrom(...B64URL.split('').filter((x) => x !== c));
  const variants: Array<fc.Arbitrary<string>> = [
    // One character replaced.
    index.chain((i) =>
      other(state[i] ?? 'A').map((c) => state.slice(0, i) + c + state.slice(i + 1)),
    ),
    // Truncated (down to empty).
    fc.nat({ max: Math.max(0, state.length - 1) }).map((n) => state.slice(0, n)),
    // Extended.
    fc.string({ minLength: 1, maxLength: 6 }).map((s) => state + s),
    // Case of one letter flipped.
    index.map((i) => {
      const c = state[i] ?? 'a';
      const flipped = c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
      return state.slice(0, i) + (flipped === c ? 'Ω' : flipped) + state.slice(i + 1);
    }),
    // A look-alike character (Cyrillic, full-width, dotless i, …).
    fc
      .tuple(index, fc.constantFrom(...LOOKALIKES))
      .map(([i, c]) => state.slice(0, i) + c + state.slice(i + 1)),
    // Padding: whitespace, NUL, control characters, a BOM.
    fc
      .tuple(fc.constantFrom(' ', '\t', '\n', '\u0000', '\u200b', '\ufeff', '\u00a0'), fc.boolean())
      .map(([pad, before]) => (before ? pad + state : state + pad)),
    // Another flow's state, or junk of any kind.
    fc.string({ unit: fc.constantFrom(...B64URL.split('')), minLength: 43, maxLength: 43 }),
    fc.string({ unit: 'grapheme', maxLength: 64 }),
    fc.string({ unit: 'binary', maxLength: 64 }),
    // Reversed, doubled.
    fc.constant(state.split('').reverse().join('')),
    fc.constant(state + state),
  ];
  return fc.oneof(...variants).map((s) => (s === state ? `${s}x` : s));
}

function breakingMutations(state: string, base: RedirectParts): fc.Arbitrary<Mutation[]> {
  /** Only values that differ from the genuine redirect's own. */
  const others = (values: string[], own: string | null): string[] =>
    values.filter((v) => v.toLowerCase() !== (own ?? '').toLowerCase());
  const stateAltered = alteredStates(state)
    .chain(encodingOf)
    .map<Mutation>((raw) => ({
      label: 'state-altered',
      apply: (p) =>
        withParams(
          p,
          p.params.map(([n, v]) => [n, n === 'state' ? raw : v]),
        ),
    }));
  const stateRemoved = fc.constant<Mutation>({
    label: 'state-missing',
    apply: (p) =>
      withParams(
        p,
        p.params.filter(([n]) => n !== 'state'),
      ),
  });
  const stateDuplicated = fc
    .tuple(fc.oneof(fc.constant(state), alteredStates(state)), fc.boolean())
    .chain(([second, first]) => encodingOf(second).map((raw) => ({ raw, first })))
    .map<Mutation>(({ raw, first }) => ({
      label: 'state-duplicated',
      apply: (p) =>
        withParams(p, first ? [['state', raw], ...p.params] : [...p.params, ['state', raw]]),
    }));
  const stateRenamed = fc
    .constantFrom('State', 'STATE', 'state[]', '_state', 'state%00', '%20state', 'stat', 'states')
    .map<Mutation>((name) => ({
      label: 'state-renamed',
      apply: (p) =>
        withParams(
          p,
          p.params.map(([n, v]) => [n === 'state' ? name : n, v]),
        ),
    }));
  const duplicated = fc
    .tuple(
      fc.constantFrom('code', 'iss', 'error', 'error_description', 'error_uri', 'scope'),
      fc.oneof(fc.constant(''), fc.string({ maxLength: 40 }).map(encodeURIComponent)),
    )
    .map<Mutation>(([name, value]) => ({
      label: `${name}-duplicated`,
      apply: (p) => {
        const existing = getParam(p, name);
        const extra: Array<[string, string]> =
          existing === undefined
            ? [
                [name, value || 'x'],
                [name, value || 'y'],
              ]
            : [[name, value || existing]];
        return withParams(p, [...p.params, ...extra]);
      },
    }));
  const scheme = fc
    .constantFrom(
      ...others(
        [
          'http',
          'https',
          'file',
          'javascript',
          'data',
          'ws',
          'latchkey',
          'com.googleusercontent.apps.100000000001-latchkeydemodesktop',
          'com.googleusercontent.apps',
          'com.googleusercontent.apps.100000000002-latchkeydemoios.evil',
          'com.googleusercontent.apps.100000000002-latchkeydemoio',
          'evil+com.googleusercontent.apps.100000000002-latchkeydemoios',
          'com.googleusercontent.apps.100000000002-latchkeydemoios%3A',
          'com.googleusercontent.apps.100000000002-latchkeydemoiоs',
          '',
        ],
        base.scheme,
      ),
    )
    .map<Mutation>((value) => ({
      label: 'scheme-changed',
      apply: (p) => ({ ...p, scheme: value }),
    }));
  const authority = fc
    .constantFrom(
      ...others(
        [
          'evil.example',
          'oauth2redirect',
          'user:pass@evil.example',
          'user@',
          '127.0.0.1',
          'localhost:80',
          'accounts.google.com',
          '%65vil.example',
          '[::1]',
        ],
        base.authority,
      ),
    )
    .map<Mutation>((value) => ({
      label: 'host-added',
      apply: (p) => ({ ...p, authority: value }),
    }));
  const path = fc
    .constantFrom(
      ...others(
        [
          '/oauth2redirect/',
          '//oauth2redirect',
          '/oauth2redirect/x',
          '/x/../oauth2redirect/..',
          '/Oauth2redirect',
          '/OAUTH2REDIRECT',
          '/oauth2redirect%2F',
          '/oauth2%2Fredirect',
          '/%6Fauth2redirect',
          '/oauth2redirect;x',
          '/oauth2redirect%00',
          '/oauth2redirect%20',
          '/oauth2redirect.',
          '/oauth2redirect/.',
          '/oauth2callback',
          '/oauth2/callback',
          '/',
          '',
          'oauth2redirect',
          '/oauth2redirect\u0000',
          '/оauth2redirect',
          '/oauth2redirect/..%2F',
        ],
        base.path,
      ),
    )
    .map<Mutation>((value) => ({ label: 'path-changed', apply: (p) => ({ ...p, path: value }) }));
  const oversized = fc
    .oneof(
      fc.integer({ min: 2_049, max: 3_500 }).map((n) => ({ n, name: 'pad' })),
      fc.integer({ min: 4_100, max: 20_000 }).map((n) => ({ n, name: 'x' })),
      fc.integer({ min: 2_049, max: 3_000 }).map((n) => ({ n, name: 'code' })),
    )
    .map<Mutation>(({ n, name }) => ({
      label: 'oversized',
      apply: (p) =>
        name === 'code'
          ? withParams(
              p,
              p.params.map(([k, v]) => [k, k === 'code' ? `${v}${'A'.repeat(n)}` : v]),
            )
          : withParams(p, [...p.params, [name, 'a'.repeat(n)]]),
    }));
  const intoFragment = fc.constantFrom<Mutation>(
    {
      label: 'state-in-fragment',
      apply: (p) => {
        const stateRaw = getParam(p, 'state') ?? '';
        return {
          ...withParams(
            p,
            p.params.filter(([n]) => n !== 'state'),
          ),
          fragment: `state=${stateRaw}`,
        };
      },
    },
    {
      label: 'query-in-fragment',
      apply: (p) => ({
        ...withParams(p, []),
        fragment: p.params.map(([n, v]) => `${n}=${v ?? ''}`).join('&'),
      }),
    },
  );
  const separators = fc.constantFrom<Mutation>(
    {
      label: 'semicolon-separators',
      apply: (p) => ({
        ...withParams(p, [
          ...p.params.filter(([n]) => n === 'state'),
          ...p.params.filter(([n]) => n !== 'state'),
        ]),
        separator: ';',
      }),
    },
    {
      label: 'encoded-separators',
      apply: (p) => {
        const stateRaw = getParam(p, 'state') ?? '';
        const others = p.params.filter(([n]) => n !== 'state');
        const smuggled = others.map(([n, v]) => `%26${n}%3D${v ?? ''}`).join('');
        return withParams(p, [['state', `${stateRaw}${smuggled}`]]);
      },
    },
    {
      label: 'state-without-value',
      apply: (p) =>
        withParams(
          p,
          p.params.map(([n, v]) => [n, n === 'state' ? undefined : v]),
        ),
    },
  );
  // One mutation per slot, applied in this order: parameters, then the state, then the target.
  // A later slot never undoes an earlier one's break (only the state slot moves parameters around,
  // and each of its mutations breaks the state by itself).
  const paramsSlot = fc.oneof(
    { arbitrary: duplicated, weight: 3 },
    { arbitrary: oversized, weight: 1 },
  );
  const stateSlot = fc.oneof(
    { arbitrary: stateAltered, weight: 6 },
    { arbitrary: stateRemoved, weight: 1 },
    { arbitrary: stateDuplicated, weight: 2 },
    { arbitrary: stateRenamed, weight: 1 },
    { arbitrary: intoFragment, weight: 1 },
    { arbitrary: separators, weight: 2 },
  );
  const targetSlot = fc.oneof(scheme, authority, path);
  return fc
    .record({
      params: sometimes(paramsSlot, 0.35),
      state: sometimes(stateSlot, 0.7),
      target: sometimes(targetSlot, 0.25),
    })
    .filter((slots) => slots.params !== null || slots.state !== null || slots.target !== null)
    .map((slots) =>
      [slots.params, slots.state, slots.target].filter((m): m is Mutation => m !== null),
    );
}

/** Changes that leave the meaning intact (or would end the flow, were the state genuine). */
function extras(issuer: string): fc.Arbitrary<Mutation> {
  const unknownParam = fc
    .tuple(
      fc.constantFrom('authuser', 'prompt', 'hd', 'foo', 'x-state', 'redirect_uri', 'client_id'),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
    )
    .map<Mutation>(([name, value]) => ({
      label: 'extra-param',
      apply: (p) => withParams(p, [...p.params, [name, encodeURIComponent(value)]]),
    }));
  const reorder = fc.constant<Mutation>({
    label: 'reordered',
    apply: (p) => withParams(p, [...p.params].reverse()),
  });
  const fragment = fc.string({ maxLength: 30 }).map<Mutation>((value) => ({
    label: 'fragment',
    apply: (p) => ({ ...p, fragment: encodeURIComponent(value) }),
  }));
  const codeEncoded = fc.constant<Mutation>({
    label: 'code-percent-encoded',
    apply: (p) =>
      withParams(
        p,
        p.params.map(([n, v]) => [n, n === 'code' && v ? percentAll(decode(v)) : v]),
      ),
  });
  const issRemoved = fc.constant<Mutation>({
    label: 'iss-removed',
    apply: (p) =>
      withParams(
        p,
        p.params.filter(([n]) => n !== 'iss'),
      ),
  });
  const wrongIss = fc
    .constantFrom(
      'https://accounts.google.com',
      `${issuer}/`,
      issuer.replace('127.0.0.1', 'localhost'),
      issuer.toUpperCase(),
      `${issuer}.evil.example`,
      'https://evil.example',
      '',
    )
    .map<Mutation>((value) => ({
      label: 'iss-injected',
      apply: (p) =>
        withParams(p, [
          ...p.params.filter(([n]) => n !== 'iss'),
          ['iss', encodeURIComponent(value)],
        ]),
    }));
  const error = fc
    .constantFrom(
      'access_denied',
      'invalid_request',
      'server_error',
      'temporarily_unavailable',
      '<script>',
    )
    .map<Mutation>((value) => ({
      label: 'error-with-code',
      apply: (p) => withParams(p, [...p.params, ['error', encodeURIComponent(value)]]),
    }));
  return fc.oneof(unknownParam, reorder, fragment, codeEncoded, issRemoved, wrongIss, error);
}

/** Plain noise: random text, web URLs, other schemes with the genuine parameters. */
function noise(genuine: string): fc.Arbitrary<HostileRedirect> {
  const query = genuine.slice(genuine.indexOf('?'));
  return fc
    .oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.webUrl().map((u) => `${u}${query}`),
      fc.constantFrom(
        'javascript:alert(1)',
        'data:text/html,hi',
        'file:///etc/passwd',
        ':',
        '?',
        '#',
      ),
    )
    .map((url) => ({ url, labels: ['noise'] }));
}

/**
 * Near misses of `genuine` (the redirect Google sent, with the live flow's state and a real code),
 * plus some plain noise. `state` is the live flow's state, decoded.
 */
export function hostileRedirects(options: {
  genuine: string;
  state: string;
  issuer: string;
}): fc.Arbitrary<HostileRedirect> {
  const base = splitRedirect(options.genuine);
  const nearMiss = fc
    .tuple(
      breakingMutations(options.state, base),
      fc.array(extras(options.issuer), { maxLength: 3 }),
    )
    .map(([breaking, extra]) => {
      // Extras first: each break then holds whatever the extras did.
      const parts = [...extra, ...breaking].reduce((p, m) => m.apply(p), base);
      return { url: joinRedirect(parts), labels: breaking.map((m) => m.label) };
    });
  return fc.oneof(
    { arbitrary: nearMiss, weight: 9 },
    { arbitrary: noise(options.genuine), weight: 1 },
  );
}
