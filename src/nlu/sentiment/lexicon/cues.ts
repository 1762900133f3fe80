/** One word or sign that moved the score, with what it contributed: the analyser's evidence. */
export interface LexiconCue {
  text: string;
  weight: number;
}

/** A cue before the last contrast word counts half, one after it half again ("fine, but broken"). */
export function applyContrast(cues: Array<LexiconCue & { position: number }>, contrastAt: number): void {
  if (contrastAt < 0 || !cues.some((cue) => cue.position > contrastAt)) return;
  for (const cue of cues) cue.weight *= cue.position < contrastAt ? 0.5 : 1.5;
}
