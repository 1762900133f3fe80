/**
 * Citation markers the model writes after a sentence: `[P1]`, `[P1, P3]`, `[P1][P2]`,
 * `【P2】`, `(P1)`. Ids are normalised to `P<n>`; which of them are real is the caller's call.
 */
const markerPattern = /\s*(?:[[【(（]\s*((?:passage\s*)?p\s*\d+(?:\s*(?:[,，、;；&]|and)\s*(?:passage\s*)?p?\s*\d+)*)\s*[\]】)）])/gi;

export function citedIds(text: string): string[] {
  const ids: string[] = [];
  for (const match of text.matchAll(markerPattern)) {
    for (const n of match[1]!.matchAll(/\d+/g)) {
      const id = `P${Number(n[0])}`;
      if (!ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

export function stripCitationMarkers(text: string): string {
  return text.replace(markerPattern, '');
}

/** A citation marker starts here, or could once more text arrives (for streaming). */
export function mayBeMarkerPrefix(text: string): boolean {
  return /[[【(（]\s*(?:p(?:a(?:s(?:s(?:a(?:g(?:e)?)?)?)?)?)?\s*)?[\dp\s,，、;；&]*$/i.test(text);
}
