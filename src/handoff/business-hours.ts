/**
 * Opening hours written the way a shop writes them: `mon-fri 09:00-18:00; sat 10:00-14:00`,
 * read in one IANA time zone. Only local days and times matter: customers are told "tomorrow
 * at 09:00", so no instant in UTC is ever computed.
 */
export interface OpeningSpan {
  /** 0 = Monday … 6 = Sunday. */
  day: number;
  /** Minutes after local midnight: [from, to). */
  from: number;
  to: number;
}

export interface BusinessHours {
  spans: OpeningSpan[];
  timeZone: string;
  /** The text as configured, for messages and the settings page. */
  text: string;
}

const dayNames = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const englishDays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const chineseDays = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

export class BusinessHoursError extends Error {
  override readonly name = 'BusinessHoursError';
}

function minutes(text: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!match || Number(match[1]) > 24 || Number(match[2]) > 59) throw new BusinessHoursError(`"${text}" is not a time like 09:00`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function dayIndex(text: string): number {
  const index = dayNames.indexOf(text.toLowerCase().slice(0, 3) as (typeof dayNames)[number]);
  if (index < 0) throw new BusinessHoursError(`"${text}" is not a day (mon, tue, … sun)`);
  return index;
}

/** Parses `mon-fri 09:00-18:00; sat 10:00-14:00`. Throws a `BusinessHoursError` naming the bad part. */
export function parseBusinessHours(text: string, timeZone: string): BusinessHours {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new BusinessHoursError(`"${timeZone}" is not a time zone (e.g. Europe/London, Asia/Shanghai)`);
  }
  const spans: OpeningSpan[] = [];
  for (const part of text
    .split(/[;,]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([a-z]+)(?:\s*-\s*([a-z]+))?\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/i.exec(part);
    if (!match) throw new BusinessHoursError(`"${part}" is not like "mon-fri 09:00-18:00"`);
    const first = dayIndex(match[1]!);
    const last = match[2] ? dayIndex(match[2]) : first;
    const from = minutes(match[3]!);
    const to = minutes(match[4]!);
    if (to <= from) throw new BusinessHoursError(`"${part}": the closing time must be after the opening time`);
    for (let day = first; ; day = (day + 1) % 7) {
      spans.push({ day, from, to });
      if (day === last) break;
    }
  }
  if (spans.length === 0) throw new BusinessHoursError('no opening hours given');
  return { spans, timeZone, text };
}

function localNow(now: Date, timeZone: string): { day: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: dayIndex(get('weekday')), minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

/** When staff next answer: null while open now; otherwise the local day (0 = today) and opening time. */
export function nextOpening(hours: BusinessHours, now: Date): { inDays: number; day: number; minute: number } | null {
  const local = localNow(now, hours.timeZone);
  if (hours.spans.some((s) => s.day === local.day && local.minute >= s.from && local.minute < s.to)) return null;
  for (let inDays = 0; inDays <= 7; inDays++) {
    const day = (local.day + inDays) % 7;
    const opening = hours.spans.filter((s) => s.day === day && (inDays > 0 || s.from > local.minute)).sort((a, b) => a.from - b.from)[0];
    if (opening) return { inDays, day, minute: opening.from };
  }
  return null;
}

const clock = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** "tomorrow at 09:00 (Europe/London time)" / "明天 09:00（Asia/Shanghai 时间）". */
export function describeOpening(opening: { inDays: number; day: number; minute: number }, timeZone: string, language: 'en' | 'zh'): string {
  if (language === 'zh') {
    const when = opening.inDays === 0 ? '今天' : opening.inDays === 1 ? '明天' : chineseDays[opening.day]!;
    return `${when} ${clock(opening.minute)}（${timeZone} 时间）`;
  }
  const when = opening.inDays === 0 ? 'today' : opening.inDays === 1 ? 'tomorrow' : `on ${englishDays[opening.day]}`;
  return `${when} at ${clock(opening.minute)} (${timeZone} time)`;
}
