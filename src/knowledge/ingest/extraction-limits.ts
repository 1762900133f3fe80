/**
 * Caps on what one uploaded document may turn into. A small file can unpack into far more
 * text than it holds (a 71 KB PDF into 20 MB), and every character becomes chunks, vectors
 * and index entries; past these caps an upload is refused with the cap named, not built.
 */
export interface ExtractionLimits {
  /** Characters of extracted text per document (KB_MAX_TEXT_CHARS). */
  maxTextChars: number;
  /** Passages one document may be split into (KB_MAX_CHUNKS_PER_DOCUMENT). */
  maxChunksPerDocument: number;
  /** How deep HTML elements may nest (KB_MAX_HTML_DEPTH); converters walk the tree recursively. */
  maxHtmlDepth: number;
}

export const defaultExtractionLimits: ExtractionLimits = {
  maxTextChars: 2_000_000,
  maxChunksPerDocument: 2_000,
  maxHtmlDepth: 256,
};
