/** A document could not be read or yielded no text; names the file so an admin can fix it. */
export class DocumentParseError extends Error {
  override readonly name = 'DocumentParseError';
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** Building a new index version failed; the previous version keeps serving. */
export class KnowledgeBuildError extends Error {
  override readonly name = 'KnowledgeBuildError';
  constructor(
    message: string,
    /** The version still serving, e.g. `v000003`; null when the knowledge base is empty. */
    readonly servingVersion: string | null,
    /** `invalid_document`: a file could not be read (the caller's to fix); `build_failed`: anything else. */
    readonly reason: 'invalid_document' | 'build_failed',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class DocumentNotFoundError extends Error {
  override readonly name = 'DocumentNotFoundError';
  constructor(readonly reference: string) {
    super(`no document "${reference}" in the knowledge base`);
  }
}

/** A base name matched several documents (e.g. en/returns.md and zh/returns.md). */
export class AmbiguousDocumentError extends Error {
  override readonly name = 'AmbiguousDocumentError';
  constructor(
    readonly reference: string,
    readonly candidates: readonly string[],
  ) {
    super(`"${reference}" matches ${candidates.length} documents (${candidates.join(', ')}); name one by its id`);
  }
}

/** No passage of the document has the section an admin named. */
export class SectionNotFoundError extends Error {
  override readonly name = 'SectionNotFoundError';
  constructor(
    readonly documentId: string,
    readonly reference: string,
    readonly sections: readonly string[],
  ) {
    super(`${documentId} has no section "${reference}"; its sections: ${sections.map((s) => `"${s}"`).join(', ') || 'none'}`);
  }
}
