import { z } from 'zod';
import { allIntentLabels, type IntentLabel } from './labels.js';

const entityValue = z.string().trim().min(1).max(100);

/** What the model must answer; anything else is an invalid answer and the fallback is used. */
export const llmAnswerSchema = z.object({
  intent: z.preprocess((value) => (typeof value === 'string' ? value.trim().toLowerCase() : value), z.enum(allIntentLabels as [IntentLabel, ...IntentLabel[]])),
  confidence: z.number().min(0).max(1).optional(),
  entities: z
    .object({
      orderNumber: entityValue.nullish(),
      trackingNumber: entityValue.nullish(),
      product: entityValue.nullish(),
      amount: entityValue.nullish(),
      date: entityValue.nullish(),
    })
    .partial()
    .nullish(),
});

export type LlmAnswer = z.infer<typeof llmAnswerSchema>;

export class InvalidLlmAnswerError extends Error {
  override readonly name = 'InvalidLlmAnswerError';
}

/** Models wrap JSON in code fences or add a sentence despite being asked not to. */
function jsonOf(text: string): unknown {
  const trimmed = text.trim().replace(/^```(?:json)?\s*|\s*```$/g, '');
  const start = trimmed.indexOf('{');
  const end = trimmed.lastIndexOf('}');
  if (start < 0 || end < start) throw new InvalidLlmAnswerError('the answer holds no JSON object');
  try {
    return JSON.parse(trimmed.slice(start, end + 1));
  } catch (error) {
    throw new InvalidLlmAnswerError(`the answer is not valid JSON: ${(error as Error).message}`);
  }
}

export function parseLlmAnswer(text: string): LlmAnswer {
  const parsed = llmAnswerSchema.safeParse(jsonOf(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidLlmAnswerError(`the answer does not fit the schema: ${issue?.path.join('.') || 'answer'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
