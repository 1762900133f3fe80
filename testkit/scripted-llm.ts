import type { FakeReply, RecordedRequest } from './fake-openai-server.js';

/**
 * Reads the prompts aftercare sends, as a model would, so the fake server can answer like
 * one: from the passages it was given, citing their ids, or NO_ANSWER.
 */
export interface SeenPassage {
  id: string;
  source: string;
  section: string | null;
  language: string;
  text: string;
}

export interface ReplyPrompt {
  system: string;
  user: string;
  passages: SeenPassage[];
  message: string;
  history: string;
  summary: string;
}

const block = (text: string, tag: string) => new RegExp(`<${tag}>\\n?([\\s\\S]*?)\\n?</${tag}>`).exec(text)?.[1] ?? '';

export const isReplyRequest = (request: RecordedRequest) => request.messages.some((m) => m.content.includes('<customer_message>'));
export const isSummaryRequest = (request: RecordedRequest) => request.messages.some((m) => m.content.includes('<conversation_turns>'));
export const replyRequests = (requests: readonly RecordedRequest[]) => requests.filter(isReplyRequest);

export function readReplyPrompt(request: RecordedRequest): ReplyPrompt {
  const system = request.messages.find((m) => m.role === 'system')?.content ?? '';
  const user = request.messages
    .filter((m) => m.role === 'user')
    .map((m) => m.content)
    .join('\n');
  const passages = [...user.matchAll(/<passage id="(P\d+)" source="([^"]*)"(?: section="([^"]*)")? language="(\w+)">\n([\s\S]*?)\n<\/passage>/g)].map((m) => ({
    id: m[1]!,
    source: m[2]!,
    section: m[3] ?? null,
    language: m[4]!,
    text: m[5]!,
  }));
  return { system, user, passages, message: block(user, 'customer_message'), history: block(user, 'conversation_history'), summary: block(user, 'conversation_summary') };
}

const stopwords = new Set(['the', 'and', 'you', 'your', 'how', 'does', 'what', 'can', 'for', 'with', 'take', '多久', '怎么']);
function words(text: string): Set<string> {
  const found = new Set(text.toLowerCase().match(/[a-z]{3,}/g) ?? []);
  for (const [run] of text.matchAll(/\p{Script=Han}+/gu)) for (let i = 0; i + 1 < run.length; i++) found.add(run.slice(i, i + 2));
  return new Set([...found].filter((w) => !stopwords.has(w)));
}

/** The passage sharing most words with the message, as a simple grounded model would pick. */
export function bestPassage(prompt: ReplyPrompt): SeenPassage | null {
  const asked = words(prompt.message);
  let best: SeenPassage | null = null;
  let bestScore = 0;
  for (const passage of prompt.passages) {
    const score = [...words(`${passage.section ?? ''} ${passage.text}`)].filter((w) => asked.has(w)).length;
    if (score > bestScore) [best, bestScore] = [passage, score];
  }
  return best;
}

/** The passage's sentence that shares most words with the message. */
export function bestSentence(passage: SeenPassage, message: string): string {
  const asked = words(message);
  const sentences = passage.text.split(/(?<=[.!?;])\s+|(?<=[。；！？])/).filter((s) => s.trim());
  return sentences.reduce((a, b) => ([...words(b)].filter((w) => asked.has(w)).length > [...words(a)].filter((w) => asked.has(w)).length ? b : a));
}

/**
 * A well-behaved model: answers with the best-matching sentence of the best passage and
 * cites it, says NO_ANSWER when no passage shares a word with the question, summarises
 * when asked, and answers intent-style JSON requests with an empty object.
 */
export function groundedModel(overrides: { summary?: string } = {}) {
  return (request: RecordedRequest): FakeReply => {
    if (isSummaryRequest(request)) return { content: overrides.summary ?? 'The customer asked about refunds; the assistant quoted the refund policy.' };
    if (!isReplyRequest(request)) return { content: '{}' };
    const prompt = readReplyPrompt(request);
    const passage = bestPassage(prompt);
    if (!passage) return { content: 'NO_ANSWER' };
    const sentence = bestSentence(passage, prompt.message).replace(/[.。；;]\s*$/, '');
    return { content: passage.language === 'zh' ? `${sentence}[${passage.id}]。` : `${sentence} [${passage.id}].` };
  };
}

/** Answers reply requests with `reply(prompt)`, everything else as the grounded model does. */
export function scriptedModel(reply: (prompt: ReplyPrompt) => string | FakeReply) {
  const fallback = groundedModel();
  return (request: RecordedRequest): FakeReply => {
    if (!isReplyRequest(request)) return fallback(request);
    const answer = reply(readReplyPrompt(request));
    return typeof answer === 'string' ? { content: answer } : answer;
  };
}

/** The id the prompt gave the passage from `source` with `section` (e.g. refunds.md, "Amount refunded"). */
export function idOf(prompt: ReplyPrompt, source: string, section?: string): string {
  const found = prompt.passages.find((p) => p.source === source && (section === undefined || p.section === section));
  if (!found) throw new Error(`passage ${source} § ${section} was not in the prompt: ${prompt.passages.map((p) => `${p.source} § ${p.section}`).join(', ')}`);
  return found.id;
}
