// Fields cut from a decoded chunk of a CDR file are V8 "sliced strings": they
// keep the whole chunk (64 KiB) alive. A string kept past its row (a cache key,
// an example in a profile) is copied first, or a long run would hold much of
// the file in memory. Here, not in sources/, because the pure layers use it.

/** A copy of `s` that refers to no larger string. Short strings are copies already. */
export function detach(s: string): string {
  // V8 copies slices under 13 characters; a flattened concatenation owns its characters.
  return s.length < 13 ? s : (` ${s}`).slice(1);
}
