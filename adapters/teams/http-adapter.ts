import type { Activity, ConfigurationBotFrameworkAuthentication, TurnContext } from 'botbuilder';
import { CloudAdapter } from 'botbuilder';
import type { Request, Response } from 'express';
import type { Logger } from '../../src/logger.js';
import { activitySchema } from './activity-schema.js';

/**
 * Why a request could not be authenticated: the SDK throws its AuthenticationError (with the
 * HTTP status it stands for), jsonwebtoken's errors for a bad signature or expiry, and
 * node-fetch's when the signing keys cannot be loaded — which is our outage, not the caller's.
 */
function authenticationFailure(error: unknown): { status: 401 | 503; reason: string } {
  const { name, message, statusCode } = error as { name?: string; message?: string; statusCode?: number };
  if (name === 'FetchError' || (statusCode !== undefined && statusCode >= 500)) return { status: 503, reason: String(message) };
  return { status: 401, reason: String(message ?? error) };
}

function hostOf(url: unknown): string | undefined {
  try {
    return new URL(String(url)).host;
  } catch {
    return undefined;
  }
}

/**
 * The SDK's CloudAdapter with the project's HTTP edges: a malformed activity gets 400 and a
 * log line (the stock `process` answers 500 for some and prints to the console), a request
 * the Bot Framework did not sign gets 401 with the reason logged (503 when the signing keys
 * cannot be fetched), and a turn that throws is logged through pino. Authentication, outbound signing and invoke responses stay the SDK's.
 */
export class TeamsHttpAdapter extends CloudAdapter {
  constructor(
    auth: ConfigurationBotFrameworkAuthentication,
    private readonly logger: Logger,
  ) {
    super(auth);
  }

  async handle(req: Request, res: Response, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const parsed = activitySchema.safeParse(req.body);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => issue.path.join('.') || 'body');
      this.logger.warn({ fields }, 'teams request refused: not a Bot Framework activity');
      res.status(400).json({ error: 'invalid_activity', fields });
      return;
    }
    const activity = withDates(parsed.data);
    let authenticated: Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;
    try {
      authenticated = await this.botFrameworkAuthentication.authenticateRequest(activity, req.get('authorization') ?? '');
    } catch (error) {
      const failure = authenticationFailure(error);
      const context = { reason: failure.reason, type: activity.type, serviceHost: hostOf(activity.serviceUrl) };
      if (failure.status === 503) {
        this.logger.error(context, 'teams request could not be verified: the Bot Framework signing keys are unreachable');
        res.status(503).json({ error: 'authentication_unavailable' });
      } else {
        // The SDK's reasons ("Invalid AppId passed on token", "ServiceUrl claim do not match"…) name no secret.
        this.logger.warn(context, 'teams request refused: no valid Bot Framework token');
        res.status(401).json({ error: 'unauthorized' });
      }
      return;
    }
    try {
      const invokeResponse = await this.processActivity(authenticated, activity, logic);
      res.status(invokeResponse?.status ?? 200);
      if (invokeResponse?.body !== undefined) res.json(invokeResponse.body);
      else res.end();
    } catch (error) {
      this.logger.error({ err: error, type: activity.type }, 'teams activity failed');
      if (!res.headersSent) res.status(500).json({ error: 'internal_error' });
    }
  }
}

/** The SDK expects Date objects where the wire has ISO strings (what its `validateAndFixActivity` does). */
function withDates(raw: Record<string, unknown>): Activity {
  const activity = { ...raw } as Record<string, unknown>;
  for (const field of ['timestamp', 'localTimestamp', 'expiration'] as const) {
    const value = activity[field];
    if (typeof value === 'string') {
      activity[`raw${field[0]!.toUpperCase()}${field.slice(1)}`] = value;
      activity[field] = new Date(value);
    }
  }
  return activity as unknown as Activity;
}
