import { createHash } from 'node:crypto';
import type { Conversation } from '../domain/types.js';
import type { Logger } from '../logger.js';
import type { CustomerRecord, CustomerRef, StaffMember, Store } from '../store/types.js';

/** The conversations of one customer, as every data source sees them. */
export interface CustomerScope {
  customer: CustomerRef;
  conversations: readonly Conversation[];
}

/**
 * Somewhere else customer data lives (a list of unanswered questions, a cache): it joins
 * exports and erasures by registering here, so nothing about a customer is forgotten in one
 * place and kept in another.
 */
export interface CustomerDataSource {
  /** The key its part has in an export. */
  readonly name: string;
  export(scope: CustomerScope): Promise<unknown>;
  /** Removes everything it holds about the customer or those conversations; returns how many items went. */
  erase(scope: CustomerScope): Promise<number>;
}

export interface CustomerExport extends CustomerRecord {
  exportedAt: Date;
  /** What each registered source holds. */
  other: Record<string, unknown>;
}

/** How audit entries name a customer without keeping who they are after an erasure. */
export const customerFingerprint = (customer: CustomerRef) =>
  `customer:${customer.channel}:${createHash('sha256').update(`${customer.channel}\0${customer.userId}`).digest('hex').slice(0, 16)}`;

/** Export and erasure of one customer's data, and the retention sweep over everyone's. */
export class CustomerData {
  private readonly sources: CustomerDataSource[] = [];

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  register(source: CustomerDataSource): void {
    if (this.sources.some((s) => s.name === source.name)) throw new Error(`a customer data source named "${source.name}" is registered already`);
    this.sources.push(source);
  }

  private async scope(customer: CustomerRef): Promise<CustomerScope> {
    return { customer, conversations: await this.store.customerData.conversationsOf(customer) };
  }

  async export(customer: CustomerRef, actor: StaffMember): Promise<CustomerExport> {
    const record = await this.store.customerData.export(customer);
    const scope = await this.scope(customer);
    const other: Record<string, unknown> = {};
    for (const source of this.sources) other[source.name] = await source.export(scope);
    await this.store.audit.record({ actor, action: 'exported', target: customerFingerprint(customer), detail: { conversations: record.conversations.length } });
    return { ...record, exportedAt: new Date(), other };
  }

  /** Deletes everything about the customer; the audit entry names them only by a one-way fingerprint. */
  async erase(customer: CustomerRef, actor: StaffMember): Promise<{ conversations: number; rows: number }> {
    const scope = await this.scope(customer);
    let rows = 0;
    for (const source of this.sources) rows += await source.erase(scope);
    rows += await this.store.customerData.deleteConversations(scope.conversations.map((c) => c.id));
    await this.store.audit.record({ actor, action: 'erased', target: customerFingerprint(customer), detail: { conversations: scope.conversations.length, rows } });
    this.logger.info({ conversations: scope.conversations.length, rows }, 'customer data erased');
    return { conversations: scope.conversations.length, rows };
  }

  /**
   * One pass of the retention sweep: conversations with no activity since `now - days` are
   * anonymised or deleted (never one with staff working on it). Runs in batches until done.
   */
  async sweep(options: { days: number; mode: 'anonymise' | 'delete'; now?: Date; batch?: number }): Promise<number> {
    if (options.days <= 0) return 0;
    const before = new Date((options.now ?? new Date()).getTime() - options.days * 86_400_000);
    let done = 0;
    for (;;) {
      const expired = await this.store.customerData.listInactive(before, options.batch ?? 200);
      if (expired.length === 0) break;
      for (const conversation of expired) {
        const scope: CustomerScope = { customer: { channel: conversation.channel, userId: conversation.userId }, conversations: [conversation] };
        for (const source of this.sources) await source.erase(scope);
      }
      const ids = expired.map((c) => c.id);
      if (options.mode === 'delete') await this.store.customerData.deleteConversations(ids);
      else await this.store.customerData.anonymiseConversations(ids);
      done += expired.length;
    }
    if (done > 0) {
      await this.store.audit.record({
        actor: { id: 'retention', name: 'Retention sweep' },
        action: options.mode === 'delete' ? 'retention_deleted' : 'retention_anonymised',
        detail: { conversations: done, days: options.days },
      });
      this.logger.info({ conversations: done, mode: options.mode, days: options.days }, 'retention sweep');
    }
    return done;
  }
}
