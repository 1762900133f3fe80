import { createHmac } from 'node:crypto';

export const signingSecret = 'test-signing-secret-8f3a';
export const botToken = 'xoxb-test-token';
export const staffChannel = 'CSTAFF0001';
export const supportChannel = 'CSUPPORT01';
export const botUserId = 'UBOT';

/** Settings that turn the Slack adapter on against a fake Web API. */
export function slackEnv(apiUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_BOT_TOKEN: botToken,
    SLACK_API_URL: apiUrl,
    SLACK_STAFF_CHANNEL: staffChannel,
    SLACK_SUPPORT_CHANNEL: supportChannel,
    ...extra,
  };
}

/** Slack's v0 request signature: HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret. */
export function slackSignature(body: string, timestamp: number, secret = signingSecret): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  secret?: string;
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  retryNum?: number;
  signature?: string | null;
}

/** POSTs a raw body to the app as Slack would: signed, with Slack's headers. */
export async function postToSlackEndpoint(baseUrl: string, body: string, contentType: string, options: SendOptions = {}): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp) };
  const signature = options.signature === undefined ? slackSignature(body, timestamp, options.secret) : options.signature;
  if (signature !== null) headers['x-slack-signature'] = signature;
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  return fetch(`${baseUrl}/slack/events`, { method: 'POST', headers, body });
}

let eventSequence = 0;
let tsSequence = 0;

/** A fresh Slack message ts (unique per test run). */
export function nextTs(): string {
  tsSequence++;
  return `${Math.floor(Date.now() / 1000)}.${String(tsSequence).padStart(6, '0')}`;
}

/** An Events API `event_callback` envelope around `event`. */
export function eventEnvelope(event: Record<string, unknown>, eventId = `Ev${++eventSequence}${Date.now()}`): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: 'T1', user_id: botUserId, is_bot: true, is_enterprise_install: false }],
    event,
  };
}

export function postEvent(baseUrl: string, envelope: Record<string, unknown>, options: SendOptions = {}): Promise<Response> {
  return postToSlackEndpoint(baseUrl, JSON.stringify(envelope), 'application/json', options);
}

/** A customer's DM to the app. */
export function dmEvent(user: string, channel: string, text: string, ts = nextTs()): Record<string, unknown> {
  return { type: 'message', channel, channel_type: 'im', user, text, ts, event_ts: ts };
}

/** A staff member's reply in an escalation's thread in the staff channel. */
export function staffReplyEvent(user: string, threadTs: string, text: string, ts = nextTs()): Record<string, unknown> {
  return { type: 'message', channel: staffChannel, channel_type: 'channel', user, text, ts, thread_ts: threadTs, event_ts: ts };
}

/** A button click on a message in the staff channel (interactivity payload). */
export function postButtonClick(baseUrl: string, click: { actionId: string; value: string; user: string; messageTs: string; channel?: string }): Promise<Response> {
  const payload = {
    type: 'block_actions',
    team: { id: 'T1', domain: 'demo' },
    user: { id: click.user, username: click.user.toLowerCase(), name: click.user.toLowerCase(), team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: click.messageTs, channel_id: click.channel ?? staffChannel, is_ephemeral: false },
    trigger_id: '123.456.abc',
    channel: { id: click.channel ?? staffChannel, name: 'staff' },
    message: { type: 'message', ts: click.messageTs, text: 'escalation' },
    response_url: 'https://hooks.slack.invalid/actions/T1/1/x',
    actions: [
      {
        type: 'button',
        action_id: click.actionId,
        block_id: `handoff:${click.value}`,
        value: click.value,
        text: { type: 'plain_text', text: 'x' },
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
  return postToSlackEndpoint(baseUrl, `payload=${encodeURIComponent(JSON.stringify(payload))}`, 'application/x-www-form-urlencoded');
}

/** A slash command as Slack posts it (form-encoded, signed). */
export function postSlashCommand(baseUrl: string, command: { text?: string; user: string; channel: string }): Promise<Response> {
  const form = new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T1',
    team_domain: 'demoshop',
    channel_id: command.channel,
    channel_name: 'staff',
    user_id: command.user,
    user_name: command.user.toLowerCase(),
    command: '/aftercare',
    text: command.text ?? '',
    api_app_id: 'A1',
    response_url: 'https://hooks.slack.invalid/commands/T1/1/x',
    trigger_id: '1.2.3',
  });
  return postToSlackEndpoint(baseUrl, form.toString(), 'application/x-www-form-urlencoded');
}
