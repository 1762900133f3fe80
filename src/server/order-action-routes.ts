import express, { Router, type Response } from 'express';
import { z } from 'zod';
import type { ApprovalResult, StaffApproval } from '../commerce/staff-approval.js';
import type { Runtime } from '../runtime.js';
import { adminAuth } from './admin-auth.js';

const staffSchema = z.object({ staffId: z.string().min(1).max(200).default('admin'), staffName: z.string().min(1).max(200).default('Admin') });

function answer(res: Response, result: ApprovalResult): void {
  if (result.kind === 'not_pending') {
    res.status(result.action ? 409 : 404).json({ error: result.action ? 'not_awaiting_approval' : 'not_found', status: result.action?.status ?? null });
    return;
  }
  res.json(result);
}

/**
 * `/admin/api/order-actions`: actions the bot prepared for staff (large refunds, escalated or
 * angry customers), and the one-click approve or decline, behind the admin bearer token.
 */
export function orderActionRouter(runtime: Runtime, approval: StaffApproval | null): Router {
  const router = Router();
  router.use('/admin/api/order-actions', ...adminAuth(runtime.config.ADMIN_TOKEN, runtime.logger));
  router.use('/admin/api/order-actions', (_req, res, next) => {
    if (!approval) res.status(404).json({ error: 'no_shop_connector', message: 'SHOP_CONNECTOR is none' });
    else next();
  });
  router.get('/admin/api/order-actions', async (_req, res) => {
    res.json({ actions: await approval!.pending() });
  });
  for (const verb of ['approve', 'decline'] as const) {
    router.post(`/admin/api/order-actions/:id/${verb}`, express.json({ limit: '4kb' }), async (req, res) => {
      const staff = staffSchema.safeParse(req.body ?? {});
      if (!staff.success) {
        res.status(400).json({ error: 'invalid_body', message: staff.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
        return;
      }
      const member = { id: staff.data.staffId, name: staff.data.staffName };
      answer(res, verb === 'approve' ? await approval!.approve(String(req.params.id), member) : await approval!.decline(String(req.params.id), member));
    });
  }
  return router;
}
