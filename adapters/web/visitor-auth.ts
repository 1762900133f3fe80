import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { WidgetTokenError, type VisitorClaims, type WidgetTokens } from './widget-token.js';

export interface VisitorLocals {
  visitor?: VisitorClaims;
  tokenProblem?: string;
}

export const visitorOf = (res: Response): VisitorClaims => (res.locals as VisitorLocals).visitor!;

/**
 * Reads `Authorization: Bearer <widget token>` into `res.locals.visitor` without refusing
 * anything yet, so that rate limits can count a visitor by conversation (or, without a valid
 * token, by address) before `requireVisitor` turns the bad ones away.
 */
export function readVisitor(tokens: Promise<WidgetTokens>): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const locals = res.locals as VisitorLocals;
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (!match) {
      locals.tokenProblem = 'missing';
      next();
      return;
    }
    try {
      locals.visitor = (await tokens).verify(match[1]);
    } catch (error) {
      if (!(error instanceof WidgetTokenError)) {
        next(error);
        return;
      }
      locals.tokenProblem = error.problem;
    }
    next();
  };
}

export const requireVisitor: RequestHandler = (_req, res, next) => {
  const locals = res.locals as VisitorLocals;
  if (locals.visitor) {
    next();
    return;
  }
  res
    .status(401)
    .set('WWW-Authenticate', 'Bearer realm="aftercare-widget"')
    .json({ error: 'invalid_token', problem: locals.tokenProblem ?? 'missing' });
};
