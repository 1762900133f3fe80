import type { Citation, Passage } from './types.js';

export function citationOf(passage: Passage): Citation {
  return passage.section ? { source: passage.source, section: passage.section } : { source: passage.source };
}

/** How a citation reads in a reply's source line: `returns.md § Damaged items`. */
export function formatCitation(citation: Citation): string {
  return citation.section ? `${citation.source} § ${citation.section}` : citation.source;
}
