/**
 * A copy of `base` with `more` on top: what `{ ...base, ...more }` means, at a fraction of the memory.
 *
 * In the V8 of Node 20, an object spread followed by a key the source lacks (`{ ...row, extra }`) gives every result a
 * hidden class of its own: a map and a descriptor array, about half a kilobyte per object, and every read of it
 * megamorphic. On the read paths that build thousands of objects (judgements, overview cards, board report rows)
 * that was a third of the live heap and most of the garbage collection (docs/performance.md, "Hidden classes").
 * Object.assign onto a fresh object shares one hidden class between all results of the same shape.
 * ESLint forbids the spread form on the read paths (eslint.config.js).
 */
export function extend<A extends object, B extends object>(base: A, more: B): Omit<A, keyof B> & B {
  return Object.assign({}, base, more);
}

/**
 * The same text as one flat string. A template literal or `+` in V8 makes a tree of "cons" strings, one node per
 * piece, which stays a tree until something reads it whole; a reason kept in a cached judgement (tens of thousands of
 * them) held some ten small objects each for the collector to mark. Joining the text's two halves writes it once,
 * flat, with the same characters.
 */
export function flat(text: string): string {
  return text.length < 13 ? text : [text.slice(0, 1), text.slice(1)].join('');
}

/**
 * One string for each distinct text passed in: the first one seen is handed back for every equal one after it. Rows
 * read from SQLite give each value a string of its own, so a day or a month repeated over a hundred thousand kept rows
 * held as many copies (docs/performance.md). Once it holds `limit` texts it starts again empty, so a stream of
 * distinct texts cannot grow it without bound.
 */
export function interner(limit: number): (text: string) => string {
  let known = new Map<string, string>();
  return (text) => {
    const found = known.get(text);
    if (found !== undefined) return found;
    if (known.size >= limit) known = new Map();
    known.set(text, text);
    return text;
  };
}
