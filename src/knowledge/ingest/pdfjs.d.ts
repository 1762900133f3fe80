// pdf-parse ships pdf.js 1.10 without type declarations; only what extract-text uses is typed.
declare module 'pdf-parse/lib/pdf.js/v1.10.100/build/pdf.js' {
  const pdfjs: { getDocument: (...args: never[]) => unknown; version: string };
  export default pdfjs;
}
